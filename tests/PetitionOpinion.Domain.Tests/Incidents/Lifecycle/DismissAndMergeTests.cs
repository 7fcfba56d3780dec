using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Organization;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Incidents.Lifecycle;

/// <summary>Dismissal before the response starts, and merge-as-duplicate with the link kept on both incidents.</summary>
public sealed class DismissAndMergeTests
{
    private readonly Scenario _scenario = new();

    [Theory]
    [InlineData(IncidentState.Reported)]
    [InlineData(IncidentState.Assessed)]
    [InlineData(IncidentState.Directed)]
    public void Dismiss_BeforeTheResponseStarts_DismissesWithTheReason(IncidentState state)
    {
        var incident = _scenario.Drive(state);

        var events = _scenario.Do(incident, new DismissIncident(People.PetitionDeputy, "Not about the company."));

        var dismissed = Assert.IsType<IncidentDismissed>(Assert.Single(events));
        Assert.Equal("Not about the company.", dismissed.Reason);
        Assert.Equal(IncidentState.Dismissed, incident.State);
        Assert.Equal("Not about the company.", incident.DismissalReason);
        Assert.True(_scenario.Lifecycle.PermittedActions(incident).IsEmpty);
    }

    [Theory]
    [InlineData(IncidentState.Responding)]
    [InlineData(IncidentState.Resolved)]
    [InlineData(IncidentState.Closed)]
    public void Dismiss_OnceTheResponseStarted_ReturnsTransitionNotAllowed(IncidentState state)
    {
        var incident = _scenario.Drive(state);

        var error = _scenario.Refuse(incident, new DismissIncident(People.CustomerServiceRep, "Out of scope."));

        Assert.Equal(IncidentErrors.TransitionNotAllowed, error.Code);
        Assert.Null(incident.DismissalReason);
    }

    [Fact]
    public void Dismiss_ByTheOpinionGroup_ReturnsAuthorityDenied()
    {
        var incident = _scenario.Report();

        var error = _scenario.Refuse(incident, new DismissIncident(People.OpinionAnalyst, "Out of scope."));

        Assert.Equal(AuthorityErrors.Denied, error.Code);
    }

    [Fact]
    public void MergeAsDuplicate_Accepted_KeepsTheLinkOnBothIncidents()
    {
        var original = _scenario.Drive(IncidentState.Directed);
        var duplicate = _scenario.Report();
        _scenario.Time.Advance(Scenario.Step);
        var originalVersion = original.Version;
        var duplicateVersion = duplicate.Version;

        var merge = _scenario.Lifecycle.MergeAsDuplicate(duplicate, original, new MergeAsDuplicate(People.CustomerServiceRep, "Same customer, same order.")).AsT0;

        Assert.Equal(original.Id, duplicate.DuplicateOf);
        Assert.Equal([duplicate.Id], original.Duplicates);
        Assert.Equal(IncidentState.Dismissed, duplicate.State);
        Assert.Equal("Same customer, same order.", duplicate.DismissalReason);
        Assert.Equal(IncidentState.Directed, original.State);
        Assert.Equal(duplicateVersion + 1, duplicate.Version);
        Assert.Equal(originalVersion + 1, original.Version);
        Assert.Same(merge.DuplicateEvents.First, duplicate.PendingEvents[^1]);
        Assert.Same(merge.OriginalEvents.First, original.PendingEvents[^1]);
        var merged = (IncidentMergedAsDuplicate)merge.DuplicateEvents.First;
        var linked = (DuplicateLinked)merge.OriginalEvents.First;
        Assert.Equal((duplicate.Id, People.CustomerServiceRep, _scenario.Now, "Same customer, same order."), (merged.IncidentId, merged.Actor, merged.OccurredAt, merged.Reason));
        Assert.Equal((original.Id, People.CustomerServiceRep, _scenario.Now), (linked.IncidentId, linked.Actor, linked.OccurredAt));
    }

    [Fact]
    public void MergeAsDuplicate_TwoDuplicatesIntoOneOriginal_ListsBoth()
    {
        var original = _scenario.Drive(IncidentState.Closed);
        var first = _scenario.Report();
        var second = _scenario.Drive(IncidentState.Assessed);
        var command = new MergeAsDuplicate(People.CustomerServiceRep, "Same complaint.");

        _scenario.Lifecycle.MergeAsDuplicate(first, original, command);
        _scenario.Lifecycle.MergeAsDuplicate(second, original, command);

        Assert.Equal([first.Id, second.Id], original.Duplicates);
        Assert.Equal(original.Id, first.DuplicateOf);
        Assert.Equal(original.Id, second.DuplicateOf);
        Assert.Equal(IncidentState.Closed, original.State);
    }

