using BenchmarkDotNet.Attributes;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Monitoring;
using PetitionOpinion.Organization;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Benchmarks;

/// <summary>
/// Issue 23: what one command costs through <see cref="IncidentRepository.ExecuteAsync"/> on SQLite and PostgreSQL, on a
/// 4-event incident (the baseline) and on a 2,000-event one, with the repository keeping incidents between commands
/// (<see cref="IncidentStorageOptions.CachedEvents"/>) and without (every command reloads the history). See
/// <c>benchmarks/README.md</c>, "Commands on long histories".
/// </summary>
/// <remarks>
/// <para>
/// Every command appends an event, so that the incidents keep their length each invocation commands the next of
/// <see cref="Pool"/> incidents, and the run is fixed at 2 warm-up and 10 measured iterations of 8 invocations (about
/// 100 commands, one per incident). The incidents are stored in one append each (3 or 1,999 events: reported, assessed
/// and directed through the lifecycle, then alerts of the opinion monitor), then receive one command through the
/// repository — which keeps them, when it keeps any — so that they hold 4 and 2,000 events when measured. The command
/// issues a directive.
/// </para>
/// <para>
/// PostgreSQL needs <c>PETITIONOPINION_TEST_POSTGRES</c> (<c>eng/postgres.sh start</c> prints it). The keeping repository
/// is given a budget of 1,000,000 events so that all 128 long incidents fit; a host sizes it to its working set. Its
/// other setting is the default: it keeps incidents of 32 events or more (<see cref="IncidentStorageOptions.MinCachedHistory"/>),
/// so the 4-event incidents are read again for every command either way.
/// </para>
/// </remarks>
[MemoryDiagnoser]
[WarmupCount(2)]
[IterationCount(10)]
[InvocationCount(8, 1)]
public class CommandCostBenchmarks
{
    /// <summary>The incidents of each length: more than the commands of a run.</summary>
    public const int Pool = 128;

    /// <summary>The long incidents' length when measured.</summary>
    public const int LongEvents = 2_000;

    /// <summary>The short incidents' length when measured.</summary>
    public const int ShortEvents = 4;

    private readonly BenchmarkWorld _world = new();
    private readonly IncidentEventSerializer _serializer = new();
    private readonly IncidentLifecycle _lifecycle;
    private PostgreSqlBench? _postgres;
    private string? _folder;
    private IncidentRepository _repository = null!;
    private IncidentId[] _incidents = [];
    private int _next;

    public CommandCostBenchmarks()
        => _lifecycle = new IncidentLifecycle(_world.Organization, _world.Authority, _world.Time, new SequentialIds());

    /// <summary>Gets or sets the store: <c>Sqlite</c> (a file in a temporary folder), <c>PostgreSql</c> or <c>InMemory</c> (no I/O: what the repository and the domain cost alone).</summary>
    [Params("Sqlite", "PostgreSql", "InMemory")]
    public string Store { get; set; } = "Sqlite";

    /// <summary>Gets or sets a value indicating whether the repository keeps incidents between commands (the default) or reloads every time.</summary>
    [Params(true, false)]
    public bool Kept { get; set; }

    [GlobalSetup(Target = nameof(Command_ShortIncident))]
    public void SetupShort() => Setup(ShortEvents);

    [GlobalSetup(Target = nameof(Command_LongIncident))]
    public void SetupLong() => Setup(LongEvents);

    [GlobalCleanup]
    public void Cleanup()
    {
        _postgres?.Dispose();
        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Benchmark(Baseline = true)]
    public Task<int> Command_ShortIncident() => CommandAsync();

    [Benchmark]
    public Task<int> Command_LongIncident() => CommandAsync();

    private async Task<int> CommandAsync()
    {
        var id = _incidents[_next++ % _incidents.Length];
        var result = await _repository.ExecuteAsync(id, Issue(), CancellationToken.None);
        return result.Match(i => i.Version, e => throw new InvalidOperationException($"The benchmark command was refused: {e}"));
    }

