using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace PetitionOpinion.Storage;

/// <summary>One step of the schema: the SQL that takes a schema from <c>Version - 1</c> to <paramref name="Version"/>.</summary>
/// <param name="Version">The schema version it produces, from 1, without gaps.</param>
/// <param name="Description">What it changes, recorded in <c>schema_version</c>.</param>
/// <param name="Sql">The statements, with <c>{schema}</c> where the quoted schema name goes; run in one transaction.</param>
internal sealed record PostgreSqlMigration(int Version, string Description, string Sql);

/// <summary>
/// The database schema as an ordered list of migrations; the script a DBA runs (<see cref="Script"/>) and what the store
/// runs on first use (<see cref="MigrateAsync"/>) are made of the same statements, so that they cannot drift apart.
/// </summary>
/// <remarks>
/// Representation (why the columns look as they do):
/// <list type="bullet">
/// <item>Ids are <c>uuid</c>: PostgreSQL compares them byte by byte in their RFC 4122 (big-endian) order, which is
/// <see cref="Guid.CompareTo(Guid)"/>'s order, so queries sort in SQL.</item>
/// <item>Instants are two columns: UTC ticks (<c>bigint</c>, compared and sorted) and the offset in minutes
/// (<c>integer</c>): <c>timestamptz</c> keeps microseconds and no offset, and a value must round-trip to the tick with
/// its offset.</item>
/// <item>Enums are their <c>integer</c> values; risk categories, holders and lease names are <c>text</c> in the
/// <c>"C"</c> collation (compared byte for byte, as the library compares them: ordinally). Idempotency keys are
/// <c>bytea</c>: their UTF-8 bytes, so that any .NET string, even one with a lone surrogate that no <c>text</c> column
/// takes, is kept and compared exactly (<see cref="PostgreSqlValues.KeyBytes"/>).</item>
/// <item>Events are append-only: triggers refuse UPDATE, DELETE and TRUNCATE on them.</item>
/// </list>
/// </remarks>
internal static class PostgreSqlSchema
{
    /// <summary>How many times a migration that collided with another instance's is tried in all.</summary>
    private const int MaxMigrationAttempts = 3;

