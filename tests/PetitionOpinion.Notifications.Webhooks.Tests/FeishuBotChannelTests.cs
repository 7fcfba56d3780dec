using System.Security.Cryptography;
using System.Text;

namespace PetitionOpinion.Notifications.Webhooks.Tests;

/// <summary>The Feishu/Lark custom bot against a real HTTP listener on 127.0.0.1: the signed body, payloads and answers.</summary>
public sealed class FeishuBotChannelTests : IAsyncDisposable
{
    private const string Secret = "fs-secret-XYZ";

    // Computed outside .NET (Python: base64.b64encode(hmac.new(f"{ts}\n{secret}".encode(), b"", sha256).digest()))
    // for the secret above and 1772442300 s.
    private const string KnownSign = "J7351sgmx569G0ucGE76Ddqjxlzy1YmXcp6TVJe72QU=";

    private readonly LocalWebhookServer _server = new() { Default = Reply.FeishuOk };
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = Samples.Clock();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private FeishuBotChannel Channel(FeishuMessageKind kind = FeishuMessageKind.Text, string? secret = Secret, string? prefix = null)
        => new(
            new FeishuBotOptions { Url = _server.Url("/open-apis/bot/v2/hook/3f0c9a1e-hook"), Secret = secret, Recipients = ["pr-manager", "analyst"], MessageKind = kind, Prefix = prefix },
            new HttpClient(),
            _time,
            null);

    // Feishu's rule, written out here with other APIs than the channel's: the string to sign is the KEY, the message empty.
    private static string Sign(string secret, long timestamp)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes($"{timestamp}\n{secret}"));
        return Convert.ToBase64String(hmac.ComputeHash([]));
    }

    [Fact]
    public void Sign_KnownVector_MatchesTheValueComputedOutsideDotNet()
        => Assert.Equal(KnownSign, Sign(Secret, Samples.NowSeconds));

    [Fact]
    public async Task DeliverAsync_SignedText_PostsTimestampInSecondsAndSignInTheBody()
    {
        await Channel().DeliverAsync(Samples.For("analyst"), CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("/open-apis/bot/v2/hook/3f0c9a1e-hook", request.Target);
        var text = Samples.SharedSubject + "\n" + Samples.Posted(Samples.SharedBody);
        Assert.Equal(
            "{\"timestamp\":\"1772442300\",\"sign\":\"" + KnownSign + "\",\"msg_type\":\"text\",\"content\":{\"text\":\"" + Samples.Json(text) + "\"}}",
            request.Text);
    }

    [Fact]
    public async Task DeliverAsync_Post_PostsTitleAndOneParagraphPerLine()
    {
        await Channel(FeishuMessageKind.Post, secret: null, prefix: "[舆情]").DeliverAsync(Samples.For("analyst"), CancellationToken.None);

        var lines = Samples.Posted(Samples.SharedBody).Split('\n');
        var paragraphs = string.Join(",", lines.Select(l => "[{\"tag\":\"text\",\"text\":\"" + Samples.Json(l) + "\"}]"));
        Assert.Equal(
            "{\"msg_type\":\"post\",\"content\":{\"post\":{\"zh_cn\":{\"title\":\"[舆情] " + Samples.SharedSubject + "\",\"content\":[" + paragraphs + "]}}}}",
            Assert.Single(_server.Requests).Text);
    }

    [Fact]
    public async Task DeliverAsync_LaterAttempt_IsSignedWithItsOwnTime()
    {
        _server.Enqueue(new Reply(200, "{\"code\":19021,\"data\":{},\"msg\":\"sign match fail or timestamp is not within one hour from current time\"}"));
        var channel = Channel();
        var e = await Assert.ThrowsAsync<WebhookDeliveryException>(() => channel.DeliverAsync(Samples.For("analyst"), CancellationToken.None).AsTask());
        Assert.Equal("19021", e.ErrorCode);
        Assert.Contains("code 19021 (sign match fail", e.Message, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromMinutes(3));
        await channel.DeliverAsync(Samples.For("analyst"), CancellationToken.None);

        using var json = System.Text.Json.JsonDocument.Parse(_server.Requests[1].Body);
        var later = Samples.NowSeconds + 180;
        Assert.Equal(later.ToString(System.Globalization.CultureInfo.InvariantCulture), json.RootElement.GetProperty("timestamp").GetString());
        Assert.Equal(Sign(Secret, later), json.RootElement.GetProperty("sign").GetString());
    }

    [Theory]
    [InlineData("{\"code\":0,\"msg\":\"success\",\"data\":{}}")]
    [InlineData("{\"Extra\":null,\"StatusCode\":0,\"StatusMessage\":\"success\"}")]
    public async Task DeliverAsync_SuccessAnswers_Succeed(string answer)
    {
        _server.Enqueue(new Reply(200, answer));

        await Channel().DeliverAsync(Samples.For("analyst"), CancellationToken.None);

        Assert.Single(_server.Requests);
    }

    [Theory]
    [InlineData("{\"code\":9499,\"msg\":\"Bad Request\",\"data\":{}}", "9499")]
    [InlineData("{\"code\":19024,\"msg\":\"Key Words Not Found\"}", "19024")]
    [InlineData("{\"StatusCode\":19022,\"StatusMessage\":\"Ip Not Allowed\"}", "19022")]
    public async Task DeliverAsync_ErrorCodes_Throw(string answer, string code)
    {
        _server.Enqueue(new Reply(200, answer));

        var e = await Assert.ThrowsAsync<WebhookDeliveryException>(() => Channel().DeliverAsync(Samples.For("analyst"), CancellationToken.None).AsTask());

        Assert.Equal(code, e.ErrorCode);
        Assert.DoesNotContain(Secret, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("3f0c9a1e-hook", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliverAsync_ServerError_Throws()
    {
        _server.Enqueue(new Reply(500, "{\"code\":0}"));

        var e = await Assert.ThrowsAsync<WebhookDeliveryException>(() => Channel().DeliverAsync(Samples.For("analyst"), CancellationToken.None).AsTask());

        Assert.Equal(500, e.StatusCode);
    }

    [Fact]
    public async Task DeliverAsync_BotThatNeverAnswers_ThrowsTimeout()
    {
        _server.Enqueue(Reply.Never);
        var delivery = Channel().DeliverAsync(Samples.For("analyst"), CancellationToken.None).AsTask();
        await _server.NextAsync();

        _time.Advance(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAsync<TimeoutException>(() => delivery);
    }
}
