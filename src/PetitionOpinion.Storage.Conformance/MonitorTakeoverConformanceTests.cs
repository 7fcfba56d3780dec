using PetitionOpinion.Incidents;
using PetitionOpinion.Monitoring;
using Microsoft.Extensions.Time.Testing;

namespace PetitionOpinion.Storage.Conformance;

/// <summary>
/// The opinion monitor's state surviving restarts and spreading over instances, on a store: derive from this class,
/// implement <see cref="CreateStoreAsync"/> (a store implementing <see cref="IMonitorCheckpointStore"/>, and
/// <see cref="ILeaseStore"/> for the tests with several instances) and, for stores reached over a network,
/// <see cref="CreateSecondInstanceAsync"/>. Each test feeds a synthetic stream of four days of mentions on six topics (with
/// volume surges, negative bursts and high-reach posts) to <see cref="PartitionedOpinionMonitor"/> instances that stop or
/// crash mid-stream, and checks that together they raise exactly the alerts one uninterrupted <see cref="OpinionMonitor"/>
/// raises, none twice, and that the store records each once.
/// </summary>
public abstract class MonitorTakeoverConformanceTests : IAsyncLifetime
{
    private readonly List<IIncidentStore> _stores = [];

    /// <summary>Gets the test world (its organisation and lifecycle; the monitors have clocks of their own).</summary>
    protected ConformanceScenario Scenario { get; } = new();

    /// <summary>Gets the token the kit passes when it does not test cancellation.</summary>
    protected static CancellationToken None => CancellationToken.None;

    /// <summary>Creates a fresh, empty store that implements <see cref="IMonitorCheckpointStore"/>; called once per test.</summary>
    /// <returns>The store.</returns>
    protected abstract ValueTask<IIncidentStore> CreateStoreAsync();

    /// <summary>Creates another instance of the store over the same data, as another application instance would open it. The default returns <paramref name="store"/> itself.</summary>
    /// <param name="store">The store <see cref="CreateStoreAsync"/> returned.</param>
    /// <returns>Another instance over the same data, or <paramref name="store"/>.</returns>
    protected virtual ValueTask<IIncidentStore> CreateSecondInstanceAsync(IIncidentStore store) => ValueTask.FromResult(store);

#if XUNIT_V3
    /// <inheritdoc/>
    public async ValueTask InitializeAsync() => _stores.Add(await CreateStoreAsync());

    /// <inheritdoc/>
    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
#else
    /// <inheritdoc/>
    public async Task InitializeAsync() => _stores.Add(await CreateStoreAsync());

    /// <inheritdoc/>
    public virtual async Task DisposeAsync()
    {
#endif
        foreach (var store in _stores.Distinct())
        {
            await StoreDisposal.DisposeAsync(store);
        }

        _stores.Clear();
    }

    /// <summary>Checks one instance that stops cleanly mid-stream and one that starts after it, fed the stream again from its start: exactly the uninterrupted alerts.</summary>
    /// <param name="cut">Where the first instance stops, as a share of the stream.</param>
    [Theory]
    [InlineData(0.3)]
    [InlineData(0.62)]
    [InlineData(0.9)]
    public async Task Restart_AfterAStop_RaisesExactlyTheUninterruptedAlerts(double cut)
        => await RunAsync([("a", 0, (int)(TakeoverStream.Signals.Count * cut), true), ("b", 0, int.MaxValue, false)]);

    /// <summary>Checks one instance that crashes mid-stream (no stop: its last changes since a checkpoint are lost with it) and a new one fed the stream from its start: exactly the uninterrupted alerts.</summary>
    /// <param name="cut">Where the first instance crashes, as a share of the stream.</param>
    [Theory]
    [InlineData(0.45)]
    [InlineData(0.77)]
    public async Task Restart_AfterACrash_RaisesExactlyTheUninterruptedAlerts(double cut)
        => await RunAsync([("a", 0, (int)(TakeoverStream.Signals.Count * cut), false), ("b", 0, int.MaxValue, false)]);

    /// <summary>Checks two instances sharing the topics, one crashing mid-stream: the other takes its partitions over with their checkpoints; exactly the uninterrupted alerts, none twice.</summary>
    [Fact]
    public async Task TwoInstances_OneCrashes_TheOtherTakesOverWithExactlyTheUninterruptedAlerts()
    {
        if (_stores[0] is not ILeaseStore)
        {
            Inconclusive("the store keeps no leases, so it cannot be shared by instances");
            return;
        }

        await RunAsync([("a", 0, TakeoverStream.Signals.Count / 2, false), ("b", 0, int.MaxValue, false)], concurrent: true);
    }

