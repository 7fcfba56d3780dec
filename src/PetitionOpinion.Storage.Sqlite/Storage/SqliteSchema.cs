using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PetitionOpinion.Storage;

/// <summary>One step of the schema: the SQL that takes a database from <c>Version - 1</c> to <paramref name="Version"/>.</summary>
/// <param name="Version">The schema version it produces, from 1, without gaps.</param>
/// <param name="Description">What it changes, recorded in <c>schema_version</c>.</param>
/// <param name="Sql">The statements, run in one transaction.</param>
internal sealed record SqliteMigration(int Version, string Description, string Sql);

/// <summary>
/// The database schema as an ordered list of migrations, and the code that brings a database up to date: each
/// migration runs in its own write transaction that first re-reads the version, so that two processes opening the
/// same new file migrate it once; a database newer than this code is refused rather than written to.
/// </summary>
/// <remarks>
/// Representation (why the columns look as they do):
/// <list type="bullet">
/// <item>Ids are 16-byte BLOBs in big-endian order: SQLite compares BLOBs with <c>memcmp</c>, which then orders ids exactly as
/// <see cref="Guid.CompareTo(Guid)"/> does (the in-memory store's order), so queries sort in SQL.</item>
/// <item>Instants are two INTEGERs: UTC ticks (compared and sorted) and the offset in minutes (so that a value round-trips exactly).</item>
/// <item>Enums are their INTEGER values, risk categories their names (TEXT, compared ordinally as <see cref="PetitionOpinion.Incidents.RiskCategory"/> is); events and their hashes are opaque BLOBs; events are append-only (triggers refuse UPDATE and DELETE).</item>
/// </list>
/// </remarks>
internal static class SqliteSchema
{
    /// <summary>Version 1: the events (the audit trail), the incidents' summaries with their idempotency keys, and the outbox.</summary>
    internal const string Version1 = """
        CREATE TABLE incidents (
            id BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
            version INTEGER NOT NULL CHECK (version >= 1),
            kind INTEGER NOT NULL,
            channel INTEGER NOT NULL,
            category TEXT NOT NULL,
            state INTEGER NOT NULL,
            level INTEGER NULL,
            reported_at INTEGER NOT NULL,
            reported_at_offset INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            updated_at_offset INTEGER NOT NULL,
            next_due_at INTEGER NULL,
            next_due_at_offset INTEGER NULL,
            idempotency_key TEXT NULL UNIQUE
        ) WITHOUT ROWID;
        CREATE INDEX incidents_by_reported_at ON incidents (reported_at, id);
        CREATE INDEX incidents_by_state ON incidents (state, reported_at, id);
        CREATE INDEX incidents_by_level ON incidents (level, reported_at, id) WHERE level IS NOT NULL;
        CREATE INDEX incidents_by_category ON incidents (category, reported_at, id);
        CREATE INDEX incidents_by_channel ON incidents (channel, reported_at, id);
        CREATE INDEX incidents_by_next_due_at ON incidents (next_due_at) WHERE next_due_at IS NOT NULL;

        CREATE TABLE events (
            incident_id BLOB NOT NULL REFERENCES incidents (id),
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
        CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are the audit trail: they are never updated'); END;
        CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are the audit trail: they are never deleted'); END;

        CREATE TABLE outbox (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id BLOB NOT NULL,
            incident_id BLOB NOT NULL,
            kind TEXT NOT NULL,
            deduplication_key TEXT NOT NULL,
            payload BLOB NOT NULL,
            created_at INTEGER NOT NULL,
            created_at_offset INTEGER NOT NULL,
            acknowledged_at INTEGER NULL
        );
        CREATE INDEX outbox_by_message_id ON outbox (message_id);
        CREATE INDEX outbox_pending ON outbox (sequence) WHERE acknowledged_at IS NULL;
        """;

