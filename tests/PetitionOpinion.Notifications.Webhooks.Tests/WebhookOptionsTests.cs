
namespace PetitionOpinion.Notifications.Webhooks.Tests;

/// <summary>The options classes: every problem listed at once with its path, defaults valid once the required values are set, secrets never shown.</summary>
public sealed class WebhookOptionsTests
{
    private const string Key = "wecom-key-0000";
    private const string Secret = "SECRET-never-shown-0000";

    [Fact]
    public void Validate_Defaults_ListUrlAndRecipientsAsMissing()
    {
        Assert.Equal(
            [
                "[webhooks.invalid] Webhooks:WeCom:Url: must be the webhook's address, e.g. https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… (was null).",
                "[webhooks.invalid] Webhooks:WeCom:Recipients: must name at least one person: everyone who reads what the channel posts, whose notifications it posts (was null).",
            ],
            new WeComRobotOptions().Validate("Webhooks:WeCom").Lines());
    }

    [Fact]
    public void Validate_EveryProblem_IsListedWithItsPathAndNeverQuotesUrlOrSecret()
    {
        var options = new DingTalkRobotOptions
        {
            Name = string.Empty,
            Url = $"http://example.com/robot/send?access_token={Key}",
            Secret = " " + Secret,
            Recipients = ["gm", "Wang Fang"],
            MessageKind = (DingTalkMessageKind)7,
            Prefix = "two\nlines",
            Timeout = TimeSpan.FromMinutes(6),
        };

        var problems = options.Validate("Webhooks:DingTalk").Lines();

        Assert.Equal(
            ["Name", "Url", "Secret", "Recipients:1", "MessageKind", "Prefix", "Timeout"],
            problems.Select(p => p["[webhooks.invalid] Webhooks:DingTalk:".Length..p.IndexOf(": must", StringComparison.Ordinal)]));
        Assert.All(problems, p =>
        {
            Assert.DoesNotContain(Key, p, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, p, StringComparison.Ordinal);
        });
        Assert.Contains("use https", problems[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("https://open.feishu.cn/open-apis/bot/v2/hook/abc")]
    public void Validate_HttpsOrLoopbackHttp_IsAccepted(string url)
        => Assert.Empty(new FeishuBotOptions { Url = url, Recipients = ["gm"] }.Validate(string.Empty));

    [Theory]
    [InlineData("open.feishu.cn/open-apis/bot/v2/hook/abc")]
    [InlineData("ftp://open.feishu.cn/hook")]
    [InlineData("https://user:pass@open.feishu.cn/hook")]
    [InlineData("https://open.feishu.cn/hook#fragment")]
    [InlineData("http://open.feishu.cn/hook")]
    public void Validate_OtherUrls_AreRefused(string url)
        => Assert.Single(new FeishuBotOptions { Url = url, Recipients = ["gm"] }.Validate(string.Empty).Lines(), p => p.StartsWith("[webhooks.invalid] Url:", StringComparison.Ordinal));

    [Fact]
    public void Validate_SignedWebhook_NeedsASecretOfSixteenCharactersAndRecipientsForAGroup()
    {
        var problems = new SignedWebhookOptions { Url = "https://receiver.example.com/hook", Secret = "short" }.Validate("Ops").Lines();

        Assert.Equal(["Ops:Secret", "Ops:Recipients"], problems.Select(p => p["[webhooks.invalid] ".Length..p.IndexOf(": must", StringComparison.Ordinal)]));
        Assert.DoesNotContain("short", problems[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("whsec_not*base64*at*all*")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8I")]
    public void Validate_SignedWebhookStandardSecretNotBase64OrShort_IsRefusedWithoutQuotingIt(string secret)
    {
        var problem = Assert.Single(new SignedWebhookOptions { Url = "https://receiver.example.com/hook", Secret = secret, Recipients = ["gm"] }.Validate("Ops").Lines());

        Assert.StartsWith("[webhooks.invalid] Ops:Secret: must be 'whsec_'", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SignedWebhookStandardSecret_IsAccepted()
        => Assert.Empty(new SignedWebhookOptions { Url = "https://receiver.example.com/hook", Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Recipients = ["gm"] }.Validate("Ops").Lines());

    [Fact]
    public void Validate_SignedWebhookForRecipients_NeedsNoRecipients()
        => Assert.Empty(new SignedWebhookOptions { Url = "https://receiver.example.com/hook", Secret = "0123456789abcdef", Audience = SignedWebhookAudience.Recipient }.Validate("Ops").Lines());

    [Fact]
    public void ToString_Options_ShowHostButNeitherKeyNorSecret()
    {
        var texts = new object[]
        {
            new WeComRobotOptions { Url = $"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={Key}", Recipients = ["gm"] },
            new DingTalkRobotOptions { Url = $"https://oapi.dingtalk.com/robot/send?access_token={Key}", Secret = Secret },
            new FeishuBotOptions { Url = $"https://open.feishu.cn/open-apis/bot/v2/hook/{Key}", Secret = Secret },
            new SignedWebhookOptions { Url = $"https://receiver.example.com/{Key}", Secret = Secret },
        }.Select(o => o.ToString()!).ToList();

        Assert.All(texts, t =>
        {
            Assert.DoesNotContain(Key, t, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, t, StringComparison.Ordinal);
        });
        Assert.Contains("Url = https://qyapi.weixin.qq.com/…", texts[0], StringComparison.Ordinal);
        Assert.Contains("Secret = ***", texts[1], StringComparison.Ordinal);
    }
}
