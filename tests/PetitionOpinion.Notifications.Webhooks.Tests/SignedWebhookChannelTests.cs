using System.Security.Cryptography;
using System.Text;

namespace PetitionOpinion.Notifications.Webhooks.Tests;

/// <summary>The signed JSON webhook against a real HTTP listener on 127.0.0.1: body, headers, signature, audiences.</summary>
public sealed class SignedWebhookChannelTests : IAsyncDisposable
{
    private const string Secret = "0123456789abcdef-shared";
    private readonly LocalWebhookServer _server = new() { Default = new Reply(204, string.Empty) };
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = Samples.Clock();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private SignedWebhookChannel Channel(SignedWebhookAudience audience = SignedWebhookAudience.Group, params string[] recipients)
        => new(
            new SignedWebhookOptions { Url = _server.Url("/hooks/petition-opinion"), Secret = Secret, Audience = audience, Recipients = [.. recipients] },
            new HttpClient(),
            _time,
            null);

    // The documented signature, written out here with other APIs than the channel's.
    private static string Signature(string secret, string timestamp, byte[] body)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return "sha256=" + Convert.ToHexString(hmac.ComputeHash([.. Encoding.UTF8.GetBytes(timestamp + "."), .. body])).ToLowerInvariant();
    }

    [Fact]
    public void Sign_KnownVector_MatchesTheValueComputedOutsideDotNet()
    {
        // Python: "sha256=" + hmac.new(secret, b"1772442300." + b'{"a":1}', sha256).hexdigest()
        const string Known = "sha256=7956e76842a850b51774a1c252d6d45165cb262d009108ce28b46a23ee7e8e5a";

        Assert.Equal(Known, Signature(Secret, "1772442300", "{\"a\":1}"u8.ToArray()));
        Assert.Equal(Known, SignedWebhook.Sign(Secret, Samples.NowSeconds, "{\"a\":1}"u8));
    }

    [Fact]
    public async Task DeliverAsync_Group_PostsTheSharedTextWithAStableIdTimestampAndSignature()
    {
        await Channel(SignedWebhookAudience.Group, "gm", "cs-manager").DeliverAsync(Samples.For("gm"), CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        var id = request.Headers[SignedWebhook.IdHeader];
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(
            "{\"id\":\"" + id + "\",\"audience\":\"group\",\"incidentId\":\"" + Samples.IncidentText + "\",\"topic\":\"IncidentEscalated\",\"level\":\"I\","
            + "\"subject\":\"" + Samples.SharedSubject + "\",\"body\":\"" + Samples.Json(Samples.SharedBody) + "\",\"createdAt\":\"2026-03-02T17:00:00.0000000+08:00\"}",
            request.Text);
        Assert.Equal("1772442300", request.Headers[SignedWebhook.TimestampHeader]);
        Assert.Equal(Signature(Secret, "1772442300", request.Body), request.Headers[SignedWebhook.SignatureHeader]);
        Assert.True(SignedWebhook.Verify(Secret, request.Headers[SignedWebhook.TimestampHeader], request.Headers[SignedWebhook.SignatureHeader], request.Body, Samples.Now.AddMinutes(2), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task DeliverAsync_GroupSameOccasionForTwoRecipients_PostsOnceAndAnotherChannelGivesTheSameId()
    {
        var channel = Channel(SignedWebhookAudience.Group, "gm", "cs-manager");
        await channel.DeliverAsync(Samples.For("gm"), CancellationToken.None);
        await channel.DeliverAsync(Samples.For("cs-manager"), CancellationToken.None);

        // After a restart (a new channel), the same occasion reached through another recipient carries the same id.
        await Channel(SignedWebhookAudience.Group, "gm", "cs-manager").DeliverAsync(Samples.For("cs-manager"), CancellationToken.None);

        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal(_server.Requests[0].Headers[SignedWebhook.IdHeader], _server.Requests[1].Headers[SignedWebhook.IdHeader]);
        Assert.Equal(_server.Requests[0].Text, _server.Requests[1].Text);
    }

    [Fact]
    public async Task DeliverAsync_GroupNotAddressedOrComplainedAboutReader_PostsNothing()
    {
        var channel = Channel(SignedWebhookAudience.Group, "gm", "cs-manager");

        await channel.DeliverAsync(Samples.For("pr-manager"), CancellationToken.None);
        await channel.DeliverAsync(Samples.For("gm", complainedAbout: new PersonId("cs-manager")), CancellationToken.None);

        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task DeliverAsync_Recipient_PostsTheNotificationAsAddressedWithItsKeyAsId()
    {
        await Channel(SignedWebhookAudience.Recipient).DeliverAsync(Samples.For("gm"), CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        var key = $"{Samples.IncidentText}/2/IncidentEscalated/gm";
        Assert.Equal(key, request.Headers[SignedWebhook.IdHeader]);
        Assert.Equal(
            "{\"id\":\"" + key + "\",\"audience\":\"recipient\",\"incidentId\":\"" + Samples.IncidentText + "\",\"topic\":\"IncidentEscalated\",\"level\":\"I\","
            + "\"subject\":\"" + Samples.PersonalSubject + "\",\"body\":\"" + Samples.Json(Samples.PersonalBody) + "\",\"createdAt\":\"2026-03-02T17:00:00.0000000+08:00\","
            + "\"recipient\":\"gm\",\"recipientName\":\"Person gm\"}",
            request.Text);
        Assert.Equal(Signature(Secret, "1772442300", request.Body), request.Headers[SignedWebhook.SignatureHeader]);
    }

    [Fact]
    public async Task DeliverAsync_RecipientWithRecipientsListed_PostsOnlyTheirsAndEachOne()
    {
        var channel = Channel(SignedWebhookAudience.Recipient, "gm", "cs-manager");

        await channel.DeliverAsync(Samples.For("gm"), CancellationToken.None);
        await channel.DeliverAsync(Samples.For("cs-manager"), CancellationToken.None);
        await channel.DeliverAsync(Samples.For("pr-manager"), CancellationToken.None);

        Assert.Equal(["/gm", "/cs-manager"], _server.Requests.Select(r => r.Headers[SignedWebhook.IdHeader][r.Headers[SignedWebhook.IdHeader].LastIndexOf('/')..]));
    }

    [Fact]
    public async Task DeliverAsync_UnassessedIncident_WritesLevelNull()
    {
        await Channel(SignedWebhookAudience.Recipient).DeliverAsync(Samples.For("gm") with { Level = null }, CancellationToken.None);

        Assert.Contains("\"level\":null,", Assert.Single(_server.Requests).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(202)]
    [InlineData(204)]
    public async Task DeliverAsync_Any2xx_Succeeds(int status)
    {
        _server.Enqueue(new Reply(status, "not json at all"));

        await Channel(SignedWebhookAudience.Recipient).DeliverAsync(Samples.For("gm"), CancellationToken.None);

        Assert.Single(_server.Requests);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task DeliverAsync_OtherStatus_ThrowsWithoutTheSecretOrTheBody(int status)
    {
        _server.Enqueue(new Reply(status, "{\"error\":\"echo: Wang Fang\"}"));

        var e = await Assert.ThrowsAsync<WebhookDeliveryException>(() => Channel(SignedWebhookAudience.Recipient).DeliverAsync(Samples.For("gm"), CancellationToken.None).AsTask());

        Assert.Equal(status, e.StatusCode);
        Assert.DoesNotContain(Secret, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Wang Fang", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliverAsync_ReceiverThatNeverAnswers_ThrowsTimeout()
    {
        _server.Enqueue(Reply.Never);
        var delivery = Channel(SignedWebhookAudience.Recipient).DeliverAsync(Samples.For("gm"), CancellationToken.None).AsTask();
        await _server.NextAsync();

        _time.Advance(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAsync<TimeoutException>(() => delivery);
    }

    [Fact]
    public async Task DeliverAsync_Retry_CarriesTheSameIdAndAFreshSignedTimestamp()
    {
        _server.Enqueue(new Reply(500, string.Empty));
        var channel = Channel(SignedWebhookAudience.Recipient);
        await Assert.ThrowsAsync<WebhookDeliveryException>(() => channel.DeliverAsync(Samples.For("gm"), CancellationToken.None).AsTask());

        _time.Advance(TimeSpan.FromMinutes(1));
        await channel.DeliverAsync(Samples.For("gm"), CancellationToken.None);

        var (first, second) = (_server.Requests[0], _server.Requests[1]);
        Assert.Equal(first.Headers[SignedWebhook.IdHeader], second.Headers[SignedWebhook.IdHeader]);
        Assert.Equal("1772442360", second.Headers[SignedWebhook.TimestampHeader]);
        Assert.Equal(Signature(Secret, "1772442360", second.Body), second.Headers[SignedWebhook.SignatureHeader]);
    }
}

/// <summary><see cref="SignedWebhook.Verify"/>: what a receiver checks.</summary>
public sealed class SignedWebhookVerifyTests
{
    private const string Secret = "0123456789abcdef-shared";
    private static readonly byte[] Body = "{\"id\":\"x\"}"u8.ToArray();
    private static readonly string Timestamp = Samples.NowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    private static readonly string Good = SignedWebhook.Sign(Secret, Samples.NowSeconds, Body);

    [Fact]
    public void Verify_Genuine_IsTrue()
        => Assert.True(SignedWebhook.Verify(Secret, Timestamp, Good, Body, Samples.Now, TimeSpan.FromMinutes(5)));

    [Fact]
    public void Verify_TamperedBody_IsFalse()
        => Assert.False(SignedWebhook.Verify(Secret, Timestamp, Good, "{\"id\":\"y\"}"u8, Samples.Now, TimeSpan.FromMinutes(5)));

    [Fact]
    public void Verify_OtherSecret_IsFalse()
        => Assert.False(SignedWebhook.Verify("another-secret-0123456", Timestamp, Good, Body, Samples.Now, TimeSpan.FromMinutes(5)));

    [Fact]
    public void Verify_OtherTimestampWithTheSameSignature_IsFalse()
        => Assert.False(SignedWebhook.Verify(Secret, (Samples.NowSeconds + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Good, Body, Samples.Now, TimeSpan.FromMinutes(5)));

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void Verify_StaleOrFutureTimestamp_IsFalse(int seconds)
        => Assert.False(SignedWebhook.Verify(Secret, Timestamp, Good, Body, Samples.Now.AddSeconds(seconds), TimeSpan.FromMinutes(5)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha1=abc")]
    [InlineData("sha256=zz")]
    [InlineData("sha256=7956e76842a850b51774a1c252d6d45165cb262d009108ce28b46a23ee7e8e5")]
    public void Verify_MalformedSignature_IsFalse(string? signature)
        => Assert.False(SignedWebhook.Verify(Secret, Timestamp, signature, Body, Samples.Now, TimeSpan.FromMinutes(5)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-5")]
    [InlineData("1e9")]
    [InlineData("99999999999999999999")]
    public void Verify_MalformedTimestamp_IsFalse(string? timestamp)
        => Assert.False(SignedWebhook.Verify(Secret, timestamp, Good, Body, Samples.Now, TimeSpan.FromMinutes(5)));
}
