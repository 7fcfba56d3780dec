-- PetitionOpinion.Storage.PostgreSql: the database schema, version 6, in the schema "petition_opinion".
--
-- For DBAs who create the schema themselves (PostgreSqlStoreOptions.AutoMigrate = false): run it once, in one
-- transaction, as a role that may create schemas in the database, e.g.
--     psql -v ON_ERROR_STOP=1 -d <database> -f schema.sql
-- then grant the application's role what it needs (replace app_role):
--     GRANT USAGE ON SCHEMA "petition_opinion" TO app_role;
--     GRANT SELECT, INSERT ON "petition_opinion".events, "petition_opinion".ledger, "petition_opinion".ledger_heads TO app_role;
--     GRANT SELECT, INSERT, UPDATE ON "petition_opinion".incidents, "petition_opinion".outbox, "petition_opinion".monitor_checkpoints TO app_role;
--     GRANT SELECT, UPDATE ON "petition_opinion".ledger_tail TO app_role;
--     GRANT SELECT, INSERT, UPDATE, DELETE ON "petition_opinion".leases TO app_role;
--     GRANT SELECT ON "petition_opinion".schema_version TO app_role;
-- A store started on the schema checks its version. Another schema's script: PostgreSqlIncidentStore.SchemaScript("name").
-- Generated from the migrations the store runs on first use; do not edit (a test compares this file with them).