    /// <summary>
    /// Version 2: the summary fields the statistics read (acknowledgement and first resolution with their targets, reopenings,
    /// the petitioner's pseudonym). Rows written before stay empty in these columns until their incident's next append.
    /// </summary>
    internal const string Version2 = """
        ALTER TABLE incidents ADD COLUMN acknowledged_at INTEGER NULL;
        ALTER TABLE incidents ADD COLUMN acknowledged_at_offset INTEGER NULL;
        ALTER TABLE incidents ADD COLUMN acknowledge_due_at INTEGER NULL;
        ALTER TABLE incidents ADD COLUMN acknowledge_due_at_offset INTEGER NULL;
        ALTER TABLE incidents ADD COLUMN first_resolved_at INTEGER NULL;
        ALTER TABLE incidents ADD COLUMN first_resolved_at_offset INTEGER NULL;
        ALTER TABLE incidents ADD COLUMN resolution_due_at INTEGER NULL;
        ALTER TABLE incidents ADD COLUMN resolution_due_at_offset INTEGER NULL;
        ALTER TABLE incidents ADD COLUMN reopen_count INTEGER NOT NULL DEFAULT 0 CHECK (reopen_count >= 0);
        ALTER TABLE incidents ADD COLUMN petitioner_key TEXT NULL;
        """;

    /// <summary>
    /// Version 3: tamper evidence beyond each incident's chain — the id of the audit key each event's hash was made with
    /// (NULL for the unkeyed events written before); each incident's head hash on its summary row (the anchor a load
    /// compares its events with, written with the summary: no index to maintain); and the ledger: one row per append (until version 5),
    /// chained store-wide, its heads in one blob (<see cref="AuditLedger.EncodeHeads"/>). The genesis entry 0's heads are
    /// the incidents already stored (their last events, in <c>ledger_genesis</c>), so that an existing database starts
    /// its ledger without rewriting any history. Append-only, like the events.
    /// </summary>
    internal const string Version3 = """
        ALTER TABLE events ADD COLUMN hash_key_id TEXT NULL;
        ALTER TABLE incidents ADD COLUMN head_hash BLOB NULL;
        UPDATE incidents SET head_hash = (SELECT e.hash FROM events AS e WHERE e.incident_id = incidents.id AND e.version = incidents.version);

        CREATE TABLE ledger (
            sequence INTEGER NOT NULL PRIMARY KEY CHECK (sequence >= 0),
            key_id TEXT NULL,
            hash BLOB NOT NULL,
            heads BLOB NOT NULL
        );
        CREATE TABLE ledger_genesis (
            incident_id BLOB NOT NULL PRIMARY KEY CHECK (length(incident_id) = 16),
            version INTEGER NOT NULL CHECK (version >= 1),
            hash BLOB NOT NULL
        ) WITHOUT ROWID;
        CREATE TRIGGER ledger_is_append_only_update BEFORE UPDATE ON ledger
        BEGIN SELECT RAISE(ABORT, 'the ledger is the audit trail: it is never updated'); END;
        CREATE TRIGGER ledger_is_append_only_delete BEFORE DELETE ON ledger
        BEGIN SELECT RAISE(ABORT, 'the ledger is the audit trail: it is never deleted from'); END;
        CREATE TRIGGER ledger_genesis_is_fixed_update BEFORE UPDATE ON ledger_genesis
        BEGIN SELECT RAISE(ABORT, 'the ledger is the audit trail: it is never updated'); END;
        CREATE TRIGGER ledger_genesis_is_fixed_delete BEFORE DELETE ON ledger_genesis
        BEGIN SELECT RAISE(ABORT, 'the ledger is the audit trail: it is never deleted from'); END;

        INSERT INTO ledger (sequence, key_id, hash, heads) VALUES (0, NULL, X'', X'');
        INSERT INTO ledger_genesis (incident_id, version, hash)
            SELECT e.incident_id, e.version, e.hash FROM events AS e
            WHERE e.version = (SELECT MAX(version) FROM events WHERE incident_id = e.incident_id);
        """;

    /// <summary>
    /// Version 4: an index on the acknowledged outbox messages by acknowledgement time, so that purging those older than the
    /// retention reads only them (a partial index: pending messages are not in it).
    /// </summary>
    internal const string Version4 = """
        CREATE INDEX outbox_acknowledged ON outbox (acknowledged_at) WHERE acknowledged_at IS NOT NULL;
        """;

