using Ardalis.GuardClauses;
using PetitionOpinion.Incidents;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Reporting;

/// <summary>
/// The figures a leading group reviews (<c>docs/statistics.md</c>; the analysis step of ISO 10002), computed from incident summaries in
/// one pass: counts by category, level, channel, kind, state and month; the median and 90th percentile of the time to
/// acknowledge and to resolve, overall and per level; the share handled within target; the reopen rate; repeat petitioners.
/// </summary>
/// <remarks>
/// Build it with <see cref="Compute(IEnumerable{IncidentSummary}, DateTimeOffset, TimeSpan?)"/>,
/// <see cref="ComputeAsync"/> (over a store's summaries, a page at a time) or an <see cref="IncidentStatisticsBuilder"/>.
/// Render it with <see cref="ToMarkdown"/> or <see cref="ToCsv"/>. See <c>docs/reports.md</c> for every definition.
/// </remarks>
/// <param name="AsOf">The instant open incidents are judged at: one past its due time and not yet acknowledged or resolved counts as missed.</param>
/// <param name="UtcOffset">The UTC offset months are counted in.</param>
/// <param name="Total">How many incidents were counted.</param>
/// <param name="ByCategory">Incidents per risk category, in ordinal order of the category.</param>
/// <param name="ByLevel">Incidents per severity level (I first); unassessed incidents are in <paramref name="Unassessed"/>.</param>
/// <param name="Unassessed">Incidents without a level.</param>
/// <param name="ByChannel">Incidents per intake channel, in the enumeration's order.</param>
/// <param name="ByKind">Incidents per kind.</param>
/// <param name="ByState">Incidents per state, in the lifecycle's order.</param>
/// <param name="ByMonth">Incidents per month of their report (the first day of the month in <paramref name="UtcOffset"/>), oldest first.</param>
/// <param name="TimeToAcknowledge">From the report to the first action, over the incidents acknowledged.</param>
/// <param name="TimeToResolve">From the report to the first resolution, over the incidents resolved at least once.</param>
/// <param name="TimeToAcknowledgeByLevel"><paramref name="TimeToAcknowledge"/> per level, for the levels that have incidents.</param>
/// <param name="TimeToResolveByLevel"><paramref name="TimeToResolve"/> per level, for the levels that have incidents.</param>
/// <param name="AcknowledgedWithinTarget">Incidents acknowledged by their acknowledgement target, against those that missed it.</param>
/// <param name="ResolvedWithinTarget">Incidents first resolved by their resolution target, against those that missed it (the share handled within target).</param>
/// <param name="Reopened">Incidents reopened at least once, against the incidents resolved at least once (the reopen rate).</param>
/// <param name="Petitioners">Distinct petitioners, by their pseudonyms (<see cref="IncidentSummary.PetitionerKeys"/>: one per phone number and e-mail address; pseudonyms that appear on one incident together are one petitioner's; a petitioner who gave neither is not counted, since a name alone never identifies one).</param>
/// <param name="RepeatPetitioners">Petitioners with more than one incident.</param>
/// <param name="IncidentsFromRepeatPetitioners">How many incidents those repeat petitioners account for.</param>
public sealed record IncidentStatistics(
    DateTimeOffset AsOf,
    TimeSpan UtcOffset,
    int Total,
    IReadOnlyDictionary<RiskCategory, int> ByCategory,
    IReadOnlyDictionary<SeverityLevel, int> ByLevel,
    int Unassessed,
    IReadOnlyDictionary<IntakeChannel, int> ByChannel,
    IReadOnlyDictionary<IncidentKind, int> ByKind,
    IReadOnlyDictionary<IncidentState, int> ByState,
    IReadOnlyDictionary<DateOnly, int> ByMonth,
    DurationStatistics TimeToAcknowledge,
    DurationStatistics TimeToResolve,
    IReadOnlyDictionary<SeverityLevel, DurationStatistics> TimeToAcknowledgeByLevel,
    IReadOnlyDictionary<SeverityLevel, DurationStatistics> TimeToResolveByLevel,
    Proportion AcknowledgedWithinTarget,
    Proportion ResolvedWithinTarget,
    Proportion Reopened,
    int Petitioners,
    int RepeatPetitioners,
    int IncidentsFromRepeatPetitioners)
{
    /// <summary>The largest page <see cref="ComputeAsync"/> reads at a time: <see cref="IncidentQuery.MaxPageSize"/>.</summary>
    public const int PageSize = IncidentQuery.MaxPageSize;

    /// <summary>Computes the statistics of summaries.</summary>
    /// <param name="summaries">The summaries, each incident once.</param>
    /// <param name="asOf">The instant open incidents are judged at (usually now).</param>
    /// <param name="utcOffset">The UTC offset months are counted in; <see langword="null"/> for +08:00 (China, as the default deadline policy).</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="ArgumentException">A summary is inconsistent (see <see cref="IncidentStatisticsBuilder.Add"/>).</exception>
    public static IncidentStatistics Compute(IEnumerable<IncidentSummary> summaries, DateTimeOffset asOf, TimeSpan? utcOffset = null)
    {
        Guard.Against.Null(summaries);
        var builder = new IncidentStatisticsBuilder(asOf, utcOffset);
        foreach (var summary in summaries)
        {
            builder.Add(summary);
        }

        return builder.Build();
    }

    /// <summary>
    /// Computes the statistics of the incidents a store holds, reading their summaries a page of <see cref="PageSize"/> at a
    /// time (never their events). The store is paged by report time only — which never changes — and the other filters
    /// are applied here, so that an incident changing state while the pages are read is neither skipped nor counted twice
    /// (each incident counts once, as it stood when its page was read). Incidents reported while it reads may or may not
    /// be counted; use <see cref="IncidentQuery.ReportedBefore"/> for a fixed population.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="filter">Which incidents to count (its paging is ignored), or <see langword="null"/> for all.</param>
    /// <param name="asOf">The instant open incidents are judged at (usually now).</param>
    /// <param name="utcOffset">The UTC offset months are counted in; <see langword="null"/> for +08:00.</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="ArgumentException">A stored summary is inconsistent.</exception>
    public static async ValueTask<IncidentStatistics> ComputeAsync(IIncidentStore store, IncidentQuery? filter, DateTimeOffset asOf, TimeSpan? utcOffset, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(store);
        var builder = new IncidentStatisticsBuilder(asOf, utcOffset);
        var seen = new HashSet<IncidentId>();
        var query = new IncidentQuery { ReportedFrom = filter?.ReportedFrom, ReportedBefore = filter?.ReportedBefore, Take = PageSize };
        while (true)
        {
            var page = await store.QueryAsync(query, cancellationToken).ConfigureAwait(false);
            foreach (var summary in page.Items)
            {
                if ((filter is null || filter.Matches(summary)) && seen.Add(summary.Id))
                {
                    builder.Add(summary);
                }
            }

            if (page.Items.Count < PageSize)
            {
                return builder.Build();
            }

            query = query with { Skip = query.Skip + page.Items.Count };
        }
    }

    /// <summary>Renders the statistics as a Markdown document.</summary>
    /// <param name="language">The language.</param>
    /// <returns>The Markdown text.</returns>
    public string ToMarkdown(ReportLanguage language) => IncidentStatisticsText.Markdown(this, language);

    /// <summary>
    /// Renders the statistics as CSV (RFC 4180, comma-separated, a header row <c>measure,dimension,key,value</c>, numbers in
    /// the invariant culture, durations in whole seconds, shares as fractions to four decimals).
    /// </summary>
    /// <returns>The CSV text, lines ended by CRLF.</returns>
    public string ToCsv() => IncidentStatisticsText.Csv(this);
}

