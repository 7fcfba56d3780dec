using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Organization;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Incidents.Lifecycle;

/// <summary>
/// A directive due a span after it is issued (<see cref="IssueDirective.DueIn"/>): what a caller has in hand ("within
/// four hours"), resolved by the lifecycle against its own clock, so the caller need not resolve a <see cref="TimeProvider"/>.
/// </summary>
public sealed class RelativeDueTimeTests
{
    private readonly Scenario _scenario = new();

    [Fact]
    public void Execute_IssueDirectiveDueIn_DueTimeIsTheLifecycleClockPlusTheSpan()
    {
        var incident = _scenario.Drive(IncidentState.Assessed);

        var events = _scenario.Do(incident, new IssueDirective(People.CustomerServiceRep, DirectiveKind.InformationCollection, WellKnownGroups.PetitionHandlingGroup, "Collect the account history.", TimeSpan.FromHours(4)));

        var issued = Assert.IsType<DirectiveIssued>(events.First);
        Assert.Equal(_scenario.Now + TimeSpan.FromHours(4), issued.DueAt);
        Assert.Equal(issued.DueAt, incident.FindDirective(issued.Directive)!.DueAt);
    }

    [Fact]
    public void Execute_IssueDirectiveDueIn_IgnoresDueAt()
    {
        var incident = _scenario.Drive(IncidentState.Assessed);
        var command = new IssueDirective(People.CustomerServiceRep, DirectiveKind.InformationCollection, WellKnownGroups.PetitionHandlingGroup, "Collect.", TimeSpan.FromDays(2));

        var events = _scenario.Do(incident, command with { DueAt = _scenario.Now.AddYears(-1) });

        Assert.Equal(_scenario.Now.AddDays(2), ((DirectiveIssued)events.First).DueAt);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    public void Execute_IssueDirectiveDueInNotPositive_IsRefusedAsInvalid(int minutes)
    {
        var incident = _scenario.Drive(IncidentState.Assessed);

        var error = _scenario.Refuse(incident, new IssueDirective(People.CustomerServiceRep, DirectiveKind.InformationCollection, WellKnownGroups.PetitionHandlingGroup, "Collect.", TimeSpan.FromMinutes(minutes)));

        Assert.Equal("validation.invalid", error.Code);
        Assert.Contains("more than zero", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_IssueDirectiveDueInBeyondTheHorizonOrTimeSpanMax_IsRefusedAsOutOfRange()
    {
        var incident = _scenario.Drive(IncidentState.Assessed);

        foreach (var span in new[] { _scenario.Lifecycle.Limits.DueTimeHorizon + TimeSpan.FromTicks(1), TimeSpan.MaxValue })
        {
            var error = _scenario.Refuse(incident, new IssueDirective(People.CustomerServiceRep, DirectiveKind.InformationCollection, WellKnownGroups.PetitionHandlingGroup, "Collect.", span));

            Assert.Equal("validation.out_of_range", error.Code);
        }
    }
}
