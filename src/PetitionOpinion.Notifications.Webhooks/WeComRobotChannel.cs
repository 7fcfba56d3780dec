using System.Text.Json;
using Ardalis.GuardClauses;
using Microsoft.Extensions.Logging;

namespace PetitionOpinion.Notifications.Webhooks;

/// <summary>
/// Posts notifications to a WeCom (企业微信) group chat through its group robot (群机器人): a JSON POST to the robot's
/// webhook address (<c>https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…</c>), as WeCom documents it in
/// 群机器人配置说明 (https://developer.work.weixin.qq.com/document/path/91770).
/// </summary>
/// <remarks>
/// <para>
/// The body is <c>{"msgtype":"text","text":{"content":"…"}}</c> (at most 2,048 bytes of content) or
/// <c>{"msgtype":"markdown","markdown":{"content":"…"}}</c> (at most 4,096 bytes; the subject in bold, the text quoted);
/// longer text is cut and ends with '…'. The robot answers <c>{"errcode":0,"errmsg":"ok"}</c>; any other
/// <c>errcode</c> (93000 invalid URL, 45009 too many messages — 20 a minute per robot), a non-2xx status, an answer
/// without <c>errcode</c>, a failed connection or no answer within <see cref="ChatRobotOptions.Timeout"/> throws, and
/// the outbox retries the notification later. Nothing is retried here.
/// </para>
/// <para>
/// A group chat is read by several people, so the channel posts only the notifications addressed to its
/// <see cref="ChatRobotOptions.Recipients"/>, each occasion once, with the text as an outsider reads it (the
/// petitioner's name and contact redacted, whoever the notification was addressed to), and nothing about an incident
/// that complains about one of them. A complaint's text cannot mention anyone: '&lt;' is posted as '＜'.
/// </para>
/// <para>The URL (it carries the robot's key) and the text are never logged. Thread-safe.</para>
/// </remarks>
public sealed class WeComRobotChannel : INotificationChannel
{
    private readonly Robot _robot;

    /// <summary>Initializes a new instance of the <see cref="WeComRobotChannel"/> class.</summary>
    /// <param name="options">The options; read once, here.</param>
    /// <param name="httpClient">The client the requests go through (e.g. from <c>IHttpClientFactory</c>); not disposed by the channel. Its own <c>Timeout</c> applies too.</param>
    /// <param name="timeProvider">The clock of the time-out.</param>
    /// <param name="logger">The log; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid (see <see cref="ChatRobotOptions.Validate"/>).</exception>
    public WeComRobotChannel(WeComRobotOptions options, HttpClient httpClient, TimeProvider timeProvider, ILogger<WeComRobotChannel>? logger)
        : this(options, Guard.Against.Null(httpClient).Self(), timeProvider, (ILogger?)logger)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WeComRobotChannel"/> class over a message handler (a proxy, a test's handler).</summary>
    /// <param name="options">The options; read once, here.</param>
    /// <param name="handler">The handler the requests go through; not disposed by the channel.</param>
    /// <param name="timeProvider">The clock of the time-out.</param>
    /// <param name="logger">The log; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid (see <see cref="ChatRobotOptions.Validate"/>).</exception>
    public WeComRobotChannel(WeComRobotOptions options, HttpMessageHandler handler, TimeProvider timeProvider, ILogger<WeComRobotChannel>? logger)
        : this(options, Channels.Over(Guard.Against.Null(handler)), timeProvider, (ILogger?)logger)
    {
    }

    internal WeComRobotChannel(WeComRobotOptions options, Func<HttpClient> httpClient, TimeProvider timeProvider, ILogger? logger)
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

    /// <summary>WeCom's text and markdown messages, unsigned (the key in the URL is the credential); its answer's <c>errcode</c> must be 0.</summary>
    private sealed class Robot : ChatRobot
    {
        /// <summary>The most bytes of a text message's content.</summary>
        private const int MaxTextBytes = 2048;

        /// <summary>The most bytes of a markdown message's content.</summary>
        private const int MaxMarkdownBytes = 4096;

        private readonly WeComMessageKind _kind;

        public Robot(WeComRobotOptions options, Func<HttpClient> httpClient, TimeProvider timeProvider, ILogger? logger)
            : base(options, "WeCom", AnswerCheck.ErrCode, httpClient, timeProvider, logger)
        {
            _kind = options.MessageKind;
        }

        protected override void WritePayload(Utf8JsonWriter json, string subject, string body)
        {
            var prefix = Prefix is null ? string.Empty : Prefix + "\n";
            var (type, content) = _kind == WeComMessageKind.Markdown
                ? ("markdown", ChatText.Cut($"{prefix}**{subject}**\n{string.Join("\n", ChatText.Lines(body).Select(l => "> " + l))}", MaxMarkdownBytes))
                : ("text", ChatText.Cut($"{prefix}{subject}\n{body}", MaxTextBytes));
            json.WriteString("msgtype", type);
            json.WriteStartObject(type);
            json.WriteString("content", content);
            json.WriteEndObject();
        }
    }
}
