using Ardalis.GuardClauses;
using PetitionOpinion.Assessment;

namespace PetitionOpinion.Incidents;

/// <summary>Reports a new incident (识别与报告). Anyone the organisation knows may report by default.</summary>
/// <param name="Actor">Who reports it (the customer service representative, the opinion monitor account, ...).</param>
/// <param name="Kind">What the incident is.</param>
/// <param name="Channel">How it reached the company.</param>
/// <param name="Category">The risk category.</param>
/// <param name="Description">What happened; 1 to <see cref="TextLimits.Long"/> characters.</param>
/// <param name="Petitioner">The petitioner's confidential details, if any.</param>
/// <param name="ComplainedAbout">The person or department complained about, if any.</param>
public sealed record ReportIncident(
    PersonId Actor,
    IncidentKind Kind,
    IntakeChannel Channel,
    RiskCategory Category,
    string Description,
    PetitionerDetails? Petitioner = null,
    ComplainedParty? ComplainedAbout = null);

/// <summary>Dismisses an incident as a duplicate of another (before its response starts), linking both.</summary>
/// <param name="Actor">Who merges.</param>
/// <param name="Reason">Why they are the same; 1 to <see cref="TextLimits.Short"/> characters.</param>
public sealed record MergeAsDuplicate(PersonId Actor, string Reason);

/// <summary>An action on an existing incident, naming who performs it. Run it with <see cref="IncidentLifecycle.Execute"/>.</summary>
/// <param name="Actor">Who performs the action.</param>
public abstract record IncidentCommand(PersonId Actor)
{
    /// <summary>Gets the lifecycle action the command performs.</summary>
    public abstract IncidentAction Action { get; }
}

/// <summary>The first assessment (评估): level, scope, potential risk and rationale.</summary>
/// <param name="Actor">Who assesses.</param>
/// <param name="Level">The severity level.</param>
/// <param name="Scope">The scope of impact.</param>
/// <param name="PotentialRisk">The potential risk.</param>
/// <param name="Rationale">Why; 1 to <see cref="TextLimits.Short"/> characters.</param>
public sealed record AssessIncident(PersonId Actor, SeverityLevel Level, ImpactScope Scope, PotentialRisk PotentialRisk, string Rationale) : IncidentCommand(Actor)
{
    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.Assess;

    /// <summary>
    /// Gets the facts the assessment was made from, if known; they are recorded with it and kept on the incident
    /// (<see cref="Incident.Facts"/>) so that a re-assessment can start from them. When they show public exposure
    /// (<see cref="RiskFacts.ShowsPublicExposure"/>) on a petition, the lifecycle also records that it went public.
    /// </summary>
    public RiskFacts? Facts { get; init; }

    /// <summary>The assessment a rule set made (<see cref="RiskRuleSet.Assess"/>), as the command that records it: its level, scope, potential risk and rationale (the rules that fired and the rule set, shortened to <see cref="TextLimits.Short"/> characters if need be), and the facts it was made from.</summary>
    /// <param name="actor">Who assesses (the rule set advises; a person decides and answers for it).</param>
    /// <param name="assessment">The assessment.</param>
    /// <returns>The command.</returns>
    public static AssessIncident From(PersonId actor, RiskAssessment assessment)
    {
        Guard.Against.Null(assessment);
        return new(actor, assessment.Level, assessment.Scope, assessment.PotentialRisk, assessment.RationaleWithin(TextLimits.Short)) { Facts = assessment.Facts };
    }
}

/// <summary>A re-assessment, allowed until the incident is resolved; raising the level to I or II records an escalation.</summary>
/// <param name="Actor">Who re-assesses.</param>
/// <param name="Level">The severity level.</param>
/// <param name="Scope">The scope of impact.</param>
/// <param name="PotentialRisk">The potential risk.</param>
/// <param name="Rationale">Why; 1 to <see cref="TextLimits.Short"/> characters.</param>
public sealed record ReassessIncident(PersonId Actor, SeverityLevel Level, ImpactScope Scope, PotentialRisk PotentialRisk, string Rationale) : IncidentCommand(Actor)
{
    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.Reassess;

    /// <summary>
    /// Gets the facts the re-assessment was made from, if known (start from <see cref="Incident.Facts"/> and change what
    /// changed); they are recorded with it and kept on the incident. When they show public exposure
    /// (<see cref="RiskFacts.ShowsPublicExposure"/>) on a petition, the lifecycle also records that it went public.
    /// </summary>
    public RiskFacts? Facts { get; init; }

