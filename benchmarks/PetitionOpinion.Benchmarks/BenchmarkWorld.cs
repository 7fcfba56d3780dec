using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Organization;
using static PetitionOpinion.Organization.OrganizationTemplates;

namespace PetitionOpinion.Benchmarks;

/// <summary>
/// The organisation, the lifecycle and an incident brought to the Responding state (its one directive completed, so it
/// may be resolved) — shared by every benchmark so that both sides see the same people, permissions and clock.
/// </summary>
internal sealed class BenchmarkWorld
{
    public static readonly PersonId GeneralManager = new("wang.jianguo");
    public static readonly PersonId MarketingManager = new("li.na");
    public static readonly PersonId CustomerServiceManager = new("zhang.wei");
    public static readonly PersonId HeadOfLegal = new("chen.jing");
    public static readonly PersonId PublicRelationsManager = new("liu.yang");
    public static readonly PersonId HeadOfTechnicalSupport = new("zhao.lei");
    public static readonly PersonId MarketingSpecialist = new("sun.li");
    public static readonly PersonId CustomerServiceRepresentative = new("zhou.min");
    public static readonly PersonId LegalSpecialist = new("wu.hao");
    public static readonly PersonId OpinionAnalyst = new("xu.fang");
    public static readonly PersonId SocialMediaSpecialist = new("he.jun");
    public static readonly PersonId ItSupport = new("ma.chao");

    public BenchmarkWorld()
    {
        Time = new FixedTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));
        Organization = Seed()
            .AddPerson(GeneralManager, "Wang Jianguo")
            .AddPerson(MarketingManager, "Li Na")
            .AddPerson(CustomerServiceManager, "Zhang Wei")
            .AddPerson(HeadOfLegal, "Chen Jing")
            .AddPerson(PublicRelationsManager, "Liu Yang")
            .AddPerson(HeadOfTechnicalSupport, "Zhao Lei")
            .AddPerson(MarketingSpecialist, "Sun Li")
            .AddPerson(CustomerServiceRepresentative, "Zhou Min")
            .AddPerson(LegalSpecialist, "Wu Hao")
            .AddPerson(OpinionAnalyst, "Xu Fang")
            .AddPerson(SocialMediaSpecialist, "He Jun")
            .AddPerson(ItSupport, "Ma Chao")
            .Assign(SeedPositions.GeneralManager, GeneralManager)
            .Assign(SeedPositions.MarketingManager, MarketingManager)
            .Assign(SeedPositions.CustomerServiceManagerDeputy, CustomerServiceManager)
            .Assign(SeedPositions.HeadOfLegal, HeadOfLegal)
            .Assign(SeedPositions.HeadOfPublicRelations, PublicRelationsManager)
            .Assign(SeedPositions.HeadOfTechnicalSupport, HeadOfTechnicalSupport)
            .Assign(SeedPositions.PetitionHandlingLeader, CustomerServiceManager)
            .Assign(SeedPositions.PetitionHandlingDeputy, MarketingSpecialist)
            .Assign(SeedPositions.CustomerServiceRepresentatives, CustomerServiceRepresentative)
            .Assign(SeedPositions.LegalSpecialists, LegalSpecialist)
            .Assign(SeedPositions.OpinionMonitoringLeader, PublicRelationsManager)
            .Assign(SeedPositions.OpinionMonitoringDeputy, MarketingSpecialist)
            .Assign(SeedPositions.OpinionAnalysts, OpinionAnalyst)
            .Assign(SeedPositions.SocialMediaSpecialists, SocialMediaSpecialist)
            .Assign(SeedPositions.LogisticsLeader, HeadOfTechnicalSupport)
            .Assign(SeedPositions.ItSupport, ItSupport)
            .Assign(SeedPositions.LegalConsultation, LegalSpecialist)
            .Build()
            .Match(o => o, e => throw new InvalidOperationException($"The benchmark organisation is invalid: {e}"));
        Authority = new MatrixAuthorityPolicy(Organization, AuthorityMatrix.Default);
        Lifecycle = new IncidentLifecycle(Organization, Authority, Time, new FixedIds());
        RespondingHistory = BuildRespondingHistory();
    }

    public FixedTimeProvider Time { get; }

    public ResponseOrganization Organization { get; }

    public MatrixAuthorityPolicy Authority { get; }

    public IncidentLifecycle Lifecycle { get; }

    /// <summary>Gets the events of an incident that was reported, assessed (level III), directed, whose directive was completed, and whose response started.</summary>
    public IReadOnlyList<IncidentEvent> RespondingHistory { get; }

    /// <summary>Gets a fresh incident in the Responding state, with no open directive and no pending event.</summary>
    /// <returns>The incident.</returns>
    public Incident NewRespondingIncident() => Incident.FromHistory(RespondingHistory);

    private List<IncidentEvent> BuildRespondingHistory()
    {
        var incident = Lifecycle.Report(new ReportIncident(CustomerServiceRepresentative, IncidentKind.Petition, IntakeChannel.Hotline, RiskCategory.DataPrivacy, "A customer says their order history was shown to another customer."))
            .Match(i => i, e => throw Failed("Report", e));
        Run(incident, new AssessIncident(CustomerServiceManager, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.Medium, "One customer affected; no media attention."));
        Run(incident, new IssueDirective(CustomerServiceManager, DirectiveKind.CustomerCommunication, WellKnownGroups.PetitionHandlingGroup, "Call the customer back today.", Time.GetUtcNow().AddHours(4)));
        Run(incident, new AcknowledgeDirective(CustomerServiceRepresentative, new DirectiveId(1)));
        Run(incident, new CompleteDirective(CustomerServiceRepresentative, new DirectiveId(1), "Called back; the customer accepted the apology."));
        Run(incident, new StartResponse(CustomerServiceManager));
        if (incident.State != IncidentState.Responding)
        {
            throw new InvalidOperationException($"The benchmark incident is {incident.State}, not Responding.");
        }

        return [.. incident.History];
    }

    private void Run(Incident incident, IncidentCommand command)
        => Lifecycle.Execute(incident, command).Switch(_ => { }, e => throw Failed(command.Action.ToString(), e));

    private static InvalidOperationException Failed(string what, DomainError error) => new($"Setting up the benchmark incident failed at {what}: {error}");

    private sealed class FixedIds : IIncidentIdGenerator
    {
        public IncidentId NewIncidentId() => new(new Guid("0195f3a4-6b1c-7d2e-8f30-4a5b6c7d8e9f"));
    }
}
