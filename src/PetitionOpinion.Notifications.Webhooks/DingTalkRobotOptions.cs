namespace PetitionOpinion.Notifications.Webhooks;

/// <summary>
/// A DingTalk (钉钉) custom robot (自定义机器人) as a notification channel: <see cref="DingTalkRobotChannel"/>. Bound
/// from configuration or set in code; <see cref="ChatRobotOptions.Validate"/> lists every problem at once. The
/// <see cref="ChatRobotOptions.Url"/> is the robot's webhook address as DingTalk gives it, with its
/// <c>access_token</c>: <c>https://oapi.dingtalk.com/robot/send?access_token=…</c>.
/// </summary>
/// <example>
/// <code language="json">
/// "DingTalk": {
///   "Name": "dingtalk-petition-group",
///   "Url": "https://oapi.dingtalk.com/robot/send?access_token=…",
///   "Secret": "SEC…",
///   "Recipients": [ "cs-manager", "petition-deputy", "cs-rep", "legal-specialist" ],
///   "MessageKind": "Markdown"
/// }
/// </code>
/// </example>
public sealed class DingTalkRobotOptions : ChatRobotOptions
{
    /// <summary>Initializes a new instance of the <see cref="DingTalkRobotOptions"/> class, named <c>dingtalk</c>.</summary>
    public DingTalkRobotOptions()
        : base("dingtalk")
    {
    }

    /// <summary>
    /// Gets or sets the robot's signing secret (加签, the <c>SEC…</c> text of its security settings): every request then
    /// carries <c>timestamp</c> and <c>sign</c> in its query. Default: <see langword="null"/> (the robot is secured by a
    /// keyword or an IP list instead; see <see cref="ChatRobotOptions.Prefix"/>). Never logged or shown.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>Gets or sets the message posted. Default: <see cref="DingTalkMessageKind.Text"/>.</summary>
    public DingTalkMessageKind MessageKind { get; set; } = DingTalkMessageKind.Text;

    /// <inheritdoc/>
    private protected override string UrlExample => "https://oapi.dingtalk.com/robot/send?access_token=…";

    /// <inheritdoc/>
    private protected override Enum MessageKindValue() => MessageKind;

    /// <inheritdoc/>
    private protected override bool CanSign => true;

    /// <inheritdoc/>
    private protected override string? SigningSecret => Secret;
}