    /// <summary>A new assessment by a rule set (<see cref="RiskRuleSet.Assess"/>), as the command that records it with the facts it was made from; raising the level to I or II records an escalation.</summary>
    /// <param name="actor">Who re-assesses.</param>
    /// <param name="assessment">The assessment.</param>
    /// <returns>The command.</returns>
    public static ReassessIncident From(PersonId actor, RiskAssessment assessment)
    {
        Guard.Against.Null(assessment);
        return new(actor, assessment.Level, assessment.Scope, assessment.PotentialRisk, assessment.RationaleWithin(TextLimits.Short)) { Facts = assessment.Facts };
    }
}

/// <summary>Issues a directive (处理指令) to a group.</summary>
/// <param name="Actor">Who issues it.</param>
/// <param name="Kind">What it asks for.</param>
/// <param name="Assignee">The group that must carry it out; must exist in the organisation.</param>
/// <param name="Instructions">What to do; 1 to <see cref="TextLimits.Short"/> characters.</param>
/// <param name="DueAt">When it is due; must be later than now. Ignored when <see cref="DueIn"/> is set.</param>
/// <remarks>
/// A due time is given either as a point in time (this constructor) or as a span after the directive is issued
/// (<see cref="IssueDirective(PersonId, DirectiveKind, GroupId, string, TimeSpan)"/>), which the lifecycle resolves
/// against its own clock, so that the caller need not know it.
/// </remarks>
public sealed record IssueDirective(PersonId Actor, DirectiveKind Kind, GroupId Assignee, string Instructions, DateTimeOffset DueAt) : IncidentCommand(Actor)
{
    /// <summary>Initializes a new instance of the <see cref="IssueDirective"/> class for a directive due a span of time after it is issued.</summary>
    /// <param name="actor">Who issues it.</param>
    /// <param name="kind">What it asks for.</param>
    /// <param name="assignee">The group that must carry it out; must exist in the organisation.</param>
    /// <param name="instructions">What to do; 1 to <see cref="TextLimits.Short"/> characters.</param>
    /// <param name="dueIn">How long after it is issued it is due: more than zero and at most the input limits' due-time horizon (default 5 years).</param>
    public IssueDirective(PersonId actor, DirectiveKind kind, GroupId assignee, string instructions, TimeSpan dueIn)
        : this(actor, kind, assignee, instructions, DateTimeOffset.MinValue)
        => DueIn = dueIn;

    /// <summary>
    /// Gets how long after it is issued the directive is due, or <see langword="null"/> when <see cref="DueAt"/> says when.
    /// When set, <see cref="DueAt"/> is ignored: the lifecycle adds this span to the time the directive is issued (its
    /// <see cref="TimeProvider"/>'s now).
    /// </summary>
    public TimeSpan? DueIn { get; init; }

    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.IssueDirective;
}

/// <summary>The assignee group acknowledges an issued directive.</summary>
/// <param name="Actor">Who acknowledges.</param>
/// <param name="Directive">The directive.</param>
public sealed record AcknowledgeDirective(PersonId Actor, DirectiveId Directive) : IncidentCommand(Actor)
{
    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.AcknowledgeDirective;
}

/// <summary>The assignee group completes an acknowledged directive.</summary>
/// <param name="Actor">Who completes it.</param>
/// <param name="Directive">The directive.</param>
/// <param name="Outcome">What was done; 1 to <see cref="TextLimits.Short"/> characters.</param>
public sealed record CompleteDirective(PersonId Actor, DirectiveId Directive, string Outcome) : IncidentCommand(Actor)
{
    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.CompleteDirective;
}

/// <summary>Cancels an open directive.</summary>
/// <param name="Actor">Who cancels it.</param>
/// <param name="Directive">The directive.</param>
/// <param name="Reason">Why; 1 to <see cref="TextLimits.Short"/> characters.</param>
public sealed record CancelDirective(PersonId Actor, DirectiveId Directive, string Reason) : IncidentCommand(Actor)
{
    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.CancelDirective;
}

/// <summary>Starts the emergency response (应急响应).</summary>
/// <param name="Actor">Who starts it.</param>
public sealed record StartResponse(PersonId Actor) : IncidentCommand(Actor)
{
    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.StartResponse;
}

