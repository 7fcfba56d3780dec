using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PetitionOpinion.Hosting;
using PetitionOpinion.Notifications;
using PetitionOpinion.Samples.WebApi.Tests.Support;

namespace PetitionOpinion.Samples.WebApi.Tests.Hosting;

/// <summary>
/// The sample runs the library's loops (PetitionOpinion.Hosting): a complaint reported over HTTP and left alone raises
/// deadline warnings, a breach and an escalation, delivered as notifications, as its fake clock moves on; /health answers.
/// </summary>
public sealed class HostedLoopsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Program_ComplaintLeftAloneForThreeDays_DeliversWarningsBreachAndEscalation()
    {
        var channel = new Recording();
        using var api = new SampleApi(settings: new Dictionary<string, string?>
        {
            ["PetitionOpinion:Hosting:ScanInterval"] = "00:10:00",
            ["PetitionOpinion:Hosting:ScanAgeThreshold"] = "00:30:00",
            ["PetitionOpinion:Notifications:PollInterval"] = "00:10:00",
        }, services: s => s.AddSingleton<INotificationChannel>(channel));
        await Story.ReportAsync(api);
        var state = api.Services.GetRequiredService<HostingState>();

        await RunAsync(api, state, TimeSpan.FromDays(3));

        var topics = channel.Delivered.Select(n => n.Topic).ToList();
        Assert.Contains(NotificationTopic.DeadlineWarning, topics);
        Assert.Contains(NotificationTopic.DeadlineBreached, topics);
        Assert.Contains(NotificationTopic.DeadlineEscalated, topics);
        Assert.Equal(channel.Delivered.Count, channel.Delivered.Select(n => n.DeduplicationKey).Distinct().Count());
    }

    [Theory]
    [InlineData("/health/live", "Healthy")]
    [InlineData("/health/ready", "Degraded")] // no audit key is configured in the sample
    [InlineData("/health", "Degraded")]
    public async Task Health_Anonymous_AnswersTheStatus(string path, string status)
    {
        using var api = new SampleApi();
        using var client = api.Anonymous();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(status, await response.Content.ReadAsStringAsync());
    }

    // Moves the clock to each loop's next wake-up in turn, waiting (bounded) for the loops to finish their passes.
    private static async Task RunAsync(SampleApi api, HostingState state, TimeSpan duration)
    {
        await UntilAsync(state, () => state.Deadlines.Waits > 0 && state.Dispatcher.Waits > 0);
        var until = api.Clock.GetUtcNow() + duration;
        while (api.Clock.GetUtcNow() < until)
        {
            var (deadlineWaits, deadlineWake) = (state.Deadlines.Waits, state.Deadlines.WakeAt!.Value);
            var (dispatcherWaits, dispatcherWake) = (state.Dispatcher.Waits, state.Dispatcher.WakeAt!.Value);
            var next = new[] { deadlineWake, dispatcherWake, until }.Min();
            if (next > api.Clock.GetUtcNow())
            {
                api.Clock.Advance(next - api.Clock.GetUtcNow());
            }

            var now = api.Clock.GetUtcNow();
            await UntilAsync(state, () => (deadlineWake > now || state.Deadlines.Waits > deadlineWaits) && (dispatcherWake > now || state.Dispatcher.Waits > dispatcherWaits));
        }
    }

    private static async Task UntilAsync(HostingState state, Func<bool> condition)
    {
        while (true)
        {
            var changed = state.Changed;
            if (condition())
            {
                return;
            }

            await changed.WaitAsync(Patience);
        }
    }

    private sealed class Recording : INotificationChannel
    {
        public string Name => "recording";

        public ConcurrentQueue<Notification> Delivered { get; } = new();

        public ValueTask DeliverAsync(Notification notification, CancellationToken cancellationToken)
        {
            Delivered.Enqueue(notification);
            return ValueTask.CompletedTask;
        }
    }
}
