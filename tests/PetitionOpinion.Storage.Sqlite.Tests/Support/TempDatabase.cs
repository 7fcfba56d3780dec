using PetitionOpinion.Storage.Conformance;
using Microsoft.Data.Sqlite;

namespace PetitionOpinion.Storage.Sqlite.Tests.Support;

/// <summary>A database file in a fresh temporary folder, deleted (with the folder) on dispose.</summary>
public sealed class TempDatabase : IDisposable
{
    /// <summary>Initializes a new instance of the <see cref="TempDatabase"/> class. The file does not exist yet.</summary>
    public TempDatabase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "petition-opinion-sqlite-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        FilePath = Path.Combine(Folder, "incidents.db");
    }

    /// <summary>Gets the folder.</summary>
    public string Folder { get; }

    /// <summary>Gets the database file's path.</summary>
    public string FilePath { get; }

    /// <summary>Gets options for the file.</summary>
    public SqliteStoreOptions Options => SqliteStoreOptions.ForFile(FilePath);

    /// <summary>Opens a store on the file.</summary>
    /// <param name="time">The clock; <see langword="null"/> for the system clock.</param>
    /// <returns>The store.</returns>
    public SqliteIncidentStore OpenStore(TimeProvider? time = null) => new(Options, time ?? TimeProvider.System);

    /// <summary>Opens a raw connection to the file, outside the store's pool (as someone editing the database would).</summary>
    /// <returns>The open connection.</returns>
    public SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Runs SQL on a raw connection.</summary>
    /// <param name="sql">The SQL.</param>
    /// <param name="parameters">Named parameters.</param>
    /// <returns>The first column of the first row, or <see langword="null"/>.</returns>
    public object? Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteScalar();
    }

    /// <summary>Runs SQL on a raw connection and returns the first column of every row as text.</summary>
    /// <param name="sql">The SQL.</param>
    /// <returns>The values.</returns>
    public List<string> Column(string sql)
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
        }

        return values;
    }

    /// <summary>Alters one stored event behind the store's back: flips a byte of its payload (or of its hash), keeping everything else.</summary>
    /// <param name="id">The incident.</param>
    /// <param name="version">The event's version.</param>
    /// <param name="column"><c>payload</c> or <c>hash</c>.</param>
    public void Tamper(IncidentId id, int version, string column = "payload")
    {
        using var connection = OpenRaw();
        using var transaction = connection.BeginTransaction();
        var key = IdBytes(id.Value);
        byte[] bytes;
        using (var read = connection.CreateCommand())
        {
            read.CommandText = $"SELECT {column} FROM events WHERE incident_id = $id AND version = $version";
            read.Parameters.AddWithValue("$id", key);
            read.Parameters.AddWithValue("$version", version);
            bytes = (byte[])(read.ExecuteScalar() ?? throw new InvalidOperationException($"No event {id} v{version}."));
        }

        bytes[bytes.Length / 2] ^= 0x01;
        using (var write = connection.CreateCommand())
        {
            // The store's append-only trigger stands in the way of an honest mistake, not of someone with the file: drop it, edit, put it back.
            write.CommandText = $"""
                DROP TRIGGER events_are_append_only_update;
                UPDATE events SET {column} = $bytes WHERE incident_id = $id AND version = $version;
                CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
                BEGIN SELECT RAISE(ABORT, 'events are the audit trail: they are never updated'); END;
                """;
            write.Parameters.AddWithValue("$bytes", bytes);
            write.Parameters.AddWithValue("$id", key);
            write.Parameters.AddWithValue("$version", version);
            write.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>A GUID as the store keeps it: 16 big-endian bytes.</summary>
    /// <param name="value">The GUID.</param>
    /// <returns>The bytes.</returns>
    public static byte[] IdBytes(Guid value) => value.ToByteArray(bigEndian: true);

    /// <inheritdoc/>
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary file is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Changes the database behind the store's back, as someone with the file would: the append-only triggers are dropped
    /// for the moment and put back afterwards, and foreign keys are not enforced on this raw connection.
    /// </summary>
    /// <param name="tampering">What to change.</param>
    public void Tamper(StoreTampering tampering)
    {
        using var connection = OpenRaw();
        using var transaction = connection.BeginTransaction();
        var triggers = new List<string>();
        using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'";
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                triggers.Add(reader.GetString(1));
            }
        }

        foreach (var name in Names())
        {
            Run($"DROP TRIGGER {name}");
        }

        switch (tampering)
        {
            case ReplaceEvents replace:
                foreach (var e in replace.Events)
                {
                    Run(
                        "UPDATE events SET event_type = $type, schema_version = $schema, occurred_at = $at, occurred_at_offset = $offset, actor = $actor, payload = $payload, hash = $hash, hash_key_id = $key WHERE incident_id = $id AND version = $version",
                        ("$type", e.EventType), ("$schema", e.SchemaVersion), ("$at", e.OccurredAt.UtcTicks), ("$offset", (long)e.OccurredAt.Offset.TotalMinutes), ("$actor", e.Actor.Value),
                        ("$payload", e.Payload.ToArray()), ("$hash", e.Hash.ToArray()), ("$key", (object?)e.HashKeyId ?? DBNull.Value), ("$id", IdBytes(e.IncidentId.Value)), ("$version", e.Version));
                }

                break;
            case DeleteEvents delete:
                Run("DELETE FROM events WHERE incident_id = $id AND version >= $version", ("$id", IdBytes(delete.Incident.Value)), ("$version", delete.FromVersion));
                break;
            case SetSummaryLevel level:
                Run("UPDATE incidents SET level = $level WHERE id = $id", ("$level", level.Level is { } l ? (long)l : DBNull.Value), ("$id", IdBytes(level.Incident.Value)));
                break;
            case DeleteIncident incident:
                Run("DELETE FROM events WHERE incident_id = $id", ("$id", IdBytes(incident.Incident.Value)));
                Run("DELETE FROM incidents WHERE id = $id", ("$id", IdBytes(incident.Incident.Value)));
                break;
            case InsertIncident insert:
                var summary = insert.Summary;
                Run(
                    "INSERT INTO incidents (id, version, kind, channel, category, state, level, reported_at, reported_at_offset, updated_at, updated_at_offset) VALUES ($id, $version, $kind, $channel, $category, $state, $level, $at, 0, $at, 0)",
                    ("$id", IdBytes(summary.Id.Value)), ("$version", summary.Version), ("$kind", (long)summary.Kind), ("$channel", (long)summary.Channel), ("$category", summary.Category.Value),
                    ("$state", (long)summary.State), ("$level", summary.Level is { } sl ? (long)sl : DBNull.Value), ("$at", summary.ReportedAt.UtcTicks));
                foreach (var e in insert.Events)
                {
                    Run(
                        "INSERT INTO events (incident_id, version, event_type, schema_version, occurred_at, occurred_at_offset, actor, payload, hash, hash_key_id) VALUES ($id, $version, $type, $schema, $at, 0, $actor, $payload, $hash, $key)",
                        ("$id", IdBytes(e.IncidentId.Value)), ("$version", e.Version), ("$type", e.EventType), ("$schema", e.SchemaVersion), ("$at", e.OccurredAt.UtcTicks),
                        ("$actor", e.Actor.Value), ("$payload", e.Payload.ToArray()), ("$hash", e.Hash.ToArray()), ("$key", (object?)e.HashKeyId ?? DBNull.Value));
                }

                break;
            case ReplaceLedger replace:
                foreach (var entry in replace.Entries)
                {
                    // An entry is a row of the ledger table (written before schema version 5) or rides on its append's last event.
                    (string, object)[] values = [("$key", (object?)entry.KeyId ?? DBNull.Value), ("$hash", entry.Hash.ToArray()), ("$heads", AuditLedger.EncodeHeads(entry.Heads).ToArray()), ("$sequence", entry.Sequence)];
                    Run("UPDATE ledger SET key_id = $key, hash = $hash, heads = $heads WHERE sequence = $sequence", values);
                    Run("UPDATE events SET ledger_key_id = $key, ledger_hash = $hash, ledger_heads = $heads WHERE ledger_sequence = $sequence", values);
                }

                break;
            case DeleteLedger ledger:
                Run("DELETE FROM ledger WHERE sequence >= $sequence", ("$sequence", ledger.FromSequence));
                Run("UPDATE events SET ledger_sequence = NULL, ledger_key_id = NULL, ledger_hash = NULL, ledger_heads = NULL WHERE ledger_sequence >= $sequence", ("$sequence", ledger.FromSequence));
                break;
            default:
                throw new ArgumentException($"Unknown tampering {tampering}.", nameof(tampering));
        }

        foreach (var sql in triggers)
        {
            Run(sql);
        }

        transaction.Commit();

        List<string> Names()
        {
            using var read = connection.CreateCommand();
            read.Transaction = transaction;
            read.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'trigger'";
            using var reader = read.ExecuteReader();
            var names = new List<string>();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }

            return names;
        }

        void Run(string sql, params (string Name, object Value)[] parameters)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            command.ExecuteNonQuery();
        }
    }
}
