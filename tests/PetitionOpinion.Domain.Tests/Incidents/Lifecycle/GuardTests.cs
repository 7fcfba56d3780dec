using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Organization;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Incidents.Lifecycle;

/// <summary>Each guard of <see cref="LifecycleTable.Default"/> refused with its code, and the checks on the named directive, statement or request.</summary>
public sealed class GuardTests
{
    private readonly Scenario _scenario = new();

    [Fact]
    public void GuardsOf_DefaultTable_NameTheExpectedCodes()
    {
        var table = LifecycleTable.Default;
        const string complained = AuthorityErrors.ComplainedParty;

        // Every action also has the guard that the person the incident complains about does not act on it.
        Assert.Equal([IncidentErrors.NoIssuedDirective, complained], table.GuardsOf(IncidentAction.AcknowledgeDirective).Select(g => g.Code));
        Assert.Equal([IncidentErrors.NoAcknowledgedDirective, complained], table.GuardsOf(IncidentAction.CompleteDirective).Select(g => g.Code));
        Assert.Equal([IncidentErrors.NoOpenDirective, complained], table.GuardsOf(IncidentAction.CancelDirective).Select(g => g.Code));
        Assert.Equal([IncidentErrors.OpenDirectives, complained], table.GuardsOf(IncidentAction.Resolve).Select(g => g.Code));
        Assert.Equal([IncidentErrors.NoDraftStatement, complained], table.GuardsOf(IncidentAction.ReviewStatement).Select(g => g.Code));
        Assert.Equal([IncidentErrors.NoReviewedStatement, IncidentErrors.LeadingGroupApprovalRequired, complained], table.GuardsOf(IncidentAction.ApproveStatement).Select(g => g.Code));
        Assert.Equal([IncidentErrors.NoApprovedStatement, complained], table.GuardsOf(IncidentAction.PublishStatement).Select(g => g.Code));
        Assert.Equal([IncidentErrors.NoOpenSupportRequest, complained], table.GuardsOf(IncidentAction.FulfilSupport).Select(g => g.Code));
        Assert.Equal([IncidentErrors.NoSubmittedReport, complained], table.GuardsOf(IncidentAction.AcceptClosureReport).Select(g => g.Code));
        Assert.Equal([IncidentErrors.NotAPetition, complained], table.GuardsOf(IncidentAction.RequestReview).Select(g => g.Code));
        Assert.Equal([IncidentErrors.LeadingGroupLowersLevel, complained], table.GuardsOf(IncidentAction.Reassess).Select(g => g.Code));
        Assert.Equal([complained], table.GuardsOf(IncidentAction.Dismiss).Select(g => g.Code));
        Assert.Equal([IncidentErrors.AlreadyBothNatures, complained], table.GuardsOf(IncidentAction.AddNature).Select(g => g.Code));
        Assert.All(Enum.GetValues<IncidentAction>().Where(a => a != IncidentAction.Report), a => Assert.Contains(table.GuardsOf(a), g => g.Code == complained && g.DependsOnActor));
        Assert.True(table.GuardsOf(IncidentAction.ApproveStatement).Single(g => g.Code == IncidentErrors.LeadingGroupApprovalRequired).DependsOnActor);
        Assert.True(table.GuardsOf(IncidentAction.Reassess).Single(g => g.Code == IncidentErrors.LeadingGroupLowersLevel).DependsOnActor);
    }