/// <summary>Records a communication with the customer. Customer communications are not notifications.</summary>
/// <param name="Actor">Who talked with the customer.</param>
/// <param name="Channel">The channel used.</param>
/// <param name="Summary">What was said; 1 to <see cref="TextLimits.Short"/> characters.</param>
/// <param name="Outcome">What came of it; 1 to <see cref="TextLimits.Short"/> characters.</param>
public sealed record RecordCommunication(PersonId Actor, IntakeChannel Channel, string Summary, string Outcome) : IncidentCommand(Actor)
{
    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.RecordCommunication;
}

/// <summary>Drafts a public statement (公司声明).</summary>
/// <param name="Actor">Who drafts it.</param>
/// <param name="Title">The title; 1 to <see cref="TextLimits.Name"/> characters.</param>
/// <param name="Body">The text; 1 to <see cref="TextLimits.Long"/> characters.</param>
public sealed record DraftStatement(PersonId Actor, string Title, string Body) : IncidentCommand(Actor)
{
    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.DraftStatement;
}

/// <summary>Records the legal review of a drafted statement.</summary>
/// <param name="Actor">The legal reviewer.</param>
/// <param name="Statement">The statement.</param>
/// <param name="Notes">The reviewer's notes, if any; at most <see cref="TextLimits.Short"/> characters.</param>
public sealed record ReviewStatement(PersonId Actor, StatementId Statement, string? Notes = null) : IncidentCommand(Actor)
{
    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.ReviewStatement;
}

/// <summary>Approves a legally reviewed statement; on level I and II incidents only the leading group may.</summary>
/// <param name="Actor">Who approves.</param>
/// <param name="Statement">The statement.</param>
public sealed record ApproveStatement(PersonId Actor, StatementId Statement) : IncidentCommand(Actor)
{
    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.ApproveStatement;
}

/// <summary>Publishes an approved statement.</summary>
/// <param name="Actor">Who publishes.</param>
/// <param name="Statement">The statement.</param>
/// <param name="Channel">Where, e.g. "official Weibo account"; 1 to <see cref="TextLimits.Name"/> characters.</param>
public sealed record PublishStatement(PersonId Actor, StatementId Statement, string Channel) : IncidentCommand(Actor)
{
    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.PublishStatement;
}

/// <summary>Asks the logistics support group for IT support or legal consultation (后勤保障).</summary>
/// <param name="Actor">Who asks.</param>
/// <param name="Kind">What is asked for.</param>
/// <param name="Details">The request; 1 to <see cref="TextLimits.Short"/> characters.</param>
public sealed record RequestSupport(PersonId Actor, SupportKind Kind, string Details) : IncidentCommand(Actor)
{
    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.RequestSupport;
}

/// <summary>Fulfils a support request.</summary>
/// <param name="Actor">Who fulfils it.</param>
/// <param name="Request">The request.</param>
/// <param name="Resolution">What was provided; 1 to <see cref="TextLimits.Short"/> characters.</param>
public sealed record FulfilSupport(PersonId Actor, SupportRequestId Request, string Resolution) : IncidentCommand(Actor)
{
    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.FulfilSupport;
}

/// <summary>Resolves the incident (处置完毕); every directive must be completed or cancelled.</summary>
/// <param name="Actor">Who resolves it.</param>
/// <param name="Summary">How it was resolved; 1 to <see cref="TextLimits.Short"/> characters.</param>
public sealed record ResolveIncident(PersonId Actor, string Summary) : IncidentCommand(Actor)
{
    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.Resolve;
}

/// <summary>Submits the closure report (总结报告) to the leading group. A later submission replaces one not yet accepted.</summary>
/// <param name="Actor">The group leader who submits it.</param>
/// <param name="Report">The report: at least one cause and one improvement with a known owner and a due date.</param>
public sealed record SubmitClosureReport(PersonId Actor, ClosureReport Report) : IncidentCommand(Actor)
{
    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.SubmitClosureReport;
}

/// <summary>The leading group accepts the submitted closure report, closing the incident.</summary>
/// <param name="Actor">Who accepts.</param>
public sealed record AcceptClosureReport(PersonId Actor) : IncidentCommand(Actor)
{
    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.AcceptClosureReport;
}

