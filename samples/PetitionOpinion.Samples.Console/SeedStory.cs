using Microsoft.Extensions.DependencyInjection;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Notifications;
using PetitionOpinion.Organization;
using PetitionOpinion.Storage;
using static PetitionOpinion.Samples.SampleOrganization;

namespace PetitionOpinion.Samples;

/// <summary>
/// The seed plan's story end to end (the plan's process, 应急处置流程): a data-privacy complaint arrives on the hotline, is assessed,
/// directives go out, customer service contacts the customer, PR publishes a statement after legal review, the
/// logistics group supplies IT support, and the incident is resolved and closed with a report. Every step is stored
/// through the <see cref="IncidentRepository"/> in an embedded SQLite file beside the app. As the story's clock moves
/// on, the deadline monitor records the warnings, a breach and its escalation, and the dispatcher delivers the
/// notifications the outbox holds (who is told what, and the petitioner's details redacted for those who may not see them).
/// </summary>
/// <param name="output">Where the story is told.</param>
/// <param name="databasePath">The SQLite file the incident is stored in.</param>
/// <param name="incidentIds">The incident ids to use; <see langword="null"/> for the library's GuidV7 ids (a test gives fixed ones to compare the closure report with its golden file).</param>
internal sealed class SeedStory(TextWriter output, string databasePath, IIncidentIdGenerator? incidentIds = null)
{
    private readonly StoryClock _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)));
    private static readonly TimeSpan ScanEvery = TimeSpan.FromMinutes(30);
    private readonly StoryChannel _channel = new();
    private IncidentRepository _repository = null!;
    private DeadlineMonitor _monitor = null!;
    private NotificationDispatcher _dispatcher = null!;
    private DeadlineScanner _scanner = null!;
    private bool _redactionShown;
    private ResponseOrganization _organization = null!;
    private CancellationToken _cancellation;

    /// <summary>Gets the story's incident as read back from the store at the end; <see langword="null"/> until the story has run.</summary>
    internal Incident? Incident { get; private set; }

    /// <summary>Gets the organisation the story ran in, once it has run.</summary>
    internal ResponseOrganization Organization => _organization;

    /// <summary>Gets the deadline scanner the story ran with (on the story's clock), once it has run.</summary>
    internal DeadlineScanner Scanner => _scanner;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var registrations = new ServiceCollection()
            .AddSingleton<TimeProvider>(_clock); // registered first: AddPetitionOpinion keeps the host's clock
        if (incidentIds is not null)
        {
            registrations.AddSingleton(incidentIds); // and the host's incident ids
        }

        await using var services = registrations
            .AddPetitionOpinion(options => options.ConfigureOrganization(Staff))
            .UseSqliteStore(databasePath)
            .AddNotificationChannel(_channel)
            .Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _cancellation = cancellationToken;
        _repository = services.GetRequiredService<IncidentRepository>();
        _organization = services.GetRequiredService<ResponseOrganization>();
        _monitor = services.GetRequiredService<DeadlineMonitor>();
        _dispatcher = services.GetRequiredService<NotificationDispatcher>();
        _scanner = services.GetRequiredService<DeadlineScanner>();

        output.WriteLine("PetitionOpinion — the seed plan's story, end to end");
        output.WriteLine($"Store: SQLite file {databasePath}");
        output.WriteLine($"Organisation: {string.Join(", ", _organization.Groups.Select(g => $"{g.NameZh} ({g.Positions.Sum(p => p.Holders.Count)} posts filled)"))}");
        output.WriteLine();

        // 1. Identification and report: a customer calls the hotline; the representative reports to the petition handling group.
        var reported = await _repository.ReportAsync(new ReportIncident(
            CustomerServiceRepresentative,
            IncidentKind.Petition,
            IntakeChannel.Hotline,
            RiskCategory.DataPrivacy,
            "Caller says a phishing SMS quoted her recent order history and delivery address; she suspects a data leak.",
            new PetitionerDetails("Ms. Lin", "+86 138 0000 0000"),
            new ComplainedParty(null, Departments.TechnicalSupport)),
            idempotencyKey: null,
            cancellationToken);
        var id = reported.Match(i => i.Id, Fail<IncidentId>);
        await DispatchAsync();
        await StepAsync(TimeSpan.FromMinutes(20));

        // 2. Assessment by the petition handling group.
        await Do(id, new AssessIncident(CustomerServiceManager, SeverityLevel.III, ImpactScope.Group, PotentialRisk.High,
            "Three similar calls this morning: possible leak of order data affecting a group of customers."));
        await StepAsync(TimeSpan.FromMinutes(15));

        // 3. Directives to the departments concerned.
        var due = _clock.GetUtcNow().AddHours(12);
        await Do(id, new IssueDirective(CustomerServiceManager, DirectiveKind.InformationCollection, WellKnownGroups.PetitionHandlingGroup, "Collect every report of the phishing SMS and the orders it quotes.", due));
        await Do(id, new IssueDirective(CustomerServiceManager, DirectiveKind.CustomerCommunication, WellKnownGroups.PetitionHandlingGroup, "Call the affected customers back and explain the protective steps.", due));
        await Do(id, new IssueDirective(CustomerServiceManager, DirectiveKind.OpinionMonitoring, WellKnownGroups.OpinionMonitoringGroup, "Watch social media for posts about the leak.", due));
        await Do(id, new IssueDirective(CustomerServiceManager, DirectiveKind.PublicStatement, WellKnownGroups.OpinionMonitoringGroup, "Prepare a statement that clarifies the facts.", due));
        await Do(id, new IssueDirective(CustomerServiceManager, DirectiveKind.TechnicalSupport, WellKnownGroups.LogisticsSupportGroup, "Find the source of the leaked order data.", _clock.GetUtcNow().AddHours(4)));
        await StepAsync(TimeSpan.FromMinutes(10));
        await Do(id, new AcknowledgeDirective(CustomerServiceRepresentative, new DirectiveId(1)));
        await Do(id, new AcknowledgeDirective(CustomerServiceRepresentative, new DirectiveId(2)));
        await Do(id, new AcknowledgeDirective(OpinionAnalyst, new DirectiveId(3)));
        await Do(id, new AcknowledgeDirective(PublicRelationsManager, new DirectiveId(4)));
        await Do(id, new AcknowledgeDirective(ItSupport, new DirectiveId(5)));
        await StepAsync(TimeSpan.FromMinutes(5));

        // 4. Emergency response: customer service talks with the customer.
        await Do(id, new StartResponse(CustomerServiceManager));
        await StepAsync(TimeSpan.FromMinutes(25));
        await Do(id, new RecordCommunication(CustomerServiceRepresentative, IntakeChannel.Hotline,
            "Called Ms. Lin back, confirmed the SMS content, advised her not to click the link.",
            "Customer reassured; agreed to a follow-up call once the investigation is done."));
        await StepAsync(TimeSpan.FromHours(1));

        // The monitoring group sees the topic spreading: re-assessment raises the level to II (an escalation).
        await Do(id, new ReassessIncident(CustomerServiceManager, SeverityLevel.II, ImpactScope.RegionalOrIndustry, PotentialRisk.High,
            "Posts about the phishing SMS reached 12 million views; mainstream media asked for comment."));
        await StepAsync(TimeSpan.FromMinutes(30));

        // PR drafts a statement; legal reviews it; the leading group approves it (level II); PR publishes it.
        await Do(id, new DraftStatement(PublicRelationsManager, "Statement on phishing messages quoting order data",
            "We are investigating reports of phishing messages that quote order details. We have not found ... Customers should not click links ..."));
        await StepAsync(TimeSpan.FromMinutes(40));
        await Do(id, new ReviewStatement(HeadOfLegal, new StatementId(1), "No admission of liability before the investigation ends; wording approved."));
        await StepAsync(TimeSpan.FromMinutes(10));
        output.WriteLine("  (why-not) The opinion group's deputy leader tries to approve the level II statement:");
        await Refused(id, new ApproveStatement(MarketingSpecialist, new StatementId(1)));
        await Do(id, new ApproveStatement(GeneralManager, new StatementId(1)));
        await StepAsync(TimeSpan.FromMinutes(5));
        await Do(id, new PublishStatement(SocialMediaSpecialist, new StatementId(1), "Official Weibo and WeChat accounts"));
        await StepAsync(TimeSpan.FromMinutes(30));

        // 5. Logistics support: IT support and legal consultation.
        await Do(id, new RequestSupport(CustomerServiceManager, SupportKind.ItSupport, "Audit access logs of the order system for bulk exports in the last 30 days."));
        await StepAsync(TimeSpan.FromHours(3));
        await Do(id, new FulfilSupport(ItSupport, new SupportRequestId(1), "Found a compromised courier-partner API key used for bulk exports; key revoked, partner notified."));
        await StepAsync(TimeSpan.FromMinutes(30));

        await Do(id, new CompleteDirective(CustomerServiceRepresentative, new DirectiveId(1), "42 reports collected; all quote orders handled by one courier partner."));
        await Do(id, new CompleteDirective(CustomerServiceRepresentative, new DirectiveId(2), "All 42 customers called back."));
        await Do(id, new CompleteDirective(OpinionAnalyst, new DirectiveId(3), "Topic cooling after the statement; no new media requests."));
        await Do(id, new CompleteDirective(PublicRelationsManager, new DirectiveId(4), "Statement S1 published."));
        output.WriteLine("  (why-not) Resolving while directive D5 is still open:");
        await Refused(id, new ResolveIncident(CustomerServiceManager, "Handled."));
        await Do(id, new CompleteDirective(ItSupport, new DirectiveId(5), "Leak source closed: partner API key revoked and rotated."));
        await StepAsync(TimeSpan.FromMinutes(20));
        await Do(id, new ResolveIncident(CustomerServiceManager, "Leak source closed, customers informed, statement published."));
        await StepAsync(TimeSpan.FromDays(1));

        // 6. Clean-up and summary: the written report goes to the leading group, which accepts it.
        await Do(id, new SubmitClosureReport(CustomerServiceManager, new ClosureReport(
            "A courier partner's API key leaked and was used to export order data, which fed a phishing campaign. The company detected it from hotline calls, informed customers, published a statement and revoked the key within one working day.",
            ["A long-lived API key shared with a courier partner had no IP restriction.", "Bulk exports by partners were not monitored."],
            [
                new Improvement("Rotate partner API keys every 90 days and restrict them by IP.", HeadOfTechnicalSupport, new DateOnly(2026, 4, 1)),
                new Improvement("Alert on bulk exports of order data.", ItSupport, new DateOnly(2026, 3, 20)),
            ],
            ["Hotline calls were the first signal: route data-privacy complaints to the petition handling group at once."])));
        await StepAsync(TimeSpan.FromHours(2));
        await Do(id, new AcceptClosureReport(GeneralManager));

        // Read back from the file: the stored events are the audit trail, and their hash chain proves them untouched.
        var incident = await _repository.FindAsync(id, cancellationToken) ?? throw new InvalidOperationException($"Incident {id} was not stored.");
        Incident = incident;
        var verified = await _repository.VerifyAsync(id, cancellationToken);
        var stored = await _repository.QueryAsync(new IncidentQuery { Take = 1 }, cancellationToken);
        output.WriteLine();
        PrintTimeline(incident);
        output.WriteLine();
        output.WriteLine($"Final state: {incident.State}; level {incident.Level}; version {incident.Version}; {incident.Directives.Count} directives; {incident.Statements.Count} statement; report accepted: {incident.AcceptedReport is not null}.");
        var deadlines = _scanner.DeadlinesOf(incident);
        var pending = await _repository.Store.ReadOutboxAsync(100, cancellationToken);
        output.WriteLine($"Deadlines: {string.Join("; ", deadlines.Deadlines.Select(d => $"{d.Key} {(d.State == DeadlineState.Met ? d.MetOnTime ? "met on time" : "met LATE" : d.State.ToString())}"))}.");
        output.WriteLine($"Alerts recorded: {incident.DeadlineAlerts.Count}; notifications still in the outbox: {pending.Count}.");
        output.WriteLine($"Loaded from the store: {incident.Version} events, hash chain {(verified.IsIntact ? "intact" : $"BROKEN at version {verified.FirstBrokenVersion}: {verified.Problem}")}; the file holds {stored.TotalCount} incident(s).");
        // The whole store: the ledger chains every append, so a deleted, inserted or cut-short incident shows too; the
        // checkpoint is what to keep outside the database (VerifyStoreAsync(checkpoint) later proves nothing before it changed).
        var whole = await _repository.VerifyStoreAsync(null, cancellationToken);
        output.WriteLine($"The whole store verified: {whole.LedgerEntries} ledger entries, {whole.Incidents} incident(s), {whole.Events} events: {(whole.IsIntact ? "intact" : $"{whole.Findings.Count(f => f.Severity == AuditSeverity.Error)} problem(s)")}{(whole.IsKeyed ? "" : " (not keyed: set Storage:AuditKeys and Storage:AuditKeyId to make the chain impossible to recompute without the key)")}.");
        var checkpoint = await _repository.ExportCheckpointAsync(cancellationToken);
        output.WriteLine($"Checkpoint to keep outside the database: {checkpoint.Match(c => c.ToString(), e => e.Message)}");
        output.WriteLine($"Its closure report: dotnet run --project samples/PetitionOpinion.Samples.Console -- report {incident.Id} (add --zh for Chinese).");
        return incident.State == IncidentState.Closed && verified.IsIntact && whole.IsIntact && pending.Count == 0 ? 0 : 1;
    }

    // The clock moves on in steps of at most half an hour; after each, the deadline monitor scans (as a host would on a
    // timer) and the dispatcher delivers what the outbox holds.
    private async Task StepAsync(TimeSpan by)
    {
        for (var left = by; left > TimeSpan.Zero; left -= ScanEvery)
        {
            _clock.Advance(left < ScanEvery ? left : ScanEvery);
            var scan = await _monitor.ScanAsync(_cancellation);
            foreach (var raised in scan.Alerts)
            {
                var alert = raised.Alert;
                var at = TimeZoneInfo.ConvertTime(_clock.GetUtcNow(), _clock.LocalTimeZone);
                var due = TimeZoneInfo.ConvertTime(alert.Deadline.DueAt, _clock.LocalTimeZone);
                var label = alert.Kind switch
                {
                    DeadlineAlertKind.Warning => $"WARNING {alert.Percent}%",
                    DeadlineAlertKind.Breach => "BREACH",
                    _ => $"ESCALATION {alert.Percent}%",
                };
                output.WriteLine($"  ⏰ {at:HH:mm}  {label,-15} deadline {alert.Deadline.Key} ({alert.Deadline.Owner}), due {due:MM-dd HH:mm}");
            }

            await DispatchAsync();
        }
    }

    private async Task DispatchAsync()
    {
        var report = await _dispatcher.DispatchPendingAsync(_cancellation);
        if (!report.IsClean)
        {
            throw new InvalidOperationException($"The notifications were not all delivered: {report}");
        }

        foreach (var group in _channel.Take().GroupBy(n => (n.Topic, n.Subject)))
        {
            var recipients = string.Join(", ", group.Select(n => n.RecipientName.Split(" (")[0]));
            output.WriteLine($"     ✉ {group.Key.Topic}: \"{group.Key.Subject}\" → {recipients}");
            var outsider = group.FirstOrDefault(n => !Confidentiality.MaySeePetitioner(_organization, n.Recipient));
            if (outsider is not null && !_redactionShown)
            {
                _redactionShown = true;
                output.WriteLine($"       as {outsider.RecipientName.Split(" (")[0]} (outside the petition handling and leading groups) reads it:");
                foreach (var line in outsider.Body.Split('\n'))
                {
                    output.WriteLine($"         | {line}");
                }
            }
        }
    }

    private async Task Do(IncidentId id, IncidentCommand command)
        => (await _repository.ExecuteAsync(id, command, _cancellation)).Switch(_ => { }, error => Fail<Incident>(error));

    private async Task Refused(IncidentId id, IncidentCommand command)
    {
        var before = (await _repository.FindAsync(id, _cancellation))!.Version;
        (await _repository.ExecuteAsync(id, command, _cancellation)).Switch(
            _ => throw new InvalidOperationException($"{command.Action} by {command.Actor} should have been refused."),
            error =>
            {
                foreach (var reason in error.Details.Count == 0 ? [error] : error.Details)
                {
                    output.WriteLine($"    refused: [{reason.Code}] {reason.Message}");
                }
            });
        var after = (await _repository.FindAsync(id, _cancellation))!.Version;
        output.WriteLine($"    nothing stored: version still {after} (was {before}).");
    }

    private static T Fail<T>(DomainError error) => throw new InvalidOperationException($"The story stopped: {error}");

    private void PrintTimeline(Incident incident)
    {
        output.WriteLine($"Timeline of incident {incident.Id} ({incident.Kind}, {incident.Category}, via {incident.Channel}):");
        foreach (var e in incident.History)
        {
            var at = TimeZoneInfo.ConvertTime(e.OccurredAt, _clock.LocalTimeZone);
            var who = _organization.FindPerson(e.Actor)?.Name ?? e.Actor.ToString();
            output.WriteLine($"  {at:MM-dd HH:mm}  {Describe(e),-70}  — {who}");
        }
    }

    // Petitioner details are confidential: the timeline never prints them.
    private static string Describe(IncidentEvent e) => e switch
    {
        IncidentReported r => $"Reported: {Shorten(r.Description)}",
        IncidentAssessed a => a.PreviousLevel is null ? $"Assessed: level {a.Level}, scope {a.Scope}, risk {a.PotentialRisk}" : $"Re-assessed: level {a.PreviousLevel} → {a.Level}, scope {a.Scope}",
        IncidentEscalated x => $"ESCALATED to level {x.ToLevel}: the leading group is to be told",
        DirectiveIssued d => $"Directive {d.Directive} ({d.Kind}) → {d.Assignee}",
        DirectiveAcknowledged d => $"Directive {d.Directive} acknowledged",
        DirectiveCompleted d => $"Directive {d.Directive} completed: {Shorten(d.Outcome)}",
        DirectiveCancelled d => $"Directive {d.Directive} cancelled: {d.Reason}",
        ResponseStarted => "Emergency response started",
        CustomerCommunicationRecorded c => $"Customer contacted ({c.Channel}): {Shorten(c.Outcome)}",
        StatementDrafted s => $"Statement {s.Statement} drafted: \"{Shorten(s.Title)}\"",
        StatementLegallyReviewed s => $"Statement {s.Statement} legally reviewed",
        StatementApproved s => $"Statement {s.Statement} approved",
        StatementPublished s => $"Statement {s.Statement} published on {s.Channel}",
        SupportRequested r => $"Support {r.Request} requested ({r.Kind})",
        SupportFulfilled r => $"Support {r.Request} fulfilled: {Shorten(r.Resolution)}",
        IncidentResolved r => $"Resolved: {Shorten(r.Summary)}",
        ClosureReportSubmitted r => $"Closure report submitted: {r.Report.Causes.Count} causes, {r.Report.Improvements.Count} improvements",
        ClosureReportAccepted => "Closure report accepted by the leading group: CLOSED",
        IncidentReopened r => $"Reopened: {r.Reason}",
        ReviewRequested r => $"Review requested: {Shorten(r.Grounds)}",
        IncidentDismissed d => $"Dismissed: {d.Reason}",
        IncidentMergedAsDuplicate m => $"Merged as a duplicate of {m.Original}",
        DuplicateLinked l => $"Duplicate {l.Duplicate} merged into this incident",
        DeadlineAlertRaised a => $"Deadline alert: {a.Alert} at {a.Percent}% of {a.Deadline}",
        DeadlinesPaused p => $"Deadlines paused: {p.Reason}",
        DeadlinesResumed => "Deadlines resumed",
        HandlingTimeExtended x => $"Handling time extended by {x.Days} days: {x.Reason}",
        ReviewDecided r => $"Review decided ({(r.Upheld ? "upheld" : "found for the petitioner")})",
        IncidentNatureAdded n => $"Now also {(n.Nature == IncidentKind.PublicOpinion ? "public opinion: the petition went public" : "a petition: a petitioner came forward")}",
        _ => e.GetType().Name,
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");
}
