using Npgsql;
using NpgsqlTypes;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Benchmarks;

/// <summary>
/// The PostgreSQL benchmarks' server: the connection string from <c>PETITIONOPINION_TEST_POSTGRES</c>, and schemas of their
/// own (a fresh one per store and one for the raw side), dropped when disposed.
/// </summary>
internal sealed class PostgreSqlBench : IDisposable
{
    /// <summary>The environment variable that names the server.</summary>
    public const string Variable = "PETITIONOPINION_TEST_POSTGRES";

    private readonly List<string> _schemas = [];
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    public PostgreSqlBench()
    {
        ConnectionString = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"The PostgreSQL benchmarks need a server: run `eng/postgres.sh start` and export {Variable} with the connection string it prints (or leave them out: --filter with a pattern that does not match *PostgreSql*).");
        RawSchemaName = NewSchemaName("raw");
    }

    public string ConnectionString { get; }

    public string RawSchemaName { get; }

    /// <summary>Creates a store on a fresh schema (created on its first use).</summary>
    public PostgreSqlIncidentStore NewStore()
        => new(new PostgreSqlStoreOptions { ConnectionString = ConnectionString, Schema = NewSchemaName("store") }, TimeProvider.System);

    /// <summary>
    /// Creates the raw side's schema with its events table — the store's (same columns, types and primary key), without
    /// the foreign key to the incidents table and the trigger that refuses changes — and a data source for it.
    /// </summary>
    public NpgsqlDataSource RawDataSource()
    {
        var source = NpgsqlDataSource.Create(ConnectionString);
        using var command = source.CreateCommand($"""
            CREATE SCHEMA {RawSchemaName};
            CREATE TABLE {RawSchemaName}.events (
                incident_id uuid NOT NULL,
                version integer NOT NULL CHECK (version >= 1),
                event_type text NOT NULL,
                schema_version integer NOT NULL,
                occurred_at bigint NOT NULL,
                occurred_at_offset integer NOT NULL,
                actor text NOT NULL,
                payload bytea NOT NULL,
                hash bytea NOT NULL,
                PRIMARY KEY (incident_id, version)
            );
            """);
        command.ExecuteNonQuery();
        return source;
    }

    /// <summary>The raw side's write: one INSERT of <paramref name="e"/>'s row under <paramref name="id"/>, prepared (as the store prepares its statements).</summary>
    public NpgsqlCommand RawInsert(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, StoredEvent e)
    {
        var command = new NpgsqlCommand($"INSERT INTO {RawSchemaName}.events (incident_id, version, event_type, schema_version, occurred_at, occurred_at_offset, actor, payload, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = e.Version });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.EventType });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = e.SchemaVersion });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = e.OccurredAt.UtcTicks });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = (int)e.OccurredAt.Offset.TotalMinutes });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.Actor.Value });
        command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = e.Payload });
        command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = e.Hash });
        return command;
    }

    public void Dispose()
    {
        using var source = NpgsqlDataSource.Create(ConnectionString);
        foreach (var schema in _schemas)
        {
            using var command = source.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
            command.ExecuteNonQuery();
        }
    }

    public static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"The PostgreSQL benchmark's set-up check failed: {what}.");
        }
    }

    private string NewSchemaName(string what)
    {
        var name = $"bench_{what}_{_run}_{_schemas.Count}";
        _schemas.Add(name);
        return name;
    }

    /// <summary>
    /// The 100 stored events of the benchmark incident as one-event appends, again and again: after version 100 the next
    /// append starts version 1 of a new incident (ids made from <paramref name="stream"/> so that streams never share one).
    /// </summary>
    public sealed class AppendStream(StorageWorld world, int stream = 0)
    {
        private readonly IReadOnlyList<AppendRequest> _requests = world.OneEventAppends;
        private int _incidents;
        private int _next = StorageWorld.EventCount;
        private IncidentId _id;

        public AppendRequest NextRequest()
        {
            if (_next == StorageWorld.EventCount)
            {
                _next = 0;
                _id = new IncidentId(new Guid(++_incidents, (short)stream, 0, [0, 0, 0, 0, 0, 0, 0, 1]));
            }

            var append = _requests[_next++].Incidents[0];
            return AppendRequest.For(append with
            {
                IncidentId = _id,
                Events = [append.Events[0] with { IncidentId = _id }],
                Summary = append.Summary with { Id = _id },
            });
        }

        /// <summary>An append of version <paramref name="version"/> of <paramref name="id"/> (any version: the events repeat every 100).</summary>
        public AppendRequest At(IncidentId id, int version)
        {
            var append = _requests[(version - 1) % StorageWorld.EventCount].Incidents[0];
            return AppendRequest.For(append with
            {
                IncidentId = id,
                ExpectedVersion = version - 1,
                Events = [append.Events[0] with { IncidentId = id, Version = version }],
                Summary = append.Summary with { Id = id, Version = version },
                IdempotencyKey = null,
            });
        }
    }
}
