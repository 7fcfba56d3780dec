using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Organization;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Incidents;

/// <summary><see cref="Incident.FromHistory"/>: the events rebuild an equal incident, and a malformed history is rejected.</summary>
public sealed class IncidentHistoryTests
{
    private readonly Scenario _scenario = new();

    [Theory]
    [InlineData(IncidentState.Reported)]
    [InlineData(IncidentState.Assessed)]
    [InlineData(IncidentState.Directed)]
    [InlineData(IncidentState.Responding)]
    [InlineData(IncidentState.Resolved)]
    [InlineData(IncidentState.Closed)]
    [InlineData(IncidentState.Dismissed)]
    public void FromHistory_IncidentInEveryState_RebuildsAnEqualIncident(IncidentState state)
    {
        var incident = _scenario.Drive(state);

        var rebuilt = Incident.FromHistory(incident.History);

        Assert.Equal(Scenario.Describe(incident), Scenario.Describe(rebuilt));
        Assert.Equal(state, rebuilt.State);
        Assert.Equal(incident.Version, rebuilt.Version);
        Assert.Empty(rebuilt.PendingEvents);
    }

    [Fact]
    public void FromHistory_EveryKindOfEvent_RebuildsAnEqualIncident()
    {
        var incident = FullStory();

        var rebuilt = Incident.FromHistory(incident.History);

        Assert.Equal(Scenario.Describe(incident), Scenario.Describe(rebuilt));
        Assert.Equal(incident.History, rebuilt.History);
        var kinds = incident.History.Select(e => e.GetType()).ToHashSet();
        var all = typeof(IncidentEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(IncidentEvent)) && !t.IsAbstract && t != typeof(IncidentMergedAsDuplicate) && t != typeof(IncidentDismissed));
        Assert.All(all, t => Assert.Contains(t, kinds));
    }

    [Fact]
    public void FromHistory_RebuiltIncident_AcceptsFurtherActionsLikeTheOriginal()
    {
        var incident = _scenario.Drive(IncidentState.Responding);
        _scenario.Do(incident, _scenario.IssueCommand());
        var rebuilt = Incident.FromHistory(incident.History);

        var events = _scenario.Do(rebuilt, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(2)));

        Assert.Single(events);
        Assert.Single(rebuilt.PendingEvents);
        Assert.Equal(incident.Version + 1, rebuilt.Version);
        Assert.Equal(IncidentErrors.OpenDirectives, _scenario.Refuse(rebuilt, new ResolveIncident(People.CustomerServiceManager, "Done.")).Code);
    }

    [Fact]
    public void Describe_AfterAnAcceptedAction_Differs()
    {
        var incident = _scenario.Drive(IncidentState.Responding);
        var before = Scenario.Describe(incident);

        _scenario.Do(incident, new RecordCommunication(People.CustomerServiceRep, IntakeChannel.Hotline, "Called.", "Fine."));

        Assert.NotEqual(before, Scenario.Describe(incident));
        Assert.Contains("\"Called.\"", Scenario.Describe(incident), StringComparison.Ordinal);
    }

    [Fact]
    public void ClearPendingEvents_AfterStorage_KeepsTheHistory()
    {
        var incident = _scenario.Drive(IncidentState.Assessed);

        incident.ClearPendingEvents();

        Assert.Empty(incident.PendingEvents);
        Assert.Equal(2, incident.History.Count);
        Assert.Equal(2, incident.Version);
    }

    [Fact]
    public void FromHistory_Null_ThrowsArgumentNullException()
        => Assert.Throws<ArgumentNullException>(() => Incident.FromHistory(null!));

    [Fact]
    public void FromHistory_NullEvent_ThrowsArgumentNullException()
    {
        var incident = _scenario.Report();

        Assert.Throws<ArgumentNullException>(() => Incident.FromHistory([incident.History[0], null!]));
    }

    [Fact]
    public void FromHistory_Empty_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => Incident.FromHistory([]));

        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromHistory_NotStartingWithTheReport_ThrowsArgumentException()
    {
        var incident = _scenario.Drive(IncidentState.Assessed);

        var error = Assert.Throws<ArgumentException>(() => Incident.FromHistory(incident.History.Skip(1)));

        Assert.Contains(nameof(IncidentReported), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromHistory_MixedIncidents_ThrowsArgumentException()
    {
        var first = _scenario.Drive(IncidentState.Assessed);
        var second = _scenario.Drive(IncidentState.Assessed);

        var error = Assert.Throws<ArgumentException>(() => Incident.FromHistory([first.History[0], second.History[1]]));

        Assert.Contains("mixes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromHistory_TwoReports_ThrowsInvalidOperationException()
    {
        var incident = _scenario.Report();

        Assert.Throws<InvalidOperationException>(() => Incident.FromHistory([incident.History[0], incident.History[0]]));
    }

    [Fact]
    public void FromHistory_EventThatCannotApply_ThrowsInvalidOperationException()
    {
        var incident = _scenario.Drive(IncidentState.Assessed);
        var acknowledged = new DirectiveAcknowledged(incident.Id, People.CustomerServiceRep, _scenario.Now, new DirectiveId(1));
        var accepted = new ClosureReportAccepted(incident.Id, People.GeneralManager, _scenario.Now);
        var outOfSequence = new DirectiveIssued(incident.Id, People.CustomerServiceRep, _scenario.Now, new DirectiveId(2), DirectiveKind.InformationCollection, WellKnownGroups.PetitionHandlingGroup, "Collect.", _scenario.Now.AddDays(1));

        Assert.Throws<InvalidOperationException>(() => Incident.FromHistory([.. incident.History, acknowledged]));
        Assert.Throws<InvalidOperationException>(() => Incident.FromHistory([.. incident.History, accepted]));
        Assert.Throws<InvalidOperationException>(() => Incident.FromHistory([.. incident.History, outOfSequence]));
    }

    // Every action once (bar dismissal), with escalation, a merge link, a reopen and a review request.
    private Incident FullStory()
    {
        var incident = _scenario.Drive(IncidentState.Directed, level: SeverityLevel.III);
        _scenario.Do(incident, new ReassessIncident(People.CustomerServiceRep, SeverityLevel.II, ImpactScope.Group, PotentialRisk.High, "Others complain too."));
        _scenario.Do(incident, _scenario.IssueCommand(WellKnownGroups.OpinionMonitoringGroup, DirectiveKind.OpinionMonitoring));
        _scenario.Do(incident, new CancelDirective(People.CustomerServiceRep, new DirectiveId(2), "Covered by D1."));
        _scenario.Do(incident, new AcknowledgeDirective(People.LegalSpecialist, new DirectiveId(1)));
        _scenario.Do(incident, new CompleteDirective(People.LegalSpecialist, new DirectiveId(1), "Collected."));
        _scenario.Do(incident, new StartResponse(People.CustomerServiceManager));
        _scenario.Do(incident, new RecordCommunication(People.CustomerServiceRep, IntakeChannel.Hotline, "Called the customer.", "Accepted."));
        _scenario.Do(incident, new DraftStatement(People.PrManager, "On the display error", "We apologise."));
        _scenario.Do(incident, new ReviewStatement(People.LegalConsultant, new StatementId(1), "Fine."));
        _scenario.Do(incident, new ApproveStatement(People.GeneralManager, new StatementId(1)));
        _scenario.Do(incident, new PublishStatement(People.SocialMediaSpecialist, new StatementId(1), "Weibo"));
        _scenario.Do(incident, new RequestSupport(People.PrManager, SupportKind.ItSupport, "Flush the cache."));
        _scenario.Do(incident, new FulfilSupport(People.ItSupport, new SupportRequestId(1), "Flushed."));
        _scenario.Do(incident, new PauseDeadlines(People.CustomerServiceRep, "Waiting for the customer."));
        _scenario.Do(incident, new ResumeDeadlines(People.CustomerServiceRep));
        _scenario.Do(incident, new ExtendHandlingTime(People.CustomerServiceManager, 15, "Complex case."));
        _scenario.Do(incident, new AddIncidentNature(People.CustomerServiceManager, IncidentKind.PublicOpinion, "A newspaper reported it."));
        _scenario.Time.Advance(TimeSpan.FromHours(8));
        var scanner = new DeadlineScanner(DeadlinePolicy.Default, _scenario.Time);
        Assert.NotEmpty(scanner.Record(incident, scanner.Scan(incident)));
        incident.Apply(
            new OpinionAlertRecorded(incident.Id, new PersonId("system:opinion-monitor"), _scenario.Now, "topic", Monitoring.OpinionAlertKind.HighReachPost, _scenario.Now.AddHours(-1), _scenario.Now, 1000, 2_000_000, 2000, 40, 3, 2_100_000, "One post reached 2,000,000."),
            pending: true);
        _scenario.Lifecycle.MergeAsDuplicate(_scenario.Report(), incident, new MergeAsDuplicate(People.CustomerServiceRep, "Same complaint."));
        _scenario.Do(incident, new ResolveIncident(People.CustomerServiceManager, "Fixed."));
        _scenario.Do(incident, new SubmitClosureReport(People.PrManager, Scenario.CompleteReport()));
        _scenario.Do(incident, new AcceptClosureReport(People.GeneralManager));
        _scenario.Do(incident, new RequestReview(People.CustomerServiceRep, "Disputed."));
        _scenario.Do(incident, new DecideReview(People.GeneralManager, false, "Found for the petitioner."));
        _scenario.Do(incident, new ReopenIncident(People.GeneralManager, "Disputed."));
        _scenario.Do(incident, new ResolveIncident(People.CustomerServiceManager, "Fixed again."));
        return incident;
    }
}
