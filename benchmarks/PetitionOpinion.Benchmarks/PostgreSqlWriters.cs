using System.Diagnostics;
using System.Globalization;
using Npgsql;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Benchmarks;

/// <summary>
/// Throughput with concurrent writers against the local PostgreSQL server (<c>-- --postgres-writers [seconds]</c>): appends
/// per second with 1, 4 and 16 writers on distinct incidents — the store's one-event appends against raw one-row INSERT
/// transactions, measured in the same run — and the conflict rate with 4 writers on one incident. Not a BenchmarkDotNet
/// run: throughput under concurrency is a rate over a fixed time, not a per-call time. See <c>benchmarks/README.md</c>.
/// </summary>
internal static class PostgreSqlWriters
{
    public static int Run(TimeSpan duration)
    {
        using var bench = new PostgreSqlBench();
        var world = new StorageWorld();
        using var raw = bench.RawDataSource();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PostgreSQL writers, {duration.TotalSeconds:F0} s per measurement, {Environment.ProcessorCount} cores"));
        foreach (var writers in new[] { 1, 4, 16 })
        {
            // Warm-up (JIT, pool, prepared statements), then the raw side and the store, each for the duration.
            Measure(writers, TimeSpan.FromSeconds(1), w => RawWriterAsync(bench, raw, world, w, 100 + writers));
            var rawRate = Measure(writers, duration, w => RawWriterAsync(bench, raw, world, w, writers));
            var store = bench.NewStore();
            Measure(writers, TimeSpan.FromSeconds(1), w => StoreWriterAsync(store, world, 100 + w));
            var storeRate = Measure(writers, duration, w => StoreWriterAsync(store, world, 200 + w));
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{writers,2} writer(s) on distinct incidents: raw insert {rawRate,8:F0} /s, store append {storeRate,8:F0} /s, store ÷ raw {storeRate / rawRate:F2}"));
        }

        var (appended, conflicts) = OneIncident(bench, world, 4, duration);
        var attempts = appended + conflicts;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $" 4 writers on one incident: {attempts} attempts, {appended} appended ({appended / duration.TotalSeconds:F0} /s), {conflicts} conflicts: conflict rate {(double)conflicts / attempts:P1}"));
        return 0;
    }

    /// <summary>Runs <paramref name="writers"/> writers for <paramref name="duration"/>; returns the writes per second in all.</summary>
    private static double Measure(int writers, TimeSpan duration, Func<int, Func<CancellationToken, Task<long>>> writer)
    {
        using var stop = new CancellationTokenSource();
        var loops = Enumerable.Range(0, writers).Select(w => writer(w)).ToList();
        var clock = Stopwatch.StartNew();
        var tasks = loops.Select(loop => Task.Run(() => loop(stop.Token))).ToList();
        stop.CancelAfter(duration);
        var total = Task.WhenAll(tasks).GetAwaiter().GetResult().Sum();
        return total / clock.Elapsed.TotalSeconds;
    }

    private static Func<CancellationToken, Task<long>> StoreWriterAsync(PostgreSqlIncidentStore store, StorageWorld world, int stream) => async stop =>
    {
        var appends = new PostgreSqlBench.AppendStream(world, stream);
        long count = 0;
        while (!stop.IsCancellationRequested)
        {
            var result = await store.AppendAsync(appends.NextRequest(), CancellationToken.None);
            PostgreSqlBench.Expect(result.Status == AppendStatus.Appended, $"a writer's append was refused ({result.Status})");
            count++;
        }

        return count;
    };

    private static Func<CancellationToken, Task<long>> RawWriterAsync(PostgreSqlBench bench, NpgsqlDataSource raw, StorageWorld world, int writer, int round) => async stop =>
    {
        long count = 0;
        var incident = 0;
        while (!stop.IsCancellationRequested)
        {
            var id = new Guid(++incident, (short)writer, (short)round, [0, 0, 0, 0, 0, 0, 0, 3]);
            foreach (var e in world.Stored)
            {
                if (stop.IsCancellationRequested)
                {
                    break;
                }

                await using var connection = await raw.OpenConnectionAsync(CancellationToken.None);
                await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
                await using var command = bench.RawInsert(connection, transaction, id, e);
                await command.PrepareAsync(CancellationToken.None);
                await command.ExecuteNonQueryAsync(CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
                count++;
            }
        }

        return count;
    };

    /// <summary>
    /// <paramref name="writers"/> writers appending to one incident, each at the version it last saw plus one: a conflict
    /// tells the version the incident is at, and the writer tries again from there (as the repository does after
    /// reloading). Returns the appends that were written and the conflicts.
    /// </summary>
    private static (long Appended, long Conflicts) OneIncident(PostgreSqlBench bench, StorageWorld world, int writers, TimeSpan duration)
    {
        var store = bench.NewStore();
        try
        {
            var appends = new PostgreSqlBench.AppendStream(world, 999);
            var id = new IncidentId(new Guid(1, 999, 999, [0, 0, 0, 0, 0, 0, 0, 4]));
            PostgreSqlBench.Expect(store.AppendAsync(appends.At(id, 1), CancellationToken.None).AsTask().Result.Status == AppendStatus.Appended, "the contended incident could not be created");
            long appended = 0, conflicts = 0;
            using var stop = new CancellationTokenSource();
            var tasks = Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
            {
                var known = 1;
                while (!stop.IsCancellationRequested)
                {
                    var result = await store.AppendAsync(appends.At(id, known + 1), CancellationToken.None);
                    if (result.Status == AppendStatus.Appended)
                    {
                        known++;
                        Interlocked.Increment(ref appended);
                    }
                    else
                    {
                        PostgreSqlBench.Expect(result is { Status: AppendStatus.Conflict, ActualVersion: { } }, $"a contended append ended {result.Status} without the actual version");
                        known = result.ActualVersion!.Value;
                        Interlocked.Increment(ref conflicts);
                    }
                }
            })).ToList();
            stop.CancelAfter(duration);
            Task.WhenAll(tasks).GetAwaiter().GetResult();
            var version = store.LoadAsync(id, CancellationToken.None).AsTask().Result.Count;
            PostgreSqlBench.Expect(version == appended + 1, $"the incident has {version} events, not the {appended + 1} appended");
            return (appended, conflicts);
        }
        finally
        {
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
