using PetitionOpinion.Deadlines;

namespace PetitionOpinion.Reporting;

/// <summary>How <see cref="ClosureReportDocument.Build"/> writes a closure report.</summary>
public sealed class ClosureReportOptions
{
    /// <summary>The widest offset from UTC a report may use (the range <see cref="DeadlineOptions.UtcOffset"/> allows too).</summary>
    internal static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

    /// <summary>
    /// Gets or sets the offset from UTC the report's times are shown in, from −14 to +14 hours in whole minutes.
    /// Default: <see langword="null"/>, the deadline policy's offset — the given <see cref="DeadlineScanner"/>'s, otherwise
    /// <see cref="DeadlinePolicy.Default"/>'s (+08:00, China) — so that a report's days are the days its deadlines count.
    /// </summary>
    public TimeSpan? UtcOffset { get; set; }
}
