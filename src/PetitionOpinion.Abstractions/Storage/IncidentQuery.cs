using PetitionOpinion.Incidents;

namespace PetitionOpinion.Storage;

/// <summary>
/// Which incident summaries to return, and which page. Every filter left <see langword="null"/> matches everything;
/// filters combine with "and", values within one filter with "or". Results are ordered by
/// <see cref="IncidentSummary.ReportedAt"/> (the UTC instant), then by id in <see cref="Guid.CompareTo(Guid)"/> order.
/// </summary>
/// <remarks>
/// An exact <see cref="IncidentSummaryPage.TotalCount"/> costs a count of every matching summary on every page (on
/// large stores the larger part of a page's cost): set <see cref="CountTotal"/> to <see langword="false"/> when it is
/// not shown, and walk large results with <see cref="After"/> (keyset paging) rather than <see cref="Skip"/>, whose
/// cost grows with the offset.
/// </remarks>
public sealed record IncidentQuery
{
    /// <summary>The largest page: 1,000 summaries.</summary>
    public const int MaxPageSize = 1_000;

    /// <summary>The most pseudonyms <see cref="ByPetitioner"/> may hold: 64.</summary>
    public const int MaxPetitionerKeys = 64;

    /// <summary>Gets the states to match.</summary>
    public IReadOnlyCollection<IncidentState>? States { get; init; }

    /// <summary>Gets the levels to match (an unassessed incident matches none).</summary>
    public IReadOnlyCollection<SeverityLevel>? Levels { get; init; }

    /// <summary>Gets the categories to match.</summary>
    public IReadOnlyCollection<RiskCategory>? Categories { get; init; }

    /// <summary>Gets the channels to match.</summary>
    public IReadOnlyCollection<IntakeChannel>? Channels { get; init; }

    /// <summary>Gets the earliest report time to match (inclusive).</summary>
    public DateTimeOffset? ReportedFrom { get; init; }

    /// <summary>Gets the report time to match before (exclusive).</summary>
    public DateTimeOffset? ReportedBefore { get; init; }

    /// <summary>Gets an instant: when set, only incidents with an open directive due before it match.</summary>
    public DateTimeOffset? OverdueAt { get; init; }

    /// <summary>
    /// Gets petitioner pseudonyms (see <see cref="IncidentSummary.PetitionerKeys"/>): when set, only incidents whose
    /// petitioner has at least one of them match — a petitioner found by any of their phone numbers or e-mail addresses.
    /// At most <see cref="MaxPetitionerKeys"/>, each without white space.
    /// </summary>
    public IReadOnlyCollection<string>? ByPetitioner { get; init; }

    /// <summary>Gets how many matching summaries to skip. Default: 0.</summary>
    public int Skip { get; init; }

    /// <summary>Gets the page size, 1 to <see cref="MaxPageSize"/>. Default: 50.</summary>
    public int Take { get; init; } = 50;

    /// <summary>
    /// Gets whether the store counts every matching summary into <see cref="IncidentSummaryPage.TotalCount"/>. Default:
    /// <see langword="true"/>. When <see langword="false"/>, the page's total is <see cref="IncidentSummaryPage.NotCounted"/>
    /// and only <see cref="IncidentSummaryPage.HasMore"/> tells whether another page follows — the store reads one
    /// summary more than <see cref="Take"/> instead of counting them all.
    /// </summary>
    public bool CountTotal { get; init; } = true;

    /// <summary>
    /// Gets a cursor (keyset paging): when set, only summaries strictly after it in the query's order match — reported
    /// later, or at the same instant with a greater id. Pass the previous page's <see cref="IncidentSummaryPage.Next"/>.
    /// <see cref="Skip"/> still applies after the cursor; <see cref="IncidentSummaryPage.TotalCount"/> (when counted)
    /// counts only the summaries after it. Default: <see langword="null"/> (from the first).
    /// </summary>
    public IncidentPageCursor? After { get; init; }

    /// <summary>Returns whether <paramref name="summary"/> passes every filter and comes after <see cref="After"/> (skip and take aside). Stores may use it; SQL stores translate it.</summary>
    /// <param name="summary">The summary.</param>
    /// <returns><see langword="true"/> when it matches.</returns>
    public bool Matches(IncidentSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return (States is null || States.Contains(summary.State))
            && (Levels is null || (summary.Level is { } level && Levels.Contains(level)))
            && (Categories is null || Categories.Contains(summary.Category))
            && (Channels is null || Channels.Contains(summary.Channel))
            && (ReportedFrom is null || summary.ReportedAt >= ReportedFrom)
            && (ReportedBefore is null || summary.ReportedAt < ReportedBefore)
            && (OverdueAt is null || (summary.NextDueAt is { } due && due < OverdueAt))
            && (ByPetitioner is null || summary.PetitionerKeys.Any(ByPetitioner.Contains))
            && (After is null || After.IsBefore(summary));
    }

