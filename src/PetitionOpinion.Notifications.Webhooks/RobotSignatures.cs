using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PetitionOpinion.Notifications.Webhooks;

/// <summary>The chat platforms' signing rules, as their documentation gives them.</summary>
internal static class RobotSignatures
{
    /// <summary>
    /// DingTalk (自定义机器人安全设置, 加签, https://open.dingtalk.com/document/orgapp/customize-robot-security-settings):
    /// the string to sign is <c>timestamp + "\n" + secret</c> with the timestamp in milliseconds; it is signed with
    /// HmacSHA256 keyed with the secret, Base64-encoded, then URL-encoded (UTF-8) for the query.
    /// </summary>
    /// <returns>The <c>sign</c> parameter, URL-encoded.</returns>
    public static string DingTalk(string secret, long timestampMilliseconds)
    {
        var stringToSign = timestampMilliseconds.ToString(CultureInfo.InvariantCulture) + "\n" + secret;
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(stringToSign));
        return Uri.EscapeDataString(Convert.ToBase64String(mac));
    }

    /// <summary>
    /// Feishu/Lark (自定义机器人使用指南, 签名校验, https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot):
    /// <c>timestamp + "\n" + secret</c> with the timestamp in seconds is the HmacSHA256 KEY, and the message signed is
    /// empty; the result is Base64-encoded and sent in the body (not URL-encoded).
    /// </summary>
    /// <returns>The <c>sign</c> field.</returns>
    public static string Feishu(string secret, long timestampSeconds)
    {
        var key = timestampSeconds.ToString(CultureInfo.InvariantCulture) + "\n" + secret;
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Array.Empty<byte>()));
    }
}
