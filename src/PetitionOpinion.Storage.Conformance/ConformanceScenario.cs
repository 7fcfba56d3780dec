using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Organization;
using static PetitionOpinion.Organization.OrganizationTemplates;

namespace PetitionOpinion.Storage.Conformance;

/// <summary>
/// The people of the kit's organisation: one person per position of the plan's organisation
/// (<c>OrganizationTemplates.Seed()</c>, <c>docs/organization.md</c>).
/// </summary>
public static class KitPeople
{
    /// <summary>General Manager: leader of the leading group.</summary>
    public static PersonId GeneralManager { get; } = new("gm");

    /// <summary>Marketing Department Manager: deputy of the leading group.</summary>
    public static PersonId MarketingManager { get; } = new("marketing-manager");

    /// <summary>Customer Service Department Manager: deputy of the leading group and leader of the petition handling group.</summary>
    public static PersonId CustomerServiceManager { get; } = new("cs-manager");

    /// <summary>Head of Legal: member of the leading group, department Legal.</summary>
    public static PersonId HeadOfLegal { get; } = new("head-legal");

    /// <summary>Head of Public Relations.</summary>
    public static PersonId HeadOfPublicRelations { get; } = new("head-pr");

    /// <summary>Head of Technical Support.</summary>
    public static PersonId HeadOfTechnicalSupport { get; } = new("head-tech");

    /// <summary>Deputy of the petition handling group.</summary>
    public static PersonId PetitionDeputy { get; } = new("petition-deputy");

    /// <summary>Customer service representative: member of the petition handling group.</summary>
    public static PersonId CustomerServiceRep { get; } = new("cs-rep");

    /// <summary>Legal specialist: member of the petition handling group.</summary>
    public static PersonId LegalSpecialist { get; } = new("legal-specialist");

    /// <summary>Public Relations Department Manager: leader of the opinion monitoring group.</summary>
    public static PersonId PrManager { get; } = new("pr-manager");

    /// <summary>Deputy of the opinion monitoring group.</summary>
    public static PersonId OpinionDeputy { get; } = new("opinion-deputy");

    /// <summary>Public-opinion analyst.</summary>
    public static PersonId OpinionAnalyst { get; } = new("analyst");

    /// <summary>Social-media specialist: member of the opinion monitoring group.</summary>
    public static PersonId SocialMediaSpecialist { get; } = new("social-media");

    /// <summary>Leader of the logistics support group.</summary>
    public static PersonId LogisticsLead { get; } = new("logistics-lead");

    /// <summary>IT support: member of the logistics support group.</summary>
    public static PersonId ItSupport { get; } = new("it-support");

    /// <summary>Legal consultant: member of the logistics support group.</summary>
    public static PersonId LegalConsultant { get; } = new("legal-consultant");

    /// <summary>Gets who holds which seed position.</summary>
    public static IReadOnlyList<(PositionId Position, PersonId Person)> Assignments { get; } =
    [
        (SeedPositions.GeneralManager, GeneralManager),
        (SeedPositions.MarketingManager, MarketingManager),
        (SeedPositions.CustomerServiceManagerDeputy, CustomerServiceManager),
        (SeedPositions.HeadOfLegal, HeadOfLegal),
        (SeedPositions.HeadOfPublicRelations, HeadOfPublicRelations),
        (SeedPositions.HeadOfTechnicalSupport, HeadOfTechnicalSupport),
        (SeedPositions.PetitionHandlingLeader, CustomerServiceManager),
        (SeedPositions.PetitionHandlingDeputy, PetitionDeputy),
        (SeedPositions.CustomerServiceRepresentatives, CustomerServiceRep),
        (SeedPositions.LegalSpecialists, LegalSpecialist),
        (SeedPositions.OpinionMonitoringLeader, PrManager),
        (SeedPositions.OpinionMonitoringDeputy, OpinionDeputy),
        (SeedPositions.OpinionAnalysts, OpinionAnalyst),
        (SeedPositions.SocialMediaSpecialists, SocialMediaSpecialist),
        (SeedPositions.LogisticsLeader, LogisticsLead),
        (SeedPositions.ItSupport, ItSupport),
        (SeedPositions.LegalConsultation, LegalConsultant),
    ];
}

