using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Monitoring;
using PetitionOpinion.Organization;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Notifications;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.OpinionMonitoring;

/// <summary>
/// <see cref="OpinionMonitor"/> over a repository with the in-memory store, on the scenario's fake clock (docs/monitoring.md):
/// an alert opens one PublicOpinion incident reported by the monitor's own account with the alert attached; later
/// alerts on the topic attach to it while it is open or within the incident cool-down; two topics, two incidents; the
/// asynchronous stream; incidents switched off; a monitor account the organisation does not know.
/// </summary>
public sealed class OpinionMonitorTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly PersonId MonitorAccount = new("system:opinion-monitor");
    private readonly Scenario _scenario = new(organization: OrganizationWithMonitor());
    private readonly InMemoryIncidentStore _store = new();
    private int _ids;

    private DateTimeOffset Now => _scenario.Now;

    [Fact]
    public async Task ObserveAsync_HighReachPost_OpensOnePublicOpinionIncidentReportedByTheMonitorWithTheAlert()
    {
        var log = new CapturingLogger<OpinionMonitor>();
        using var monitor = Monitor(log: log);

        var (outcome, alerts) = await ObserveAsync(monitor, Post("拼多多 退款", reach: 2_500_000, sentiment: -0.7));

        Assert.Equal(SignalOutcome.Accepted, outcome);
        var handled = Assert.Single(alerts);
        Assert.True(handled.Opened);
        Assert.Null(handled.Error);
        Assert.Equal(OpinionAlertKind.HighReachPost, handled.Alert.Kind);
        var incident = await FindAsync(handled.Incident);
        Assert.Equal(
            (IncidentKind.PublicOpinion, IntakeChannel.OpinionMonitoring, MonitorAccount, RiskCategory.ProductQuality, IncidentState.Reported),
            (incident.Kind, incident.Channel, incident.Reporter, incident.Category, incident.State));
        Assert.Equal($"Opinion monitoring: HighReachPost on topic \"拼多多 退款\". {handled.Alert.Explanation}", incident.Description);
        Assert.Equal([handled.Alert], incident.OpinionAlerts);
        Assert.Equal([typeof(IncidentReported), typeof(OpinionAlertRecorded)], incident.History.Select(e => e.GetType()));
        Assert.All(incident.History, e => Assert.Equal(MonitorAccount, e.Actor));
        var recorded = Assert.IsType<OpinionAlertRecorded>(incident.History[1]);
        Assert.Equal((2_500_000.0, 1L, 1L, 2_500_000L), (recorded.Observed, recorded.Mentions, recorded.NegativeMentions, recorded.Reach));

        // The facts the assessor needs, as far as the monitor knows them.
        var facts = incident.OpinionAlerts[0].ToRiskFacts(RiskCategory.DataPrivacy);
        Assert.Equal((RiskCategory.DataPrivacy, IncidentKind.PublicOpinion, IntakeChannel.OpinionMonitoring, 2_500_000L, 1.0), (facts.Category, facts.Kind, facts.Channel, facts.Reach, facts.NegativeShare));
        Assert.Equal(new MonitorCounts(1, 0, 0, 0, 0), monitor.Counts);

        // Alerts are logged by kind and incident, never by topic.
        var entry = Assert.Single(log.Entries);
        Assert.Contains(handled.Incident.ToString()!, entry.Everything, StringComparison.Ordinal);
        Assert.DoesNotContain("拼多多", entry.Everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ObserveAsync_LaterAlertOnTheTopicWhileItsIncidentIsOpen_AttachesToIt()
    {
        using var monitor = Monitor();
        var first = Assert.Single((await ObserveAsync(monitor, Post("brand", reach: 3_000_000))).Alerts);

        var negative = await ObserveAllAsync(monitor, Negatives("brand", 20));
        _scenario.Time.Advance(TimeSpan.FromDays(3));
        var muchLater = Assert.Single((await ObserveAsync(monitor, Post("brand", reach: 4_000_000))).Alerts);

        var second = Assert.Single(negative);
        Assert.Equal(OpinionAlertKind.NegativeSentimentSurge, second.Alert.Kind);
        Assert.Equal((first.Incident, false, (DomainError?)null), (second.Incident, second.Opened, second.Error));
        Assert.Equal((first.Incident, false, (DomainError?)null), (muchLater.Incident, muchLater.Opened, muchLater.Error));
        var incident = await FindAsync(first.Incident);
        Assert.Equal([first.Alert, second.Alert, muchLater.Alert], incident.OpinionAlerts);
        Assert.Equal(1, await CountIncidentsAsync());
    }

    [Fact]
    public async Task ObserveAsync_AlertAfterTheIncidentWasResolvedAndTheCooldownPassed_OpensANewIncident()
    {
        using var monitor = Monitor(new OpinionMonitorOptions { AlertCooldown = TimeSpan.FromHours(1) });
        var opened = Assert.Single((await ObserveAsync(monitor, Post("brand", reach: 3_000_000))).Alerts);
        await ResolveAsync(opened.Incident!.Value);
        _scenario.Time.SetUtcNow(opened.Alert.At.AddHours(24));

        var next = Assert.Single((await ObserveAsync(monitor, Post("brand", reach: 3_000_000))).Alerts);

        Assert.True(next.Opened);
        Assert.Null(next.Error);
        Assert.NotEqual(opened.Incident, next.Incident);
        Assert.Equal([next.Alert], (await FindAsync(next.Incident)).OpinionAlerts);
        Assert.Equal([opened.Alert], (await FindAsync(opened.Incident)).OpinionAlerts);
        Assert.Equal(2, await CountIncidentsAsync());
    }

    [Fact]
    public async Task ObserveAsync_AlertAfterTheIncidentWasResolvedWithinTheCooldown_AttachesToIt()
    {
        using var monitor = Monitor(new OpinionMonitorOptions { AlertCooldown = TimeSpan.FromHours(1) });
        var opened = Assert.Single((await ObserveAsync(monitor, Post("brand", reach: 3_000_000))).Alerts);
        await ResolveAsync(opened.Incident!.Value);
        _scenario.Time.SetUtcNow(opened.Alert.At.AddHours(23));

        var next = Assert.Single((await ObserveAsync(monitor, Post("brand", reach: 3_000_000))).Alerts);

        Assert.Equal((opened.Incident, false, (DomainError?)null), (next.Incident, next.Opened, next.Error));
        var incident = await FindAsync(opened.Incident);
        Assert.Equal(IncidentState.Resolved, incident.State);
        Assert.Equal([opened.Alert, next.Alert], incident.OpinionAlerts);
        Assert.Equal(1, await CountIncidentsAsync());
    }

    [Fact]
    public async Task ObserveAsync_AlertsOnTwoTopics_OpenTwoIncidentsInTheirCategories()
    {
        using var monitor = Monitor();
        monitor.SetCategory("leak", RiskCategory.DataPrivacy);

        var a = Assert.Single((await ObserveAsync(monitor, Post("brand", reach: 3_000_000))).Alerts);
        var b = Assert.Single((await ObserveAsync(monitor, Post("leak", reach: 3_000_000))).Alerts);

        Assert.True(a.Opened && b.Opened);
        Assert.NotEqual(a.Incident, b.Incident);
        Assert.Equal(RiskCategory.ProductQuality, (await FindAsync(a.Incident)).Category);
        Assert.Equal(RiskCategory.DataPrivacy, (await FindAsync(b.Incident)).Category);
        Assert.Equal(2, await CountIncidentsAsync());
    }

    [Fact]
    public async Task RunAsync_StreamOfSignals_YieldsTheAlertsWithTheirIncidents()
    {
        using var monitor = Monitor();
        var signals = new List<MentionSignal> { Post("brand", reach: 3_000_000) };
        signals.AddRange(Negatives("brand", 25));
        signals.Add(Post("other", reach: 1_000_000));
        signals.Add(signals[25]);
        signals.Add(signals[24] with { Sentiment = double.NaN });

        var alerts = new List<MonitorAlert>();
        await foreach (var alert in monitor.RunAsync(Following(signals), None))
        {
            alerts.Add(alert);
        }

        Assert.Equal(
            [("brand", OpinionAlertKind.HighReachPost, true), ("brand", OpinionAlertKind.NegativeSentimentSurge, false), ("other", OpinionAlertKind.HighReachPost, true)],
            alerts.Select(a => (a.Alert.Topic, a.Alert.Kind, a.Opened)));
        Assert.All(alerts, a => Assert.Null(a.Error));
        Assert.Equal(alerts[0].Incident, alerts[1].Incident);
        Assert.Equal(2, await CountIncidentsAsync());
        Assert.Equal(new MonitorCounts(27, 1, 0, 1, 0), monitor.Counts);
    }

    [Fact]
    public async Task ObserveAsync_OpenIncidentsOff_ReturnsTheAlertAndOpensNothing()
    {
        using var monitor = Monitor(new OpinionMonitorOptions { OpenIncidents = false });

        var handled = Assert.Single((await ObserveAsync(monitor, Post("brand", reach: 3_000_000))).Alerts);

        Assert.Equal((null, false, null), (handled.Incident, handled.Opened, handled.Error));
        Assert.Equal(OpinionAlertKind.HighReachPost, handled.Alert.Kind);
        Assert.Equal(0, await CountIncidentsAsync());
    }

    [Fact]
    public async Task ObserveAsync_MonitorAccountUnknownToTheOrganisation_ReturnsTheAlertWithTheErrorAndGoesOn()
    {
        var scenario = new Scenario();
        var repository = new IncidentRepository(_store, scenario.Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions());
        using var monitor = new OpinionMonitor(repository, new OpinionMonitorOptions(), scenario.Time, RiskCategory.ProductQuality);

        var first = await monitor.ObserveAsync(new MentionSignal("brand", "weibo", scenario.Now, 0, 3_000_000, 1, "p1"), None);
        var later = await monitor.ObserveAsync(new MentionSignal("brand", "weibo", scenario.Now.AddSeconds(1), -0.9, 10, 1, "p2"), None);

        var handled = Assert.Single(first.Alerts);
        Assert.Equal(OpinionAlertKind.HighReachPost, handled.Alert.Kind);
        Assert.Equal((null, false), (handled.Incident, handled.Opened));
        Assert.Equal(AuthorityErrors.UnknownActor, handled.Error?.Code);
        Assert.Equal(SignalOutcome.Accepted, later.Outcome);
        Assert.Equal(0, await CountIncidentsAsync());
    }

    [Fact]
    public async Task ObserveAsync_SurgeOnAnHourThatWasEmptyWithoutSmoothing_NeitherThrowsNorRecordsAnInfiniteFactor()
    {
        // Smoothing 0 is valid; the hour was empty yesterday, so its baseline is 0 and the factor (n + 0) / (0 + 0).
        using var monitor = Monitor(new OpinionMonitorOptions { Smoothing = 0, SurgeDeviations = 0, SurgeFactor = 4, MinExcessMentions = 20 });
        await ObserveAsync(monitor, Post("brand", reach: 10));
        _scenario.Time.Advance(TimeSpan.FromHours(26));

        var alerts = await ObserveAllAsync(monitor, Enumerable.Range(0, 25).Select(i => Post("brand", reach: 10, sentiment: 0.5)));

        var alert = Assert.Single(alerts);
        Assert.Equal(OpinionAlertKind.VolumeSurge, alert.Alert.Kind);
        Assert.True(double.IsFinite(alert.Alert.Factor), $"factor {alert.Alert.Factor}: {alert.Alert.Explanation}");
        Assert.Null(alert.Error);
    }

    [Fact]
    public async Task ObserveAsync_TopicOfTwoHundredCharacters_OpensAnIncident()
    {
        // Topics have no length limit; the report's idempotency key ("opinion:" + topic + ":" + ticks) does (200).
        using var monitor = Monitor();
        var topic = new string('话', 200);

        var handled = Assert.Single((await ObserveAsync(monitor, Post(topic, reach: 3_000_000))).Alerts);

        Assert.Null(handled.Error);
        Assert.True(handled.Opened);
        Assert.Equal(1, await CountIncidentsAsync());
    }

    [Fact]
    public async Task ObserveAsync_TopicWithControlAndBidiCharacters_StillOpensAnIncident()
    {
        // Topics come from outside feeds: the lifecycle refuses such characters in a description, so the monitor replaces them.
        using var monitor = Monitor();
        var topic = "brand\u202E\u0000\u001b[2J";

        var handled = Assert.Single((await ObserveAsync(monitor, Post(topic, reach: 3_000_000))).Alerts);

        Assert.Null(handled.Error);
        Assert.True(handled.Opened);
        Assert.Equal(1, await CountIncidentsAsync());
    }

    [Fact]
    public async Task ObserveAsync_OneBaselineDay_TheAlertRecordsTheDayOfVolumeTheDetectorKeeps()
    {
        // The chart's 48 hours are more than one baseline day holds: the alert records what there is, and is not lost.
        using var monitor = Monitor(new OpinionMonitorOptions { BaselineDays = 1 });

        var (_, alerts) = await ObserveAsync(monitor, Post("退款", reach: 2_500_000, sentiment: -0.7));

        var handled = Assert.Single(alerts);
        Assert.Null(handled.Error);
        var incident = await FindAsync(handled.Incident);
        var recorded = Assert.IsType<OpinionAlertRecorded>(incident.History[1]);
        Assert.InRange(recorded.Volume!.Mentions.Count, 1, 24);
    }

    private static ResponseOrganization OrganizationWithMonitor()
        => Scenario.SeedBuilderWithPeople().AddPerson(MonitorAccount, "Opinion monitor").Build()
            .Match(o => o, e => throw new InvalidOperationException($"The test organisation is not valid: {e}"));

    private static async IAsyncEnumerable<MentionSignal> Following(IEnumerable<MentionSignal> signals)
    {
        foreach (var signal in signals)
        {
            await Task.Yield();
            yield return signal;
        }
    }

    private IncidentRepository Repository() => new(_store, _scenario.Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions());

    private OpinionMonitor Monitor(OpinionMonitorOptions? options = null, CapturingLogger<OpinionMonitor>? log = null)
        => new(Repository(), options ?? new OpinionMonitorOptions(), _scenario.Time, RiskCategory.ProductQuality, log);

    /// <summary>A mention one second after the clock (within MaxAhead), with a fresh id.</summary>
    private MentionSignal Post(string topic, long reach, double sentiment = 0.2)
        => new(topic, "weibo", Now.AddSeconds(++_ids), sentiment, reach, 1_000, $"post-{_ids}");

    private IEnumerable<MentionSignal> Negatives(string topic, int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Post(topic, reach: 100, sentiment: -0.8);
        }
    }

    private Task<(SignalOutcome Outcome, IReadOnlyList<MonitorAlert> Alerts)> ObserveAsync(OpinionMonitor monitor, MentionSignal signal)
    {
        if (signal.At > Now)
        {
            _scenario.Time.SetUtcNow(signal.At);
        }

        return monitor.ObserveAsync(signal, None).AsTask();
    }

    private async Task<List<MonitorAlert>> ObserveAllAsync(OpinionMonitor monitor, IEnumerable<MentionSignal> signals)
    {
        var alerts = new List<MonitorAlert>();
        foreach (var signal in signals.ToList())
        {
            var (outcome, raised) = await ObserveAsync(monitor, signal);
            Assert.Equal(SignalOutcome.Accepted, outcome);
            alerts.AddRange(raised);
        }

        return alerts;
    }

    private async Task<Incident> FindAsync(IncidentId? id)
    {
        Assert.NotNull(id);
        return await Repository().FindAsync(id.Value, None) ?? throw new InvalidOperationException($"Incident {id} is not in the store.");
    }

    private async Task<int> CountIncidentsAsync() => (await _store.QueryAsync(new IncidentQuery(), None)).TotalCount;

    private async Task ResolveAsync(IncidentId id)
    {
        IncidentCommand[] commands =
        [
            new AssessIncident(People.CustomerServiceRep, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.Medium, "A viral post, no harm found."),
            new IssueDirective(People.CustomerServiceRep, DirectiveKind.InformationCollection, WellKnownGroups.PetitionHandlingGroup, "Collect what the post says.", Now.AddDays(1)),
            new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)),
            new CompleteDirective(People.CustomerServiceRep, new DirectiveId(1), "Collected."),
            new StartResponse(People.CustomerServiceManager),
            new ResolveIncident(People.CustomerServiceManager, "Answered publicly; the topic calmed down."),
        ];
        foreach (var command in commands)
        {
            _scenario.Time.Advance(Scenario.Step);
            (await Repository().ExecuteAsync(id, command, None)).Switch(_ => { }, e => throw new InvalidOperationException($"{command.GetType().Name} was refused: {e}"));
        }
    }
}