    /// <summary>Version 1: incidents' summaries with their idempotency keys, the events (the audit trail), the outbox with its claims, and leases.</summary>
    internal const string Version1 = """
        CREATE TABLE {schema}.incidents (
            id uuid NOT NULL,
            version integer NOT NULL CHECK (version >= 1),
            kind integer NOT NULL,
            channel integer NOT NULL,
            category text COLLATE "C" NOT NULL,
            state integer NOT NULL,
            level integer NULL,
            reported_at bigint NOT NULL,
            reported_at_offset integer NOT NULL,
            updated_at bigint NOT NULL,
            updated_at_offset integer NOT NULL,
            next_due_at bigint NULL,
            next_due_at_offset integer NULL,
            acknowledged_at bigint NULL,
            acknowledged_at_offset integer NULL,
            acknowledge_due_at bigint NULL,
            acknowledge_due_at_offset integer NULL,
            first_resolved_at bigint NULL,
            first_resolved_at_offset integer NULL,
            resolution_due_at bigint NULL,
            resolution_due_at_offset integer NULL,
            reopen_count integer NOT NULL DEFAULT 0 CHECK (reopen_count >= 0),
            petitioner_key text NULL,
            idempotency_key bytea NULL,
            CONSTRAINT incidents_pkey PRIMARY KEY (id),
            CONSTRAINT incidents_idempotency_key_unique UNIQUE (idempotency_key)
        );
        COMMENT ON TABLE {schema}.incidents IS 'PetitionOpinion: one summary row per incident, rewritten by every append; instants are UTC ticks (0001-01-01 based, 100 ns) with their offset in minutes; idempotency_key is the key''s UTF-8 bytes.';
        CREATE INDEX incidents_by_reported_at ON {schema}.incidents (reported_at, id);
        CREATE INDEX incidents_by_state ON {schema}.incidents (state, reported_at, id);
        CREATE INDEX incidents_by_level ON {schema}.incidents (level, reported_at, id) WHERE level IS NOT NULL;
        CREATE INDEX incidents_by_category ON {schema}.incidents (category, reported_at, id);
        CREATE INDEX incidents_by_channel ON {schema}.incidents (channel, reported_at, id);
        CREATE INDEX incidents_by_next_due_at ON {schema}.incidents (next_due_at) WHERE next_due_at IS NOT NULL;

        CREATE TABLE {schema}.events (
            incident_id uuid NOT NULL,
            version integer NOT NULL CHECK (version >= 1),
            event_type text NOT NULL,
            schema_version integer NOT NULL,
            occurred_at bigint NOT NULL,
            occurred_at_offset integer NOT NULL,
            actor text NOT NULL,
            payload bytea NOT NULL,
            hash bytea NOT NULL,
            CONSTRAINT events_pkey PRIMARY KEY (incident_id, version),
            CONSTRAINT events_incident_fkey FOREIGN KEY (incident_id) REFERENCES {schema}.incidents (id)
        );
        COMMENT ON TABLE {schema}.events IS 'PetitionOpinion: the audit trail, append-only; each event''s hash chains it to the previous one of its incident.';
        CREATE FUNCTION {schema}.refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'events are the audit trail: they are never updated, deleted or truncated (% on %.%)', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME;
        END
        $$;
        CREATE TRIGGER events_are_append_only BEFORE UPDATE OR DELETE ON {schema}.events
            FOR EACH ROW EXECUTE FUNCTION {schema}.refuse_event_change();
        CREATE TRIGGER events_are_never_truncated BEFORE TRUNCATE ON {schema}.events
            FOR EACH STATEMENT EXECUTE FUNCTION {schema}.refuse_event_change();

        CREATE TABLE {schema}.outbox (
            sequence bigint GENERATED ALWAYS AS IDENTITY,
            message_id uuid NOT NULL,
            incident_id uuid NOT NULL,
            kind text NOT NULL,
            deduplication_key text NOT NULL,
            payload bytea NOT NULL,
            created_at bigint NOT NULL,
            created_at_offset integer NOT NULL,
            acknowledged_at bigint NULL,
            claimed_by text COLLATE "C" NULL,
            claimed_until bigint NULL,
            CONSTRAINT outbox_pkey PRIMARY KEY (sequence),
            CONSTRAINT outbox_claim_has_holder_and_end CHECK ((claimed_by IS NULL) = (claimed_until IS NULL))
        );
        COMMENT ON TABLE {schema}.outbox IS 'PetitionOpinion: messages written with the events that cause them; pending until acknowledged; a dispatcher claims a batch until claimed_until (UTC ticks).';
        CREATE INDEX outbox_by_message_id ON {schema}.outbox (message_id);
        CREATE INDEX outbox_pending ON {schema}.outbox (sequence) WHERE acknowledged_at IS NULL;

        CREATE TABLE {schema}.leases (
            name text COLLATE "C" NOT NULL,
            holder text COLLATE "C" NOT NULL,
            expires_at bigint NOT NULL,
            CONSTRAINT leases_pkey PRIMARY KEY (name)
        );
        COMMENT ON TABLE {schema}.leases IS 'PetitionOpinion: named leases (work one instance does at a time), held until expires_at (UTC ticks).';
        """;

