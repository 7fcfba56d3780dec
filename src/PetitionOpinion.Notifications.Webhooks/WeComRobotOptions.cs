namespace PetitionOpinion.Notifications.Webhooks;

/// <summary>
/// A WeCom (企业微信) group robot (群机器人) as a notification channel: <see cref="WeComRobotChannel"/>. Bound from
/// configuration or set in code; <see cref="ChatRobotOptions.Validate"/> lists every problem at once. The
/// <see cref="ChatRobotOptions.Url"/> is the robot's webhook address as WeCom gives it, with its <c>key</c>:
/// <c>https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…</c>. WeCom's robots do not sign: the key is the only
/// credential, and there is no <c>Secret</c>.
/// </summary>
/// <example>
/// <code language="json">
/// "WeCom": {
///   "Name": "wecom-leading-group",
///   "Url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
///   "Recipients": [ "gm", "marketing-manager", "cs-manager" ],
///   "MessageKind": "Markdown",
///   "Timeout": "00:00:10"
/// }
/// </code>
/// </example>
public sealed class WeComRobotOptions : ChatRobotOptions
{
    /// <summary>Initializes a new instance of the <see cref="WeComRobotOptions"/> class, named <c>wecom</c>.</summary>
    public WeComRobotOptions()
        : base("wecom")
    {
    }

    /// <summary>Gets or sets the message posted. Default: <see cref="WeComMessageKind.Text"/>.</summary>
    public WeComMessageKind MessageKind { get; set; } = WeComMessageKind.Text;

    /// <inheritdoc/>
    private protected override string UrlExample => "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…";

    /// <inheritdoc/>
    private protected override Enum MessageKindValue() => MessageKind;
}
