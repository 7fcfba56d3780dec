-- Issue 23: what the exact count costs a page of QueryAsync on PostgreSQL, against the uncounted page, by cursor and by
-- offset. Run against a scratch database (it creates and drops the schema count_bench):
--   psql -h HOST -p PORT -U USER -d DB -q -f benchmarks/sql/query-count-vs-keyset.postgres.sql
-- Results: docs/storage.md, "Large queries: counting and keyset paging".
DROP SCHEMA IF EXISTS count_bench CASCADE;
CREATE SCHEMA count_bench;
-- The library's incidents table (schema.sql, version 1 columns that matter for the query) and its indexes.
CREATE TABLE count_bench.incidents (id uuid NOT NULL PRIMARY KEY, state integer NOT NULL, channel integer NOT NULL, category text NOT NULL, level integer NULL,
  reported_at bigint NOT NULL, reported_at_offset integer NOT NULL, updated_at bigint NOT NULL, next_due_at bigint NULL, petitioner_key text NULL, pad text);
CREATE INDEX incidents_by_reported_at ON count_bench.incidents (reported_at, id);
CREATE INDEX incidents_by_state ON count_bench.incidents (state, reported_at, id);
INSERT INTO count_bench.incidents
SELECT gen_random_uuid(), (i % 7), (i % 5), 'DataPrivacy', NULL, 638800000000000000 + (i / 3) * 600000000::bigint, 480, 638800000000000000, NULL, NULL, repeat('x', 200)
FROM generate_series(1, 200000) AS i;
VACUUM ANALYZE count_bench.incidents;
-- counted (the store's statement, first page)
EXPLAIN (ANALYZE, BUFFERS OFF, COSTS OFF) SELECT t.total, p.* FROM (SELECT count(*) AS total FROM count_bench.incidents WHERE TRUE) AS t
LEFT JOIN LATERAL (SELECT * FROM count_bench.incidents WHERE TRUE ORDER BY reported_at, id LIMIT 51 OFFSET 0) AS p ON TRUE ORDER BY p.reported_at, p.id;
-- uncounted, first page
EXPLAIN (ANALYZE, COSTS OFF) SELECT NULL::bigint AS total, * FROM count_bench.incidents WHERE TRUE ORDER BY reported_at, id LIMIT 51 OFFSET 0;
-- uncounted, by cursor deep in the table
EXPLAIN (ANALYZE, COSTS OFF) SELECT NULL::bigint AS total, * FROM count_bench.incidents WHERE TRUE AND (reported_at, id) > (638800000000000000 + 60000 * 600000000::bigint, '80000000-0000-0000-0000-000000000000'::uuid) ORDER BY reported_at, id LIMIT 51 OFFSET 0;
-- uncounted, by offset deep in the table
EXPLAIN (ANALYZE, COSTS OFF) SELECT NULL::bigint AS total, * FROM count_bench.incidents WHERE TRUE ORDER BY reported_at, id LIMIT 51 OFFSET 180000;
-- state filter + cursor
EXPLAIN (ANALYZE, COSTS OFF) SELECT NULL::bigint AS total, * FROM count_bench.incidents WHERE TRUE AND state = ANY('{3}'::int[]) AND (reported_at, id) > (638800000000000000 + 60000 * 600000000::bigint, '80000000-0000-0000-0000-000000000000'::uuid) ORDER BY reported_at, id LIMIT 51 OFFSET 0;
DROP SCHEMA count_bench CASCADE;
