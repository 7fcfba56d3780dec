using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Incidents.Lifecycle;

/// <summary>The questions the table answers: which actions are permitted now (with and without an actor), and why an action is not.</summary>
public sealed class PermittedActionsTests
{
    private readonly Scenario _scenario = new();

    [Fact]
    public void PermittedActions_Reported_AreAssessDismissAndMerge()
        => Assert.Equal(
            [IncidentAction.Assess, IncidentAction.Dismiss, IncidentAction.MergeAsDuplicate, IncidentAction.PauseDeadlines, IncidentAction.AddNature],
            _scenario.Lifecycle.PermittedActions(_scenario.Report()).ToArray());

    [Fact]
    public void PermittedActions_Assessed_AreReassessIssueDismissAndMerge()
        => Assert.Equal(
            [IncidentAction.Reassess, IncidentAction.IssueDirective, IncidentAction.Dismiss, IncidentAction.MergeAsDuplicate, IncidentAction.PauseDeadlines, IncidentAction.ExtendHandlingTime, IncidentAction.AddNature],
            _scenario.Lifecycle.PermittedActions(_scenario.Drive(IncidentState.Assessed)).ToArray());

    [Fact]
    public void PermittedActions_DirectedWithAnIssuedDirective_IncludeAcknowledgeAndCancelButNotComplete()
        => Assert.Equal(
            [IncidentAction.Reassess, IncidentAction.IssueDirective, IncidentAction.AcknowledgeDirective, IncidentAction.CancelDirective, IncidentAction.StartResponse, IncidentAction.Dismiss, IncidentAction.MergeAsDuplicate, IncidentAction.PauseDeadlines, IncidentAction.ExtendHandlingTime, IncidentAction.AddNature],
            _scenario.Lifecycle.PermittedActions(_scenario.Drive(IncidentState.Directed)).ToArray());

