namespace PetitionOpinion.Incidents;

/// <summary>A communication with the customer during the response.</summary>
/// <param name="By">Who talked with the customer.</param>
/// <param name="At">When it was recorded.</param>
/// <param name="Channel">The channel used.</param>
/// <param name="Summary">What was said.</param>
/// <param name="Outcome">What came of it.</param>
public sealed record CustomerCommunication(PersonId By, DateTimeOffset At, IntakeChannel Channel, string Summary, string Outcome);

/// <summary>Identifies a public statement within its incident, numbered from 1.</summary>
/// <param name="Number">The statement's number, from 1.</param>
public readonly record struct StatementId(int Number)
{
    /// <inheritdoc/>
    public override string ToString() => $"S{Number}";
}

/// <summary>Where a public statement is: Draft → LegallyReviewed → Approved → Published.</summary>
public enum StatementStatus
{
    /// <summary>Drafted by public relations.</summary>
    Draft = 1,

    /// <summary>Reviewed by a legal person.</summary>
    LegallyReviewed = 2,

    /// <summary>Approved (by the leading group for levels I and II).</summary>
    Approved = 3,

    /// <summary>Published.</summary>
    Published = 4,
}

/// <summary>A public statement (公司声明).</summary>
/// <param name="Id">The statement's number within the incident.</param>
/// <param name="Title">The title.</param>
/// <param name="Body">The text.</param>
/// <param name="Status">Where it is.</param>
/// <param name="DraftedBy">Who drafted it.</param>
/// <param name="ReviewedBy">Who reviewed it legally, once reviewed.</param>
/// <param name="ApprovedBy">Who approved it, once approved.</param>
/// <param name="PublishedBy">Who published it, once published.</param>
/// <param name="PublishedAt">When it was published.</param>
/// <param name="Channel">Where it was published.</param>
public sealed record PublicStatement(
    StatementId Id,
    string Title,
    string Body,
    StatementStatus Status,
    PersonId DraftedBy,
    PersonId? ReviewedBy,
    PersonId? ApprovedBy,
    PersonId? PublishedBy,
    DateTimeOffset? PublishedAt,
    string? Channel)
{
    /// <summary>
    /// Gets the most severe level the incident held from the statement's drafting until its publication (or until now); the
    /// leading group's approval is judged against it, so lowering the level after the draft does not avoid that approval.
    /// Derived from the history (the level at the draft, then each assessment), never stored separately.
    /// </summary>
    /// <value><see langword="null"/> only for a statement drafted on an incident not yet assessed.</value>
    public SeverityLevel? MostSevereLevel { get; init; }
}

/// <summary>Identifies a support request within its incident, numbered from 1.</summary>
/// <param name="Number">The request's number, from 1.</param>
public readonly record struct SupportRequestId(int Number)
{
    /// <inheritdoc/>
    public override string ToString() => $"R{Number}";
}

/// <summary>What is asked of the logistics support group (后勤保障).</summary>
public enum SupportKind
{
    /// <summary>IT support.</summary>
    ItSupport = 1,

    /// <summary>Legal consultation.</summary>
    LegalConsultation = 2,
}

/// <summary>A request for logistics support: Requested → Fulfilled.</summary>
/// <param name="Id">The request's number within the incident.</param>
/// <param name="Kind">What is asked for.</param>
/// <param name="Details">The request.</param>
/// <param name="RequestedBy">Who asked.</param>
/// <param name="RequestedAt">When.</param>
/// <param name="FulfilledBy">Who fulfilled it, once fulfilled.</param>
/// <param name="Resolution">What was provided, once fulfilled.</param>
public sealed record SupportRequest(
    SupportRequestId Id,
    SupportKind Kind,
    string Details,
    PersonId RequestedBy,
    DateTimeOffset RequestedAt,
    PersonId? FulfilledBy,
    string? Resolution)
{
    /// <summary>Gets a value indicating whether the request has been fulfilled.</summary>
    public bool IsFulfilled => FulfilledBy is not null;
}

/// <summary>An improvement a closure report proposes, with who owns it and by when.</summary>
/// <param name="Description">What will change.</param>
/// <param name="Owner">Who is responsible.</param>
/// <param name="DueOn">By when.</param>
public sealed record Improvement(string Description, PersonId Owner, DateOnly DueOn);

/// <summary>
/// The closure report (总结报告, the plan's "written report" to the leading group; <c>docs/reports.md</c>): how the
/// incident was handled, its causes, the improvements and the lessons. It must name at least one cause and one improvement with an owner and a due date.
/// </summary>
/// <param name="Summary">The course of events and how they were handled.</param>
/// <param name="Causes">The causes found.</param>
/// <param name="Improvements">The improvements proposed.</param>
/// <param name="Lessons">The lessons learned.</param>
public sealed record ClosureReport(string Summary, IReadOnlyList<string> Causes, IReadOnlyList<Improvement> Improvements, IReadOnlyList<string> Lessons);

/// <summary>A petitioner's request for a review (复查) of the outcome.</summary>
/// <param name="RecordedBy">Who recorded the request.</param>
/// <param name="At">When.</param>
/// <param name="Grounds">Why the petitioner disputes the outcome.</param>
/// <param name="Decision">The decision, once made.</param>
public sealed record ReviewRequest(PersonId RecordedBy, DateTimeOffset At, string Grounds, ReviewDecision? Decision = null);

/// <summary>The decision on a review request.</summary>
/// <param name="DecidedBy">Who decided.</param>
/// <param name="At">When.</param>
/// <param name="Upheld">Whether the original outcome stands.</param>
/// <param name="Text">The decision, as told to the petitioner.</param>
public sealed record ReviewDecision(PersonId DecidedBy, DateTimeOffset At, bool Upheld, string Text);
