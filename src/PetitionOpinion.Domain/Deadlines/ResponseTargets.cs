using Ardalis.GuardClauses;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Deadlines;

/// <summary>
/// The response targets of one level and kind of incident, as a <see cref="DeadlinePolicy"/> sets them: "by when?" for a
/// CRM that only assesses. A view over the policy, not a second table: the deadline engine
/// (<see cref="DeadlineScanner"/>) counts an incident's deadlines from this same view, so <see cref="DueAt"/> is the
/// engine's due time (before any pause or extension), working days and the calendar's holidays included. Get one from
/// <see cref="DeadlinePolicy.TargetsFor"/> or an assessment's <c>Targets</c>; the table is in <c>docs/deadlines.md</c>.
/// </summary>
public sealed record ResponseTargets
{
    private static readonly int KindCount = Enum.GetValues<IncidentKind>().Length;
    private readonly IWorkingDayCalendar _calendar;
    private readonly TimeSpan _utcOffset;

    internal ResponseTargets(SeverityLevel level, IncidentKind kind, LevelDeadlines targets, PetitionDeadlines petition, IWorkingDayCalendar calendar, TimeSpan utcOffset)
    {
        var opinion = kind is IncidentKind.PublicOpinion or IncidentKind.PetitionAndPublicOpinion;
        Level = level;
        Kind = kind;
        Acknowledge = targets.Acknowledge;
        AssessmentDone = targets.AssessmentDone;
        FirstPublicStatement = opinion ? targets.FirstPublicStatement : null;
        Resolution = targets.Resolution;
        StatusUpdateEvery = targets.StatusUpdateEvery;
        Petition = kind is IncidentKind.Petition or IncidentKind.PetitionAndPublicOpinion ? petition : null;
        _calendar = calendar;
        _utcOffset = utcOffset;
    }

    /// <summary>Gets the level.</summary>
    public SeverityLevel Level { get; }

    /// <summary>Gets the kind of incident.</summary>
    public IncidentKind Kind { get; }

    /// <summary>Gets the limit from the report to the first action on the incident.</summary>
    public DeadlineLimit Acknowledge { get; }

    /// <summary>Gets the limit from the report to the first assessment.</summary>
    public DeadlineLimit AssessmentDone { get; }

    /// <summary>
    /// Gets the limit from the report to the first published statement; <see langword="null"/> for a petition that is not
    /// public opinion, and at a level without the target (by default IV).
    /// </summary>
    public DeadlineLimit? FirstPublicStatement { get; }

    /// <summary>Gets the limit from the report (or a reopening) to the resolution.</summary>
    public DeadlineLimit Resolution { get; }

    /// <summary>Gets the longest silence between two recorded actions while the incident is handled; <see langword="null"/> at a level without the target (by default IV).</summary>
    public DeadlineLimit? StatusUpdateEvery { get; }

    /// <summary>
    /// Gets the petition profile that applies on top of the level's targets (an incident's deadline is the tightest that
    /// applies): for <see cref="IncidentKind.Petition"/> and <see cref="IncidentKind.PetitionAndPublicOpinion"/>;
    /// <see langword="null"/> for public opinion alone.
    /// </summary>
    public PetitionDeadlines? Petition { get; }

    /// <summary>Gets the limit of a kind of deadline, or <see langword="null"/> when none applies to this level and kind (a directive's due time is its own).</summary>
    /// <param name="kind">What the deadline is for.</param>
    /// <returns>The limit, or <see langword="null"/>.</returns>
    public DeadlineLimit? LimitOf(DeadlineKind kind) => kind switch
    {
        DeadlineKind.Acknowledge => Acknowledge,
        DeadlineKind.AssessmentDone => AssessmentDone,
        DeadlineKind.FirstPublicStatement => FirstPublicStatement,
        DeadlineKind.Resolution => Resolution,
        DeadlineKind.StatusUpdate => StatusUpdateEvery,
        DeadlineKind.AcceptanceNotice => Petition?.AcceptanceNotice,
        DeadlineKind.HandlingOpinion => Petition?.HandlingOpinion,
        DeadlineKind.ReviewDecision => Petition?.ReviewDecision,
        _ => null,
    };

    /// <summary>
    /// Gets when a deadline of a kind that starts at <paramref name="start"/> is due, as the deadline engine counts it
    /// (the policy's calendar and time zone), before any pause or extension. Most targets start at the report; the
    /// handling opinion at acceptance (the first assessment), the status update at the last recorded action, a review
    /// decision at the review request.
    /// </summary>
    /// <param name="kind">What the deadline is for.</param>
    /// <param name="start">When it starts.</param>
    /// <returns>The due instant in <paramref name="start"/>'s offset, or <see langword="null"/> when no such target applies (<see cref="LimitOf"/>).</returns>
    public DateTimeOffset? DueAt(DeadlineKind kind, DateTimeOffset start)
        => LimitOf(kind)?.DueFrom(start, _calendar, _utcOffset);

    /// <summary>Builds every level's and kind's view of a policy's table, indexed by <see cref="IndexOf"/>.</summary>
    internal static ResponseTargets[] AllOf(Func<SeverityLevel, LevelDeadlines> levels, PetitionDeadlines petition, IWorkingDayCalendar calendar, TimeSpan utcOffset)
    {
        var all = new ResponseTargets[Enum.GetValues<SeverityLevel>().Length * KindCount];
        foreach (var level in Enum.GetValues<SeverityLevel>())
        {
            foreach (var kind in Enum.GetValues<IncidentKind>())
            {
                all[IndexOf(level, kind)] = new ResponseTargets(level, kind, levels(level), petition, calendar, utcOffset);
            }
        }

        return all;
    }

    /// <summary>Gets where a level's and kind's view is in <see cref="AllOf"/>'s array.</summary>
    internal static int IndexOf(SeverityLevel level, IncidentKind kind)
        => ((int)Guard.Against.EnumOutOfRange(level) - 1) * KindCount + (int)Guard.Against.EnumOutOfRange(kind) - 1;
}
