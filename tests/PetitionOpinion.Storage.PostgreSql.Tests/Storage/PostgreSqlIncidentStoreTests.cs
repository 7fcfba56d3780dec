using Microsoft.Extensions.Time.Testing;
using Npgsql;
using PetitionOpinion.Storage.PostgreSql.Tests.Support;

namespace PetitionOpinion.Storage.PostgreSql.Tests.Storage;

/// <summary>
/// What is particular to the PostgreSQL store: several instances writing at once (real concurrency on the server),
/// merges that cross, a refusal it cannot explain, cancellation while waiting for a lock, its own data source.
/// </summary>
public sealed class PostgreSqlIncidentStoreTests() : SeveralStoreInstances(migrateFirst: true)
{

    [Fact]
    public async Task AppendAsync_SixteenWritersOnOneIncidentFromFourInstances_ExactlyOneWinsEachVersionTheRestConflict()
    {
        var id = Raw.NewId();
        await Stores[0].AppendAsync(Raw.Request(Raw.Append(id, 0)), None);
        const int Rounds = 20;
        const int Writers = 16;
        var current = 1;
        for (var round = 0; round < Rounds; round++)
        {
            // Every writer decided on the same version; writer w appends 1 to 3 events.
            var expected = current;
            var results = await RaceAsync(Writers, w => Stores[w % Instances].AppendAsync(
                Raw.Request(Raw.Append(id, expected, count: 1 + (w % 3), text: $"v{expected} w{w}"), Raw.Message(id, $"v{expected} w{w}")), None).AsTask());

            var winner = Assert.Single(Enumerable.Range(0, Writers), w => results[w].Status == AppendStatus.Appended);
            current = expected + 1 + (winner % 3);
            Assert.All(results.Where(r => r.Status != AppendStatus.Appended), r => Assert.Equal(AppendResult.Conflict(id, current), r));
            var stored = await Stores[1].LoadAsync(id, None);
            Assert.Equal(current, stored.Count);
            Assert.Contains($"v{expected} w{winner}", System.Text.Encoding.UTF8.GetString(stored[^1].Payload.Span), StringComparison.Ordinal);
        }

        var events = await Stores[2].LoadAsync(id, None);
        Assert.Equal(Enumerable.Range(1, events.Count), events.Select(e => e.Version));
        var summary = Assert.Single((await Stores[3].QueryAsync(new IncidentQuery(), None)).Items);
        Assert.Equal(events.Count, summary.Version);
        Assert.Equal(Rounds, (await Stores[0].ReadOutboxAsync(IncidentQuery.MaxPageSize, None)).Count);
    }

    [Fact]
    public async Task AppendAsync_SixteenWritersOnTheirOwnIncidents_AllSucceedGapless()
    {
        const int Writers = 16;
        const int Appends = 15;
        var ids = Enumerable.Range(0, Writers).Select(_ => Raw.NewId()).ToArray();

        var results = await RaceAsync(Writers, async w =>
        {
            var store = Stores[w % Instances];
            var all = new List<AppendResult>();
            for (var i = 0; i < Appends; i++)
            {
                all.Add(await store.AppendAsync(Raw.Request(Raw.Append(ids[w], i, key: i == 0 ? $"key-{w}" : null), Raw.Message(ids[w], $"{i}")), None));
            }

            return all;
        });

        Assert.All(results.SelectMany(r => r), r => Assert.Equal(AppendResult.Appended, r));
        for (var w = 0; w < Writers; w++)
        {
            Assert.Equal(Enumerable.Range(1, Appends), (await Stores[0].LoadAsync(ids[w], None)).Select(e => e.Version));
            Assert.Equal(ids[w], await Stores[1].FindByIdempotencyKeyAsync($"key-{w}", None));
        }

        Assert.Equal(Writers, (await Stores[2].QueryAsync(new IncidentQuery(), None)).TotalCount);
        var outbox = await Stores[3].ReadOutboxAsync(IncidentQuery.MaxPageSize, None);
        Assert.Equal(Writers * Appends, outbox.Count);
        foreach (var id in ids)
        {
            // Insertion order is each incident's append order.
            Assert.Equal(Enumerable.Range(0, Appends).Select(i => $"dedup:{id}:{i}"), outbox.Where(m => m.IncidentId == id).Select(m => m.DeduplicationKey));
        }
    }

