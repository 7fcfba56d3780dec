namespace PetitionOpinion.LoadBaseline;

/// <summary>
/// The library's SQLite schema at version 7 in one script (src/PetitionOpinion.Storage.Sqlite/Storage/SqliteSchema.cs,
/// its migrations folded together): the same tables, indexes and triggers, so that the raw host's inserts and updates
/// maintain what the store's maintain. Kept by hand: when the store's schema changes, change this.
/// </summary>
internal static class RawSchema
{
    private static string KeysAsJson(string column)
    {
        var array = $"""'["' || replace(replace(replace({column}, '\', '\\'), '"', '\"'), ' ', '","') || '"]'""";
        return $"CASE WHEN json_valid({array}) THEN {array} ELSE '[]' END";
    }

    public static readonly string Sql = $"""
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
            idempotency_key TEXT NULL UNIQUE,
            acknowledged_at INTEGER NULL,
            acknowledged_at_offset INTEGER NULL,
            acknowledge_due_at INTEGER NULL,
            acknowledge_due_at_offset INTEGER NULL,
            first_resolved_at INTEGER NULL,
            first_resolved_at_offset INTEGER NULL,
            resolution_due_at INTEGER NULL,
            resolution_due_at_offset INTEGER NULL,
            reopen_count INTEGER NOT NULL DEFAULT 0 CHECK (reopen_count >= 0),
            petitioner_key TEXT NULL,
            head_hash BLOB NULL
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
            hash_key_id TEXT NULL,
            ledger_sequence INTEGER NULL CHECK (ledger_sequence >= 1),
            ledger_key_id TEXT NULL,
            ledger_hash BLOB NULL,
            ledger_heads BLOB NULL,
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
        CREATE INDEX outbox_acknowledged ON outbox (acknowledged_at) WHERE acknowledged_at IS NOT NULL;

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
        INSERT INTO ledger (sequence, key_id, hash, heads) VALUES (0, NULL, X'', X'');
        CREATE TABLE ledger_carriers (
            first_rowid INTEGER NOT NULL CHECK (first_rowid >= 1)
        );
        INSERT INTO ledger_carriers (first_rowid) VALUES (1);

        CREATE TABLE petitioner_keys (
            petitioner_key TEXT NOT NULL,
            incident_id BLOB NOT NULL,
            PRIMARY KEY (petitioner_key, incident_id)
        ) WITHOUT ROWID;
        CREATE INDEX petitioner_keys_by_incident ON petitioner_keys (incident_id);
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

        CREATE TABLE monitor_checkpoints (
            key TEXT NOT NULL PRIMARY KEY,
            version INTEGER NOT NULL CHECK (version >= 1),
            saved_at INTEGER NOT NULL,
            saved_at_offset INTEGER NOT NULL,
            state BLOB NOT NULL
        ) WITHOUT ROWID;
        """;
}
