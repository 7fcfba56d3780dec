using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Incidents.Lifecycle;

/// <summary>
/// Issue 17 §3: authority that no sequence of actions can bypass — lowering a level I or II incident to get a statement
/// approved without the leading group, and acting on (or merging into) a complaint about oneself.
/// </summary>
public sealed class AuthorityBypassTests
{
    private const string ComplainedPartyCode = AuthorityErrors.ComplainedParty;
    private const string LowersLevelCode = IncidentErrors.LeadingGroupLowersLevel;

    private readonly Scenario _scenario = new();

    [Fact]
    public void Reassess_LowerLevelIByThePetitionGroup_ReturnsLeadingGroupLowersLevelAndChangesNothing()
    {
        var incident = _scenario.Drive(IncidentState.Responding, level: SeverityLevel.I);

        var error = _scenario.Refuse(incident, Reassess(People.CustomerServiceRep, SeverityLevel.IV));

        Assert.Contains(LowersLevelCode, error.AllCodes);
        Assert.Equal(SeverityLevel.I, incident.Level);
    }

    [Theory]
    [InlineData(SeverityLevel.I, SeverityLevel.II)]
    [InlineData(SeverityLevel.II, SeverityLevel.III)]
    [InlineData(SeverityLevel.II, SeverityLevel.IV)]
    public void Reassess_LowerLevelIOrIIByTheLeadingGroup_Lowers(SeverityLevel from, SeverityLevel to)
    {
        var incident = _scenario.Drive(IncidentState.Responding, level: from);

        _scenario.Do(incident, Reassess(People.CustomerServiceManager, to));

        Assert.Equal(to, incident.Level);
    }

    [Theory]
    [InlineData(SeverityLevel.II, SeverityLevel.I)]
    [InlineData(SeverityLevel.I, SeverityLevel.I)]
    [InlineData(SeverityLevel.III, SeverityLevel.IV)]
    [InlineData(SeverityLevel.IV, SeverityLevel.II)]
    public void Reassess_RaiseKeepOrLowerBelowII_ByThePetitionGroup_IsAccepted(SeverityLevel from, SeverityLevel to)
    {
        var incident = _scenario.Drive(IncidentState.Responding, level: from);

        _scenario.Do(incident, Reassess(People.CustomerServiceRep, to));

        Assert.Equal(to, incident.Level);
    }

    [Fact]
    public void WhyNot_ReassessmentCommand_ExplainsLoweringOnlyWhenItLowers()
    {
        var incident = _scenario.Drive(IncidentState.Responding, level: SeverityLevel.I);

        Assert.Contains(_scenario.Lifecycle.WhyNot(incident, Reassess(People.CustomerServiceRep, SeverityLevel.III)), e => e.Code == LowersLevelCode);
        Assert.Empty(_scenario.Lifecycle.WhyNot(incident, Reassess(People.CustomerServiceRep, SeverityLevel.I)));
        Assert.Empty(_scenario.Lifecycle.WhyNot(incident, Reassess(People.CustomerServiceManager, SeverityLevel.IV)));

        // Without the arguments, re-assessing is permitted: the representative may still confirm or raise the level.
        Assert.Empty(_scenario.Lifecycle.WhyNot(incident, IncidentAction.Reassess, People.CustomerServiceRep));
    }

    [Fact]
    public void WhyNot_ApprovalOfAStatementDraftedAtLevelI_NamesTheLeadingGroupGuardAfterLowering()
    {
        var incident = ReviewedStatementOn(SeverityLevel.I);
        _scenario.Do(incident, Reassess(People.CustomerServiceManager, SeverityLevel.IV));

        var reasons = _scenario.Lifecycle.WhyNot(incident, new ApproveStatement(People.OpinionDeputy, new StatementId(1)));

        Assert.Equal([IncidentErrors.LeadingGroupApprovalRequired], reasons.Select(r => r.Code));
        Assert.Empty(_scenario.Lifecycle.WhyNot(incident, new ApproveStatement(People.MarketingManager, new StatementId(1))));
    }

