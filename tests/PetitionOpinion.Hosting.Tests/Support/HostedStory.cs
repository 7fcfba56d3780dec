using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PetitionOpinion.Incidents;
using PetitionOpinion.Notifications;
using PetitionOpinion.Organization;
using PetitionOpinion.Storage;
using PetitionOpinion.Storage.Conformance;

namespace PetitionOpinion.Hosting.Tests.Support;

/// <summary>
/// A host made of <c>AddPetitionOpinion</c> (the seed organisation with the conformance kit's people), a store,
/// <c>AddPetitionOpinionHosting</c>, a recording channel and the health checks, on a fake clock that moves only when a
/// test runs it (<see cref="RunUntilAsync"/>: to each loop's next wake-up in turn, waiting — with a bounded time-out — for
/// the loops to finish their passes).
/// </summary>
public sealed class HostedStory : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <param name="hosting">Changes to the hosting options.</param>
    /// <param name="services">Further registrations.</param>
    /// <param name="store">The store; default: <see cref="Store"/>, the in-memory store that fails on demand (not shared).</param>
    /// <param name="petitionOpinion">Further registrations on the builder <c>AddPetitionOpinion</c> returned.</param>
    public HostedStory(Action<PetitionOpinionHostingOptions>? hosting = null, Action<IServiceCollection>? services = null, IIncidentStore? store = null, Action<IPetitionOpinionBuilder>? petitionOpinion = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddProvider(Logs);
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.Services.AddSingleton(store ?? Store);
        var library = builder.Services
            .AddPetitionOpinion(o =>
            {
                o.ConfigureOrganization(b => AddPeople(b));
                o.Notifications.PollInterval = TimeSpan.FromMinutes(10);
                o.Notifications.JitterRatio = 0;
            })
            .AddNotificationChannel(Channel)
            .AddPetitionOpinionHosting(o =>
            {
                o.ScanInterval = TimeSpan.FromMinutes(10);
                o.ScanAgeThreshold = TimeSpan.FromMinutes(30);
                hosting?.Invoke(o);
            });
        petitionOpinion?.Invoke(library);
        builder.Services.AddHealthChecks().AddPetitionOpinionChecks();
        services?.Invoke(builder.Services);
        Host = builder.Build();
    }

    public FakeTimeProvider Clock { get; } = new(ConformanceScenario.Start);

    public FlakyStore Store { get; } = new();

    public RecordingChannel Channel { get; } = new();

    public LogCapture Logs { get; } = new();

    public IHost Host { get; }

    internal HostingState State => Host.Services.GetRequiredService<HostingState>();

    public static OrganizationBuilder AddPeople(OrganizationBuilder builder)
    {
        foreach (var person in KitPeople.Assignments.Select(a => a.Person).Distinct())
        {
            builder.AddPerson(person, $"Person {person}");
        }

        foreach (var (position, person) in KitPeople.Assignments)
        {
            builder.Assign(position, person);
        }

        return builder;
    }

    /// <summary>Starts the host and waits until both loops have made their first pass.</summary>
    public async Task StartAsync()
    {
        await Host.StartAsync();
        await WaitUntilAsync(() => State.Deadlines.Waits > 0 && State.Dispatcher.Waits > 0);
    }

    /// <summary>The seed story's complaint, reported by the customer service representative.</summary>
    public async Task<IncidentId> ReportAsync()
    {
        var repository = Host.Services.GetRequiredService<IncidentRepository>();
        var command = new ReportIncident(
            KitPeople.CustomerServiceRep,
            IncidentKind.Petition,
            IntakeChannel.Hotline,
            RiskCategory.DataPrivacy,
            "Caller says a phishing SMS quoted her recent order history.",
            new PetitionerDetails("Ms. Lin", "+86 138 0000 0000"),
            new ComplainedParty(null, Departments.TechnicalSupport));
        return (await repository.ReportAsync(command, null, CancellationToken.None)).Match(i => i.Id, e => throw new InvalidOperationException($"The report was refused: {e}"));
    }

    /// <summary>Moves the clock to each loop's next wake-up in turn until <paramref name="until"/>, letting the loops run.</summary>
    /// <param name="until">The time to stop at.</param>
    /// <param name="stop">Stops earlier, once it holds after a step.</param>
    public async Task RunUntilAsync(DateTimeOffset until, Func<bool>? stop = null)
    {
        var deadlines = State.Deadlines;
        var dispatcher = State.Dispatcher;
        while (Clock.GetUtcNow() < until && stop?.Invoke() != true)
        {
            var (deadlineWaits, deadlineWake) = (deadlines.Waits, deadlines.WakeAt!.Value);
            var (dispatcherWaits, dispatcherWake) = (dispatcher.Waits, dispatcher.WakeAt!.Value);
            var next = new[] { deadlineWake, dispatcherWake, until }.Min();
            if (next > Clock.GetUtcNow())
            {
                Clock.Advance(next - Clock.GetUtcNow());
            }

            var now = Clock.GetUtcNow();
            await WaitUntilAsync(() => (deadlineWake > now || deadlines.Waits > deadlineWaits) && (dispatcherWake > now || dispatcher.Waits > dispatcherWaits));
        }
    }

    /// <summary>Runs the loops for <paramref name="duration"/> of the fake clock.</summary>
    public Task RunForAsync(TimeSpan duration) => RunUntilAsync(Clock.GetUtcNow() + duration);

    public async Task<HealthReport> HealthAsync(string tag)
        => await Host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains(tag));

    public async Task<IReadOnlyList<OutboxMessage>> PendingAsync()
    {
        var outage = Store.Outage;
        Store.Outage = Outage.None;
        try
        {
            return await Store.ReadOutboxAsync(int.MaxValue, CancellationToken.None);
        }
        finally
        {
            Store.Outage = outage;
        }
    }

    public IEnumerable<NotificationTopic> DeliveredTopics => Channel.Delivered.Select(n => n.Topic);

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }

    private async Task WaitUntilAsync(Func<bool> condition)
    {
        while (true)
        {
            var changed = State.Changed;
            if (condition())
            {
                return;
            }

            await changed.WaitAsync(Patience);
        }
    }
}
