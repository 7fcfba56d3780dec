using System.Globalization;
using Ardalis.GuardClauses;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PetitionOpinion.Notifications.Webhooks;

/// <summary>
/// Posts notifications as JSON to any HTTPS receiver, signed with HMAC-SHA256 as the Standard Webhooks specification
/// says (so that the receiver can use an off-the-shelf verifier to tell they are genuine and fresh), with an id so that
/// it can drop repeats (the outbox delivers at least once).
/// </summary>
/// <remarks>
/// <para>
/// The request: <c>POST</c> with <c>Content-Type: application/json; charset=utf-8</c> and the headers of
/// <see cref="SignedWebhook"/> — <c>webhook-id</c> (the message's id), <c>webhook-timestamp</c> (Unix seconds, from the
/// <see cref="TimeProvider"/>, fresh on every attempt) and <c>webhook-signature</c> (<c>v1,</c> + the Base64
/// HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c>, keyed with the secret's key). These replace the
/// <c>X-PetitionOpinion-*</c> headers of 0.2.0 and earlier (a breaking change for receivers). The body, in this order:
/// </para>
/// <code language="json">
/// {"id":"…","audience":"group","incidentId":"0195…","topic":"IncidentEscalated","level":"II",
///  "subject":"…","body":"…","createdAt":"2026-03-02T17:05:00.0000000+08:00"}
/// </code>
/// <para>
/// With <see cref="SignedWebhookAudience.Group"/> (the default) the receiver's messages are read by several people: as a
/// chat robot does, the channel posts only notifications addressed to its <see cref="SignedWebhookOptions.Recipients"/>,
/// each occasion once, with the text as an outsider reads it (the petitioner's name and contact redacted), and nothing
/// about an incident that complains about one of them; the id is the occasion's — the same for every recipient of it,
/// 32 hexadecimal digits.
/// </para>
/// <para>
/// With <see cref="SignedWebhookAudience.Recipient"/> the receiver hands each notification to its recipient alone: every
/// notification (of the recipients listed, or everybody's when none are) is posted as it is, with
/// <c>"audience":"recipient"</c>, the text fitted to the recipient, and <c>"recipient"</c> and <c>"recipientName"</c>
/// after <c>"createdAt"</c>; the id is the notification's <see cref="Notification.DeduplicationKey"/>.
/// </para>
/// <para>
/// Any 2xx status is success. Another status, a failed connection or no answer within
/// <see cref="SignedWebhookOptions.Timeout"/> throws, and the outbox retries the notification later; nothing is retried
/// here. The URL, the secret and the body are never logged. Thread-safe.
/// </para>
/// </remarks>
public sealed class SignedWebhookChannel : INotificationChannel
{
    private readonly Uri _url;
    private readonly string _secret;
    private readonly TimeProvider _time;
    private readonly WebhookSender _sender;
    private readonly GroupChannel? _group;
    private readonly HashSet<PersonId> _recipients;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="SignedWebhookChannel"/> class.</summary>
    /// <param name="options">The options; read once, here.</param>
    /// <param name="httpClient">The client the requests go through (e.g. from <c>IHttpClientFactory</c>); not disposed by the channel. Its own <c>Timeout</c> applies too.</param>
    /// <param name="timeProvider">The clock of the signatures' timestamps and of the time-out.</param>
    /// <param name="logger">The log; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid (see <see cref="SignedWebhookOptions.Validate"/>).</exception>
    public SignedWebhookChannel(SignedWebhookOptions options, HttpClient httpClient, TimeProvider timeProvider, ILogger<SignedWebhookChannel>? logger)
        : this(options, Guard.Against.Null(httpClient).Self(), timeProvider, (ILogger?)logger)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SignedWebhookChannel"/> class over a message handler (a proxy, a test's handler).</summary>
    /// <param name="options">The options; read once, here.</param>
    /// <param name="handler">The handler the requests go through; not disposed by the channel.</param>
    /// <param name="timeProvider">The clock of the signatures' timestamps and of the time-out.</param>
    /// <param name="logger">The log; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid (see <see cref="SignedWebhookOptions.Validate"/>).</exception>
    public SignedWebhookChannel(SignedWebhookOptions options, HttpMessageHandler handler, TimeProvider timeProvider, ILogger<SignedWebhookChannel>? logger)
        : this(options, Channels.Over(Guard.Against.Null(handler)), timeProvider, (ILogger?)logger)
    {
    }

    internal SignedWebhookChannel(SignedWebhookOptions options, Func<HttpClient> httpClient, TimeProvider timeProvider, ILogger? logger)
    {
        Guard.Against.Null(options);
        Guard.Against.Null(httpClient);
        _time = Guard.Against.Null(timeProvider);
        Channels.Check(options.Validate(string.Empty), nameof(options));
        Name = options.Name;
        Audience = options.Audience;
        _url = new Uri(options.Url!);
        _secret = options.Secret!;
        _logger = logger ?? NullLogger.Instance;
        _sender = new WebhookSender(Name, "signed", httpClient, timeProvider, options.Timeout, AnswerCheck.Status);
        _recipients = [.. OptionChecks.People(options.Recipients)];
        _group = Audience == SignedWebhookAudience.Group ? new GroupChannel(Name, new GroupAudience(_recipients), _sender, logger) : null;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>Gets who reads the receiver's messages (<see cref="SignedWebhookOptions.Audience"/>).</summary>
    public SignedWebhookAudience Audience { get; }

    /// <summary>Posts the notification, as <see cref="Audience"/> allows.</summary>
    /// <param name="notification">The notification.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the receiver has answered 2xx, or at once when the notification is not for it.</returns>
    /// <exception cref="WebhookDeliveryException">The receiver answered another status or could not be reached.</exception>
    /// <exception cref="TimeoutException">The receiver did not answer within the time-out.</exception>
    public async ValueTask DeliverAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(notification);
        if (_group is not null)
        {
            await _group.DeliverAsync(notification, m => Build(m.Id, "group", notification, m.Subject, m.Body, personal: false), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_recipients.Count > 0 && !_recipients.Contains(notification.Recipient))
        {
            return;
        }

        var id = notification.DeduplicationKey;
        await _sender.SendAsync(Build(id, "recipient", notification, notification.Subject, notification.Body, personal: true), cancellationToken).ConfigureAwait(false);
        GroupChannel.LogPosted(_logger, Name, id, notification.IncidentId, notification.Topic, id);
    }

    private WebhookRequest Build(string id, string audience, Notification n, string subject, string body, bool personal)
    {
        var json = ChatText.Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("audience", audience);
            w.WriteString("incidentId", n.IncidentId.Value.ToString("D"));
            w.WriteString("topic", n.Topic.ToString());
            if (n.Level is { } level)
            {
                w.WriteString("level", level.ToString());
            }
            else
            {
                w.WriteNull("level");
            }

            w.WriteString("subject", subject);
            w.WriteString("body", body);
            w.WriteString("createdAt", n.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            if (personal)
            {
                w.WriteString("recipient", n.Recipient.Value);
                w.WriteString("recipientName", n.RecipientName);
            }

            w.WriteEndObject();
        });

        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        return new WebhookRequest(_url, json,
        [
            new(SignedWebhook.IdHeader, id),
            new(SignedWebhook.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture)),
            new(SignedWebhook.SignatureHeader, SignedWebhook.Sign(_secret, id, timestamp, json)),
        ]);
    }
}