    [Fact]
    public async Task AppendAsync_SameKeyFromEightInstancesAtOnce_OneIncidentTheOthersDuplicateIntakeOfIt()
    {
        for (var round = 0; round < 10; round++)
        {
            var key = $"crm-race-{round}";
            var ids = Enumerable.Range(0, 8).Select(_ => Raw.NewId()).ToArray();

            var results = await RaceAsync(8, w => Stores[w % Instances].AppendAsync(Raw.Request(Raw.Append(ids[w], 0, key: key), Raw.Message(ids[w], key)), None).AsTask());

            var winner = Assert.Single(Enumerable.Range(0, 8), w => results[w].Status == AppendStatus.Appended);
            Assert.All(results.Where(r => r.Status != AppendStatus.Appended), r => Assert.Equal(AppendResult.DuplicateIntake(ids[winner]), r));
            Assert.Equal(ids[winner], await Stores[0].FindByIdempotencyKeyAsync(key, None));
            foreach (var loser in ids.Where(id => id != ids[winner]))
            {
                Assert.Empty(await Stores[1].LoadAsync(loser, None));
            }
        }

        Assert.Equal(10, (await Stores[2].QueryAsync(new IncidentQuery(), None)).TotalCount);
        Assert.Equal(10, (await Stores[3].ReadOutboxAsync(100, None)).Count);
    }

    [Fact]
    public async Task AppendAsync_MergesCrossingOnTheSameTwoIncidents_NeverDeadlockAndStayConsistent()
    {
        // Two requests name the same incidents in opposite orders; without a fixed lock order they would deadlock.
        var a = Raw.NewId();
        var b = Raw.NewId();
        await Stores[0].AppendAsync(new AppendRequest([Raw.Append(a, 0), Raw.Append(b, 0)], []), None);
        var versions = (A: 1, B: 1);
        for (var round = 0; round < 25; round++)
        {
            var (va, vb) = versions;
            var results = await RaceAsync(4, w => Stores[w].AppendAsync(
                new AppendRequest(w % 2 == 0 ? [Raw.Append(a, va), Raw.Append(b, vb)] : [Raw.Append(b, vb), Raw.Append(a, va)], [Raw.Message(a, $"{round}/{w}")]),
                None).AsTask());

            Assert.Single(results, r => r.Status == AppendStatus.Appended);
            Assert.All(results.Where(r => r.Status != AppendStatus.Appended), r => Assert.Equal(AppendStatus.Conflict, r.Status));
            Assert.All(results.Where(r => r.Status != AppendStatus.Appended), r => Assert.Equal(r.Incident == a ? va + 1 : vb + 1, r.ActualVersion));
            versions = (va + 1, vb + 1);
        }

        Assert.Equal(26, (await Stores[1].LoadAsync(a, None)).Count);
        Assert.Equal(26, (await Stores[2].LoadAsync(b, None)).Count);
        Assert.Equal(25, (await Stores[3].ReadOutboxAsync(100, None)).Count);
    }