    [Fact]
    public void PermittedActions_DirectedWithAnAcknowledgedDirective_IncludeCompleteButNotAcknowledge()
    {
        var incident = _scenario.Drive(IncidentState.Directed);
        _scenario.Do(incident, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)));

        var permitted = _scenario.Lifecycle.PermittedActions(incident);

        Assert.True(permitted.Contains(IncidentAction.CompleteDirective));
        Assert.True(permitted.Contains(IncidentAction.CancelDirective));
        Assert.False(permitted.Contains(IncidentAction.AcknowledgeDirective));
    }

    [Fact]
    public void PermittedActions_RespondingWithNothingOpen_AreTheUnguardedResponseActionsAndResolve()
        => Assert.Equal(
            [IncidentAction.Reassess, IncidentAction.IssueDirective, IncidentAction.RecordCommunication, IncidentAction.DraftStatement, IncidentAction.RequestSupport, IncidentAction.Resolve, IncidentAction.PauseDeadlines, IncidentAction.ExtendHandlingTime, IncidentAction.AddNature],
            _scenario.Lifecycle.PermittedActions(_scenario.Drive(IncidentState.Responding)).ToArray());

    [Fact]
    public void PermittedActions_RespondingWithOpenWork_FollowTheGuards()
    {
        var incident = _scenario.Drive(IncidentState.Responding);
        _scenario.Do(incident, _scenario.IssueCommand());
        _scenario.Do(incident, new DraftStatement(People.PrManager, "Title", "Body"));
        _scenario.Do(incident, new RequestSupport(People.CustomerServiceRep, SupportKind.ItSupport, "Help."));

        Assert.Equal(
            [IncidentAction.Reassess, IncidentAction.IssueDirective, IncidentAction.AcknowledgeDirective, IncidentAction.CancelDirective, IncidentAction.RecordCommunication, IncidentAction.DraftStatement, IncidentAction.ReviewStatement, IncidentAction.RequestSupport, IncidentAction.FulfilSupport, IncidentAction.PauseDeadlines, IncidentAction.ExtendHandlingTime, IncidentAction.AddNature],
            _scenario.Lifecycle.PermittedActions(incident).ToArray());
    }

    [Theory]
    [InlineData(IncidentKind.Petition, new[] { IncidentAction.SubmitClosureReport, IncidentAction.Reopen, IncidentAction.RequestReview })]
    [InlineData(IncidentKind.PetitionAndPublicOpinion, new[] { IncidentAction.SubmitClosureReport, IncidentAction.Reopen, IncidentAction.RequestReview })]
    [InlineData(IncidentKind.PublicOpinion, new[] { IncidentAction.SubmitClosureReport, IncidentAction.Reopen })]
    public void PermittedActions_Resolved_DependOnTheKind(IncidentKind kind, IncidentAction[] expected)
        => Assert.Equal(expected, _scenario.Lifecycle.PermittedActions(_scenario.Drive(IncidentState.Resolved, kind)).ToArray());

    [Fact]
    public void PermittedActions_ResolvedWithASubmittedReport_IncludeAccept()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);
        _scenario.Do(incident, new SubmitClosureReport(People.GeneralManager, Scenario.CompleteReport()));

        Assert.Equal(
            [IncidentAction.SubmitClosureReport, IncidentAction.AcceptClosureReport, IncidentAction.Reopen, IncidentAction.RequestReview],
            _scenario.Lifecycle.PermittedActions(incident).ToArray());
    }

    [Fact]
    public void PermittedActions_Closed_AreReopenAndReview()
        => Assert.Equal([IncidentAction.Reopen, IncidentAction.RequestReview], _scenario.Lifecycle.PermittedActions(_scenario.Drive(IncidentState.Closed)).ToArray());

    [Fact]
    public void PermittedActions_Dismissed_AreNone()
        => Assert.True(_scenario.Lifecycle.PermittedActions(_scenario.Drive(IncidentState.Dismissed)).IsEmpty);

    [Fact]
    public void PermittedActions_WithActor_AreNarrowedToTheActorsAuthority()
    {
        var incident = _scenario.Drive(IncidentState.Directed);

        Assert.Equal(
            [IncidentAction.Reassess, IncidentAction.IssueDirective, IncidentAction.AcknowledgeDirective, IncidentAction.CancelDirective, IncidentAction.StartResponse, IncidentAction.Dismiss, IncidentAction.MergeAsDuplicate, IncidentAction.PauseDeadlines, IncidentAction.ExtendHandlingTime, IncidentAction.AddNature],
            _scenario.Lifecycle.PermittedActions(incident, People.CustomerServiceRep).ToArray());
        Assert.Equal(_scenario.Lifecycle.PermittedActions(incident, People.CustomerServiceRep), _scenario.Lifecycle.PermittedActions(incident, People.LegalSpecialist));
        // The leading group may record that the petition went public (issue 20); nothing else of a directed incident is its to do.
        Assert.Equal([IncidentAction.AddNature], _scenario.Lifecycle.PermittedActions(incident, People.GeneralManager).ToArray());
        Assert.True(_scenario.Lifecycle.PermittedActions(incident, People.ItSupport).IsEmpty);
        Assert.True(_scenario.Lifecycle.PermittedActions(incident, People.Outsider).IsEmpty);
        Assert.True(_scenario.Lifecycle.PermittedActions(incident, People.Stranger).IsEmpty);
        Assert.True(_scenario.Lifecycle.PermittedActions(incident, default).IsEmpty);
    }

    [Fact]
    public void PermittedActions_WithActor_AssigneeGroupMayAcknowledgeItsDirective()
    {
        var incident = _scenario.Drive(IncidentState.Assessed);
        _scenario.Do(incident, _scenario.IssueCommand(WellKnownGroups.LogisticsSupportGroup, DirectiveKind.TechnicalSupport));

        Assert.Equal([IncidentAction.AcknowledgeDirective], _scenario.Lifecycle.PermittedActions(incident, People.ItSupport).ToArray());
        Assert.False(_scenario.Lifecycle.PermittedActions(incident, People.CustomerServiceRep).Contains(IncidentAction.AcknowledgeDirective));
    }

    [Fact]
    public void PermittedActions_WithActor_OfferAcknowledgeOnlyWhenTheActorsGroupHasAnIssuedDirective()
    {
        // D1 to logistics waits for acknowledgement; D2 to the opinion group is already acknowledged.
        var incident = _scenario.Drive(IncidentState.Assessed);
        _scenario.Do(incident, _scenario.IssueCommand(WellKnownGroups.LogisticsSupportGroup, DirectiveKind.TechnicalSupport));
        _scenario.Do(incident, _scenario.IssueCommand(WellKnownGroups.OpinionMonitoringGroup, DirectiveKind.OpinionMonitoring));
        _scenario.Do(incident, new AcknowledgeDirective(People.OpinionAnalyst, new DirectiveId(2)));

        var analyst = _scenario.Lifecycle.PermittedActions(incident, People.OpinionAnalyst);

        Assert.False(analyst.Contains(IncidentAction.AcknowledgeDirective));
        Assert.True(analyst.Contains(IncidentAction.CompleteDirective));
        Assert.NotEmpty(_scenario.Lifecycle.WhyNot(incident, IncidentAction.AcknowledgeDirective, People.OpinionAnalyst));
        Assert.Empty(_scenario.Lifecycle.WhyNot(incident, IncidentAction.CompleteDirective, People.OpinionAnalyst));
        Assert.True(_scenario.Lifecycle.PermittedActions(incident, People.ItSupport).Contains(IncidentAction.AcknowledgeDirective));
        Assert.False(_scenario.Lifecycle.PermittedActions(incident, People.ItSupport).Contains(IncidentAction.CompleteDirective));
    }

    [Fact]
    public void PermittedActions_ApprovalOfALevelIIStatement_DependsOnWhoAsks()
    {
        var incident = _scenario.Drive(IncidentState.Responding, level: SeverityLevel.II);
        _scenario.Do(incident, new DraftStatement(People.PrManager, "Title", "Body"));
        _scenario.Do(incident, new ReviewStatement(People.HeadOfLegal, new StatementId(1)));

        Assert.True(_scenario.Lifecycle.PermittedActions(incident).Contains(IncidentAction.ApproveStatement));
        Assert.True(_scenario.Lifecycle.PermittedActions(incident, People.GeneralManager).Contains(IncidentAction.ApproveStatement));
        Assert.False(_scenario.Lifecycle.PermittedActions(incident, People.PrManager).Contains(IncidentAction.ApproveStatement));
        Assert.False(_scenario.Lifecycle.PermittedActions(incident, People.SocialMediaSpecialist).Contains(IncidentAction.ApproveStatement));
    }

    [Theory]
    [InlineData(IncidentState.Reported)]
    [InlineData(IncidentState.Directed)]
    [InlineData(IncidentState.Responding)]
    [InlineData(IncidentState.Resolved)]
    [InlineData(IncidentState.Closed)]
    public void PermittedActions_ForEveryActorAndAction_AgreeWithWhyNot(IncidentState state)
    {
        var incident = _scenario.Drive(state, level: SeverityLevel.II);
        if (state == IncidentState.Responding)
        {
            _scenario.Do(incident, _scenario.IssueCommand(WellKnownGroups.OpinionMonitoringGroup));
            _scenario.Do(incident, new DraftStatement(People.PrManager, "Title", "Body"));
            _scenario.Do(incident, new ReviewStatement(People.HeadOfLegal, new StatementId(1)));
        }

        foreach (var action in Enum.GetValues<IncidentAction>().Where(a => a != IncidentAction.Report))
        {
            Assert.Equal(_scenario.Lifecycle.WhyNot(incident, action).Count == 0, _scenario.Lifecycle.PermittedActions(incident).Contains(action));
            foreach (var actor in People.All)
            {
                Assert.True(
                    _scenario.Lifecycle.WhyNot(incident, action, actor).Count == 0 == _scenario.Lifecycle.PermittedActions(incident, actor).Contains(action),
                    $"{actor} / {action} in {state}");
            }
        }
    }

    [Fact]
    public void WhyNot_PermittedAction_IsEmpty()
    {
        var incident = _scenario.Drive(IncidentState.Responding);

        Assert.Empty(_scenario.Lifecycle.WhyNot(incident, IncidentAction.Resolve));
        Assert.Empty(_scenario.Lifecycle.WhyNot(incident, IncidentAction.Resolve, People.CustomerServiceManager));
    }

    [Fact]
    public void WhyNot_StateGuardAndAuthorityAllBlock_ListsEveryReason()
    {
        var incident = _scenario.Drive(IncidentState.Directed);

        var reasons = _scenario.Lifecycle.WhyNot(incident, IncidentAction.Resolve, People.Outsider);

        Assert.Equal([IncidentErrors.TransitionNotAllowed, IncidentErrors.OpenDirectives, AuthorityErrors.Denied], reasons.Select(r => r.Code));
        Assert.All(reasons, r => Assert.False(string.IsNullOrWhiteSpace(r.Message)));
    }

    [Fact]
    public void WhyNot_WithoutActor_LeavesAuthorityAndActorGuardsOut()
    {
        var incident = _scenario.Drive(IncidentState.Directed, level: SeverityLevel.I);

        var reasons = _scenario.Lifecycle.WhyNot(incident, IncidentAction.ApproveStatement);

        Assert.Equal([IncidentErrors.TransitionNotAllowed, IncidentErrors.NoReviewedStatement], reasons.Select(r => r.Code));
    }

    [Fact]
    public void WhyNot_ActorGuardFails_NamesTheLeadingGroupRule()
    {
        var incident = _scenario.Drive(IncidentState.Directed, level: SeverityLevel.I);

        var reasons = _scenario.Lifecycle.WhyNot(incident, IncidentAction.ApproveStatement, People.PrManager);

        Assert.Equal([IncidentErrors.TransitionNotAllowed, IncidentErrors.NoReviewedStatement, IncidentErrors.LeadingGroupApprovalRequired], reasons.Select(r => r.Code));
    }

    [Fact]
    public void WhyNot_UnknownActor_SaysSo()
    {
        var incident = _scenario.Drive(IncidentState.Responding);

        var reason = Assert.Single(_scenario.Lifecycle.WhyNot(incident, IncidentAction.Resolve, People.Stranger));

        Assert.Equal(AuthorityErrors.UnknownActor, reason.Code);
        Assert.Contains(People.Stranger.Value, reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_SeveralReasonsBlock_ReturnsActionBlockedWithTheSameReasonsAsWhyNot()
    {
        var incident = _scenario.Drive(IncidentState.Directed);
        var expected = _scenario.Lifecycle.WhyNot(incident, IncidentAction.Resolve, People.Outsider);

        var error = _scenario.Refuse(incident, new ResolveIncident(People.Outsider, "Done."));

        Assert.Equal(IncidentErrors.ActionBlocked, error.Code);
        Assert.Equal(expected, error.Details);
        Assert.Equal([IncidentErrors.ActionBlocked, IncidentErrors.TransitionNotAllowed, IncidentErrors.OpenDirectives, AuthorityErrors.Denied], error.AllCodes);
    }

    [Fact]
    public void WhyNot_UndefinedAction_Throws()
    {
        var incident = _scenario.Report();

        Assert.ThrowsAny<ArgumentException>(() => _scenario.Lifecycle.WhyNot(incident, (IncidentAction)99));
    }

    [Fact]
    public void ActionsFrom_DefaultTable_MatchesTheRowsPerState()
    {
        var table = LifecycleTable.Default;

        foreach (var state in Enum.GetValues<IncidentState>())
        {
            var expected = table.Transitions.Where(t => t.From == state).Select(t => t.Action).Distinct().Order();
            Assert.Equal(expected, table.ActionsFrom(state).ToArray());
        }

        Assert.True(table.ActionsFrom(IncidentState.Dismissed).IsEmpty);
        Assert.True(table.ActionsFrom((IncidentState)0).IsEmpty);
        Assert.True(table.ActionsFrom((IncidentState)42).IsEmpty);
        Assert.Null(table.TargetOf((IncidentAction)42, IncidentState.Reported));
        Assert.Empty(table.GuardsOf((IncidentAction)42));
    }
}
