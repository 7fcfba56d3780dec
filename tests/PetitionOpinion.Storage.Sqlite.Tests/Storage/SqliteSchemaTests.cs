using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using PetitionOpinion.Incidents;
using PetitionOpinion.Storage.Conformance;
using PetitionOpinion.Storage.Sqlite.Tests.Support;

namespace PetitionOpinion.Storage.Sqlite.Tests.Storage;

/// <summary>The schema: created on first use, migrated step by step in transactions, never downgraded.</summary>
public sealed class SqliteSchemaTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _database = new();
    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public async Task LoadAsync_NewFile_CreatesFileWalAndSchemaAtLatestVersion()
    {
        Assert.False(File.Exists(_database.FilePath));
        await using (var store = _database.OpenStore(_time))
        {
            Assert.Empty(await store.LoadAsync(new IncidentId(Guid.NewGuid()), CancellationToken.None));
        }

        Assert.True(File.Exists(_database.FilePath));
        Assert.Equal("wal", _database.Scalar("PRAGMA journal_mode"));
        Assert.Equal(SqliteSchema.Migrations.Count, Convert.ToInt32(_database.Scalar("SELECT MAX(version) FROM schema_version")));
        Assert.Equal(
            ["events", "incidents", "ledger", "ledger_carriers", "ledger_genesis", "monitor_checkpoints", "outbox", "petitioner_keys", "schema_version"],
            _database.Column("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name"));
        Assert.Equal(Start.UtcTicks, Convert.ToInt64(_database.Scalar("SELECT applied_at FROM schema_version WHERE version = 1")));
    }

    [Fact]
    public async Task PurgeOutbox_LatestSchema_ReadsOnlyTheAcknowledgedIndex()
    {
        await using (var store = _database.OpenStore(_time))
        {
            await store.InitializeAsync(CancellationToken.None);
        }

        // The purge's candidates come from the partial index of acknowledged messages, never from a scan of the outbox.
        using var connection = _database.OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = """
            EXPLAIN QUERY PLAN SELECT sequence FROM outbox
            WHERE acknowledged_at IS NOT NULL AND acknowledged_at < 1000
            ORDER BY acknowledged_at, sequence LIMIT 10
            """;
        using var reader = command.ExecuteReader();
        var details = new List<string>();
        while (reader.Read())
        {
            details.Add(reader.GetString(reader.GetOrdinal("detail")));
        }

        var plan = string.Join(" | ", details);
        Assert.Contains("outbox_acknowledged", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN outbox", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_FolderMissing_CreatesIt()
    {
        var path = Path.Combine(_database.Folder, "a", "b", "incidents.db");
        await using var store = new SqliteIncidentStore(SqliteStoreOptions.ForFile(path), _time);
        await store.InitializeAsync(CancellationToken.None);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Reopen_ExistingFile_KeepsDataAndDoesNotRerunMigrations()
    {
        var scenario = new ConformanceScenario();
        IReadOnlyDictionary<IncidentId, List<StoredEvent>> written;
        await using (var store = _database.OpenStore(_time))
        {
            written = await scenario.StoreFullStoryAsync(store);
        }

        var before = _database.Column("SELECT version || ':' || applied_at FROM schema_version ORDER BY version");
        _time.Advance(TimeSpan.FromDays(1));
        await using (var reopened = _database.OpenStore(_time))
        {
            await reopened.InitializeAsync(CancellationToken.None);
            foreach (var (id, events) in written)
            {
                Assert.Equal(events, await reopened.LoadAsync(id, CancellationToken.None));
            }
        }

        Assert.Equal(before, _database.Column("SELECT version || ':' || applied_at FROM schema_version ORDER BY version"));
    }

    [Fact]
    public async Task Open_OlderSchema_AppliesOnlyTheNewerMigrationsAndKeepsData()
    {
        // A version 1 database, as the first release wrote it: the full story's rows in version 1's columns.
        var scenario = new ConformanceScenario();
        IReadOnlyDictionary<IncidentId, List<StoredEvent>> written;
        using var source = new TempDatabase();
        await using (var current = source.OpenStore(_time))
        {
            written = await scenario.StoreFullStoryAsync(current);
        }

        await using (var v1 = new SqliteIncidentStore(_database.Options, _time, [SqliteSchema.Migrations[0]]))
        {
            await v1.InitializeAsync(CancellationToken.None); // the schema at version 1 (this release's reads need version 3)
        }

        using (var raw = _database.OpenRaw())
        using (var copy = raw.CreateCommand())
        {
            copy.CommandText = $"""
                ATTACH DATABASE '{source.FilePath}' AS source;
                INSERT INTO incidents (id, version, kind, channel, category, state, level, reported_at, reported_at_offset, updated_at, updated_at_offset, next_due_at, next_due_at_offset, idempotency_key)
                    SELECT id, version, kind, channel, category, state, level, reported_at, reported_at_offset, updated_at, updated_at_offset, next_due_at, next_due_at_offset, idempotency_key FROM source.incidents;
                INSERT INTO events SELECT incident_id, version, event_type, schema_version, occurred_at, occurred_at_offset, actor, payload, hash FROM source.events;
                DETACH DATABASE source;
                """;
            copy.ExecuteNonQuery();
        }

        var v1AppliedAt = _database.Scalar("SELECT applied_at FROM schema_version WHERE version = 1");
        _time.Advance(TimeSpan.FromDays(30));
        var later = new SqliteMigration(SqliteSchema.Migrations.Count + 1, "a column and a table for a later release", """
            ALTER TABLE incidents ADD COLUMN assignee TEXT NULL;
            CREATE TABLE notes (incident_id BLOB NOT NULL REFERENCES incidents (id), text TEXT NOT NULL);
            """);
        await using (var store = new SqliteIncidentStore(_database.Options, _time, [.. SqliteSchema.Migrations, later]))
        {
            foreach (var (id, events) in written)
            {
                Assert.Equal(events, await store.LoadAsync(id, CancellationToken.None));
                Assert.True(EventHashChain.Verify(await store.LoadAsync(id, CancellationToken.None)).IsIntact);
            }

            // Version 2's summary fields are empty for rows written before it; everything else reads as written.
            var page = await store.QueryAsync(new IncidentQuery { Take = IncidentQuery.MaxPageSize }, CancellationToken.None);
            Assert.Equal(written.Count, page.TotalCount);
            Assert.All(page.Items, s => Assert.True(s.AcknowledgedAt is null && s.FirstResolvedAt is null && s.ReopenCount == 0 && s.PetitionerKey is null));
            await using var original = source.OpenStore(_time);
            var expected = await original.QueryAsync(new IncidentQuery { Take = IncidentQuery.MaxPageSize }, CancellationToken.None);
            Assert.Equal(
                expected.Items.Select(s => s with { AcknowledgedAt = null, AcknowledgeDueAt = null, FirstResolvedAt = null, ResolutionDueAt = null, ReopenCount = 0, PetitionerKey = null }),
                page.Items);

            // Version 3 started the ledger over the stored incidents without rewriting them: the store verifies (the
            // unkeyed chain and the statistics fields written before version 2 are warnings, not tampering), and the
            // incidents go on being appended to.
            var repository = scenario.Repository(store);
            var verified = await repository.VerifyStoreAsync();
            Assert.True(verified.IsIntact, string.Join(Environment.NewLine, verified.Findings));
            Assert.Equal(written.Count, verified.Incidents);
            Assert.Contains(verified.Findings, f => f.Code == AuditFindingCodes.SummaryStale);
            Assert.False(verified.IsKeyed);
            var (first, _) = written.First();
            Assert.True((await repository.VerifyAsync(first, CancellationToken.None)).IsIntact);
        }

        Assert.Equal(v1AppliedAt, _database.Scalar("SELECT applied_at FROM schema_version WHERE version = 1"));
        Assert.Equal(_time.GetUtcNow().UtcTicks, Convert.ToInt64(_database.Scalar("SELECT applied_at FROM schema_version WHERE version = 2")));
        Assert.Equal(_time.GetUtcNow().UtcTicks, Convert.ToInt64(_database.Scalar("SELECT applied_at FROM schema_version WHERE version = $v", ("$v", later.Version))));
        Assert.Equal(0L, _database.Scalar("SELECT COUNT(*) FROM notes"));
        Assert.Equal(written.Count, Convert.ToInt32(_database.Scalar("SELECT COUNT(*) FROM incidents WHERE assignee IS NULL")));
    }

    [Fact]
    public async Task AppendAsync_LatestSchema_CarriesTheLedgerEntryOnTheLastEventRowAndWritesNoLedgerRow()
    {
        var scenario = new ConformanceScenario();
        await using var store = _database.OpenStore(_time);
        var written = await scenario.StoreFullStoryAsync(store);

        // One entry per append, each on its append's last event row (the story's appends of two incidents carry one entry
        // between them): no page of a table of its own to write at each commit.
        var entries = await store.ReadLedgerAsync(0, 10_000, CancellationToken.None);
        Assert.Equal(1L, _database.Scalar("SELECT COUNT(*) FROM ledger"));
        Assert.Equal(entries.Count - 1, Convert.ToInt32(_database.Scalar("SELECT COUNT(*) FROM events WHERE ledger_sequence IS NOT NULL")));
        Assert.Equal(Enumerable.Range(0, entries.Count).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.Equal(written.Values.Sum(list => list.Count), Convert.ToInt32(_database.Scalar("SELECT COUNT(*) FROM events")));
        Assert.True((await scenario.Repository(store).VerifyStoreAsync()).IsIntact);
    }

    [Fact]
    public async Task Open_Version4WithLedgerRows_ContinuesTheLedgerOnTheEventsAndReadsItWhole()
    {
        // A version 4 database: the story's ledger entries in rows of the ledger table, as version 4 wrote them (made here
        // from a current database by moving them back and dropping what version 5 added).
        var scenario = new ConformanceScenario();
        await using (var store = _database.OpenStore(_time))
        {
            await scenario.StoreFullStoryAsync(store);
        }

        using (var raw = _database.OpenRaw())
        using (var downgrade = raw.CreateCommand())
        {
            downgrade.CommandText = """
                INSERT INTO ledger (sequence, key_id, hash, heads) SELECT ledger_sequence, ledger_key_id, ledger_hash, ledger_heads FROM events WHERE ledger_sequence IS NOT NULL;
                DROP TABLE ledger_carriers;
                ALTER TABLE events DROP COLUMN ledger_sequence;
                ALTER TABLE events DROP COLUMN ledger_key_id;
                ALTER TABLE events DROP COLUMN ledger_hash;
                ALTER TABLE events DROP COLUMN ledger_heads;
                DROP TRIGGER petitioner_keys_insert;
                DROP TRIGGER petitioner_keys_update;
                DROP TRIGGER petitioner_keys_delete;
                DROP TABLE petitioner_keys;
                DROP TABLE monitor_checkpoints;
                DELETE FROM schema_version WHERE version >= 5;
                """;
            downgrade.ExecuteNonQuery();
        }

        var rowsAtVersion4 = Convert.ToInt64(_database.Scalar("SELECT COUNT(*) FROM ledger"));
        var eventsAtVersion4 = Convert.ToInt64(_database.Scalar("SELECT COUNT(*) FROM events"));
        Assert.True(rowsAtVersion4 > 10);

        // Version 5 applied: the old entries stay where they are, the new ones ride on the events after them.
        await using (var store = _database.OpenStore(_time))
        {
            var before = await store.ReadLedgerAsync(0, 10_000, CancellationToken.None);
            Assert.Equal(rowsAtVersion4, before.Count);
            await new ConformanceScenario().StoreFullStoryAsync(store);

            var all = await store.ReadLedgerAsync(0, 10_000, CancellationToken.None);
            Assert.Equal(Enumerable.Range(0, all.Count).Select(i => (long)i), all.Select(e => e.Sequence));
            Assert.Equal(before, all.Take(before.Count));
            Assert.Equal(rowsAtVersion4, Convert.ToInt64(_database.Scalar("SELECT COUNT(*) FROM ledger")));
            Assert.Equal(eventsAtVersion4 + 1, Convert.ToInt64(_database.Scalar("SELECT first_rowid FROM ledger_carriers")));
            Assert.Equal(all.Count - rowsAtVersion4, Convert.ToInt64(_database.Scalar("SELECT COUNT(*) FROM events WHERE ledger_sequence IS NOT NULL")));

            // Read from any entry, in pages of any size, the ledger is the same slice of the whole.
            foreach (var size in new[] { 1, 2, 7, 1_000 })
            {
                for (var from = 0; from <= all.Count; from++)
                {
                    Assert.Equal(all.Skip(from).Take(size), await store.ReadLedgerAsync(from, size, CancellationToken.None));
                }
            }

            var verified = await scenario.Repository(store).VerifyStoreAsync();
            Assert.True(verified.IsIntact, string.Join(Environment.NewLine, verified.Findings));
            Assert.Equal(all.Count, verified.LedgerEntries);
        }
    }

    [Fact]
    public async Task Open_Version5WithPetitionerKeys_IndexesThemAndKeepsTheIndexInStep()
    {
        // A version 5 database with summaries whose petitioner pseudonyms were written before the index existed.
        var scenario = new ConformanceScenario();
        var ids = Enumerable.Range(1, 4).Select(i => new IncidentId(new Guid(i, 0, 0, new byte[8]))).ToArray();
        string?[] keys = ["aaaa", "aaaa bbbb", "cccc", null];
        await using (var store = _database.OpenStore(_time))
        {
            for (var i = 0; i < ids.Length; i++)
            {
                var incident = scenario.Report(id: ids[i]);
                var events = scenario.Serializer.SerializeAll(incident.PendingEvents, null);
                var summary = new IncidentSummary(ids[i], IncidentKind.Petition, IntakeChannel.Hotline, RiskCategory.DataPrivacy, IncidentState.Reported, null, Start.AddMinutes(i), Start.AddMinutes(i), null, 1, PetitionerKey: keys[i]);
                Assert.Equal(AppendResult.Appended, await store.AppendAsync(new AppendRequest([new IncidentAppend(ids[i], 0, events, summary)], []), CancellationToken.None));
            }
        }

        using (var raw = _database.OpenRaw())
        using (var downgrade = raw.CreateCommand())
        {
            downgrade.CommandText = """
                DROP TRIGGER petitioner_keys_insert;
                DROP TRIGGER petitioner_keys_update;
                DROP TRIGGER petitioner_keys_delete;
                DROP TABLE petitioner_keys;
                DROP TABLE monitor_checkpoints;
                DELETE FROM schema_version WHERE version >= 6;
                """;
            downgrade.ExecuteNonQuery();
        }

        await using (var store = _database.OpenStore(_time))
        {
            async Task<IncidentId[]> Find(params string[] wanted)
                => [.. (await store.QueryAsync(new IncidentQuery { ByPetitioner = wanted }, CancellationToken.None)).Items.Select(s => s.Id)];

            Assert.Equal([ids[0], ids[1]], await Find("aaaa"));
            Assert.Equal([ids[1], ids[2]], await Find("bbbb", "cccc"));
            Assert.Empty(await Find("dddd"));
            Assert.Equal(SqliteSchema.Migrations.Count, Convert.ToInt32(_database.Scalar("SELECT MAX(version) FROM schema_version")));
            Assert.Equal(4L, _database.Scalar("SELECT COUNT(*) FROM petitioner_keys"));

            // An append that changes the pseudonyms moves the incident in the index; one that keeps them leaves it.
            var stored = await store.LoadAsync(ids[1], CancellationToken.None);
            var moved = new IncidentSummary(ids[1], IncidentKind.Petition, IntakeChannel.Hotline, RiskCategory.DataPrivacy, IncidentState.Assessed, null, Start.AddMinutes(1), Start.AddMinutes(9), null, 2, PetitionerKey: "dddd");
            Assert.Equal(AppendResult.Appended, await store.AppendAsync(new AppendRequest([new IncidentAppend(ids[1], 1, [stored[0] with { Version = 2 }], moved)], []), CancellationToken.None));
            Assert.Equal([ids[0]], await Find("aaaa"));
            Assert.Equal([ids[1]], await Find("dddd"));
            Assert.Equal(3L, _database.Scalar("SELECT COUNT(*) FROM petitioner_keys"));
        }

        // The look-up reads the index, never the summaries whole.
        using var connection = _database.OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN SELECT id FROM incidents WHERE id IN (SELECT incident_id FROM petitioner_keys WHERE petitioner_key IN ('aaaa', 'bbbb'))";
        using var reader = command.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read())
        {
            plan.Add(reader.GetString(reader.GetOrdinal("detail")));
        }

        Assert.DoesNotContain(plan, p => p.StartsWith("SCAN incidents", StringComparison.Ordinal) || p.StartsWith("SCAN petitioner_keys", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Open_MigrationFails_RollsThatMigrationBackEntirely()
    {
        await using (var v1 = _database.OpenStore(_time))
        {
            await v1.InitializeAsync(CancellationToken.None);
        }

        var broken = new SqliteMigration(SqliteSchema.Migrations.Count + 1, "fails half-way", """
            CREATE TABLE half_done (x INTEGER);
            INSERT INTO no_such_table VALUES (1);
            """);
        await using (var store = new SqliteIncidentStore(_database.Options, _time, [.. SqliteSchema.Migrations, broken]))
        {
            await Assert.ThrowsAsync<SqliteException>(() => store.InitializeAsync(CancellationToken.None).AsTask());
        }

        Assert.Equal(SqliteSchema.Migrations.Count, Convert.ToInt32(_database.Scalar("SELECT MAX(version) FROM schema_version")));
        Assert.Equal(0L, _database.Scalar("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'half_done'"));
    }

    [Fact]
    public async Task Open_NewerSchema_FailsWithAClearErrorAndWritesNothing()
    {
        var scenario = new ConformanceScenario();
        await using (var store = _database.OpenStore(_time))
        {
            await scenario.StoreFullStoryAsync(store);
        }

        _database.Scalar("INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'from the future', 0)");
        var events = _database.Scalar("SELECT COUNT(*) FROM events");
        await using (var store = _database.OpenStore(_time))
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.LoadAsync(new IncidentId(Guid.NewGuid()), CancellationToken.None).AsTask());
            Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
            Assert.Contains("newer release", error.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync(AppendRequest.For(scenario.Append(scenario.Report(), null)), CancellationToken.None).AsTask());
        }

        Assert.Equal(events, _database.Scalar("SELECT COUNT(*) FROM events"));
        Assert.Equal(99L, _database.Scalar("SELECT MAX(version) FROM schema_version"));
    }

    [Fact]
    public async Task InitializeAsync_ManyStoresOnOneNewFileAtOnce_MigrateOnce()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => new SqliteIncidentStore(_database.Options, _time)).ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync(CancellationToken.None).AsTask())));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }

        Assert.Equal(SqliteSchema.Migrations.Count, Convert.ToInt32(_database.Scalar("SELECT COUNT(*) FROM schema_version")));
    }

    /// <inheritdoc/>
    public void Dispose() => _database.Dispose();
}
