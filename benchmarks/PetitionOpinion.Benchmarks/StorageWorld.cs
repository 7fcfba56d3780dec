using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Organization;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Benchmarks;

/// <summary>
/// A 100-event incident, driven through the lifecycle by the people of <see cref="BenchmarkWorld"/>, in every form the
/// storage benchmarks need: the events, their stored form (payload, metadata, hash chain), and the append requests that
/// store it one event at a time.
/// </summary>
internal sealed class StorageWorld
{
    /// <summary>The number of events of the benchmark incident.</summary>
    public const int EventCount = 100;

    public StorageWorld()
    {
        World = new BenchmarkWorld();
        Serializer = new IncidentEventSerializer();
        History = BuildHistory(World);
        Stored = Serializer.SerializeAll(History, null);
        IncidentId = History[0].IncidentId;
        var requests = new AppendRequest[EventCount];
        for (var i = 0; i < EventCount; i++)
        {
            var summary = IncidentSummaries.Of(Incident.FromHistory(History.Take(i + 1)));
            requests[i] = AppendRequest.For(new IncidentAppend(IncidentId, i, [Stored[i]], summary));
        }

        OneEventAppends = requests;
        if (EventHashChain.Verify(Stored) is { IsIntact: false } report)
        {
            throw new InvalidOperationException($"The benchmark incident's hash chain is broken: {report.Problem}");
        }
    }

    public BenchmarkWorld World { get; }

    public IncidentEventSerializer Serializer { get; }

    public IncidentId IncidentId { get; }

    /// <summary>Gets the incident's 100 events, oldest first.</summary>
    public IReadOnlyList<IncidentEvent> History { get; }

    /// <summary>Gets the incident's 100 events as stored.</summary>
    public IReadOnlyList<StoredEvent> Stored { get; }

    /// <summary>Gets 100 requests that store the incident one event at a time: request <c>i</c> appends version <c>i + 1</c> with the summary after it.</summary>
    public IReadOnlyList<AppendRequest> OneEventAppends { get; }

    /// <summary>Creates a repository over <paramref name="store"/> with the default options.</summary>
    /// <param name="store">The store.</param>
    /// <returns>The repository.</returns>
    public IncidentRepository RepositoryOver(IIncidentStore store) => new(store, World.Lifecycle, Serializer, new IncidentStorageOptions());

    /// <summary>
    /// Reports, assesses, directs and starts the response (6 events), then goes round the Responding cycle — a customer
    /// call, a statement drafted, reviewed, approved and published, IT support requested and fulfilled, a directive issued,
    /// acknowledged and completed, resolved, closure report submitted and accepted, reopened (14 events) — six times and
    /// part of a seventh: 100 events of 18 types, about as long an incident as the plan foresees.
    /// </summary>
    private static List<IncidentEvent> BuildHistory(BenchmarkWorld world)
    {
        var time = world.Time;
        var incident = world.Lifecycle.Report(new ReportIncident(
                BenchmarkWorld.CustomerServiceRepresentative,
                IncidentKind.Petition,
                IntakeChannel.Hotline,
                RiskCategory.DataPrivacy,
                "A customer says a phishing SMS quoted her order history and delivery address; she asks how her data leaked."))
            .Match(i => i, e => throw Failed("Report", e));
        var steps = new List<Func<Incident, IncidentCommand>>
        {
            _ => new AssessIncident(BenchmarkWorld.CustomerServiceManager, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.High, "Personal data may have leaked; other customers may be affected."),
            _ => new IssueDirective(BenchmarkWorld.CustomerServiceManager, DirectiveKind.CustomerCommunication, WellKnownGroups.PetitionHandlingGroup, "Call the customer back today and explain what we are checking.", time.GetUtcNow().AddHours(4)),
            i => new AcknowledgeDirective(BenchmarkWorld.CustomerServiceRepresentative, new DirectiveId(i.Directives.Count)),
            i => new CompleteDirective(BenchmarkWorld.CustomerServiceRepresentative, new DirectiveId(i.Directives.Count), "Called back; the customer agreed to wait for the investigation."),
            _ => new StartResponse(BenchmarkWorld.CustomerServiceManager),
        };
        var cycle = new List<Func<Incident, IncidentCommand>>
        {
            _ => new RecordCommunication(BenchmarkWorld.CustomerServiceManager, IntakeChannel.Hotline, "Told the customer what the investigation has found so far.", "The customer accepted the update and asked for a written answer."),
            _ => new DraftStatement(BenchmarkWorld.PublicRelationsManager, "About the phishing messages our customers received", "Some customers received messages pretending to come from us. We are investigating with our delivery partner and will write to every customer affected."),
            i => new ReviewStatement(BenchmarkWorld.LegalSpecialist, new StatementId(i.Statements.Count), "No admission of liability; the wording is accurate."),
            i => new ApproveStatement(BenchmarkWorld.PublicRelationsManager, new StatementId(i.Statements.Count)),
            i => new PublishStatement(BenchmarkWorld.PublicRelationsManager, new StatementId(i.Statements.Count), "Official Weibo account"),
            _ => new RequestSupport(BenchmarkWorld.CustomerServiceManager, SupportKind.ItSupport, "Export the access log of the order-history service for the last 30 days."),
            i => new FulfilSupport(BenchmarkWorld.ItSupport, new SupportRequestId(i.SupportRequests.Count), "Exported; the log shows a partner account reading order histories in bulk."),
            _ => new IssueDirective(BenchmarkWorld.CustomerServiceManager, DirectiveKind.CustomerCommunication, WellKnownGroups.PetitionHandlingGroup, "Write to the customer with the findings and the remedy.", time.GetUtcNow().AddDays(1)),
            i => new AcknowledgeDirective(BenchmarkWorld.CustomerServiceRepresentative, new DirectiveId(i.Directives.Count)),
            i => new CompleteDirective(BenchmarkWorld.CustomerServiceRepresentative, new DirectiveId(i.Directives.Count), "Letter sent by e-mail and post."),
            _ => new ResolveIncident(BenchmarkWorld.CustomerServiceManager, "The partner account was closed and the customer compensated."),
            _ => new SubmitClosureReport(BenchmarkWorld.CustomerServiceManager, new ClosureReport(
                "A partner account read order histories in bulk; it was closed and the customers affected were told.",
                ["A partner account had more access than it needed."],
                [new Improvement("Review every partner account's access every quarter.", BenchmarkWorld.HeadOfTechnicalSupport, new DateOnly(2026, 6, 30))],
                ["Log reviews catch bulk reads early."])),
            _ => new AcceptClosureReport(BenchmarkWorld.GeneralManager),
            _ => new ReopenIncident(BenchmarkWorld.CustomerServiceManager, "Another customer reports the same phishing message."),
        };
        while (incident.History.Count < EventCount)
        {
            steps.AddRange(cycle);
            foreach (var step in steps)
            {
                if (incident.History.Count == EventCount)
                {
                    break;
                }

                var command = step(incident);
                world.Lifecycle.Execute(incident, command).Switch(_ => { }, e => throw Failed(command.Action.ToString(), e));
            }

            steps.Clear();
        }

        return [.. incident.History];
    }

    private static InvalidOperationException Failed(string what, DomainError error) => new($"Setting up the storage benchmark incident failed at {what}: {error}");
}
