using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Incidents.Lifecycle;

/// <summary>
/// Edge cases of <see cref="IncidentLifecycle"/>: closure reports with null lists, an unknown directive acted on in a state
/// that forbids the action by someone without authority, and an id generator that returns the empty id.
/// </summary>
public sealed class LifecycleEdgeCaseTests
{
    private readonly Scenario _scenario = new();

    /// <summary>A report whose improvements list is null is incomplete (it proposes no improvement): refused with a domain error, not an exception.</summary>
    [Fact]
    public void Submit_ReportWithNullImprovements_ReturnsClosureReportIncomplete()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);

        var error = _scenario.Refuse(incident, new SubmitClosureReport(People.GeneralManager, Scenario.CompleteReport() with { Improvements = null! }));

        Assert.Equal(IncidentErrors.ClosureReportIncomplete, error.Code);
        Assert.Contains("at least one improvement", error.Message, StringComparison.Ordinal);
        Assert.Null(incident.SubmittedReport);
    }

    /// <summary>A report whose causes list is null names no cause: refused with a domain error, not an exception.</summary>
    [Fact]
    public void Submit_ReportWithNullCauses_ReturnsClosureReportIncomplete()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);

        var error = _scenario.Refuse(incident, new SubmitClosureReport(People.GeneralManager, Scenario.CompleteReport() with { Causes = null! }));

        Assert.Equal(IncidentErrors.ClosureReportIncomplete, error.Code);
        Assert.Contains("at least one cause", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Both lists null: both problems are reported, each as an incomplete report, causes first.</summary>
    [Fact]
    public void Submit_ReportWithNullCausesAndImprovements_ReportsBothProblems()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);

        var error = _scenario.Refuse(incident, new SubmitClosureReport(People.GeneralManager, Scenario.CompleteReport() with { Causes = null!, Improvements = null! }));

        Assert.Equal(InputValidation.Failed, error.Code);
        Assert.Equal([IncidentErrors.ClosureReportIncomplete, IncidentErrors.ClosureReportIncomplete], error.Details.Select(d => d.Code));
        Assert.Contains("cause", error.Details[0].Message, StringComparison.Ordinal);
        Assert.Contains("improvement", error.Details[1].Message, StringComparison.Ordinal);
    }

    /// <summary>Lessons are optional: a null list is taken as none, and the recorded report has an empty list (never null).</summary>
    [Fact]
    public void Submit_ReportWithNullLessons_IsAcceptedWithNoLessons()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);

        _scenario.Do(incident, new SubmitClosureReport(People.GeneralManager, Scenario.CompleteReport() with { Lessons = null! }));

        Assert.NotNull(incident.SubmittedReport);
        Assert.Empty(incident.SubmittedReport.Lessons);
        Assert.Equal(Scenario.CompleteReport().Causes, incident.SubmittedReport.Causes);
    }

    /// <summary>
    /// An unknown directive has no assignee group to check authority against: in a state that forbids the action, the
    /// refusal lists the state and the failing guard, in that order, and no authority reason (nor "not found").
    /// </summary>
    [Fact]
    public void Acknowledge_UnknownDirectiveInForbiddingStateByActorWithoutAuthority_ListsStateThenGuardOnly()
    {
        var incident = _scenario.Drive(IncidentState.Reported);

        var error = _scenario.Refuse(incident, new AcknowledgeDirective(People.Outsider, new DirectiveId(99)));

        Assert.Equal(IncidentErrors.ActionBlocked, error.Code);
        Assert.Equal([IncidentErrors.TransitionNotAllowed, IncidentErrors.NoIssuedDirective], error.Details.Select(d => d.Code));
        Assert.Contains("2 reasons", error.Message, StringComparison.Ordinal);
    }

    /// <summary>For contrast: a directive that exists has an assignee group, so the same refusal also lists the authority denial, last.</summary>
    [Fact]
    public void Acknowledge_KnownDirectiveInForbiddingStateByActorWithoutAuthority_ListsStateGuardAndAuthority()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);

        var error = _scenario.Refuse(incident, new AcknowledgeDirective(People.Outsider, new DirectiveId(1)));

        Assert.Equal(IncidentErrors.ActionBlocked, error.Code);
        Assert.Equal([IncidentErrors.TransitionNotAllowed, IncidentErrors.NoIssuedDirective, AuthorityErrors.Denied], error.Details.Select(d => d.Code));
    }

    /// <summary>In a state that allows the action, an unknown directive acted on by someone without authority is simply not found.</summary>
    [Fact]
    public void Acknowledge_UnknownDirectiveInAllowingStateByActorWithoutAuthority_IsNotFound()
    {
        var incident = _scenario.Drive(IncidentState.Directed);

        var error = _scenario.Refuse(incident, new AcknowledgeDirective(People.Outsider, new DirectiveId(99)));

        Assert.Equal(IncidentErrors.DirectiveNotFound, error.Code);
        Assert.Contains("D99", error.Message, StringComparison.Ordinal);
    }

    /// <summary>An id generator that returns the empty id is a broken dependency: reporting throws, naming the generator, and creates no incident.</summary>
    [Fact]
    public void Report_IdGeneratorReturnsEmptyId_ThrowsNamingTheGenerator()
    {
        var ids = new EmptyIds();
        var lifecycle = new IncidentLifecycle(_scenario.Organization, _scenario.Authority, _scenario.Time, ids);

        var error = Assert.Throws<InvalidOperationException>(() => lifecycle.Report(Scenario.ReportCommand()));

        Assert.Contains(nameof(IIncidentIdGenerator), error.Message, StringComparison.Ordinal);
        Assert.Contains("empty id", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, ids.Calls);
    }

    /// <summary>The generator is asked only for a report that passed its checks: an invalid report is refused without asking it (so without throwing).</summary>
    [Fact]
    public void Report_InvalidReportWithEmptyIdGenerator_IsRefusedWithoutAskingForAnId()
    {
        var ids = new EmptyIds();
        var lifecycle = new IncidentLifecycle(_scenario.Organization, _scenario.Authority, _scenario.Time, ids);

        var result = lifecycle.Report(Scenario.ReportCommand() with { Description = " " });

        Assert.True(result.IsT1);
        Assert.Equal(0, ids.Calls);
    }

    private sealed class EmptyIds : IIncidentIdGenerator
    {
        public int Calls { get; private set; }

        public IncidentId NewIncidentId()
        {
            Calls++;
            return default;
        }
    }
}
