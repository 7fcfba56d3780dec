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

    // The documented signature (Standard Webhooks), written out here with other APIs than the channel's.
    private static string Signature(string secret, string id, string timestamp, byte[] body)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return "v1," + Convert.ToBase64String(hmac.ComputeHash([.. Encoding.UTF8.GetBytes(id + "." + timestamp + "."), .. body]));
    }

    [Fact]
    public void Sign_KnownVector_MatchesTheValueComputedOutsideDotNet()
    {
        // Python: "v1," + base64(hmac.new(secret, b"msg_1.1772442300." + b'{"a":1}', sha256).digest())
        const string Known = "v1,sctOuX2BIS2vwqMe5/ERYaArFk/rLbPMjqKgu0wN1GU=";

        Assert.Equal(Known, Signature(Secret, "msg_1", "1772442300", "{\"a\":1}"u8.ToArray()));
        Assert.Equal(Known, SignedWebhook.Sign(Secret, "msg_1", Samples.NowSeconds, "{\"a\":1}"u8));
    }

    [Fact]
    public void Sign_TheSpecificationsExample_GivesItsSignature()
    {
        // The example of the Standard Webhooks specification and its reference libraries.
        const string Spec = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

        Assert.Equal(Spec, SignedWebhook.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"u8));
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
        Assert.Equal(Signature(Secret, id, "1772442300", request.Body), request.Headers[SignedWebhook.SignatureHeader]);
        Assert.True(SignedWebhook.Verify(Secret, id, request.Headers[SignedWebhook.TimestampHeader], request.Headers[SignedWebhook.SignatureHeader], request.Body, Samples.Now.AddMinutes(2), TimeSpan.FromMinutes(5)));
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
        Assert.Equal(Signature(Secret, key, "1772442300", request.Body), request.Headers[SignedWebhook.SignatureHeader]);
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
        Assert.Equal(Signature(Secret, second.Headers[SignedWebhook.IdHeader], "1772442360", second.Body), second.Headers[SignedWebhook.SignatureHeader]);
    }
}

/// <summary><see cref="SignedWebhook.Verify"/>: what a receiver checks.</summary>
public sealed class SignedWebhookVerifyTests
{
    private const string Secret = "0123456789abcdef-shared";
    private const string Id = "msg_1";
    private static readonly byte[] Body = "{\"id\":\"x\"}"u8.ToArray();
    private static readonly string Timestamp = Samples.NowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    private static readonly string Good = SignedWebhook.Sign(Secret, Id, Samples.NowSeconds, Body);

    [Fact]
    public void Verify_Genuine_IsTrue()
        => Assert.True(SignedWebhook.Verify(Secret, Id, Timestamp, Good, Body, Samples.Now, TimeSpan.FromMinutes(5)));

    [Fact]
    public void Verify_TheSecretInStandardForm_IsTheSameKey()
    {
        var standard = SignedWebhook.ToStandardSecret(Secret);

        Assert.StartsWith("whsec_", standard, StringComparison.Ordinal);
        Assert.Equal(standard, SignedWebhook.ToStandardSecret(standard));
        Assert.Equal(Good, SignedWebhook.Sign(standard, Id, Samples.NowSeconds, Body));
        Assert.True(SignedWebhook.Verify(standard, Id, Timestamp, Good, Body, Samples.Now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Verify_SeveralSignaturesOneOfThemGood_IsTrue()
    {
        // A sender rotating its secret signs with the old and the new one; unknown versions are ignored.
        var old = SignedWebhook.Sign("the-old-secret-0123456", Id, Samples.NowSeconds, Body);

        Assert.True(SignedWebhook.Verify(Secret, Id, Timestamp, $"v1a,bm90IGEgc2lnbmF0dXJl {old} {Good}", Body, Samples.Now, TimeSpan.FromMinutes(5)));
        Assert.True(SignedWebhook.Verify(Secret, Id, Timestamp, $"{Good} {old}", Body, Samples.Now, TimeSpan.FromMinutes(5)));
        Assert.False(SignedWebhook.Verify(Secret, Id, Timestamp, $"{old} v1a,{Good[3..]}", Body, Samples.Now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Verify_TamperedBody_IsFalse()
        => Assert.False(SignedWebhook.Verify(Secret, Id, Timestamp, Good, "{\"id\":\"y\"}"u8, Samples.Now, TimeSpan.FromMinutes(5)));

    [Fact]
    public void Verify_OtherId_IsFalse()
        => Assert.False(SignedWebhook.Verify(Secret, "msg_2", Timestamp, Good, Body, Samples.Now, TimeSpan.FromMinutes(5)));

    [Fact]
    public void Verify_OtherSecret_IsFalse()
        => Assert.False(SignedWebhook.Verify("another-secret-0123456", Id, Timestamp, Good, Body, Samples.Now, TimeSpan.FromMinutes(5)));

    [Fact]
    public void Verify_OtherTimestampWithTheSameSignature_IsFalse()
        => Assert.False(SignedWebhook.Verify(Secret, Id, (Samples.NowSeconds + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Good, Body, Samples.Now, TimeSpan.FromMinutes(5)));

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void Verify_StaleOrFutureTimestamp_IsFalse(int seconds)
        => Assert.False(SignedWebhook.Verify(Secret, Id, Timestamp, Good, Body, Samples.Now.AddSeconds(seconds), TimeSpan.FromMinutes(5)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("sha256=abc")]
    [InlineData("v1,zz")]
    [InlineData("v1,sctOuX2BIS2vwqMe5/ERYaArFk/rLbPMjqKgu0wN1G==")]
    [InlineData("v1,")]
    public void Verify_MalformedSignature_IsFalse(string? signature)
        => Assert.False(SignedWebhook.Verify(Secret, Id, Timestamp, signature, Body, Samples.Now, TimeSpan.FromMinutes(5)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-5")]
    [InlineData("1e9")]
    [InlineData("99999999999999999999")]
    public void Verify_MalformedTimestamp_IsFalse(string? timestamp)
        => Assert.False(SignedWebhook.Verify(Secret, Id, timestamp, Good, Body, Samples.Now, TimeSpan.FromMinutes(5)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Verify_NoId_IsFalse(string? id)
        => Assert.False(SignedWebhook.Verify(Secret, id, Timestamp, Good, Body, Samples.Now, TimeSpan.FromMinutes(5)));

    [Fact]
    public void Verify_AStandardSecretThatIsNotBase64_IsFalse()
        => Assert.False(SignedWebhook.Verify("whsec_not*base64*at*all", Id, Timestamp, Good, Body, Samples.Now, TimeSpan.FromMinutes(5)));
}
