using PetitionOpinion.Incidents;

namespace PetitionOpinion.Samples.WebApi.Incidents;

// The request bodies. None of them names who acts: the actor is the authenticated caller (SampleClaims.ActorOf), so a body
// cannot act on someone else's authority. Missing text arrives as null and the library refuses it (400, validation.*).

/// <summary>Reports a new incident (POST /incidents). Send an <c>Idempotency-Key</c> header to make a retry safe.</summary>
/// <param name="Kind">Petition, PublicOpinion or PetitionAndPublicOpinion.</param>
/// <param name="Channel">How it reached the company.</param>
/// <param name="Category">The risk category: ProductQuality, ServiceAttitude, DataPrivacy, SocialResponsibility or a custom one.</param>
/// <param name="Description">What happened.</param>
/// <param name="Petitioner">The petitioner's confidential details, if any: only the petition handling and leading groups see them.</param>
/// <param name="ComplainedAbout">The person or department complained about, if any.</param>
public sealed record ReportIncidentRequest(
    IncidentKind Kind,
    IntakeChannel Channel,
    RiskCategory Category,
    string Description,
    PetitionerRequest? Petitioner = null,
    ComplainedPartyRequest? ComplainedAbout = null);

/// <summary>The petitioner's details.</summary>
/// <param name="Name">The name.</param>
/// <param name="Contact">
/// A contact text, if any: with neither <paramref name="Phones"/> nor <paramref name="Emails"/>, split into phone numbers,
/// e-mail addresses and the rest (<c>+86 138 0000 0000 / wang@example.com</c>); with them, any other contact.
/// </param>
/// <param name="Phones">The phone numbers, if given typed.</param>
/// <param name="Emails">The e-mail addresses, if given typed.</param>
public sealed record PetitionerRequest(string Name, string? Contact = null, IReadOnlyList<string>? Phones = null, IReadOnlyList<string>? Emails = null)
{
    /// <summary>The petitioner's details: typed when phones or e-mails are given (the contact text then as other contact), else the contact text split.</summary>
    /// <returns>The details.</returns>
    public PetitionerDetails ToDetails()
        => Phones is null && Emails is null ? new PetitionerDetails(Name, Contact) : new PetitionerDetails(Name, Phones ?? [], Emails ?? [], Contact);
}

/// <summary>Whom the complaint is about: a person of the organisation, a department, or both.</summary>
/// <param name="Person">The person's id, if a person.</param>
/// <param name="Department">The department, if any.</param>
public sealed record ComplainedPartyRequest(PersonId? Person = null, string? Department = null);

/// <summary>An assessment or a re-assessment.</summary>
/// <param name="Level">I (most severe) to IV.</param>
/// <param name="Scope">Individual, Group, RegionalOrIndustry or PublicOrNational.</param>
/// <param name="PotentialRisk">Low, Medium, High or Extreme.</param>
/// <param name="Rationale">Why.</param>
public sealed record AssessmentRequest(SeverityLevel Level, ImpactScope Scope, PotentialRisk PotentialRisk, string Rationale);

/// <summary>A directive to a group.</summary>
/// <param name="Kind">InformationCollection, CustomerCommunication, OpinionMonitoring, PublicStatement, TechnicalSupport, LegalConsultation or a custom kind.</param>
/// <param name="Assignee">The group that must carry it out, e.g. <c>petition-handling-group</c>.</param>
/// <param name="Instructions">What to do.</param>
/// <param name="DueAt">When it is due; later than now.</param>
public sealed record IssueDirectiveRequest(DirectiveKind Kind, GroupId Assignee, string Instructions, DateTimeOffset DueAt);

/// <summary>What was done (completing a directive).</summary>
/// <param name="Outcome">The outcome.</param>
public sealed record OutcomeRequest(string Outcome);

/// <summary>Why (cancelling a directive, reopening, dismissing, pausing the deadlines).</summary>
/// <param name="Reason">The reason.</param>
public sealed record ReasonRequest(string Reason);

/// <summary>A conversation with the customer.</summary>
/// <param name="Channel">The channel used.</param>
/// <param name="Summary">What was said.</param>
/// <param name="Outcome">What came of it.</param>
public sealed record CommunicationRequest(IntakeChannel Channel, string Summary, string Outcome);

/// <summary>A draft public statement.</summary>
/// <param name="Title">The title.</param>
/// <param name="Body">The text.</param>
public sealed record DraftStatementRequest(string Title, string Body);

/// <summary>The legal review of a statement.</summary>
/// <param name="Notes">The reviewer's notes, if any.</param>
public sealed record LegalReviewRequest(string? Notes = null);

/// <summary>Where a statement is published.</summary>
/// <param name="Channel">E.g. "Official Weibo account".</param>
public sealed record PublicationRequest(string Channel);

/// <summary>A request to the logistics support group.</summary>
/// <param name="Kind">ItSupport or LegalConsultation.</param>
/// <param name="Details">What is needed.</param>
public sealed record SupportRequestRequest(SupportKind Kind, string Details);

/// <summary>What the logistics group provided.</summary>
/// <param name="Resolution">The resolution.</param>
public sealed record FulfilmentRequest(string Resolution);

/// <summary>How the incident was resolved.</summary>
/// <param name="Summary">The summary.</param>
public sealed record ResolutionRequest(string Summary);

/// <summary>The closure report (总结报告) submitted to the leading group.</summary>
/// <param name="Summary">The course of events.</param>
/// <param name="Causes">At least one cause.</param>
/// <param name="Improvements">At least one improvement, each with an owner and a due date.</param>
/// <param name="Lessons">Lessons learned, if any.</param>
public sealed record ClosureReportRequest(string Summary, IReadOnlyList<string> Causes, IReadOnlyList<ImprovementRequest> Improvements, IReadOnlyList<string>? Lessons = null);

/// <summary>An improvement of a closure report.</summary>
/// <param name="Description">What will change.</param>
/// <param name="Owner">Who answers for it (a person of the organisation).</param>
/// <param name="DueOn">By when.</param>
public sealed record ImprovementRequest(string Description, PersonId Owner, DateOnly DueOn);

/// <summary>The petitioner's request for a review (复查).</summary>
/// <param name="Grounds">Why the petitioner disputes the outcome.</param>
public sealed record ReviewRequestRequest(string Grounds);

/// <summary>The decision on the oldest pending review request.</summary>
/// <param name="Upheld">Whether the original outcome stands (false reopens the incident).</param>
/// <param name="Decision">The decision as told to the petitioner.</param>
public sealed record ReviewDecisionRequest(bool Upheld, string Decision);

/// <summary>Dismisses this incident as a duplicate of another.</summary>
/// <param name="Original">The incident it duplicates.</param>
/// <param name="Reason">Why they are the same.</param>
public sealed record MergeRequest(IncidentId Original, string Reason);

/// <summary>Extends a petition's handling time, once.</summary>
/// <param name="Days">By how many days (1 to 30 by default).</param>
/// <param name="Reason">Why.</param>
public sealed record ExtensionRequest(int Days, string Reason);

/// <summary>The incident takes on its second nature: a petition that went public, or a petitioner who came forward on a public-opinion event.</summary>
/// <param name="Nature">The nature added: PublicOpinion (the petition went public) or Petition (a petitioner came forward).</param>
/// <param name="Reason">Why: where it went public, who came forward.</param>
/// <param name="Petitioner">The petitioner's confidential details, when a petitioner came forward on an incident without one.</param>
public sealed record NatureRequest(IncidentKind Nature, string Reason, PetitionerRequest? Petitioner = null);