    [Fact]
    public async Task AppendAsync_MergesNamingTwoIncidentsInOppositeOrders_LockThemInTheSameOrder()
    {
        // Both requests are stopped by a barrier right after their first incident's rows. Locked in one order, the
        // second request waits for the first's row before it reaches the barrier; in request order, both would reach
        // it holding one incident each, and deadlock once released.
        var a = Raw.NewId();
        var b = Raw.NewId();
        await Stores[0].AppendAsync(new AppendRequest([Raw.Append(a, 0), Raw.Append(b, 0)], []), None);
        var barrier = Random.Shared.NextInt64();
        await using var gate = await Schema.DataSource.OpenConnectionAsync();
        await using (var hold = new NpgsqlCommand($"SELECT pg_advisory_lock({barrier})", gate))
        {
            await hold.ExecuteNonQueryAsync();
        }

        foreach (var store in Stores.Take(2))
        {
            var once = 0;
            store.OnStaged = _ => Interlocked.Exchange(ref once, 1) == 0 ? $"SELECT pg_advisory_xact_lock_shared({barrier})" : null;
        }

        var appends = new[]
        {
            Stores[0].AppendAsync(new AppendRequest([Raw.Append(a, 1), Raw.Append(b, 1)], []), None).AsTask(),
            Stores[1].AppendAsync(new AppendRequest([Raw.Append(b, 1), Raw.Append(a, 1)], []), None).AsTask(),
        };
        await WaitUntilBackendsWaitForALockAsync(2, "pg_advisory_xact_lock_shared", Schema.Name);

        var atTheBarrier = await Schema.ScalarAsync("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'advisory' AND strpos(query, 'pg_advisory_xact_lock_shared') > 0");
        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({barrier})", gate))
        {
            await release.ExecuteNonQueryAsync();
        }

        var results = await Task.WhenAll(appends);
        Assert.Equal(1L, atTheBarrier);
        Assert.Single(results, r => r.Status == AppendStatus.Appended);
        Assert.Single(results, r => r.Status == AppendStatus.Conflict && r.ActualVersion == 2);
    }

    [Fact]
    public async Task AppendAsync_NewIncidentsWhoseKeysCrossInADeadlock_OneRequestWinsTheOtherIsADuplicateIntake()
    {
        // Keys are taken in the order of the incidents' ids, which need not be their order in another request: here
        // request 0 takes k1 then k2, request 1 takes k2 then k1. A barrier (an advisory lock the test holds) stops both
        // after their first key, so that the server must find a deadlock and abort one; the store turns that into a
        // plain outcome: the survivor's keys make the victim a duplicate intake.
        var (x, y, z, w) = (Ordered(1), Ordered(2), Ordered(1), Ordered(2));
        var barrier = Random.Shared.NextInt64();
        await using var gate = await Schema.DataSource.OpenConnectionAsync();
        await using (var hold = new NpgsqlCommand($"SELECT pg_advisory_lock({barrier})", gate))
        {
            await hold.ExecuteNonQueryAsync();
        }

        foreach (var store in Stores.Take(2))
        {
            var once = 0;
            store.OnStaged = _ => Interlocked.Exchange(ref once, 1) == 0 ? $"SELECT pg_advisory_xact_lock_shared({barrier})" : null;
        }

        var appends = new[]
        {
            Stores[0].AppendAsync(new AppendRequest([Raw.Append(x, 0, key: "k1"), Raw.Append(y, 0, key: "k2")], [Raw.Message(x, "0")]), None).AsTask(),
            Stores[1].AppendAsync(new AppendRequest([Raw.Append(z, 0, key: "k2"), Raw.Append(w, 0, key: "k1")], [Raw.Message(z, "1")]), None).AsTask(),
        };
        await WaitUntilBackendsWaitForALockAsync(2, "pg_advisory_xact_lock_shared", "pg_advisory_xact_lock_shared");
        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({barrier})", gate))
        {
            await release.ExecuteNonQueryAsync();
        }

        var results = await Task.WhenAll(appends);

        var winner = Assert.Single(Enumerable.Range(0, 2), i => results[i].Status == AppendStatus.Appended);
        var (k1, k2) = winner == 0 ? (x, y) : (w, z);

        // The loser's first key (in its request's order) names the incident that took it.
        Assert.Equal(AppendResult.DuplicateIntake(winner == 0 ? y : w), results[1 - winner]);
        Assert.Equal(k1, await Stores[2].FindByIdempotencyKeyAsync("k1", None));
        Assert.Equal(k2, await Stores[3].FindByIdempotencyKeyAsync("k2", None));
        Assert.Equal(2, (await Stores[2].QueryAsync(new IncidentQuery(), None)).TotalCount);
        Assert.Single(await Stores[3].ReadOutboxAsync(10, None));

        // An id whose first byte orders it (uuids compare byte by byte).
        static IncidentId Ordered(byte first)
        {
            var bytes = Guid.NewGuid().ToByteArray(bigEndian: true);
            bytes[0] = first;
            return new IncidentId(new Guid(bytes, bigEndian: true));
        }
    }

