using System.Text.Json;
using Ardalis.GuardClauses;
using Microsoft.Extensions.Logging;

namespace PetitionOpinion.Notifications.Webhooks;

/// <summary>
/// What the three chat robots' channels — <see cref="WeComRobotChannel"/>, <see cref="DingTalkRobotChannel"/> and
/// <see cref="FeishuBotChannel"/> — do alike: check the options (every problem at once), follow the group rule
/// (<see cref="GroupChannel"/>), make the text safe to post (<see cref="ChatText.Safe"/>), write one JSON object and
/// post it with the time-out, reading the platform's answer (<see cref="WebhookSender"/>). A robot says only what
/// differs: how its payload is written (<see cref="WritePayload"/>), how a request is signed (<see cref="SignUrl"/> or
/// <see cref="WriteSignature"/>; not at all by default), and how its answer reports an error (the
/// <see cref="AnswerCheck"/> it passes to the constructor).
/// </summary>
/// <remarks>
/// A request is built, and signed, when it is made, so that a retry carries a fresh timestamp. The URL, the secret and
/// the text are never logged. Thread-safe.
/// </remarks>
internal abstract class ChatRobot
{
    private readonly Uri _url;
    private readonly GroupChannel _group;

    /// <summary>Initializes a new instance of the <see cref="ChatRobot"/> class.</summary>
    /// <param name="options">The options; read once, here.</param>
    /// <param name="platform">The platform's name in exceptions: <c>WeCom</c>, <c>DingTalk</c>, <c>Feishu</c>.</param>
    /// <param name="answer">How the platform's answer tells success from an error.</param>
    /// <param name="httpClient">Gives the client of each request.</param>
    /// <param name="timeProvider">The clock of the signatures' timestamps and of the time-out.</param>
    /// <param name="logger">The log (the public channel's category); none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid (see <see cref="ChatRobotOptions.Validate"/>).</exception>
    protected ChatRobot(ChatRobotOptions options, string platform, AnswerCheck answer, Func<HttpClient> httpClient, TimeProvider timeProvider, ILogger? logger)
    {
        Guard.Against.Null(options);
        Guard.Against.Null(httpClient);
        Time = Guard.Against.Null(timeProvider);
        Channels.Check(options.Validate(string.Empty), nameof(options));
        Name = options.Name;
        _url = new Uri(options.Url!);
        Prefix = options.Prefix;
        var sender = new WebhookSender(Name, platform, httpClient, timeProvider, options.Timeout, answer);
        _group = new GroupChannel(Name, new GroupAudience(OptionChecks.People(options.Recipients)), sender, logger);
    }

    /// <summary>Gets the channel's name.</summary>
    public string Name { get; }

    /// <summary>Gets the line put before every message, if any.</summary>
    protected string? Prefix { get; }

    /// <summary>Gets the clock of the signatures' timestamps.</summary>
    protected TimeProvider Time { get; }

    /// <summary>Posts the notification to the chat if it is addressed to one of its recipients and was not posted already.</summary>
    /// <param name="notification">The notification.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the robot has accepted the message, or at once when the notification is not for the chat.</returns>
    public ValueTask DeliverAsync(Notification notification, CancellationToken cancellationToken)
    {
        Guard.Against.Null(notification);
        return _group.DeliverAsync(notification, Build, cancellationToken);
    }

    /// <summary>Writes the message's properties into the request's JSON object (already started, after any <see cref="WriteSignature"/>).</summary>
    /// <param name="json">The writer, inside the object.</param>
    /// <param name="subject">The subject as an outsider reads it, safe to post.</param>
    /// <param name="body">The text as an outsider reads it, safe to post.</param>
    protected abstract void WritePayload(Utf8JsonWriter json, string subject, string body);

    /// <summary>Writes a signature at the start of the request's JSON object, for a robot that signs in the body; nothing by default.</summary>
    /// <param name="json">The writer, inside the object.</param>
    protected virtual void WriteSignature(Utf8JsonWriter json)
    {
    }

    /// <summary>Gives the address of one request, for a robot that signs in the query; the webhook's own by default.</summary>
    /// <param name="url">The webhook's address, as configured.</param>
    /// <returns>The address to post to.</returns>
    protected virtual Uri SignUrl(Uri url) => url;

    private WebhookRequest Build(SharedMessage message)
    {
        var subject = ChatText.Safe(message.Subject);
        var body = ChatText.Safe(message.Body);
        var json = ChatText.Json(w =>
        {
            w.WriteStartObject();
            WriteSignature(w);
            WritePayload(w, subject, body);
            w.WriteEndObject();
        });
        return new WebhookRequest(SignUrl(_url), json, []);
    }
}
