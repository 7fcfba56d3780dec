namespace PetitionOpinion.Notifications.Webhooks;

/// <summary>
/// A Feishu/Lark (飞书) custom bot (自定义机器人) as a notification channel: <see cref="FeishuBotChannel"/>. Bound from
/// configuration or set in code; <see cref="ChatRobotOptions.Validate"/> lists every problem at once. The
/// <see cref="ChatRobotOptions.Url"/> is the bot's webhook address as Feishu or Lark gives it:
/// <c>https://open.feishu.cn/open-apis/bot/v2/hook/…</c> (Lark: <c>https://open.larksuite.com/open-apis/bot/v2/hook/…</c>).
/// </summary>
/// <example>
/// <code language="json">
/// "Feishu": {
///   "Name": "feishu-opinion-group",
///   "Url": "https://open.feishu.cn/open-apis/bot/v2/hook/…",
///   "Secret": "…",
///   "Recipients": [ "pr-manager", "opinion-deputy", "analyst", "social-media" ],
///   "MessageKind": "Post"
/// }
/// </code>
/// </example>
public sealed class FeishuBotOptions : ChatRobotOptions
{
    /// <summary>Initializes a new instance of the <see cref="FeishuBotOptions"/> class, named <c>feishu</c>.</summary>
    public FeishuBotOptions()
        : base("feishu")
    {
    }

    /// <summary>
    /// Gets or sets the bot's signing secret (签名校验): every request body then carries <c>timestamp</c> and
    /// <c>sign</c>. Default: <see langword="null"/> (the bot is secured by a keyword or an IP list instead; see
    /// <see cref="ChatRobotOptions.Prefix"/>). Never logged or shown.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>Gets or sets the message posted. Default: <see cref="FeishuMessageKind.Text"/>.</summary>
    public FeishuMessageKind MessageKind { get; set; } = FeishuMessageKind.Text;

    /// <inheritdoc/>
    private protected override string UrlExample => "https://open.feishu.cn/open-apis/bot/v2/hook/…";

    /// <inheritdoc/>
    private protected override Enum MessageKindValue() => MessageKind;

    /// <inheritdoc/>
    private protected override bool CanSign => true;

    /// <inheritdoc/>
    private protected override string? SigningSecret => Secret;
}