    [Fact]
    public async Task AppendAsync_EventsAheadOfTheirSummary_FailsClearlyAfterTryingAgainAndWritesNothing()
    {
        // Someone inserted an event by hand, leaving the summary behind: the refusal matches no conflict the store knows.
        var id = Raw.NewId();
        await Stores[0].AppendAsync(Raw.Request(Raw.Append(id, 0)), None);
        await Schema.ExecuteAsync(
            "INSERT INTO {schema}.events (incident_id, version, event_type, schema_version, occurred_at, occurred_at_offset, actor, payload, hash) VALUES ($1, 2, 'X', 1, 0, 0, 'x', ''::bytea, ''::bytea)",
            id.Value);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Stores[1].AppendAsync(Raw.Request(Raw.Append(id, 1), Raw.Message(id, "m")), None).AsTask());

        Assert.Contains("changed by hand", error.Message, StringComparison.Ordinal);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.IsType<PostgresException>(error.InnerException).SqlState);
        Assert.Equal(1, Assert.Single((await Stores[2].QueryAsync(new IncidentQuery(), None)).Items).Version);
        Assert.Empty(await Stores[3].ReadOutboxAsync(10, None));
    }

    [Fact]
    public async Task AppendAsync_ConstraintNotMeantAsARefusal_IsThrownAsItIsAndWritesNothing()
    {
        // A NULL where the schema needs a value is no race: the server's error comes through at once, not retried.
        var id = Raw.NewId();
        var append = Raw.Append(id, 0);
        var broken = append with { Events = [append.Events[0] with { EventType = null! }] };

        var error = await Assert.ThrowsAsync<PostgresException>(() => Stores[0].AppendAsync(Raw.Request(broken, Raw.Message(id, "m")), None).AsTask());

        Assert.Equal(PostgresErrorCodes.NotNullViolation, error.SqlState);
        Assert.Equal("event_type", error.ColumnName);
        Assert.Empty(await Stores[1].LoadAsync(id, None));
        Assert.Equal(0, (await Stores[1].QueryAsync(new IncidentQuery(), None)).TotalCount);
        Assert.Empty(await Stores[1].ReadOutboxAsync(10, None));
    }

    [Fact]
    public async Task AppendAsync_CancelledWhileWaitingForTheIncidentsLock_ThrowsAndWritesNothing()
    {
        var id = Raw.NewId();
        await Stores[0].AppendAsync(Raw.Request(Raw.Append(id, 0)), None);

        // Another transaction holds the incident's row.
        await using var holder = await Schema.DataSource.OpenConnectionAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand($"SELECT 1 FROM {Schema.Quoted}.incidents WHERE id = $1 FOR UPDATE", holder, transaction))
        {
            lockRow.Parameters.Add(new NpgsqlParameter { Value = id.Value });
            await lockRow.ExecuteNonQueryAsync();
        }

        using var cancellation = new CancellationTokenSource();
        var append = Stores[1].AppendAsync(Raw.Request(Raw.Append(id, 1), Raw.Message(id, "m")), cancellation.Token).AsTask();
        await WaitUntilBackendsWaitForALockAsync(1, Schema.Name, Schema.Name);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => append);
        await transaction.RollbackAsync();
        Assert.Single(await Stores[2].LoadAsync(id, None));
        Assert.Empty(await Stores[2].ReadOutboxAsync(10, None));
        Assert.Equal(AppendResult.Appended, await Stores[1].AppendAsync(Raw.Request(Raw.Append(id, 1)), None));
    }

    [Fact]
    public async Task AcknowledgeOutboxAsync_Always_StampsTheStoresClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 30, 0, TimeSpan.Zero));
        await using var store = Schema.OpenStore(time);
        var messages = await Raw.SeedOutboxAsync(store, 2);
        time.Advance(TimeSpan.FromTicks(123));

        await store.AcknowledgeOutboxAsync([messages[1].Id, messages[1].Id], None);

        Assert.Equal(
            [$"{messages[0].Id}|NULL", $"{messages[1].Id}|{time.GetUtcNow().UtcTicks}"],
            await Schema.RowsAsync("SELECT message_id, acknowledged_at FROM {schema}.outbox ORDER BY sequence"));
    }

    [Fact]
    public async Task Store_OnAConnectionString_OwnsItsPoolAndClosesItOnDispose()
    {
        var options = Schema.Options();
        options.ConnectionString = PostgreSqlServer.ConnectionString!;
        options.PrepareStatements = false;
        var store = new PostgreSqlIncidentStore(options);
        var id = Raw.NewId();
        Assert.Equal(AppendResult.Appended, await store.AppendAsync(Raw.Request(Raw.Append(id, 0, count: 2)), None));
        var dataSource = store.DataSource;
        Assert.NotSame(Schema.DataSource, dataSource);

        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => dataSource.OpenConnectionAsync().AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.LoadAsync(id, None).AsTask());
        Assert.Equal(2, (await Stores[0].LoadAsync(id, None)).Count);
    }

    [Fact]
    public async Task Dispose_StoreOnAGivenDataSource_LeavesItOpenAndRefusesFurtherCalls()
    {
        var store = Schema.OpenStore();
        store.Dispose();
        store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.AppendAsync(Raw.Request(Raw.Append(Raw.NewId(), 0)), None).AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.ClaimOutboxAsync(new OutboxClaim("a", 1, Raw.At, Raw.At.AddSeconds(1)), None).AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.InitializeAsync(None).AsTask());
        await using var connection = await Schema.DataSource.OpenConnectionAsync();
    }

    [Fact]
    public async Task QueryAsync_ManyIncidents_PagesAreConsistentWithTheTotal()
    {
        // Enough rows that the planner uses the indexes; pages of a filter concatenate to the whole ordered set.
        var store = Stores[0];
        var requests = Enumerable.Range(0, 600).Select(i =>
        {
            var id = Raw.NewId();
            var append = Raw.Append(id, 0);
            return Raw.Request(append with { Summary = append.Summary with { ReportedAt = Raw.At.AddMinutes(i % 97), State = (Incidents.IncidentState)(1 + (i % 5)) } });
        }).ToList();
        foreach (var request in requests)
        {
            await store.AppendAsync(request, None);
        }

        var query = new IncidentQuery { States = [Incidents.IncidentState.Reported, Incidents.IncidentState.Assessed], Take = 37 };
        var expected = requests.Select(r => r.Incidents[0].Summary).Where(query.Matches).OrderBy(s => s.ReportedAt).ThenBy(s => s.Id.Value).Select(s => s.Id).ToList();
        var seen = new List<IncidentId>();
        for (var skip = 0; skip < expected.Count; skip += query.Take)
        {
            var page = await store.QueryAsync(query with { Skip = skip }, None);
            Assert.Equal(expected.Count, page.TotalCount);
            seen.AddRange(page.Items.Select(s => s.Id));
        }

        Assert.Equal(expected, seen);
    }

    private static async Task<T[]> RaceAsync<T>(int count, Func<int, Task<T>> work)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await work(i);
        })).ToList();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }

    private async Task WaitUntilBackendsWaitForALockAsync(int count, string queryContains, string orQueryContains)
    {
        // Polls the server (each poll is a round trip), no sleeping: the appends are where the test wants them once that
        // many backends running a statement with that text wait on a lock.
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            var waiting = await Schema.ScalarAsync(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid() AND (strpos(query, $1) > 0 OR strpos(query, $2) > 0)",
                queryContains,
                orQueryContains);
            if (Convert.ToInt64(waiting, System.Globalization.CultureInfo.InvariantCulture) >= count)
            {
                return;
            }
        }

        throw new InvalidOperationException($"{count} statement(s) containing '{queryContains}' or '{orQueryContains}' never waited for a lock.");
    }
}
