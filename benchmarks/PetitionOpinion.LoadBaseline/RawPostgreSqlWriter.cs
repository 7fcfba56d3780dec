using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using static PetitionOpinion.LoadBaseline.RawValues;

namespace PetitionOpinion.LoadBaseline;

/// <summary>
/// The rows of the library's PostgreSQL store written with plain SQL through one <see cref="NpgsqlDataSource"/> (its pool,
/// as configured by the connection string), the way a hand-written endpoint would: each write one transaction whose
/// statements go in batches (<c>BEGIN</c> and <c>COMMIT</c> inside them, so that a transaction costs no round trip of
/// its own), prepared on each pooled connection. The store-wide ledger is kept like the store keeps it: the tail row
/// locked and moved on in the first batch, the entry, its heads and the tail's hash in the last, with the commit.
/// </summary>
/// <remarks>
/// What it does not do (the library does): read the idempotency key before writing (a taken key is found by the
/// unique constraint's refusal, then read); load the incident's events or its ledger anchor before an assessment (it
/// reads the summary row and the last event's hash, then updates the row if its version is still the one read, as the
/// store's update checks it); try a refused or deadlocked write again (a concurrent assessment is a 409); compute the
/// genesis entry's hash from the heads of entry 0 (the database is fresh: it chains to the empty hash); write outbox rows
/// (none is due for these two writes).
/// </remarks>
internal sealed class RawPostgreSqlWriter : IDisposable
{
    private const string S = RawPostgreSqlSchema.Name;

    // $1 id, $2 kind, $3 channel, $4 category, $5 now (ticks), $6 acknowledgement due, $7 resolution due, $8 the petitioner's
    // pseudonyms, $9 the idempotency key's bytes. The store's column list; offsets are 0 (UTC). next_due_at is NULL as the
    // store writes it for these incidents (the earliest due time of open directives: there are none).
    private const string InsertSummary = $"""
        INSERT INTO {S}.incidents (id, version, kind, channel, category, state, level, reported_at, reported_at_offset, updated_at, updated_at_offset,
            next_due_at, next_due_at_offset, acknowledged_at, acknowledged_at_offset, acknowledge_due_at, acknowledge_due_at_offset,
            first_resolved_at, first_resolved_at_offset, resolution_due_at, resolution_due_at_offset, reopen_count, petitioner_key, idempotency_key)
        VALUES ($1, 1, $2, $3, $4, 1, NULL, $5, 0, $5, 0, NULL, NULL, NULL, NULL, $6, 0, NULL, NULL, $7, 0, 0, $8, $9)
        """;

    private const string FindByKey = $"SELECT id FROM {S}.incidents WHERE idempotency_key = $1";

    // The summary row and the hash of its last event, read before the transaction (no lock: the update checks the version).
    private const string ReadSummary = $"""
        SELECT i.version, i.state, i.kind, i.channel, i.category, i.reported_at,
            (SELECT e.hash FROM {S}.events AS e WHERE e.incident_id = i.id ORDER BY e.version DESC LIMIT 1)
        FROM {S}.incidents AS i WHERE i.id = $1
        """;

    // The columns an assessment changes (the store's update sets every column to its new value; PostgreSQL writes a
    // new row version either way). $1 id, $2 version, $3 level, $4 now, $5 the version read. Optimistic, as the store's
    // update: a row another append moved on meanwhile gets a NULL version, which NOT NULL refuses (23502).
    private const string UpdateSummary = $"""
        UPDATE {S}.incidents SET version = CASE WHEN version = $5 THEN $2 END, state = 2, level = $3, updated_at = $4, updated_at_offset = 0,
            acknowledged_at = $4, acknowledged_at_offset = 0
        WHERE id = $1
        """;

    private const string InsertEvent = $"""
        INSERT INTO {S}.events (incident_id, version, event_type, schema_version, occurred_at, occurred_at_offset, actor, payload, hash, hash_key_id)
        VALUES ($1, $2, $3, 2, $4, 0, $5, $6, $7, NULL)
        """;

    // The store's ledger statements: lock and move the tail (returns the previous entry), then the entry, its head, the tail's hash.
    private const string MoveLedgerTail = $"UPDATE {S}.ledger_tail SET sequence = sequence + 1 WHERE id = 1 RETURNING sequence - 1, hash";
    private const string InsertLedgerEntry = $"INSERT INTO {S}.ledger (sequence, key_id, hash) VALUES ($1, NULL, $2)";
    private const string InsertLedgerHead = $"INSERT INTO {S}.ledger_heads (sequence, incident_id, version, hash) VALUES ($1, $2, $3, $4)";
    private const string SetLedgerTailHash = $"UPDATE {S}.ledger_tail SET hash = $1 WHERE id = 1";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;