    [Fact]
    public void MergeAsDuplicate_IntoItself_ReturnsMergeIntoSelfAndChangesNothing()
    {
        var incident = _scenario.Report();
        var before = Snapshot.Of(incident);

        var error = _scenario.Lifecycle.MergeAsDuplicate(incident, incident, new MergeAsDuplicate(People.CustomerServiceRep, "Same.")).AsT1;

        Assert.Equal(IncidentErrors.MergeIntoSelf, error.Code);
        before.AssertUnchanged(incident);
    }

    [Fact]
    public void MergeAsDuplicate_IntoAnotherCopyOfItself_ReturnsMergeIntoSelfAndChangesNeither()
    {
        var incident = _scenario.Report();
        var copy = Incident.FromHistory(incident.History);
        var before = Snapshot.Of(incident);
        var copyBefore = Snapshot.Of(copy);

        var error = _scenario.Lifecycle.MergeAsDuplicate(incident, copy, new MergeAsDuplicate(People.CustomerServiceRep, "Same.")).AsT1;

        Assert.Equal(IncidentErrors.MergeIntoSelf, error.Code);
        before.AssertUnchanged(incident);
        copyBefore.AssertUnchanged(copy);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MergeAsDuplicate_IntoADismissedIncident_ReturnsMergeTargetDismissedAndChangesNeither(bool targetWasMerged)
    {
        var target = _scenario.Drive(IncidentState.Dismissed);
        if (targetWasMerged)
        {
            target = _scenario.Report();
            _scenario.Lifecycle.MergeAsDuplicate(target, _scenario.Report(), new MergeAsDuplicate(People.CustomerServiceRep, "Same."));
        }

        var duplicate = _scenario.Report();
        var duplicateBefore = Snapshot.Of(duplicate);
        var targetBefore = Snapshot.Of(target);

        var error = _scenario.Lifecycle.MergeAsDuplicate(duplicate, target, new MergeAsDuplicate(People.CustomerServiceRep, "Same.")).AsT1;

        Assert.Equal(IncidentErrors.MergeTargetDismissed, error.Code);
        duplicateBefore.AssertUnchanged(duplicate);
        targetBefore.AssertUnchanged(target);
    }

    [Theory]
    [MemberData(nameof(RefusedMerges))]
    public void MergeAsDuplicate_RefusedForActorOrInput_ChangesNeither(string actor, string reason, string code)
    {
        var original = _scenario.Drive(IncidentState.Responding);
        var duplicate = _scenario.Report();
        var duplicateBefore = Snapshot.Of(duplicate);
        var originalBefore = Snapshot.Of(original);

        var error = _scenario.Lifecycle.MergeAsDuplicate(duplicate, original, new MergeAsDuplicate(actor.Length == 0 ? default : new PersonId(actor), reason)).AsT1;

        Assert.Equal(code, error.Code);
        duplicateBefore.AssertUnchanged(duplicate);
        originalBefore.AssertUnchanged(original);
    }

    public static TheoryData<string, string, string> RefusedMerges => new()
    {
        { People.PrManager.Value, "Same.", AuthorityErrors.Denied },
        { People.Stranger.Value, "Same.", AuthorityErrors.UnknownActor },
        { string.Empty, "Same.", "validation.required" },
        { People.CustomerServiceRep.Value, " ", "validation.required" },
        { People.CustomerServiceRep.Value, new string('r', TextLimits.Short + 1), "validation.too_long" },
    };

    [Fact]
    public void MergeAsDuplicate_Accepted_BothIncidentsRebuildFromTheirHistories()
    {
        var original = _scenario.Drive(IncidentState.Responding);
        var duplicate = _scenario.Drive(IncidentState.Directed);

        _scenario.Lifecycle.MergeAsDuplicate(duplicate, original, new MergeAsDuplicate(People.CustomerServiceRep, "Same."));

        Assert.Equal(Scenario.Describe(original), Scenario.Describe(Incident.FromHistory(original.History)));
        Assert.Equal(Scenario.Describe(duplicate), Scenario.Describe(Incident.FromHistory(duplicate.History)));
        Assert.Equal(original.Id, Incident.FromHistory(duplicate.History).DuplicateOf);
        Assert.Equal([duplicate.Id], Incident.FromHistory(original.History).Duplicates);
    }
}
