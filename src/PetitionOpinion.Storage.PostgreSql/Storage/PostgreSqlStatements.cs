namespace PetitionOpinion.Storage;

/// <summary>
/// The store's SQL for one schema, built once per store: the same text every call, so that each statement is prepared
/// once per connection. Parameters are positional (<c>$1</c>…), which Npgsql passes on without rewriting the SQL.
/// </summary>
internal sealed class PostgreSqlStatements
{
    /// <summary>The summary columns, in the order <see cref="PostgreSqlIncidentStore"/> reads them.</summary>
    internal const string SummaryColumns = "id, version, kind, channel, category, state, level, reported_at, reported_at_offset, updated_at, updated_at_offset, next_due_at, next_due_at_offset, acknowledged_at, acknowledged_at_offset, acknowledge_due_at, acknowledge_due_at_offset, first_resolved_at, first_resolved_at_offset, resolution_due_at, resolution_due_at_offset, reopen_count, petitioner_key";

    /// <summary>The outbox columns a message is read from.</summary>
    internal const string OutboxColumns = "message_id, incident_id, kind, deduplication_key, payload, created_at, created_at_offset";

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlStatements"/> class.</summary>
    /// <param name="schema">The (validated) schema name.</param>
    public PostgreSqlStatements(string schema)
    {
        var s = PostgreSqlSchema.Quote(schema);
        Schema = s;

        // $1..$23 are the summary's columns in SummaryColumns order; $24 the idempotency key. The key is written with
        // the incident's first row and never changed afterwards; its UNIQUE constraint makes intake idempotent.
        InsertSummary = $"""
            INSERT INTO {s}.incidents ({SummaryColumns}, idempotency_key)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)
            """;

        // $24 is the expected version. Optimistic concurrency, enforced by the database: the row lock serialises the appends
        // to one incident, and an append decided on another version sets version to NULL, which the NOT NULL constraint
        // refuses (23502), rolling back the whole append. An unknown incident updates no row; its events' foreign key
        // then refuses them (23503). The events' primary key (incident_id, version) refuses a version twice (23505).
        UpdateSummary = $"""
            UPDATE {s}.incidents SET
                version = CASE WHEN version = $24 THEN $2 END,
                kind = $3, channel = $4, category = $5, state = $6, level = $7,
                reported_at = $8, reported_at_offset = $9, updated_at = $10, updated_at_offset = $11,
                next_due_at = $12, next_due_at_offset = $13, acknowledged_at = $14, acknowledged_at_offset = $15,
                acknowledge_due_at = $16, acknowledge_due_at_offset = $17, first_resolved_at = $18, first_resolved_at_offset = $19,
                resolution_due_at = $20, resolution_due_at_offset = $21, reopen_count = $22, petitioner_key = $23
            WHERE id = $1
            """;

        InsertEvent = $"""
            INSERT INTO {s}.events (incident_id, version, event_type, schema_version, occurred_at, occurred_at_offset, actor, payload, hash, hash_key_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """;

        // Locks the tail row (appends take turns from here to their commit) and returns the previous entry's sequence and
        // hash. A concurrent append waits for the row, then sees the tail the other committed (READ COMMITTED re-reads it).
        MoveLedgerTail = $"UPDATE {s}.ledger_tail SET sequence = sequence + 1 WHERE id = 1 RETURNING sequence - 1 AS previous_sequence, hash AS previous_hash";
        SetLedgerTailHash = $"UPDATE {s}.ledger_tail SET hash = $1 WHERE id = 1";
        InsertLedgerEntry = $"INSERT INTO {s}.ledger (sequence, key_id, hash) VALUES ($1, $2, $3)";
        InsertLedgerHead = $"INSERT INTO {s}.ledger_heads (sequence, incident_id, version, hash) VALUES ($1, $2, $3, $4)";
        ReadLedger = $"SELECT sequence, key_id, hash FROM {s}.ledger WHERE sequence >= $1 ORDER BY sequence LIMIT $2";
        ReadLedgerHeads = $"SELECT sequence, incident_id, version, hash FROM {s}.ledger_heads WHERE sequence BETWEEN $1 AND $2 ORDER BY sequence, incident_id";
        ReadAnchor = $"SELECT version, hash FROM {s}.ledger_heads WHERE incident_id = $1 ORDER BY sequence DESC LIMIT 1";

        InsertMessage = $"""
            INSERT INTO {s}.outbox ({OutboxColumns})
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """;

        // After a refused append: where each incident and key of the request stands now (committed state).
        ReadStanding = $"SELECT id, version, idempotency_key FROM {s}.incidents WHERE id = ANY($1) OR idempotency_key = ANY($2)";

        LoadEvents = $"SELECT version, event_type, schema_version, occurred_at, occurred_at_offset, actor, payload, hash, hash_key_id FROM {s}.events WHERE incident_id = $1 ORDER BY version";
        LoadEventsFrom = $"SELECT version, event_type, schema_version, occurred_at, occurred_at_offset, actor, payload, hash, hash_key_id FROM {s}.events WHERE incident_id = $1 AND version >= $2 ORDER BY version";
        FindByIdempotencyKey = $"SELECT id FROM {s}.incidents WHERE idempotency_key = $1";
        ReadOutbox = $"SELECT {OutboxColumns} FROM {s}.outbox WHERE acknowledged_at IS NULL ORDER BY sequence LIMIT $1";

        // The rows are locked in insertion order before they are changed, so that two acknowledgements (or an
        // acknowledgement and a release) of overlapping sets cannot deadlock.
        AcknowledgeOutbox = $"""
            WITH target AS (
                SELECT sequence FROM {s}.outbox
                WHERE message_id = ANY($1) AND acknowledged_at IS NULL
                ORDER BY sequence
                FOR UPDATE
            )
            UPDATE {s}.outbox AS o SET acknowledged_at = $2
            FROM target WHERE o.sequence = target.sequence
            """;

        // $1 cut-off (UTC ticks), $2 max count. Through the outbox_acknowledged index; pending rows (acknowledged_at NULL)
        // are never candidates. SKIP LOCKED: two instances purging at once split the rows instead of waiting on each other.
        PurgeOutbox = $"""
            WITH target AS (
                SELECT sequence FROM {s}.outbox
                WHERE acknowledged_at IS NOT NULL AND acknowledged_at < $1
                ORDER BY acknowledged_at, sequence
                LIMIT $2
                FOR UPDATE SKIP LOCKED
            )
            DELETE FROM {s}.outbox AS o USING target WHERE o.sequence = target.sequence
            """;

        // $1 holder, $2 now, $3 until, $4 max count (UTC ticks). SKIP LOCKED: rows another dispatcher is claiming right
        // now are passed over, never waited for; a row claimed and committed meanwhile is re-checked against the
        // conditions (READ COMMITTED), so that two holders never get the same message.
        ClaimOutbox = $"""
            WITH claimable AS (
                SELECT sequence FROM {s}.outbox
                WHERE acknowledged_at IS NULL AND (claimed_until IS NULL OR claimed_until <= $2 OR claimed_by = $1)
                ORDER BY sequence
                LIMIT $4
                FOR UPDATE SKIP LOCKED
            )
            UPDATE {s}.outbox AS o SET claimed_by = $1, claimed_until = $3
            FROM claimable WHERE o.sequence = claimable.sequence
            RETURNING o.sequence, o.message_id, o.incident_id, o.kind, o.deduplication_key, o.payload, o.created_at, o.created_at_offset
            """;

        ReleaseOutbox = $"""
            WITH target AS (
                SELECT sequence FROM {s}.outbox
                WHERE acknowledged_at IS NULL AND claimed_by = $1
                ORDER BY sequence
                FOR UPDATE
            )
            UPDATE {s}.outbox AS o SET claimed_by = NULL, claimed_until = NULL
            FROM target WHERE o.sequence = target.sequence
            """;

        // $1 name, $2 holder, $3 now, $4 until. One statement: a concurrent insert of the same name waits for the other
        // and then takes the DO UPDATE path, whose WHERE is checked against the committed row, so one holder wins.
        AcquireLease = $"""
            INSERT INTO {s}.leases AS l (name, holder, expires_at) VALUES ($1, $2, $4)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE l.holder = excluded.holder OR l.expires_at <= $3
            RETURNING l.holder
            """;
        ReleaseLease = $"DELETE FROM {s}.leases WHERE name = $1 AND holder = $2";

        // $1 key, $2 version, $3 saved_at, $4 saved_at_offset, $5 state. The first version only where there is no row;
        // a later one only over the version before it: each one statement, so of two savers of one version one wins.
        LoadCheckpoint = $"SELECT version, saved_at, saved_at_offset, state FROM {s}.monitor_checkpoints WHERE key = $1";
        InsertCheckpoint = $"""
            INSERT INTO {s}.monitor_checkpoints (key, version, saved_at, saved_at_offset, state) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (key) DO NOTHING
            RETURNING 1
            """;
        UpdateCheckpoint = $"""
            UPDATE {s}.monitor_checkpoints SET version = $2, saved_at = $3, saved_at_offset = $4, state = $5
            WHERE key = $1 AND version = $2 - 1
            RETURNING 1
            """;
    }

