using System.Globalization;

namespace PetitionOpinion.Notifications.Webhooks;

/// <summary>
/// What the options of the three chat robots share — <see cref="WeComRobotOptions"/>, <see cref="DingTalkRobotOptions"/>
/// and <see cref="FeishuBotOptions"/>: the channel's name, the robot's webhook address, the people the chat stands for,
/// a prefix and a time-out, all checked the same way by <see cref="Validate"/>. Each robot's options add its message
/// kind, its default name and the form of its address, and, for the robots that sign (DingTalk, Feishu), its
/// <c>Secret</c>. Only this package's robots derive from it.
/// </summary>
public abstract class ChatRobotOptions : IWebhookOptions
{
    /// <summary>Initializes a new instance of the <see cref="ChatRobotOptions"/> class.</summary>
    /// <param name="name">The robot's default channel name.</param>
    private protected ChatRobotOptions(string name)
    {
        Name = name;
    }

    /// <summary>
    /// Gets or sets the channel's name, unique among the notification channels (it appears in logs). Default: the
    /// robot's — <c>wecom</c>, <c>dingtalk</c> or <c>feishu</c>.
    /// </summary>
    public string Name { get; set; }

    /// <summary>
    /// Gets or sets the robot's webhook address as its platform gives it, with the key or access token that lets anyone
    /// post to the chat (each robot's options show its form). Required. Keep it out of source control (a secret store,
    /// an environment variable); it is never logged or shown beyond its host.
    /// </summary>
    public string? Url { get; set; }

    /// <summary>
    /// Gets or sets the people the chat stands for — everyone who reads it, by person id: the channel posts the
    /// notifications addressed to any of them, once. Required (at least one). Default: <see langword="null"/>.
    /// </summary>
    public List<string>? Recipients { get; set; }

    /// <summary>
    /// Gets or sets one line put before every message: the custom keyword (自定义关键词) when that is the robot's
    /// security setting (DingTalk, Feishu), or a tag such as <c>[信访舆情]</c>. Default: <see langword="null"/> (none).
    /// </summary>
    public string? Prefix { get; set; }

    /// <summary>
    /// Gets or sets how long one request may take before the attempt fails (and the outbox retries it). Default: 10
    /// seconds. More than zero, at most five minutes; keep it below the dispatcher's <c>DeliveryTimeout</c> (30 s by default).
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets an example of the robot's webhook address, quoted when <see cref="Url"/> is missing.</summary>
    private protected abstract string UrlExample { get; }

    /// <summary>Returns the robot's <c>MessageKind</c>, a value of its own enumeration (a method: the configuration binder leaves it alone).</summary>
    private protected abstract Enum MessageKindValue();

    /// <summary>Gets a value indicating whether the robot can sign its requests with a <see cref="SigningSecret"/> (WeCom's cannot).</summary>
    private protected virtual bool CanSign => false;

    /// <summary>Gets the robot's <c>Secret</c>, for the robots that sign: optional, never quoted.</summary>
    private protected virtual string? SigningSecret => null;

    /// <summary>Lists every problem of these options.</summary>
    /// <param name="path">The configuration path of these options, prefixed to every problem (e.g. <c>Webhooks:WeCom</c>); may be empty.</param>
    /// <returns>One error per problem, code <c>webhooks.invalid</c>, path <c>{path}:{Property}</c>, message <c>must …</c>; empty when the options are valid. The URL and the secret are never quoted.</returns>
    public IReadOnlyList<DomainError> Validate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var checks = new OptionChecks(path);
        checks.Name(Name);
        checks.Url(Url, UrlExample);
        if (CanSign)
        {
            checks.Secret(SigningSecret, required: false, minimumLength: 1);
        }

        checks.Recipients(Recipients, required: true);
        checks.Defined("MessageKind", MessageKindValue());
        checks.Prefix(Prefix);
        checks.Timeout(Timeout);
        return checks.Problems;
    }

    /// <summary>Describes the options without the URL's key or token and without the secret: the URL shows only its scheme and host.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString()
    {
        var secret = !CanSign ? string.Empty : SigningSecret is null ? "Secret = none, " : "Secret = ***, ";
        return string.Create(CultureInfo.InvariantCulture, $"{GetType().Name} {{ Name = {Name}, Url = {OptionChecks.Mask(Url)}, {secret}Recipients = {Recipients?.Count ?? 0}, MessageKind = {MessageKindValue()}, Timeout = {Timeout:c} }}");
    }
}
