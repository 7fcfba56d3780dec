using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using RiskFacts = PetitionOpinion.Assessment.RiskFacts;
using Staff = PetitionOpinion.Tests.Properties.LifecycleStaff;

namespace PetitionOpinion.Tests.Properties;

/// <summary>What the reference model predicts for one step: accepted (with how many events) or refused.</summary>
/// <param name="Accepted">Whether the action is accepted.</param>
/// <param name="Events">How many events an accepted action records.</param>
internal readonly record struct Prediction(bool Accepted, int Events)
{
    public static Prediction Refused => new(false, 0);

    public static Prediction Accept(int events = 1) => new(true, events);
}

/// <summary>
/// A deliberately small reference model of one incident, written from docs/lifecycle.md and the default authority matrix of
/// docs/organization.md (petition group assesses, directs and resolves; PR drafts; Legal reviews; leading group approves I–II;
/// logistics fulfils; a group leader submits the closure report; the leading group accepts it). It shares no logic
/// with the library: no lifecycle table, no guard evaluator, no authority policy — only the enums to compare with.
/// </summary>
internal sealed class IncidentModel
{
    private readonly List<(GroupId Assignee, DirectiveStatus Status)> _directives = [];
    private readonly List<StatementStatus> _statements = [];

    // The most severe level the incident held since each statement was drafted (I is 1: lower is more severe).
    private readonly List<SeverityLevel?> _statementLevels = [];
    private readonly List<bool> _supportFulfilled = [];

    private IncidentModel(IncidentKind kind, PersonId? complainedAbout, bool hasPetitioner)
    {
        Kind = kind;
        ComplainedAbout = complainedAbout;
        HasPetitioner = hasPetitioner;
    }

    /// <summary>Gets the person the incident complains about: they may do nothing on it.</summary>
    public PersonId? ComplainedAbout { get; }

    public IncidentState State { get; private set; } = IncidentState.Reported;

    /// <summary>Gets the kind: as reported, until the incident takes on its second nature (then both).</summary>
    public IncidentKind Kind { get; private set; }

    public bool HasPetitioner { get; private set; }

    public SeverityLevel? Level { get; private set; }

    public IReadOnlyList<(GroupId Assignee, DirectiveStatus Status)> Directives => _directives;

    public IReadOnlyList<StatementStatus> Statements => _statements;

    public IReadOnlyList<bool> SupportFulfilled => _supportFulfilled;

    public bool HasSubmittedReport { get; private set; }

    public bool HasAcceptedReport { get; private set; }

    public int Assessments { get; private set; }

    public int Communications { get; private set; }

    public int ReviewRequests { get; private set; }

    public int Reopens { get; private set; }

    public bool MergedAsDuplicate { get; private set; }

    public bool Paused { get; private set; }

    public bool Extended { get; private set; }

    public int PendingReviews { get; private set; }

    public bool HasOpenDirective => _directives.Any(d => d.Status is DirectiveStatus.Issued or DirectiveStatus.Acknowledged);

    /// <summary>Predicts the report; returns the model of the new incident, or <see langword="null"/> when refused.</summary>
    public static IncidentModel? Report(ReportIncident c)
    {
        var valid = Staff.Knows(c.Actor)
            && Enum.IsDefined(c.Kind)
            && Enum.IsDefined(c.Channel)
            && !c.Category.IsEmpty
            && TextOk(c.Description, TextLimits.Long)
            && (c.Petitioner is null || (TextOk(c.Petitioner.Name, TextLimits.Name) && ContactsOk(c.Petitioner)))
            && (c.ComplainedAbout is null || ((c.ComplainedAbout.Person is not null || c.ComplainedAbout.Department is not null)
                && c.ComplainedAbout.Person is not { IsEmpty: true }
                && TextOk(c.ComplainedAbout.Department, TextLimits.Name, required: false)))
            && c.ComplainedAbout?.Person != c.Actor;
        return valid ? new IncidentModel(c.Kind, c.ComplainedAbout?.Person, c.Petitioner is not null) : null;
    }

