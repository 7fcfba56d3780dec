using System.Globalization;
using System.Text.Json;
using Ardalis.GuardClauses;
using Microsoft.Extensions.Logging;

namespace PetitionOpinion.Notifications.Webhooks;

/// <summary>
/// Posts notifications to a Feishu/Lark (飞书) group chat through its custom bot (自定义机器人): a JSON POST to the
/// bot's webhook address (<c>https://open.feishu.cn/open-apis/bot/v2/hook/…</c>, or Lark's
/// <c>https://open.larksuite.com/open-apis/bot/v2/hook/…</c>), signed when the bot's security setting is 签名校验, as
/// Feishu documents it (自定义机器人使用指南, https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot).
/// </summary>
/// <remarks>
/// <para>
/// Signing (<see cref="FeishuBotOptions.Secret"/> set): the timestamp is the current time in seconds (from the
/// <see cref="TimeProvider"/>; Feishu refuses one more than an hour off); <c>timestamp + "\n" + secret</c> is the
/// HMAC-SHA256 <em>key</em> and the message signed is empty; the result, Base64-encoded, is sent in the body as
/// <c>"sign"</c> with <c>"timestamp"</c> (a string). Unlike DingTalk's, nothing goes in the URL.
/// </para>
/// <para>
/// The body is <c>{"timestamp":"…","sign":"…","msg_type":"text","content":{"text":"…"}}</c> or, for
/// <see cref="FeishuMessageKind.Post"/>, <c>"msg_type":"post"</c> with
/// <c>"content":{"post":{"zh_cn":{"title":"…","content":[[{"tag":"text","text":"…"}],…]}}}</c>, the text kept to
/// 4,096 bytes (longer text is cut and ends with '…'; Feishu takes at most 20 KB a request). The bot answers
/// <c>{"code":0,"msg":"success"}</c> (older bots <c>{"StatusCode":0,…}</c>); any other code (19021 a bad signature or
/// timestamp, 19024 a missing keyword, 19022 an IP not allowed, 9499 a malformed request), a non-2xx status, an answer
/// without a code, a failed connection or no answer within the time-out throws, and the outbox retries the
/// notification later. Nothing is retried here.
/// </para>
/// <para>
/// A group chat is read by several people, so the channel posts only the notifications addressed to its
/// <see cref="ChatRobotOptions.Recipients"/>, each occasion once, with the text as an outsider reads it (the
/// petitioner's name and contact redacted, whoever the notification was addressed to), and nothing about an incident
/// that complains about one of them. A complaint's text cannot mention anyone: '&lt;' is posted as '＜'.
/// </para>
/// <para>The URL, the secret and the text are never logged. Thread-safe.</para>
/// </remarks>
public sealed class FeishuBotChannel : INotificationChannel
{
    private readonly Robot _robot;

    /// <summary>Initializes a new instance of the <see cref="FeishuBotChannel"/> class.</summary>
    /// <param name="options">The options; read once, here.</param>
    /// <param name="httpClient">The client the requests go through (e.g. from <c>IHttpClientFactory</c>); not disposed by the channel. Its own <c>Timeout</c> applies too.</param>
    /// <param name="timeProvider">The clock of the signatures' timestamps and of the time-out.</param>
    /// <param name="logger">The log; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid (see <see cref="ChatRobotOptions.Validate"/>).</exception>
    public FeishuBotChannel(FeishuBotOptions options, HttpClient httpClient, TimeProvider timeProvider, ILogger<FeishuBotChannel>? logger)
        : this(options, Guard.Against.Null(httpClient).Self(), timeProvider, (ILogger?)logger)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FeishuBotChannel"/> class over a message handler (a proxy, a test's handler).</summary>
    /// <param name="options">The options; read once, here.</param>
    /// <param name="handler">The handler the requests go through; not disposed by the channel.</param>
    /// <param name="timeProvider">The clock of the signatures' timestamps and of the time-out.</param>
    /// <param name="logger">The log; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid (see <see cref="ChatRobotOptions.Validate"/>).</exception>
    public FeishuBotChannel(FeishuBotOptions options, HttpMessageHandler handler, TimeProvider timeProvider, ILogger<FeishuBotChannel>? logger)
        : this(options, Channels.Over(Guard.Against.Null(handler)), timeProvider, (ILogger?)logger)
    {
    }

    internal FeishuBotChannel(FeishuBotOptions options, Func<HttpClient> httpClient, TimeProvider timeProvider, ILogger? logger)
    {
        _robot = new Robot(options, httpClient, timeProvider, logger);
    }

    /// <inheritdoc/>
    public string Name => _robot.Name;

    /// <summary>Posts the notification to the chat if it is addressed to one of its recipients and was not posted already.</summary>
    /// <param name="notification">The notification.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the bot has accepted the message, or at once when the notification is not for the chat.</returns>
    /// <exception cref="WebhookDeliveryException">The bot did not accept the message.</exception>
    /// <exception cref="TimeoutException">The bot did not answer within the time-out.</exception>
    public ValueTask DeliverAsync(Notification notification, CancellationToken cancellationToken = default)
        => _robot.DeliverAsync(notification, cancellationToken);

    /// <summary>Feishu's text and post messages, signed in the body; its answer's <c>code</c> (or <c>StatusCode</c>) must be 0.</summary>
    private sealed class Robot : ChatRobot
    {
        /// <summary>The most bytes of a message's text.</summary>
        private const int MaxTextBytes = 4096;

        private readonly string? _secret;
        private readonly FeishuMessageKind _kind;

        public Robot(FeishuBotOptions options, Func<HttpClient> httpClient, TimeProvider timeProvider, ILogger? logger)
            : base(options, "Feishu", AnswerCheck.FeishuCode, httpClient, timeProvider, logger)
        {
            _secret = options.Secret;
            _kind = options.MessageKind;
        }

        protected override void WriteSignature(Utf8JsonWriter json)
        {
            if (_secret is null)
            {
                return;
            }

            var timestamp = Time.GetUtcNow().ToUnixTimeSeconds();
            json.WriteString("timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            json.WriteString("sign", RobotSignatures.Feishu(_secret, timestamp));
        }

        protected override void WritePayload(Utf8JsonWriter json, string subject, string body)
        {
            if (_kind == FeishuMessageKind.Post)
            {
                json.WriteString("msg_type", "post");
                json.WriteStartObject("content");
                json.WriteStartObject("post");
                json.WriteStartObject("zh_cn");
                json.WriteString("title", Prefix is null ? subject : $"{Prefix} {subject}");
                json.WriteStartArray("content");
                foreach (var line in ChatText.Lines(ChatText.Cut(body, MaxTextBytes)))
                {
                    json.WriteStartArray();
                    json.WriteStartObject();
                    json.WriteString("tag", "text");
                    json.WriteString("text", line);
                    json.WriteEndObject();
                    json.WriteEndArray();
                }

                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
            }
            else
            {
                json.WriteString("msg_type", "text");
                json.WriteStartObject("content");
                json.WriteString("text", ChatText.Cut($"{(Prefix is null ? string.Empty : Prefix + "\n")}{subject}\n{body}", MaxTextBytes));
                json.WriteEndObject();
            }
        }
    }
}
