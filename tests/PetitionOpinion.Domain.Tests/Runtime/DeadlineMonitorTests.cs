using System.Data.Common;
using Microsoft.Extensions.Logging;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Notifications;
using PetitionOpinion.Organization;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Notifications;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Deadlines;

/// <summary>
/// <see cref="DeadlineMonitor"/> over a repository with the notification router and the in-memory store, on a fake
/// clock: alerts are recorded with their notifications once however often (and by however many monitors) the store is
/// scanned; a directive's breach goes to its group's leader and then to the leading group; a failing channel never
/// undoes a recorded alert; dismissed incidents are not scanned.
/// </summary>
public sealed class DeadlineMonitorTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly Scenario _scenario = new();
    private readonly InMemoryIncidentStore _store = new();
    private readonly NotificationRouter _router;

    public DeadlineMonitorTests() => _router = new NotificationRouter(_scenario.Organization);

    [Fact]
    public async Task ScanAsync_Twice_RecordsAndNotifiesEachAlertOnce()
    {
        var monitor = Monitor();
        var id = await ReportAsync();
        _scenario.Time.Advance(TimeSpan.FromDays(3));

        var first = await monitor.ScanAsync(None);
        var history = (await _store.LoadAsync(id, None)).Count;
        var outbox = await _store.ReadOutboxAsync(int.MaxValue, None);
        var second = await monitor.ScanAsync(None);

        Assert.Equal(1, first.IncidentsScanned);
        Assert.Empty(first.Failures);
        Assert.Contains(first.Alerts, a => a.Alert.Kind == DeadlineAlertKind.Escalation);
        Assert.Contains(outbox.Select(Read), n => n.Topic == NotificationTopic.DeadlineEscalated);
        Assert.Equal((1, 0, 0), (second.IncidentsScanned, second.Alerts.Count, second.Failures.Count));
        Assert.Equal(history, (await _store.LoadAsync(id, None)).Count);
        Assert.Equal(outbox.Select(m => m.Id), (await _store.ReadOutboxAsync(int.MaxValue, None)).Select(m => m.Id));
        var incident = await Repository().FindAsync(id, None);
        Assert.Equal(first.Alerts.Count, incident!.DeadlineAlerts.Count);
        Assert.Equal(incident.DeadlineAlerts.Count, incident.DeadlineAlerts.Select(a => (a.Deadline, a.Alert, a.Percent)).Distinct().Count());
    }

    [Fact]
    public async Task ScanAsync_BreachedDirective_TellsTheAssigneeGroupsLeaderFirstThenTheLeadingGroup()
    {
        var monitor = Monitor();
        var id = await ReportAsync();
        await ExecuteAsync(id, new AssessIncident(People.CustomerServiceRep, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.Medium, "One customer."));
        var issuedAt = _scenario.Now + Scenario.Step;
        await ExecuteAsync(id, new IssueDirective(People.CustomerServiceRep, DirectiveKind.OpinionMonitoring, WellKnownGroups.OpinionMonitoringGroup, "Watch Weibo for the topic.", issuedAt.AddHours(4)));

        _scenario.Time.SetUtcNow(issuedAt.AddHours(2));
        await monitor.ScanAsync(None);
        _scenario.Time.SetUtcNow(issuedAt.AddHours(3));
        await monitor.ScanAsync(None);
        _scenario.Time.SetUtcNow(issuedAt.AddHours(4));
        await monitor.ScanAsync(None);
        _scenario.Time.SetUtcNow(issuedAt.AddHours(5));
        await monitor.ScanAsync(None);

        var directive = (await _store.ReadOutboxAsync(int.MaxValue, None)).Select(Read).Where(n => n.Subject.StartsWith("Deadline directive-1:", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                .. SeedRecipients.Members(WellKnownGroups.OpinionMonitoringGroup).Select(p => (NotificationTopic.DeadlineWarning, p)),
                .. SeedRecipients.Members(WellKnownGroups.OpinionMonitoringGroup).Select(p => (NotificationTopic.DeadlineWarning, p)),
                (NotificationTopic.DeadlineBreached, People.PrManager),
                .. SeedRecipients.Members(WellKnownGroups.LeadingGroup).Select(p => (NotificationTopic.DeadlineEscalated, p)),
            ],
            directive.Select(n => (n.Topic, n.Recipient)));
        Assert.Equal([issuedAt.AddHours(2), issuedAt.AddHours(3), issuedAt.AddHours(4), issuedAt.AddHours(5)], directive.Select(n => n.CreatedAt).Distinct());
    }

    public static TheoryData<int> PointsScannedOnTime => [0, 1, 2, 3];

    [Theory]
    [MemberData(nameof(PointsScannedOnTime))]
    public async Task ScanAsync_FirstScanAfterTheEscalationPoint_RecordsAndNotifiesEveryPassedPointOnceInOrderAsLate(int onTime)
    {
        // The acknowledgement of an unassessed report (level III): 4 hours; 50% at 2 h, 75% at 3 h, breach at 4 h,
        // escalation at 5 h. The monitor runs on time at the first `onTime` points, then the host stops overnight.
        (DeadlineAlertKind Kind, int Percent, int Hours)[] points = [(DeadlineAlertKind.Warning, 50, 2), (DeadlineAlertKind.Warning, 75, 3), (DeadlineAlertKind.Breach, 100, 4), (DeadlineAlertKind.Escalation, 125, 5)];
        var monitor = Monitor();
        var id = await ReportAsync();
        var reported = (await Repository().FindAsync(id, None))!.ReportedAt;
        for (var i = 0; i < onTime; i++)
        {
            _scenario.Time.SetUtcNow(reported.AddHours(points[i].Hours));
            var scan = await monitor.ScanAsync(None);
            Assert.All(scan.Alerts.Where(a => a.Alert.Deadline.Key == DeadlineKey.Acknowledge), a => Assert.False(a.Alert.Late));
        }

        var before = (await _store.ReadOutboxAsync(int.MaxValue, None)).Count;
        _scenario.Time.SetUtcNow(reported.AddHours(14));
        var late = await monitor.ScanAsync(None);
        var again = await monitor.ScanAsync(None);

        var passed = points[onTime..];
        Assert.Equal(
            passed.Select(p => (p.Kind, p.Percent, reported.AddHours(p.Hours), true)),
            late.Alerts.Where(a => a.Alert.Deadline.Key == DeadlineKey.Acknowledge).Select(a => (a.Alert.Kind, a.Alert.Percent, a.Alert.ReachedAt, a.Alert.Late)));
        Assert.Empty(again.Alerts);
        var incident = (await Repository().FindAsync(id, None))!;
        Assert.Equal(
            points.Select((p, i) => (p.Kind, p.Percent, (DateTimeOffset?)reported.AddHours(p.Hours), i >= onTime)),
            incident.DeadlineAlerts.Where(a => a.Deadline == DeadlineKey.Acknowledge).Select(a => (a.Alert, a.Percent, a.ReachedAt, a.Late)));
        var stored = incident.History.OfType<DeadlineAlertRaised>().Where(a => a.Deadline == DeadlineKey.Acknowledge).ToList();
        Assert.All(stored.Skip(onTime), a => Assert.Equal((reported.AddHours(14), true), (a.OccurredAt, a.Late)));

        // Each passed point to its own recipients, in the order the points were reached, each saying it is late.
        var told = (await _store.ReadOutboxAsync(int.MaxValue, None)).Skip(before).Select(Read).Where(n => n.Subject.StartsWith("Deadline acknowledge:", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            passed.SelectMany<(DeadlineAlertKind Kind, int Percent, int Hours), (NotificationTopic, PersonId)>(p => p.Kind switch
            {
                DeadlineAlertKind.Warning => SeedRecipients.Members(WellKnownGroups.PetitionHandlingGroup).Select(r => (NotificationTopic.DeadlineWarning, r)),
                DeadlineAlertKind.Breach => [(NotificationTopic.DeadlineBreached, People.CustomerServiceManager)],
                _ => SeedRecipients.Members(WellKnownGroups.LeadingGroup).Select(r => (NotificationTopic.DeadlineEscalated, r)),
            }),
            told.Select(n => (n.Topic, n.Recipient)));
        Assert.All(told, n => Assert.Contains("(late: became due ", n.Subject, StringComparison.Ordinal));
        Assert.All(told, n => Assert.Contains("Late alert: it became due ", n.Body, StringComparison.Ordinal));
        Assert.Equal(told.Count, told.Select(n => n.DeduplicationKey).Distinct().Count());
    }

    [Fact]
    public async Task ScanAsync_EveryMinute_RecordsEveryPointOnTimeAndNothingLate()
    {
        var monitor = Monitor();
        var id = await ReportAsync();
        var reported = (await Repository().FindAsync(id, None))!.ReportedAt;

        // What RunAsync does with a one-minute interval, scan by scan.
        while (_scenario.Now < reported.AddHours(6))
        {
            _scenario.Time.Advance(TimeSpan.FromMinutes(1));
            await monitor.ScanAsync(None);
        }

        var incident = (await Repository().FindAsync(id, None))!;
        var acknowledge = incident.DeadlineAlerts.Where(a => a.Deadline == DeadlineKey.Acknowledge).ToList();
        Assert.Equal([50, 75, 100, 125], acknowledge.Select(a => a.Percent));
        Assert.All(acknowledge, a => Assert.False(a.Late, $"{a.Alert} {a.Percent}% recorded {a.RaisedAt - a.ReachedAt} after it became due"));
        Assert.DoesNotContain((await _store.ReadOutboxAsync(int.MaxValue, None)).Select(Read), n => n.Subject.Contains("(late", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScanIncidentAsync_TwoMonitorsScanningTheSameIncidentAtOnce_RaiseEachAlertOnce()
    {
        // Monitor A loads the incident and decides; before its append lands, monitor B scans the same incident from
        // start to end. A's append then conflicts: it reloads, finds B's alerts recorded and nothing new to record.
        var racing = new InterleavingStore(_store);
        var a = Monitor(racing);
        var b = Monitor();
        var id = await ReportAsync();
        _scenario.Time.Advance(TimeSpan.FromDays(3));
        IReadOnlyList<DeadlineAlert> byB = [];
        racing.BeforeNextAppend = async () => byB = (await b.ScanIncidentAsync(id, None)).AsT0;

        var byA = (await a.ScanIncidentAsync(id, None)).AsT0;

        Assert.Equal([AppendStatus.Conflict], racing.Results.Select(r => r.Status));
        Assert.NotEmpty(byB);
        Assert.Empty(byA);
        var incident = await Repository().FindAsync(id, None);
        Assert.Equal(byB.Select(x => (x.Deadline.Key, x.Kind, x.Percent)), incident!.DeadlineAlerts.Select(x => (x.Deadline, x.Alert, x.Percent)));
        var outbox = await _store.ReadOutboxAsync(int.MaxValue, None);
        Assert.Equal(_router.Route(incident, [.. incident.History.TakeLast(byB.Count)]).Select(n => n.DeduplicationKey), outbox.Select(m => m.DeduplicationKey));
    }

    [Fact]
    public async Task ScanAsync_TwoMonitorsOneAfterTheOther_TheSecondRecordsNothing()
    {
        var id = await ReportAsync();
        _scenario.Time.Advance(TimeSpan.FromDays(3));

        var first = await Monitor().ScanAsync(None);
        var outbox = (await _store.ReadOutboxAsync(int.MaxValue, None)).Count;
        var second = await Monitor().ScanAsync(None);

        Assert.NotEmpty(first.Alerts);
        Assert.Empty(second.Alerts);
        Assert.Equal(outbox, (await _store.ReadOutboxAsync(int.MaxValue, None)).Count);
        Assert.Equal(first.Alerts.Count, (await Repository().FindAsync(id, None))!.DeadlineAlerts.Count);
    }

    [Fact]
    public async Task ScanAsync_ChannelThatAlwaysFails_NeverUndoesTheRecordedAlerts()
    {
        var monitor = Monitor();
        var id = await ReportAsync();
        _scenario.Time.Advance(TimeSpan.FromDays(3));
        var scan = await monitor.ScanAsync(None);
        var recorded = scan.Alerts.Select(a => (a.Alert.Deadline.Key, a.Alert.Kind, a.Alert.Percent)).ToList();
        var pending = (await _store.ReadOutboxAsync(int.MaxValue, None)).Select(m => m.Id).ToList();
        var dispatcher = new NotificationDispatcher(_store, [new TestChannel("sms", _scenario.Time) { AlwaysFails = _ => true }], _scenario.Time, new NotificationOptions());

        var failed = await dispatcher.DispatchPendingAsync(None);
        var rescan = await monitor.ScanAsync(None);
        for (var pass = 0; pass < 3; pass++)
        {
            _scenario.Time.Advance(TimeSpan.FromMinutes(30));
            failed = await dispatcher.DispatchPendingAsync(None);
        }

        Assert.NotEmpty(recorded);
        Assert.Equal((pending.Count, 0), (failed.Failed, failed.Acknowledged));
        Assert.Empty(rescan.Alerts);
        Assert.Equal(recorded, (await Repository().FindAsync(id, None))!.DeadlineAlerts.Select(a => (a.Deadline, a.Alert, a.Percent)));
        Assert.Equal(pending, (await _store.ReadOutboxAsync(int.MaxValue, None)).Select(m => m.Id));

        // The failing dispatcher stops (as a host stopping it would, it gives up its claims); a new one takes over at once.
        await dispatcher.ReleaseClaimsAsync(None);
        var working = new TestChannel("sms", _scenario.Time);
        var delivered = await new NotificationDispatcher(_store, [working], _scenario.Time, new NotificationOptions()).DispatchPendingAsync(None);
        Assert.Equal(pending.Count, delivered.Acknowledged);
        Assert.Equal(recorded, (await Repository().FindAsync(id, None))!.DeadlineAlerts.Select(a => (a.Deadline, a.Alert, a.Percent)));
    }

    [Fact]
    public async Task ScanAsync_DismissedIncident_IsNotScanned()
    {
        var monitor = Monitor();
        var dismissed = await ReportAsync();
        await ExecuteAsync(dismissed, new DismissIncident(People.CustomerServiceRep, "Out of scope: not about the company."));
        var open = await ReportAsync();
        _scenario.Time.Advance(TimeSpan.FromDays(40));

        var report = await monitor.ScanAsync(None);

        Assert.Equal(1, report.IncidentsScanned);
        Assert.NotEmpty(report.Alerts);
        Assert.All(report.Alerts, a => Assert.Equal(open, a.Incident));
        Assert.DoesNotContain(await _store.LoadAsync(dismissed, None), e => e.EventType == nameof(DeadlineAlertRaised));
        Assert.DoesNotContain(await _store.ReadOutboxAsync(int.MaxValue, None), m => m.IncidentId == dismissed);
        Assert.Empty((await monitor.ScanIncidentAsync(open, None)).AsT0);
    }

    [Theory]
    [InlineData("invalid-operation")]
    [InlineData("timeout")]
    [InlineData("database")]
    public async Task RunAsync_ScanThatThrows_IsLoggedAndTheNextScanRuns(string failure)
    {
        // DeadlineMonitor.RunAsync's contract: "a scan that throws is logged (type only) and the next one runs". A
        // store's own exceptions (a time-out, a driver's DbException such as SQLite's "database is locked") must not
        // end the loop for good.
        var store = new InterleavingStore(_store)
        {
            FailNextQuery = failure switch
            {
                "invalid-operation" => new InvalidOperationException("The store is shutting down."),
                "timeout" => new TimeoutException("The query timed out."),
                _ => new BusyDatabaseException(),
            },
        };
        var log = new CapturingLogger<DeadlineMonitor>();
        var monitor = new DeadlineMonitor(Repository(store), new DeadlineScanner(DeadlinePolicy.Default, _scenario.Time), log);
        var id = await ReportAsync();
        _scenario.Time.Advance(TimeSpan.FromDays(3));
        using var stop = new CancellationTokenSource();

        var run = monitor.RunAsync(TimeSpan.FromMinutes(1), stop.Token);
        Assert.False(run.IsFaulted, $"RunAsync stopped after the scan threw: {run.Exception?.InnerException?.GetType().Name}.");
        _scenario.Time.Advance(TimeSpan.FromMinutes(1));
        await store.Appended.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEmpty((await Repository().FindAsync(id, None))!.DeadlineAlerts);
        var threw = Assert.Single(log.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains(store.Failed!.GetType().Name, threw.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(store.Failed.Message, threw.Everything, StringComparison.Ordinal);
    }

    private static Notification Read(OutboxMessage message) => NotificationSerializer.Deserialize(message.Payload.Span);

    private IncidentRepository Repository(IIncidentStore? store = null)
        => new(store ?? _store, _scenario.Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions(), _router);

    private DeadlineMonitor Monitor(IIncidentStore? store = null)
        => new(Repository(store), new DeadlineScanner(DeadlinePolicy.Default, _scenario.Time), new CapturingLogger<DeadlineMonitor>());

    private async Task<IncidentId> ReportAsync()
    {
        _scenario.Time.Advance(Scenario.Step);
        return (await Repository().ReportAsync(Scenario.ReportCommand(), null, None)).Match(i => i.Id, e => throw new InvalidOperationException($"Report was refused: {e}"));
    }

    private async Task ExecuteAsync(IncidentId id, IncidentCommand command)
    {
        _scenario.Time.Advance(Scenario.Step);
        (await Repository().ExecuteAsync(id, command, None)).Switch(_ => { }, e => throw new InvalidOperationException($"{command.GetType().Name} was refused: {e}"));
    }

    /// <summary>A driver's exception, as SQLite's SQLITE_BUSY surfaces through Microsoft.Data.Sqlite.</summary>
    private sealed class BusyDatabaseException() : DbException("database is locked");

    /// <summary>
    /// A store that runs <see cref="BeforeNextAppend"/> (once) before passing the next append on, keeps every append's
    /// result and signals the first one that was stored, and throws <see cref="FailNextQuery"/> (once) from a query.
    /// </summary>
    private sealed class InterleavingStore(InMemoryIncidentStore inner) : IIncidentStore
    {
        public Func<Task>? BeforeNextAppend { get; set; }

        public Exception? FailNextQuery { get; set; }

        public Exception? Failed { get; private set; }

        public List<AppendResult> Results { get; } = [];

        public TaskCompletionSource Appended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<AppendResult> AppendAsync(AppendRequest request, CancellationToken cancellationToken)
        {
            if (BeforeNextAppend is { } before)
            {
                BeforeNextAppend = null;
                await before();
            }

            var result = await inner.AppendAsync(request, cancellationToken);
            Results.Add(result);
            if (result.Status == AppendStatus.Appended)
            {
                Appended.TrySetResult();
            }

            return result;
        }

        public ValueTask<IReadOnlyList<StoredEvent>> LoadAsync(IncidentId incident, CancellationToken cancellationToken) => inner.LoadAsync(incident, cancellationToken);

        public ValueTask<IncidentHistory> LoadHistoryAsync(IncidentId incident, CancellationToken cancellationToken) => inner.LoadHistoryAsync(incident, cancellationToken);

        public ValueTask<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(long fromSequence, int maxCount, CancellationToken cancellationToken) => inner.ReadLedgerAsync(fromSequence, maxCount, cancellationToken);

        public ValueTask<IncidentId?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken) => inner.FindByIdempotencyKeyAsync(idempotencyKey, cancellationToken);

        public ValueTask<IncidentSummaryPage> QueryAsync(IncidentQuery query, CancellationToken cancellationToken)
        {
            if (FailNextQuery is { } failure)
            {
                FailNextQuery = null;
                Failed = failure;
                throw failure;
            }

            return inner.QueryAsync(query, cancellationToken);
        }

        public ValueTask<IReadOnlyList<OutboxMessage>> ReadOutboxAsync(int maxCount, CancellationToken cancellationToken) => inner.ReadOutboxAsync(maxCount, cancellationToken);

        public ValueTask AcknowledgeOutboxAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken) => inner.AcknowledgeOutboxAsync(messageIds, cancellationToken);

        public ValueTask<int> PurgeOutboxAsync(DateTimeOffset acknowledgedBefore, int maxCount, CancellationToken cancellationToken) => inner.PurgeOutboxAsync(acknowledgedBefore, maxCount, cancellationToken);
    }
}
