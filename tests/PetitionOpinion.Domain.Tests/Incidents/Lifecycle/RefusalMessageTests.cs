using PetitionOpinion.Incidents;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Incidents.Lifecycle;

/// <summary>
/// A refusal's message is read by people, so what it names is part of the contract: a transition not allowed names the
/// action, the current state and the states that allow it; a validation error names the field; a guard names its
/// condition; a record not found names the record.
/// </summary>
public sealed class RefusalMessageTests
{
    private readonly Scenario _scenario = new();

    [Fact]
    public void TransitionNotAllowed_NamesTheActionTheStateAndWhereItIsAllowed()
    {
        var incident = _scenario.Drive(IncidentState.Reported);

        var error = _scenario.Refuse(incident, new ResolveIncident(People.CustomerServiceManager, "Done."));

        Assert.Equal(IncidentErrors.TransitionNotAllowed, error.Code);
        Assert.Equal($"Resolve is not allowed while incident {incident.Id} is Reported; it is allowed only when Responding.", error.Message);
    }

    [Fact]
    public void TransitionNotAllowed_ActionAllowedInSeveralStates_NamesEachOfThem()
    {
        var incident = _scenario.Drive(IncidentState.Responding);

        var error = _scenario.Refuse(incident, new DismissIncident(People.CustomerServiceManager, "Out of scope."));

        Assert.Equal(IncidentErrors.TransitionNotAllowed, error.Code);
        Assert.Contains("Dismiss is not allowed", error.Message, StringComparison.Ordinal);
        Assert.Contains("is Responding", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("allowed only when Reported or Assessed or Directed.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Guard_NamesTheActionAndTheConditionThatMustHold()
    {
        var incident = _scenario.Drive(IncidentState.Responding);
        _scenario.Do(incident, _scenario.IssueCommand());

        var error = _scenario.Refuse(incident, new ResolveIncident(People.CustomerServiceManager, "Done."));

        Assert.Equal(IncidentErrors.OpenDirectives, error.Code);
        Assert.Equal("Resolve requires that every directive is completed or cancelled.", error.Message);
    }

    [Fact]
    public void SeveralReasons_SummaryNamesTheActionAndTheCount_EachReasonItsOwnSubject()
    {
        var incident = _scenario.Drive(IncidentState.Directed);

        var error = _scenario.Refuse(incident, new ResolveIncident(People.Outsider, "Done."));

        Assert.Equal(IncidentErrors.ActionBlocked, error.Code);
        Assert.Equal($"Resolve is blocked on incident {incident.Id} for 3 reasons.", error.Message);
        Assert.Contains("is Directed", error.Details[0].Message, StringComparison.Ordinal);
        Assert.Contains("every directive is completed or cancelled", error.Details[1].Message, StringComparison.Ordinal);
        Assert.Contains(People.Outsider.Value, error.Details[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_EmptyText_NamesTheField()
    {
        var incident = _scenario.Drive(IncidentState.Responding);

        var error = _scenario.Refuse(incident, new ResolveIncident(People.CustomerServiceManager, " "));

        Assert.Equal(InputValidation.Required, error.Code);
        Assert.StartsWith("The summary is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_TooLongText_NamesTheFieldAndTheLimit()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);
        var tooLong = new string('x', _scenario.Lifecycle.Limits.ShortTextLength + 1);

        var error = _scenario.Refuse(incident, new ReopenIncident(People.GeneralManager, tooLong));

        Assert.Equal(InputValidation.TooLong, error.Code);
        Assert.Equal($"The reason must be at most {_scenario.Lifecycle.Limits.ShortTextLength} characters (was {tooLong.Length}).", error.Message);
    }

    [Fact]
    public void Validation_ClosureReportItem_NamesWhichItem()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);
        var report = Scenario.CompleteReport() with { Causes = ["A caching bug.", " "] };

        var error = _scenario.Refuse(incident, new SubmitClosureReport(People.GeneralManager, report));

        Assert.StartsWith("Cause 2 is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotFound_NamesTheRecordAndTheIncident()
    {
        var incident = _scenario.Drive(IncidentState.Responding);
        _scenario.Do(incident, new DraftStatement(People.PrManager, "Title", "Body"));

        var error = _scenario.Refuse(incident, new ReviewStatement(People.HeadOfLegal, new StatementId(7)));

        Assert.Equal(IncidentErrors.StatementNotFound, error.Code);
        Assert.Equal($"Incident {incident.Id} has no statement {new StatementId(7)}.", error.Message);
    }
}
