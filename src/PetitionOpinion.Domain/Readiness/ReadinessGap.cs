using Ardalis.GuardClauses;
using PetitionOpinion.Reporting;

namespace PetitionOpinion.Readiness;

/// <summary>How serious a readiness gap is.</summary>
public enum GapSeverity
{
    /// <summary>The plan cannot be carried out as written (错误): the report is not ready.</summary>
    Error = 1,

    /// <summary>The plan can be carried out, but something should be fixed (警告).</summary>
    Warning = 2,
}

/// <summary>What a readiness gap is about.</summary>
public enum GapSubjectKind
{
    /// <summary>A position of the organisation (its <see cref="PositionId"/>).</summary>
    Position = 1,

    /// <summary>An incident action (its <see cref="Incidents.IncidentAction"/> name).</summary>
    Action = 2,

    /// <summary>A kind of resource (its <see cref="ResourceKind"/> name).</summary>
    ResourceKind = 3,

    /// <summary>One resource (its <see cref="ResourceId"/>).</summary>
    Resource = 4,

    /// <summary>A directive kind (its <see cref="Incidents.DirectiveKind"/> value).</summary>
    DirectiveKind = 5,

    /// <summary>A person (their <see cref="PersonId"/>).</summary>
    Person = 6,

    /// <summary>A risk category (its <see cref="Incidents.RiskCategory"/> value).</summary>
    RiskCategory = 7,

    /// <summary>The library's configuration (the option's path, e.g. <c>Storage:AuditKeyId</c>).</summary>
    Configuration = 8,
}

/// <summary>What a readiness gap is about: a kind of thing and its id.</summary>
/// <param name="Kind">The kind of thing.</param>
/// <param name="Id">Its id or name, e.g. <c>petition.member.legal</c>, <c>Hotline</c>, <c>ReviewStatement</c>.</param>
public readonly record struct GapSubject(GapSubjectKind Kind, string Id)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Kind}:{Id}";
}

/// <summary>
/// One gap in the plan's readiness: a stable code (<see cref="ReadinessGapCodes"/>), a severity, what it is about, and
/// the gap explained in English and Chinese.
/// </summary>
public sealed record ReadinessGap
{
    /// <summary>Initializes a new instance of the <see cref="ReadinessGap"/> class.</summary>
    /// <param name="code">The stable code, one of <see cref="ReadinessGapCodes"/>.</param>
    /// <param name="severity">How serious it is.</param>
    /// <param name="subject">What it is about.</param>
    /// <param name="english">The gap explained in English.</param>
    /// <param name="chinese">The gap explained in Chinese.</param>
    /// <exception cref="ArgumentException">A text is null, empty or white space, or the severity is undefined.</exception>
    public ReadinessGap(string code, GapSeverity severity, GapSubject subject, string english, string chinese)
    {
        Code = Guard.Against.NullOrWhiteSpace(code);
        Severity = Guard.Against.EnumOutOfRange(severity);
        Subject = subject;
        English = Guard.Against.NullOrWhiteSpace(english);
        Chinese = Guard.Against.NullOrWhiteSpace(chinese);
    }

    /// <summary>Gets the stable code, e.g. <c>readiness.missing_channel</c>.</summary>
    public string Code { get; }

    /// <summary>Gets how serious the gap is.</summary>
    public GapSeverity Severity { get; }

    /// <summary>Gets what the gap is about.</summary>
    public GapSubject Subject { get; }

    /// <summary>Gets the gap explained in English.</summary>
    public string English { get; }

    /// <summary>Gets the gap explained in Chinese.</summary>
    public string Chinese { get; }

    /// <summary>Gets the explanation in <paramref name="language"/>.</summary>
    /// <param name="language">The language.</param>
    /// <returns>The text.</returns>
    public string Text(ReportLanguage language) => language == ReportLanguage.Chinese ? Chinese : English;

    /// <inheritdoc/>
    public override string ToString() => $"[{Severity}] {Code} ({Subject}): {English}";
}

/// <summary>The codes of the gaps a readiness report lists (documented in <c>docs/readiness.md</c>, with how to fix each).</summary>
public static class ReadinessGapCodes
{
    /// <summary>Warning: an optional position nobody holds.</summary>
    public const string UnstaffedPosition = "readiness.unstaffed_position";

    /// <summary>Error: an incident action nobody in the organisation may perform under the authority policy (at some or every level).</summary>
    public const string NoAuthorisedActor = "readiness.no_authorised_actor";

    /// <summary>Error: nobody in the leading group may approve public statements, which level I and II incidents require.</summary>
    public const string NoLeadingGroupApprover = "readiness.no_leading_group_approver";

