using System.Globalization;
using Npgsql;
using PetitionOpinion.Storage.Conformance;
using PetitionOpinion.Storage.PostgreSql.Tests.Support;

namespace PetitionOpinion.Storage.PostgreSql.Tests.Storage;

/// <summary>The schema on a server: created on first use by several instances at once, the DBA script, versions, append-only events.</summary>
public sealed class PostgreSqlSchemaTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly PostgreSqlMigration Extra = new(PostgreSqlSchema.Migrations.Count + 1, "a test migration", "CREATE TABLE {schema}.extra (id integer NOT NULL PRIMARY KEY);");
    private TestSchema _schema = null!;
    private TestSchema? _other;

    public async Task InitializeAsync() => _schema = await TestSchema.CreateAsync();

    public async Task DisposeAsync()
    {
        await _schema.DisposeAsync();
        if (_other is { } other)
        {
            await other.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task InitializeAsync_EightStoresAtOnceOnANewSchema_CreateItOnce(int run)
    {
        // Eight instances starting together: the advisory lock lets one migrate; the others find the schema current
        // (a few runs: who waits where differs from run to run).
        var stores = Enumerable.Range(0, 8).Select(_ => _schema.OpenStore()).ToList();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var starting = stores.Select((s, i) => Task.Run(async () =>
        {
            await start.Task;
            await (i % 2 == 0 ? s.InitializeAsync(None).AsTask() : s.LoadAsync(Raw.NewId(), None).AsTask());
        })).ToList();

        start.SetResult();
        await Task.WhenAll(starting);

        Assert.Equal(["1|incidents, events, outbox and leases", "2|audit key ids and the ledger", "3|outbox purge index", "4|petitioner pseudonym index", "5|opinion monitor checkpoints", "6|petitioner index without a pending list"], await _schema.RowsAsync("SELECT version, description FROM {schema}.schema_version ORDER BY version"));
        var id = Raw.NewId();
        Assert.Equal(AppendResult.Appended, await stores[run].AppendAsync(Raw.Request(Raw.Append(id, 0)), None));
        foreach (var store in stores)
        {
            Assert.Single(await store.LoadAsync(id, None));
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task AnyOperation_SchemaCreatedOnFirstUse_HasEveryTableAndNothingOfItBeforeHand()
    {
        Assert.Null(await _schema.ScalarAsync("SELECT to_regnamespace($1)::text", _schema.Name));
        await using var store = _schema.OpenStore();

        Assert.Empty(await store.ReadOutboxAsync(1, None));

        Assert.Equal(
            ["events", "incidents", "leases", "ledger", "ledger_heads", "ledger_tail", "monitor_checkpoints", "outbox", "schema_version"],
            await _schema.RowsAsync("SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename", _schema.Name));
    }

    [Fact]
    public async Task Stores_InTwoSchemasOfOneDatabase_SeeOnlyTheirOwnData()
    {
        _other = await TestSchema.CreateAsync();
        await using var first = _schema.OpenStore();
        await using var second = _other.OpenStore();
        var id = Raw.NewId();

        Assert.Equal(AppendResult.Appended, await first.AppendAsync(Raw.Request(Raw.Append(id, 0, key: "same-key"), Raw.Message(id, "m")), None));
        Assert.Equal(AppendResult.Appended, await second.AppendAsync(Raw.Request(Raw.Append(id, 0, key: "same-key")), None));
        Assert.True(await first.TryAcquireLeaseAsync(new LeaseRequest("deadline-scanner", "node-a", Raw.At, Raw.At.AddMinutes(1)), None));
        Assert.True(await second.TryAcquireLeaseAsync(new LeaseRequest("deadline-scanner", "node-b", Raw.At, Raw.At.AddMinutes(1)), None));

        Assert.Single(await first.ReadOutboxAsync(10, None));
        Assert.Empty(await second.ReadOutboxAsync(10, None));
        Assert.Equal(1, (await second.QueryAsync(new IncidentQuery(), None)).TotalCount);
    }

    [Fact]
    public async Task SchemaScript_RunByADba_BuildsExactlyWhatTheStoreBuildsAndANonMigratingStoreUsesIt()
    {
        _other = await TestSchema.CreateAsync();
        await using (var migrating = _other.OpenStore())
        {
            await migrating.InitializeAsync(None);
        }

        // The script, run as a DBA would (psql runs its statements in order; so does one simple-protocol command).
        await _schema.ExecuteAsync(PostgreSqlIncidentStore.SchemaScript(_schema.Name));

        var scripted = await _schema.CatalogueAsync();
        Assert.Equal(await _other.CatalogueAsync(), scripted);
        Assert.Contains(scripted, line => line.StartsWith("trigger CREATE TRIGGER events_are_append_only ", StringComparison.Ordinal));
        Assert.Contains(scripted, line => line.StartsWith("index CREATE UNIQUE INDEX incidents_idempotency_key_unique ", StringComparison.Ordinal));
        Assert.Equal(Versions(PostgreSqlSchema.Migrations.Count), await _schema.RowsAsync("SELECT version FROM {schema}.schema_version ORDER BY version"));

        await using var store = _schema.OpenStore(autoMigrate: false);
        var id = Raw.NewId();
        Assert.Equal(AppendResult.Appended, await store.AppendAsync(Raw.Request(Raw.Append(id, 0, key: "dba")), None));
        Assert.Equal(id, await store.FindByIdempotencyKeyAsync("dba", None));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SchemaScript_GrantsInItsHeader_AreAllTheApplicationsRoleNeeds(bool autoMigrate)
    {
        // A DBA creates the schema and grants what the header says to a role that may create nothing; the store works
        // with that role, and with AutoMigrate on it only reads the version of a current schema (no DDL).
        var script = PostgreSqlIncidentStore.SchemaScript(_schema.Name);
        await _schema.ExecuteAsync(script);
        var role = "po_app_" + Guid.NewGuid().ToString("N")[..12];
        var password = Guid.NewGuid().ToString("N");
        await _schema.ExecuteAsync($"CREATE ROLE {role} LOGIN PASSWORD '{password}'");
        try
        {
            foreach (var grant in script.Split('\n').Where(l => l.StartsWith("--     GRANT ", StringComparison.Ordinal)))
            {
                await _schema.ExecuteAsync(grant["--     ".Length..].Replace("app_role", role, StringComparison.Ordinal));
            }

            var connection = new NpgsqlConnectionStringBuilder(PostgreSqlServer.ConnectionString ?? throw new InvalidOperationException()) { Username = role, Password = password, Pooling = false };
            await using (var dataSource = NpgsqlDataSource.Create(connection))
            await using (var store = new PostgreSqlIncidentStore(dataSource, _schema.Options(autoMigrate), TimeProvider.System))
            {
                await ExerciseEveryOperationAsync(store);
            }
        }
        finally
        {
            await _schema.ExecuteAsync($"DROP OWNED BY {role}");
            await _schema.ExecuteAsync($"DROP ROLE {role}");
        }
    }

    [Fact]
    public async Task SchemaScript_RunTwice_FailsTheSecondTimeAndChangesNothing()
    {
        var script = PostgreSqlIncidentStore.SchemaScript(_schema.Name);
        await _schema.ExecuteAsync(script);
        var before = await _schema.CatalogueAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(() => _schema.ExecuteAsync(script));

        Assert.Equal(PostgresErrorCodes.DuplicateTable, error.SqlState);
        Assert.Equal(before, await _schema.CatalogueAsync());
    }

    [Theory]
    [InlineData("load")]
    [InlineData("append")]
    [InlineData("claim")]
    [InlineData("lease")]
    [InlineData("initialize")]
    public async Task AnyOperation_NonMigratingStoreOnAMissingSchema_FailsClearlyAndCreatesNothing(string operation)
    {
        await using var store = _schema.OpenStore(autoMigrate: false);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Run(store, operation));

        Assert.Contains($"\"{_schema.Name}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("no PetitionOpinion tables", error.Message, StringComparison.Ordinal);
        Assert.Contains("schema.sql", error.Message, StringComparison.Ordinal);
        Assert.Contains("AutoMigrate", error.Message, StringComparison.Ordinal);
        Assert.Contains($"database '{new NpgsqlConnectionStringBuilder(_schema.DataSource.ConnectionString).Database}' on ", error.Message, StringComparison.Ordinal);
        Assert.Null(await _schema.ScalarAsync("SELECT to_regnamespace($1)::text", _schema.Name));

        // The next call checks again: once the schema exists, the same store works.
        await using (var migrating = _schema.OpenStore())
        {
            await migrating.InitializeAsync(None);
        }

        await Run(store, operation);
    }

    [Fact]
    public async Task InitializeAsync_OlderSchema_NonMigratingStoreFailsClearlyMigratingStoreAppliesOnlyTheNewerMigration()
    {
        var written = new ConformanceScenario();
        IReadOnlyDictionary<IncidentId, List<StoredEvent>> story;
        await using (var v1 = _schema.OpenStore(written.Time))
        {
            story = await written.StoreFullStoryAsync(v1);
        }

        var appliedBefore = await _schema.RowsAsync("SELECT version, applied_at FROM {schema}.schema_version ORDER BY version");
        await using (var strict = Store(autoMigrate: false, [.. PostgreSqlSchema.Migrations, Extra]))
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => strict.InitializeAsync(None).AsTask());
            Assert.Contains($"has schema version {PostgreSqlSchema.Migrations.Count}, but this release needs version {Extra.Version}", error.Message, StringComparison.Ordinal);
            Assert.Null(await _schema.ScalarAsync("SELECT to_regclass($1)::text", $"{_schema.Quoted}.extra"));
        }

        await using var migrating = Store(autoMigrate: true, [.. PostgreSqlSchema.Migrations, Extra]);
        await migrating.InitializeAsync(None);

        Assert.NotNull(await _schema.ScalarAsync("SELECT to_regclass($1)::text", $"{_schema.Quoted}.extra"));
        Assert.Equal(appliedBefore, (await _schema.RowsAsync("SELECT version, applied_at FROM {schema}.schema_version ORDER BY version")).Take(PostgreSqlSchema.Migrations.Count));
        Assert.Equal(Versions(PostgreSqlSchema.Migrations.Count + 1), await _schema.RowsAsync("SELECT version FROM {schema}.schema_version ORDER BY version"));
        foreach (var (id, events) in story)
        {
            Assert.Equal(events, await migrating.LoadAsync(id, None));
        }
    }

    [Fact]
    public async Task InitializeAsync_Version1SchemaWithIncidents_StartsTheLedgerOverThemAndTheyVerify()
    {
        // A schema at version 1 holding a story's incidents (written as that release wrote them: no key ids, no ledger).
        await using (var v1 = Store(autoMigrate: true, PostgreSqlSchema.Migrations[0]))
        {
            await v1.InitializeAsync(None);
        }

        var scenario = new ConformanceScenario();
        var memory = new InMemoryIncidentStore();
        var story = await scenario.StoreFullStoryAsync(memory);
        var summaries = (await memory.QueryAsync(new IncidentQuery { Take = IncidentQuery.MaxPageSize }, None)).Items;
        foreach (var summary in summaries)
        {
            await _schema.ExecuteAsync(
                "INSERT INTO {schema}.incidents (id, version, kind, channel, category, state, level, reported_at, reported_at_offset, updated_at, updated_at_offset) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, 0)",
                summary.Id.Value, summary.Version, (int)summary.Kind, (int)summary.Channel, summary.Category.Value, (int)summary.State, summary.Level is { } level ? (int)level : DBNull.Value, summary.ReportedAt.UtcTicks, summary.UpdatedAt.UtcTicks);
            foreach (var e in story[summary.Id])
            {
                await _schema.ExecuteAsync(
                    "INSERT INTO {schema}.events (incident_id, version, event_type, schema_version, occurred_at, occurred_at_offset, actor, payload, hash) VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $8)",
                    e.IncidentId.Value, e.Version, e.EventType, e.SchemaVersion, e.OccurredAt.UtcTicks, e.Actor.Value, e.Payload.ToArray(), e.Hash.ToArray());
            }
        }

        // This release migrates it (version 2) without rewriting a row: the genesis adopts the incidents.
        await using var store = _schema.OpenStore(scenario.Time);
        var repository = scenario.Repository(store);
        var report = await repository.VerifyStoreAsync();

        Assert.True(report.IsIntact, string.Join(Environment.NewLine, report.Findings));
        Assert.Equal(story.Count, report.Incidents);
        Assert.False(report.IsKeyed);
        foreach (var (id, events) in story)
        {
            Assert.Equal(events, await store.LoadAsync(id, None));
            Assert.True((await repository.VerifyAsync(id, None)).IsIntact);
        }

        // …and goes on: the next append chains to the genesis, keyed.
        var keyed = scenario.KeyedRepository(store);
        scenario.Time.Advance(ConformanceScenario.Step);
        Assert.True((await keyed.ReportAsync(ConformanceScenario.ReportCommand(), null, None)).IsT0);
        var after = await keyed.VerifyStoreAsync();
        Assert.True(after.IsIntact, string.Join(Environment.NewLine, after.Findings));
        Assert.Equal(story.Count + 1, after.Incidents);
    }

    [Fact]
    public async Task InitializeAsync_Version3SchemaWithPetitionerKeys_IndexesThemForByPetitioner()
    {
        var scenario = new ConformanceScenario();
        var ids = Enumerable.Range(1, 4).Select(i => new IncidentId(new Guid(i, 0, 0, new byte[8]))).ToArray();
        string?[] keys = ["aaaa", "aaaa bbbb", "cccc", null];
        var at = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        await using (var store = _schema.OpenStore(scenario.Time))
        {
            for (var i = 0; i < ids.Length; i++)
            {
                var incident = scenario.Report(id: ids[i]);
                var events = scenario.Serializer.SerializeAll(incident.PendingEvents, null);
                var summary = new IncidentSummary(ids[i], Incidents.IncidentKind.Petition, Incidents.IntakeChannel.Hotline, Incidents.RiskCategory.DataPrivacy, Incidents.IncidentState.Reported, null, at.AddMinutes(i), at.AddMinutes(i), null, 1, PetitionerKey: keys[i]);
                Assert.Equal(AppendResult.Appended, await store.AppendAsync(new AppendRequest([new IncidentAppend(ids[i], 0, events, summary)], []), None));
            }
        }

        // Back to version 3: the index did not exist.
        await _schema.ExecuteAsync("DROP INDEX {schema}.incidents_by_petitioner");
        await _schema.ExecuteAsync("DROP TABLE {schema}.monitor_checkpoints");
        await _schema.ExecuteAsync("DELETE FROM {schema}.schema_version WHERE version >= 4");

        await using var migrated = _schema.OpenStore(scenario.Time);
        async Task<string[]> Find(params string[] wanted)
            => [.. (await migrated.QueryAsync(new IncidentQuery { ByPetitioner = wanted }, None)).Items.Select(s => s.Id.ToString())];

        Assert.Equal([ids[0].ToString(), ids[1].ToString()], await Find("aaaa"));
        Assert.Equal([ids[1].ToString(), ids[2].ToString()], await Find("bbbb", "cccc"));
        Assert.Empty(await Find("dddd"));
        Assert.NotNull(await _schema.ScalarAsync("SELECT to_regclass($1)::text", $"{_schema.Quoted}.incidents_by_petitioner"));

        // The query's condition is the index's expression: the planner can use it (with scans priced out on a tiny table).
        await using var connection = await _schema.DataSource.OpenConnectionAsync();
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand($"EXPLAIN SELECT id FROM {_schema.Quoted}.incidents WHERE petitioner_key IS NOT NULL AND string_to_array(petitioner_key, ' ') && ARRAY['aaaa']::text[]", connection);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        Assert.Contains(plan, line => line.Contains("incidents_by_petitioner", StringComparison.Ordinal));
    }

    /// <summary>
    /// Issue 23: every report looks the petitioner's earlier incidents up. With GIN's pending list (PostgreSQL's default)
    /// the summaries written since the last vacuum sat unsorted in it, every search read all of it, and past a few
    /// thousand reports the planner read the whole table instead: 15,000 summaries took 5–9 ms a lookup against 0.04 ms.
    /// </summary>
    [Fact]
    public async Task QueryAsync_ByPetitioner_AfterThousandsOfReportsWithoutAVacuum_ReadsTheIndexNotTheTable()
    {
        await using (var store = _schema.OpenStore())
        {
            await store.InitializeAsync(None);
        }

        // 15,000 summaries with two pseudonyms each, written as reports write them (one row each, no vacuum between),
        // then the statistics a busy server's autovacuum would have gathered (ANALYZE does not merge the pending list).
        await _schema.ExecuteAsync("ALTER TABLE {schema}.incidents SET (autovacuum_enabled = off)");
        await _schema.ExecuteAsync(
            """
            DO $$ BEGIN FOR i IN 1..15000 LOOP
                INSERT INTO {schema}.incidents (id, version, kind, channel, category, state, level, reported_at, reported_at_offset, updated_at, updated_at_offset, petitioner_key)
                VALUES (gen_random_uuid(), 1, 1, 1, 'DataPrivacy', 1, NULL, 638000000000000000 + i, 0, 638000000000000000 + i, 0,
                    encode(sha256(('phone ' || i)::bytea), 'base64') || ' ' || encode(sha256(('mail ' || i)::bytea), 'base64'));
            END LOOP; END $$
            """);
        await _schema.ExecuteAsync("ANALYZE {schema}.incidents");
        var wanted = (string)(await _schema.ScalarAsync("SELECT encode(sha256('mail 7777'::bytea), 'base64')"))!;

        await using var store2 = _schema.OpenStore();
        var found = await store2.QueryAsync(new IncidentQuery { ByPetitioner = [wanted, "nobody"], CountTotal = false }, None);

        Assert.Single(found.Items);
        var plan = await _schema.RowsAsync(
            "EXPLAIN SELECT id FROM {schema}.incidents WHERE petitioner_key IS NOT NULL AND string_to_array(petitioner_key, ' ') && ARRAY[$1, 'nobody']::text[]",
            wanted);
        Assert.Contains(plan, line => line.Contains("incidents_by_petitioner", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InitializeAsync_MigrationFailingHalfway_LeavesTheSchemaAsItWas()
    {
        await using (var v1 = _schema.OpenStore())
        {
            await v1.InitializeAsync(None);
        }

        var before = await _schema.CatalogueAsync();
        var broken = new PostgreSqlMigration(PostgreSqlSchema.Migrations.Count + 1, "half a migration", "CREATE TABLE {schema}.half (id integer); SELECT no_such_function();");
        await using var store = Store(autoMigrate: true, [.. PostgreSqlSchema.Migrations, broken]);

        var error = await Assert.ThrowsAsync<PostgresException>(() => store.InitializeAsync(None).AsTask());

        Assert.Equal(PostgresErrorCodes.UndefinedFunction, error.SqlState);
        Assert.Equal(before, await _schema.CatalogueAsync());
        Assert.Equal(Versions(PostgreSqlSchema.Migrations.Count), await _schema.RowsAsync("SELECT version FROM {schema}.schema_version ORDER BY version"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task InitializeAsync_SchemaOfANewerRelease_IsRefusedAndLeftAlone(bool autoMigrate)
    {
        await using (var store = _schema.OpenStore())
        {
            await store.InitializeAsync(None);
        }

        var future = PostgreSqlSchema.Migrations.Count + 2;
        await _schema.ExecuteAsync($"INSERT INTO {{schema}}.schema_version (version, description) VALUES ({future}, 'from the future')");
        await using var old = _schema.OpenStore(autoMigrate: autoMigrate);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => old.LoadAsync(Raw.NewId(), None).AsTask());

        Assert.Contains($"has schema version {future}", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer release", error.Message, StringComparison.Ordinal);
        Assert.Equal([.. Versions(PostgreSqlSchema.Migrations.Count), future.ToString(CultureInfo.InvariantCulture)], await _schema.RowsAsync("SELECT version FROM {schema}.schema_version ORDER BY version"));
    }

    [Fact]
    public async Task InitializeAsync_AgainAndByANewInstance_RunsNoMigrationTwice()
    {
        await using (var first = _schema.OpenStore())
        {
            await first.InitializeAsync(None);
            await first.InitializeAsync(None);
        }

        var applied = await _schema.RowsAsync("SELECT version, applied_at FROM {schema}.schema_version");
        await using var second = _schema.OpenStore();
        await second.InitializeAsync(None);

        Assert.Equal(applied, await _schema.RowsAsync("SELECT version, applied_at FROM {schema}.schema_version"));
    }

    [Theory]
    [InlineData("UPDATE {schema}.events SET actor = 'someone-else'")]
    [InlineData("DELETE FROM {schema}.events")]
    [InlineData("TRUNCATE {schema}.events")]
    [InlineData("TRUNCATE {schema}.incidents CASCADE")]
    public async Task Events_ChangedBehindTheStoresBack_AreRefusedByTheDatabase(string sql)
    {
        await using var store = _schema.OpenStore();
        var id = Raw.NewId();
        await store.AppendAsync(Raw.Request(Raw.Append(id, 0, count: 3)), None);

        var error = await Assert.ThrowsAsync<PostgresException>(() => _schema.ExecuteAsync(sql));

        Assert.Contains("events are the audit trail", error.MessageText, StringComparison.Ordinal);
        Assert.Equal(3, (await store.LoadAsync(id, None)).Count);
    }

    [Fact]
    public async Task InitializeAsync_CancelledToken_ThrowsAndCreatesNothing()
    {
        await using var store = _schema.OpenStore();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.InitializeAsync(cancelled.Token).AsTask());

        Assert.Null(await _schema.ScalarAsync("SELECT to_regnamespace($1)::text", _schema.Name));
    }

    private static async Task ExerciseEveryOperationAsync(PostgreSqlIncidentStore store)
    {
        var now = Raw.At;
        var id = Raw.NewId();
        var messages = new[] { Raw.Message(id, "a"), Raw.Message(id, "b") };
        Assert.Equal(AppendResult.Appended, await store.AppendAsync(Raw.Request(Raw.Append(id, 0, key: "k"), messages), None));
        Assert.Equal(AppendResult.DuplicateIntake(id), await store.AppendAsync(Raw.Request(Raw.Append(Raw.NewId(), 0, key: "k")), None));
        Assert.Equal(AppendResult.Conflict(id, 1), await store.AppendAsync(Raw.Request(Raw.Append(id, 0)), None));
        Assert.Equal(AppendResult.Appended, await store.AppendAsync(Raw.Request(Raw.Append(id, 1, count: 2)), None));
        Assert.Equal(3, (await store.LoadAsync(id, None)).Count);
        Assert.Equal(id, await store.FindByIdempotencyKeyAsync("k", None));
        Assert.Equal(1, (await store.QueryAsync(new IncidentQuery { States = [Incidents.IncidentState.Reported] }, None)).TotalCount);
        Assert.Equal(messages, await store.ClaimOutboxAsync(new OutboxClaim("node-a", 10, now, now.AddMinutes(1)), None));
        await store.ReleaseOutboxAsync("node-a", None);
        await store.AcknowledgeOutboxAsync([messages[0].Id], None);
        Assert.Equal([messages[1]], await store.ReadOutboxAsync(10, None));
        Assert.True(await store.TryAcquireLeaseAsync(new LeaseRequest("deadline-scanner", "node-a", now, now.AddMinutes(1)), None));
        await store.ReleaseLeaseAsync("deadline-scanner", "node-a", None);
    }

    private PostgreSqlIncidentStore Store(bool autoMigrate, params PostgreSqlMigration[] migrations)
        => new(_schema.DataSource, _schema.Options(autoMigrate), TimeProvider.System, migrations);

    private static async Task Run(PostgreSqlIncidentStore store, string operation)
    {
        var now = Raw.At;
        switch (operation)
        {
            case "load":
                await store.LoadAsync(Raw.NewId(), None);
                break;
            case "append":
                await store.AppendAsync(Raw.Request(Raw.Append(Raw.NewId(), 0)), None);
                break;
            case "claim":
                await store.ClaimOutboxAsync(new OutboxClaim("node-a", 10, now, now.AddMinutes(1)), None);
                break;
            case "lease":
                await store.TryAcquireLeaseAsync(new LeaseRequest("deadline-scanner", "node-a", now, now.AddMinutes(1)), None);
                break;
            default:
                await store.InitializeAsync(None);
                break;
        }
    }

    // The schema_version rows of versions 1 to n, as RowsAsync returns them.
    private static string[] Versions(int n) => [.. Enumerable.Range(1, n).Select(v => v.ToString(CultureInfo.InvariantCulture))];
}