    /// <summary>
    /// Version 2: tamper evidence beyond each incident's chain — the id of the audit key each event's hash was made with
    /// (NULL for the unkeyed events written before), and the ledger: one entry per append, chained store-wide, naming the
    /// heads of the incidents the append changed; its genesis entry 0 lists the incidents already stored (their last
    /// events), so that an existing schema starts its ledger without rewriting any history. The ledger is append-only;
    /// <c>ledger_tail</c> is one row that appends lock and move on (it serialises appends, and only caches the last entry).
    /// </summary>
    internal const string Version2 = """
        ALTER TABLE {schema}.events ADD COLUMN hash_key_id text NULL;

        CREATE TABLE {schema}.ledger (
            sequence bigint NOT NULL CHECK (sequence >= 0),
            key_id text NULL,
            hash bytea NOT NULL,
            CONSTRAINT ledger_pkey PRIMARY KEY (sequence)
        );
        COMMENT ON TABLE {schema}.ledger IS 'PetitionOpinion: the audit ledger, append-only; one entry per append, each hash chained to the previous entry (HMAC-SHA256 under the audit key key_id, or SHA-256 when NULL).';
        CREATE TABLE {schema}.ledger_heads (
            sequence bigint NOT NULL,
            incident_id uuid NOT NULL,
            version integer NOT NULL CHECK (version >= 1),
            hash bytea NOT NULL,
            CONSTRAINT ledger_heads_pkey PRIMARY KEY (sequence, incident_id),
            CONSTRAINT ledger_heads_entry_fkey FOREIGN KEY (sequence) REFERENCES {schema}.ledger (sequence)
        );
        COMMENT ON TABLE {schema}.ledger_heads IS 'PetitionOpinion: the incidents'' heads (last version and hash) each ledger entry records, append-only.';
        CREATE INDEX ledger_heads_by_incident ON {schema}.ledger_heads (incident_id, sequence);
        CREATE TABLE {schema}.ledger_tail (
            id integer NOT NULL CHECK (id = 1),
            sequence bigint NOT NULL,
            hash bytea NOT NULL,
            CONSTRAINT ledger_tail_pkey PRIMARY KEY (id)
        );
        COMMENT ON TABLE {schema}.ledger_tail IS 'PetitionOpinion: the ledger''s last entry, one row that each append locks (appends take turns on it); a cache, never trusted by verification.';
        CREATE FUNCTION {schema}.refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the ledger is the audit trail: it is never updated, deleted or truncated (% on %.%)', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME;
        END
        $$;
        CREATE TRIGGER ledger_is_append_only BEFORE UPDATE OR DELETE ON {schema}.ledger
            FOR EACH ROW EXECUTE FUNCTION {schema}.refuse_ledger_change();
        CREATE TRIGGER ledger_is_never_truncated BEFORE TRUNCATE ON {schema}.ledger
            FOR EACH STATEMENT EXECUTE FUNCTION {schema}.refuse_ledger_change();
        CREATE TRIGGER ledger_heads_are_append_only BEFORE UPDATE OR DELETE ON {schema}.ledger_heads
            FOR EACH ROW EXECUTE FUNCTION {schema}.refuse_ledger_change();
        CREATE TRIGGER ledger_heads_are_never_truncated BEFORE TRUNCATE ON {schema}.ledger_heads
            FOR EACH STATEMENT EXECUTE FUNCTION {schema}.refuse_ledger_change();

        INSERT INTO {schema}.ledger (sequence, key_id, hash) VALUES (0, NULL, '\x');
        INSERT INTO {schema}.ledger_heads (sequence, incident_id, version, hash)
            SELECT 0, e.incident_id, e.version, e.hash FROM {schema}.events AS e
            WHERE (e.incident_id, e.version) IN (SELECT incident_id, max(version) FROM {schema}.events GROUP BY incident_id);
        INSERT INTO {schema}.ledger_tail (id, sequence, hash) VALUES (1, 0, '\x');
        """;

    /// <summary>
    /// Version 3: an index on the acknowledged outbox messages by acknowledgement time, so that purging those older than the
    /// retention reads only them (a partial index: pending messages are not in it).
    /// </summary>
    internal const string Version3 = """
        CREATE INDEX outbox_acknowledged ON {schema}.outbox (acknowledged_at, sequence) WHERE acknowledged_at IS NOT NULL;
        """;

