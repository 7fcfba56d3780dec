using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using static PetitionOpinion.LoadBaseline.RawValues;

namespace PetitionOpinion.LoadBaseline;

/// <summary>A report's body, as the sample takes it (enums by name).</summary>
internal sealed record RawReport(string Kind, string Channel, string Category, string Description, RawPetitioner? Petitioner = null, RawComplainedParty? ComplainedAbout = null);

/// <summary>The petitioner's details.</summary>
internal sealed record RawPetitioner(string Name, string? Contact = null, IReadOnlyList<string>? Phones = null, IReadOnlyList<string>? Emails = null);

/// <summary>Whom the complaint is about.</summary>
internal sealed record RawComplainedParty(string? Person = null, string? Department = null);

/// <summary>An assessment's body.</summary>
internal sealed record RawAssessment(string Level, string Scope, string PotentialRisk, string Rationale);

/// <summary>One line of the answer's history.</summary>
internal sealed record RawHistoryEntry(int Version, string Type, DateTimeOffset At, string Actor);

/// <summary>The answer: the incident as far as the raw host knows it (its summary row, and the report's text when it reported it).</summary>
internal sealed record RawIncident(
    Guid Id,
    int Version,
    string Kind,
    string Channel,
    string Category,
    string State,
    string? Level,
    DateTimeOffset ReportedAt,
    string? Description,
    RawPetitioner? Petitioner,
    IReadOnlyList<RawHistoryEntry> History);

