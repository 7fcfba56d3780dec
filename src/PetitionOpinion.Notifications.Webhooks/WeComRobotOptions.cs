using System.Globalization;

namespace PetitionOpinion.Notifications.Webhooks;

/// <summary>
/// A WeCom (企业微信) group robot (群机器人) as a notification channel: <see cref="WeComRobotChannel"/>. Bound from
/// configuration or set in code; <see cref="Validate"/> lists every problem at once.
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
public sealed class WeComRobotOptions : IWebhookOptions
{
    /// <summary>Gets or sets the channel's name, unique among the notification channels (it appears in logs). Default: <c>wecom</c>.</summary>
    public string Name { get; set; } = "wecom";

    /// <summary>
    /// Gets or sets the robot's webhook address as WeCom gives it, with its <c>key</c>:
    /// <c>https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…</c>. Required. The key lets anyone post to the chat: keep
    /// it out of source control (a secret store, an environment variable); it is never logged or shown.
    /// </summary>
    public string? Url { get; set; }

    /// <summary>
    /// Gets or sets the people the chat stands for — everyone who reads it, by person id: the channel posts the
    /// notifications addressed to any of them, once. Required (at least one). Default: <see langword="null"/>.
    /// </summary>
    public List<string>? Recipients { get; set; }

    /// <summary>Gets or sets the message posted. Default: <see cref="WeComMessageKind.Text"/>.</summary>
    public WeComMessageKind MessageKind { get; set; } = WeComMessageKind.Text;

    /// <summary>Gets or sets one line put before every message, e.g. a tag such as <c>[信访舆情]</c>. Default: <see langword="null"/> (none).</summary>
    public string? Prefix { get; set; }

    /// <summary>
    /// Gets or sets how long one request may take before the attempt fails (and the outbox retries it). Default: 10
    /// seconds. More than zero, at most five minutes; keep it below the dispatcher's <c>DeliveryTimeout</c> (30 s by default).
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Lists every problem of these options.</summary>
    /// <param name="path">The configuration path of these options, prefixed to every problem (e.g. <c>Webhooks:WeCom</c>); may be empty.</param>
    /// <returns>One error per problem, code <c>webhooks.invalid</c>, path <c>{path}:{Property}</c>, message <c>must …</c>; empty when the options are valid. The URL is never quoted.</returns>
    public IReadOnlyList<DomainError> Validate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var checks = new OptionChecks(path);
        checks.Name(Name);
        checks.Url(Url, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…");
        checks.Recipients(Recipients, required: true);
        checks.Defined(nameof(MessageKind), MessageKind);
        checks.Prefix(Prefix);
        checks.Timeout(Timeout);
        return checks.Problems;
    }

    /// <summary>Describes the options without the key: the URL shows only its scheme and host.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"WeComRobotOptions {{ Name = {Name}, Url = {OptionChecks.Mask(Url)}, Recipients = {Recipients?.Count ?? 0}, MessageKind = {MessageKind}, Timeout = {Timeout:c} }}");
}
