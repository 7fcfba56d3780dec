using PetitionOpinion.Readiness;
using PetitionOpinion.Reporting;

namespace PetitionOpinion.Samples.WebApi.LeadingGroup;

/// <summary>The readiness report as JSON.</summary>
public sealed record ReadinessView(DateTimeOffset AsOf, bool IsReady, int ErrorCount, int WarningCount, int PeopleToTrain, int ResourceCount, IReadOnlyList<ReadinessGapView> Gaps)
{
    /// <summary>The view of a report.</summary>
    public static ReadinessView Of(ReadinessReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new(
            report.AsOf,
            report.IsReady,
            report.ErrorCount,
            report.WarningCount,
            report.PeopleToTrain,
            report.ResourceCount,
            [.. report.Gaps.Select(g => new ReadinessGapView(g.Code, g.Severity, g.Subject.Kind, g.Subject.Id, g.English, g.Chinese))]);
    }
}

/// <summary>One gap of the readiness report, in English and Chinese.</summary>
public sealed record ReadinessGapView(string Code, GapSeverity Severity, GapSubjectKind SubjectKind, string SubjectId, string English, string Chinese);

/// <summary>The statistics as JSON: counts keyed by name (months as <c>yyyy-MM</c>), durations as <c>d.hh:mm:ss</c>.</summary>
public sealed record StatisticsView(
    DateTimeOffset AsOf,
    TimeSpan UtcOffset,
    int Total,
    IReadOnlyDictionary<string, int> ByCategory,
    IReadOnlyDictionary<string, int> ByLevel,
    int Unassessed,
    IReadOnlyDictionary<string, int> ByChannel,
    IReadOnlyDictionary<string, int> ByKind,
    IReadOnlyDictionary<string, int> ByState,
    IReadOnlyDictionary<string, int> ByMonth,
    DurationView TimeToAcknowledge,
    DurationView TimeToResolve,
    IReadOnlyDictionary<string, DurationView> TimeToAcknowledgeByLevel,
    IReadOnlyDictionary<string, DurationView> TimeToResolveByLevel,
    ProportionView AcknowledgedWithinTarget,
    ProportionView ResolvedWithinTarget,
    ProportionView Reopened,
    int Petitioners,
    int RepeatPetitioners,
    int IncidentsFromRepeatPetitioners)
{
    /// <summary>The view of computed statistics.</summary>
    public static StatisticsView Of(IncidentStatistics s)
    {
        ArgumentNullException.ThrowIfNull(s);
        static Dictionary<string, TValue> Keyed<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> source, Func<TKey, string> key)
            where TKey : notnull
            => source.ToDictionary(p => key(p.Key), p => p.Value, StringComparer.Ordinal);

        return new(
            s.AsOf,
            s.UtcOffset,
            s.Total,
            Keyed(s.ByCategory, c => c.Value),
            Keyed(s.ByLevel, l => l.ToString()),
            s.Unassessed,
            Keyed(s.ByChannel, c => c.ToString()),
            Keyed(s.ByKind, k => k.ToString()),
            Keyed(s.ByState, st => st.ToString()),
            Keyed(s.ByMonth, m => m.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)),
            DurationView.Of(s.TimeToAcknowledge),
            DurationView.Of(s.TimeToResolve),
            Keyed(s.TimeToAcknowledgeByLevel, l => l.ToString()).ToDictionary(p => p.Key, p => DurationView.Of(p.Value), StringComparer.Ordinal),
            Keyed(s.TimeToResolveByLevel, l => l.ToString()).ToDictionary(p => p.Key, p => DurationView.Of(p.Value), StringComparer.Ordinal),
            ProportionView.Of(s.AcknowledgedWithinTarget),
            ProportionView.Of(s.ResolvedWithinTarget),
            ProportionView.Of(s.Reopened),
            s.Petitioners,
            s.RepeatPetitioners,
            s.IncidentsFromRepeatPetitioners);
    }
}

/// <summary>A distribution of durations.</summary>
public sealed record DurationView(int Count, TimeSpan? Median, TimeSpan? Percentile90)
{
    /// <summary>The view of a distribution.</summary>
    public static DurationView Of(DurationStatistics d) => new(d.Count, d.Median, d.Percentile90);
}

/// <summary>A proportion: how many yes, how many no, and the share of yes (null when there are none).</summary>
public sealed record ProportionView(int Yes, int No, double? Share)
{
    /// <summary>The view of a proportion.</summary>
    public static ProportionView Of(Proportion p) => new(p.Yes, p.No, p.Share);
}