    [Fact]
    public void Acknowledge_NoDirectiveWaitingForAcknowledgement_ReturnsNoIssuedDirective()
    {
        var incident = _scenario.Drive(IncidentState.Responding);

        var error = _scenario.Refuse(incident, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)));

        Assert.Equal(IncidentErrors.NoIssuedDirective, error.Code);
    }

    [Fact]
    public void Complete_NoAcknowledgedDirective_ReturnsNoAcknowledgedDirective()
    {
        var incident = _scenario.Drive(IncidentState.Directed);

        var error = _scenario.Refuse(incident, new CompleteDirective(People.CustomerServiceRep, new DirectiveId(1), "Done."));

        Assert.Equal(IncidentErrors.NoAcknowledgedDirective, error.Code);
    }

    [Fact]
    public void Cancel_NoOpenDirective_ReturnsNoOpenDirective()
    {
        var incident = _scenario.Drive(IncidentState.Responding);

        var error = _scenario.Refuse(incident, new CancelDirective(People.CustomerServiceRep, new DirectiveId(1), "Not needed."));

        Assert.Equal(IncidentErrors.NoOpenDirective, error.Code);
    }

    [Fact]
    public void Resolve_IssuedDirectiveOpen_ReturnsOpenDirectives()
    {
        var incident = _scenario.Drive(IncidentState.Responding);
        _scenario.Do(incident, _scenario.IssueCommand());

        var error = _scenario.Refuse(incident, new ResolveIncident(People.CustomerServiceManager, "Done."));

        Assert.Equal(IncidentErrors.OpenDirectives, error.Code);
    }

    [Fact]
    public void Resolve_AcknowledgedDirectiveOpen_ReturnsOpenDirectives()
    {
        var incident = _scenario.Drive(IncidentState.Responding);
        _scenario.Do(incident, _scenario.IssueCommand());
        _scenario.Do(incident, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(2)));

        var error = _scenario.Refuse(incident, new ResolveIncident(People.CustomerServiceManager, "Done."));

        Assert.Equal(IncidentErrors.OpenDirectives, error.Code);
    }

    [Fact]
    public void Resolve_EveryDirectiveCompletedOrCancelled_Resolves()
    {
        var incident = _scenario.Drive(IncidentState.Responding);
        _scenario.Do(incident, _scenario.IssueCommand());
        _scenario.Do(incident, _scenario.IssueCommand());
        _scenario.Do(incident, new CancelDirective(People.CustomerServiceRep, new DirectiveId(2), "Not needed."));
        _scenario.Do(incident, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(3)));
        _scenario.Do(incident, new CompleteDirective(People.CustomerServiceRep, new DirectiveId(3), "Done."));

        _scenario.Do(incident, new ResolveIncident(People.CustomerServiceManager, "Done."));

        Assert.Equal(IncidentState.Resolved, incident.State);
        Assert.False(incident.HasOpenDirectives);
        Assert.Equal([DirectiveStatus.Completed, DirectiveStatus.Cancelled, DirectiveStatus.Completed], incident.Directives.Select(d => d.Status));
    }

    [Fact]
    public void Review_NoDraftStatement_ReturnsNoDraftStatement()
    {
        var incident = _scenario.Drive(IncidentState.Responding);

        var error = _scenario.Refuse(incident, new ReviewStatement(People.HeadOfLegal, new StatementId(1)));

        Assert.Equal(IncidentErrors.NoDraftStatement, error.Code);
    }

    [Fact]
    public void Approve_NoReviewedStatement_ReturnsNoReviewedStatement()
    {
        var incident = _scenario.Drive(IncidentState.Responding);
        _scenario.Do(incident, new DraftStatement(People.PrManager, "Title", "Body"));

        var error = _scenario.Refuse(incident, new ApproveStatement(People.PrManager, new StatementId(1)));

        Assert.Equal(IncidentErrors.NoReviewedStatement, error.Code);
    }

    [Fact]
    public void Publish_NoApprovedStatement_ReturnsNoApprovedStatement()
    {
        var incident = _scenario.Drive(IncidentState.Responding);
        _scenario.Do(incident, new DraftStatement(People.PrManager, "Title", "Body"));
        _scenario.Do(incident, new ReviewStatement(People.HeadOfLegal, new StatementId(1)));

        var error = _scenario.Refuse(incident, new PublishStatement(People.SocialMediaSpecialist, new StatementId(1), "Weibo"));

        Assert.Equal(IncidentErrors.NoApprovedStatement, error.Code);
    }

    [Fact]
    public void Fulfil_NoOpenSupportRequest_ReturnsNoOpenSupportRequest()
    {
        var incident = _scenario.Drive(IncidentState.Responding);

        var error = _scenario.Refuse(incident, new FulfilSupport(People.ItSupport, new SupportRequestId(1), "Done."));

        Assert.Equal(IncidentErrors.NoOpenSupportRequest, error.Code);
    }

    [Fact]
    public void Fulfil_AllRequestsFulfilled_ReturnsNoOpenSupportRequest()
    {
        var incident = _scenario.Drive(IncidentState.Responding);
        _scenario.Do(incident, new RequestSupport(People.CustomerServiceRep, SupportKind.LegalConsultation, "May we say this?"));
        _scenario.Do(incident, new FulfilSupport(People.LegalConsultant, new SupportRequestId(1), "Yes."));

        var error = _scenario.Refuse(incident, new FulfilSupport(People.LegalConsultant, new SupportRequestId(1), "Again."));

        Assert.Equal(IncidentErrors.NoOpenSupportRequest, error.Code);
    }

    [Fact]
    public void Fulfil_RequestAlreadyFulfilledWhileAnotherIsOpen_ReturnsSupportRequestFulfilled()
    {
        var incident = _scenario.Drive(IncidentState.Responding);
        _scenario.Do(incident, new RequestSupport(People.CustomerServiceRep, SupportKind.ItSupport, "Flush the cache."));
        _scenario.Do(incident, new RequestSupport(People.PrManager, SupportKind.LegalConsultation, "Check the statement."));
        _scenario.Do(incident, new FulfilSupport(People.ItSupport, new SupportRequestId(1), "Flushed."));

        var error = _scenario.Refuse(incident, new FulfilSupport(People.ItSupport, new SupportRequestId(1), "Flushed again."));

        Assert.Equal(IncidentErrors.SupportRequestFulfilled, error.Code);
    }

    [Fact]
    public void Fulfil_UnknownRequest_ReturnsSupportRequestNotFound()
    {
        var incident = _scenario.Drive(IncidentState.Responding);
        _scenario.Do(incident, new RequestSupport(People.CustomerServiceRep, SupportKind.ItSupport, "Flush the cache."));

        var unknown = _scenario.Refuse(incident, new FulfilSupport(People.ItSupport, new SupportRequestId(2), "Done."));
        var zero = _scenario.Refuse(incident, new FulfilSupport(People.ItSupport, default, "Done."));

        Assert.Equal(IncidentErrors.SupportRequestNotFound, unknown.Code);
        Assert.Equal(IncidentErrors.SupportRequestNotFound, zero.Code);
    }

    [Fact]
    public void Accept_NoSubmittedReport_ReturnsNoSubmittedReport()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);

        var error = _scenario.Refuse(incident, new AcceptClosureReport(People.GeneralManager));

        Assert.Equal(IncidentErrors.NoSubmittedReport, error.Code);
    }

    [Fact]
    public void RequestReview_PublicOpinionIncident_ReturnsNotAPetition()
    {
        var incident = _scenario.Drive(IncidentState.Resolved, IncidentKind.PublicOpinion);

        var error = _scenario.Refuse(incident, new RequestReview(People.CustomerServiceRep, "Disputed."));

        Assert.Equal(IncidentErrors.NotAPetition, error.Code);
    }

    [Theory]
    [InlineData(IncidentKind.Petition)]
    [InlineData(IncidentKind.PetitionAndPublicOpinion)]
    public void RequestReview_PetitionIncident_RecordsTheRequest(IncidentKind kind)
    {
        var incident = _scenario.Drive(IncidentState.Closed, kind);

        var events = _scenario.Do(incident, new RequestReview(People.CustomerServiceRep, "The petitioner disputes the outcome."));

        Assert.IsType<ReviewRequested>(Assert.Single(events));
        Assert.Equal("The petitioner disputes the outcome.", Assert.Single(incident.ReviewRequests).Grounds);
        Assert.Equal(IncidentState.Closed, incident.State);
    }

    [Theory]
    [InlineData(SeverityLevel.I)]
    [InlineData(SeverityLevel.II)]
    public void Approve_LevelIOrIIByTheOpinionGroupsLeader_ReturnsLeadingGroupApprovalRequired(SeverityLevel level)
    {
        var incident = ReviewedStatementOn(level);

        var leader = _scenario.Refuse(incident, new ApproveStatement(People.PrManager, new StatementId(1)));
        var deputy = _scenario.Refuse(incident, new ApproveStatement(People.OpinionDeputy, new StatementId(1)));

        Assert.Equal(IncidentErrors.LeadingGroupApprovalRequired, leader.Code);
        Assert.Equal(IncidentErrors.LeadingGroupApprovalRequired, deputy.Code);
    }

    [Theory]
    [InlineData(SeverityLevel.I)]
    [InlineData(SeverityLevel.II)]
    public void Approve_LevelIOrIIByTheLeadingGroup_Approves(SeverityLevel level)
    {
        var incident = ReviewedStatementOn(level);

        _scenario.Do(incident, new ApproveStatement(People.MarketingManager, new StatementId(1)));

        Assert.Equal(StatementStatus.Approved, incident.Statements[0].Status);
        Assert.Equal(People.MarketingManager, incident.Statements[0].ApprovedBy);
    }

    [Theory]
    [InlineData(SeverityLevel.III)]
    [InlineData(SeverityLevel.IV)]
    public void Approve_LevelIIIOrIVByTheOpinionGroupsLeader_Approves(SeverityLevel level)
    {
        var incident = ReviewedStatementOn(level);

        _scenario.Do(incident, new ApproveStatement(People.PrManager, new StatementId(1)));

        Assert.Equal(StatementStatus.Approved, incident.Statements[0].Status);
    }

    [Fact]
    public void Approve_ReassessedToLevelIIAfterReview_NeedsTheLeadingGroup()
    {
        var incident = ReviewedStatementOn(SeverityLevel.III);
        _scenario.Do(incident, new ReassessIncident(People.CustomerServiceRep, SeverityLevel.II, ImpactScope.Group, PotentialRisk.High, "It went viral."));

        var error = _scenario.Refuse(incident, new ApproveStatement(People.PrManager, new StatementId(1)));

        Assert.Equal(IncidentErrors.LeadingGroupApprovalRequired, error.Code);
    }

    [Fact]
    public void Acknowledge_DirectiveAlreadyAcknowledged_ReturnsDirectiveWrongStatus()
    {
        var incident = _scenario.Drive(IncidentState.Directed);
        _scenario.Do(incident, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)));
        _scenario.Do(incident, _scenario.IssueCommand());

        var error = _scenario.Refuse(incident, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)));

        Assert.Equal(IncidentErrors.DirectiveWrongStatus, error.Code);
    }

    [Fact]
    public void Complete_DirectiveOnlyIssued_ReturnsDirectiveWrongStatus()
    {
        var incident = _scenario.Drive(IncidentState.Directed);
        _scenario.Do(incident, _scenario.IssueCommand());
        _scenario.Do(incident, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(2)));

        var error = _scenario.Refuse(incident, new CompleteDirective(People.CustomerServiceRep, new DirectiveId(1), "Done."));

        Assert.Equal(IncidentErrors.DirectiveWrongStatus, error.Code);
    }

    [Fact]
    public void Cancel_DirectiveAlreadyCompleted_ReturnsDirectiveWrongStatus()
    {
        var incident = _scenario.Drive(IncidentState.Responding);
        _scenario.Do(incident, _scenario.IssueCommand());

        var error = _scenario.Refuse(incident, new CancelDirective(People.CustomerServiceRep, new DirectiveId(1), "Not needed."));

        Assert.Equal(IncidentErrors.DirectiveWrongStatus, error.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(-1)]
    public void DirectiveActions_UnknownDirective_ReturnDirectiveNotFound(int number)
    {
        var incident = _scenario.Drive(IncidentState.Directed);
        _scenario.Do(incident, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)));
        _scenario.Do(incident, _scenario.IssueCommand(WellKnownGroups.LogisticsSupportGroup));

        var acknowledge = _scenario.Refuse(incident, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(number)));
        var complete = _scenario.Refuse(incident, new CompleteDirective(People.CustomerServiceRep, new DirectiveId(number), "Done."));
        var cancel = _scenario.Refuse(incident, new CancelDirective(People.CustomerServiceRep, new DirectiveId(number), "No."));

        Assert.All([acknowledge, complete, cancel], e => Assert.Equal(IncidentErrors.DirectiveNotFound, e.Code));
    }

    // S1 is a draft, S2 legally reviewed, S3 approved.
    private Incident RespondingWithStatementsInEachStatus()
    {
        var incident = _scenario.Drive(IncidentState.Responding);
        _scenario.Do(incident, new DraftStatement(People.PrManager, "Title", "Body"));
        _scenario.Do(incident, new DraftStatement(People.PrManager, "Title 2", "Body"));
        _scenario.Do(incident, new ReviewStatement(People.HeadOfLegal, new StatementId(2)));
        _scenario.Do(incident, new DraftStatement(People.PrManager, "Title 3", "Body"));
        _scenario.Do(incident, new ReviewStatement(People.HeadOfLegal, new StatementId(3)));
        _scenario.Do(incident, new ApproveStatement(People.PrManager, new StatementId(3)));
        return incident;
    }

    [Fact]
    public void StatementActions_UnknownStatement_ReturnStatementNotFound()
    {
        var incident = RespondingWithStatementsInEachStatus();

        var review = _scenario.Refuse(incident, new ReviewStatement(People.HeadOfLegal, new StatementId(9)));
        var approve = _scenario.Refuse(incident, new ApproveStatement(People.PrManager, new StatementId(0)));
        var publish = _scenario.Refuse(incident, new PublishStatement(People.SocialMediaSpecialist, new StatementId(4), "Weibo"));

        Assert.All([review, approve, publish], e => Assert.Equal(IncidentErrors.StatementNotFound, e.Code));
    }

    [Fact]
    public void StatementActions_StatementInAnotherStatus_ReturnStatementWrongStatus()
    {
        var incident = RespondingWithStatementsInEachStatus();

        var review = _scenario.Refuse(incident, new ReviewStatement(People.HeadOfLegal, new StatementId(2)));
        var approve = _scenario.Refuse(incident, new ApproveStatement(People.PrManager, new StatementId(1)));
        var publish = _scenario.Refuse(incident, new PublishStatement(People.SocialMediaSpecialist, new StatementId(2), "Weibo"));

        Assert.All([review, approve, publish], e => Assert.Equal(IncidentErrors.StatementWrongStatus, e.Code));
    }

    [Fact]
    public void Publish_TwoStatements_EachGoesThroughItsOwnReviewAndApproval()
    {
        var incident = _scenario.Drive(IncidentState.Responding, level: SeverityLevel.II);
        _scenario.Do(incident, new DraftStatement(People.PrManager, "First", "Body"));
        _scenario.Do(incident, new DraftStatement(People.OpinionAnalyst, "Second", "Body"));
        _scenario.Do(incident, new ReviewStatement(People.LegalSpecialist, new StatementId(2), "Soften the wording."));
        _scenario.Do(incident, new ApproveStatement(People.GeneralManager, new StatementId(2)));
        _scenario.Do(incident, new PublishStatement(People.PrManager, new StatementId(2), "Official website"));

        Assert.Equal([StatementStatus.Draft, StatementStatus.Published], incident.Statements.Select(s => s.Status));
        Assert.Equal("Soften the wording.", incident.History.OfType<StatementLegallyReviewed>().Single().Reason);
        Assert.False(_scenario.Lifecycle.PermittedActions(incident).Contains(IncidentAction.PublishStatement));
        Assert.True(_scenario.Lifecycle.PermittedActions(incident).Contains(IncidentAction.ReviewStatement));
    }

    private Incident ReviewedStatementOn(SeverityLevel level)
    {
        var incident = _scenario.Drive(IncidentState.Responding, level: level);
        _scenario.Do(incident, new DraftStatement(People.PrManager, "On the display error", "We apologise."));
        _scenario.Do(incident, new ReviewStatement(People.HeadOfLegal, new StatementId(1)));
        return incident;
    }
}
