using PetitionOpinion.Incidents;
using PetitionOpinion.Reporting;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Tests.Reporting;

/// <summary>
/// The statistics computed the straightforward way — LINQ over the whole list, sorting for percentiles in decimal
/// arithmetic — to check <see cref="IncidentStatisticsBuilder"/>'s one-pass figures against.
/// </summary>
internal static class StatisticsReference
{
    public static IncidentStatistics Compute(IReadOnlyList<IncidentSummary> all, DateTimeOffset asOf, TimeSpan offset)
    {
        Dictionary<TKey, int> CountBy<TKey>(Func<IncidentSummary, TKey> key) where TKey : notnull
            => all.GroupBy(key).ToDictionary(g => g.Key, g => g.Count());

        static DurationStatistics Distribution(IEnumerable<TimeSpan> durations)
        {
            var sorted = durations.Select(d => d.Ticks).OrderBy(t => t).ToList();
            if (sorted.Count == 0)
            {
                return DurationStatistics.Empty;
            }

            TimeSpan At(decimal p)
            {
                var rank = (sorted.Count - 1) * p;
                var low = (int)decimal.Floor(rank);
                var high = Math.Min(low + 1, sorted.Count - 1);
                var value = sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
                return new TimeSpan((long)decimal.Round(value, MidpointRounding.AwayFromZero));
            }

            return new DurationStatistics(sorted.Count, At(0.5m), At(0.9m));
        }

        static Proportion Judge(IEnumerable<IncidentSummary> summaries, Func<IncidentSummary, DateTimeOffset?> done, Func<IncidentSummary, DateTimeOffset?> due, DateTimeOffset asOf)
        {
            var judged = summaries.Where(s => due(s) is not null && s.State != IncidentState.Dismissed);
            var met = judged.Count(s => done(s) is { } d && d <= due(s));
            var missed = judged.Count(s => (done(s) is { } d && d > due(s)) || (done(s) is null && due(s) < asOf));
            return new Proportion(met, missed);
        }

        var acknowledged = all.Where(s => s.AcknowledgedAt is not null).ToList();
        var resolved = all.Where(s => s.FirstResolvedAt is not null).ToList();
        var levels = all.Where(s => s.Level is not null).Select(s => s.Level!.Value).Distinct().Order().ToList();
        var petitioners = all.Where(s => s.PetitionerKey is not null).GroupBy(s => s.PetitionerKey!).ToList();
        return new IncidentStatistics(
            asOf,
            offset,
            all.Count,
            CountBy(s => s.Category),
            all.Where(s => s.Level is not null).GroupBy(s => s.Level!.Value).ToDictionary(g => g.Key, g => g.Count()),
            all.Count(s => s.Level is null),
            CountBy(s => s.Channel),
            CountBy(s => s.Kind),
            CountBy(s => s.State),
            CountBy(s => new DateOnly(s.ReportedAt.ToOffset(offset).Year, s.ReportedAt.ToOffset(offset).Month, 1)),
            Distribution(acknowledged.Select(s => s.AcknowledgedAt!.Value - s.ReportedAt)),
            Distribution(resolved.Select(s => s.FirstResolvedAt!.Value - s.ReportedAt)),
            levels.ToDictionary(l => l, l => Distribution(acknowledged.Where(s => s.Level == l).Select(s => s.AcknowledgedAt!.Value - s.ReportedAt))),
            levels.ToDictionary(l => l, l => Distribution(resolved.Where(s => s.Level == l).Select(s => s.FirstResolvedAt!.Value - s.ReportedAt))),
            Judge(all, s => s.AcknowledgedAt, s => s.AcknowledgeDueAt, asOf),
            Judge(all, s => s.FirstResolvedAt, s => s.ResolutionDueAt, asOf),
            new Proportion(resolved.Count(s => s.ReopenCount > 0), resolved.Count(s => s.ReopenCount == 0)),
            petitioners.Count,
            petitioners.Count(g => g.Count() > 1),
            petitioners.Where(g => g.Count() > 1).Sum(g => g.Count()));
    }

    /// <summary>Asserts two statistics are equal figure by figure (and the dictionaries' order as the builder promises).</summary>
    public static void AssertEqual(IncidentStatistics expected, IncidentStatistics actual)
    {
        static void Same<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> e, IReadOnlyDictionary<TKey, TValue> a, IComparer<TKey>? order = null)
        {
            Assert.Equal(e.OrderBy(p => p.Key, order ?? Comparer<TKey>.Default), a);
        }

