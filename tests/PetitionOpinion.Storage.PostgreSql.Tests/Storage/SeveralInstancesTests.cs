using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Notifications;
using PetitionOpinion.Storage.Conformance;
using PetitionOpinion.Storage.PostgreSql.Tests.Support;

namespace PetitionOpinion.Storage.PostgreSql.Tests.Storage;

/// <summary>
/// Several application instances — each its own service provider, with its own connection pool, dispatcher and deadline
/// monitor — on one PostgreSQL database: every notification delivered, none twice while every instance lives; an
/// escalation raised once; the work of an instance stopped mid-run taken over by the others.
/// </summary>
public sealed class SeveralInstancesTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private readonly FakeTimeProvider _time = new(ConformanceScenario.Start);
    private readonly ConcurrentQueue<(string Instance, string Key)> _deliveries = new();
    private readonly List<Instance> _instances = [];
    private int _started;
    private TestSchema? _schema;

    private string SchemaName => _schema!.Name;

    public async Task InitializeAsync() => _schema = await TestSchema.CreateAsync();

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        if (_schema is { } schema)
        {
            await schema.DisposeAsync();
        }
    }

    [Fact]
    public async Task Dispatchers_ThreeInstances_EveryNotificationDeliveredExactlyOnce()
    {
        var instances = Start(3);
        var expected = await ReportAsync(instances[0], 12);

        for (var round = 0; round < 20 && await PendingAsync(instances[0]) > 0; round++)
        {
            await Task.WhenAll(instances.Select(i => i.Dispatcher.DispatchPendingAsync(None).AsTask()));
        }

        var keys = _deliveries.Select(d => d.Key).ToList();
        Assert.Equal(expected.Order(), keys.Order()); // each exactly once
        Assert.True(_deliveries.Select(d => d.Instance).Distinct().Count() >= 2, "the work was not shared");
        Assert.Equal(0, await PendingAsync(instances[0]));
    }

    [Fact]
    public async Task Dispatchers_InstanceStoppedMidRun_OthersDeliverItsWorkAfterItsClaimRunsOut()
    {
        var instances = Start(2);
        var expected = await ReportAsync(instances[0], 6);
        var dying = instances[0];
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        dying.Channel.Block = gate.Task;
        using var kill = new CancellationTokenSource();

        // The first instance claims a batch and hangs on its first delivery; then it dies (pass cancelled, provider gone).
        var pass = dying.Dispatcher.DispatchPendingAsync(kill.Token).AsTask();
        await WaitUntilAsync(() => dying.Channel.Started > 0);
        await kill.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pass);
        _instances.Remove(dying);
        await dying.DisposeAsync();

        // The survivor delivers everything but the dead instance's claimed batch; once the claim runs out, that too.
        var survivor = instances[1];
        await DrainAsync(survivor);
        var beforeTimeout = _deliveries.Count;
        Assert.Equal(4, await PendingAsync(survivor)); // one batch, claimed by the dead instance
        _time.Advance(new InstanceCoordinationOptions().OutboxClaimDuration);
        await DrainAsync(survivor);

        Assert.Equal(expected.Count - 4, beforeTimeout);
        Assert.Equal(expected.Order(), _deliveries.Select(d => d.Key).Order());
        Assert.All(_deliveries, d => Assert.Equal(survivor.Name, d.Instance));
        Assert.Equal(0, await PendingAsync(survivor));
    }

    [Fact]
    public async Task DeadlineMonitors_ThreeInstances_OneScansAndEachEscalationIsRaisedOnce()
    {
        var instances = Start(3);
        var ids = await ReportIncidentsAsync(instances[0], 3);
        _time.Advance(TimeSpan.FromDays(3));

        var scans = await Task.WhenAll(instances.Select(i => i.Monitor.ScanIfLeadingAsync(Interval, None).AsTask()));
        // Without the lease, all three at once: still each alert once (an alert is an event, the appends conflict).
        var unguarded = await Task.WhenAll(instances.Select(i => i.Monitor.ScanAsync(None).AsTask()));

        Assert.Single(scans, s => s is not null);
        Assert.All(unguarded, s => Assert.Empty(s.Alerts));
        foreach (var id in ids)
        {
            var incident = (await instances[1].Repository.FindAsync(id, None))!;
            var escalations = incident.DeadlineAlerts.Where(a => a.Alert == DeadlineAlertKind.Escalation).ToList();
            Assert.NotEmpty(escalations);
            Assert.Equal(incident.DeadlineAlerts.Count, incident.DeadlineAlerts.Select(a => (a.Deadline, a.Alert, a.Percent)).Distinct().Count());
        }
    }

    [Fact]
    public async Task DeadlineMonitors_LeaderStopped_AnotherTakesOver()
    {
        var instances = Start(2);
        var leader = instances[0];
        var standby = instances[1];
        Assert.NotNull(await leader.Monitor.ScanIfLeadingAsync(Interval, None));
        Assert.Null(await standby.Monitor.ScanIfLeadingAsync(Interval, None));

        // The leader dies without releasing: the standby takes over once the lease (interval + 2 minutes) runs out.
        _instances.Remove(leader);
        await leader.DisposeAsync();
        _time.Advance(Interval + new InstanceCoordinationOptions().ScannerLeaseDuration - TimeSpan.FromTicks(1));
        Assert.Null(await standby.Monitor.ScanIfLeadingAsync(Interval, None));
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.NotNull(await standby.Monitor.ScanIfLeadingAsync(Interval, None));

        // A third instance started now stands by; a clean stop (RunAsync cancelled) hands over at once.
        var third = Start(1)[0];
        using var stop = new CancellationTokenSource();
        var run = standby.Monitor.RunAsync(Interval, stop.Token);
        Assert.Null(await third.Monitor.ScanIfLeadingAsync(Interval, None));
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(await third.Monitor.ScanIfLeadingAsync(Interval, None));
    }

    private List<Instance> Start(int count)
    {
        var started = new List<Instance>();
        for (var i = 0; i < count; i++)
        {
            var instance = new Instance($"instance-{++_started}", SchemaName, _time, _deliveries);
            _instances.Add(instance);
            started.Add(instance);
        }

        return started;
    }

    private async Task<List<IncidentId>> ReportIncidentsAsync(Instance instance, int count)
    {
        var ids = new List<IncidentId>();
        for (var i = 0; i < count; i++)
        {
            _time.Advance(ConformanceScenario.Step);
            var command = new ReportIncident(KitPeople.CustomerServiceRep, IncidentKind.Petition, IntakeChannel.Hotline, RiskCategory.ProductQuality, $"Complaint {i}: the parcel arrived broken.", null, null);
            ids.Add((await instance.Repository.ReportAsync(command, null, None)).Match(x => x.Id, e => throw new InvalidOperationException($"refused: {e}")));
        }

        return ids;
    }

    /// <summary>
    /// Reports incidents and lets their acknowledgement deadlines pass, then scans once: the warnings, breaches and
    /// escalations go into the outbox with their notifications, until at least <paramref name="atLeast"/> are pending.
    /// Returns the pending notifications' keys.
    /// </summary>
    private async Task<List<string>> ReportAsync(Instance instance, int atLeast)
    {
        for (var round = 0; round < 10 && await PendingAsync(instance) < atLeast; round++)
        {
            await ReportIncidentsAsync(instance, 2);
            _time.Advance(TimeSpan.FromDays(3));
            await instance.Monitor.ScanAsync(None);
        }

        var pending = await instance.Store.ReadOutboxAsync(10_000, None);
        Assert.True(pending.Count >= atLeast, $"only {pending.Count} notifications pending");
        return [.. pending.Select(m => m.DeduplicationKey)];
    }

    /// <summary>Runs passes of the instance's dispatcher until one delivers nothing.</summary>
    private static async Task DrainAsync(Instance instance)
    {
        for (var pass = 0; pass < 100 && (await instance.Dispatcher.DispatchPendingAsync(None)).Delivered > 0; pass++)
        {
        }
    }

    private static async Task<int> PendingAsync(Instance instance) => (await instance.Store.ReadOutboxAsync(10_000, None)).Count;

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        // Waits for another task's progress (not for time to pass): bounded so that a bug fails instead of hanging.
        for (var i = 0; i < 3_000 && !condition(); i++)
        {
            await Task.Delay(5);
        }

        Assert.True(condition());
    }

    /// <summary>One application instance: its own container, store (connection pool), dispatcher and deadline monitor.</summary>
    private sealed class Instance : IAsyncDisposable
    {
        private readonly ServiceProvider _provider;

        public Instance(string name, string schema, TimeProvider time, ConcurrentQueue<(string, string)> deliveries)
        {
            Name = name;
            Channel = new RecordingChannel(name, deliveries);
            var services = new ServiceCollection();
            services.AddSingleton(time);
            services.AddPetitionOpinion(o =>
                {
                    Staff(o);
                    o.Coordination.InstanceName = name;
                    o.Notifications.JitterRatio = 0;
                    o.Notifications.BatchSize = 4; // small batches, so that the instances share the outbox
                })
                .UsePostgreSqlStore(o =>
                {
                    o.ConnectionString = PostgreSqlServer.ConnectionString!;
                    o.Schema = schema;
                })
                .AddNotificationChannel(Channel);
            _provider = services.BuildServiceProvider();
            Store = _provider.GetRequiredService<IIncidentStore>();
            Repository = _provider.GetRequiredService<IncidentRepository>();
            Dispatcher = _provider.GetRequiredService<NotificationDispatcher>();
            Monitor = _provider.GetRequiredService<DeadlineMonitor>();
        }

        public string Name { get; }

        public RecordingChannel Channel { get; }

        public IIncidentStore Store { get; }

        public IncidentRepository Repository { get; }

        public NotificationDispatcher Dispatcher { get; }

        public DeadlineMonitor Monitor { get; }

        public ValueTask DisposeAsync() => _provider.DisposeAsync();

        private static void Staff(PetitionOpinionOptions options)
        {
            foreach (var person in KitPeople.Assignments.Select(a => a.Person).Distinct())
            {
                options.Organization.People.Add(new OrganizationPersonOptions { Id = person.Value, Name = $"Person {person}" });
            }

            foreach (var (position, person) in KitPeople.Assignments)
            {
                if (!options.Organization.Assignments.TryGetValue(position.Value, out var holders))
                {
                    options.Organization.Assignments[position.Value] = holders = [];
                }

                holders.Add(person.Value);
            }
        }
    }

    /// <summary>A channel that records which instance delivered which notification, and can be made to hang.</summary>
    private sealed class RecordingChannel(string instance, ConcurrentQueue<(string, string)> deliveries) : INotificationChannel
    {
        private int _started;

        public string Name => "sms";

        public Task? Block { get; set; }

        public int Started => Volatile.Read(ref _started);

        public async ValueTask DeliverAsync(Notification notification, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _started);
            if (Block is { } block)
            {
                await block.WaitAsync(cancellationToken);
            }

            deliveries.Enqueue((instance, notification.DeduplicationKey));
        }
    }
}
