using PetitionOpinion.Incidents;

namespace PetitionOpinion.Storage;

/// <summary>
/// Which incident summaries to return, and which page. Every filter left <see langword="null"/> matches everything;
/// filters combine with "and", values within one filter with "or". Results are ordered by
/// <see cref="IncidentSummary.ReportedAt"/>, then by id.
/// </summary>
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

    /// <summary>Returns whether <paramref name="summary"/> passes every filter (paging aside). Stores may use it; SQL stores translate it.</summary>
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
            && (ByPetitioner is null || summary.PetitionerKeys.Any(ByPetitioner.Contains));
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
/// <param name="TotalCount">How many summaries match in all.</param>
public sealed record IncidentSummaryPage(IReadOnlyList<IncidentSummary> Items, int TotalCount);