    [Fact]
    public void ApproveStatement_DraftedAtLevelIThenLoweredToIVByTheLeadingGroup_StillNeedsTheLeadingGroup()
    {
        var incident = ReviewedStatementOn(SeverityLevel.I);
        _scenario.Refuse(incident, new ApproveStatement(People.OpinionDeputy, new StatementId(1)));
        _scenario.Do(incident, Reassess(People.CustomerServiceManager, SeverityLevel.IV));

        var error = _scenario.Refuse(incident, new ApproveStatement(People.OpinionDeputy, new StatementId(1)));

        Assert.Equal(IncidentErrors.LeadingGroupApprovalRequired, error.Code);
        Assert.Equal(StatementStatus.LegallyReviewed, incident.Statements[0].Status);
    }

    [Fact]
    public void ApproveStatement_DraftedAtIVRaisedToIThenLowered_StillNeedsTheLeadingGroup()
    {
        var incident = ReviewedStatementOn(SeverityLevel.IV);
        _scenario.Do(incident, Reassess(People.CustomerServiceRep, SeverityLevel.I));
        _scenario.Do(incident, Reassess(People.CustomerServiceManager, SeverityLevel.IV));

        var error = _scenario.Refuse(incident, new ApproveStatement(People.PrManager, new StatementId(1)));

        Assert.Equal(IncidentErrors.LeadingGroupApprovalRequired, error.Code);
    }

    [Fact]
    public void ApproveStatement_DraftedAfterTheLeadingGroupLoweredTheLevel_TheOpinionGroupMayApprove()
    {
        var incident = _scenario.Drive(IncidentState.Responding, level: SeverityLevel.I);
        _scenario.Do(incident, Reassess(People.CustomerServiceManager, SeverityLevel.IV));
        _scenario.Do(incident, new DraftStatement(People.PrManager, "On the display error", "We apologise."));
        _scenario.Do(incident, new ReviewStatement(People.HeadOfLegal, new StatementId(1)));

        _scenario.Do(incident, new ApproveStatement(People.OpinionDeputy, new StatementId(1)));

        Assert.Equal(StatementStatus.Approved, incident.Statements[0].Status);
    }

    [Fact]
    public void ApproveStatement_HighestLevelSinceDrafted_IsRebuiltFromHistory()
    {
        var incident = ReviewedStatementOn(SeverityLevel.II);
        _scenario.Do(incident, Reassess(People.CustomerServiceManager, SeverityLevel.IV));

        var rebuilt = Incident.FromHistory(incident.History);
        var lifecycle = _scenario.Lifecycle;

        Assert.Equal(Scenario.Describe(incident), Scenario.Describe(rebuilt));
        Assert.Contains(lifecycle.Execute(rebuilt, new ApproveStatement(People.OpinionDeputy, new StatementId(1))).AsT1.AllCodes, c => c == IncidentErrors.LeadingGroupApprovalRequired);
    }

    [Fact]
    public void Execute_ByThePersonComplainedAbout_ReturnsComplainedPartyForEveryAction()
    {
        var incident = ReportAbout(People.CustomerServiceRep, People.PetitionDeputy);

        var error = _scenario.Refuse(incident, new AssessIncident(People.CustomerServiceRep, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.Low, "Minor."));
        var pause = _scenario.Refuse(incident, new PauseDeadlines(People.CustomerServiceRep, "Busy."));

        Assert.Contains(ComplainedPartyCode, error.AllCodes);
        Assert.Contains(ComplainedPartyCode, pause.AllCodes);
    }

    [Fact]
    public void Execute_ByThePersonComplainedAboutWithBadInputInAWrongState_ReturnsOnlyComplainedParty()
    {
        var incident = ReportAbout(People.CustomerServiceRep, People.PetitionDeputy);

        var error = _scenario.Refuse(incident, new ResolveIncident(People.CustomerServiceRep, " "));

        Assert.Equal(ComplainedPartyCode, error.Code);
        Assert.Empty(error.Details);
    }

    [Fact]
    public void PermittedActions_ForThePersonComplainedAbout_IsEmptyAndWhyNotSaysWhy()
    {
        var incident = ReportAbout(People.CustomerServiceRep, People.PetitionDeputy);

        Assert.True(_scenario.Lifecycle.PermittedActions(incident, People.CustomerServiceRep).IsEmpty);
        Assert.Contains(_scenario.Lifecycle.WhyNot(incident, IncidentAction.Assess, People.CustomerServiceRep), e => e.Code == ComplainedPartyCode);
        Assert.True(_scenario.Lifecycle.PermittedActions(incident, People.PetitionDeputy).Contains(IncidentAction.Assess));
    }