    /// <summary>
    /// Version 5: the ledger's entries ride on the events. From now on an append's entry is written on the row of its last
    /// event (<c>ledger_sequence</c>, <c>ledger_key_id</c>, <c>ledger_hash</c>, <c>ledger_heads</c>; NULL on every other
    /// row) instead of a row of its own in <c>ledger</c>: the event's page is written by the commit anyway, a ledger row
    /// was one more page per commit (about 10 % of an append). The entries written before stay in <c>ledger</c> (entry
    /// 0 and those of version 3 and 4), and <c>ledger_carriers</c> records the first event row that may carry one, so
    /// that reading the ledger never scans the events written before. Entries follow the events' row order; nothing is
    /// rewritten.
    /// </summary>
    internal const string Version5 = """
        ALTER TABLE events ADD COLUMN ledger_sequence INTEGER NULL CHECK (ledger_sequence >= 1);
        ALTER TABLE events ADD COLUMN ledger_key_id TEXT NULL;
        ALTER TABLE events ADD COLUMN ledger_hash BLOB NULL;
        ALTER TABLE events ADD COLUMN ledger_heads BLOB NULL;

        CREATE TABLE ledger_carriers (
            first_rowid INTEGER NOT NULL CHECK (first_rowid >= 1)
        );
        INSERT INTO ledger_carriers (first_rowid) SELECT COALESCE(MAX(rowid), 0) + 1 FROM events;
        CREATE TRIGGER ledger_carriers_is_fixed_insert BEFORE INSERT ON ledger_carriers
        BEGIN SELECT RAISE(ABORT, 'the ledger is the audit trail: where it continues is fixed'); END;
        CREATE TRIGGER ledger_carriers_is_fixed_update BEFORE UPDATE ON ledger_carriers
        BEGIN SELECT RAISE(ABORT, 'the ledger is the audit trail: where it continues is fixed'); END;
        CREATE TRIGGER ledger_carriers_is_fixed_delete BEFORE DELETE ON ledger_carriers
        BEGIN SELECT RAISE(ABORT, 'the ledger is the audit trail: where it continues is fixed'); END;
        """;

    /// <summary>
    /// Version 6: the index of <see cref="IncidentQuery.ByPetitioner"/>. A summary's <c>petitioner_key</c> holds the
    /// petitioner's pseudonyms separated by spaces; <c>petitioner_keys</c> holds one row per pseudonym and incident, kept in
    /// step by triggers (an append whose pseudonyms did not change touches nothing), filled from the summaries already
    /// stored. The pseudonyms are split through a JSON array (SQLite allows no recursive query in a trigger); a value
    /// that does not make valid JSON even escaped (a control character) is not indexed.
    /// </summary>
    internal static readonly string Version6 = $"""
        CREATE TABLE petitioner_keys (
            petitioner_key TEXT NOT NULL,
            incident_id BLOB NOT NULL,
            PRIMARY KEY (petitioner_key, incident_id)
        ) WITHOUT ROWID;
        CREATE INDEX petitioner_keys_by_incident ON petitioner_keys (incident_id);
        INSERT OR IGNORE INTO petitioner_keys (petitioner_key, incident_id)
            SELECT k.value, i.id FROM incidents AS i, json_each({KeysAsJson("i.petitioner_key")}) AS k
            WHERE i.petitioner_key IS NOT NULL AND k.value <> '';
        CREATE TRIGGER petitioner_keys_insert AFTER INSERT ON incidents WHEN NEW.petitioner_key IS NOT NULL
        BEGIN
            INSERT OR IGNORE INTO petitioner_keys (petitioner_key, incident_id)
                SELECT value, NEW.id FROM json_each({KeysAsJson("NEW.petitioner_key")}) WHERE value <> '';
        END;
        CREATE TRIGGER petitioner_keys_update AFTER UPDATE OF petitioner_key ON incidents WHEN OLD.petitioner_key IS NOT NEW.petitioner_key
        BEGIN
            DELETE FROM petitioner_keys WHERE incident_id = OLD.id;
            INSERT OR IGNORE INTO petitioner_keys (petitioner_key, incident_id)
                SELECT value, NEW.id FROM json_each({KeysAsJson("COALESCE(NEW.petitioner_key, '')")}) WHERE value <> '';
        END;
        CREATE TRIGGER petitioner_keys_delete AFTER DELETE ON incidents WHEN OLD.petitioner_key IS NOT NULL
        BEGIN
            DELETE FROM petitioner_keys WHERE incident_id = OLD.id;
        END;
        """;