/// <summary>Reopens a resolved or closed incident, back to the response.</summary>
/// <param name="Actor">Who reopens it.</param>
/// <param name="Reason">Why (the customer disputes the result, the topic flares up again); 1 to <see cref="TextLimits.Short"/> characters.</param>
public sealed record ReopenIncident(PersonId Actor, string Reason) : IncidentCommand(Actor)
{
    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.Reopen;
}

/// <summary>Records the petitioner's request for a review (复查) of the outcome.</summary>
/// <param name="Actor">Who records it.</param>
/// <param name="Grounds">Why the petitioner disputes the outcome; 1 to <see cref="TextLimits.Short"/> characters.</param>
public sealed record RequestReview(PersonId Actor, string Grounds) : IncidentCommand(Actor)
{
    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.RequestReview;
}

/// <summary>Dismisses the incident as out of scope, before its response starts.</summary>
/// <param name="Actor">Who dismisses it.</param>
/// <param name="Reason">Why; 1 to <see cref="TextLimits.Short"/> characters.</param>
public sealed record DismissIncident(PersonId Actor, string Reason) : IncidentCommand(Actor)
{
    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.Dismiss;
}

/// <summary>Pauses the incident's deadlines, e.g. while waiting for the petitioner; the paused time is added to every running deadline, also across a re-assessment.</summary>
/// <param name="Actor">Who pauses them.</param>
/// <param name="Reason">Why; 1 to <see cref="TextLimits.Short"/> characters.</param>
public sealed record PauseDeadlines(PersonId Actor, string Reason) : IncidentCommand(Actor)
{
    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.PauseDeadlines;
}

/// <summary>Lets the incident's paused deadlines run again.</summary>
/// <param name="Actor">Who resumes them.</param>
public sealed record ResumeDeadlines(PersonId Actor) : IncidentCommand(Actor)
{
    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.ResumeDeadlines;
}

/// <summary>Extends a petition's handling time (the handling-opinion deadline), once, by at most the deadline policy's maximum (30 days by default).</summary>
/// <param name="Actor">Who extends it.</param>
/// <param name="Days">By how many days, from 1 to the policy's maximum, in the handling-opinion deadline's unit.</param>
/// <param name="Reason">Why; 1 to <see cref="TextLimits.Short"/> characters.</param>
public sealed record ExtendHandlingTime(PersonId Actor, int Days, string Reason) : IncidentCommand(Actor)
{
    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.ExtendHandlingTime;
}

/// <summary>Decides the oldest review request waiting for a decision.</summary>
/// <param name="Actor">Who decides.</param>
/// <param name="Upheld">Whether the original outcome stands (<see langword="false"/>: reopen the incident to act on the review).</param>
/// <param name="Decision">The decision, as told to the petitioner; 1 to <see cref="TextLimits.Short"/> characters.</param>
public sealed record DecideReview(PersonId Actor, bool Upheld, string Decision) : IncidentCommand(Actor)
{
    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.DecideReview;
}

/// <summary>
/// Records that the incident took on its second nature (<see cref="IncidentKind.PetitionAndPublicOpinion"/>): a petition
/// that went public (<paramref name="Nature"/> <see cref="IncidentKind.PublicOpinion"/>), or a public-opinion event whose
/// petitioner came forward (<paramref name="Nature"/> <see cref="IncidentKind.Petition"/>). From then on the deadlines of
/// both natures run (those of the added nature from this moment) and the group that handles the added nature is told.
/// </summary>
/// <param name="Actor">Who records it (by default a member of the petition handling or leading group).</param>
/// <param name="Nature">The nature the incident takes on: <see cref="IncidentKind.PublicOpinion"/> or <see cref="IncidentKind.Petition"/>, not the one it has.</param>
/// <param name="Reason">Why (where it went public; who came forward); 1 to <see cref="TextLimits.Short"/> characters.</param>
public sealed record AddIncidentNature(PersonId Actor, IncidentKind Nature, string Reason) : IncidentCommand(Actor)
{
    /// <summary>
    /// Gets the petitioner's confidential details, when a petitioner came forward (<see cref="Nature"/> is
    /// <see cref="IncidentKind.Petition"/>) on an incident that has none yet; <see langword="null"/> otherwise.
    /// </summary>
    public PetitionerDetails? Petitioner { get; init; }

    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.AddNature;
}