/// <summary>Incident ids for the kit: the ids queued with <see cref="Enqueue"/> first, then random ones.</summary>
public sealed class KitIncidentIds : IIncidentIdGenerator
{
    private readonly ConcurrentQueue<IncidentId> _queued = new();

    /// <summary>Makes the next report use <paramref name="id"/>.</summary>
    /// <param name="id">The id.</param>
    public void Enqueue(IncidentId id) => _queued.Enqueue(id);

    /// <inheritdoc/>
    public IncidentId NewIncidentId() => _queued.TryDequeue(out var id) ? id : new IncidentId(Guid.NewGuid());
}

/// <summary>
/// The kit's test world: the seed organisation with <see cref="KitPeople"/>, a fake clock, the lifecycle, the library's
/// serializer, and helpers that turn an incident's pending events into an <see cref="IncidentAppend"/>.
/// </summary>
/// <remarks>Not thread-safe (the lifecycle runs on one thread in the kit; only store calls race).</remarks>
public sealed class ConformanceScenario
{
    /// <summary>The instant the clock starts at (with a non-zero offset elsewhere in the kit to check UTC handling).</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>How far <see cref="Do"/> and <see cref="Report"/> advance the clock first.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(5);

    /// <summary>Initializes a new instance of the <see cref="ConformanceScenario"/> class.</summary>
    public ConformanceScenario()
    {
        Time = new FakeTimeProvider(Start);
        var builder = Seed();
        foreach (var person in KitPeople.Assignments.Select(a => a.Person).Distinct())
        {
            builder.AddPerson(person, $"Person {person}");
        }

        foreach (var (position, person) in KitPeople.Assignments)
        {
            builder.Assign(position, person);
        }

        Organization = builder.Build().Match(o => o, e => throw new InvalidOperationException($"The kit's organisation is not valid: {e}"));
        Lifecycle = new IncidentLifecycle(Organization, new MatrixAuthorityPolicy(Organization, AuthorityMatrix.Default), Time, Ids);
    }

    /// <summary>Gets the clock.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>Gets the incident ids.</summary>
    public KitIncidentIds Ids { get; } = new();

    /// <summary>Gets the organisation.</summary>
    public ResponseOrganization Organization { get; }

    /// <summary>Gets the lifecycle.</summary>
    public IncidentLifecycle Lifecycle { get; }

    /// <summary>Gets the library's serializer.</summary>
    public IncidentEventSerializer Serializer { get; } = new();

