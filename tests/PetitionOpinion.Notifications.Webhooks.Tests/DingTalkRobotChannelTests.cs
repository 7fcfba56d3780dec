using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace PetitionOpinion.Notifications.Webhooks.Tests;

/// <summary>The DingTalk custom robot against a real HTTP listener on 127.0.0.1: the signed query, payloads and answers.</summary>
public sealed class DingTalkRobotChannelTests : IAsyncDisposable
{
    private const string Token = "98975521a1b23c02cdd1a9a08c69511d";
    private const string Secret = "SEC0123456789abcdef";

    // Computed outside .NET (Python: urllib.parse.quote_plus(base64.b64encode(hmac.new(secret, f"{ts}\n{secret}", sha256).digest())))
    // for the secret above and 1772442300000 ms: it has '+', '/' and '=' to encode.
    private const string KnownSign = "UbJUrfOZ8EZzbqBgXuPWIZlXVTZMcpg%2BKps%2F9Phwn2M%3D";

    private readonly LocalWebhookServer _server = new();
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = Samples.Clock();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private DingTalkRobotChannel Channel(DingTalkMessageKind kind = DingTalkMessageKind.Text, string? secret = Secret, string? prefix = null)
        => new(
            new DingTalkRobotOptions { Url = _server.Url($"/robot/send?access_token={Token}"), Secret = secret, Recipients = ["cs-manager", "petition-deputy"], MessageKind = kind, Prefix = prefix },
            new HttpClient(),
            _time,
            null);

    // The rule of DingTalk's 加签, written out here with other APIs than the channel's.
    private static string Sign(string secret, long timestamp)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return WebUtility.UrlEncode(Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{timestamp}\n{secret}"))));
    }

    [Fact]
    public void Sign_KnownVector_MatchesTheValueComputedOutsideDotNet()
        => Assert.Equal(KnownSign, Sign(Secret, Samples.NowMilliseconds));

    [Fact]
    public async Task DeliverAsync_WithSecret_AppendsTimestampInMillisecondsAndTheUrlEncodedSign()
    {
        await Channel().DeliverAsync(Samples.For("cs-manager"), CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal($"/robot/send?access_token={Token}&timestamp={Samples.NowMilliseconds}&sign={KnownSign}", request.Target);
    }

    [Fact]
    public async Task DeliverAsync_Retry_IsSignedAgainWithTheNewTime()
    {
        _server.Enqueue(new Reply(200, "{\"errcode\":310000,\"errmsg\":\"sign not match\"}"));
        var channel = Channel();
        await Assert.ThrowsAsync<WebhookDeliveryException>(() => channel.DeliverAsync(Samples.For("cs-manager"), CancellationToken.None).AsTask());

        _time.Advance(TimeSpan.FromSeconds(7.5));
        await channel.DeliverAsync(Samples.For("cs-manager"), CancellationToken.None);

        var query = _server.Requests[1].RawQuery;
        var later = Samples.NowMilliseconds + 7_500;
        Assert.Equal((later.ToString(System.Globalization.CultureInfo.InvariantCulture), Sign(Secret, later)), (query["timestamp"], query["sign"]));
    }

    [Fact]
    public async Task DeliverAsync_WithoutSecret_PostsToTheUrlAsItIs()
    {
        await Channel(secret: null).DeliverAsync(Samples.For("cs-manager"), CancellationToken.None);

        Assert.Equal($"/robot/send?access_token={Token}", Assert.Single(_server.Requests).Target);
    }

    [Fact]
    public async Task DeliverAsync_Text_PostsTheSharedTextAsDingTalkTextJson()
    {
        await Channel(prefix: "信访舆情").DeliverAsync(Samples.For("cs-manager"), CancellationToken.None);

        var content = "信访舆情\n" + Samples.SharedSubject + "\n" + Samples.Posted(Samples.SharedBody);
        Assert.Equal("{\"msgtype\":\"text\",\"text\":{\"content\":\"" + Samples.Json(content) + "\"}}", Assert.Single(_server.Requests).Text);
    }

    [Fact]
    public async Task DeliverAsync_Markdown_PostsTitleAndHeadingWithQuotedParagraphs()
    {
        await Channel(DingTalkMessageKind.Markdown).DeliverAsync(Samples.For("cs-manager"), CancellationToken.None);

        var lines = Samples.Posted(Samples.SharedBody).Split('\n');
        var text = $"#### {Samples.SharedSubject}\n\n> {lines[0]}\n\n> {lines[1]}\n\n> {lines[2]}";
        Assert.Equal(
            "{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"" + Samples.SharedSubject + "\",\"text\":\"" + Samples.Json(text) + "\"}}",
            Assert.Single(_server.Requests).Text);
    }

    [Fact]
    public async Task DeliverAsync_ErrorCode_ThrowsWithTheCodeWithoutTokenOrSecret()
    {
        _server.Enqueue(new Reply(200, "{\"errcode\":310000,\"errmsg\":\"keywords not in content\"}"));

        var e = await Assert.ThrowsAsync<WebhookDeliveryException>(() => Channel().DeliverAsync(Samples.For("cs-manager"), CancellationToken.None).AsTask());

        Assert.Equal("310000", e.ErrorCode);
        Assert.DoesNotContain(Token, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliverAsync_ServerError_Throws()
    {
        _server.Enqueue(new Reply(503, "{}"));

        var e = await Assert.ThrowsAsync<WebhookDeliveryException>(() => Channel().DeliverAsync(Samples.For("cs-manager"), CancellationToken.None).AsTask());

        Assert.Equal(503, e.StatusCode);
    }

    [Fact]
    public async Task DeliverAsync_RobotThatNeverAnswers_ThrowsTimeout()
    {
        _server.Enqueue(Reply.Never);
        var delivery = Channel().DeliverAsync(Samples.For("cs-manager"), CancellationToken.None).AsTask();
        await _server.NextAsync();

        _time.Advance(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAsync<TimeoutException>(() => delivery);
    }

    [Fact]
    public async Task DeliverAsync_UrlWithoutQuery_StartsTheSignedQuery()
    {
        var channel = new DingTalkRobotChannel(new DingTalkRobotOptions { Url = _server.Url("/robot/send"), Secret = Secret, Recipients = ["gm"] }, new HttpClient(), _time, null);

        await channel.DeliverAsync(Samples.For("gm"), CancellationToken.None);

        Assert.Equal($"/robot/send?timestamp={Samples.NowMilliseconds}&sign={KnownSign}", Assert.Single(_server.Requests).Target);
    }
}
