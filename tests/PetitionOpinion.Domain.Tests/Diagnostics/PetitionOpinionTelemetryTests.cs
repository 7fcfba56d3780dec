using System.Diagnostics;
using System.Diagnostics.Metrics;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Diagnostics;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Monitoring;
using PetitionOpinion.Notifications;
using PetitionOpinion.Organization;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Notifications;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Diagnostics;

/// <summary>
/// The library's metrics and traces (issue 10, docs/telemetry.md): the instruments with their exact names, types and
/// units; one story driven through the repository, the deadline monitor, the notification dispatcher and the opinion
/// monitor, with every measurement's value and tags and every activity checked; refusals, conflicts, unknown categories;
/// nothing built while nobody listens.
/// </summary>
public sealed class PetitionOpinionTelemetryTests
{
    private const string Kind = "petition_opinion.incident.kind";
    private const string Channel = "petition_opinion.incident.channel";
    private const string Category = "petition_opinion.incident.category";
    private const string Level = "petition_opinion.incident.level";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly PersonId MonitorAccount = new("system:opinion-monitor");

    public static TheoryData<string, string, string> Instruments() => new()
    {
        { "petition_opinion.incidents.reported", "Counter", "{incident}" },
        { "petition_opinion.incidents.assessed", "Counter", "{incident}" },
        { "petition_opinion.incident.level_escalations", "Counter", "{escalation}" },
        { "petition_opinion.incident.time_to_acknowledge", "Histogram", "s" },
        { "petition_opinion.incident.time_to_resolve", "Histogram", "s" },
        { "petition_opinion.deadline.alerts", "Counter", "{alert}" },
        { "petition_opinion.notifications.delivered", "Counter", "{notification}" },
        { "petition_opinion.notifications.retried", "Counter", "{attempt}" },
        { "petition_opinion.notifications.failed", "Counter", "{attempt}" },
        { "petition_opinion.outbox.unreadable", "Counter", "{attempt}" },
        { "petition_opinion.outbox.pending", "Gauge", "{message}" },
        { "petition_opinion.monitor.signals", "ObservableCounter", "{signal}" },
        { "petition_opinion.monitor.alerts", "Counter", "{alert}" },
    };

    [Fact]
    public void Instruments_NewTelemetry_PublishesExactlyTheDocumentedInstrumentsOnTheLibrarysMeter()
    {
        using var telemetry = new PetitionOpinionTelemetry();
        using var capture = new TelemetryCapture(telemetry);

        var expected = Instruments().Select(row => ((string)row[0], (string)row[1], (string)row[2])).Order();
        Assert.Equal(expected, capture.Instruments.Values.Select(i => (i.Name, TypeName(i), i.Unit ?? string.Empty)).Order());
        Assert.All(capture.Instruments.Values, i => Assert.False(string.IsNullOrWhiteSpace(i.Description)));
        Assert.Equal(("PetitionOpinion", "PetitionOpinion"), (telemetry.Meter.Name, telemetry.Source.Name));
        Assert.Equal((PetitionOpinionTelemetry.MeterName, PetitionOpinionTelemetry.ActivitySourceName), (telemetry.Meter.Name, telemetry.Source.Name));
    }