    public RawPostgreSqlWriter(string connectionString, TimeProvider time)
    {
        _time = time;
        _dataSource = NpgsqlDataSource.Create(connectionString);
        using var connection = _dataSource.OpenConnection();
        using var exists = new NpgsqlCommand($"SELECT to_regclass('{S}.incidents') IS NOT NULL", connection);
        if (exists.ExecuteScalar() is not true)
        {
            using var create = new NpgsqlCommand($"BEGIN; {RawPostgreSqlSchema.Sql} COMMIT;", connection);
            create.ExecuteNonQuery();
        }
    }

    /// <summary>Reports an incident: its summary row, its first event, the ledger entry and head.</summary>
    /// <returns>The incident, and whether this call created it (not: the key was known, the incident it named is returned).</returns>
    public async Task<(RawIncident Incident, bool Created)> ReportAsync(string actor, RawReport report, string? key, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var keyBytes = key is null ? null : Encoding.UTF8.GetBytes(string.Concat(actor, ":", key));
        var payload = JsonSerializer.SerializeToUtf8Bytes(new { report.Kind, report.Channel, report.Category, report.Description, report.Petitioner, report.ComplainedAbout, EarlierPetitions = Array.Empty<Guid>() });
        var hash = EventHash(ReadOnlySpan<byte>.Empty, "IncidentReported", payload);

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
            batch.BatchCommands.Add(Command(
                InsertSummary,
                Uuid(id),
                Integer(Array.IndexOf(Kinds, report.Kind)),
                Integer(Array.IndexOf(Channels, report.Channel)),
                new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = report.Category },
                Bigint(now.UtcTicks),
                Bigint(now.AddDays(1).UtcTicks),
                Bigint(now.AddDays(15).UtcTicks),
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)PetitionerKey(report.Petitioner) ?? DBNull.Value },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = (object?)keyBytes ?? DBNull.Value }));
            batch.BatchCommands.Add(EventCommand(id, 1, "IncidentReported", actor, now, payload, hash));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(MoveLedgerTail));
            var tail = await ExecuteAsync(batch, cancellationToken);
            await SealAsync(connection, tail, id, 1, hash, cancellationToken);
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "incidents_idempotency_key_unique" } && keyBytes is not null)
        {
            // The key was taken (by an earlier request, or one committed meanwhile): the incident it names is the answer.
            await RollBackAsync(connection);
            await using var find = new NpgsqlCommand(FindByKey, connection);
            find.Parameters.Add(new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = keyBytes });
            var known = (Guid)(await find.ExecuteScalarAsync(cancellationToken))!;
            return (new RawIncident(known, 1, report.Kind, report.Channel, report.Category, States[1], null, default, report.Description, report.Petitioner, []), false);
        }
        catch
        {
            await RollBackAsync(connection);
            throw;
        }

        return (new RawIncident(id, 1, report.Kind, report.Channel, report.Category, States[1], null, now, report.Description, report.Petitioner, [new(1, "IncidentReported", now, actor)]), true);
    }

    /// <summary>Assesses a reported incident: its summary row updated, one event, the ledger entry and head.</summary>
    /// <returns>The incident, or null and the status: 404 for an unknown incident, 409 for one not in the Reported state.</returns>
    public async Task<(RawIncident? Incident, int Status)> AssessAsync(Guid id, string actor, RawAssessment assessment, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var payload = JsonSerializer.SerializeToUtf8Bytes(new { assessment.Level, assessment.Scope, assessment.PotentialRisk, assessment.Rationale, PreviousLevel = (string?)null });
        var level = Array.IndexOf(Levels, assessment.Level);

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            int version, kind, channel;
            string category;
            long reportedAt;
            byte[] hash;
            await using (var read = new NpgsqlBatch(connection))
            {
                read.BatchCommands.Add(Command(ReadSummary, Uuid(id)));
                await read.PrepareAsync(cancellationToken);
                await using var reader = await read.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken) || reader.GetInt32(1) != 1)
                {
                    return (null, reader.HasRows ? StatusCodes.Status409Conflict : StatusCodes.Status404NotFound);
                }

                version = reader.GetInt32(0) + 1;
                (kind, channel, category, reportedAt) = (reader.GetInt32(2), reader.GetInt32(3), reader.GetString(4), reader.GetInt64(5));
                hash = EventHash(reader.GetFieldValue<byte[]>(6), "IncidentAssessed", payload);
            }

            await using (var write = new NpgsqlBatch(connection))
            {
                write.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
                write.BatchCommands.Add(Command(UpdateSummary, Uuid(id), Integer(version), Integer(level), Bigint(now.UtcTicks), Integer(version - 1)));
                write.BatchCommands.Add(EventCommand(id, version, "IncidentAssessed", actor, now, payload, hash));
                write.BatchCommands.Add(new NpgsqlBatchCommand(MoveLedgerTail));
                var tail = await ExecuteAsync(write, cancellationToken);
                await SealAsync(connection, tail, id, version, hash, cancellationToken);
            }

            var reported = new DateTimeOffset(reportedAt, TimeSpan.Zero);
            return (new RawIncident(id, version, Kinds[kind], Channels[channel], category, States[2], assessment.Level, reported, null, null, [new(version, "IncidentAssessed", now, actor)]), StatusCodes.Status200OK);
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.NotNullViolation, ColumnName: "version" } or { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "events_pkey" })
        {
            // Another append to the incident committed between the read and the update: it is no longer Reported.
            await RollBackAsync(connection);
            return (null, StatusCodes.Status409Conflict);
        }
        catch
        {
            await RollBackAsync(connection);
            throw;
        }
    }

    public void Dispose() => _dataSource.Dispose();

    // Runs a batch that ends with the tail's move; returns the previous entry's sequence and hash (the last result).
    private static async Task<(long Sequence, byte[] Hash)> ExecuteAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        await batch.PrepareAsync(cancellationToken);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await RowsAsync(reader, cancellationToken) || !await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException("The ledger's tail row is missing.");
        }

        return (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
    }

    // Moves the reader to the batch's one statement that returns rows (the others return none).
    private static async Task<bool> RowsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        while (reader.FieldCount == 0)
        {
            if (!await reader.NextResultAsync(cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    // The ledger entry chained to the tail (SHA-256 over the previous entry's hash, the sequence and the one head — like
    // the store's unkeyed entry, not its exact input), its head, the tail's new hash, and the commit: one round trip.
    private static async Task SealAsync(NpgsqlConnection connection, (long Sequence, byte[] Hash) tail, Guid id, int version, byte[] hash, CancellationToken cancellationToken)
    {
        var sequence = tail.Sequence + 1;
        var input = new byte[tail.Hash.Length + 8 + 16 + 4 + hash.Length];
        tail.Hash.CopyTo(input, 0);
        BinaryPrimitives.WriteInt64BigEndian(input.AsSpan(tail.Hash.Length), sequence);
        id.TryWriteBytes(input.AsSpan(tail.Hash.Length + 8), bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(input.AsSpan(tail.Hash.Length + 24), version);
        hash.CopyTo(input, tail.Hash.Length + 28);
        var entryHash = SHA256.HashData(input);

        await using var seal = new NpgsqlBatch(connection);
        seal.BatchCommands.Add(Command(InsertLedgerEntry, Bigint(sequence), Bytea(entryHash)));
        seal.BatchCommands.Add(Command(InsertLedgerHead, Bigint(sequence), Uuid(id), Integer(version), Bytea(hash)));
        seal.BatchCommands.Add(Command(SetLedgerTailHash, Bytea(entryHash)));
        seal.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        await seal.PrepareAsync(cancellationToken);
        await seal.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand EventCommand(Guid id, int version, string type, string actor, DateTimeOffset now, byte[] payload, byte[] hash)
        => Command(
            InsertEvent,
            Uuid(id),
            Integer(version),
            new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = type },
            Bigint(now.UtcTicks),
            new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = actor },
            Bytea(payload),
            Bytea(hash));

    // Ends a failed write's transaction, if the connection still works (a broken one is discarded by the pool).
    private static async Task RollBackAsync(NpgsqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // The connection broke.
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlParameter<Guid> Uuid(Guid value) => new() { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = value };

    private static NpgsqlParameter<int> Integer(int value) => new() { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = value };

    private static NpgsqlParameter<long> Bigint(long value) => new() { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = value };

    private static NpgsqlParameter<byte[]> Bytea(byte[] value) => new() { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = value };
}