    /// <summary>Gets the current time.</summary>
    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>Gets the names of every concrete event type of <c>PetitionOpinion.Incidents.Events</c>, found by reflection.</summary>
    /// <returns>The type names.</returns>
    public static IReadOnlySet<string> AllEventTypeNames()
        => typeof(IncidentEvent).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && typeof(IncidentEvent).IsAssignableFrom(t) && t.Namespace == typeof(IncidentEvent).Namespace)
            .Select(t => t.Name)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>A complete closure report.</summary>
    /// <returns>The report.</returns>
    public static ClosureReport CompleteReport()
        => new(
            "A customer's data were shown to another customer; contacted, fixed and apologised.",
            ["A caching bug in the account page."],
            [new Improvement("Add a review step for cache changes.", KitPeople.GeneralManager, new DateOnly(2026, 6, 30))],
            ["Test cache invalidation."]);

    /// <summary>Creates a repository over <paramref name="store"/> with this scenario's lifecycle and serializer.</summary>
    /// <param name="store">The store.</param>
    /// <param name="maxConflictRetries">How often a conflict is retried.</param>
    /// <returns>The repository.</returns>
    public IncidentRepository Repository(IIncidentStore store, int maxConflictRetries = 3)
        => new(store, Lifecycle, Serializer, new IncidentStorageOptions { MaxConflictRetries = maxConflictRetries });

    /// <summary>The id of the kit's first audit key.</summary>
    public const string AuditKeyId = "kit-2026";

    /// <summary>The id of the kit's second audit key (for rotation).</summary>
    public const string RotatedAuditKeyId = "kit-2027";

    /// <summary>The Base64 secret of one of the kit's audit keys (derived from its id: a test secret, never a real one).</summary>
    /// <param name="keyId">The key id.</param>
    /// <returns>The secret.</returns>
    public static string AuditSecret(string keyId) => Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"conformance kit audit key {keyId}")));

    /// <summary>Creates a repository whose audit trail is keyed: the given keys configured, <paramref name="currentKeyId"/> sealing new records.</summary>
    /// <param name="store">The store.</param>
    /// <param name="currentKeyId">The key that seals new records.</param>
    /// <param name="keyIds">The keys configured (by default <see cref="AuditKeyId"/> and <see cref="RotatedAuditKeyId"/>).</param>
    /// <returns>The repository.</returns>
    public IncidentRepository KeyedRepository(IIncidentStore store, string currentKeyId = AuditKeyId, params string[] keyIds)
    {
        var options = new IncidentStorageOptions { AuditKeyId = currentKeyId };
        foreach (var id in keyIds.Length == 0 ? [AuditKeyId, RotatedAuditKeyId] : keyIds)
        {
            options.AuditKeys[id] = AuditSecret(id);
        }

        return new(store, Lifecycle, Serializer, options);
    }

    /// <summary>A report command (petition, hotline, data privacy unless given), with petitioner details and a complained party.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="category">The category.</param>
    /// <returns>The command.</returns>
    public static ReportIncident ReportCommand(IncidentKind kind = IncidentKind.Petition, IntakeChannel channel = IntakeChannel.Hotline, RiskCategory? category = null)
        => new(
            KitPeople.CustomerServiceRep,
            kind,
            channel,
            category ?? RiskCategory.DataPrivacy,
            "A customer says another customer's order history appeared in her account — 她的订单记录出现在别人的账户里。",
            new PetitionerDetails("Wang Fang 王芳", "+86 138 0000 0000"),
            new ComplainedParty(null, Departments.TechnicalSupport));

    /// <summary>Reports an incident after advancing the clock by <see cref="Step"/>; throws if refused.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="category">The category.</param>
    /// <param name="id">The id to give it, or <see langword="null"/> for a random one.</param>
    /// <returns>The incident, its report event pending.</returns>
    public Incident Report(IncidentKind kind = IncidentKind.Petition, IntakeChannel channel = IntakeChannel.Hotline, RiskCategory? category = null, IncidentId? id = null)
    {
        Time.Advance(Step);
        if (id is { } given)
        {
            Ids.Enqueue(given);
        }

        return Lifecycle.Report(ReportCommand(kind, channel, category)).Match(i => i, e => throw new InvalidOperationException($"Report was refused: {e}"));
    }

    /// <summary>Runs a command that must be accepted, after advancing the clock by <see cref="Step"/>.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="command">The command.</param>
    /// <returns>The recorded events.</returns>
    public RecordedEvents Do(Incident incident, IncidentCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        Time.Advance(Step);
        return Lifecycle.Execute(incident, command).Match(events => events, e => throw new InvalidOperationException($"{command.GetType().Name} was refused: {e}"));
    }

    /// <summary>An issue-directive command for the petition handling group, due a day from now.</summary>
    /// <returns>The command.</returns>
    public IssueDirective IssueCommand()
        => new(KitPeople.CustomerServiceRep, DirectiveKind.InformationCollection, WellKnownGroups.PetitionHandlingGroup, "Collect the customer's account history.", Now.AddDays(1));

    /// <summary>Assesses an incident at <paramref name="level"/>.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="level">The level.</param>
    public void Assess(Incident incident, SeverityLevel level = SeverityLevel.III)
        => Do(incident, new AssessIncident(KitPeople.CustomerServiceRep, level, ImpactScope.Individual, PotentialRisk.Medium, "One customer, personal data shown to another."));

    /// <summary>
    /// Turns the incident's pending events into an append after <paramref name="previous"/> (its last stored event) and
    /// clears them, as the repository does.
    /// </summary>
    /// <param name="incident">The incident.</param>
    /// <param name="previous">Its last stored event; <see langword="null"/> for a new incident.</param>
    /// <param name="idempotencyKey">The intake's idempotency key, for a new incident.</param>
    /// <returns>The append.</returns>
    public IncidentAppend Append(Incident incident, StoredEvent? previous, string? idempotencyKey = null)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var append = new IncidentAppend(incident.Id, previous?.Version ?? 0, Serializer.SerializeAll(incident.PendingEvents, previous), IncidentSummaries.Of(incident), idempotencyKey);
        incident.ClearPendingEvents();
        return append;
    }

    /// <summary>
    /// The full story, stored step by step: each action's events are appended on their own (so expected versions run
    /// from 0 upwards), and between them every event type of <c>PetitionOpinion.Incidents.Events</c> is recorded at
    /// least once. Four incidents: the main one (assessed, re-assessed to level II (escalation), directives
    /// acknowledged, completed and cancelled, response, communication, a statement drafted, reviewed, approved and
    /// published, support requested and fulfilled, the petition gone public, resolved, closure report submitted and accepted, review requested,
    /// reopened, resolved again), a dismissed one, and a duplicate merged into an original (one atomic two-incident append).
    /// </summary>
    /// <param name="store">The store to write to.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>Every stored event, per incident, in order, as written.</returns>
    public async Task<IReadOnlyDictionary<IncidentId, List<StoredEvent>>> StoreFullStoryAsync(IIncidentStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var written = new Dictionary<IncidentId, List<StoredEvent>>();

        async Task Save(params Incident[] incidents)
        {
            var appends = incidents.Select(i => Append(i, written.TryGetValue(i.Id, out var list) ? list[^1] : null)).ToList();
            var result = await store.AppendAsync(new AppendRequest(appends, []), cancellationToken);
            if (result.Status != AppendStatus.Appended)
            {
                throw new InvalidOperationException($"The story's append was not written: {result}.");
            }

            foreach (var append in appends)
            {
                if (!written.TryGetValue(append.IncidentId, out var list))
                {
                    written[append.IncidentId] = list = [];
                }

                list.AddRange(append.Events);
            }
        }

        async Task Step(Incident incident, IncidentCommand command)
        {
            Do(incident, command);
            await Save(incident);
        }

        Time.Advance(TimeSpan.FromTicks(1_234_567)); // times below are not whole milliseconds: stores keep ticks
        var main = Report();
        await Save(main);
        await Step(main, new AssessIncident(KitPeople.CustomerServiceRep, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.Medium, "One customer."));
        await Step(main, IssueCommand());
        await Step(main, new AcknowledgeDirective(KitPeople.CustomerServiceRep, new DirectiveId(1)));
        await Step(main, new CompleteDirective(KitPeople.CustomerServiceRep, new DirectiveId(1), "Account history collected."));
        await Step(main, IssueCommand());
        await Step(main, new CancelDirective(KitPeople.CustomerServiceRep, new DirectiveId(2), "Not needed any more."));
        await Step(main, new StartResponse(KitPeople.CustomerServiceManager));
        await Step(main, new RecordCommunication(KitPeople.CustomerServiceRep, IntakeChannel.Hotline, "Called the customer.", "She accepts the apology."));
        await Step(main, new DraftStatement(KitPeople.PrManager, "On a display error", "Some customers saw wrong order histories; fixed. 我们深表歉意。"));
        await Step(main, new ReviewStatement(KitPeople.HeadOfLegal, new StatementId(1), "Fine."));
        await Step(main, new ApproveStatement(KitPeople.PrManager, new StatementId(1)));
        await Step(main, new PublishStatement(KitPeople.SocialMediaSpecialist, new StatementId(1), "Official Weibo account"));
        await Step(main, new RequestSupport(KitPeople.CustomerServiceRep, SupportKind.ItSupport, "Check the account cache."));
        await Step(main, new FulfilSupport(KitPeople.ItSupport, new SupportRequestId(1), "Cache flushed."));
        await Step(main, new PauseDeadlines(KitPeople.CustomerServiceRep, "Waiting for the customer's receipts."));
        await Step(main, new ResumeDeadlines(KitPeople.CustomerServiceRep));
        await Step(main, new ExtendHandlingTime(KitPeople.CustomerServiceManager, 20, "The bank's records take weeks."));
        await Step(main, new AddIncidentNature(KitPeople.CustomerServiceManager, IncidentKind.PublicOpinion, "A newspaper reported the leak: the petition went public."));

        // Two actions, one append: escalation records two events in one action; an open directive keeps NextDueAt set.
        Do(main, new ReassessIncident(KitPeople.CustomerServiceRep, SeverityLevel.II, ImpactScope.RegionalOrIndustry, PotentialRisk.High, "Others affected too."));
        Do(main, IssueCommand());
        await Save(main);
        await Step(main, new CancelDirective(KitPeople.CustomerServiceRep, new DirectiveId(3), "Handled by the fix."));

        // The deadline scanner's alerts: the status-update cadence of level II (6 hours) runs out.
        Time.Advance(TimeSpan.FromHours(8));
        var scanner = new DeadlineScanner(DeadlinePolicy.Default, Time);
        scanner.Record(main, scanner.Scan(main));
        await Save(main);

        // An opinion-monitoring alert attached by the monitor's account (a system event, not a lifecycle action).
        var opinion = new OpinionAlertRecorded(
            main.Id, new PersonId("system:opinion-monitor"), Time.GetUtcNow(), "快递数据泄露", Monitoring.OpinionAlertKind.NegativeSentimentSurge,
            Time.GetUtcNow().AddHours(-1), Time.GetUtcNow(), 0.2, 0.71, 3.55, 420, 298, 2_500_000, "298 of 420 mentions are negative (71%) against a usual 20%: ×3.5.");
        var previous = written[main.Id][^1];
        main = Incident.FromHistory([.. main.History, opinion]);
        var opinionAppend = new IncidentAppend(main.Id, previous.Version, Serializer.SerializeAll([opinion], previous), IncidentSummaries.Of(main));
        if ((await store.AppendAsync(new AppendRequest([opinionAppend], []), cancellationToken)).Status != AppendStatus.Appended)
        {
            throw new InvalidOperationException("The opinion alert was not written.");
        }

        written[main.Id].AddRange(opinionAppend.Events);
        await Step(main, new ResolveIncident(KitPeople.CustomerServiceManager, "Cache fixed; the customer accepted the apology."));
        await Step(main, new SubmitClosureReport(KitPeople.GeneralManager, CompleteReport()));
        await Step(main, new AcceptClosureReport(KitPeople.GeneralManager));
        await Step(main, new RequestReview(KitPeople.CustomerServiceRep, "The petitioner disputes the outcome."));
        await Step(main, new DecideReview(KitPeople.GeneralManager, false, "The review finds for the petitioner."));
        await Step(main, new ReopenIncident(KitPeople.CustomerServiceManager, "The customer disputes the result."));
        await Step(main, new ResolveIncident(KitPeople.CustomerServiceManager, "Explained again; accepted."));

        var dismissed = Report(IncidentKind.PublicOpinion, IntakeChannel.SocialMedia, RiskCategory.ProductQuality);
        Do(dismissed, new DismissIncident(KitPeople.CustomerServiceRep, "Out of scope: not about the company."));
        await Save(dismissed);

        var original = Report(channel: IntakeChannel.Email);
        var duplicate = Report(channel: IntakeChannel.Email);
        await Save(original, duplicate);
        Lifecycle.MergeAsDuplicate(duplicate, original, new MergeAsDuplicate(KitPeople.CustomerServiceRep, "Same customer, same order."))
            .Switch(_ => { }, e => throw new InvalidOperationException($"The merge was refused: {e}"));
        await Save(duplicate, original);
        return written;
    }
}