    /// <summary>Gets the quoted schema name.</summary>
    public string Schema { get; }

    /// <summary>Gets the insert of a new incident's summary.</summary>
    public string InsertSummary { get; }

    /// <summary>Gets the update of an existing incident's summary, which checks its version.</summary>
    public string UpdateSummary { get; }

    /// <summary>Gets the insert of an event.</summary>
    public string InsertEvent { get; }

    /// <summary>Gets the update that locks the ledger's tail and moves it on, returning the previous entry's sequence and hash.</summary>
    public string MoveLedgerTail { get; }

    /// <summary>Gets the update that records the new last entry's hash in the tail.</summary>
    public string SetLedgerTailHash { get; }

    /// <summary>Gets the insert of a ledger entry.</summary>
    public string InsertLedgerEntry { get; }

    /// <summary>Gets the insert of a ledger entry's head.</summary>
    public string InsertLedgerHead { get; }

    /// <summary>Gets the read of ledger entries from a sequence on.</summary>
    public string ReadLedger { get; }

    /// <summary>Gets the read of the heads of a range of ledger entries.</summary>
    public string ReadLedgerHeads { get; }

    /// <summary>Gets the read of an incident's last recorded head.</summary>
    public string ReadAnchor { get; }

    /// <summary>Gets the insert of an outbox message.</summary>
    public string InsertMessage { get; }

