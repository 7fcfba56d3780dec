using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Organization;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Incidents.Lifecycle;

/// <summary>The closure rules (docs/lifecycle.md): a complete report accepted by the leading group closes; reopen clears the reports and needs a reason.</summary>
public sealed class ClosureTests
{
    private static readonly DateOnly DueOn = new(2026, 6, 30);
    private readonly Scenario _scenario = new();

    [Fact]
    public void Submit_ReportWithoutCause_ReturnsClosureReportIncomplete()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);

        var error = _scenario.Refuse(incident, new SubmitClosureReport(People.GeneralManager, Scenario.CompleteReport() with { Causes = [] }));

        Assert.Equal(IncidentErrors.ClosureReportIncomplete, error.Code);
        Assert.Contains("cause", error.Message, StringComparison.Ordinal);
        Assert.Null(incident.SubmittedReport);
    }

    [Fact]
    public void Submit_ReportWithoutImprovement_ReturnsClosureReportIncomplete()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);

        var error = _scenario.Refuse(incident, new SubmitClosureReport(People.GeneralManager, Scenario.CompleteReport() with { Improvements = [] }));

        Assert.Equal(IncidentErrors.ClosureReportIncomplete, error.Code);
        Assert.Contains("improvement", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Submit_ImprovementWithoutOwner_ReturnsClosureReportIncomplete()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);
        var report = Scenario.CompleteReport() with { Improvements = [new Improvement("Review cache changes.", default, DueOn)] };

        var error = _scenario.Refuse(incident, new SubmitClosureReport(People.GeneralManager, report));

        Assert.Equal(IncidentErrors.ClosureReportIncomplete, error.Code);
        Assert.Contains("owner", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Submit_ImprovementWithoutDueDate_ReturnsClosureReportIncomplete()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);
        var report = Scenario.CompleteReport() with { Improvements = [new Improvement("Review cache changes.", People.HeadOfTechnicalSupport, default)] };

        var error = _scenario.Refuse(incident, new SubmitClosureReport(People.GeneralManager, report));

        Assert.Equal(IncidentErrors.ClosureReportIncomplete, error.Code);
        Assert.Contains("due date", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Submit_ImprovementOwnedByUnknownPerson_ReturnsValidationInvalid()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);
        var report = Scenario.CompleteReport() with { Improvements = [new Improvement("Review cache changes.", People.Stranger, DueOn)] };

        var error = _scenario.Refuse(incident, new SubmitClosureReport(People.GeneralManager, report));

        Assert.Equal("validation.invalid", error.Code);
        Assert.Contains(People.Stranger.Value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Submit_MissingReport_ReturnsValidationRequired()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);

        var error = _scenario.Refuse(incident, new SubmitClosureReport(People.GeneralManager, null!));

        Assert.Equal("validation.required", error.Code);
    }

    [Fact]
    public void Submit_NullImprovementOrBlankTexts_ListsEveryProblem()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);
        var report = new ClosureReport(
            " ",
            ["", new string('c', TextLimits.Short + 1)],
            [null!, new Improvement("\t", default, default)],
            [" "]);

        var error = _scenario.Refuse(incident, new SubmitClosureReport(People.GeneralManager, report));

        Assert.Equal("validation.failed", error.Code);
        string[] expected = ["validation.required", "validation.required", "validation.too_long", "validation.required", "validation.required", "validation.required", IncidentErrors.ClosureReportIncomplete, IncidentErrors.ClosureReportIncomplete];
        Assert.Equal(expected.Order(StringComparer.Ordinal), error.Details.Select(d => d.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Submit_EmptyReport_ReportsMissingCauseAndImprovementTogether()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);

        var error = _scenario.Refuse(incident, new SubmitClosureReport(People.GeneralManager, new ClosureReport("What happened.", [], [], [])));

        Assert.Equal("validation.failed", error.Code);
        Assert.Equal([IncidentErrors.ClosureReportIncomplete, IncidentErrors.ClosureReportIncomplete], error.Details.Select(d => d.Code));
    }

    [Fact]
    public void Submit_NotAGroupLeader_ReturnsAuthorityDenied()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);

        var deputy = _scenario.Refuse(incident, new SubmitClosureReport(People.MarketingManager, Scenario.CompleteReport()));
        var member = _scenario.Refuse(incident, new SubmitClosureReport(People.CustomerServiceRep, Scenario.CompleteReport()));

        Assert.Equal(AuthorityErrors.Denied, deputy.Code);
        Assert.Equal(AuthorityErrors.Denied, member.Code);
    }

    [Fact]
    public void Submit_LeaderOfAnotherGroup_IsAccepted()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);

        _scenario.Do(incident, new SubmitClosureReport(People.LogisticsLead, Scenario.CompleteReport()));

        Assert.NotNull(incident.SubmittedReport);
        Assert.Equal(IncidentState.Resolved, incident.State);
    }

    [Fact]
    public void Submit_Twice_TheLaterReportReplacesTheEarlier()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);
        _scenario.Do(incident, new SubmitClosureReport(People.CustomerServiceManager, Scenario.CompleteReport()));
        var second = Scenario.CompleteReport() with { Summary = "A fuller account." };

        _scenario.Do(incident, new SubmitClosureReport(People.PrManager, second));
        _scenario.Do(incident, new AcceptClosureReport(People.GeneralManager));

        Assert.Equal("A fuller account.", incident.AcceptedReport!.Summary);
    }

    [Fact]
    public void Submit_CallerChangesItsListsAfterwards_RecordedReportDoesNotChange()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);
        var causes = new List<string> { "A caching bug." };
        var improvements = new List<Improvement> { new("Review cache changes.", People.HeadOfTechnicalSupport, DueOn) };
        var lessons = new List<string> { "Test invalidation." };

        _scenario.Do(incident, new SubmitClosureReport(People.GeneralManager, new ClosureReport("Summary.", causes, improvements, lessons)));
        causes.Clear();
        improvements.Add(new Improvement("Sneaked in.", People.Outsider, DueOn));
        lessons.Add("Sneaked in.");

        Assert.Equal(["A caching bug."], incident.SubmittedReport!.Causes);
        Assert.Single(incident.SubmittedReport.Improvements);
        Assert.Equal(["Test invalidation."], incident.SubmittedReport.Lessons);
        Assert.Equal(["A caching bug."], incident.History.OfType<ClosureReportSubmitted>().Single().Report.Causes);
    }

    [Fact]
    public void Accept_ByTheLeadingGroup_ClosesWithTheSubmittedReport()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);
        _scenario.Do(incident, new SubmitClosureReport(People.CustomerServiceManager, Scenario.CompleteReport()));
        var submitted = incident.SubmittedReport;

        var events = _scenario.Do(incident, new AcceptClosureReport(People.HeadOfLegal));

        Assert.IsType<ClosureReportAccepted>(Assert.Single(events));
        Assert.Equal(IncidentState.Closed, incident.State);
        Assert.Same(submitted, incident.AcceptedReport);
        Assert.Null(incident.SubmittedReport);
        Assert.Equal(_scenario.Now, incident.ClosedAt);
    }

    [Theory]
    [MemberData(nameof(NotInTheLeadingGroup))]
    public void Accept_OutsideTheLeadingGroup_ReturnsAuthorityDeniedAndStaysResolved(string actor)
    {
        var incident = _scenario.Drive(IncidentState.Resolved);
        _scenario.Do(incident, new SubmitClosureReport(People.GeneralManager, Scenario.CompleteReport()));

        var error = _scenario.Refuse(incident, new AcceptClosureReport(new PersonId(actor)));

        Assert.Equal(AuthorityErrors.Denied, error.Code);
        Assert.Equal(IncidentState.Resolved, incident.State);
        Assert.Null(incident.AcceptedReport);
    }

    public static TheoryData<string> NotInTheLeadingGroup => new(
        People.PetitionDeputy.Value,
        People.CustomerServiceRep.Value,
        People.PrManager.Value,
        People.LogisticsLead.Value,
        People.Outsider.Value);

    [Fact]
    public void Closed_OnlyThroughAnAcceptedReport_AcceptedReportIsSetWheneverClosed()
    {
        var incident = _scenario.Drive(IncidentState.Closed);

        Assert.Equal(IncidentState.Closed, incident.State);
        Assert.NotNull(incident.AcceptedReport);
        Assert.NotEmpty(incident.AcceptedReport.Causes);
        Assert.Contains(incident.AcceptedReport.Improvements, i => !i.Owner.IsEmpty && i.DueOn != default);
        Assert.Equal(
            [typeof(ClosureReportSubmitted), typeof(ClosureReportAccepted)],
            incident.History.TakeLast(2).Select(e => e.GetType()));
    }

    [Fact]
    public void Reopen_FromResolved_ClearsTheSubmittedReportAndReturnsToResponding()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);
        _scenario.Do(incident, new SubmitClosureReport(People.GeneralManager, Scenario.CompleteReport()));

        var events = _scenario.Do(incident, new ReopenIncident(People.CustomerServiceRep, "The customer disputes the result."));

        var reopened = Assert.IsType<IncidentReopened>(Assert.Single(events));
        Assert.Equal("The customer disputes the result.", reopened.Reason);
        Assert.Equal(IncidentState.Responding, incident.State);
        Assert.Null(incident.SubmittedReport);
        Assert.Null(incident.ResolvedAt);
        Assert.Equal(1, incident.ReopenCount);
        Assert.False(_scenario.Lifecycle.PermittedActions(incident).Contains(IncidentAction.AcceptClosureReport));
    }

    [Fact]
    public void Reopen_FromClosed_ClearsTheAcceptedReportAndTheClosureTimes()
    {
        var incident = _scenario.Drive(IncidentState.Closed);

        _scenario.Do(incident, new ReopenIncident(People.GeneralManager, "The topic flares up again."));

        Assert.Equal(IncidentState.Responding, incident.State);
        Assert.Null(incident.AcceptedReport);
        Assert.Null(incident.SubmittedReport);
        Assert.Null(incident.ClosedAt);
        Assert.Null(incident.ResolvedAt);
        Assert.Equal(1, incident.ReopenCount);
    }

    [Fact]
    public void Reopen_ThenResolveAndCloseAgain_NeedsANewReport()
    {
        var incident = _scenario.Drive(IncidentState.Closed);
        _scenario.Do(incident, new ReopenIncident(People.GeneralManager, "The topic flares up again."));
        _scenario.Do(incident, new ResolveIncident(People.CustomerServiceManager, "Handled again."));

        var withoutReport = _scenario.Refuse(incident, new AcceptClosureReport(People.GeneralManager));
        _scenario.Do(incident, new SubmitClosureReport(People.GeneralManager, Scenario.CompleteReport() with { Summary = "Second time." }));
        _scenario.Do(incident, new AcceptClosureReport(People.GeneralManager));

        Assert.Equal(IncidentErrors.NoSubmittedReport, withoutReport.Code);
        Assert.Equal(IncidentState.Closed, incident.State);
        Assert.Equal("Second time.", incident.AcceptedReport!.Summary);
    }

    [Theory]
    [InlineData(IncidentState.Resolved, "")]
    [InlineData(IncidentState.Resolved, "   ")]
    [InlineData(IncidentState.Closed, "\t\n")]
    [InlineData(IncidentState.Closed, null)]
    public void Reopen_WithoutReason_ReturnsValidationRequiredAndChangesNothing(IncidentState state, string? reason)
    {
        var incident = _scenario.Drive(state);

        var error = _scenario.Refuse(incident, new ReopenIncident(People.GeneralManager, reason!));

        Assert.Equal("validation.required", error.Code);
        Assert.Equal(state, incident.State);
    }

    [Fact]
    public void Reopen_ByTheOpinionGroup_ReturnsAuthorityDenied()
    {
        var incident = _scenario.Drive(IncidentState.Closed);

        var error = _scenario.Refuse(incident, new ReopenIncident(People.PrManager, "Flares up."));

        Assert.Equal(AuthorityErrors.Denied, error.Code);
    }
}