/// <summary>A distribution of durations: how many, the median and the 90th percentile.</summary>
/// <remarks>
/// Percentiles are interpolated linearly between the closest ranks (the method of Excel's <c>PERCENTILE.INC</c> and R's
/// default, type 7): for <c>n</c> sorted values and a fraction <c>p</c>, the value at rank <c>(n − 1)·p</c>, rounded to
/// the nearest tick (halves away from zero). The median of an even count is thus the mean of the middle two.
/// </remarks>
/// <param name="Count">How many durations.</param>
/// <param name="Median">The median, or <see langword="null"/> when there are none.</param>
/// <param name="Percentile90">The 90th percentile, or <see langword="null"/> when there are none.</param>
public sealed record DurationStatistics(int Count, TimeSpan? Median, TimeSpan? Percentile90)
{
    /// <summary>Gets the statistics of no durations.</summary>
    public static DurationStatistics Empty { get; } = new(0, null, null);
}

/// <summary>A count of incidents that met a condition, against the count that did not.</summary>
/// <param name="Yes">How many met it.</param>
/// <param name="No">How many did not.</param>
public readonly record struct Proportion(int Yes, int No)
{
    /// <summary>Gets how many were judged.</summary>
    public int Total => Yes + No;

    /// <summary>Gets the share that met it (0 to 1), or <see langword="null"/> when none were judged.</summary>
    public double? Share => Total == 0 ? null : (double)Yes / Total;
}
