using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PetitionOpinion.Hosting.Tests.Support;
using PetitionOpinion.Storage;
using PetitionOpinion.Storage.Conformance;
using Xunit.Abstractions;

namespace PetitionOpinion.Hosting.Tests;

/// <summary>
/// Issue 19's store outage with the real SQLite store, not a wrapper that throws: another connection holds the file's
/// write lock for three hours of the fake clock. In WAL mode reads go on — a lock cannot keep them out while the store's
/// own connections are open — so the dispatcher delivers what is pending but cannot acknowledge it, and the scans run but
/// cannot record the alerts that fall due: the loops log, back off and report unhealthy all the same (see
/// <see cref="StoreOutage"/>), and catch up once the lock is released.
/// </summary>
public sealed class SqliteStoreOutageTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "petition-opinion-hosting-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task AddPetitionOpinionHosting_SqliteFileWriteLockedForThreeHours_LogsBacksOffReportsUnhealthyAndCatchesUpOnce()
    {
        var file = Path.Combine(_folder, "incidents.db");
        await using var story = new HostedStory(
            hosting: o =>
            {
                // A write refused by a locked file costs about a second of real time (Microsoft.Data.Sqlite retries a busy
                // statement for at least a second, whatever the busy timeout): back off from 10 minutes to an hour, so
                // that the three hours cost ten or so.
                o.InitialRetryDelay = TimeSpan.FromMinutes(10);
                o.MaxRetryDelay = TimeSpan.FromHours(1);
            },
            petitionOpinion: b => b.UseSqliteStore(o =>
            {
                o.ConnectionString = SqliteStoreOptions.ForFile(file).ConnectionString;
                o.BusyTimeout = TimeSpan.FromMilliseconds(100);
            }));
        await story.StartAsync();

        // The first warning (2 hours in) is recorded, and stays pending while the channel fails.
        story.Channel.Failing = true;
        var incident = await story.ReportAsync();
        await story.RunUntilAsync(story.Clock.GetUtcNow().AddDays(1), () => story.State.ChannelStreaks.GetValueOrDefault("recording") > 0);
        var pendingBefore = (await story.PendingAsync()).Count;

        // The channel is back, the file is locked: the warning is delivered, not acknowledged; the next warning and the
        // breach fall due and are not recorded.
        OutageReport during;
        var real = Stopwatch.StartNew();
        using (WriteLock(file))
        {
            story.Channel.Failing = false;
            await story.RunForAsync(TimeSpan.FromHours(3));
            during = await StoreOutage.ObserveAsync(story);
        }

        var locked = real.Elapsed;
        await story.RunUntilAsync(ConformanceScenario.Start.AddHours(31)); // past the seed story's second deadline's escalation
        output.WriteLine($"{during}; {locked.TotalSeconds:F1} s of real time for the three locked hours");

        Assert.True(pendingBefore > 0, "the first warning is pending when the lock is taken");
        Assert.Equal(pendingBefore, during.Delivered); // delivered during the lock (reads work), once
        Assert.Equal(HealthStatus.Unhealthy, during.Ready.Entries[PetitionOpinionHealthChecks.Outbox].Status); // delivered, not acknowledged
        // Backed off from 10 minutes to MaxRetryDelay (1 hour): a handful of failed passes, not one every 10 minutes.
        Assert.InRange(during.DeadlineFailures, 3, 5);
        Assert.InRange(during.DispatcherFailures, 4, 6);
        StoreOutage.AssertDuring(story, during, TimeSpan.FromHours(1));
        await StoreOutage.AssertCaughtUpOnceAsync([story], incident, OutboxKeys(file), "database is locked", file);
        await StoreOutage.AssertHealthyAsync(story);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>Takes the write lock of a SQLite file on a connection of its own, until disposed (which rolls back).</summary>
    private static SqliteConnection WriteLock(string file)
    {
        var connection = Open(file);
        using var command = connection.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE; UPDATE outbox SET acknowledged_at = acknowledged_at;";
        command.ExecuteNonQuery();
        return connection;
    }

    private static List<string> OutboxKeys(string file)
    {
        using var connection = Open(file);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT deduplication_key FROM outbox";
        using var reader = command.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private static SqliteConnection Open(string file)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