    /// <summary>
    /// Version 4: the index of <see cref="IncidentQuery.ByPetitioner"/>. A summary's <c>petitioner_key</c> holds the
    /// petitioner's pseudonyms separated by spaces; a GIN index on them as an array answers "any of these pseudonyms"
    /// (<c>&amp;&amp;</c>) without reading the summaries whole, and needs nothing written by the store.
    /// </summary>
    internal const string Version4 = """
        CREATE INDEX incidents_by_petitioner ON {schema}.incidents USING gin ((string_to_array(petitioner_key, ' '))) WHERE petitioner_key IS NOT NULL;
        """;

    /// <summary>
    /// Version 5: the opinion monitor's checkpoints (<see cref="IMonitorCheckpointStore"/>), one row per key (a topic), its
    /// version moved on by each save; <c>saved_at</c> in UTC ticks with its offset in minutes.
    /// </summary>
    internal const string Version5 = """
        CREATE TABLE {schema}.monitor_checkpoints (
            key text COLLATE "C" NOT NULL,
            version bigint NOT NULL CHECK (version >= 1),
            saved_at bigint NOT NULL,
            saved_at_offset integer NOT NULL,
            state bytea NOT NULL,
            CONSTRAINT monitor_checkpoints_pkey PRIMARY KEY (key)
        );
        COMMENT ON TABLE {schema}.monitor_checkpoints IS 'PetitionOpinion: the opinion monitor''s state per topic, versioned (each save moves version on by one).';
        """;

    /// <summary>
    /// Version 6: the petitioner index (version 4) without GIN's pending list. With it (<c>fastupdate</c>, PostgreSQL's
    /// default), a new summary's pseudonyms are put in an unsorted list until it reaches <c>gin_pending_list_limit</c>
    /// (4 MB) or a vacuum merges it, and every search reads that whole list: the lookup of the petitioner's earlier
    /// petitions, made by every report, grew with the reports made since the last merge. Without it each insert updates
    /// the index itself (a little dearer) and a search reads only its keys. The list left by version 4 is merged here.
    /// </summary>
    internal const string Version6 = """
        ALTER INDEX {schema}.incidents_by_petitioner SET (fastupdate = off);
        SELECT gin_clean_pending_list('{schema}.incidents_by_petitioner'::regclass);
        """;

    /// <summary>Gets the migrations, in order.</summary>
    internal static IReadOnlyList<PostgreSqlMigration> Migrations { get; } =
    [
        new(1, "incidents, events, outbox and leases", Version1),
        new(2, "audit key ids and the ledger", Version2),
        new(3, "outbox purge index", Version3),
        new(4, "petitioner pseudonym index", Version4),
        new(5, "opinion monitor checkpoints", Version5),
        new(6, "petitioner index without a pending list", Version6),
    ];

