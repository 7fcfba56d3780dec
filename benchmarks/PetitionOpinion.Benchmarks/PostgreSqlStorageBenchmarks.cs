using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Npgsql;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Benchmarks;

/// <summary>
/// <see cref="PostgreSqlIncidentStore"/> against plain Npgsql (the baseline of each category), on the local server named
/// by <c>PETITIONOPINION_TEST_POSTGRES</c> (<c>eng/postgres.sh start</c> prints it): one event appended in its own
/// transaction, and an incident's 100 events loaded. Each side has a schema of its own, dropped afterwards. Concurrent
/// writers and conflicts: <see cref="PostgreSqlWriters"/>. See <c>benchmarks/README.md</c>.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PostgreSqlStorageBenchmarks
{
    private StorageWorld _world = null!;
    private PostgreSqlBench _bench = null!;
    private PostgreSqlIncidentStore _store = null!;
    private PostgreSqlIncidentStore _loadStore = null!;
    private NpgsqlDataSource _raw = null!;
    private IncidentId _loadId;
    private long _rawIncidents;
    private int _rawNext = StorageWorld.EventCount;
    private Guid _rawId;
    private PostgreSqlBench.AppendStream _storeStream = null!;

    [GlobalSetup]
    public void Setup()
    {
        _world = new StorageWorld();
        _bench = new PostgreSqlBench();
        _loadId = _world.IncidentId;
        _store = _bench.NewStore();
        _storeStream = new PostgreSqlBench.AppendStream(_world);
        _loadStore = _bench.NewStore();
        foreach (var request in _world.OneEventAppends)
        {
            PostgreSqlBench.Expect(_loadStore.AppendAsync(request, CancellationToken.None).AsTask().Result.Status == AppendStatus.Appended, "an append to the load store was refused");
        }

        _raw = _bench.RawDataSource();
        foreach (var e in _world.Stored)
        {
            InsertRaw(e.IncidentId.Value, e);
        }

        PostgreSqlBench.Expect(PostgreSql_Load_100Events().SequenceEqual(_world.Stored), "the store does not load the 100 events as stored");
        PostgreSqlBench.Expect(Raw_Select_100Events().SequenceEqual(_world.Stored), "the raw select does not load the 100 events as stored");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _loadStore?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _raw?.Dispose();
        _bench?.Dispose();
    }

    /// <summary>The practical limit: one INSERT of the event's row in its own transaction (BEGIN, INSERT, COMMIT), the same bytes the store writes.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("PostgreSql.Append")]
    public int Raw_Insert_OneEvent()
    {
        if (_rawNext == StorageWorld.EventCount)
        {
            _rawNext = 0;
            _rawId = new Guid((int)++_rawIncidents, 0, 0, [0, 0, 0, 0, 0, 0, 0, 2]);
        }

        return InsertRaw(_rawId, _world.Stored[_rawNext++]);
    }

    /// <summary><see cref="PostgreSqlIncidentStore.AppendAsync"/> of one event at the next version with the summary after it: one transaction, the summary updated where the version is the expected one, the event inserted.</summary>
    [Benchmark]
    [BenchmarkCategory("PostgreSql.Append")]
    public AppendStatus PostgreSql_Append_OneEvent()
    {
        var status = _store.AppendAsync(_storeStream.NextRequest(), CancellationToken.None).AsTask().Result.Status;
        return status == AppendStatus.Appended ? status : throw new InvalidOperationException($"The benchmark's append was refused: {status}.");
    }

    /// <summary>The practical limit: one SELECT of the incident's rows, read into <see cref="StoredEvent"/>s.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("PostgreSql.Load")]
    public List<StoredEvent> Raw_Select_100Events()
    {
        using var command = _raw.CreateCommand($"SELECT incident_id, version, event_type, schema_version, occurred_at, occurred_at_offset, actor, payload, hash FROM {_bench.RawSchemaName}.events WHERE incident_id = $1 ORDER BY version");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = _loadId.Value });
        using var reader = command.ExecuteReader();
        var events = new List<StoredEvent>();
        while (reader.Read())
        {
            events.Add(new StoredEvent(
                new IncidentId(reader.GetGuid(0)),
                reader.GetInt32(1),
                reader.GetString(2),
                reader.GetInt32(3),
                new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(reader.GetInt32(5))),
                new PersonId(reader.GetString(6)),
                reader.GetFieldValue<byte[]>(7),
                reader.GetFieldValue<byte[]>(8)));
        }

        return events;
    }

    /// <summary><see cref="PostgreSqlIncidentStore.LoadAsync"/> of the incident's 100 events.</summary>
    [Benchmark]
    [BenchmarkCategory("PostgreSql.Load")]
    public IReadOnlyList<StoredEvent> PostgreSql_Load_100Events() => _loadStore.LoadAsync(_loadId, CancellationToken.None).AsTask().Result;

    private int InsertRaw(Guid id, StoredEvent e)
    {
        using var connection = _raw.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using var command = _bench.RawInsert(connection, transaction, id, e);
        command.Prepare();
        var rows = command.ExecuteNonQuery();
        transaction.Commit();
        return rows;
    }
}