    public IncidentModel Clone()
    {
        var copy = new IncidentModel(Kind, ComplainedAbout, HasPetitioner)
        {
            State = State,
            Level = Level,
            HasSubmittedReport = HasSubmittedReport,
            HasAcceptedReport = HasAcceptedReport,
            Assessments = Assessments,
            Communications = Communications,
            ReviewRequests = ReviewRequests,
            Reopens = Reopens,
            MergedAsDuplicate = MergedAsDuplicate,
            Paused = Paused,
            Extended = Extended,
            PendingReviews = PendingReviews,
        };
        copy._directives.AddRange(_directives);
        copy._statements.AddRange(_statements);
        copy._statementLevels.AddRange(_statementLevels);
        copy._supportFulfilled.AddRange(_supportFulfilled);
        return copy;
    }

    // The default authority matrix, read from the staff table.
    public static bool MayAct(PersonId actor, IncidentAction action) => action switch
    {
        IncidentAction.Report => Staff.Knows(actor),
        IncidentAction.Assess or IncidentAction.Reassess or IncidentAction.IssueDirective or IncidentAction.CancelDirective
            or IncidentAction.StartResponse or IncidentAction.RecordCommunication or IncidentAction.Resolve
            or IncidentAction.RequestReview or IncidentAction.Dismiss or IncidentAction.MergeAsDuplicate
            or IncidentAction.PauseDeadlines or IncidentAction.ResumeDeadlines or IncidentAction.ExtendHandlingTime => Petition(actor),
        IncidentAction.DecideReview => Petition(actor) || Leading(actor),
        IncidentAction.DraftStatement or IncidentAction.PublishStatement => Opinion(actor),
        IncidentAction.ReviewStatement => Staff.InDepartment(actor, Departments.Legal),
        IncidentAction.ApproveStatement => Leading(actor) || Staff.HasRole(actor, WellKnownGroups.OpinionMonitoringGroup, GroupRole.Leader, GroupRole.DeputyLeader),
        IncidentAction.RequestSupport => Petition(actor) || Opinion(actor) || Leading(actor),
        IncidentAction.FulfilSupport => Staff.IsIn(actor, WellKnownGroups.LogisticsSupportGroup),
        IncidentAction.SubmitClosureReport => Staff.LeadsAGroup(actor),
        IncidentAction.AcceptClosureReport => Leading(actor),
        IncidentAction.Reopen => Petition(actor) || Leading(actor),
        IncidentAction.AddNature => Petition(actor) || Leading(actor),

        // Acknowledging and completing belong to the directive's assignee group: see MayActOnDirective.
        _ => false,
    };

    public static bool MayActOnDirective(PersonId actor, GroupId assignee) => Staff.IsIn(actor, assignee);

    public static bool Leading(PersonId actor) => Staff.IsIn(actor, WellKnownGroups.LeadingGroup);

    // Each phone number and e-mail address is a required single line; at most 16 of them; the other contact optional.
    public static bool ContactsOk(PetitionerDetails petitioner)
        => petitioner.Phones.Count + petitioner.Emails.Count <= 16
            && petitioner.Phones.Concat(petitioner.Emails).All(c => TextOk(c, TextLimits.Name))
            && TextOk(petitioner.OtherContact, TextLimits.Name, required: false);

    public static bool TextOk(string? text, int max, bool required = true)
        => text is null ? !required : !string.IsNullOrWhiteSpace(text) && text.Length <= max;

    public static bool ReportComplete(ClosureReport? report)
        => report is not null
            && TextOk(report.Summary, TextLimits.Long)
            && report.Causes is { Count: > 0 } causes && causes.All(c => TextOk(c, TextLimits.Short))
            && report.Improvements is { Count: > 0 } improvements
            && improvements.All(i => i is not null && TextOk(i.Description, TextLimits.Short) && Staff.Knows(i.Owner) && i.DueOn != default)
            && (report.Lessons ?? []).All(l => TextOk(l, TextLimits.Short));

