using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using PetitionOpinion.Incidents;
using PetitionOpinion.Reporting;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Benchmarks;

/// <summary>
/// Statistics over 100,000 incident summaries (issue 7): the library's one pass against the straightforward LINQ a
/// developer would write (a group-by per figure, a sort per percentile group) — and what a summary costs the repository
/// on every append now that it carries the deadline targets (the 100-event benchmark incident). See <c>benchmarks/README.md</c>.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class StatisticsBenchmarks
{
    private const int Count = 100_000;
    private static readonly DateTimeOffset Year = new(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private List<IncidentSummary> _summaries = null!;
    private Incident _incident = null!;

    [GlobalSetup]
    public void Setup()
    {
        _summaries = Generate(Count, seed: 7);
        _incident = Incident.FromHistory(new StorageWorld().History);
        var library = Library_Compute_100k();
        var linq = Linq_Compute_100k();
        Expect(library.Total == linq.Total && library.TimeToResolve == linq.TimeToResolve && library.ResolvedWithinTarget == linq.ResolvedWithinTarget
            && library.RepeatPetitioners == linq.RepeatPetitioners && library.ByMonth.SequenceEqual(linq.ByMonth.OrderBy(p => p.Key)),
            "the library and the LINQ computation disagree");
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Statistics")]
    public IncidentStatistics Linq_Compute_100k() => Straightforward(_summaries, Year.AddDays(300));

    [Benchmark]
    [BenchmarkCategory("Statistics")]
    public IncidentStatistics Library_Compute_100k() => IncidentStatistics.Compute(_summaries, Year.AddDays(300), China);

    [Benchmark]
    [BenchmarkCategory("Summary")]
    public IncidentSummary Summary_Of_100EventIncident() => IncidentSummaries.Of(_incident);

    private static IncidentStatistics Straightforward(List<IncidentSummary> all, DateTimeOffset asOf)
    {
        static DurationStatistics Distribution(IEnumerable<long> ticks)
        {
            var sorted = ticks.OrderBy(t => t).ToList();
            if (sorted.Count == 0)
            {
                return DurationStatistics.Empty;
            }

            TimeSpan At(decimal p)
            {
                var rank = (sorted.Count - 1) * p;
                var low = (int)decimal.Floor(rank);
                var high = Math.Min(low + 1, sorted.Count - 1);
                return new TimeSpan((long)decimal.Round(sorted[low] + ((rank - low) * (sorted[high] - sorted[low])), MidpointRounding.AwayFromZero));
            }

            return new DurationStatistics(sorted.Count, At(0.5m), At(0.9m));
        }

        static Proportion Judge(List<IncidentSummary> all, Func<IncidentSummary, DateTimeOffset?> done, Func<IncidentSummary, DateTimeOffset?> due, DateTimeOffset asOf)
            => new(
                all.Count(s => s.State != IncidentState.Dismissed && due(s) is { } d && done(s) is { } x && x <= d),
                all.Count(s => s.State != IncidentState.Dismissed && due(s) is { } d && ((done(s) is { } x && x > d) || (done(s) is null && d < asOf))));

        var acknowledged = all.Where(s => s.AcknowledgedAt is not null).ToList();
        var resolved = all.Where(s => s.FirstResolvedAt is not null).ToList();
        var levels = all.Where(s => s.Level is not null).Select(s => s.Level!.Value).Distinct().Order().ToList();
        var petitioners = all.Where(s => s.PetitionerKey is not null).GroupBy(s => s.PetitionerKey!).Select(g => g.Count()).ToList();
        return new IncidentStatistics(
            asOf,
            China,
            all.Count,
            all.GroupBy(s => s.Category).ToDictionary(g => g.Key, g => g.Count()),
            all.Where(s => s.Level is not null).GroupBy(s => s.Level!.Value).ToDictionary(g => g.Key, g => g.Count()),
            all.Count(s => s.Level is null),
            all.GroupBy(s => s.Channel).ToDictionary(g => g.Key, g => g.Count()),
            all.GroupBy(s => s.Kind).ToDictionary(g => g.Key, g => g.Count()),
            all.GroupBy(s => s.State).ToDictionary(g => g.Key, g => g.Count()),
            all.GroupBy(s => new DateOnly(s.ReportedAt.ToOffset(China).Year, s.ReportedAt.ToOffset(China).Month, 1)).ToDictionary(g => g.Key, g => g.Count()),
            Distribution(acknowledged.Select(s => (s.AcknowledgedAt!.Value - s.ReportedAt).Ticks)),
            Distribution(resolved.Select(s => (s.FirstResolvedAt!.Value - s.ReportedAt).Ticks)),
            levels.ToDictionary(l => l, l => Distribution(acknowledged.Where(s => s.Level == l).Select(s => (s.AcknowledgedAt!.Value - s.ReportedAt).Ticks))),
            levels.ToDictionary(l => l, l => Distribution(resolved.Where(s => s.Level == l).Select(s => (s.FirstResolvedAt!.Value - s.ReportedAt).Ticks))),
            Judge(all, s => s.AcknowledgedAt, s => s.AcknowledgeDueAt, asOf),
            Judge(all, s => s.FirstResolvedAt, s => s.ResolutionDueAt, asOf),
            new Proportion(resolved.Count(s => s.ReopenCount > 0), resolved.Count(s => s.ReopenCount == 0)),
            petitioners.Count,
            petitioners.Count(c => c > 1),
            petitioners.Where(c => c > 1).Sum());
    }

    private static List<IncidentSummary> Generate(int count, int seed)
    {
        var random = new Random(seed);
        RiskCategory[] categories = [RiskCategory.ProductQuality, RiskCategory.ServiceAttitude, RiskCategory.DataPrivacy, RiskCategory.SocialResponsibility];
        var channels = Enum.GetValues<IntakeChannel>();
        var states = Enum.GetValues<IncidentState>();
        var list = new List<IncidentSummary>(count);
        for (var i = 0; i < count; i++)
        {
            var reported = Year + TimeSpan.FromTicks(random.NextInt64(TimeSpan.FromDays(365).Ticks));
            var state = states[random.Next(states.Length)];
            SeverityLevel? level = state == IncidentState.Reported ? null : (SeverityLevel)random.Next(1, 5);
            var resolved = state is IncidentState.Resolved or IncidentState.Closed;
            list.Add(new IncidentSummary(
                new IncidentId(Guid.CreateVersion7(reported)),
                IncidentKind.Petition,
                channels[random.Next(channels.Length)],
                categories[random.Next(categories.Length)],
                state,
                level,
                reported,
                reported.AddDays(40),
                null,
                10,
                state == IncidentState.Reported ? null : reported + TimeSpan.FromTicks(random.NextInt64(TimeSpan.FromHours(30).Ticks)),
                reported.AddHours(4),
                resolved ? reported + TimeSpan.FromTicks(random.NextInt64(TimeSpan.FromDays(40).Ticks)) : null,
                reported.AddDays(15),
                resolved && random.Next(10) == 0 ? 1 : 0,
                $"p{random.Next(count * 6 / 10):x8}"));
        }

        return list;
    }

    private static void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Benchmark set-up check failed: {problem}.");
        }
    }
}
