using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using PetitionOpinion.Assessment;
using PetitionOpinion.Diagnostics;
using PetitionOpinion.Incidents;
using PetitionOpinion.Monitoring;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Benchmarks;

/// <summary>
/// Telemetry (issue 10): the hot paths with nobody listening (each category's baseline) and with a listener that records
/// every measurement and every activity of the library, as an OpenTelemetry SDK would (<see cref="RecordingListener"/>).
/// See <c>benchmarks/README.md</c>, "Telemetry".
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>Assessment</b>: <see cref="RiskRuleSet.Evaluate"/> of the assessment benchmark's facts (one operation per record).</item>
/// <item><b>Detector</b>: <see cref="OpinionDetector.Observe(TopicHandle, in MentionSignal)"/> of the monitoring
/// benchmark's steady stream (1,000 topics, one mention per topic every 100 s, 8 days of warm-up).</item>
/// <item><b>Monitor</b>: the same stream through <see cref="OpinionMonitor.ObserveAsync"/> by topic name — where each
/// signal is counted for <c>petition_opinion.monitor.signals</c>: the ingest path that telemetry touches.</item>
/// <item><b>Command</b>: <see cref="IncidentRepository.ReportAsync(ReportIncident, string?, CancellationToken)"/> over the in-memory store (a new store every 512
/// reports, inside the measurement on both sides) — one activity and one counter per command; not a hot path, shown for
/// scale.</item>
/// </list>
/// BenchmarkDotNet runs each benchmark in its own process, so the listener of one never reaches the other.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class TelemetryBenchmarks
{
    private const int Topics = 1_000;
    private const int SecondsPerTopic = 100;
    private const int ReportsPerStore = 512;
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private readonly TimeProvider _clock = new FixedTimeProvider(new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private RecordingListener? _listener;
    private RiskFacts[] _facts = null!;
    private string[] _names = null!;
    private TopicHandle[] _handles = null!;
    private OpinionDetector _detector = null!;
    private OpinionMonitor _monitor = null!;
    private long _stepTicks;
    private long _next;
    private BenchmarkWorld _world = null!;
    private IncidentRepository _repository = null!;
    private ReportIncident _report = null!;
    private int _reports;

    [GlobalSetup(Targets = [nameof(Evaluate_NoListener)])]
    public void SetupAssessment() => _facts = AssessmentWorld.Facts();

    [GlobalSetup(Targets = [nameof(Evaluate_WithListener)])]
    public void SetupAssessmentListened()
    {
        _listener = new RecordingListener();
        SetupAssessment();
    }

    [GlobalSetup(Targets = [nameof(Detector_Observe_NoListener), nameof(Monitor_Observe_NoListener)])]
    public void SetupIngest()
    {
        _names = [.. Enumerable.Range(0, Topics).Select(i => $"topic-{i:D4}")];
        _stepTicks = SecondsPerTopic * TimeSpan.TicksPerSecond / Topics;
        _detector = new OpinionDetector(new OpinionMonitorOptions(), _clock);
        _handles = [.. _names.Select(_detector.Register)];
        // The steady stream raises no alert, so the monitor never reports an incident through the repository.
        var repository = new IncidentRepository(new InMemoryIncidentStore(), new BenchmarkWorld().Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions(), telemetry: new PetitionOpinionTelemetry());
        _monitor = new OpinionMonitor(repository, new OpinionMonitorOptions(), _clock, RiskCategory.ProductQuality);
        var warmUp = 8 * TimeSpan.TicksPerDay / _stepTicks;
        for (_next = 0; _next < warmUp; _next++)
        {
            var signal = Signal(_next);
            Expect(_detector.Observe(_handles[_next % Topics], signal) == SignalOutcome.Accepted, "the detector dropped a warm-up signal");
            Expect(_monitor.ObserveAsync(signal, CancellationToken.None).Result.Outcome == SignalOutcome.Accepted, "the monitor dropped a warm-up signal");
        }

        Expect(_detector.PendingAlerts == 0 && _monitor.Detector.PendingAlerts == 0, "the steady stream raised an alert");
    }

    [GlobalSetup(Targets = [nameof(Detector_Observe_WithListener), nameof(Monitor_Observe_WithListener)])]
    public void SetupIngestListened()
    {
        _listener = new RecordingListener();
        SetupIngest();
    }

    [GlobalSetup(Targets = [nameof(Report_NoListener)])]
    public void SetupCommand()
    {
        _world = new BenchmarkWorld();
        _report = new ReportIncident(BenchmarkWorld.CustomerServiceRepresentative, IncidentKind.Petition, IntakeChannel.Hotline, RiskCategory.DataPrivacy, "A customer says their order history was shown to another customer.");
        NewRepository();
    }

    [GlobalSetup(Targets = [nameof(Report_WithListener)])]
    public void SetupCommandListened()
    {
        _listener = new RecordingListener();
        SetupCommand();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Expect(_monitor?.Detector.PendingAlerts is null or 0, "the steady stream raised an alert during the measurement");
        if (_listener is { } listener)
        {
            // The listener must have seen what it was attached for (nothing for the detector and the assessment: they are not instrumented).
            listener.Collect();
            Expect(_monitor is null || listener.Total("petition_opinion.monitor.signals") > 0, "the listener counted no signal");
            Expect(_repository is null || (listener.Total("petition_opinion.incidents.reported") > 0 && listener.Activities > 0 && listener.ActivityTags > 0), "the listener saw no report");
            listener.Dispose();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = AssessmentWorld.FactsCount)]
    [BenchmarkCategory("Telemetry.Assessment")]
    public int Evaluate_NoListener() => Evaluate();

    [Benchmark(OperationsPerInvoke = AssessmentWorld.FactsCount)]
    [BenchmarkCategory("Telemetry.Assessment")]
    public int Evaluate_WithListener() => Evaluate();

    [Benchmark(Baseline = true, OperationsPerInvoke = Topics)]
    [BenchmarkCategory("Telemetry.Detector")]
    public int Detector_Observe_NoListener() => ObserveDetector();

    [Benchmark(OperationsPerInvoke = Topics)]
    [BenchmarkCategory("Telemetry.Detector")]
    public int Detector_Observe_WithListener() => ObserveDetector();

    [Benchmark(Baseline = true, OperationsPerInvoke = Topics)]
    [BenchmarkCategory("Telemetry.Monitor")]
    public int Monitor_Observe_NoListener() => ObserveMonitor();

    [Benchmark(OperationsPerInvoke = Topics)]
    [BenchmarkCategory("Telemetry.Monitor")]
    public int Monitor_Observe_WithListener() => ObserveMonitor();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Telemetry.Command")]
    public Task<int> Report_NoListener() => ReportAsync();

    [Benchmark]
    [BenchmarkCategory("Telemetry.Command")]
    public Task<int> Report_WithListener() => ReportAsync();

    private int Evaluate()
    {
        var checksum = 0;
        var facts = _facts;
        var ruleSet = RiskRuleSet.Default;
        for (var i = 0; i < facts.Length; i++)
        {
            var evaluation = ruleSet.Evaluate(facts[i]);
            checksum += (int)evaluation.Level + evaluation.Fired.Count;
        }

        return checksum;
    }

    private int ObserveDetector()
    {
        var sum = 0;
        var detector = _detector;
        var handles = _handles;
        for (var i = 0; i < Topics; i++, _next++)
        {
            sum += (int)detector.Observe(handles[i], Signal(_next));
        }

        return sum;
    }

    private int ObserveMonitor()
    {
        var sum = 0;
        var monitor = _monitor;
        for (var i = 0; i < Topics; i++, _next++)
        {
            // No alert is raised, so the call completes synchronously: no task is awaited or allocated.
            var observed = monitor.ObserveAsync(Signal(_next), CancellationToken.None);
            sum += (int)observed.Result.Outcome;
        }

        return sum;
    }

    private async Task<int> ReportAsync()
    {
        if (++_reports % ReportsPerStore == 0)
        {
            NewRepository();
        }

        var reported = await _repository.ReportAsync(_report, null, CancellationToken.None).ConfigureAwait(false);
        return reported.IsT0 ? 1 : throw new InvalidOperationException($"The report was refused: {reported.AsT1}");
    }

    private void NewRepository()
        => _repository = new IncidentRepository(new InMemoryIncidentStore(), new IncidentLifecycle(_world.Organization, _world.Authority, _world.Time, new GuidV7IncidentIdGenerator(_world.Time)), new IncidentEventSerializer(), new IncidentStorageOptions(), telemetry: Telemetry);

    // One telemetry for the process, as a host has one (a new one per store would publish its instruments again).
    private static PetitionOpinionTelemetry Telemetry { get; } = new();

    private MentionSignal Signal(long k)
    {
        var round = k / Topics;
        return new MentionSignal(_names[k % Topics], "weibo", new DateTimeOffset(Start.UtcTicks + (k * _stepTicks), TimeSpan.Zero), round % 10 == 0 ? -0.8 : 0.4, 500 + ((round * 37) % 1_000), 100);
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"The telemetry benchmark's check failed: {what}.");
        }
    }

    /// <summary>
    /// Records what an OpenTelemetry SDK would: every instrument of the <c>PetitionOpinion</c> meter (by name) aggregated
    /// per tag set — a sum per counter and tag set, a count and sum per histogram — without allocating per measurement
    /// once a tag set is known; observable instruments read every 10 s; every activity of the <c>PetitionOpinion</c>
    /// source sampled and recorded, its tags read when it stops.
    /// </summary>
    public sealed class RecordingListener : IDisposable
    {
        private readonly MeterListener _meters = new();
        private readonly ActivityListener _activities;
        private readonly ConcurrentDictionary<(Instrument Instrument, int Tags), StrongBox<double>> _points = new();
        private readonly Timer _collect;
        private long _activityCount;
        private long _activityTags;

        public RecordingListener()
        {
            _meters.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == PetitionOpinionTelemetry.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _meters.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags));
            _meters.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags));
            _meters.Start();
            _activities = new ActivityListener
            {
                ShouldListenTo = s => s.Name == PetitionOpinionTelemetry.ActivitySourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = a =>
                {
                    // What an exporter reads of a finished span: its tags.
                    var tags = 0;
                    foreach (var tag in a.TagObjects)
                    {
                        tags += tag.Value is null ? 0 : 1;
                    }

                    Interlocked.Increment(ref _activityCount);
                    Interlocked.Add(ref _activityTags, tags);
                },
            };
            ActivitySource.AddActivityListener(_activities);
            _collect = new Timer(_ => Collect(), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        }

        public long Activities => Interlocked.Read(ref _activityCount);

        public long ActivityTags => Interlocked.Read(ref _activityTags);

        public void Collect() => _meters.RecordObservableInstruments();

        public double Total(string instrument) => _points.Where(p => p.Key.Instrument.Name == instrument).Sum(p => Volatile.Read(ref p.Value.Value));

        public void Dispose()
        {
            _collect.Dispose();
            _meters.Dispose();
            _activities.Dispose();
        }

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var hash = new HashCode();
            foreach (var tag in tags)
            {
                hash.Add(tag.Key);
                hash.Add(tag.Value);
            }

            var point = _points.GetOrAdd((instrument, hash.ToHashCode()), static _ => new StrongBox<double>());
            if (instrument is ObservableInstrument<long>)
            {
                Volatile.Write(ref point.Value, value); // an observable counter reports its running total
                return;
            }

            lock (point)
            {
                point.Value += value;
            }
        }
    }
}