    /// <summary>
    /// Version 7: the opinion monitor's checkpoints (<see cref="IMonitorCheckpointStore"/>), one row per key (a topic), its
    /// version moved on by each save.
    /// </summary>
    internal const string Version7 = """
        CREATE TABLE monitor_checkpoints (
            key TEXT NOT NULL PRIMARY KEY,
            version INTEGER NOT NULL CHECK (version >= 1),
            saved_at INTEGER NOT NULL,
            saved_at_offset INTEGER NOT NULL,
            state BLOB NOT NULL
        ) WITHOUT ROWID;
        """;

    /// <summary>Gets the migrations, in order.</summary>
    internal static IReadOnlyList<SqliteMigration> Migrations { get; } =
    [
        new(1, "events, incidents and outbox", Version1),
        new(2, "incident summary fields for statistics", Version2),
        new(3, "audit key ids and the ledger", Version3),
        new(4, "outbox purge index", Version4),
        new(5, "ledger entries on their appends' last events", Version5),
        new(6, "petitioner pseudonym index", Version6),
        new(7, "opinion monitor checkpoints", Version7),
    ];

    // The pseudonyms of a petitioner_key column as a JSON array: backslashes and quotes escaped, each space a separator;
    // an empty array when that is still no valid JSON.
    private static string KeysAsJson(string column)
    {
        var array = $"""'["' || replace(replace(replace({column}, '\', '\\'), '"', '\"'), ' ', '","') || '"]'""";
        return $"CASE WHEN json_valid({array}) THEN {array} ELSE '[]' END";
    }

    private const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version INTEGER NOT NULL PRIMARY KEY,
            description TEXT NOT NULL,
            applied_at INTEGER NOT NULL
        );
        """;

    /// <summary>Brings the database up to the last of <paramref name="migrations"/>.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="migrations">The migrations, versions 1, 2, ... in order.</param>
    /// <param name="time">The clock for <c>applied_at</c>.</param>
    /// <returns>How many migrations this call applied.</returns>
    /// <exception cref="InvalidOperationException">The database's schema is newer than the last migration.</exception>
    internal static int Migrate(SqliteConnection connection, IReadOnlyList<SqliteMigration> migrations, TimeProvider time)
    {
        var applied = 0;
        while (true)
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            Execute(connection, transaction, CreateVersionTable);
            var current = CurrentVersion(connection, transaction);
            if (current > migrations.Count)
            {
                throw new InvalidOperationException(
                    $"The database '{connection.DataSource}' has schema version {current}, but this version of PetitionOpinion.Storage.Sqlite knows versions up to {migrations.Count}: "
                    + "it was written by a newer release. Upgrade the package; nothing was changed.");
            }

            if (current == migrations.Count)
            {
                transaction.Commit();
                return applied;
            }

            var migration = migrations[current];
            if (migration.Version != current + 1)
            {
                throw new InvalidOperationException($"Migration {current + 1} is missing (found {migration.Version}).");
            }

            Execute(connection, transaction, migration.Sql);
            using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_version (version, description, applied_at) VALUES ($version, $description, $appliedAt)";
                record.Parameters.AddWithValue("$version", migration.Version);
                record.Parameters.AddWithValue("$description", migration.Description);
                record.Parameters.AddWithValue("$appliedAt", time.GetUtcNow().UtcTicks);
                record.ExecuteNonQuery();
            }

            transaction.Commit();
            applied++;
        }
    }

    /// <summary>Reads the schema version: 0 for a database without the schema.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="transaction">The current transaction, if any.</param>
    /// <returns>The version.</returns>
    internal static int CurrentVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
