namespace PetitionOpinion.LoadBaseline;

/// <summary>
/// The PostgreSQL store's schema at version 5 in one script, in the store's default schema <c>petition_opinion</c>
/// (src/PetitionOpinion.Storage.PostgreSql/Storage/PostgreSqlSchema.cs, its migrations folded together): the same
/// tables, indexes, constraints and triggers, so that the raw host's inserts and updates maintain what the store's
/// maintain (the summary's six B-tree indexes and its GIN index on the petitioner's pseudonyms, the events' primary and
/// foreign keys, the ledger's tables). Left out: the migration's advisory lock, the <c>schema_version</c> rows and the
/// tables' comments, which no write touches. Kept by hand: when the store's schema changes, change this.
/// </summary>
internal static class RawPostgreSqlSchema
{
    /// <summary>The schema the tables are in (the store's default).</summary>
    public const string Name = "petition_opinion";

    public const string Sql = """
        CREATE SCHEMA petition_opinion;

        CREATE TABLE petition_opinion.incidents (
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
        CREATE INDEX incidents_by_reported_at ON petition_opinion.incidents (reported_at, id);
        CREATE INDEX incidents_by_state ON petition_opinion.incidents (state, reported_at, id);
        CREATE INDEX incidents_by_level ON petition_opinion.incidents (level, reported_at, id) WHERE level IS NOT NULL;
        CREATE INDEX incidents_by_category ON petition_opinion.incidents (category, reported_at, id);
        CREATE INDEX incidents_by_channel ON petition_opinion.incidents (channel, reported_at, id);
        CREATE INDEX incidents_by_next_due_at ON petition_opinion.incidents (next_due_at) WHERE next_due_at IS NOT NULL;
        CREATE INDEX incidents_by_petitioner ON petition_opinion.incidents USING gin ((string_to_array(petitioner_key, ' '))) WITH (fastupdate = off) WHERE petitioner_key IS NOT NULL;

        CREATE TABLE petition_opinion.events (
            incident_id uuid NOT NULL,
            version integer NOT NULL CHECK (version >= 1),
            event_type text NOT NULL,
            schema_version integer NOT NULL,
            occurred_at bigint NOT NULL,
            occurred_at_offset integer NOT NULL,
            actor text NOT NULL,
            payload bytea NOT NULL,
            hash bytea NOT NULL,
            hash_key_id text NULL,
            CONSTRAINT events_pkey PRIMARY KEY (incident_id, version),
            CONSTRAINT events_incident_fkey FOREIGN KEY (incident_id) REFERENCES petition_opinion.incidents (id)
        );
        CREATE FUNCTION petition_opinion.refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'events are the audit trail: they are never updated, deleted or truncated (% on %.%)', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME;
        END
        $$;
        CREATE TRIGGER events_are_append_only BEFORE UPDATE OR DELETE ON petition_opinion.events
            FOR EACH ROW EXECUTE FUNCTION petition_opinion.refuse_event_change();
        CREATE TRIGGER events_are_never_truncated BEFORE TRUNCATE ON petition_opinion.events
            FOR EACH STATEMENT EXECUTE FUNCTION petition_opinion.refuse_event_change();

        CREATE TABLE petition_opinion.outbox (
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
        CREATE INDEX outbox_by_message_id ON petition_opinion.outbox (message_id);
        CREATE INDEX outbox_pending ON petition_opinion.outbox (sequence) WHERE acknowledged_at IS NULL;
        CREATE INDEX outbox_acknowledged ON petition_opinion.outbox (acknowledged_at, sequence) WHERE acknowledged_at IS NOT NULL;

        CREATE TABLE petition_opinion.leases (
            name text COLLATE "C" NOT NULL,
            holder text COLLATE "C" NOT NULL,
            expires_at bigint NOT NULL,
            CONSTRAINT leases_pkey PRIMARY KEY (name)
        );

        CREATE TABLE petition_opinion.ledger (
            sequence bigint NOT NULL CHECK (sequence >= 0),
            key_id text NULL,
            hash bytea NOT NULL,
            CONSTRAINT ledger_pkey PRIMARY KEY (sequence)
        );
        CREATE TABLE petition_opinion.ledger_heads (
            sequence bigint NOT NULL,
            incident_id uuid NOT NULL,
            version integer NOT NULL CHECK (version >= 1),
            hash bytea NOT NULL,
            CONSTRAINT ledger_heads_pkey PRIMARY KEY (sequence, incident_id),
            CONSTRAINT ledger_heads_entry_fkey FOREIGN KEY (sequence) REFERENCES petition_opinion.ledger (sequence)
        );
        CREATE INDEX ledger_heads_by_incident ON petition_opinion.ledger_heads (incident_id, sequence);
        CREATE TABLE petition_opinion.ledger_tail (
            id integer NOT NULL CHECK (id = 1),
            sequence bigint NOT NULL,
            hash bytea NOT NULL,
            CONSTRAINT ledger_tail_pkey PRIMARY KEY (id)
        );
        CREATE FUNCTION petition_opinion.refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the ledger is the audit trail: it is never updated, deleted or truncated (% on %.%)', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME;
        END
        $$;
        CREATE TRIGGER ledger_is_append_only BEFORE UPDATE OR DELETE ON petition_opinion.ledger
            FOR EACH ROW EXECUTE FUNCTION petition_opinion.refuse_ledger_change();
        CREATE TRIGGER ledger_is_never_truncated BEFORE TRUNCATE ON petition_opinion.ledger
            FOR EACH STATEMENT EXECUTE FUNCTION petition_opinion.refuse_ledger_change();
        CREATE TRIGGER ledger_heads_are_append_only BEFORE UPDATE OR DELETE ON petition_opinion.ledger_heads
            FOR EACH ROW EXECUTE FUNCTION petition_opinion.refuse_ledger_change();
        CREATE TRIGGER ledger_heads_are_never_truncated BEFORE TRUNCATE ON petition_opinion.ledger_heads
            FOR EACH STATEMENT EXECUTE FUNCTION petition_opinion.refuse_ledger_change();
        INSERT INTO petition_opinion.ledger (sequence, key_id, hash) VALUES (0, NULL, '\x');
        INSERT INTO petition_opinion.ledger_tail (id, sequence, hash) VALUES (1, 0, '\x');

        CREATE TABLE petition_opinion.monitor_checkpoints (
            key text COLLATE "C" NOT NULL,
            version bigint NOT NULL CHECK (version >= 1),
            saved_at bigint NOT NULL,
            saved_at_offset integer NOT NULL,
            state bytea NOT NULL,
            CONSTRAINT monitor_checkpoints_pkey PRIMARY KEY (key)
        );
        """;
}