BEGIN;
SELECT pg_advisory_xact_lock(-2451501006643936824);
CREATE SCHEMA IF NOT EXISTS "petition_opinion";
CREATE TABLE IF NOT EXISTS "petition_opinion".schema_version (
    version integer NOT NULL,
    description text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT schema_version_pkey PRIMARY KEY (version)
);
-- Version 1: incidents, events, outbox and leases.
CREATE TABLE "petition_opinion".incidents (
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
COMMENT ON TABLE "petition_opinion".incidents IS 'PetitionOpinion: one summary row per incident, rewritten by every append; instants are UTC ticks (0001-01-01 based, 100 ns) with their offset in minutes; idempotency_key is the key''s UTF-8 bytes.';
CREATE INDEX incidents_by_reported_at ON "petition_opinion".incidents (reported_at, id);
CREATE INDEX incidents_by_state ON "petition_opinion".incidents (state, reported_at, id);
CREATE INDEX incidents_by_level ON "petition_opinion".incidents (level, reported_at, id) WHERE level IS NOT NULL;
CREATE INDEX incidents_by_category ON "petition_opinion".incidents (category, reported_at, id);
CREATE INDEX incidents_by_channel ON "petition_opinion".incidents (channel, reported_at, id);
CREATE INDEX incidents_by_next_due_at ON "petition_opinion".incidents (next_due_at) WHERE next_due_at IS NOT NULL;

CREATE TABLE "petition_opinion".events (
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
    CONSTRAINT events_incident_fkey FOREIGN KEY (incident_id) REFERENCES "petition_opinion".incidents (id)
);
COMMENT ON TABLE "petition_opinion".events IS 'PetitionOpinion: the audit trail, append-only; each event''s hash chains it to the previous one of its incident.';
CREATE FUNCTION "petition_opinion".refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are the audit trail: they are never updated, deleted or truncated (% on %.%)', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME;
END
$$;
CREATE TRIGGER events_are_append_only BEFORE UPDATE OR DELETE ON "petition_opinion".events
    FOR EACH ROW EXECUTE FUNCTION "petition_opinion".refuse_event_change();
CREATE TRIGGER events_are_never_truncated BEFORE TRUNCATE ON "petition_opinion".events
    FOR EACH STATEMENT EXECUTE FUNCTION "petition_opinion".refuse_event_change();

CREATE TABLE "petition_opinion".outbox (
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
COMMENT ON TABLE "petition_opinion".outbox IS 'PetitionOpinion: messages written with the events that cause them; pending until acknowledged; a dispatcher claims a batch until claimed_until (UTC ticks).';
CREATE INDEX outbox_by_message_id ON "petition_opinion".outbox (message_id);
CREATE INDEX outbox_pending ON "petition_opinion".outbox (sequence) WHERE acknowledged_at IS NULL;

CREATE TABLE "petition_opinion".leases (
    name text COLLATE "C" NOT NULL,
    holder text COLLATE "C" NOT NULL,
    expires_at bigint NOT NULL,
    CONSTRAINT leases_pkey PRIMARY KEY (name)
);
COMMENT ON TABLE "petition_opinion".leases IS 'PetitionOpinion: named leases (work one instance does at a time), held until expires_at (UTC ticks).';
INSERT INTO "petition_opinion".schema_version (version, description) VALUES (1, 'incidents, events, outbox and leases');

-- Version 2: audit key ids and the ledger.
ALTER TABLE "petition_opinion".events ADD COLUMN hash_key_id text NULL;

CREATE TABLE "petition_opinion".ledger (
    sequence bigint NOT NULL CHECK (sequence >= 0),
    key_id text NULL,
    hash bytea NOT NULL,
    CONSTRAINT ledger_pkey PRIMARY KEY (sequence)
);
COMMENT ON TABLE "petition_opinion".ledger IS 'PetitionOpinion: the audit ledger, append-only; one entry per append, each hash chained to the previous entry (HMAC-SHA256 under the audit key key_id, or SHA-256 when NULL).';
CREATE TABLE "petition_opinion".ledger_heads (
    sequence bigint NOT NULL,
    incident_id uuid NOT NULL,
    version integer NOT NULL CHECK (version >= 1),
    hash bytea NOT NULL,
    CONSTRAINT ledger_heads_pkey PRIMARY KEY (sequence, incident_id),
    CONSTRAINT ledger_heads_entry_fkey FOREIGN KEY (sequence) REFERENCES "petition_opinion".ledger (sequence)
);
COMMENT ON TABLE "petition_opinion".ledger_heads IS 'PetitionOpinion: the incidents'' heads (last version and hash) each ledger entry records, append-only.';
CREATE INDEX ledger_heads_by_incident ON "petition_opinion".ledger_heads (incident_id, sequence);
CREATE TABLE "petition_opinion".ledger_tail (
    id integer NOT NULL CHECK (id = 1),
    sequence bigint NOT NULL,
    hash bytea NOT NULL,
    CONSTRAINT ledger_tail_pkey PRIMARY KEY (id)
);
COMMENT ON TABLE "petition_opinion".ledger_tail IS 'PetitionOpinion: the ledger''s last entry, one row that each append locks (appends take turns on it); a cache, never trusted by verification.';
CREATE FUNCTION "petition_opinion".refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is the audit trail: it is never updated, deleted or truncated (% on %.%)', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME;
END
$$;
CREATE TRIGGER ledger_is_append_only BEFORE UPDATE OR DELETE ON "petition_opinion".ledger
    FOR EACH ROW EXECUTE FUNCTION "petition_opinion".refuse_ledger_change();
CREATE TRIGGER ledger_is_never_truncated BEFORE TRUNCATE ON "petition_opinion".ledger
    FOR EACH STATEMENT EXECUTE FUNCTION "petition_opinion".refuse_ledger_change();
CREATE TRIGGER ledger_heads_are_append_only BEFORE UPDATE OR DELETE ON "petition_opinion".ledger_heads
    FOR EACH ROW EXECUTE FUNCTION "petition_opinion".refuse_ledger_change();
CREATE TRIGGER ledger_heads_are_never_truncated BEFORE TRUNCATE ON "petition_opinion".ledger_heads
    FOR EACH STATEMENT EXECUTE FUNCTION "petition_opinion".refuse_ledger_change();

INSERT INTO "petition_opinion".ledger (sequence, key_id, hash) VALUES (0, NULL, '\x');
INSERT INTO "petition_opinion".ledger_heads (sequence, incident_id, version, hash)
    SELECT 0, e.incident_id, e.version, e.hash FROM "petition_opinion".events AS e
    WHERE (e.incident_id, e.version) IN (SELECT incident_id, max(version) FROM "petition_opinion".events GROUP BY incident_id);
INSERT INTO "petition_opinion".ledger_tail (id, sequence, hash) VALUES (1, 0, '\x');
INSERT INTO "petition_opinion".schema_version (version, description) VALUES (2, 'audit key ids and the ledger');

-- Version 3: outbox purge index.
CREATE INDEX outbox_acknowledged ON "petition_opinion".outbox (acknowledged_at, sequence) WHERE acknowledged_at IS NOT NULL;
INSERT INTO "petition_opinion".schema_version (version, description) VALUES (3, 'outbox purge index');

-- Version 4: petitioner pseudonym index.
CREATE INDEX incidents_by_petitioner ON "petition_opinion".incidents USING gin ((string_to_array(petitioner_key, ' '))) WHERE petitioner_key IS NOT NULL;
INSERT INTO "petition_opinion".schema_version (version, description) VALUES (4, 'petitioner pseudonym index');

-- Version 5: opinion monitor checkpoints.
CREATE TABLE "petition_opinion".monitor_checkpoints (
    key text COLLATE "C" NOT NULL,
    version bigint NOT NULL CHECK (version >= 1),
    saved_at bigint NOT NULL,
    saved_at_offset integer NOT NULL,
    state bytea NOT NULL,
    CONSTRAINT monitor_checkpoints_pkey PRIMARY KEY (key)
);
COMMENT ON TABLE "petition_opinion".monitor_checkpoints IS 'PetitionOpinion: the opinion monitor''s state per topic, versioned (each save moves version on by one).';
INSERT INTO "petition_opinion".schema_version (version, description) VALUES (5, 'opinion monitor checkpoints');

-- Version 6: petitioner index without a pending list.
ALTER INDEX "petition_opinion".incidents_by_petitioner SET (fastupdate = off);
SELECT gin_clean_pending_list('"petition_opinion".incidents_by_petitioner'::regclass);
INSERT INTO "petition_opinion".schema_version (version, description) VALUES (6, 'petitioner index without a pending list');

COMMIT;