    /// <summary>Checks three instances sharing the topics, one stopping and then one crashing: the last takes everything over; exactly the uninterrupted alerts, none twice.</summary>
    [Fact]
    public async Task ThreeInstances_TwoLeave_TheLastTakesOverWithExactlyTheUninterruptedAlerts()
    {
        if (_stores[0] is not ILeaseStore)
        {
            Inconclusive("the store keeps no leases, so it cannot be shared by instances");
            return;
        }

        var count = TakeoverStream.Signals.Count;
        await RunAsync([("a", 0, count * 2 / 5, true), ("b", 0, count * 7 / 10, false), ("c", 0, int.MaxValue, false)], concurrent: true);
    }

    /// <summary>The options the tests use: incidents reported by the kit's opinion analyst; leases and checkpoints scaled to the five-minute stream.</summary>
    /// <returns>The options.</returns>
    protected static OpinionMonitorOptions Options() => new()
    {
        ReporterId = KitPeople.OpinionAnalyst.Value,
        PartitionLeaseDuration = TimeSpan.FromMinutes(30),
        CheckpointInterval = TimeSpan.FromHours(2),
        Partitions = 8,
        MaxInstances = 4,
    };

    // Instances run (Name, first signal, last signal exclusive, stops cleanly). Sequential: each starts after the previous
    // one ended, fed the stream from its first signal. Concurrent: all are fed each signal in turn, on one clock.
    private async Task RunAsync((string Name, int From, int Until, bool Stops)[] runs, bool concurrent = false)
    {
        var signals = TakeoverStream.Signals;
        var expected = await UninterruptedAlertsAsync();
        Assert.Contains(expected, a => a.Kind == OpinionAlertKind.VolumeSurge);
        Assert.Contains(expected, a => a.Kind == OpinionAlertKind.NegativeSentimentSurge);
        Assert.Contains(expected, a => a.Kind == OpinionAlertKind.HighReachPost);

        var raised = new List<OpinionAlert>();
        var repository = new IncidentRepository(_stores[0], Scenario.Lifecycle, Scenario.Serializer, new IncidentStorageOptions());
        if (!concurrent)
        {
            foreach (var run in runs)
            {
                var clock = new FakeTimeProvider(signals[0].At);
                var monitor = await MonitorAsync(run.Name, clock);
                for (var i = run.From; i < Math.Min(run.Until, signals.Count); i++)
                {
                    Follow(clock, signals[i].At);
                    raised.AddRange((await monitor.ObserveAsync(i, signals[i], None)).Alerts.Select(a => a.Alert));
                }

                await EndAsync(monitor, run.Stops, clock);
            }
        }
        else
        {
            var clock = new FakeTimeProvider(signals[0].At);
            var monitors = new List<PartitionedOpinionMonitor>();
            foreach (var run in runs)
            {
                monitors.Add(await MonitorAsync(run.Name, clock));
            }

            var live = runs.Select(_ => true).ToArray();
            for (var i = 0; i < signals.Count; i++)
            {
                Follow(clock, signals[i].At);
                var observers = 0;
                for (var m = 0; m < monitors.Count; m++)
                {
                    if (!live[m])
                    {
                        continue;
                    }

                    if (i >= runs[m].Until)
                    {
                        live[m] = false;
                        await EndAsync(monitors[m], runs[m].Stops, clock);
                        continue;
                    }

                    var observation = await monitors[m].ObserveAsync(i, signals[i], None);
                    raised.AddRange(observation.Alerts.Select(a => a.Alert));
                    observers += observation.Outcome == PartitionOutcome.Observed ? 1 : 0;
                }

                Assert.True(observers <= 1, $"signal {i} was observed by {observers} instances at once");
            }

            for (var m = 0; m < monitors.Count; m++)
            {
                if (live[m])
                {
                    await EndAsync(monitors[m], true, clock);
                }
            }
        }

        Assert.Equal(Keys(expected), Keys(raised));
        Assert.Equal(expected.OrderBy(Key, StringComparer.Ordinal), raised.OrderBy(Key, StringComparer.Ordinal));

        // The store records each alert once, on the incident of its topic.
        var recorded = new List<OpinionAlert>();
        var page = await _stores[0].QueryAsync(new IncidentQuery { Take = IncidentQuery.MaxPageSize }, None);
        foreach (var summary in page.Items)
        {
            var found = await repository.FindAsync(summary.Id, None);
            recorded.AddRange(found!.OpinionAlerts);
        }

        Assert.Equal(Keys(expected), Keys(recorded));

        async Task<PartitionedOpinionMonitor> MonitorAsync(string name, TimeProvider clock)
        {
            var store = _stores.Count == 1 && name == runs[0].Name ? _stores[0] : await CreateSecondInstanceAsync(_stores[0]);
            _stores.Add(store);
            var instanceRepository = new IncidentRepository(store, Scenario.Lifecycle, Scenario.Serializer, new IncidentStorageOptions());
            return new PartitionedOpinionMonitor(instanceRepository, (IMonitorCheckpointStore)store, Options(), clock, RiskCategory.ProductQuality, name, store as ILeaseStore);
        }
    }