    private IssueDirective Issue()
        => new(BenchmarkWorld.CustomerServiceManager, DirectiveKind.CustomerCommunication, WellKnownGroups.PetitionHandlingGroup, "Call the customer back with the findings.", _world.Time.GetUtcNow().AddDays(1));

    private void Setup(int events)
    {
        IIncidentStore store;
        if (Store == "PostgreSql")
        {
            _postgres = new PostgreSqlBench();
            var postgres = _postgres.NewStore();
            postgres.InitializeAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            store = postgres;
        }
        else if (Store == "InMemory")
        {
            store = new InMemoryIncidentStore();
        }
        else
        {
            _folder = Directory.CreateTempSubdirectory("petition-opinion-cbench-").FullName;
            var sqlite = new SqliteIncidentStore(SqliteStoreOptions.ForFile(Path.Combine(_folder, "store.db")));
            sqlite.InitializeAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            store = sqlite;
        }

        _repository = new IncidentRepository(store, _lifecycle, _serializer, new IncidentStorageOptions { CachedEvents = Kept ? 1_000_000 : 0 });
        _incidents = new IncidentId[Pool];
        for (var i = 0; i < Pool; i++)
        {
            var incident = Build(events - 1);
            var stored = _serializer.SerializeAll(incident.History, null);
            var appended = store.AppendAsync(AppendRequest.For(new IncidentAppend(incident.Id, 0, stored, IncidentSummaries.Of(incident))), CancellationToken.None).AsTask().GetAwaiter().GetResult();
            Expect(appended.Status == AppendStatus.Appended, $"storing incident {i} failed: {appended.Status}");
            _incidents[i] = incident.Id;
            Expect(CommandAsync().GetAwaiter().GetResult() == events, $"incident {i} does not hold {events} events");
        }
    }

    // Report, assess and issue through the lifecycle (3 events); for more, the opinion monitor's alerts recorded on it a
    // few minutes apart up to now (the issue's case: an alert every few minutes for a week).
    private Incident Build(int events)
    {
        var lifecycle = _lifecycle;
        var incident = lifecycle.Report(new ReportIncident(BenchmarkWorld.OpinionAnalyst, IncidentKind.PublicOpinion, IntakeChannel.SocialMedia, RiskCategory.ProductQuality, "Posts about a battery swelling spread on Weibo."))
            .Match(i => i, e => throw Failed("Report", e));
        IncidentCommand[] steps =
        [
            new AssessIncident(BenchmarkWorld.CustomerServiceManager, SeverityLevel.III, ImpactScope.Group, PotentialRisk.High, "Spreading; a safety question."),
            Issue(),
        ];
        foreach (var command in steps)
        {
            lifecycle.Execute(incident, command).Switch(_ => { }, e => throw Failed(command.Action.ToString(), e));
        }

        var history = new List<IncidentEvent>(incident.History);
        var now = _world.Time.GetUtcNow();
        for (var k = history.Count; k < events; k++)
        {
            var at = now.AddMinutes(-5 * (events - k));
            history.Add(new OpinionAlertRecorded(incident.Id, BenchmarkWorld.OpinionAnalyst, at, "电池 鼓包", OpinionAlertKind.VolumeSurge, at.AddHours(-1), at, 40, 180 + (k % 40), 4.5, 180 + (k % 40), 30, 250_000, "Mentions far above the usual for this hour of the day."));
        }

        return Incident.FromHistory(history);
    }

    private sealed class SequentialIds : IIncidentIdGenerator
    {
        private int _next;

        public IncidentId NewIncidentId() => new(new Guid(++_next, 23, 0, [0, 0, 0, 0, 0, 0, 0, 1]));
    }

    private static InvalidOperationException Failed(string what, DomainError error) => new($"Setting up the command benchmark failed at {what}: {error}");

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"The command benchmark's set-up check failed: {what}.");
        }
    }
}
