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
            Measure(() => benchmarks.Sqlite_Append_OneEvent_Keyed(), AppendsPerRound);

            var raw = new List<double>();
            var store = new List<double>();
            var keyed = new List<double>();
            var ratios = new List<double>();
            var keyedRatios = new List<double>();
            var keyCost = new List<double>();
            Action[] sides = [() => raw.Add(Measure(() => benchmarks.Raw_Insert_OneEvent(), AppendsPerRound)), () => store.Add(Measure(() => benchmarks.Sqlite_Append_OneEvent(), AppendsPerRound)), () => keyed.Add(Measure(() => benchmarks.Sqlite_Append_OneEvent_Keyed(), AppendsPerRound))];
            for (var round = 0; round < rounds; round++)
            {
                // Rotate which side goes first, so none always follows another's checkpoint.
                for (var i = 0; i < sides.Length; i++)
                {
                    sides[(round + i) % sides.Length]();
                }

                var (r, s, k) = (raw[^1], store[^1], keyed[^1]);
                ratios.Add(s / r);
                keyedRatios.Add(k / r);
                keyCost.Add(k / s);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1,2}: raw insert {r,7:F1} µs, store append {s,7:F1} µs (ratio {s / r:F2}), keyed append {k,7:F1} µs (ratio {k / r:F2}, keyed/unkeyed {k / s:F2})"));
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"median of {rounds} rounds of {AppendsPerRound} appends each: raw insert {Median(raw):F1} µs, store append {Median(store):F1} µs, ratio {Median(ratios):F2} (from {ratios.Min():F2} to {ratios.Max():F2}); keyed append {Median(keyed):F1} µs, ratio {Median(keyedRatios):F2} (from {keyedRatios.Min():F2} to {keyedRatios.Max():F2}); keyed ÷ unkeyed {Median(keyCost):F2}"));
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