    // A clean stop saves and hands over; a crash just stops, and its leases run out.
    private static async Task EndAsync(PartitionedOpinionMonitor monitor, bool stops, FakeTimeProvider clock)
    {
        if (stops)
        {
            await monitor.StopAsync(None);
        }

        _ = clock;
    }

    private static void Follow(FakeTimeProvider clock, DateTimeOffset at)
    {
        if (at > clock.GetUtcNow())
        {
            clock.SetUtcNow(at);
        }
    }

    private static async Task<List<OpinionAlert>> UninterruptedAlertsAsync()
    {
        var scenario = new ConformanceScenario();
        var store = new InMemoryIncidentStore();
        var clock = new FakeTimeProvider(TakeoverStream.Signals[0].At);
        using var monitor = new OpinionMonitor(new IncidentRepository(store, scenario.Lifecycle, scenario.Serializer, new IncidentStorageOptions()), Options(), clock, RiskCategory.ProductQuality);
        var alerts = new List<OpinionAlert>();
        foreach (var signal in TakeoverStream.Signals)
        {
            Follow(clock, signal.At);
            alerts.AddRange((await monitor.ObserveAsync(signal, None)).Alerts.Select(a => a.Alert));
        }

        return alerts;
    }

    private static string Key(OpinionAlert alert) => $"{alert.Topic}|{alert.Kind}|{alert.At.UtcTicks}";

    private static List<string> Keys(IEnumerable<OpinionAlert> alerts) => [.. alerts.Select(Key).Order(StringComparer.Ordinal)];

    private static void Inconclusive(string reason)
    {
#if XUNIT_V3
        Assert.Skip($"Inconclusive: {reason}.");
#else
        _ = reason;
#endif
    }
}

/// <summary>
/// Four days of mentions on six topics, every five minutes with a daily rhythm, generated from a fixed seed: volume surges,
/// a burst of negative mentions and posts of very high reach from the second day on (the first day is the baseline).
/// </summary>
internal static class TakeoverStream
{
    public static IReadOnlyList<MentionSignal> Signals { get; } = Generate();

    private static List<MentionSignal> Generate()
    {
        var random = new Random(20261207);
        var start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        string[] topics = ["退款 慢", "快递 丢件", "客服 态度", "产品 质量", "价格 欺诈", "隐私 泄露"];
        var signals = new List<MentionSignal>();
        var id = 0;
        for (var slot = 0; slot < 4 * 24 * 12; slot++)
        {
            var at = start.AddMinutes(5 * slot);
            var hour = at.Hour;
            var day = slot / (24 * 12);
            for (var t = 0; t < topics.Length; t++)
            {
                var rate = (hour is >= 8 and < 23 ? 2.0 : 0.6) * (1 + (t * 0.3));
                var surge = (t == 1 && day == 1 && hour == 14) || (t == 3 && day == 2 && hour == 20) || (t == 5 && day == 3 && hour == 9);
                var negativeBurst = t == 2 && day == 2 && hour == 10;
                var count = Poisson(random, surge ? rate * 12 : rate) + (negativeBurst ? 6 : 0);
                for (var k = 0; k < count; k++)
                {
                    var negative = (negativeBurst && k < 6) || random.NextDouble() < 0.2;
                    var reach = (long)(random.Next(50, 5_000) * (1 + random.NextDouble()));
                    if ((t == 0 && day == 1 && hour == 20 && k == 0 && at.Minute == 30) || (t == 4 && day == 3 && hour == 16 && k == 0 && at.Minute == 5))
                    {
                        reach = 3_000_000;
                    }

                    signals.Add(new MentionSignal(topics[t], k % 3 == 0 ? "weibo" : "douyin", at.AddSeconds(k * 7), negative ? -0.7 : 0.4, reach, random.Next(10, 100_000), $"m{++id}"));
                }
            }
        }

        return signals;
    }

    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var product = random.NextDouble();
        var count = 0;
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }

        return count;
    }
}
