using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace PetitionOpinion.Storage;

/// <summary>How an append writes an incident's summary row.</summary>
internal enum SummaryWrite
{
    /// <summary>A new incident: the whole row, with its idempotency key.</summary>
    Insert,

    /// <summary>
    /// The kind, channel, category and reporting instant are those stored: only the columns that change as an incident
    /// moves on are set, so that the entries of the indexes on the others are not rewritten.
    /// </summary>
    Progress,

    /// <summary>Something of the kind, channel, category or reporting instant changed: every column but the id and the idempotency key.</summary>
    Replace,
}

/// <summary>
/// The store's write connection with the statements of an append prepared once: their parameters are created once and
/// only their values set per call. Not thread-safe: the store uses it under its write lock, one append at a time.
/// </summary>
internal sealed partial class SqliteWriter : IDisposable
{
    /// <summary>The columns of an event row that carry its append's ledger entry (schema version 5), in the order <see cref="SqliteLedger"/> reads them.</summary>
    internal const string LedgerColumns = "ledger_sequence, ledger_key_id, ledger_hash, ledger_heads";

    private readonly List<SqliteCommand> _commands = [];
    private readonly SqliteCommand _readCurrent;
    private readonly SqliteCommand _findByKey;
    // The columns any append may change besides the state and level, set by both summary updates (only next_due_at is indexed).
    private const string ChangingColumns = """
        next_due_at = $nextDueAt, next_due_at_offset = $nextDueAt_offset,
        acknowledged_at = $acknowledgedAt, acknowledged_at_offset = $acknowledgedAt_offset,
        acknowledge_due_at = $acknowledgeDueAt, acknowledge_due_at_offset = $acknowledgeDueAt_offset,
        first_resolved_at = $firstResolvedAt, first_resolved_at_offset = $firstResolvedAt_offset,
        resolution_due_at = $resolutionDueAt, resolution_due_at_offset = $resolutionDueAt_offset,
        reopen_count = $reopenCount, petitioner_key = $petitionerKey, head_hash = $headHash
        """;

    private readonly SqliteCommand _insertSummary;
    private readonly SqliteCommand _progressSummary;
    private readonly SqliteCommand _replaceSummary;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _insertMessage;
    private readonly SqliteCommand _carriedTail;
    private readonly SqliteCommand _ledgerTail;
    private Guid _lastId;
    private byte[]? _lastIdBytes;

