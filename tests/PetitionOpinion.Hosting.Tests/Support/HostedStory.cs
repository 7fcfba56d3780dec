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
/// test runs it (<see cref="RunUntilAsync(DateTimeOffset, Func{bool})"/>: to each loop's next wake-up in turn, waiting —
/// with a bounded time-out — for the loops to finish their passes). The store is the in-memory one that fails on demand
/// (<see cref="Store"/>) unless the test gives another or registers one (<c>petitionOpinion: b =&gt; b.UseSqliteStore(…)</c>);
/// several hosts on one clock (the instances of an application) run together with
/// <see cref="RunUntilAsync(IReadOnlyList{HostedStory}, DateTimeOffset, Func{bool})"/>.
/// </summary>
public sealed class HostedStory : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <param name="hosting">Changes to the hosting options.</param>
    /// <param name="services">Further registrations.</param>
    /// <param name="store">The store; default: <see cref="Store"/>, the in-memory store that fails on demand (not shared).</param>
    /// <param name="petitionOpinion">Further registrations on the builder <c>AddPetitionOpinion</c> returned, e.g. a store of its own.</param>
    /// <param name="clock">The clock; default: a new one at <see cref="ConformanceScenario.Start"/> (hosts that run together share one).</param>
    public HostedStory(Action<PetitionOpinionHostingOptions>? hosting = null, Action<IServiceCollection>? services = null, IIncidentStore? store = null, Action<IPetitionOpinionBuilder>? petitionOpinion = null, FakeTimeProvider? clock = null)
    {
        Clock = clock ?? new FakeTimeProvider(ConformanceScenario.Start);
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

    public FakeTimeProvider Clock { get; }

    public FlakyStore Store { get; } = new();

    /// <summary>Gets the store the host uses: <see cref="Store"/>, unless the test gave or registered another.</summary>
    public IIncidentStore StoreInUse => Host.Services.GetRequiredService<IIncidentStore>();

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
    public Task RunUntilAsync(DateTimeOffset until, Func<bool>? stop = null) => RunUntilAsync([this], until, stop);

    /// <summary>Runs the loops for <paramref name="duration"/> of the fake clock.</summary>
    public Task RunForAsync(TimeSpan duration) => RunUntilAsync(Clock.GetUtcNow() + duration);

    /// <summary>
    /// Moves the clock the hosts share to the next wake-up of any of their loops in turn until <paramref name="until"/>,
    /// letting every loop that is due run its pass.
    /// </summary>
    /// <param name="stories">The started hosts, on one clock.</param>
    /// <param name="until">The time to stop at.</param>
    /// <param name="stop">Stops earlier, once it holds after a step.</param>
    public static async Task RunUntilAsync(IReadOnlyList<HostedStory> stories, DateTimeOffset until, Func<bool>? stop = null)
    {
        var clock = stories[0].Clock;
        if (stories.Any(s => s.Clock != clock))
        {
            throw new ArgumentException("Hosts that run together share one clock.", nameof(stories));
        }

        while (clock.GetUtcNow() < until && stop?.Invoke() != true)
        {
            var loops = stories.Select(s => s.State).Select(s => new[] { s.Deadlines, s.Dispatcher }.Select(l => (Loop: l, l.Waits, Wake: l.WakeAt!.Value)).ToArray()).ToArray();
            var next = loops.SelectMany(l => l).Select(l => l.Wake).Append(until).Min();
            if (next > clock.GetUtcNow())
            {
                clock.Advance(next - clock.GetUtcNow());
            }

            var now = clock.GetUtcNow();
            for (var i = 0; i < stories.Count; i++)
            {
                var due = loops[i];
                await stories[i].WaitUntilAsync(() => due.All(l => l.Wake > now || l.Loop.Waits > l.Waits));
            }
        }
    }

    public async Task<HealthReport> HealthAsync(string tag)
        => await Host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains(tag));

    public async Task<IReadOnlyList<OutboxMessage>> PendingAsync()
    {
        if (!ReferenceEquals(StoreInUse, Store))
        {
            return await StoreInUse.ReadOutboxAsync(int.MaxValue, CancellationToken.None);
        }

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
