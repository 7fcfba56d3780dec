namespace PetitionOpinion.Incidents;

/// <summary>Every action of the incident lifecycle (<c>docs/lifecycle.md</c>). The authority matrix grants these.</summary>
public enum IncidentAction
{
    /// <summary>Report a new incident.</summary>
    Report = 0,

    /// <summary>Make the first assessment: level, scope, potential risk, rationale.</summary>
    Assess = 1,

    /// <summary>Assess again, until the incident is resolved; raising the level to I or II escalates.</summary>
    Reassess = 2,

    /// <summary>Issue a directive to a group.</summary>
    IssueDirective = 3,

    /// <summary>The assignee group acknowledges a directive.</summary>
    AcknowledgeDirective = 4,

    /// <summary>The assignee group completes an acknowledged directive.</summary>
    CompleteDirective = 5,

    /// <summary>Cancel an open directive.</summary>
    CancelDirective = 6,

    /// <summary>Start the emergency response.</summary>
    StartResponse = 7,

    /// <summary>Record a communication with the customer.</summary>
    RecordCommunication = 8,

    /// <summary>Draft a public statement.</summary>
    DraftStatement = 9,

    /// <summary>Record the legal review of a drafted statement.</summary>
    ReviewStatement = 10,

    /// <summary>Approve a legally reviewed statement.</summary>
    ApproveStatement = 11,

    /// <summary>Publish an approved statement.</summary>
    PublishStatement = 12,

    /// <summary>Ask the logistics support group for IT support or legal consultation.</summary>
    RequestSupport = 13,

    /// <summary>Fulfil a support request.</summary>
    FulfilSupport = 14,

    /// <summary>Resolve the incident.</summary>
    Resolve = 15,

    /// <summary>Submit the closure report to the leading group.</summary>
    SubmitClosureReport = 16,

    /// <summary>Accept the submitted closure report, closing the incident.</summary>
    AcceptClosureReport = 17,

    /// <summary>Reopen a resolved or closed incident.</summary>
    Reopen = 18,

    /// <summary>Record the petitioner's request for a review (复查) of the outcome.</summary>
    RequestReview = 19,

    /// <summary>Dismiss the incident as out of scope.</summary>
    Dismiss = 20,

    /// <summary>Dismiss the incident as a duplicate of another, linking both.</summary>
    MergeAsDuplicate = 21,

    /// <summary>Pause the incident's deadlines, e.g. while waiting for the petitioner.</summary>
    PauseDeadlines = 22,

    /// <summary>Let paused deadlines run again.</summary>
    ResumeDeadlines = 23,

    /// <summary>Extend a petition's handling time, once.</summary>
    ExtendHandlingTime = 24,

    /// <summary>Decide a petitioner's review request.</summary>
    DecideReview = 25,

    /// <summary>
    /// Record that the incident took on its second nature: a petition that went public, or a public-opinion event whose
    /// petitioner came forward. It is then both (<see cref="IncidentKind.PetitionAndPublicOpinion"/>).
    /// </summary>
    AddNature = 26,
}