        Assert.Equal(expected.Total, actual.Total);
        Same(expected.ByCategory, actual.ByCategory, Comparer<RiskCategory>.Create((x, y) => string.CompareOrdinal(x.Value, y.Value)));
        Same(expected.ByLevel, actual.ByLevel);
        Assert.Equal(expected.Unassessed, actual.Unassessed);
        Same(expected.ByChannel, actual.ByChannel);
        Same(expected.ByKind, actual.ByKind);
        Same(expected.ByState, actual.ByState);
        Same(expected.ByMonth, actual.ByMonth);
        Assert.Equal(expected.TimeToAcknowledge, actual.TimeToAcknowledge);
        Assert.Equal(expected.TimeToResolve, actual.TimeToResolve);
        Same(expected.TimeToAcknowledgeByLevel, actual.TimeToAcknowledgeByLevel);
        Same(expected.TimeToResolveByLevel, actual.TimeToResolveByLevel);
        Assert.Equal(expected.AcknowledgedWithinTarget, actual.AcknowledgedWithinTarget);
        Assert.Equal(expected.ResolvedWithinTarget, actual.ResolvedWithinTarget);
        Assert.Equal(expected.Reopened, actual.Reopened);
        Assert.Equal(expected.Petitioners, actual.Petitioners);
        Assert.Equal(expected.RepeatPetitioners, actual.RepeatPetitioners);
        Assert.Equal(expected.IncidentsFromRepeatPetitioners, actual.IncidentsFromRepeatPetitioners);
        Assert.Equal(expected.AsOf, actual.AsOf);
        Assert.Equal(expected.UtcOffset, actual.UtcOffset);
    }

    /// <summary>Generates summaries that look like a year of a company's incidents: every field varied, repeat petitioners, open and late ones.</summary>
    public static List<IncidentSummary> Generate(int count, int seed, DateTimeOffset from, TimeSpan span)
    {
        var random = new Random(seed);
        var categories = new[] { RiskCategory.ProductQuality, RiskCategory.ServiceAttitude, RiskCategory.DataPrivacy, RiskCategory.SocialResponsibility, new RiskCategory("Environment") };
        var channels = Enum.GetValues<IntakeChannel>();
        var kinds = Enum.GetValues<IncidentKind>();
        var states = Enum.GetValues<IncidentState>();
        var petitionerPool = Math.Max(1, count * 6 / 10);
        var list = new List<IncidentSummary>(count);
        for (var i = 0; i < count; i++)
        {
            var reported = from + TimeSpan.FromTicks((long)(random.NextDouble() * span.Ticks));
            var state = states[random.Next(states.Length)];
            SeverityLevel? level = state == IncidentState.Reported || random.Next(20) == 0 ? null : (SeverityLevel)random.Next(1, 5);
            DateTimeOffset? acknowledged = state == IncidentState.Reported && random.Next(2) == 0 ? null : reported + TimeSpan.FromTicks(random.NextInt64(TimeSpan.FromHours(30).Ticks));
            DateTimeOffset? acknowledgeDue = random.Next(50) == 0 ? null : reported + TimeSpan.FromMinutes(new[] { 15, 30, 240, 1440 }[random.Next(4)]);
            var everResolved = state is IncidentState.Resolved or IncidentState.Closed || (state is IncidentState.Responding or IncidentState.Directed && random.Next(4) == 0);
            DateTimeOffset? firstResolved = everResolved ? (acknowledged ?? reported) + TimeSpan.FromTicks(random.NextInt64(TimeSpan.FromDays(40).Ticks)) : null;
            DateTimeOffset? resolutionDue = random.Next(50) == 0 ? null : reported + TimeSpan.FromDays(new[] { 3, 7, 21, 42 }[random.Next(4)]);
            var reopens = everResolved && random.Next(10) == 0 ? random.Next(1, 3) : 0;
            var petitioner = random.Next(10) == 0 ? null : $"p{random.Next(petitionerPool):x8}";
            list.Add(new IncidentSummary(
                new IncidentId(new Guid(random.Next(), (short)random.Next(short.MaxValue), (short)random.Next(short.MaxValue), (byte)i, (byte)(i >> 8), (byte)(i >> 16), 1, 2, 3, 4, 5)),
                kinds[random.Next(kinds.Length)],
                channels[random.Next(channels.Length)],
                categories[random.Next(categories.Length)],
                state,
                level,
                reported.ToOffset(TimeSpan.FromHours(random.Next(3) == 0 ? 0 : 8)),
                reported + TimeSpan.FromDays(50),
                null,
                random.Next(1, 60),
                acknowledged,
                acknowledgeDue,
                firstResolved,
                resolutionDue,
                reopens,
                petitioner));
        }

        return list;
    }
}