    [Fact]
    public async Task Story_ThroughEveryService_CountsTracesAndTimesExactly()
    {
        using var telemetry = new PetitionOpinionTelemetry();
        using var capture = new TelemetryCapture(telemetry);
        var scenario = new Scenario(organization: OrganizationWithMonitor());
        var store = new InMemoryIncidentStore();
        var repository = new IncidentRepository(store, scenario.Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions(), new NotificationRouter(scenario.Organization), telemetry);
        var deadlines = new DeadlineMonitor(repository, new DeadlineScanner(DeadlinePolicy.Default, scenario.Time));

        // A petition on the hotline, reported twice with one key; assessed (III) ten minutes later, which acknowledges it;
        // raised to II; a directive due in four hours, scanned at 50 %, 100 % and 125 %; then handled and resolved.
        scenario.Time.Advance(Scenario.Step);
        var reportedAt = scenario.Now;
        var id = Ok(await repository.ReportAsync(Scenario.ReportCommand(), "crm-4711", None)).Id;
        Ok(await repository.ReportAsync(Scenario.ReportCommand(), "crm-4711", None));
        scenario.Time.Advance(TimeSpan.FromMinutes(10));
        Ok(await repository.ExecuteAsync(id, new AssessIncident(People.CustomerServiceRep, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.Medium, "One customer."), None));
        var refused = (await repository.ExecuteAsync(id, new AssessIncident(People.CustomerServiceRep, SeverityLevel.IV, ImpactScope.Individual, PotentialRisk.Low, "Again."), None)).AsT1;
        scenario.Time.Advance(TimeSpan.FromMinutes(5));
        Ok(await repository.ExecuteAsync(id, new ReassessIncident(People.CustomerServiceManager, SeverityLevel.II, ImpactScope.Group, PotentialRisk.High, "Others affected."), None));
        scenario.Time.Advance(TimeSpan.FromMinutes(5));
        var issuedAt = scenario.Now;
        Ok(await repository.ExecuteAsync(id, new IssueDirective(People.CustomerServiceRep, DirectiveKind.InformationCollection, WellKnownGroups.PetitionHandlingGroup, "Collect the account history.", issuedAt.AddHours(4)), None));
        foreach (var hours in new[] { 2, 4, 5 })
        {
            scenario.Time.SetUtcNow(issuedAt.AddHours(hours));
            Assert.Empty((await deadlines.ScanAsync(None)).Failures);
        }

        Ok(await repository.ExecuteAsync(id, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)), None));
        Ok(await repository.ExecuteAsync(id, new CompleteDirective(People.CustomerServiceRep, new DirectiveId(1), "Collected."), None));
        Ok(await repository.ExecuteAsync(id, new StartResponse(People.CustomerServiceManager), None));
        scenario.Time.Advance(TimeSpan.FromMinutes(30));
        var resolvedAt = scenario.Now;
        var incident = Ok(await repository.ExecuteAsync(id, new ResolveIncident(People.CustomerServiceManager, "Fixed and apologised."), None));

        // The incident's counts, with the petition's tags; the level is the one at the time.
        var petition = $"{Category}=DataPrivacy;{Channel}=hotline;{Kind}=petition";
        Assert.Equal(Map((petition, 1)), capture.Sums("petition_opinion.incidents.reported"));
        Assert.Equal(Map(($"{petition};{Level}=III", 1)), capture.Sums("petition_opinion.incidents.assessed"));
        Assert.Equal(Map(($"{Category}=DataPrivacy;{Kind}=petition;{Level}=II;petition_opinion.incident.previous_level=III", 1)), capture.Sums("petition_opinion.incident.level_escalations"));
        var acknowledged = Assert.Single(capture.Of("petition_opinion.incident.time_to_acknowledge"));
        Assert.Equal((600.0, $"{petition};{Level}=III"), (acknowledged.Value, acknowledged.TagText));
        var resolved = Assert.Single(capture.Of("petition_opinion.incident.time_to_resolve"));
        Assert.Equal(((resolvedAt - reportedAt).TotalSeconds, $"{petition};{Level}=II"), (resolved.Value, resolved.TagText));

        // Every deadline alert recorded, by alert and kind of target: the directive's two warnings, breach and escalation,
        // and whatever else came due, each counted once.
        var recorded = incident.History.OfType<DeadlineAlertRaised>().ToList();
        var expectedAlerts = recorded
            .GroupBy(a => $"petition_opinion.deadline.alert={a.Alert.ToString().ToLowerInvariant()};petition_opinion.deadline.target={TargetOf(a.Deadline.ToString())};{Level}=II")
            .ToDictionary(g => g.Key, g => (double)g.Count(), StringComparer.Ordinal);
        var alerts = capture.Sums("petition_opinion.deadline.alerts");
        Assert.Equal(expectedAlerts.OrderBy(p => p.Key), alerts.OrderBy(p => p.Key));
        Assert.Equal(2, alerts[$"petition_opinion.deadline.alert=warning;petition_opinion.deadline.target=directive;{Level}=II"]);
        Assert.Equal(1, alerts[$"petition_opinion.deadline.alert=breach;petition_opinion.deadline.target=directive;{Level}=II"]);
        Assert.Equal(1, alerts[$"petition_opinion.deadline.alert=escalation;petition_opinion.deadline.target=directive;{Level}=II"]);

        // One activity per command, whatever its outcome; one per scan, the alerts' records inside it.
        var commands = capture.Activities.Where(a => a.OperationName == "petition_opinion.incident.command").ToList();
        Assert.Equal(
            ["report", "report", "assess", "assess", "reassess", "issue_directive", "record_deadline_alerts", "record_deadline_alerts", "record_deadline_alerts", "acknowledge_directive", "complete_directive", "start_response", "resolve"],
            commands.Select(a => (string)a.GetTagItem("petition_opinion.incident.action")!));
        Assert.All(commands, a => Assert.Equal(id.ToString(), a.GetTagItem("petition_opinion.incident.id")));
        Assert.Equal(
            ["stored", "replayed", "stored", "refused", "stored", "stored", "stored", "stored", "stored", "stored", "stored", "stored", "stored"],
            commands.Select(a => (string)a.GetTagItem("petition_opinion.incident.outcome")!));
        Assert.Equal("incident report", commands[0].DisplayName);
        Assert.Equal((1, 0, "reported"), ((int)commands[0].GetTagItem("petition_opinion.incident.events_appended")!, (int)commands[0].GetTagItem("petition_opinion.incident.conflict_retries")!, (string)commands[0].GetTagItem("petition_opinion.incident.state")!));
        Assert.Equal((refused.Code, ActivityStatusCode.Unset), ((string)commands[3].GetTagItem("error.type")!, commands[3].Status));
        Assert.Equal("resolved", commands[^1].GetTagItem("petition_opinion.incident.state"));
        var scans = capture.Activities.Where(a => a.OperationName == "petition_opinion.deadline.scan").ToList();
        Assert.Equal(3, scans.Count);
        Assert.All(scans, s => Assert.Equal((1, 0), ((int)s.GetTagItem("petition_opinion.deadline.incidents_scanned")!, (int)s.GetTagItem("petition_opinion.deadline.failures")!)));
        Assert.Equal(recorded.Count, scans.Sum(s => (int)s.GetTagItem("petition_opinion.deadline.alerts_recorded")!));
        Assert.Equal(scans.Select(s => s.SpanId), commands.Where(a => (string)a.GetTagItem("petition_opinion.incident.action")! == "record_deadline_alerts").Select(a => a.ParentSpanId));

        // Delivery: SMS fails every attempt of the first pass, e-mail delivers; an hour later SMS delivers on its retry.
        var notifications = (await store.ReadOutboxAsync(int.MaxValue, None)).Select(m => NotificationSerializer.Deserialize(m.Payload.Span)).ToList();
        Assert.NotEmpty(notifications);
        var byTopic = notifications.GroupBy(n => TopicOf(n.Topic)).ToDictionary(g => g.Key, g => (double)g.Count(), StringComparer.Ordinal);
        var sms = new TestChannel("sms", scenario.Time) { AlwaysFails = _ => true };
        var email = new TestChannel("email", scenario.Time);
        var dispatcher = new NotificationDispatcher(store, [sms, email], scenario.Time, new NotificationOptions(), telemetry: telemetry);
        var first = await dispatcher.DispatchPendingAsync(None);
        var pendingAfterFirst = capture.Of("petition_opinion.outbox.pending").Single().Value;
        sms.AlwaysFails = _ => false;
        scenario.Time.Advance(TimeSpan.FromHours(1));
        var second = await dispatcher.DispatchPendingAsync(None);

        Assert.Equal((notifications.Count, notifications.Count, 0), (first.Delivered, first.Failed, first.Acknowledged));
        Assert.Equal((notifications.Count, notifications.Count), (second.Delivered, second.Acknowledged));
        Assert.Equal([notifications.Count, 0.0], capture.Of("petition_opinion.outbox.pending").Select(m => m.Value));
        Assert.Equal(notifications.Count, pendingAfterFirst);
        Assert.Equal(
            byTopic.SelectMany(t => new[] { ($"petition_opinion.notification.channel=email;petition_opinion.notification.topic={t.Key}", t.Value), ($"petition_opinion.notification.channel=sms;petition_opinion.notification.topic={t.Key}", t.Value) }).OrderBy(p => p.Item1),
            capture.Sums("petition_opinion.notifications.delivered").Select(p => (p.Key, p.Value)).OrderBy(p => p.Key));
        Assert.Equal(
            byTopic.Select(t => ($"error.type=System.InvalidOperationException;petition_opinion.notification.channel=sms;petition_opinion.notification.topic={t.Key}", t.Value)).OrderBy(p => p.Item1),
            capture.Sums("petition_opinion.notifications.failed").Select(p => (p.Key, p.Value)).OrderBy(p => p.Key));
        Assert.Equal(
            byTopic.Select(t => ($"petition_opinion.notification.channel=sms;petition_opinion.notification.topic={t.Key}", t.Value)).OrderBy(p => p.Item1),
            capture.Sums("petition_opinion.notifications.retried").Select(p => (p.Key, p.Value)).OrderBy(p => p.Key));
        Assert.Empty(capture.Of("petition_opinion.outbox.unreadable"));

        // One activity per pass, one per attempt inside it.
        var passes = capture.Activities.Where(a => a.OperationName == "petition_opinion.notification.dispatch").ToList();
        var attempts = capture.Activities.Where(a => a.OperationName == "petition_opinion.notification.deliver").ToList();
        Assert.Equal([notifications.Count, notifications.Count], passes.Select(p => (int)p.GetTagItem("petition_opinion.notification.delivered")!));
        Assert.Equal([notifications.Count, 0], passes.Select(p => (int)p.GetTagItem("petition_opinion.outbox.pending")!));
        Assert.Equal(3 * notifications.Count, attempts.Count);
        Assert.All(attempts, a => Assert.Contains(a.ParentSpanId, passes.Select(p => p.SpanId)));
        Assert.All(attempts, a => Assert.Equal(id.ToString(), a.GetTagItem("petition_opinion.incident.id")));
        var failedAttempts = attempts.Where(a => (string)a.GetTagItem("petition_opinion.notification.outcome")! == "failed").ToList();
        Assert.Equal(notifications.Count, failedAttempts.Count);
        Assert.All(failedAttempts, a => Assert.Equal(("sms", 1, "System.InvalidOperationException", ActivityStatusCode.Error), ((string)a.GetTagItem("petition_opinion.notification.channel")!, (int)a.GetTagItem("petition_opinion.notification.attempt")!, (string)a.GetTagItem("error.type")!, a.Status)));
        Assert.Equal(notifications.Count, attempts.Count(a => (string)a.GetTagItem("petition_opinion.notification.channel")! == "sms" && (int)a.GetTagItem("petition_opinion.notification.attempt")! == 2 && (string)a.GetTagItem("petition_opinion.notification.outcome")! == "delivered"));

        // Monitoring: a viral post (accepted, an alert that opens a public-opinion incident), the same post again
        // (a duplicate) and a malformed one.
        using var monitor = new OpinionMonitor(repository, new OpinionMonitorOptions(), scenario.Time, RiskCategory.ProductQuality);
        var post = new MentionSignal("brand", "weibo", scenario.Now.AddSeconds(1), -0.5, 3_000_000, 1_000, "post-1");
        var opened = Assert.Single((await monitor.ObserveAsync(post, None)).Alerts);
        await monitor.ObserveAsync(post, None);
        await monitor.ObserveAsync(post with { Id = "post-2", Sentiment = double.NaN }, None);
        capture.Collect();

        var signals = capture.Of("petition_opinion.monitor.signals");
        Assert.Equal(
            [("petition_opinion.monitor.signal.outcome=accepted", 1.0), ("petition_opinion.monitor.signal.outcome=duplicate", 1), ("petition_opinion.monitor.signal.outcome=late", 0), ("petition_opinion.monitor.signal.outcome=invalid", 1), ("petition_opinion.monitor.signal.outcome=too_far_ahead", 0)],
            signals.Select(m => (m.TagText, m.Value)));
        Assert.Equal(Map(("petition_opinion.monitor.alert.incident=opened;petition_opinion.monitor.alert.kind=high_reach_post", 1)), capture.Sums("petition_opinion.monitor.alerts"));
        Assert.Equal(Map((petition, 1), ($"{Category}=ProductQuality;{Channel}=opinion_monitoring;{Kind}=public_opinion", 1)), capture.Sums("petition_opinion.incidents.reported"));
        var monitorCommands = capture.Activities.Where(a => a.OperationName == "petition_opinion.incident.command").Skip(commands.Count).ToList();
        Assert.Equal(["report", "record_opinion_alert"], monitorCommands.Select(a => (string)a.GetTagItem("petition_opinion.incident.action")!));
        Assert.All(monitorCommands, a => Assert.Equal(opened.Incident.ToString(), a.GetTagItem("petition_opinion.incident.id")));

        // Nothing of the petitioner, the description, the topic or a person anywhere.
        foreach (var text in capture.AllTexts())
        {
            Assert.DoesNotContain("Wang Fang", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("0000 0000", text, StringComparison.Ordinal);
            Assert.DoesNotContain("order history", text, StringComparison.Ordinal);
            Assert.DoesNotContain("brand", text, StringComparison.Ordinal);
            Assert.DoesNotContain(People.CustomerServiceRep.Value, text, StringComparison.Ordinal);
            Assert.DoesNotContain(MonitorAccount.Value, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ReportAsync_CategoryTheRuleSetDoesNotKnow_TaggedOther()
    {
        using var telemetry = new PetitionOpinionTelemetry(categories: [RiskCategory.DataPrivacy, new RiskCategory("Fraud")]);
        using var capture = new TelemetryCapture(telemetry);
        var scenario = new Scenario();
        var repository = new IncidentRepository(new InMemoryIncidentStore(), scenario.Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions(), telemetry: telemetry);

        Ok(await repository.ReportAsync(Scenario.ReportCommand() with { Category = new RiskCategory("wang.fang@example.com") }, null, None));
        Ok(await repository.ReportAsync(Scenario.ReportCommand() with { Category = new RiskCategory("Fraud") }, null, None));
        Ok(await repository.ReportAsync(Scenario.ReportCommand() with { Category = RiskCategory.ProductQuality }, null, None));

        Assert.Equal(
            Map(($"{Category}=Fraud;{Channel}=hotline;{Kind}=petition", 1), ($"{Category}=other;{Channel}=hotline;{Kind}=petition", 2)),
            capture.Sums("petition_opinion.incidents.reported"));
    }

    [Fact]
    public async Task ExecuteAsync_ConflictGivenUp_ActivityIsAnErrorWithItsRetriesAndTheLogSaysWhy()
    {
        using var telemetry = new PetitionOpinionTelemetry();
        using var capture = new TelemetryCapture(telemetry);
        var scenario = new Scenario();
        var store = new ConflictingStore(new InMemoryIncidentStore());
        var log = new CapturingLogger<IncidentRepository>();
        var options = new IncidentStorageOptions { MaxConflictRetries = 2 };
        var repository = new IncidentRepository(store, scenario.Lifecycle, new IncidentEventSerializer(), options, telemetry: telemetry, logger: log);
        var id = Ok(await repository.ReportAsync(Scenario.ReportCommand(), null, None)).Id;
        store.Conflicts = true;

        var error = (await repository.ExecuteAsync(id, new AssessIncident(People.CustomerServiceRep, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.Medium, "One customer."), None)).AsT1;

        Assert.Equal(StorageErrors.Conflict, error.Code);
        var activity = capture.Activities[^1];
        Assert.Equal(("assess", "conflict", StorageErrors.Conflict, ActivityStatusCode.Error), ((string)activity.GetTagItem("petition_opinion.incident.action")!, (string)activity.GetTagItem("petition_opinion.incident.outcome")!, (string)activity.GetTagItem("error.type")!, activity.Status));
        Assert.Empty(capture.Of("petition_opinion.incidents.assessed"));
        Assert.Equal([2, 2, 1], log.Entries.Select(e => e.EventId.Id));
        Assert.All(log.Entries, e => Assert.Contains(id.ToString(), e.Everything, StringComparison.Ordinal));
        Assert.Contains("3 time(s) while assess was being stored", log.Entries[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_StoreThrows_ActivityRecordsTheExceptionTypeOnly()
    {
        using var telemetry = new PetitionOpinionTelemetry();
        using var capture = new TelemetryCapture(telemetry);
        var scenario = new Scenario();
        var store = new ConflictingStore(new InMemoryIncidentStore());
        var repository = new IncidentRepository(store, scenario.Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions(), telemetry: telemetry);
        var id = Ok(await repository.ReportAsync(Scenario.ReportCommand(), null, None)).Id;
        store.Throws = true;

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await repository.ExecuteAsync(id, new AssessIncident(People.CustomerServiceRep, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.Medium, "One customer."), None));

        var activity = capture.Activities[^1];
        Assert.Equal(("System.InvalidOperationException", ActivityStatusCode.Error, "System.InvalidOperationException"), ((string)activity.GetTagItem("error.type")!, activity.Status, activity.StatusDescription));
        Assert.Empty(activity.Events);
    }

    [Fact]
    public async Task NobodyListening_Commands_StartNoActivityAndTheSignalCounterStillReadsTheMonitorsCounts()
    {
        using var telemetry = new PetitionOpinionTelemetry();
        var scenario = new Scenario();
        var repository = new IncidentRepository(new InMemoryIncidentStore(), scenario.Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions(), telemetry: telemetry);
        using var monitor = new OpinionMonitor(repository, new OpinionMonitorOptions(), scenario.Time, RiskCategory.ProductQuality);

        Assert.Null(telemetry.StartCommand("report", null));
        Assert.Null(telemetry.StartScan());
        Assert.Null(telemetry.StartDispatch());
        Ok(await repository.ReportAsync(Scenario.ReportCommand(), null, None));
        await monitor.ObserveAsync(new MentionSignal("topic", "weibo", scenario.Now, 0.1, 10, 1, "a"), None);

        // The signal counter reads the monitor's own counts: a listener that starts now reads them from the start.
        using var capture = new TelemetryCapture(telemetry);
        capture.Collect();
        Assert.Equal([1.0, 0, 0, 0, 0], capture.Of("petition_opinion.monitor.signals").Select(m => m.Value));
        Assert.Equal(new MonitorCounts(1, 0, 0, 0, 0), monitor.Counts);
        Assert.Empty(capture.Activities);
    }

    [Fact]
    public async Task Dispatcher_UnreadablePayload_CountedByErrorType()
    {
        using var telemetry = new PetitionOpinionTelemetry();
        using var capture = new TelemetryCapture(telemetry);
        var world = new NotificationWorld();
        await world.ReportWithAsync(id => [new OutboxMessage(Guid.NewGuid(), id, OutboxMessageKinds.Notification, "key-1", "not json"u8.ToArray(), world.Time.GetUtcNow())]);
        var dispatcher = new NotificationDispatcher(world.Store, [world.Channel("email")], world.Time, world.Options, telemetry: telemetry);

        await dispatcher.DispatchPendingAsync(None);

        Assert.Equal(Map(("error.type=System.IO.InvalidDataException", 1)), capture.Sums("petition_opinion.outbox.unreadable"));
        Assert.Equal([1.0], capture.Of("petition_opinion.outbox.pending").Select(m => m.Value));
    }

    [Fact]
    public void KindOf_EveryDeadlineOfIncidentsInEveryState_IsTheDeadlinesKind()
    {
        var scenario = new Scenario();
        var deadlines = new List<Deadline>();
        foreach (var kind in Enum.GetValues<IncidentKind>())
        {
            foreach (var state in Enum.GetValues<IncidentState>())
            {
                var incident = scenario.Drive(state, kind, state == IncidentState.Assessed ? SeverityLevel.I : SeverityLevel.III);
                if (state == IncidentState.Resolved)
                {
                    // A petition's review request (refused for other kinds: then nothing changes).
                    scenario.Time.Advance(Scenario.Step);
                    _ = scenario.Lifecycle.Execute(incident, new RequestReview(People.CustomerServiceRep, "The petitioner asks for a review."));
                }

                deadlines.AddRange(DeadlineCalculator.Compute(DeadlinePolicy.Default, incident, scenario.Now.AddDays(1)).Deadlines);
            }
        }

        Assert.Subset(
            deadlines.Select(d => d.Kind).ToHashSet(),
            new HashSet<DeadlineKind> { DeadlineKind.Acknowledge, DeadlineKind.AssessmentDone, DeadlineKind.Resolution, DeadlineKind.Directive, DeadlineKind.AcceptanceNotice, DeadlineKind.HandlingOpinion });
        Assert.All(deadlines, d => Assert.Equal(d.Kind, d.Key.Kind));
        Assert.Equal(
            [DeadlineKind.Resolution, DeadlineKind.StatusUpdate, DeadlineKind.ReviewDecision, DeadlineKind.FirstPublicStatement, DeadlineKind.Directive],
            new[] { "resolution-2", "status-update-14", "review-decision-1", "first-statement", "directive-12" }.Select(k => DeadlineKey.Parse(k).Kind));
        Assert.Equal("other", TelemetryTags.Of((DeadlineKind)0));
    }

    private static Incident Ok(OneOf.OneOf<Incident, DomainError> result) => result.Match(i => i, e => throw new InvalidOperationException($"Refused: {e}"));

    private static Dictionary<string, double> Map(params (string Tags, double Value)[] pairs) => pairs.ToDictionary(p => p.Tags, p => p.Value, StringComparer.Ordinal);

    private static string TypeName(Instrument instrument) => instrument.GetType().GetGenericTypeDefinition().Name.Split('`')[0];

    private static string TopicOf(NotificationTopic topic) => topic switch
    {
        NotificationTopic.IncidentEscalated => "incident_escalated",
        NotificationTopic.DirectiveIssued => "directive_issued",
        NotificationTopic.DeadlineWarning => "deadline_warning",
        NotificationTopic.DeadlineBreached => "deadline_breached",
        NotificationTopic.IncidentNatureAdded => "incident_nature_added",
        _ => "deadline_escalated",
    };

    // The deadline keys as docs/deadlines.md names them, written out here to check the library's mapping independently.
    private static string TargetOf(string key) => key switch
    {
        "acknowledge" => "acknowledge",
        "assessment" => "assessment_done",
        "first-statement" => "first_public_statement",
        "acceptance-notice" => "acceptance_notice",
        "handling-opinion" => "handling_opinion",
        _ when key.StartsWith("resolution", StringComparison.Ordinal) => "resolution",
        _ when key.StartsWith("status-update-", StringComparison.Ordinal) => "status_update",
        _ when key.StartsWith("review-decision-", StringComparison.Ordinal) => "review_decision",
        _ => key.StartsWith("directive-", StringComparison.Ordinal) ? "directive" : "?",
    };

    private static ResponseOrganization OrganizationWithMonitor()
        => Scenario.SeedBuilderWithPeople().AddPerson(MonitorAccount, "Opinion monitor").Build()
            .Match(o => o, e => throw new InvalidOperationException($"The test organisation is not valid: {e}"));

    /// <summary>A store whose appends to existing incidents conflict, or throw, when told to.</summary>
    private sealed class ConflictingStore(InMemoryIncidentStore inner) : IIncidentStore
    {
        public bool Conflicts { get; set; }

        public bool Throws { get; set; }

        public ValueTask<AppendResult> AppendAsync(AppendRequest request, CancellationToken cancellationToken)
        {
            var existing = request.Incidents.FirstOrDefault(a => a.ExpectedVersion > 0);
            if (Throws && existing is not null)
            {
                throw new InvalidOperationException("The database at /secret/path is locked; Wang Fang's row.");
            }

            return Conflicts && existing is not null
                ? ValueTask.FromResult(AppendResult.Conflict(existing.IncidentId, existing.ExpectedVersion + 1))
                : inner.AppendAsync(request, cancellationToken);
        }

        public ValueTask<IReadOnlyList<StoredEvent>> LoadAsync(IncidentId incident, CancellationToken cancellationToken) => inner.LoadAsync(incident, cancellationToken);

        public ValueTask<IncidentHistory> LoadHistoryAsync(IncidentId incident, CancellationToken cancellationToken) => inner.LoadHistoryAsync(incident, cancellationToken);

        public ValueTask<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(long fromSequence, int maxCount, CancellationToken cancellationToken) => inner.ReadLedgerAsync(fromSequence, maxCount, cancellationToken);

        public ValueTask<IncidentId?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken) => inner.FindByIdempotencyKeyAsync(idempotencyKey, cancellationToken);

        public ValueTask<IncidentSummaryPage> QueryAsync(IncidentQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

        public ValueTask<IReadOnlyList<OutboxMessage>> ReadOutboxAsync(int maxCount, CancellationToken cancellationToken) => inner.ReadOutboxAsync(maxCount, cancellationToken);

        public ValueTask AcknowledgeOutboxAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken) => inner.AcknowledgeOutboxAsync(messageIds, cancellationToken);

        public ValueTask<int> PurgeOutboxAsync(DateTimeOffset acknowledgedBefore, int maxCount, CancellationToken cancellationToken) => inner.PurgeOutboxAsync(acknowledgedBefore, maxCount, cancellationToken);
    }
}
