using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PetitionOpinion.Notifications.Webhooks.Tests;

/// <summary>
/// The README's resilience handler on a channel's named HttpClient (package Microsoft.Extensions.Http.Resilience, which
/// the webhook package does not take): its options are valid, and a failed post is tried once — the outbox retries it.
/// </summary>
public sealed class ResilienceHandlerTests : IAsyncDisposable
{
    private readonly LocalWebhookServer _server = new();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private sealed class Builder(IServiceCollection services) : IPetitionOpinionBuilder
    {
        public IServiceCollection Services { get; } = services;
    }

    [Fact]
    public async Task DeliverAsync_ThroughTheStandardResilienceHandler_FailsOnceWithoutRetryingItself()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Samples.Clock());
        new Builder(services).AddWeComRobot(o => { o.Url = _server.Url("/cgi-bin/webhook/send?key=k"); o.Recipients = ["gm"]; });

        // <webhooks-readme-resilience>
        // Package Microsoft.Extensions.Http.Resilience. The outbox already retries a failed delivery with back-off, so the
        // handler adds no retries of its own: it keeps the circuit breaker and the time-outs.
        services.AddHttpClient(WebhookPetitionOpinionBuilderExtensions.HttpClientNamePrefix + "wecom") // the channel's Name
            .AddStandardResilienceHandler(o =>
            {
                o.Retry.ShouldHandle = _ => ValueTask.FromResult(false);     // never retry here: the outbox does
                o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(10);          // the channel's Timeout (10 s) ends it anyway
                o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(30);     // more than the attempt's
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30); // at least twice the attempt's
            });
        // </webhooks-readme-resilience>
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var channel = Assert.Single(provider.GetServices<INotificationChannel>());

        _server.Enqueue(new Reply(503, "busy"));
        var error = await Assert.ThrowsAsync<WebhookDeliveryException>(() => channel.DeliverAsync(Samples.For("gm"), CancellationToken.None).AsTask());

        Assert.Equal(503, error.StatusCode);
        Assert.Single(_server.Requests);

        // The next attempt (the outbox's) goes through.
        await channel.DeliverAsync(Samples.For("gm"), CancellationToken.None);
        Assert.Equal(2, _server.Requests.Count);
    }
}
