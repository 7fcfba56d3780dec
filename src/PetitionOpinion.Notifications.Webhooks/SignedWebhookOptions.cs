using System.Globalization;

namespace PetitionOpinion.Notifications.Webhooks;

/// <summary>
/// A generic JSON webhook signed with HMAC-SHA256 as a notification channel: <see cref="SignedWebhookChannel"/> (the
/// format is described there). Bound from configuration or set in code; <see cref="Validate"/> lists every problem at once.
/// </summary>
/// <example>
/// <code language="json">
/// "Webhook": {
///   "Name": "ops-board",
///   "Url": "https://ops.example.com/hooks/petition-opinion",
///   "Secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
///   "Audience": "Group",
///   "Recipients": [ "gm", "cs-manager" ]
/// }
/// </code>
/// </example>
public sealed class SignedWebhookOptions : IWebhookOptions
{
    /// <summary>The shortest <see cref="Secret"/>: 16 characters.</summary>
    public const int MinSecretLength = 16;

    /// <summary>The shortest key of a <see cref="Secret"/> in the Standard Webhooks form (<c>whsec_</c> + Base64): 24 bytes, the specification's minimum.</summary>
    public const int MinStandardKeyBytes = 24;

    /// <summary>Gets or sets the channel's name, unique among the notification channels (it appears in logs). Default: <c>webhook</c>.</summary>
    public string Name { get; set; } = "webhook";

    /// <summary>Gets or sets the receiver's address. Required; https (plain http only for a loopback address). Never logged or shown beyond its host.</summary>
    public string? Url { get; set; }

    /// <summary>
    /// Gets or sets the secret shared with the receiver, the key of the HMAC-SHA256 signature (see
    /// <see cref="SignedWebhook"/>): in the Standard Webhooks form, <c>whsec_</c> + the Base64 of at least
    /// <see cref="MinStandardKeyBytes"/> random bytes (the key is those bytes), or a plain text (the key is its UTF-8 bytes;
    /// a Standard Webhooks verifier takes it as <see cref="SignedWebhook.ToStandardSecret"/> gives it). Required, at least
    /// <see cref="MinSecretLength"/> characters. Never logged or shown.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>Gets or sets who reads the receiver's messages, which decides what is posted. Default: <see cref="SignedWebhookAudience.Group"/> (the safe one).</summary>
    public SignedWebhookAudience Audience { get; set; } = SignedWebhookAudience.Group;

    /// <summary>
    /// Gets or sets the people whose notifications are posted, by person id. For <see cref="SignedWebhookAudience.Group"/>
    /// required: everyone who reads the receiver's messages. For <see cref="SignedWebhookAudience.Recipient"/> optional:
    /// <see langword="null"/> or empty posts everybody's. Default: <see langword="null"/>.
    /// </summary>
    public List<string>? Recipients { get; set; }

    /// <summary>
    /// Gets or sets how long one request may take before the attempt fails (and the outbox retries it). Default: 10
    /// seconds. More than zero, at most five minutes; keep it below the dispatcher's <c>DeliveryTimeout</c> (30 s by default).
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Lists every problem of these options.</summary>
    /// <param name="path">The configuration path of these options, prefixed to every problem (e.g. <c>Webhooks:Ops</c>); may be empty.</param>
    /// <returns>One error per problem, code <c>webhooks.invalid</c>, path <c>{path}:{Property}</c>, message <c>must …</c>; empty when the options are valid. The URL and the secret are never quoted.</returns>
    public IReadOnlyList<DomainError> Validate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var checks = new OptionChecks(path);
        checks.Name(Name);
        checks.Url(Url, "https://receiver.example.com/hooks/petition-opinion");
        checks.Secret(Secret, required: true, MinSecretLength);
        if (Secret is not null && Secret.StartsWith(SignedWebhook.SecretPrefix, StringComparison.Ordinal)
            && (SignedWebhook.Key(Secret) is not { } key || key.Length < MinStandardKeyBytes))
        {
            checks.Add(nameof(Secret), $"be 'whsec_' followed by the Base64 of at least {MinStandardKeyBytes} bytes when it starts with 'whsec_' (the value is not shown)");
        }

        checks.Defined(nameof(Audience), Audience);
        checks.Recipients(Recipients, required: Audience == SignedWebhookAudience.Group);
        checks.Timeout(Timeout);
        return checks.Problems;
    }

    /// <summary>Describes the options without the secret: the URL shows only its scheme and host.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"SignedWebhookOptions {{ Name = {Name}, Url = {OptionChecks.Mask(Url)}, Secret = {(Secret is null ? "none" : "***")}, Audience = {Audience}, Recipients = {Recipients?.Count ?? 0}, Timeout = {Timeout:c} }}");
}