    /// <summary>Gets the read of the versions and keys a refused append names.</summary>
    public string ReadStanding { get; }

    /// <summary>Gets the read of an incident's events.</summary>
    public string LoadEvents { get; }

    /// <summary>Gets the read of an incident's events from a version on.</summary>
    public string LoadEventsFrom { get; }

    /// <summary>Gets the look-up of an idempotency key.</summary>
    public string FindByIdempotencyKey { get; }

    /// <summary>Gets the read of pending outbox messages.</summary>
    public string ReadOutbox { get; }

    /// <summary>Gets the acknowledgement of outbox messages.</summary>
    public string AcknowledgeOutbox { get; }

    /// <summary>Gets the purge of outbox messages acknowledged before a cut-off.</summary>
    public string PurgeOutbox { get; }

    /// <summary>Gets the claim of pending outbox messages.</summary>
    public string ClaimOutbox { get; }

    /// <summary>Gets the release of a holder's claims.</summary>
    public string ReleaseOutbox { get; }

    /// <summary>Gets the acquisition or renewal of a lease.</summary>
    public string AcquireLease { get; }

    /// <summary>Gets the release of a lease.</summary>
    public string ReleaseLease { get; }

    /// <summary>Gets the load of a monitor checkpoint.</summary>
    public string LoadCheckpoint { get; }

    /// <summary>Gets the first save of a monitor checkpoint.</summary>
    public string InsertCheckpoint { get; }

    /// <summary>Gets a later save of a monitor checkpoint.</summary>
    public string UpdateCheckpoint { get; }
}