    /// <summary>The table that records which migrations were applied.</summary>
    private const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS {schema}.schema_version (
            version integer NOT NULL,
            description text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT schema_version_pkey PRIMARY KEY (version)
        );
        """;

    /// <summary>Quotes a (validated) schema name as an SQL identifier.</summary>
    /// <param name="schema">The name.</param>
    /// <returns>The quoted name.</returns>
    internal static string Quote(string schema) => $"\"{schema}\"";

    /// <summary>Puts the quoted schema name into SQL written with <c>{schema}</c>.</summary>
    /// <param name="sql">The SQL.</param>
    /// <param name="schema">The schema name.</param>
    /// <returns>The SQL for that schema.</returns>
    internal static string Render(string sql, string schema) => sql.Replace("{schema}", Quote(schema), StringComparison.Ordinal);

    /// <summary>
    /// The key of the transaction-level advisory lock that migrations of <paramref name="schema"/> take, so that
    /// instances starting at once migrate one after the other (and other schemas' migrations are not held up).
    /// </summary>
    /// <param name="schema">The schema name.</param>
    /// <returns>The key.</returns>
    internal static long LockKey(string schema)
        => BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"PetitionOpinion.Storage.PostgreSql schema migration: {schema}")));

    /// <summary>The statements that begin a migration, after <c>BEGIN</c>: the lock, the schema and the version table.</summary>
    /// <param name="schema">The schema name.</param>
    /// <returns>The SQL.</returns>
    private static string Prologue(string schema)
        => string.Create(CultureInfo.InvariantCulture, $"SELECT pg_advisory_xact_lock({LockKey(schema)});\nCREATE SCHEMA IF NOT EXISTS {Quote(schema)};\n")
        + Render(CreateVersionTable, schema);

    /// <summary>The statements of one migration, followed by the row that records it.</summary>
    /// <param name="migration">The migration.</param>
    /// <param name="schema">The schema name.</param>
    /// <returns>The SQL.</returns>
    private static string Step(PostgreSqlMigration migration, string schema)
        => Render(migration.Sql, schema).TrimEnd() + "\n"
        + string.Create(CultureInfo.InvariantCulture, $"INSERT INTO {Quote(schema)}.schema_version (version, description) VALUES ({migration.Version}, '{migration.Description.Replace("'", "''", StringComparison.Ordinal)}');\n");

    /// <summary>The whole script for a new schema: what <see cref="MigrateAsync"/> runs on an empty database, in one transaction.</summary>
    /// <param name="schema">The schema name (valid).</param>
    /// <param name="migrations">The migrations.</param>
    /// <returns>The script.</returns>
    internal static string Script(string schema, IReadOnlyList<PostgreSqlMigration> migrations)
    {
        var script = new StringBuilder();
        script.Append(CultureInfo.InvariantCulture, $"""
            -- PetitionOpinion.Storage.PostgreSql: the database schema, version {migrations.Count}, in the schema {Quote(schema)}.
            --
            -- For DBAs who create the schema themselves (PostgreSqlStoreOptions.AutoMigrate = false): run it once, in one
            -- transaction, as a role that may create schemas in the database, e.g.
            --     psql -v ON_ERROR_STOP=1 -d <database> -f schema.sql
            -- then grant the application's role what it needs (replace app_role):
            --     GRANT USAGE ON SCHEMA {Quote(schema)} TO app_role;
            --     GRANT SELECT, INSERT ON {Quote(schema)}.events, {Quote(schema)}.ledger, {Quote(schema)}.ledger_heads TO app_role;
            --     GRANT SELECT, INSERT, UPDATE ON {Quote(schema)}.incidents, {Quote(schema)}.outbox, {Quote(schema)}.monitor_checkpoints TO app_role;
            --     GRANT SELECT, UPDATE ON {Quote(schema)}.ledger_tail TO app_role;
            --     GRANT SELECT, INSERT, UPDATE, DELETE ON {Quote(schema)}.leases TO app_role;
            --     GRANT SELECT ON {Quote(schema)}.schema_version TO app_role;
            -- A store started on the schema checks its version. Another schema's script: PostgreSqlIncidentStore.SchemaScript("name").
            -- Generated from the migrations the store runs on first use; do not edit (a test compares this file with them).

            BEGIN;

