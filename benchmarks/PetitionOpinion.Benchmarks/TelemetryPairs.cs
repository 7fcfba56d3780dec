using System.Diagnostics;
using System.Globalization;

namespace PetitionOpinion.Benchmarks;

/// <summary>
/// The telemetry ratios measured in pairs: BenchmarkDotNet runs the benchmark without a listener and the one with a
/// listener each in its own process, minutes apart, and on a shared machine the load drifts between the two (a first
/// default-job run measured the uninstrumented detector 1.43× "slower" with a listener). Here each workload runs in one
/// process in alternating rounds — without a listener, then with a <see cref="TelemetryBenchmarks.RecordingListener"/>
/// attached for the round and disposed after it (the order swapped every round) — so that each round's ratio compares
/// the two under the same load. Run with <c>-- --telemetry-pairs [rounds]</c>. See <c>benchmarks/README.md</c>.
/// </summary>
internal static class TelemetryPairs
{
    public static int Run(int rounds)
    {
        var assessment = new TelemetryBenchmarks();
        assessment.SetupAssessment();
        var ingest = new TelemetryBenchmarks();
        ingest.SetupIngest();
        var command = new TelemetryBenchmarks();
        command.SetupCommand();
        var workloads = new (string Name, Func<double> Measure)[]
        {
            ("Assessment (RiskRuleSet.Evaluate)", () => Measure(() => assessment.Evaluate_NoListener(), 20_000, AssessmentWorld.FactsCount)),
            ("Ingest, detector (OpinionDetector.Observe by handle)", () => Measure(() => ingest.Detector_Observe_NoListener(), 2_000, 1_000)),
            ("Ingest, monitor (OpinionMonitor.ObserveAsync by name)", () => Measure(() => ingest.Monitor_Observe_NoListener(), 1_000, 1_000)),
            ("Command (IncidentRepository.ReportAsync, in memory)", () => Measure(() => command.Report_NoListener().GetAwaiter().GetResult(), 5_000, 1)),
        };

        var failed = false;
        foreach (var (name, measure) in workloads)
        {
            // Warm up both ways (JIT tiers, caches, the listener's tag sets).
            measure();
            using (new TelemetryBenchmarks.RecordingListener())
            {
                measure();
            }

            var without = new List<double>();
            var with = new List<double>();
            var ratios = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                double a, b;
                if (round % 2 == 0)
                {
                    a = measure();
                    b = Listened(measure);
                }
                else
                {
                    b = Listened(measure);
                    a = measure();
                }

                without.Add(a);
                with.Add(b);
                ratios.Add(b / a);
            }

            var median = Median(ratios);
            failed |= median > 1.10 && !name.StartsWith("Command", StringComparison.Ordinal);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name}: median of {rounds} rounds: without {Median(without):F2} ns, with a listener {Median(with):F2} ns, ratio {median:F3} (rounds {ratios.Min():F3} to {ratios.Max():F3})"));
        }

        return failed ? 1 : 0;
    }

    private static double Listened(Func<double> measure)
    {
        using var listener = new TelemetryBenchmarks.RecordingListener();
        return measure();
    }

    private static double Measure(Action invoke, int invocations, int operationsPerInvoke)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < invocations; i++)
        {
            invoke();
        }

        return watch.Elapsed.TotalNanoseconds / ((double)invocations * operationsPerInvoke);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