    [Fact]
    public void Report_AComplaintAboutTheReporter_ReturnsComplainedParty()
    {
        var command = Scenario.ReportCommand(actor: People.CustomerServiceRep) with { ComplainedAbout = new ComplainedParty(People.CustomerServiceRep, null) };

        var error = _scenario.Lifecycle.Report(command).AsT1;

        Assert.Equal(ComplainedPartyCode, error.Code);
    }

    [Fact]
    public void MergeAsDuplicate_IntoAnOriginalThatComplainsAboutTheActor_ReturnsComplainedPartyAndChangesNeither()
    {
        var original = ReportAbout(People.CustomerServiceRep, People.PetitionDeputy);
        var duplicate = _scenario.Report();
        var originalBefore = Snapshot.Of(original);
        var duplicateBefore = Snapshot.Of(duplicate);

        var error = _scenario.Lifecycle.MergeAsDuplicate(duplicate, original, new MergeAsDuplicate(People.CustomerServiceRep, "Same complaint.")).AsT1;

        Assert.Contains(ComplainedPartyCode, error.AllCodes);
        originalBefore.AssertUnchanged(original);
        duplicateBefore.AssertUnchanged(duplicate);
    }

    [Fact]
    public void MergeAsDuplicate_ADuplicateThatComplainsAboutTheActor_ReturnsComplainedParty()
    {
        var original = _scenario.Report();
        var duplicate = ReportAbout(People.CustomerServiceRep, People.PetitionDeputy);

        var error = _scenario.Lifecycle.MergeAsDuplicate(duplicate, original, new MergeAsDuplicate(People.CustomerServiceRep, "Same complaint.")).AsT1;

        Assert.Contains(ComplainedPartyCode, error.AllCodes);
        Assert.Equal(IncidentState.Reported, duplicate.State);
    }

    [Fact]
    public void MergeAsDuplicate_ActorNotAuthorisedOnTheOriginal_ReturnsTheDenialAndChangesNeither()
    {
        var policy = new DenyOnOne(_scenario.Authority);
        var lifecycle = new IncidentLifecycle(_scenario.Organization, policy, _scenario.Time, new SequentialIncidentIds());
        var original = _scenario.Report();
        var duplicate = _scenario.Report();
        policy.Denied = original.Id;
        var originalBefore = Snapshot.Of(original);

        var error = lifecycle.MergeAsDuplicate(duplicate, original, new MergeAsDuplicate(People.CustomerServiceRep, "Same complaint.")).AsT1;

        Assert.Contains(AuthorityErrors.Denied, error.AllCodes);
        originalBefore.AssertUnchanged(original);
        Assert.Equal(IncidentState.Reported, duplicate.State);
    }

    private static ReassessIncident Reassess(PersonId actor, SeverityLevel level)
        => new(actor, level, ImpactScope.Group, PotentialRisk.Medium, "New facts.");

    private Incident ReportAbout(PersonId complainedAbout, PersonId reporter)
    {
        _scenario.Time.Advance(Scenario.Step);
        var command = Scenario.ReportCommand(actor: reporter) with { ComplainedAbout = new ComplainedParty(complainedAbout, null) };
        return _scenario.Lifecycle.Report(command).Match(i => i, e => throw new InvalidOperationException(e.ToString()));
    }

    private Incident ReviewedStatementOn(SeverityLevel level)
    {
        var incident = _scenario.Drive(IncidentState.Responding, level: level);
        _scenario.Do(incident, new DraftStatement(People.PrManager, "On the display error", "We apologise."));
        _scenario.Do(incident, new ReviewStatement(People.HeadOfLegal, new StatementId(1)));
        return incident;
    }

    // Allows what the inner policy allows, except anything on one incident.
    private sealed class DenyOnOne(IAuthorityPolicy inner) : IAuthorityPolicy
    {
        public IncidentId? Denied { get; set; }

        public AuthorityDecision Authorize(PersonId actor, IncidentAction action, Incident? incident, GroupId? targetGroup = null)
            => incident is not null && incident.Id == Denied
                ? AuthorityDecision.Deny(new DomainError(AuthorityErrors.Denied, $"Not on {incident.Id}."))
                : inner.Authorize(actor, action, incident, targetGroup);
    }
}
