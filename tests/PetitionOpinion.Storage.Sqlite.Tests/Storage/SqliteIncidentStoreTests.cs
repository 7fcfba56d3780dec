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

    private static StoredEvent Event(IncidentId id, int version, DateTimeOffset at, string payload = "{}")
        => new(id, version, "IncidentReported", 1, at, new PersonId("cs-rep"), System.Text.Encoding.UTF8.GetBytes(payload), new byte[EventHashChain.HashLength]);

    private static IncidentSummary Summary(IncidentId id, DateTimeOffset reportedAt, int version)
        => new(id, IncidentKind.Petition, IntakeChannel.Hotline, RiskCategory.DataPrivacy, IncidentState.Reported, null, reportedAt, reportedAt, null, version);

    private static OutboxMessage Message(IncidentId id)
        => new(Guid.NewGuid(), id, "notification", $"dedup-{id}", "{\"to\":\"gm\"}"u8.ToArray(), Start);
}
