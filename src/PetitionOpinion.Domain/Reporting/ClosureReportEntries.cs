using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;

namespace PetitionOpinion.Reporting;

/// <summary>How far a closure report has come: what a <see cref="ClosureReportDocument"/> is marked as.</summary>
public enum ClosureReportStatus
{
    /// <summary>No closure report has been submitted (or the incident was reopened since): the document shows the progress so far.</summary>
    Draft = 1,

    /// <summary>A closure report was submitted and waits for the leading group's acceptance.</summary>
    Submitted = 2,

    /// <summary>The leading group accepted the closure report: the incident is closed.</summary>
    Final = 3,
}

/// <summary>Who did something and when.</summary>
/// <param name="By">The person, by name from the organisation (a person it does not know is shown by their id).</param>
/// <param name="At">When.</param>
public sealed record ActionStamp(Person By, DateTimeOffset At);

/// <summary>One assessment or re-assessment of the incident.</summary>
/// <param name="Assessed">Who assessed and when.</param>
/// <param name="Level">The severity level.</param>
/// <param name="Scope">The scope of impact.</param>
/// <param name="PotentialRisk">The potential risk.</param>
/// <param name="Reason">The rationale, with the petitioner's details redacted.</param>
/// <param name="PreviousLevel">The level before, for a re-assessment; <see langword="null"/> for the first assessment.</param>
/// <param name="Escalated">Whether the assessment escalated the incident (set or raised it to I or II: the leading group was told), as the lifecycle recorded it.</param>
public sealed record LevelHistoryEntry(
    ActionStamp Assessed,
    SeverityLevel Level,
    ImpactScope Scope,
    PotentialRisk PotentialRisk,
    string Reason,
    SeverityLevel? PreviousLevel,
    bool Escalated);

/// <summary>One event of the incident's history told as a sentence, in both report languages.</summary>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who did it.</param>
/// <param name="Event">The event's type name, e.g. <c>DirectiveIssued</c>.</param>
/// <param name="English">The sentence in English, with the petitioner's details redacted.</param>
/// <param name="Chinese">The sentence in Simplified Chinese, with the petitioner's details redacted.</param>
public sealed record TimelineEntry(DateTimeOffset At, Person Actor, string Event, string English, string Chinese)
{
    /// <summary>Gets the sentence in a language.</summary>
    /// <param name="language">The language.</param>
    /// <returns><see cref="Chinese"/> for <see cref="ReportLanguage.Chinese"/>, otherwise <see cref="English"/>.</returns>
    public string Text(ReportLanguage language) => language == ReportLanguage.Chinese ? Chinese : English;
}

/// <summary>A directive and what came of it.</summary>
/// <param name="Id">The directive's number.</param>
/// <param name="Kind">What it asked for.</param>
/// <param name="Assignee">The group that had to carry it out.</param>
/// <param name="Instructions">What to do, with the petitioner's details redacted.</param>
/// <param name="Issued">Who issued it and when.</param>
/// <param name="DueAt">When it was due.</param>
/// <param name="Acknowledged">Who acknowledged it and when, once acknowledged.</param>
/// <param name="Closed">Who completed or cancelled it and when, once completed or cancelled.</param>
/// <param name="Status">Where it is.</param>
/// <param name="Outcome">The outcome (completed) or the reason (cancelled), with the petitioner's details redacted.</param>
public sealed record DirectiveEntry(
    DirectiveId Id,
    DirectiveKind Kind,
    GroupId Assignee,
    string Instructions,
    ActionStamp Issued,
    DateTimeOffset DueAt,
    ActionStamp? Acknowledged,
    ActionStamp? Closed,
    DirectiveStatus Status,
    string? Outcome)
{
    /// <summary>Gets whether the directive was completed by its due time; <see langword="null"/> unless completed.</summary>
    public bool? CompletedOnTime => Status == DirectiveStatus.Completed && Closed is { } closed ? closed.At <= DueAt : null;
}

/// <summary>A public statement and who took it through drafting, legal review, approval and publication.</summary>
/// <param name="Id">The statement's number.</param>
/// <param name="Title">The title, with the petitioner's details redacted.</param>
/// <param name="Status">Where it is.</param>
/// <param name="Drafted">Who drafted it and when.</param>
/// <param name="Reviewed">Who reviewed it legally and when, once reviewed.</param>
/// <param name="ReviewNote">The legal reviewer's note, with the petitioner's details redacted.</param>
/// <param name="Approved">Who approved it and when, once approved.</param>
/// <param name="Published">Who published it and when, once published.</param>
/// <param name="Channel">Where it was published, with the petitioner's details redacted.</param>
public sealed record StatementEntry(
    StatementId Id,
    string Title,
    StatementStatus Status,
    ActionStamp Drafted,
    ActionStamp? Reviewed,
    string? ReviewNote,
    ActionStamp? Approved,
    ActionStamp? Published,
    string? Channel);

/// <summary>A communication with the customer.</summary>
/// <param name="Recorded">Who talked with the customer and when it was recorded.</param>
/// <param name="Channel">The channel used.</param>
/// <param name="Summary">What was said, with the petitioner's details redacted.</param>
/// <param name="Outcome">What came of it, with the petitioner's details redacted.</param>
public sealed record CommunicationEntry(ActionStamp Recorded, IntakeChannel Channel, string Summary, string Outcome);

/// <summary>A request for logistics support and its fulfilment.</summary>
/// <param name="Id">The request's number.</param>
/// <param name="Kind">What was asked for.</param>
/// <param name="Details">The request, with the petitioner's details redacted.</param>
/// <param name="Requested">Who asked and when.</param>
/// <param name="Fulfilled">Who fulfilled it and when, once fulfilled.</param>
/// <param name="Resolution">What was provided, with the petitioner's details redacted.</param>
public sealed record SupportEntry(SupportRequestId Id, SupportKind Kind, string Details, ActionStamp Requested, ActionStamp? Fulfilled, string? Resolution);

/// <summary>An improvement the closure report proposes.</summary>
/// <param name="Description">What will change, with the petitioner's details redacted.</param>
/// <param name="Owner">Who is responsible.</param>
/// <param name="DueOn">By when.</param>
public sealed record ImprovementEntry(string Description, Person Owner, DateOnly DueOn);