    /// <summary>Whether the state and the conditions on the incident (not the actor, not the arguments) permit the action.</summary>
    public bool Permits(IncidentAction action) => action switch
    {
        IncidentAction.Assess => State == IncidentState.Reported,
        IncidentAction.Reassess or IncidentAction.IssueDirective => State is IncidentState.Assessed or IncidentState.Directed or IncidentState.Responding,
        IncidentAction.AcknowledgeDirective => Directing && _directives.Any(d => d.Status == DirectiveStatus.Issued),
        IncidentAction.CompleteDirective => Directing && _directives.Any(d => d.Status == DirectiveStatus.Acknowledged),
        IncidentAction.CancelDirective => Directing && HasOpenDirective,
        IncidentAction.StartResponse => State == IncidentState.Directed,
        IncidentAction.RecordCommunication or IncidentAction.DraftStatement or IncidentAction.RequestSupport => State == IncidentState.Responding,
        IncidentAction.ReviewStatement => State == IncidentState.Responding && _statements.Contains(StatementStatus.Draft),
        IncidentAction.ApproveStatement => State == IncidentState.Responding && _statements.Contains(StatementStatus.LegallyReviewed),
        IncidentAction.PublishStatement => State == IncidentState.Responding && _statements.Contains(StatementStatus.Approved),
        IncidentAction.FulfilSupport => State == IncidentState.Responding && _supportFulfilled.Contains(false),
        IncidentAction.Resolve => State == IncidentState.Responding && !HasOpenDirective,
        IncidentAction.SubmitClosureReport => State == IncidentState.Resolved,
        IncidentAction.AcceptClosureReport => State == IncidentState.Resolved && HasSubmittedReport,
        IncidentAction.Reopen => State is IncidentState.Resolved or IncidentState.Closed,
        IncidentAction.RequestReview => State is IncidentState.Resolved or IncidentState.Closed && Kind is IncidentKind.Petition or IncidentKind.PetitionAndPublicOpinion,
        IncidentAction.Dismiss or IncidentAction.MergeAsDuplicate => State is IncidentState.Reported or IncidentState.Assessed or IncidentState.Directed,
        IncidentAction.PauseDeadlines => Open && !Paused,
        IncidentAction.ResumeDeadlines => Open && Paused,
        IncidentAction.ExtendHandlingTime => State is IncidentState.Assessed or IncidentState.Directed or IncidentState.Responding && IsPetition && !Extended,
        IncidentAction.DecideReview => State is IncidentState.Resolved or IncidentState.Closed && PendingReviews > 0,
        IncidentAction.AddNature => Open && Kind != IncidentKind.PetitionAndPublicOpinion,
        _ => false,
    };

    /// <summary>Predicts the step; when it is accepted, applies it to the model.</summary>
    public Prediction Try(LifecycleStep step, DateTimeOffset now)
    {
        var actor = step.Actor;
        var action = step.Action;
        var allowed = Permits(action) && (action is IncidentAction.AcknowledgeDirective or IncidentAction.CompleteDirective || MayAct(actor, action))
            && actor != ComplainedAbout;
        switch (step)
        {
            case MergeStep m:
                if (!allowed || !TextOk(m.Command.Reason, TextLimits.Short))
                {
                    return Prediction.Refused;
                }

                State = IncidentState.Dismissed;
                MergedAsDuplicate = true;
                Paused = false;
                return Prediction.Accept();
            case CommandStep { Command: var command }:
                return Try(command, allowed, now);
            default:
                throw new ArgumentException($"Unknown step {step}.", nameof(step));
        }
    }

    private bool Open => State is IncidentState.Reported or IncidentState.Assessed or IncidentState.Directed or IncidentState.Responding;

    private bool IsPetition => Kind is IncidentKind.Petition or IncidentKind.PetitionAndPublicOpinion;

    private bool Directing => State is IncidentState.Directed or IncidentState.Responding;

    private static bool Petition(PersonId actor) => Staff.IsIn(actor, WellKnownGroups.PetitionHandlingGroup);

    private static bool Opinion(PersonId actor) => Staff.IsIn(actor, WellKnownGroups.OpinionMonitoringGroup);

    private static bool AssessmentOk(SeverityLevel level, ImpactScope scope, PotentialRisk risk, string rationale)
        => Enum.IsDefined(level) && Enum.IsDefined(scope) && Enum.IsDefined(risk) && TextOk(rationale, TextLimits.Short);