    /// <summary>Initializes a new instance of the <see cref="SqliteWriter"/> class and prepares its statements (the schema must exist).</summary>
    /// <param name="connection">An open connection with the store's settings; the writer owns it from now on (and disposes it if preparing fails).</param>
    public SqliteWriter(SqliteConnection connection)
    {
        Connection = connection;
        try
        {
            _readCurrent = Prepare("SELECT version, kind, channel, category, reported_at, reported_at_offset FROM incidents WHERE id = $id");
            _findByKey = Prepare("SELECT id FROM incidents WHERE idempotency_key = $key");

            // The idempotency key is written with the incident's first row and never changed afterwards.
            _insertSummary = Prepare($"""
                INSERT INTO incidents ({SqliteIncidentStore.SummaryColumns}, idempotency_key, head_hash)
                VALUES ($id, $version, $kind, $channel, $category, $state, $level, $reportedAt, $reportedAt_offset, $updatedAt, $updatedAt_offset, $nextDueAt, $nextDueAt_offset, $acknowledgedAt, $acknowledgedAt_offset, $acknowledgeDueAt, $acknowledgeDueAt_offset, $firstResolvedAt, $firstResolvedAt_offset, $resolutionDueAt, $resolutionDueAt_offset, $reopenCount, $petitionerKey, $idempotencyKey, $headHash)
                """);

            // SQLite rewrites the entries of every index on a column the SET names, changed or not: name only these.
            _progressSummary = Prepare($"""
                UPDATE incidents SET
                    version = $version, state = $state, level = $level, updated_at = $updatedAt, updated_at_offset = $updatedAt_offset,
                    {ChangingColumns}
                WHERE id = $id
                """);
            _replaceSummary = Prepare($"""
                UPDATE incidents SET
                    version = $version, kind = $kind, channel = $channel, category = $category, state = $state, level = $level,
                    reported_at = $reportedAt, reported_at_offset = $reportedAt_offset, updated_at = $updatedAt, updated_at_offset = $updatedAt_offset,
                    {ChangingColumns}
                WHERE id = $id
                """);
            _insertEvent = Prepare($"INSERT INTO events ({SqliteIncidentStore.EventColumns}, {LedgerColumns}) VALUES ($incidentId, $version, $eventType, $schemaVersion, $occurredAt, $occurredAt_offset, $actor, $payload, $hash, $hashKeyId, $ledgerSequence, $ledgerKeyId, $ledgerHash, $ledgerHeads)");

            // The ledger's tail: the last event row carrying an entry (normally the last row: one row read backwards by
            // rowid, never before the first row that may carry one), or, before any did, the last row of the ledger table.
            _carriedTail = Prepare("SELECT ledger_sequence, ledger_hash FROM events WHERE rowid >= (SELECT first_rowid FROM ledger_carriers) AND ledger_sequence IS NOT NULL ORDER BY rowid DESC LIMIT 1");
            _ledgerTail = Prepare("SELECT sequence, hash FROM ledger ORDER BY sequence DESC LIMIT 1");
            _insertMessage = Prepare($"INSERT INTO outbox ({SqliteIncidentStore.OutboxColumns}) VALUES ($messageId, $incidentId, $kind, $deduplicationKey, $payload, $createdAt, $createdAt_offset)");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Gets the connection.</summary>
    public SqliteConnection Connection { get; }

    /// <summary>Begins an append's transaction, taking the database's write lock now (<c>BEGIN IMMEDIATE</c>), and enlists the statements in it.</summary>
    /// <returns>The transaction.</returns>
    public SqliteTransaction Begin()
    {
        var transaction = Connection.BeginTransaction(deferred: false);
        foreach (var command in _commands)
        {
            command.Transaction = transaction;
        }

        return transaction;
    }

    /// <summary>Reads an incident's current version and how its new summary is to be written.</summary>
    /// <param name="summary">The new summary.</param>
    /// <returns>The current version (0 for an unknown incident) and the way to write the summary.</returns>
    public (int Version, SummaryWrite Write) ReadCurrent(IncidentSummary summary)
    {
        Set(_readCurrent, "$id", IdBytes(summary.Id.Value));
        using var reader = _readCurrent.ExecuteReader();
        if (!reader.Read())
        {
            return (0, SummaryWrite.Insert);
        }

        var same = reader.GetInt64(1) == (long)summary.Kind
            && reader.GetInt64(2) == (long)summary.Channel
            && string.Equals(reader.GetString(3), summary.Category.Value, StringComparison.Ordinal)
            && reader.GetInt64(4) == summary.ReportedAt.UtcTicks
            && reader.GetInt64(5) == (long)summary.ReportedAt.Offset.TotalMinutes;
        return (reader.GetInt32(0), same ? SummaryWrite.Progress : SummaryWrite.Replace);
    }

    /// <summary>Finds the incident an idempotency key was given to.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The incident, or <see langword="null"/>.</returns>
    public IncidentId? FindByIdempotencyKey(string key)
    {
        Set(_findByKey, "$key", key);
        using var reader = _findByKey.ExecuteReader();
        return reader.Read() ? new IncidentId(SqliteValues.ReadId(reader, 0)) : null;
    }

    /// <summary>Writes an incident's summary row.</summary>
    /// <param name="append">The append whose summary it is.</param>
    /// <param name="write">How (from <see cref="ReadCurrent"/>).</param>
    public void WriteSummary(IncidentAppend append, SummaryWrite write)
    {
        var command = write switch
        {
            SummaryWrite.Insert => _insertSummary,
            SummaryWrite.Progress => _progressSummary,
            _ => _replaceSummary,
        };

        var s = append.Summary;
        Set(command, "$id", IdBytes(s.Id.Value));
        Set(command, "$version", s.Version);
        Set(command, "$state", (long)s.State);
        Set(command, "$level", s.Level is { } level ? (long)level : null);
        SetInstant(command, "$updatedAt", "$updatedAt_offset", s.UpdatedAt);
        SetInstant(command, "$nextDueAt", "$nextDueAt_offset", s.NextDueAt);
        SetInstant(command, "$acknowledgedAt", "$acknowledgedAt_offset", s.AcknowledgedAt);
        SetInstant(command, "$acknowledgeDueAt", "$acknowledgeDueAt_offset", s.AcknowledgeDueAt);
        SetInstant(command, "$firstResolvedAt", "$firstResolvedAt_offset", s.FirstResolvedAt);
        SetInstant(command, "$resolutionDueAt", "$resolutionDueAt_offset", s.ResolutionDueAt);
        Set(command, "$reopenCount", s.ReopenCount);
        Set(command, "$petitionerKey", s.PetitionerKey);
        Set(command, "$headHash", SqliteValues.Blob(append.Events[^1].Hash));
        if (write != SummaryWrite.Progress)
        {
            Set(command, "$kind", (long)s.Kind);
            Set(command, "$channel", (long)s.Channel);
            Set(command, "$category", s.Category.Value);
            SetInstant(command, "$reportedAt", "$reportedAt_offset", s.ReportedAt);
        }

        if (write == SummaryWrite.Insert)
        {
            Set(command, "$idempotencyKey", append.IdempotencyKey);
        }

        command.ExecuteNonQuery();
    }

    /// <summary>Inserts an event's row.</summary>
    /// <param name="e">The event.</param>
    /// <param name="ledgerEntry">The append's ledger entry, on its last event's row; <see langword="null"/> on the others.</param>
    public void InsertEvent(StoredEvent e, LedgerEntry? ledgerEntry)
    {
        var command = _insertEvent;
        Set(command, "$ledgerSequence", ledgerEntry?.Sequence);
        Set(command, "$ledgerKeyId", ledgerEntry?.KeyId);
        Set(command, "$ledgerHash", ledgerEntry is null ? null : SqliteValues.Blob(ledgerEntry.Hash));
        Set(command, "$ledgerHeads", ledgerEntry is null ? null : SqliteValues.Blob(AuditLedger.EncodeHeads(ledgerEntry.Heads)));
        Set(command, "$incidentId", IdBytes(e.IncidentId.Value));
        Set(command, "$version", e.Version);
        Set(command, "$eventType", e.EventType);
        Set(command, "$schemaVersion", e.SchemaVersion);
        SetInstant(command, "$occurredAt", "$occurredAt_offset", e.OccurredAt);
        Set(command, "$actor", e.Actor.Value);
        Set(command, "$payload", SqliteValues.Blob(e.Payload));
        Set(command, "$hash", SqliteValues.Blob(e.Hash));
        Set(command, "$hashKeyId", e.HashKeyId);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Makes the append's ledger entry, chained to the ledger's last one: called inside the append's write transaction
    /// (so nobody else appends meanwhile) before its events are inserted, the last of which carries it.
    /// </summary>
    /// <param name="request">The append.</param>
    /// <returns>The entry.</returns>
    public LedgerEntry NextLedgerEntry(AppendRequest request)
    {
        var (sequence, hash) = ReadTail(_carriedTail) ?? ReadTail(_ledgerTail)
            ?? throw new InvalidOperationException("The database has no ledger genesis (entry 0): the schema was changed by hand.");
        if (sequence == 0)
        {
            hash = AuditLedger.GenesisHash(SqliteLedger.ReadGenesis(Connection, _ledgerTail.Transaction));
        }

        return AuditLedger.Next(request, sequence, hash.Span);

        static (long Sequence, ReadOnlyMemory<byte> Hash)? ReadTail(SqliteCommand command)
        {
            using var reader = command.ExecuteReader();
            return reader.Read() ? (reader.GetInt64(0), (byte[])reader.GetValue(1)) : null;
        }
    }

    /// <summary>Inserts an outbox message's row.</summary>
    /// <param name="message">The message.</param>
    public void InsertOutboxMessage(OutboxMessage message)
    {
        var command = _insertMessage;
        Set(command, "$messageId", SqliteValues.Id(message.Id));
        Set(command, "$incidentId", IdBytes(message.IncidentId.Value));
        Set(command, "$kind", message.Kind);
        Set(command, "$deduplicationKey", message.DeduplicationKey);
        Set(command, "$payload", SqliteValues.Blob(message.Payload));
        SetInstant(command, "$createdAt", "$createdAt_offset", message.CreatedAt);
        command.ExecuteNonQuery();
    }

    /// <summary>Disposes the statements, then closes the connection (rolling back a transaction left open).</summary>
    public void Dispose()
    {
        foreach (var command in _commands)
        {
            command.Dispose();
        }

        _commands.Clear();
        Connection.Dispose();
    }

    private static void Set(SqliteCommand command, string name, object? value) => command.Parameters[name].Value = value ?? DBNull.Value;

    private static void SetInstant(SqliteCommand command, string ticks, string offset, DateTimeOffset? value)
    {
        // As SqliteValues.AddInstant writes it: UTC ticks and the offset in minutes.
        Set(command, ticks, value?.UtcTicks);
        Set(command, offset, value is { } v ? (long)v.Offset.TotalMinutes : null);
    }

    [GeneratedRegex(@"\$[A-Za-z_]+", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();

    private SqliteCommand Prepare(string sql)
    {
        var command = Connection.CreateCommand();
        _commands.Add(command);
        command.CommandText = sql;
        foreach (var name in ParameterName().Matches(sql).Select(m => m.Value).Distinct(StringComparer.Ordinal))
        {
            command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }

        command.Prepare();
        return command;
    }

    /// <summary>An id's bytes; an append binds the same incident's id several times, so the last one is kept.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The bytes (never changed once made, so a parameter may keep them).</returns>
    private byte[] IdBytes(Guid id)
    {
        if (_lastIdBytes is null || id != _lastId)
        {
            _lastIdBytes = SqliteValues.Id(id);
            _lastId = id;
        }

        return _lastIdBytes;
    }
}
