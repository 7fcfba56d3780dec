using System.Globalization;
using System.Text.Json;
using Ardalis.GuardClauses;
using Microsoft.Extensions.Logging;

namespace PetitionOpinion.Notifications.Webhooks;

/// <summary>
/// Posts notifications to a DingTalk (钉钉) group chat through its custom robot (自定义机器人): a JSON POST to the
/// robot's webhook address (<c>https://oapi.dingtalk.com/robot/send?access_token=…</c>), signed when the robot's
/// security setting is 加签, as DingTalk documents it (自定义机器人接入,
/// https://open.dingtalk.com/document/group/custom-robot-access; 自定义机器人安全设置,
/// https://open.dingtalk.com/document/orgapp/customize-robot-security-settings).
/// </summary>
/// <remarks>
/// <para>
/// Signing (<see cref="DingTalkRobotOptions.Secret"/> set): the timestamp is the current time in milliseconds (from the
/// <see cref="TimeProvider"/>; DingTalk refuses one more than an hour off), the string to sign is
/// <c>timestamp + "\n" + secret</c>, signed with HMAC-SHA256 keyed with the secret, Base64-encoded and URL-encoded,
/// and appended to the URL as <c>&amp;timestamp=…&amp;sign=…</c>.
/// </para>
/// <para>
/// The body is <c>{"msgtype":"text","text":{"content":"…"}}</c> or
/// <c>{"msgtype":"markdown","markdown":{"title":"…","text":"…"}}</c>, the content kept to 4,096 bytes (longer text is
/// cut and ends with '…'). The robot answers <c>{"errcode":0,"errmsg":"ok"}</c>; any other <c>errcode</c> (310000 a
/// bad signature, a missing keyword or an IP not allowed; 130101 too many messages — 20 a minute per robot), a non-2xx
/// status, an answer without <c>errcode</c>, a failed connection or no answer within the time-out throws, and the
/// outbox retries the notification later. Nothing is retried here.
/// </para>
/// <para>
/// A group chat is read by several people, so the channel posts only the notifications addressed to its
/// <see cref="ChatRobotOptions.Recipients"/>, each occasion once, with the text as an outsider reads it (the
/// petitioner's name and contact redacted, whoever the notification was addressed to), and nothing about an incident
/// that complains about one of them.
/// </para>
/// <para>The URL (it carries the access token), the secret and the text are never logged. Thread-safe.</para>
/// </remarks>
public sealed class DingTalkRobotChannel : INotificationChannel
{
    private readonly Robot _robot;

    /// <summary>Initializes a new instance of the <see cref="DingTalkRobotChannel"/> class.</summary>
    /// <param name="options">The options; read once, here.</param>
    /// <param name="httpClient">The client the requests go through (e.g. from <c>IHttpClientFactory</c>); not disposed by the channel. Its own <c>Timeout</c> applies too.</param>
    /// <param name="timeProvider">The clock of the signatures' timestamps and of the time-out.</param>
    /// <param name="logger">The log; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid (see <see cref="ChatRobotOptions.Validate"/>).</exception>
    public DingTalkRobotChannel(DingTalkRobotOptions options, HttpClient httpClient, TimeProvider timeProvider, ILogger<DingTalkRobotChannel>? logger)
        : this(options, Guard.Against.Null(httpClient).Self(), timeProvider, (ILogger?)logger)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DingTalkRobotChannel"/> class over a message handler (a proxy, a test's handler).</summary>
    /// <param name="options">The options; read once, here.</param>
    /// <param name="handler">The handler the requests go through; not disposed by the channel.</param>
    /// <param name="timeProvider">The clock of the signatures' timestamps and of the time-out.</param>
    /// <param name="logger">The log; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid (see <see cref="ChatRobotOptions.Validate"/>).</exception>
    public DingTalkRobotChannel(DingTalkRobotOptions options, HttpMessageHandler handler, TimeProvider timeProvider, ILogger<DingTalkRobotChannel>? logger)
        : this(options, Channels.Over(Guard.Against.Null(handler)), timeProvider, (ILogger?)logger)
    {
    }

    internal DingTalkRobotChannel(DingTalkRobotOptions options, Func<HttpClient> httpClient, TimeProvider timeProvider, ILogger? logger)
    {
        _robot = new Robot(options, httpClient, timeProvider, logger);
    }

    /// <inheritdoc/>
    public string Name => _robot.Name;

    /// <summary>Posts the notification to the chat if it is addressed to one of its recipients and was not posted already.</summary>
    /// <param name="notification">The notification.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the robot has accepted the message, or at once when the notification is not for the chat.</returns>
    /// <exception cref="WebhookDeliveryException">The robot did not accept the message.</exception>
    /// <exception cref="TimeoutException">The robot did not answer within the time-out.</exception>
    public ValueTask DeliverAsync(Notification notification, CancellationToken cancellationToken = default)
        => _robot.DeliverAsync(notification, cancellationToken);

    /// <summary>DingTalk's text and markdown messages, signed in the query; its answer's <c>errcode</c> must be 0.</summary>
    private sealed class Robot : ChatRobot
    {
        /// <summary>The most bytes of a message's content.</summary>
        private const int MaxContentBytes = 4096;

        private readonly string? _secret;
        private readonly DingTalkMessageKind _kind;

        public Robot(DingTalkRobotOptions options, Func<HttpClient> httpClient, TimeProvider timeProvider, ILogger? logger)
            : base(options, "DingTalk", AnswerCheck.ErrCode, httpClient, timeProvider, logger)
        {
            _secret = options.Secret;
            _kind = options.MessageKind;
        }

        protected override void WritePayload(Utf8JsonWriter json, string subject, string body)
        {
            if (_kind == DingTalkMessageKind.Markdown)
            {
                var prefix = Prefix is null ? string.Empty : Prefix + "\n\n";
                json.WriteString("msgtype", "markdown");
                json.WriteStartObject("markdown");
                json.WriteString("title", Prefix is null ? subject : $"{Prefix} {subject}");
                json.WriteString("text", ChatText.Cut($"{prefix}#### {subject}\n\n{string.Join("\n\n", ChatText.Lines(body).Select(l => "> " + l))}", MaxContentBytes));
            }
            else
            {
                var prefix = Prefix is null ? string.Empty : Prefix + "\n";
                json.WriteString("msgtype", "text");
                json.WriteStartObject("text");
                json.WriteString("content", ChatText.Cut($"{prefix}{subject}\n{body}", MaxContentBytes));
            }

            json.WriteEndObject();
        }

        protected override Uri SignUrl(Uri url)
        {
            if (_secret is null)
            {
                return url;
            }

            var timestamp = Time.GetUtcNow().ToUnixTimeMilliseconds();
            var address = url.OriginalString;
            return new Uri(string.Create(CultureInfo.InvariantCulture, $"{address}{(address.Contains('?', StringComparison.Ordinal) ? '&' : '?')}timestamp={timestamp}&sign={RobotSignatures.DingTalk(_secret, timestamp)}"));
        }
    }
}
