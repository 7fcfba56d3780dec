using System.Diagnostics;
using System.Globalization;

namespace PetitionOpinion.Benchmarks;

/// <summary>
/// The SQLite append ratio measured in pairs: BenchmarkDotNet runs the raw insert and the store's append one after the
/// other, each in its own process, and on a shared machine the disk's fsync latency drifts between the two; here both run
/// in one process, in alternating rounds, so that each round's ratio compares the two under the same disk conditions.
/// Run with <c>-- --sqlite-append-pairs [rounds]</c>. See <c>benchmarks/README.md</c>.
/// </summary>
internal static class SqliteAppendPairs
{
    private const int AppendsPerRound = 500;

    public static int Run(int rounds)
    {
        var benchmarks = new SqliteStorageBenchmarks();
        benchmarks.Setup();
        try
        {
            // Warm up both paths (JIT, connection pool, page cache) before measuring.
            Measure(() => benchmarks.Raw_Insert_OneEvent(), AppendsPerRound);
            Measure(() => benchmarks.Sqlite_Append_OneEvent(), AppendsPerRound);

            var raw = new List<double>();
            var store = new List<double>();
            var ratios = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                // Alternate which side goes first, so neither always follows the other's checkpoint.
                double r, s;
                if (round % 2 == 0)
                {
                    r = Measure(() => benchmarks.Raw_Insert_OneEvent(), AppendsPerRound);
                    s = Measure(() => benchmarks.Sqlite_Append_OneEvent(), AppendsPerRound);
                }
                else
                {
                    s = Measure(() => benchmarks.Sqlite_Append_OneEvent(), AppendsPerRound);
                    r = Measure(() => benchmarks.Raw_Insert_OneEvent(), AppendsPerRound);
                }

                raw.Add(r);
                store.Add(s);
                ratios.Add(s / r);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1,2}: raw insert {r,7:F1} µs, store append {s,7:F1} µs, ratio {s / r:F2}"));
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"median of {rounds} rounds of {AppendsPerRound} appends each: raw insert {Median(raw):F1} µs, store append {Median(store):F1} µs, ratio {Median(ratios):F2} (from {ratios.Min():F2} to {ratios.Max():F2})"));
            return 0;
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    private static double Measure(Action append, int count)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            append();
        }

        return watch.Elapsed.TotalMicroseconds / count;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