/// <summary>
/// The raw host's one write connection and its prepared statements: the rows of the library's SQLite store written with
/// plain SQL. Each write is one <c>BEGIN IMMEDIATE</c> transaction under a lock (SQLite has one writer anyway), committed
/// with <c>synchronous=FULL</c> in WAL mode, as the store does.
/// </summary>
internal sealed partial class RawSqliteWriter : IDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly SqliteConnection _connection;
    private readonly List<SqliteCommand> _commands = [];
    private readonly SqliteCommand _insertSummary;
    private readonly SqliteCommand _findByKey;
    private readonly SqliteCommand _readSummary;
    private readonly SqliteCommand _updateSummary;
    private readonly SqliteCommand _ledgerTail;
    private readonly SqliteCommand _insertEvent;

    public RawSqliteWriter(string path, TimeProvider time)
    {
        _time = time;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
        using (var transaction = _connection.BeginTransaction(deferred: false))
        {
            using var exists = _connection.CreateCommand();
            exists.Transaction = transaction;
            exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'incidents'";
            if (Convert.ToInt64(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                using var create = _connection.CreateCommand();
                create.Transaction = transaction;
                create.CommandText = RawSchema.Sql;
                create.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        _insertSummary = Prepare("""
            INSERT INTO incidents (id, version, kind, channel, category, state, level, reported_at, reported_at_offset, updated_at, updated_at_offset,
                next_due_at, next_due_at_offset, acknowledged_at, acknowledged_at_offset, acknowledge_due_at, acknowledge_due_at_offset,
                first_resolved_at, first_resolved_at_offset, resolution_due_at, resolution_due_at_offset, reopen_count, petitioner_key, idempotency_key, head_hash)
            VALUES ($id, 1, $kind, $channel, $category, 1, NULL, $now, 0, $now, 0, NULL, NULL, NULL, NULL, $ackDue, 0, NULL, NULL, $resolutionDue, 0, 0, $petitionerKey, $key, $headHash)
            """);
        _findByKey = Prepare("SELECT id FROM incidents WHERE idempotency_key = $key");
        _readSummary = Prepare("""
            SELECT version, state, head_hash, kind, channel, category, reported_at, next_due_at, acknowledge_due_at, resolution_due_at, reopen_count, petitioner_key
            FROM incidents WHERE id = $id
            """);

        // The columns the store's summary update names when kind, channel, category and reporting instant are unchanged.
        _updateSummary = Prepare("""
            UPDATE incidents SET
                version = $version, state = $state, level = $level, updated_at = $now, updated_at_offset = 0,
                next_due_at = $nextDue, next_due_at_offset = 0, acknowledged_at = $now, acknowledged_at_offset = 0,
                acknowledge_due_at = $ackDue, acknowledge_due_at_offset = 0, first_resolved_at = NULL, first_resolved_at_offset = NULL,
                resolution_due_at = $resolutionDue, resolution_due_at_offset = 0, reopen_count = $reopenCount, petitioner_key = $petitionerKey, head_hash = $headHash
            WHERE id = $id
            """);
        _ledgerTail = Prepare("SELECT ledger_sequence, ledger_hash FROM events WHERE rowid >= (SELECT first_rowid FROM ledger_carriers) AND ledger_sequence IS NOT NULL ORDER BY rowid DESC LIMIT 1");
        _insertEvent = Prepare("""
            INSERT INTO events (incident_id, version, event_type, schema_version, occurred_at, occurred_at_offset, actor, payload, hash, hash_key_id,
                ledger_sequence, ledger_key_id, ledger_hash, ledger_heads)
            VALUES ($id, $version, $type, 2, $now, 0, $actor, $payload, $hash, NULL, $ledgerSequence, NULL, $ledgerHash, $ledgerHeads)
            """);
    }

    /// <summary>Reports an incident: its summary row (and through the trigger its pseudonyms), its first event carrying the ledger entry.</summary>
    /// <returns>The incident, and whether this call created it (not: the key was known, the incident it named is returned).</returns>
    public (RawIncident Incident, bool Created) Report(string actor, RawReport report, string? key)
    {
        var now = _time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var storeKey = key is null ? null : string.Concat(actor, ":", key);
        var payload = JsonSerializer.SerializeToUtf8Bytes(new { report.Kind, report.Channel, report.Category, report.Description, report.Petitioner, report.ComplainedAbout, EarlierPetitions = Array.Empty<Guid>() });
        var hash = EventHash(ReadOnlySpan<byte>.Empty, "IncidentReported", payload);
        var idBytes = id.ToByteArray(bigEndian: true);
        lock (_gate)
        {
            using var transaction = Begin();
            if (storeKey is not null)
            {
                Set(_findByKey, "$key", storeKey);
                if (_findByKey.ExecuteScalar() is byte[] known)
                {
                    transaction.Rollback();
                    return (Known(new Guid(known, bigEndian: true), report), false);
                }
            }

            Set(_insertSummary, "$id", idBytes);
            Set(_insertSummary, "$kind", Array.IndexOf(Kinds, report.Kind));
            Set(_insertSummary, "$channel", Array.IndexOf(Channels, report.Channel));
            Set(_insertSummary, "$category", report.Category);
            Set(_insertSummary, "$now", now.UtcTicks);
            Set(_insertSummary, "$ackDue", now.AddDays(1).UtcTicks);
            Set(_insertSummary, "$resolutionDue", now.AddDays(15).UtcTicks);
            Set(_insertSummary, "$petitionerKey", PetitionerKey(report.Petitioner));
            Set(_insertSummary, "$key", storeKey);
            Set(_insertSummary, "$headHash", hash);
            _insertSummary.ExecuteNonQuery();
            InsertEvent(idBytes, 1, "IncidentReported", actor, now, payload, hash);
            transaction.Commit();
        }

        return (new RawIncident(id, 1, report.Kind, report.Channel, report.Category, States[1], null, now, report.Description, report.Petitioner, [new(1, "IncidentReported", now, actor)]), true);
    }

    /// <summary>Assesses a reported incident: its summary row updated, one event carrying the ledger entry.</summary>
    /// <returns>The incident, or null and the status: 404 for an unknown incident, 409 for one not in the Reported state.</returns>
    public (RawIncident? Incident, int Status) Assess(Guid id, string actor, RawAssessment assessment)
    {
        var now = _time.GetUtcNow();
        var payload = JsonSerializer.SerializeToUtf8Bytes(new { assessment.Level, assessment.Scope, assessment.PotentialRisk, assessment.Rationale, PreviousLevel = (string?)null });
        var idBytes = id.ToByteArray(bigEndian: true);
        var level = Array.IndexOf(Levels, assessment.Level);
        lock (_gate)
        {
            using var transaction = Begin();
            Set(_readSummary, "$id", idBytes);
            int version, kind, channel;
            string category;
            long reportedAt;
            byte[] hash;
            using (var reader = _readSummary.ExecuteReader())
            {
                if (!reader.Read() || reader.GetInt32(1) != 1)
                {
                    var status = reader.HasRows ? StatusCodes.Status409Conflict : StatusCodes.Status404NotFound;
                    reader.Close();
                    transaction.Rollback();
                    return (null, status);
                }

                version = reader.GetInt32(0) + 1;
                hash = EventHash((byte[])reader.GetValue(2), "IncidentAssessed", payload);
                (kind, channel, category, reportedAt) = (reader.GetInt32(3), reader.GetInt32(4), reader.GetString(5), reader.GetInt64(6));
                Set(_updateSummary, "$nextDue", reader.IsDBNull(7) ? null : reader.GetInt64(7));
                Set(_updateSummary, "$ackDue", reader.IsDBNull(8) ? null : reader.GetInt64(8));
                Set(_updateSummary, "$resolutionDue", reader.IsDBNull(9) ? null : reader.GetInt64(9));
                Set(_updateSummary, "$reopenCount", reader.GetInt32(10));
                Set(_updateSummary, "$petitionerKey", reader.IsDBNull(11) ? null : reader.GetString(11));
            }

            Set(_updateSummary, "$id", idBytes);
            Set(_updateSummary, "$version", version);
            Set(_updateSummary, "$state", 2);
            Set(_updateSummary, "$level", level);
            Set(_updateSummary, "$now", now.UtcTicks);
            Set(_updateSummary, "$headHash", hash);
            _updateSummary.ExecuteNonQuery();
            InsertEvent(idBytes, version, "IncidentAssessed", actor, now, payload, hash);
            transaction.Commit();
            var reported = new DateTimeOffset(reportedAt, TimeSpan.Zero);
            return (new RawIncident(id, version, Kinds[kind], Channels[channel], category, States[2], assessment.Level, reported, null, null, [new(version, "IncidentAssessed", now, actor)]), StatusCodes.Status200OK);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var command in _commands)
            {
                command.Dispose();
            }

            _commands.Clear();
            _connection.Dispose();
        }
    }

    private static RawIncident Known(Guid id, RawReport report)
        => new(id, 1, report.Kind, report.Channel, report.Category, States[1], null, default, report.Description, report.Petitioner, []);

    // The event's row with the ledger entry it carries, chained to the last one (read inside the write transaction).
    private void InsertEvent(byte[] idBytes, int version, string type, string actor, DateTimeOffset now, byte[] payload, byte[] hash)
    {
        long sequence = 0;
        var previous = Array.Empty<byte>();
        using (var reader = _ledgerTail.ExecuteReader())
        {
            if (reader.Read())
            {
                (sequence, previous) = (reader.GetInt64(0), (byte[])reader.GetValue(1));
            }
        }

        // The heads: the incident's id, version and head hash (53 bytes, as the store's one-incident entry).
        var heads = new byte[53];
        heads[0] = 1;
        idBytes.CopyTo(heads, 1);
        BitConverter.TryWriteBytes(heads.AsSpan(17), version);
        hash.CopyTo(heads, 21);
        var ledgerInput = new byte[previous.Length + 8 + heads.Length];
        previous.CopyTo(ledgerInput, 0);
        BitConverter.TryWriteBytes(ledgerInput.AsSpan(previous.Length), sequence + 1);
        heads.CopyTo(ledgerInput, previous.Length + 8);

        Set(_insertEvent, "$id", idBytes);
        Set(_insertEvent, "$version", version);
        Set(_insertEvent, "$type", type);
        Set(_insertEvent, "$now", now.UtcTicks);
        Set(_insertEvent, "$actor", actor);
        Set(_insertEvent, "$payload", payload);
        Set(_insertEvent, "$hash", hash);
        Set(_insertEvent, "$ledgerSequence", sequence + 1);
        Set(_insertEvent, "$ledgerHash", SHA256.HashData(ledgerInput));
        Set(_insertEvent, "$ledgerHeads", heads);
        _insertEvent.ExecuteNonQuery();
    }

    private SqliteTransaction Begin()
    {
        var transaction = _connection.BeginTransaction(deferred: false);
        foreach (var command in _commands)
        {
            command.Transaction = transaction;
        }

        return transaction;
    }

    private static void Set(SqliteCommand command, string name, object? value) => command.Parameters[name].Value = value ?? DBNull.Value;

    [GeneratedRegex(@"\$[A-Za-z_]+", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();

    private SqliteCommand Prepare(string sql)
    {
        var command = _connection.CreateCommand();
        _commands.Add(command);
        command.CommandText = sql;
        foreach (var name in ParameterName().Matches(sql).Select(m => m.Value).Distinct(StringComparer.Ordinal))
        {
            command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }

        command.Prepare();
        return command;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