    private Prediction Try(IncidentCommand command, bool allowed, DateTimeOffset now)
    {
        if (!allowed)
        {
            return Prediction.Refused;
        }

        switch (command)
        {
            case AssessIncident c when AssessmentOk(c.Level, c.Scope, c.PotentialRisk, c.Rationale):
                // An assessment at level I or II escalates (a second event).
                State = IncidentState.Assessed;
                SetLevel(c.Level);
                Assessments++;
                return Prediction.Accept((c.Level is SeverityLevel.I or SeverityLevel.II ? 2 : 1) + GoesPublic(c.Facts));

            // Only the leading group lowers a level I or II incident.
            case ReassessIncident c when AssessmentOk(c.Level, c.Scope, c.PotentialRisk, c.Rationale) && !(Major(Level) && c.Level > Level && !Leading(c.Actor)):
            {
                // Raising the level to I or II escalates (a second event).
                var escalates = c.Level is SeverityLevel.I or SeverityLevel.II && (Level is null || c.Level < Level);
                SetLevel(c.Level);
                Assessments++;
                return Prediction.Accept((escalates ? 2 : 1) + GoesPublic(c.Facts));
            }

            case IssueDirective c when !c.Kind.IsEmpty && Staff.GroupExists(c.Assignee) && TextOk(c.Instructions, TextLimits.Short) && c.DueAt > now:
                _directives.Add((c.Assignee, DirectiveStatus.Issued));
                if (State == IncidentState.Assessed)
                {
                    State = IncidentState.Directed;
                }

                return Prediction.Accept();
            case AcknowledgeDirective c when DirectiveIs(c.Directive, DirectiveStatus.Issued) && MayActOnDirective(c.Actor, AssigneeOf(c.Directive)):
                SetDirective(c.Directive, DirectiveStatus.Acknowledged);
                return Prediction.Accept();
            case CompleteDirective c when DirectiveIs(c.Directive, DirectiveStatus.Acknowledged) && MayActOnDirective(c.Actor, AssigneeOf(c.Directive)) && TextOk(c.Outcome, TextLimits.Short):
                SetDirective(c.Directive, DirectiveStatus.Completed);
                return Prediction.Accept();
            case CancelDirective c when (DirectiveIs(c.Directive, DirectiveStatus.Issued) || DirectiveIs(c.Directive, DirectiveStatus.Acknowledged)) && TextOk(c.Reason, TextLimits.Short):
                SetDirective(c.Directive, DirectiveStatus.Cancelled);
                return Prediction.Accept();
            case StartResponse:
                State = IncidentState.Responding;
                return Prediction.Accept();
            case RecordCommunication c when Enum.IsDefined(c.Channel) && TextOk(c.Summary, TextLimits.Short) && TextOk(c.Outcome, TextLimits.Short):
                Communications++;
                return Prediction.Accept();
            case DraftStatement c when TextOk(c.Title, TextLimits.Name) && TextOk(c.Body, TextLimits.Long):
                _statements.Add(StatementStatus.Draft);
                _statementLevels.Add(Level);
                return Prediction.Accept();
            case ReviewStatement c when StatementIs(c.Statement.Number, StatementStatus.Draft) && TextOk(c.Notes, TextLimits.Short, required: false):
                _statements[c.Statement.Number - 1] = StatementStatus.LegallyReviewed;
                return Prediction.Accept();

            // Statements drafted on, or since raised to, level I or II need the leading group's approval.
            case ApproveStatement c when StatementIs(c.Statement.Number, StatementStatus.LegallyReviewed) && (!Major(_statementLevels[c.Statement.Number - 1]) || Leading(c.Actor)):
                _statements[c.Statement.Number - 1] = StatementStatus.Approved;
                return Prediction.Accept();
            case PublishStatement c when StatementIs(c.Statement.Number, StatementStatus.Approved) && TextOk(c.Channel, TextLimits.Name):
                _statements[c.Statement.Number - 1] = StatementStatus.Published;
                return Prediction.Accept();
            case RequestSupport c when Enum.IsDefined(c.Kind) && TextOk(c.Details, TextLimits.Short):
                _supportFulfilled.Add(false);
                return Prediction.Accept();
            case FulfilSupport c when c.Request.Number >= 1 && c.Request.Number <= _supportFulfilled.Count && !_supportFulfilled[c.Request.Number - 1] && TextOk(c.Resolution, TextLimits.Short):
                _supportFulfilled[c.Request.Number - 1] = true;
                return Prediction.Accept();
            case ResolveIncident c when TextOk(c.Summary, TextLimits.Short):
                State = IncidentState.Resolved;
                Paused = false;
                return Prediction.Accept();
            case SubmitClosureReport c when ReportComplete(c.Report):
                HasSubmittedReport = true;
                return Prediction.Accept();
            case AcceptClosureReport:
                State = IncidentState.Closed;
                HasSubmittedReport = false;
                HasAcceptedReport = true;
                return Prediction.Accept();
            case ReopenIncident c when TextOk(c.Reason, TextLimits.Short):
                State = IncidentState.Responding;
                HasSubmittedReport = false;
                HasAcceptedReport = false;
                Reopens++;
                return Prediction.Accept();
            case RequestReview c when TextOk(c.Grounds, TextLimits.Short):
                ReviewRequests++;
                PendingReviews++;
                return Prediction.Accept();
            case DismissIncident c when TextOk(c.Reason, TextLimits.Short):
                State = IncidentState.Dismissed;
                Paused = false;
                return Prediction.Accept();
            case PauseDeadlines c when TextOk(c.Reason, TextLimits.Short):
                Paused = true;
                return Prediction.Accept();
            case ResumeDeadlines:
                Paused = false;
                return Prediction.Accept();
            case ExtendHandlingTime c when TextOk(c.Reason, TextLimits.Short) && c.Days is >= 1 and <= 30:
                Extended = true;
                return Prediction.Accept();
            case DecideReview c when TextOk(c.Decision, TextLimits.Short):
                PendingReviews--;
                return Prediction.Accept();

            // The other nature only; a petitioner's details only with a petitioner who came forward on an incident without one.
            case AddIncidentNature c when TextOk(c.Reason, TextLimits.Short)
                && ((c.Nature == IncidentKind.PublicOpinion && Kind == IncidentKind.Petition && c.Petitioner is null)
                    || (c.Nature == IncidentKind.Petition && Kind == IncidentKind.PublicOpinion
                        && (c.Petitioner is null || (!HasPetitioner && TextOk(c.Petitioner.Name, TextLimits.Name) && ContactsOk(c.Petitioner))))):
                Kind = IncidentKind.PetitionAndPublicOpinion;
                HasPetitioner |= c.Petitioner is not null;
                return Prediction.Accept();
            default:
                return Prediction.Refused;
        }
    }

