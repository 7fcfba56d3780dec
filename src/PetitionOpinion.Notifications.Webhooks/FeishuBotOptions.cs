using System.Globalization;

namespace PetitionOpinion.Notifications.Webhooks;

/// <summary>
/// A Feishu/Lark (飞书) custom bot (自定义机器人) as a notification channel: <see cref="FeishuBotChannel"/>. Bound from
/// configuration or set in code; <see cref="Validate"/> lists every problem at once.
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
public sealed class FeishuBotOptions : IWebhookOptions
{
    /// <summary>Gets or sets the channel's name, unique among the notification channels (it appears in logs). Default: <c>feishu</c>.</summary>
    public string Name { get; set; } = "feishu";

    /// <summary>
    /// Gets or sets the bot's webhook address as Feishu or Lark gives it: <c>https://open.feishu.cn/open-apis/bot/v2/hook/…</c>
    /// (Lark: <c>https://open.larksuite.com/open-apis/bot/v2/hook/…</c>). Required. Never logged or shown.
    /// </summary>
    public string? Url { get; set; }

    /// <summary>
    /// Gets or sets the bot's signing secret (签名校验): every request body then carries <c>timestamp</c> and
    /// <c>sign</c>. Default: <see langword="null"/> (the bot is secured by a keyword or an IP list instead; see
    /// <see cref="Prefix"/>). Never logged or shown.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>
    /// Gets or sets the people the chat stands for — everyone who reads it, by person id: the channel posts the
    /// notifications addressed to any of them, once. Required (at least one). Default: <see langword="null"/>.
    /// </summary>
    public List<string>? Recipients { get; set; }

    /// <summary>Gets or sets the message posted. Default: <see cref="FeishuMessageKind.Text"/>.</summary>
    public FeishuMessageKind MessageKind { get; set; } = FeishuMessageKind.Text;

    /// <summary>
    /// Gets or sets one line put before every message: the custom keyword (自定义关键词) when that is the bot's security
    /// setting, or a tag. Default: <see langword="null"/> (none).
    /// </summary>
    public string? Prefix { get; set; }

    /// <summary>
    /// Gets or sets how long one request may take before the attempt fails (and the outbox retries it). Default: 10
    /// seconds. More than zero, at most five minutes; keep it below the dispatcher's <c>DeliveryTimeout</c> (30 s by default).
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Lists every problem of these options.</summary>
    /// <param name="path">The configuration path of these options, prefixed to every problem (e.g. <c>Webhooks:Feishu</c>); may be empty.</param>
    /// <returns>One error per problem, code <c>webhooks.invalid</c>, path <c>{path}:{Property}</c>, message <c>must …</c>; empty when the options are valid. The URL and the secret are never quoted.</returns>
    public IReadOnlyList<DomainError> Validate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var checks = new OptionChecks(path);
        checks.Name(Name);
        checks.Url(Url, "https://open.feishu.cn/open-apis/bot/v2/hook/…");
        checks.Secret(Secret, required: false, minimumLength: 1);
        checks.Recipients(Recipients, required: true);
        checks.Defined(nameof(MessageKind), MessageKind);
        checks.Prefix(Prefix);
        checks.Timeout(Timeout);
        return checks.Problems;
    }

    /// <summary>Describes the options without the hook's token and the secret: the URL shows only its scheme and host.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"FeishuBotOptions {{ Name = {Name}, Url = {OptionChecks.Mask(Url)}, Secret = {(Secret is null ? "none" : "***")}, Recipients = {Recipients?.Count ?? 0}, MessageKind = {MessageKind}, Timeout = {Timeout:c} }}");
}
