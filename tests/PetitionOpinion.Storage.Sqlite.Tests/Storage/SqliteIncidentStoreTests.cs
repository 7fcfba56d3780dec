using FsCheck.Xunit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using PetitionOpinion.Incidents;
using PetitionOpinion.Storage.Conformance;
using PetitionOpinion.Storage.Sqlite.Tests.Support;

namespace PetitionOpinion.Storage.Sqlite.Tests.Storage;

/// <summary>What is particular to the SQLite store: its settings, its file, its guards against editing, its order of ids.</summary>
public sealed class SqliteIncidentStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _database = new();
    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public async Task OpenConnection_Always_AppliesWalFullSyncForeignKeysAndBusyTimeout()
    {
        var options = _database.Options;
        options.BusyTimeout = TimeSpan.FromSeconds(7);
        await using var store = new SqliteIncidentStore(options, _time);
        await store.InitializeAsync(CancellationToken.None);
        using var connection = store.OpenConnection();
        Assert.Equal("wal", Pragma(connection, "journal_mode"));
        Assert.Equal("2", Pragma(connection, "synchronous")); // FULL
        Assert.Equal("1", Pragma(connection, "foreign_keys"));
        Assert.Equal("7000", Pragma(connection, "busy_timeout"));
    }

    [Theory]
    [InlineData(30_000, 30)]
    [InlineData(7_000, 7)]
    [InlineData(2_500, 2)] // SQLite's own wait (2.5 s) already passes Microsoft.Data.Sqlite's limit: no second wait
    [InlineData(100, 1)] // Microsoft.Data.Sqlite retries for whole seconds: one is the least
    [InlineData(0, 1)] // never 0, which would retry a busy statement forever
    public async Task OpenConnection_BusyTimeout_BoundsMicrosoftDataSqlitesOwnRetriesOfABusyStatement(int busyMilliseconds, int commandTimeoutSeconds)
    {
        // Microsoft.Data.Sqlite retries a statement SQLite reports busy, every 150 ms, until the command's timeout (30 s
        // by default) has passed: left alone, that and not BusyTimeout would bound the wait for a locked database.
        var options = _database.Options;
        options.BusyTimeout = TimeSpan.FromMilliseconds(busyMilliseconds);
        await using var store = new SqliteIncidentStore(options, _time);
        var id = new IncidentId(Guid.NewGuid());
        await AppendOneAsync(store, Summary(id, Start, 1), 0);
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();

        Assert.Equal(commandTimeoutSeconds, connection.DefaultTimeout);
        Assert.Equal(commandTimeoutSeconds, command.CommandTimeout);
        Assert.Equal(commandTimeoutSeconds, store.WriteConnection!.DefaultTimeout);
    }

    [Fact]
    public async Task AppendAsync_AnotherConnectionHoldsTheWriteLock_ThrowsWhileReadsGoOnAndAppendsOnceReleased()
    {
        var options = _database.Options;
        options.BusyTimeout = TimeSpan.Zero; // the least real wait: Microsoft.Data.Sqlite's own retries, about a second
        await using var store = new SqliteIncidentStore(options, _time);
        var id = new IncidentId(Guid.NewGuid());
        await AppendOneAsync(store, Summary(id, Start, 1), 0);
        var request = AppendRequest.For(new IncidentAppend(id, 1, [Event(id, 2, Start)], Summary(id, Start, 2)));

        using (var locker = _database.OpenRaw())
        {
            using var hold = locker.CreateCommand();
            hold.CommandText = "BEGIN IMMEDIATE; UPDATE outbox SET acknowledged_at = acknowledged_at;";
            hold.ExecuteNonQuery();

            var busy = await Assert.ThrowsAsync<SqliteException>(() => store.AppendAsync(request, CancellationToken.None).AsTask());
            Assert.Equal(5, busy.SqliteErrorCode); // SQLITE_BUSY
            Assert.Single(await store.LoadAsync(id, CancellationToken.None)); // WAL: readers never wait for the writer
        }

        Assert.Equal(AppendStatus.Appended, (await store.AppendAsync(request, CancellationToken.None)).Status);
        Assert.Equal(2, (await store.LoadAsync(id, CancellationToken.None)).Count);
    }

    [Theory]
    [InlineData("payload")]
    [InlineData("hash")]
    public async Task VerifyAsync_RowAlteredBehindTheStoresBack_ReportsThatVersion(string column)
    {
        var scenario = new ConformanceScenario();
        await using var store = _database.OpenStore(_time);
        var written = await scenario.StoreFullStoryAsync(store);
        var (id, events) = written.MaxBy(w => w.Value.Count);
        var repository = scenario.Repository(store);
        Assert.True((await repository.VerifyAsync(id, CancellationToken.None)).IsIntact);

        _database.Tamper(id, 5, column);

        var report = await repository.VerifyAsync(id, CancellationToken.None);
        Assert.False(report.IsIntact);
        Assert.Equal(5, report.FirstBrokenVersion);
        Assert.Equal(report, EventHashChain.Verify(await store.LoadAsync(id, CancellationToken.None)));
        foreach (var (other, _) in written.Where(w => w.Key != id))
        {
            Assert.True((await repository.VerifyAsync(other, CancellationToken.None)).IsIntact);
        }

        Assert.True(events.Count > 5);
    }

    [Fact]
    public async Task VerifyAsync_RowDeletedBehindTheStoresBack_ReportsTheGap()
    {
        var scenario = new ConformanceScenario();
        await using var store = _database.OpenStore(_time);
        var (id, _) = (await scenario.StoreFullStoryAsync(store)).MaxBy(w => w.Value.Count);
        _database.Scalar(
            "DROP TRIGGER events_are_append_only_delete; DELETE FROM events WHERE incident_id = $id AND version = 3",
            ("$id", TempDatabase.IdBytes(id.Value)));

        var report = await scenario.Repository(store).VerifyAsync(id, CancellationToken.None);
        Assert.Equal(3, report.FirstBrokenVersion);
    }

    [Theory]
    [InlineData("UPDATE events SET payload = x'00' WHERE version = 1")]
    [InlineData("UPDATE events SET version = version + 100")]
    [InlineData("DELETE FROM events WHERE version = 2")]
    public async Task Events_UpdateOrDelete_IsRefusedByTheDatabase(string sql)
    {
        var scenario = new ConformanceScenario();
        await using var store = _database.OpenStore(_time);
        await scenario.StoreFullStoryAsync(store);
        var before = _database.Column("SELECT hex(incident_id) || version || hex(payload) || hex(hash) FROM events ORDER BY incident_id, version");

        var error = Assert.Throws<SqliteException>(() => _database.Scalar(sql));
        Assert.Contains("audit trail", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, _database.Column("SELECT hex(incident_id) || version || hex(payload) || hex(hash) FROM events ORDER BY incident_id, version"));
    }

    [Fact]
    public async Task LoadAsync_OddTicksAndOffsets_RoundTripExactly()
    {
        await using var store = _database.OpenStore(_time);
        var id = new IncidentId(Guid.NewGuid());
        var occurredAt = new DateTimeOffset(2026, 3, 2, 17, 0, 0, TimeSpan.FromHours(8)).AddTicks(1_234_567);
        var due = new DateTimeOffset(2026, 3, 3, 9, 30, 0, TimeSpan.FromMinutes(-150)).AddTicks(7);
        var e = Event(id, 1, occurredAt);
        var summary = Summary(id, occurredAt, 1) with { NextDueAt = due, Level = SeverityLevel.II };
        Assert.Equal(AppendStatus.Appended, (await store.AppendAsync(AppendRequest.For(new IncidentAppend(id, 0, [e], summary)), CancellationToken.None)).Status);

        var loaded = Assert.Single(await store.LoadAsync(id, CancellationToken.None));
        Assert.Equal(e, loaded);
        Assert.Equal(occurredAt.Offset, loaded.OccurredAt.Offset);
        Assert.Equal(occurredAt.Ticks, loaded.OccurredAt.Ticks);
        var page = await store.QueryAsync(new IncidentQuery(), CancellationToken.None);
        var stored = Assert.Single(page.Items);
        Assert.Equal(summary, stored);
        Assert.Equal(due.Offset, stored.NextDueAt!.Value.Offset);
        Assert.Equal(occurredAt.Offset, stored.ReportedAt.Offset);
    }

    [Property(MaxTest = 2_000)]
    public bool IdBytes_CompareAsMemcmp_LikeGuidCompareTo(Guid a, Guid b)
    {
        var bytes = Math.Sign(TempDatabase.IdBytes(a).AsSpan().SequenceCompareTo(TempDatabase.IdBytes(b)));
        return bytes == Math.Sign(a.CompareTo(b)) && SqliteValues.Id(a).AsSpan().SequenceEqual(TempDatabase.IdBytes(a));
    }

    [Fact]
    public async Task QueryAsync_IdsThatDifferInEveryByteAndSign_OrderLikeTheInMemoryStore()
    {
        // Ids that differ in one byte each, with values that expose a signed or little-endian comparison, plus random ones;
        // all reported at the same instant (so only the id orders them) or at one of two instants.
        var ids = new List<Guid>();
        foreach (var position in Enumerable.Range(0, 16))
        {
            foreach (var value in new byte[] { 0x00, 0x01, 0x7F, 0x80, 0xFF })
            {
                var bytes = new byte[16];
                bytes[position] = value;
                bytes[15 - position] |= 0x10;
                ids.Add(new Guid(bytes));
            }
        }

        var random = new Random(20260302);
        ids.AddRange(Enumerable.Range(0, 100).Select(_ => new Guid(random.GetItems<byte>([0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF], 16))));
        ids = [.. ids.Distinct().Where(g => g != Guid.Empty)];

        var memory = new InMemoryIncidentStore();
        await using var sqlite = _database.OpenStore(_time);
        var appends = ids.Select((g, i) => new IncidentAppend(new IncidentId(g), 0, [Event(new IncidentId(g), 1, Start)], Summary(new IncidentId(g), Start.AddTicks(i % 3 == 0 ? 1 : 0), 1))).ToList();
        foreach (var chunk in appends.Chunk(25))
        {
            var request = new AppendRequest(chunk, []);
            Assert.Equal(AppendStatus.Appended, (await memory.AppendAsync(request, CancellationToken.None)).Status);
            Assert.Equal(AppendStatus.Appended, (await sqlite.AppendAsync(request, CancellationToken.None)).Status);
        }

        foreach (var (skip, take) in new[] { (0, 1000), (0, 7), (37, 50), (ids.Count - 3, 10) })
        {
            var query = new IncidentQuery { Skip = skip, Take = take };
            var expected = await memory.QueryAsync(query, CancellationToken.None);
            var actual = await sqlite.QueryAsync(query, CancellationToken.None);
            Assert.Equal(expected.TotalCount, actual.TotalCount);
            Assert.Equal(expected.Items.Select(s => s.Id), actual.Items.Select(s => s.Id));
        }
    }

    [Fact]
    public async Task AppendAsync_WritersOnTwoStoreInstancesOfOneFile_ConflictInsteadOfOverwriting()
    {
        // Two instances with separate pools behave like two processes sharing the file.
        await using var first = _database.OpenStore(_time);
        var second = new SqliteStoreOptions { ConnectionString = new SqliteConnectionStringBuilder { DataSource = _database.FilePath, Pooling = false }.ToString() };
        await using var other = new SqliteIncidentStore(second, _time);
        var stores = new IIncidentStore[] { first, other };
        var id = new IncidentId(Guid.NewGuid());
        Assert.Equal(AppendStatus.Appended, (await first.AppendAsync(AppendRequest.For(new IncidentAppend(id, 0, [Event(id, 1, Start)], Summary(id, Start, 1))), CancellationToken.None)).Status);

        var accepted = new System.Collections.Concurrent.ConcurrentBag<int>();
        var conflicts = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var store = stores[w % 2];
            for (var attempt = 0; attempt < 10; attempt++)
            {
                var current = (await store.LoadAsync(id, CancellationToken.None)).Count;
                var e = Event(id, current + 1, Start.AddMinutes(current), payload: $"writer {w} attempt {attempt}");
                var result = await store.AppendAsync(AppendRequest.For(new IncidentAppend(id, current, [e], Summary(id, Start, current + 1))), CancellationToken.None);
                if (result.Status == AppendStatus.Appended)
                {
                    accepted.Add(current + 1);
                }
                else
                {
                    Assert.Equal(AppendStatus.Conflict, result.Status);
                    Interlocked.Increment(ref conflicts);
                }
            }
        })));

        var stored = await other.LoadAsync(id, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, stored.Count), stored.Select(e => e.Version));
        Assert.Equal(Enumerable.Range(2, stored.Count - 1), accepted.Order());
        Assert.Equal(80, accepted.Count + conflicts);
    }

    [Fact]
    public async Task Reads_OnConnectionsKeptBetweenThem_SeeWhatAnotherInstanceAppendedSince()
    {
        // The store keeps its read connections open with their statements prepared: each read must still start from the
        // file as it is now, not from what the connection saw last time.
        await using var reading = _database.OpenStore(_time);
        await using var writing = new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = new SqliteConnectionStringBuilder { DataSource = _database.FilePath, Pooling = false }.ToString() }, _time);
        var id = new IncidentId(Guid.NewGuid());
        await AppendOneAsync(writing, Summary(id, Start, 1), 0);
        for (var version = 1; version <= 5; version++)
        {
            Assert.Equal(version, (await reading.LoadAsync(id, CancellationToken.None)).Count);
            var history = await reading.LoadHistoryFromAsync(id, version, CancellationToken.None);
            Assert.Equal(version, Assert.Single(history.Events).Version);
            Assert.Equal(version, history.Anchor!.Version);
            Assert.Equal(version, Assert.Single((await reading.QueryAsync(new IncidentQuery(), CancellationToken.None)).Items).Version);
            await AppendOneAsync(writing, Summary(id, Start, version + 1), version);
        }
    }

    [Fact]
    public async Task AppendAsync_CancelledInsideTheTransaction_WritesNothing()
    {
        await using var store = _database.OpenStore(_time);
        using var cancellation = new CancellationTokenSource();
        store.OnStaged = _ => cancellation.Cancel();
        var id = new IncidentId(Guid.NewGuid());
        var request = new AppendRequest([new IncidentAppend(id, 0, [Event(id, 1, Start), Event(id, 2, Start)], Summary(id, Start, 2), "key-1")], [Message(id)]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.AppendAsync(request, cancellation.Token).AsTask());

        store.OnStaged = null;
        Assert.Empty(await store.LoadAsync(id, CancellationToken.None));
        Assert.Null(await store.FindByIdempotencyKeyAsync("key-1", CancellationToken.None));
        Assert.Empty(await store.ReadOutboxAsync(10, CancellationToken.None));
        Assert.Equal(0, (await store.QueryAsync(new IncidentQuery(), CancellationToken.None)).TotalCount);
        Assert.Equal(AppendStatus.Appended, (await store.AppendAsync(request, CancellationToken.None)).Status);
    }

    [Theory]
    [InlineData("nothing")]
    [InlineData("kind")]
    [InlineData("channel")]
    [InlineData("category")]
    [InlineData("reported at")]
    [InlineData("reported at offset")]
    [InlineData("everything")]
    public async Task AppendAsync_LaterSummaryChangesWhatUsuallyStays_StoresTheSummaryWhole(string change)
    {
        // A summary's kind, channel, category and reporting instant normally never change, and the store then leaves their
        // columns (and index entries) alone; when a caller does change them, the new summary must still be stored whole.
        await using var store = _database.OpenStore(_time);
        var id = new IncidentId(Guid.NewGuid());
        var other = new IncidentId(Guid.NewGuid());
        var first = Summary(id, Start, 1);
        await AppendOneAsync(store, first, 0);
        await AppendOneAsync(store, Summary(other, Start, 1), 0);

        var moved = first with { State = IncidentState.Assessed, Level = SeverityLevel.II, UpdatedAt = Start.AddHours(1), NextDueAt = Start.AddDays(1), Version = 2 };
        var offset = TimeSpan.FromHours(8);
        var second = change switch
        {
            "nothing" => moved,
            "kind" => moved with { Kind = IncidentKind.PublicOpinion },
            "channel" => moved with { Channel = IntakeChannel.SocialMedia },
            "category" => moved with { Category = new RiskCategory("SupplyChain") },
            "reported at" => moved with { ReportedAt = Start.AddTicks(-1) },
            "reported at offset" => moved with { ReportedAt = Start.ToOffset(offset) },
            _ => moved with { Kind = IncidentKind.PetitionAndPublicOpinion, Channel = IntakeChannel.FeedbackSystem, Category = RiskCategory.ProductQuality, ReportedAt = Start.AddHours(-3).ToOffset(offset) },
        };
        await AppendOneAsync(store, second, 1);

        var all = await SummariesAsync(store, new IncidentQuery());
        Assert.Equal(2, all.Count);
        Assert.Equal(Summary(other, Start, 1), all.Single(s => s.Id == other));
        var stored = all.Single(s => s.Id == id);
        Assert.Equal(second, stored);
        Assert.Equal(second.ReportedAt.Offset, stored.ReportedAt.Offset);

        // Every index finds it by its new values only (a stale index entry would show here or in the integrity check).
        Assert.Equal(second.Channel == first.Channel ? 2 : 1, (await SummariesAsync(store, new IncidentQuery { Channels = [second.Channel] })).Count);
        Assert.Equal(second.Category == first.Category ? 2 : 1, (await SummariesAsync(store, new IncidentQuery { Categories = [second.Category] })).Count);
        Assert.Equal(second.ReportedAt.UtcTicks == first.ReportedAt.UtcTicks ? 2 : 1, (await SummariesAsync(store, new IncidentQuery { ReportedFrom = second.ReportedAt, ReportedBefore = second.ReportedAt.AddTicks(1) })).Count);
        Assert.Equal([id], (await SummariesAsync(store, new IncidentQuery { States = [IncidentState.Assessed], Levels = [SeverityLevel.II], OverdueAt = Start.AddDays(2) })).Select(s => s.Id));

        // And the next append, which changes none of them, keeps them.
        var third = second with { State = IncidentState.Directed, Level = SeverityLevel.I, UpdatedAt = Start.AddHours(2), NextDueAt = null, Version = 3 };
        await AppendOneAsync(store, third, 2);
        Assert.Equal(third, (await SummariesAsync(store, new IncidentQuery { States = [IncidentState.Directed] })).Single());
        Assert.Empty(await SummariesAsync(store, new IncidentQuery { OverdueAt = Start.AddDays(2) }));
        Assert.Equal("ok", _database.Scalar("PRAGMA integrity_check"));
    }

    [Fact]
    public async Task AppendAsync_AfterAFailureInsideTheTransaction_TheNextAppendOnTheSameStoreSucceeds()
    {
        await using var store = _database.OpenStore(_time);
        var existing = new IncidentId(Guid.NewGuid());
        await AppendOneAsync(store, Summary(existing, Start, 1), 0);
        var connection = store.WriteConnection;
        Assert.NotNull(connection);
        var fresh = new IncidentId(Guid.NewGuid());
        var request = new AppendRequest(
            [
                new IncidentAppend(existing, 1, [Event(existing, 2, Start), Event(existing, 3, Start)], Summary(existing, Start, 3) with { State = IncidentState.Assessed }),
                new IncidentAppend(fresh, 0, [Event(fresh, 1, Start)], Summary(fresh, Start, 1), "fresh-key"),
            ],
            [Message(existing), Message(fresh)]);
        var staged = 0;
        store.OnStaged = _ =>
        {
            if (++staged == 3)
            {
                throw new InvalidOperationException("Injected failure after the third event.");
            }
        };

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync(request, CancellationToken.None).AsTask());

        store.OnStaged = null;
        Assert.Single(await store.LoadAsync(existing, CancellationToken.None));
        Assert.Empty(await store.LoadAsync(fresh, CancellationToken.None));
        Assert.Null(await store.FindByIdempotencyKeyAsync("fresh-key", CancellationToken.None));
        Assert.Empty(await store.ReadOutboxAsync(10, CancellationToken.None));
        Assert.Equal([Summary(existing, Start, 1)], await SummariesAsync(store, new IncidentQuery()));

        // The rollback worked, so the store kept its write connection; the same request now goes through whole.
        Assert.Equal(AppendStatus.Appended, (await store.AppendAsync(request, CancellationToken.None)).Status);
        Assert.Same(connection, store.WriteConnection);
        Assert.Equal(3, (await store.LoadAsync(existing, CancellationToken.None)).Count);
        Assert.Single(await store.LoadAsync(fresh, CancellationToken.None));
        Assert.Equal(fresh, await store.FindByIdempotencyKeyAsync("fresh-key", CancellationToken.None));
        Assert.Equal(request.Outbox, await store.ReadOutboxAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task AppendAsync_WriteConnectionBrokenInsideTheTransaction_WritesNothingAndTheNextAppendOpensANewOne()
    {
        await using var store = _database.OpenStore(_time);
        var id = new IncidentId(Guid.NewGuid());
        await AppendOneAsync(store, Summary(id, Start, 1), 0);
        var broken = store.WriteConnection!;
        store.OnStaged = _ => broken.Close();
        var request = new AppendRequest([new IncidentAppend(id, 1, [Event(id, 2, Start), Event(id, 3, Start)], Summary(id, Start, 3))], [Message(id)]);

        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => store.AppendAsync(request, CancellationToken.None).AsTask());

        store.OnStaged = null;
        Assert.Null(store.WriteConnection);
        Assert.Single(await store.LoadAsync(id, CancellationToken.None));
        Assert.Empty(await store.ReadOutboxAsync(10, CancellationToken.None));
        Assert.Equal(AppendStatus.Appended, (await store.AppendAsync(request, CancellationToken.None)).Status);
        Assert.NotSame(broken, store.WriteConnection);
        Assert.Equal(3, (await store.LoadAsync(id, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task AppendAsync_AfterDispose_ThrowsAndTheFileIsReleased()
    {
        var store = _database.OpenStore(_time);
        var id = new IncidentId(Guid.NewGuid());
        await AppendOneAsync(store, Summary(id, Start, 1), 0);
        Assert.NotNull(store.WriteConnection);
        Assert.NotEmpty(await store.LoadAsync(id, CancellationToken.None)); // a pooled read connection too

        store.Dispose();

        Assert.Null(store.WriteConnection);
        var next = AppendRequest.For(new IncidentAppend(id, 1, [Event(id, 2, Start)], Summary(id, Start, 2)));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.AppendAsync(next, CancellationToken.None).AsTask());

        // No handle on the file is left: where the process's open files can be listed, none is in the database's folder;
        // everywhere, the files can be deleted (on Windows an open handle would stop that).
        var descriptors = new DirectoryInfo("/proc/self/fd");
        if (descriptors.Exists)
        {
            var open = descriptors.EnumerateFileSystemInfos().Select(d => d.LinkTarget).Where(t => t is not null && t.StartsWith(_database.Folder, StringComparison.Ordinal));
            Assert.Empty(open);
        }

        foreach (var file in Directory.EnumerateFiles(_database.Folder))
        {
            File.Delete(file);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(_database.Folder));
    }

    [Fact]
    public async Task AcknowledgeOutboxAsync_Always_RecordsWhenFromTheClock()
    {
        await using var store = _database.OpenStore(_time);
        var id = new IncidentId(Guid.NewGuid());
        var message = Message(id);
        await store.AppendAsync(new AppendRequest([new IncidentAppend(id, 0, [Event(id, 1, Start)], Summary(id, Start, 1))], [message]), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(3));

        await store.AcknowledgeOutboxAsync([message.Id], CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(3));
        await store.AcknowledgeOutboxAsync([message.Id], CancellationToken.None);

        Assert.Empty(await store.ReadOutboxAsync(10, CancellationToken.None));
        Assert.Equal(Start.AddMinutes(3).UtcTicks, Convert.ToInt64(_database.Scalar("SELECT acknowledged_at FROM outbox")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=x;Mode=Memory;Cache=Shared")]
    [InlineData("Data Source=x.db;Mode=ReadOnly")]
    [InlineData("Nonsense Keyword=1")]
    public void Constructor_UnusableConnectionString_Throws(string connectionString)
    {
        var error = Assert.Throws<ArgumentException>(() => new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = connectionString }));
        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public void Constructor_NegativeBusyTimeout_Throws()
        => Assert.Throws<ArgumentException>(() => new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = "Data Source=x.db", BusyTimeout = TimeSpan.FromSeconds(-1) }));

    [Fact]
    public void ForFile_RelativePath_IsResolvedToAFullPathWithPooling()
    {
        var builder = new SqliteConnectionStringBuilder(SqliteStoreOptions.ForFile("incidents.db").ConnectionString);
        Assert.Equal(Path.GetFullPath("incidents.db"), builder.DataSource);
        Assert.True(builder.Pooling);
        Assert.Equal(SqliteOpenMode.ReadWriteCreate, builder.Mode);
    }

    [Fact]
    public async Task Operations_AfterDispose_Throw()
    {
        var store = _database.OpenStore(_time);
        await store.InitializeAsync(CancellationToken.None);
        await store.DisposeAsync();
        store.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.LoadAsync(new IncidentId(Guid.NewGuid()), CancellationToken.None).AsTask());
    }

    /// <inheritdoc/>
    public void Dispose() => _database.Dispose();

    private static string Pragma(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    private static async Task AppendOneAsync(SqliteIncidentStore store, IncidentSummary summary, int expectedVersion)
    {
        var request = AppendRequest.For(new IncidentAppend(summary.Id, expectedVersion, [Event(summary.Id, expectedVersion + 1, Start)], summary));
        Assert.Equal(AppendStatus.Appended, (await store.AppendAsync(request, CancellationToken.None)).Status);
    }

    private static async Task<IReadOnlyList<IncidentSummary>> SummariesAsync(SqliteIncidentStore store, IncidentQuery query)
        => (await store.QueryAsync(query, CancellationToken.None)).Items;

    private static StoredEvent Event(IncidentId id, int version, DateTimeOffset at, string payload = "{}")
        => new(id, version, "IncidentReported", 1, at, new PersonId("cs-rep"), System.Text.Encoding.UTF8.GetBytes(payload), new byte[EventHashChain.HashLength]);

    private static IncidentSummary Summary(IncidentId id, DateTimeOffset reportedAt, int version)
        => new(id, IncidentKind.Petition, IntakeChannel.Hotline, RiskCategory.DataPrivacy, IncidentState.Reported, null, reportedAt, reportedAt, null, version);

    private static OutboxMessage Message(IncidentId id)
        => new(Guid.NewGuid(), id, "notification", $"dedup-{id}", "{\"to\":\"gm\"}"u8.ToArray(), Start);
}
