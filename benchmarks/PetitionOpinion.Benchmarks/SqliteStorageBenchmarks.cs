using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Data.Sqlite;
using PetitionOpinion.Incidents;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Benchmarks;

/// <summary>
/// <see cref="SqliteIncidentStore"/> against plain Microsoft.Data.Sqlite (the baseline of each category): one event
/// appended in its own transaction, and an incident's 100 events loaded. Both sides use database files in one temporary
/// folder, WAL mode and <c>synchronous=FULL</c> (the store's settings). See <c>benchmarks/README.md</c>.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SqliteStorageBenchmarks
{
    // The raw side's table is the store's events table (same columns, types and primary key; SqliteSchema.Version1),
    // without the foreign key to the incidents table it does not have. Its connection gets the store's settings.
    private const string RawSchema = """
        CREATE TABLE events (
            incident_id BLOB NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            event_type TEXT NOT NULL,
            schema_version INTEGER NOT NULL,
            occurred_at INTEGER NOT NULL,
            occurred_at_offset INTEGER NOT NULL,
            actor TEXT NOT NULL,
            payload BLOB NOT NULL,
            hash BLOB NOT NULL,
            PRIMARY KEY (incident_id, version)
        );
        """;

    private const string RawConnectionSetup = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
    private const string RawInsert = "INSERT INTO events (incident_id, version, event_type, schema_version, occurred_at, occurred_at_offset, actor, payload, hash) VALUES ($incidentId, $version, $eventType, $schemaVersion, $occurredAt, $occurredAtOffset, $actor, $payload, $hash)";
    private const string RawSelect = "SELECT incident_id, version, event_type, schema_version, occurred_at, occurred_at_offset, actor, payload, hash FROM events WHERE incident_id = $id ORDER BY version";

    private StorageWorld _world = null!;
    private string _folder = null!;
    private static readonly AuditKey Key = new("bench", System.Security.Cryptography.SHA256.HashData("benchmark audit key"u8));
    private SqliteIncidentStore _store = null!;
    private SqliteIncidentStore _keyedStore = null!;
    private AppendStream _keyedStream = null!;
    private SqliteIncidentStore _loadStore = null!;
    private IncidentRepository _repository = null!;
    private SqliteConnection _raw = null!;
    private SqliteCommand _rawInsert = null!;
    private SqliteCommand _rawSelect = null!;
    private AppendStream _storeStream = null!;
    private AppendStream _rawStream = null!;
    private IncidentId _loadId;

    [GlobalSetup]
    public void Setup()
    {
        _world = new StorageWorld();
        _loadId = _world.IncidentId;
        _folder = Directory.CreateTempSubdirectory("petition-opinion-sbench-").FullName;

        _store = new SqliteIncidentStore(SqliteStoreOptions.ForFile(Path.Combine(_folder, "store.db")));
        _store.InitializeAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        _storeStream = new AppendStream(_world);
        _keyedStore = new SqliteIncidentStore(SqliteStoreOptions.ForFile(Path.Combine(_folder, "keyed.db")));
        _keyedStore.InitializeAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        _keyedStream = new AppendStream(_world);

        _raw = OpenRaw(Path.Combine(_folder, "raw.db"));
        _rawInsert = PrepareInsert(_raw);
        _rawStream = new AppendStream(_world);

        // The load side: the 100-event incident in a store of its own (appended as the repository would, one event at a
        // time) and in the raw database.
        _loadStore = new SqliteIncidentStore(SqliteStoreOptions.ForFile(Path.Combine(_folder, "load.db")));
        foreach (var request in _world.OneEventAppends)
        {
            Expect(_loadStore.AppendAsync(request, CancellationToken.None).Result.Status == AppendStatus.Appended, "an append to the load store was refused");
        }

        foreach (var e in _world.Stored)
        {
            InsertRaw(e.IncidentId, e);
        }

        _rawSelect = _raw.CreateCommand();
        _rawSelect.CommandText = RawSelect;
        _rawSelect.Parameters.Add("$id", SqliteType.Blob).Value = IdBytes(_loadId);
        _rawSelect.Prepare();
        _repository = _world.RepositoryOver(_loadStore);

        // Both sides load exactly what was stored, and the repository rehydrates it.
        Expect(Sqlite_Load_100Events().SequenceEqual(_world.Stored), "the store does not load the 100 events as stored");
        Expect(Raw_Select_100Events().SequenceEqual(_world.Stored), "the raw select does not load the 100 events as stored");
        Expect(Sqlite_Repository_FindAsync_100Events() is { Version: StorageWorld.EventCount }, "the repository does not rehydrate the incident");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _rawSelect?.Dispose();
        _rawInsert?.Dispose();
        _raw?.Dispose();
        _store?.Dispose();
        _keyedStore?.Dispose();
        _loadStore?.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    /// <summary>
    /// The practical limit: one prepared INSERT of the event's row on an open connection, in its own transaction
    /// (<c>BEGIN IMMEDIATE</c> … <c>COMMIT</c>), the same bytes the store writes.
    /// </summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Sqlite.Append")]
    public int Raw_Insert_OneEvent()
    {
        var (id, e) = _rawStream.Next();
        return InsertRaw(id, e);
    }

    /// <summary>
    /// <see cref="SqliteIncidentStore.AppendAsync"/> of one event at the next version, with the summary after it: the
    /// store's write lock and its kept-open write connection, <c>BEGIN IMMEDIATE</c>, the version check (which also reads
    /// the summary columns that rarely change), the summary update, the event row, <c>COMMIT</c>.
    /// </summary>
    [Benchmark]
    [BenchmarkCategory("Sqlite.Append")]
    public AppendStatus Sqlite_Append_OneEvent()
    {
        var status = _store.AppendAsync(_storeStream.NextRequest(), CancellationToken.None).Result.Status;
        return status == AppendStatus.Appended ? status : throw new InvalidOperationException($"The benchmark's append was refused: {status}.");
    }

    /// <summary>
    /// As <see cref="Sqlite_Append_OneEvent"/> with the audit trail keyed: the event's hash made as an HMAC-SHA256 under
    /// the audit key (what the repository's serializer adds), and the ledger entry sealed under it.
    /// </summary>
    [Benchmark]
    [BenchmarkCategory("Sqlite.Append")]
    public AppendStatus Sqlite_Append_OneEvent_Keyed()
    {
        var request = _keyedStream.NextRequest();
        var append = request.Incidents[0];
        var e = append.Events[0];
        var keyed = e with { Hash = EventHashChain.Compute(e, e.Hash.Span, Key), HashKeyId = Key.Id };
        var status = _keyedStore.AppendAsync(new AppendRequest([append with { Events = [keyed] }], []) { AuditKey = Key }, CancellationToken.None).Result.Status;
        return status == AppendStatus.Appended ? status : throw new InvalidOperationException($"The benchmark's append was refused: {status}.");
    }

    /// <summary>The practical limit: one prepared SELECT of the incident's rows on an open connection, read into <see cref="StoredEvent"/>s.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Sqlite.Load")]
    public List<StoredEvent> Raw_Select_100Events()
    {
        using var reader = _rawSelect.ExecuteReader();
        var events = new List<StoredEvent>();
        while (reader.Read())
        {
            var ticks = reader.GetInt64(4);
            var offset = TimeSpan.FromMinutes(reader.GetInt64(5));
            events.Add(new StoredEvent(
                new IncidentId(new Guid(reader.GetFieldValue<byte[]>(0), bigEndian: true)),
                reader.GetInt32(1),
                reader.GetString(2),
                reader.GetInt32(3),
                new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(offset),
                new PersonId(reader.GetString(6)),
                reader.GetFieldValue<byte[]>(7),
                reader.GetFieldValue<byte[]>(8)));
        }

        return events;
    }

    /// <summary><see cref="SqliteIncidentStore.LoadAsync"/> of the incident's 100 events.</summary>
    [Benchmark]
    [BenchmarkCategory("Sqlite.Load")]
    public IReadOnlyList<StoredEvent> Sqlite_Load_100Events() => _loadStore.LoadAsync(_loadId, CancellationToken.None).Result;

    /// <summary><see cref="IncidentRepository.FindAsync"/> over the SQLite store: the load, 100 events deserialized, <see cref="Incident.FromHistory"/>.</summary>
    [Benchmark]
    [BenchmarkCategory("Sqlite.Load")]
    public Incident? Sqlite_Repository_FindAsync_100Events() => _repository.FindAsync(_loadId, CancellationToken.None).Result;

    private static SqliteConnection OpenRaw(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString());
        connection.Open();
        using var setup = connection.CreateCommand();
        setup.CommandText = "PRAGMA journal_mode = WAL";
        Expect(setup.ExecuteScalar() is "wal", "the raw database is not in WAL mode");
        setup.CommandText = RawConnectionSetup;
        setup.ExecuteNonQuery();
        setup.CommandText = RawSchema;
        setup.ExecuteNonQuery();
        setup.CommandText = "PRAGMA synchronous";
        Expect(setup.ExecuteScalar() is 2L, "the raw connection is not synchronous=FULL");
        return connection;
    }

    private static SqliteCommand PrepareInsert(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = RawInsert;
        command.Parameters.Add("$incidentId", SqliteType.Blob);
        command.Parameters.Add("$version", SqliteType.Integer);
        command.Parameters.Add("$eventType", SqliteType.Text);
        command.Parameters.Add("$schemaVersion", SqliteType.Integer);
        command.Parameters.Add("$occurredAt", SqliteType.Integer);
        command.Parameters.Add("$occurredAtOffset", SqliteType.Integer);
        command.Parameters.Add("$actor", SqliteType.Text);
        command.Parameters.Add("$payload", SqliteType.Blob);
        command.Parameters.Add("$hash", SqliteType.Blob);
        command.Prepare();
        return command;
    }

    private static byte[] IdBytes(IncidentId id)
    {
        var bytes = new byte[16];
        id.Value.TryWriteBytes(bytes, bigEndian: true, out _);
        return bytes;
    }

    // The store binds a whole array as it is (SqliteValues.Blob); so does the raw side.
    private static byte[] WholeArray(ReadOnlyMemory<byte> memory)
        => MemoryMarshal.TryGetArray(memory, out var segment) && segment.Array is { } array && segment.Offset == 0 && segment.Count == array.Length ? array : memory.ToArray();

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"The SQLite storage benchmark's set-up check failed: {what}.");
        }
    }

    private int InsertRaw(IncidentId id, StoredEvent e)
    {
        using var transaction = _raw.BeginTransaction(deferred: false);
        _rawInsert.Transaction = transaction;
        var p = _rawInsert.Parameters;
        p[0].Value = IdBytes(id);
        p[1].Value = e.Version;
        p[2].Value = e.EventType;
        p[3].Value = e.SchemaVersion;
        p[4].Value = e.OccurredAt.UtcTicks;
        p[5].Value = (long)e.OccurredAt.Offset.TotalMinutes;
        p[6].Value = e.Actor.Value;
        p[7].Value = WholeArray(e.Payload);
        p[8].Value = WholeArray(e.Hash);
        var rows = _rawInsert.ExecuteNonQuery();
        transaction.Commit();
        return rows;
    }

    /// <summary>
    /// The 100 stored events of the benchmark incident, appended one at a time, again and again: after version 100 the
    /// next append starts version 1 of a new incident. Every incident gets the same payload and hash bytes under its own
    /// id (no store looks inside them on append), so both sides write exactly the same bytes.
    /// </summary>
    private sealed class AppendStream(StorageWorld world)
    {
        private readonly IReadOnlyList<StoredEvent> _stored = world.Stored;
        private readonly IReadOnlyList<AppendRequest> _requests = world.OneEventAppends;
        private int _incidents;
        private int _next = StorageWorld.EventCount;
        private IncidentId _id;

        public (IncidentId Id, StoredEvent Event) Next()
        {
            Advance();
            return (_id, _stored[_next++]);
        }

        public AppendRequest NextRequest()
        {
            Advance();
            var append = _requests[_next++].Incidents[0];
            return AppendRequest.For(append with
            {
                IncidentId = _id,
                Events = [append.Events[0] with { IncidentId = _id }],
                Summary = append.Summary with { Id = _id },
            });
        }

        private void Advance()
        {
            if (_next == StorageWorld.EventCount)
            {
                _next = 0;
                _id = new IncidentId(new Guid(++_incidents, 0, 0, [0, 0, 0, 0, 0, 0, 0, 1]));
            }
        }
    }
}
