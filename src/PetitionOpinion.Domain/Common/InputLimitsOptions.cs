using System.Globalization;

namespace PetitionOpinion;

/// <summary>
/// The limits on what one command may bring into an incident (configuration section <c>PetitionOpinion:Limits</c>): text
/// lengths, list sizes, records and events per incident, and how far ahead a due time may be. Every command is checked
/// against them before it records anything; a breach is refused with <c>validation.too_long</c>,
/// <c>validation.too_many</c> or <c>validation.out_of_range</c>, naming the field and the limit. They bound what one
/// incident can cost to store, load, render and notify: an incident at every limit still loads in milliseconds.
/// </summary>
/// <example>
/// <code language="json">
/// "Limits": {
///   "ShortTextLength": 4000,
///   "ClosureReportItems": 100,
///   "DueTimeHorizon": "730.00:00:00"
/// }
/// </code>
/// </example>
public sealed class InputLimitsOptions
{
    /// <summary>The longest <see cref="LongTextLength"/> that can be configured: 200,000 characters.</summary>
    public const int MaxTextLength = 200_000;

    /// <summary>The most items, directives, records per incident that can be configured: 10,000.</summary>
    public const int MaxCount = 10_000;

    /// <summary>The most events per incident that can be configured: 1,000,000.</summary>
    public const int MaxEvents = 1_000_000;

    /// <summary>Gets the longest <see cref="DueTimeHorizon"/> that can be configured: 100 years (36,525 days), far from the end of <see cref="DateTimeOffset"/>.</summary>
    public static TimeSpan MaxDueTimeHorizon { get; } = TimeSpan.FromDays(36_525);

    /// <summary>
    /// Gets or sets the longest name or single-line text (a petitioner's name and contact, a department, a statement's
    /// title, a publication channel), in UTF-16 code units. Default: 200 (<see cref="TextLimits.Name"/>), ample for a
    /// Chinese or Latin name, an address or a channel's name. From 1 to <see cref="ShortTextLength"/>.
    /// </summary>
    public int NameLength { get; set; } = TextLimits.Name;

    /// <summary>
    /// Gets or sets the longest short text (a reason, a summary, an outcome, instructions, a rationale, a cause, an
    /// improvement, a lesson). Default: 2,000 (<see cref="TextLimits.Short"/>), a long paragraph. From
    /// <see cref="NameLength"/> to <see cref="LongTextLength"/>.
    /// </summary>
    public int ShortTextLength { get; set; } = TextLimits.Short;

    /// <summary>
    /// Gets or sets the longest long text (an incident's description, a statement's body, a closure report's summary).
    /// Default: 20,000 (<see cref="TextLimits.Long"/>), some ten pages. From <see cref="ShortTextLength"/> to
    /// <see cref="MaxTextLength"/>.
    /// </summary>
    public int LongTextLength { get; set; } = TextLimits.Long;

    /// <summary>
    /// Gets or sets the most causes, the most improvements and the most lessons one closure report may list (each list on
    /// its own). Default: 50: a report is read by the leading group, and fifty of each is already more than a meeting
    /// discusses. From 1 to <see cref="MaxCount"/>.
    /// </summary>
    public int ClosureReportItems { get; set; } = 50;

    /// <summary>
    /// Gets or sets the most directives one incident may have (cancelled ones included). Default: 200: several a day for
    /// the whole of a long petition. From 1 to <see cref="MaxCount"/>.
    /// </summary>
    public int DirectivesPerIncident { get; set; } = 200;

    /// <summary>
    /// Gets or sets the most records of each kind one incident may have: customer communications, public statements,
    /// support requests and review requests (each kind on its own). Default: 200. From 1 to <see cref="MaxCount"/>.
    /// </summary>
    public int RecordsPerIncident { get; set; } = 200;

    /// <summary>
    /// Gets or sets the most events one incident's history may hold; an action that would record more is refused (the
    /// deadline scanner's alerts count too, but are never refused). Default: 10,000: the other limits allow about 2,000
    /// actions, and deadline alerts and re-assessments come on top. From 10 to <see cref="MaxEvents"/>.
    /// </summary>
    public int EventsPerIncident { get; set; } = 10_000;

    /// <summary>
    /// Gets or sets how far after now a directive may be due. Default: 5 years (1,826 days): longer than any handling
    /// time the petition regulations allow, and far from the end of the calendar <see cref="DateTimeOffset"/> can hold.
    /// From 1 day to <see cref="MaxDueTimeHorizon"/>.
    /// </summary>
    public TimeSpan DueTimeHorizon { get; set; } = TimeSpan.FromDays(1_826);

    /// <summary>Lists every problem with these limits, each starting with its configuration path.</summary>
    /// <param name="path">The configuration path of these options, e.g. <c>Limits</c>.</param>
    /// <returns>The problems (code <c>limits.invalid</c>); empty when the limits are valid.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<DomainError> Validate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var problems = new List<DomainError>();
        void Add(string at, string message) => problems.Add(new DomainError("limits.invalid", message) { Path = at });
        void Range(string name, long value, long min, long max)
        {
            if (value < min || value > max)
            {
                Add(path.Length == 0 ? name : $"{path}:{name}", string.Create(CultureInfo.InvariantCulture, $"must be from {min} to {max} (was {value})."));
            }
        }

        Range(nameof(NameLength), NameLength, 1, MaxTextLength);
        Range(nameof(ShortTextLength), ShortTextLength, 1, MaxTextLength);
        Range(nameof(LongTextLength), LongTextLength, 1, MaxTextLength);
        if (NameLength > ShortTextLength || ShortTextLength > LongTextLength)
        {
            Add(path, string.Create(CultureInfo.InvariantCulture, $"NameLength ({NameLength}) must be at most ShortTextLength ({ShortTextLength}), and that at most LongTextLength ({LongTextLength})."));
        }

        Range(nameof(ClosureReportItems), ClosureReportItems, 1, MaxCount);
        Range(nameof(DirectivesPerIncident), DirectivesPerIncident, 1, MaxCount);
        Range(nameof(RecordsPerIncident), RecordsPerIncident, 1, MaxCount);
        Range(nameof(EventsPerIncident), EventsPerIncident, 10, MaxEvents);
        if (DueTimeHorizon < TimeSpan.FromDays(1) || DueTimeHorizon > MaxDueTimeHorizon)
        {
            Add($"{path}:{nameof(DueTimeHorizon)}", string.Create(CultureInfo.InvariantCulture, $"must be from 1 day to {MaxDueTimeHorizon.Days} days (was {DueTimeHorizon})."));
        }

        return problems;
    }

    /// <summary>A copy that later changes to these options do not affect.</summary>
    internal InputLimitsOptions Snapshot() => (InputLimitsOptions)MemberwiseClone();
}