            """);
        script.Append(Prologue(schema));
        foreach (var migration in migrations)
        {
            script.Append(CultureInfo.InvariantCulture, $"\n-- Version {migration.Version}: {migration.Description}.\n");
            script.Append(Step(migration, schema));
        }

        script.Append("\nCOMMIT;\n");
        return script.ToString();
    }

    /// <summary>Reads the schema's version without changing anything: 0 when the schema or its version table is missing.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="transaction">The transaction, if any.</param>
    /// <param name="schema">The schema name.</param>
    /// <param name="timeoutSeconds">The command timeout.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The version.</returns>
    internal static async Task<int> CurrentVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string schema, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection, transaction) { CommandTimeout = timeoutSeconds };
        await using (exists.ConfigureAwait(false))
        {
            exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"{Quote(schema)}.schema_version" });
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                return 0;
            }
        }

        var read = new NpgsqlCommand($"SELECT COALESCE(MAX(version), 0) FROM {Quote(schema)}.schema_version", connection, transaction) { CommandTimeout = timeoutSeconds };
        await using (read.ConfigureAwait(false))
        {
            return Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// Brings the schema up to the last of <paramref name="migrations"/>: in one transaction that first takes the
    /// schema's advisory lock and re-reads the version, so that instances starting at once migrate it once.
    /// </summary>
    /// <param name="connection">An open connection, not in a transaction.</param>
    /// <param name="schema">The schema name.</param>
    /// <param name="migrations">The migrations, versions 1, 2, ... in order.</param>
    /// <param name="timeoutSeconds">The command timeout.</param>
    /// <param name="cancellationToken">Cancels the migration (then nothing is changed).</param>
    /// <returns>How many migrations this call applied.</returns>
    /// <exception cref="InvalidOperationException">The schema is newer than the last migration.</exception>
    internal static async Task<int> MigrateAsync(NpgsqlConnection connection, string schema, IReadOnlyList<PostgreSqlMigration> migrations, int timeoutSeconds, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await MigrateOnceAsync(connection, schema, migrations, timeoutSeconds, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (attempt < MaxMigrationAttempts && IsConcurrentMigration(e))
            {
                // Rolled back. The next transaction starts with a fresh view of the catalogue and finds the other's work.
            }
        }
    }

    /// <summary>
    /// Whether a migration failed because another instance migrated the schema at the same moment. The advisory lock makes
    /// the instances take turns, but a backend that waited for it may still look the schema up in a catalogue cache from
    /// before the other's commit (invalidations are taken in when a transaction starts or a table is locked, not when an
    /// advisory lock is granted): its <c>CREATE … IF NOT EXISTS</c> then collides with what the other created.
    /// </summary>
    /// <param name="exception">The error.</param>
    /// <returns><see langword="true"/> when trying again in a new transaction is the cure.</returns>
    private static bool IsConcurrentMigration(PostgresException exception)
        => exception.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateSchema or PostgresErrorCodes.DuplicateTable
            or PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.DuplicateFunction or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;

    private static async Task<int> MigrateOnceAsync(NpgsqlConnection connection, string schema, IReadOnlyList<PostgreSqlMigration> migrations, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await ExecuteAsync(connection, transaction, Prologue(schema), timeoutSeconds, cancellationToken).ConfigureAwait(false);
            var current = await CurrentVersionAsync(connection, transaction, schema, timeoutSeconds, cancellationToken).ConfigureAwait(false);
            if (current > migrations.Count)
            {
                throw new InvalidOperationException(NewerMessage(schema, current, migrations.Count));
            }

            for (var version = current + 1; version <= migrations.Count; version++)
            {
                var migration = migrations[version - 1];
                if (migration.Version != version)
                {
                    throw new InvalidOperationException($"Migration {version} is missing (found {migration.Version}).");
                }

                await ExecuteAsync(connection, transaction, Step(migration, schema), timeoutSeconds, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return migrations.Count - current;
        }
    }

    /// <summary>The message for a schema written by a newer release.</summary>
    /// <param name="schema">The schema name.</param>
    /// <param name="current">Its version.</param>
    /// <param name="known">The last version this code knows.</param>
    /// <returns>The message.</returns>
    internal static string NewerMessage(string schema, int current, int known)
        => $"The PostgreSQL schema {Quote(schema)} has schema version {current}, but this version of PetitionOpinion.Storage.PostgreSql knows versions up to {known}: "
        + "it was written by a newer release. Upgrade the package; nothing was changed.";

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = timeoutSeconds };
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
