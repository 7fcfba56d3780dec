using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace PetitionOpinion.Notifications.Webhooks.Tests;

/// <summary>
/// The signed webhook against an off-the-shelf Standard Webhooks implementation (the StandardWebhooks package): what
/// the channel sends verifies with its verifier, and what it signs verifies with <see cref="SignedWebhook.Verify"/>.
/// </summary>
/// <remarks>
/// That verifier checks the timestamp against the machine's clock (five minutes either way) and has no clock to inject:
/// these tests start their fake clock at the machine's time, the only place the tests read it.
/// </remarks>
public sealed class StandardWebhooksInteropTests : IAsyncDisposable
{
    private const string StandardSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string PlainSecret = "0123456789abcdef-shared";
    private readonly LocalWebhookServer _server = new() { Default = new Reply(204, string.Empty) };
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Theory]
    [InlineData(SignedWebhookAudience.Group, StandardSecret)]
    [InlineData(SignedWebhookAudience.Recipient, StandardSecret)]
    [InlineData(SignedWebhookAudience.Group, PlainSecret)]
    public async Task DeliverAsync_WhatTheChannelSends_VerifiesWithTheStandardVerifier(SignedWebhookAudience audience, string secret)
    {
        var options = new SignedWebhookOptions { Url = _server.Url("/hooks"), Secret = secret, Audience = audience, Recipients = ["gm"] };
        await new SignedWebhookChannel(options, new HttpClient(), _time, null).DeliverAsync(Samples.For("gm"), CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        var headers = new HeaderDictionary
        {
            ["webhook-id"] = request.Headers["webhook-id"],
            ["webhook-timestamp"] = request.Headers["webhook-timestamp"],
            ["webhook-signature"] = request.Headers["webhook-signature"],
        };
        var verifier = new StandardWebhook(SignedWebhook.ToStandardSecret(secret));

        verifier.Verify(request.Text, headers);

        // And a tampered body does not verify.
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify(request.Text.Replace("\"level\":\"I\"", "\"level\":\"IV\"", StringComparison.Ordinal), headers));
    }

    [Theory]
    [InlineData(StandardSecret)]
    [InlineData(PlainSecret)]
    public void Verify_WhatTheStandardLibrarySigns_IsGenuine(string secret)
    {
        const string Id = "msg_2mRcQH0eBgd3xBvXrR0bHfJNbE7";
        const string Body = "{\"id\":\"msg_2mRcQH0eBgd3xBvXrR0bHfJNbE7\",\"subject\":\"客户 says, \\\"hello\\\"\"}";
        var now = _time.GetUtcNow();
        var signature = new StandardWebhook(SignedWebhook.ToStandardSecret(secret)).Sign(Id, now, Body);
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        Assert.True(SignedWebhook.Verify(secret, Id, timestamp, signature, Encoding.UTF8.GetBytes(Body), now.AddMinutes(1), TimeSpan.FromMinutes(5)));
        Assert.Equal(signature, SignedWebhook.Sign(secret, Id, now.ToUnixTimeSeconds(), Encoding.UTF8.GetBytes(Body)));
        Assert.False(SignedWebhook.Verify(secret, Id, timestamp, signature, Encoding.UTF8.GetBytes(Body + " "), now, TimeSpan.FromMinutes(5)));
    }
}