    /// <summary>Explains what is wrong with the paging or the petitioner filter, or returns <see langword="null"/>.</summary>
    /// <returns>The problem (never quoting a pseudonym), or <see langword="null"/>.</returns>
    public string? Problem()
        => Skip < 0 ? $"Skip must not be negative (was {Skip})."
        : Take is < 1 or > MaxPageSize ? $"Take must be from 1 to {MaxPageSize} (was {Take})."
        : ByPetitioner is { Count: > MaxPetitionerKeys } ? $"ByPetitioner must hold at most {MaxPetitionerKeys} pseudonyms (was {ByPetitioner.Count})."
        : ByPetitioner is not null && ByPetitioner.Any(k => k is null || k.Length == 0 || k.Any(char.IsWhiteSpace)) ? "ByPetitioner must hold pseudonyms: none null, empty or with white space."
        : null;
}

/// <summary>One page of incident summaries.</summary>
/// <param name="Items">The summaries on this page.</param>
/// <param name="TotalCount">
/// How many summaries match in all (after <see cref="IncidentQuery.After"/>, when set), or <see cref="NotCounted"/> when
/// <see cref="IncidentQuery.CountTotal"/> was <see langword="false"/>.
/// </param>
public sealed record IncidentSummaryPage(IReadOnlyList<IncidentSummary> Items, int TotalCount)
{
    /// <summary>The <see cref="TotalCount"/> of a page whose query did not count: -1.</summary>
    public const int NotCounted = -1;

    /// <summary>Gets whether more matching summaries follow this page's last item (counted or not).</summary>
    public bool HasMore { get; init; }

    /// <summary>
    /// Gets the cursor to pass as <see cref="IncidentQuery.After"/> for the next page: the last item's, when
    /// <see cref="HasMore"/>; otherwise <see langword="null"/>.
    /// </summary>
    public IncidentPageCursor? Next { get; init; }

    /// <summary>Makes a page of <paramref name="items"/>, setting <see cref="HasMore"/> and <see cref="Next"/>. For stores.</summary>
    /// <param name="items">The summaries on the page, in the query's order.</param>
    /// <param name="totalCount">The total, or <see cref="NotCounted"/>.</param>
    /// <param name="hasMore">Whether more matching summaries follow the last item.</param>
    /// <returns>The page.</returns>
    public static IncidentSummaryPage Of(IReadOnlyList<IncidentSummary> items, int totalCount, bool hasMore)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new IncidentSummaryPage(items, totalCount)
        {
            HasMore = hasMore,
            Next = hasMore && items.Count > 0 ? IncidentPageCursor.Of(items[^1]) : null,
        };
    }
}

/// <summary>
/// A position in the order of incident queries (<see cref="IncidentSummary.ReportedAt"/> as a UTC instant, then id in
/// <see cref="Guid.CompareTo(Guid)"/> order): a page's last summary, for <see cref="IncidentQuery.After"/>.
/// </summary>
/// <param name="ReportedAt">The summary's report time (only the UTC instant counts; the offset is ignored).</param>
/// <param name="Id">The summary's id.</param>
public sealed record IncidentPageCursor(DateTimeOffset ReportedAt, IncidentId Id)
{
    /// <summary>The cursor of <paramref name="summary"/>: the next page starts after it.</summary>
    /// <param name="summary">The summary (usually a page's last).</param>
    /// <returns>The cursor.</returns>
    public static IncidentPageCursor Of(IncidentSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new IncidentPageCursor(summary.ReportedAt, summary.Id);
    }

    /// <summary>Returns whether <paramref name="summary"/> comes strictly after this cursor in the query's order.</summary>
    /// <param name="summary">The summary.</param>
    /// <returns><see langword="true"/> when it comes after.</returns>
    public bool IsBefore(IncidentSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var byTime = summary.ReportedAt.UtcTicks.CompareTo(ReportedAt.UtcTicks);
        return byTime > 0 || (byTime == 0 && summary.Id.Value.CompareTo(Id.Value) > 0);
    }
}
