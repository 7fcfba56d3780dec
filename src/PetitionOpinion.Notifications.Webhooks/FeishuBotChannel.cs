using System.Globalization;
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
    /// <summary>The most bytes of a message's text.</summary>
    internal const int MaxTextBytes = 4096;

    private readonly Uri _url;
    private readonly string? _secret;
    private readonly FeishuMessageKind _kind;
    private readonly string? _prefix;
    private readonly TimeProvider _time;
    private readonly GroupChannel _group;

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
        Guard.Against.Null(options);
        Guard.Against.Null(httpClient);
        _time = Guard.Against.Null(timeProvider);
        Channels.Check(options.Validate(string.Empty), nameof(options));
        Name = options.Name;
        _url = new Uri(options.Url!);
        _secret = options.Secret;
        _kind = options.MessageKind;
        _prefix = options.Prefix;
        var sender = new WebhookSender(Name, "Feishu", httpClient, timeProvider, options.Timeout, AnswerCheck.FeishuCode);
        _group = new GroupChannel(Name, new GroupAudience(OptionChecks.People(options.Recipients)), sender, logger);
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>Posts the notification to the chat if it is addressed to one of its recipients and was not posted already.</summary>
    /// <param name="notification">The notification.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the bot has accepted the message, or at once when the notification is not for the chat.</returns>
    /// <exception cref="WebhookDeliveryException">The bot did not accept the message.</exception>
    /// <exception cref="TimeoutException">The bot did not answer within the time-out.</exception>
    public ValueTask DeliverAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(notification);
        return _group.DeliverAsync(notification, Build, cancellationToken);
    }

    private WebhookRequest Build(SharedMessage message)
    {
        var subject = ChatText.Safe(message.Subject);
        var body = ChatText.Safe(message.Body);
        var json = ChatText.Json(w =>
        {
            w.WriteStartObject();
            if (_secret is not null)
            {
                // Signed when the request is made, so that a retry carries a fresh timestamp.
                var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
                w.WriteString("timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
                w.WriteString("sign", RobotSignatures.Feishu(_secret, timestamp));
            }

            if (_kind == FeishuMessageKind.Post)
            {
                w.WriteString("msg_type", "post");
                w.WriteStartObject("content");
                w.WriteStartObject("post");
                w.WriteStartObject("zh_cn");
                w.WriteString("title", _prefix is null ? subject : $"{_prefix} {subject}");
                w.WriteStartArray("content");
                foreach (var line in ChatText.Lines(ChatText.Cut(body, MaxTextBytes)))
                {
                    w.WriteStartArray();
                    w.WriteStartObject();
                    w.WriteString("tag", "text");
                    w.WriteString("text", line);
                    w.WriteEndObject();
                    w.WriteEndArray();
                }

                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
            }
            else
            {
                w.WriteString("msg_type", "text");
                w.WriteStartObject("content");
                w.WriteString("text", ChatText.Cut($"{(_prefix is null ? string.Empty : _prefix + "\n")}{subject}\n{body}", MaxTextBytes));
                w.WriteEndObject();
            }

            w.WriteEndObject();
        });
        return new WebhookRequest(_url, json, []);
    }
}