    /// <summary>Error: the catalogue has no resource of a communication channel's kind (hotline, online service platform, social-media account).</summary>
    public const string MissingChannel = "readiness.missing_channel";

    /// <summary>Error: every resource of a communication channel's kind is unavailable.</summary>
    public const string ChannelUnavailable = "readiness.channel_unavailable";

    /// <summary>Warning: no resource of a communication channel's kind is fully available, only degraded ones.</summary>
    public const string ChannelDegraded = "readiness.channel_degraded";

    /// <summary>Error: the catalogue has no resource of an information-collection tool's kind (monitoring software, feedback system).</summary>
    public const string MissingCollectionTool = "readiness.missing_collection_tool";

    /// <summary>Error: every resource of an information-collection tool's kind is unavailable.</summary>
    public const string CollectionToolUnavailable = "readiness.collection_tool_unavailable";

    /// <summary>Warning: no resource of an information-collection tool's kind is fully available, only degraded ones.</summary>
    public const string CollectionToolDegraded = "readiness.collection_tool_degraded";

    /// <summary>Error: no legal support in service records a contact (there is none, all are unavailable, or none has a contact).</summary>
    public const string NoLegalSupportContact = "readiness.no_legal_support_contact";

    /// <summary>Warning: the legal support with a contact is only degraded.</summary>
    public const string LegalSupportDegraded = "readiness.legal_support_degraded";

    /// <summary>Warning: the catalogue has no training course in service.</summary>
    public const string NoTrainingCourse = "readiness.no_training_course";

    /// <summary>Warning: a person who holds a position has no training record.</summary>
    public const string Untrained = "readiness.untrained";

    /// <summary>Warning: a person who holds a position was last trained longer ago than the refresh interval.</summary>
    public const string TrainingOverdue = "readiness.training_overdue";

    /// <summary>Error: a directive kind no resource in service serves.</summary>
    public const string UnservedDirectiveKind = "readiness.unserved_directive_kind";

    /// <summary>Error: a resource is owned by a group the organisation does not have.</summary>
    public const string UnknownResourceOwner = "readiness.unknown_resource_owner";

    /// <summary>Error: a risk category no group owns.</summary>
    public const string UnownedCategory = "readiness.unowned_category";

    /// <summary>Error: a risk category is owned by a group the organisation does not have.</summary>
    public const string UnknownCategoryOwner = "readiness.unknown_category_owner";

    /// <summary>Warning: the audit trail is not keyed (no <c>Storage:AuditKeyId</c>): someone who can edit the database can recompute a changed hash chain.</summary>
    public const string AuditNotKeyed = "readiness.audit_not_keyed";

    /// <summary>Error: the deadlines' working-day calendar has no holiday schedule for a year that today or the next 60 days fall in.</summary>
    public const string CalendarYearMissing = "readiness.calendar_year_missing";

    /// <summary>Warning: from 1 November, the deadlines' working-day calendar has no holiday schedule for next year yet.</summary>
    public const string CalendarNextYearMissing = "readiness.calendar_next_year_missing";

    /// <summary>Gets every code, each with its severity, in the order the documentation lists them.</summary>
    public static IReadOnlyList<KeyValuePair<string, GapSeverity>> All { get; } =
    [
        new(UnstaffedPosition, GapSeverity.Warning),
        new(NoAuthorisedActor, GapSeverity.Error),
        new(NoLeadingGroupApprover, GapSeverity.Error),
        new(MissingChannel, GapSeverity.Error),
        new(ChannelUnavailable, GapSeverity.Error),
        new(ChannelDegraded, GapSeverity.Warning),
        new(MissingCollectionTool, GapSeverity.Error),
        new(CollectionToolUnavailable, GapSeverity.Error),
        new(CollectionToolDegraded, GapSeverity.Warning),
        new(NoLegalSupportContact, GapSeverity.Error),
        new(LegalSupportDegraded, GapSeverity.Warning),
        new(NoTrainingCourse, GapSeverity.Warning),
        new(Untrained, GapSeverity.Warning),
        new(TrainingOverdue, GapSeverity.Warning),
        new(UnservedDirectiveKind, GapSeverity.Error),
        new(UnknownResourceOwner, GapSeverity.Error),
        new(UnownedCategory, GapSeverity.Error),
        new(UnknownCategoryOwner, GapSeverity.Error),
        new(AuditNotKeyed, GapSeverity.Warning),
        new(CalendarYearMissing, GapSeverity.Error),
        new(CalendarNextYearMissing, GapSeverity.Warning),
    ];
}