    public static bool Major(SeverityLevel? level) => level is SeverityLevel.I or SeverityLevel.II;

    // A petition assessed on facts with mainstream media, a national trend or a reach of 1,000,000 goes public (one more event).
    private int GoesPublic(RiskFacts? facts)
    {
        if (Kind != IncidentKind.Petition || facts is null || !(facts.MainstreamMediaCoverage || facts.NationalTrending || facts.Reach >= 1_000_000))
        {
            return 0;
        }

        Kind = IncidentKind.PetitionAndPublicOpinion;
        return 1;
    }

    /// <summary>Gets the most severe level the incident held since statement <paramref name="number"/> was drafted.</summary>
    public SeverityLevel? StatementLevel(int number) => _statementLevels[number - 1];

    private void SetLevel(SeverityLevel level)
    {
        Level = level;
        for (var i = 0; i < _statements.Count; i++)
        {
            if (_statements[i] != StatementStatus.Published && (_statementLevels[i] is null || level < _statementLevels[i]))
            {
                _statementLevels[i] = level;
            }
        }
    }

    private bool DirectiveIs(DirectiveId id, DirectiveStatus status)
        => id.Number >= 1 && id.Number <= _directives.Count && _directives[id.Number - 1].Status == status;

    private GroupId AssigneeOf(DirectiveId id) => _directives[id.Number - 1].Assignee;

    private void SetDirective(DirectiveId id, DirectiveStatus status) => _directives[id.Number - 1] = (AssigneeOf(id), status);

    private bool StatementIs(int number, StatementStatus status)
        => number >= 1 && number <= _statements.Count && _statements[number - 1] == status;
}
