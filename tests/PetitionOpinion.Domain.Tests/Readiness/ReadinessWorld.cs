using Microsoft.Extensions.Time.Testing;
using PetitionOpinion.Assessment;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Readiness;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Readiness;

/// <summary>
/// A ready world to take apart: the staffed seed organisation (<see cref="Scenario.SeedOrganization"/>), the default
/// authority matrix and rule set, a full catalogue (every kind the plan lists, each available, legal support with a contact)
/// and fresh training for everyone who holds a position. Tests change one thing and look at the gap it makes.
/// </summary>
internal static class ReadinessWorld
{
    /// <summary>The instant reports are made at: 2026-03-02 09:00 UTC, 17:00 in Beijing.</summary>
    public static DateTimeOffset AsOf => Scenario.Start;

    /// <summary>The as-of day in the organisation's time zone (+08:00).</summary>
    public static DateOnly Today { get; } = new(2026, 3, 2);

    public static ResourceId MonitoringId { get; } = new("opinion-monitor");

    public static ResourceId FeedbackId { get; } = new("feedback-system");

    public static ResourceId HotlineId { get; } = new("hotline-400");

    public static ResourceId OnlineId { get; } = new("online-service");

    public static ResourceId WeiboId { get; } = new("weibo-official");

    public static ResourceId LegalId { get; } = new("legal-department");

    public static ResourceId ItId { get; } = new("it-support");

    public static ResourceId CourseId { get; } = new("crisis-course");

    public static ResponseOrganization SeedOrganization { get; } = Scenario.SeedOrganization();

    /// <summary>Everyone who holds a position in <see cref="Organization"/>, ordered by id.</summary>
    public static IReadOnlyList<PersonId> Staff { get; } =
        [.. SeedOrganization.Groups.SelectMany(g => g.Positions).SelectMany(p => p.Holders).Distinct().OrderBy(p => p.Value, StringComparer.Ordinal)];

    /// <summary>The plan's catalogue (物资与资源), every resource available.</summary>
    public static IReadOnlyList<Resource> FullResources { get; } =
    [
        new(MonitoringId, ResourceKind.MonitoringSoftware, "Public-opinion monitoring software", WellKnownGroups.OpinionMonitoringGroup, nameZh: "舆情监测软件"),
        new(FeedbackId, ResourceKind.FeedbackSystem, "Customer feedback system", WellKnownGroups.PetitionHandlingGroup, nameZh: "客户反馈系统"),
        new(HotlineId, ResourceKind.Hotline, "Customer service hotline", WellKnownGroups.PetitionHandlingGroup, contact: "400-800-1234", nameZh: "客服热线"),
        new(OnlineId, ResourceKind.OnlineServicePlatform, "Online customer service", WellKnownGroups.PetitionHandlingGroup, contact: "https://help.example.com", nameZh: "在线客服平台"),
        new(WeiboId, ResourceKind.SocialMediaAccount, "Official Weibo account", WellKnownGroups.OpinionMonitoringGroup, contact: "@example", nameZh: "官方微博"),
        new(LegalId, ResourceKind.LegalSupport, "Legal department", WellKnownGroups.LogisticsSupportGroup, contact: "legal@example.com", nameZh: "法务部"),
        new(ItId, ResourceKind.ItSupport, "IT support desk", WellKnownGroups.LogisticsSupportGroup, contact: "it@example.com", nameZh: "IT 服务台"),
        new(CourseId, ResourceKind.TrainingCourse, "Petition and public-opinion response training", WellKnownGroups.LeadingGroup, nameZh: "信访舆情应对培训"),
    ];

    public static ResourceCatalog FullCatalog { get; } = Catalog(FullResources);

    /// <summary>Everyone on <see cref="Staff"/> trained 30 days before <see cref="Today"/>.</summary>
    public static TrainingLog FreshTraining { get; } = new(Staff.Select(p => new TrainingRecord(p, CourseId, Today.AddDays(-30))));

    public static ReadinessSetup ReadySetup { get; } = new(FullCatalog, FreshTraining);

    public static ResourceCatalog Catalog(IEnumerable<Resource> resources)
        => ResourceCatalog.Create(resources).Match(c => c, e => throw new InvalidOperationException($"The test catalogue is not valid: {e}"));

    /// <summary>The full catalogue with the resource <paramref name="id"/> replaced by <paramref name="change"/>'s result, or removed when it returns null.</summary>
    public static ResourceCatalog Changed(ResourceId id, Func<Resource, Resource?> change)
        => Catalog(FullResources.Select(r => r.Id == id ? change(r) : r).OfType<Resource>());

    public static ResourceCatalog Without(ResourceId id) => Changed(id, _ => null);

    public static ReadinessChecker Checker(
        ReadinessSetup? setup = null,
        AuthorityMatrix? matrix = null,
        ResponseOrganization? organization = null,
        RiskRuleSet? rules = null,
        Func<ResponseOrganization, IAuthorityPolicy>? policy = null)
    {
        var org = organization ?? SeedOrganization;
        return new ReadinessChecker(
            org,
            policy?.Invoke(org) ?? new MatrixAuthorityPolicy(org, matrix ?? AuthorityMatrix.Default),
            rules ?? RiskRuleSet.Default,
            setup ?? ReadySetup,
            new FakeTimeProvider(AsOf));
    }

    public static ReadinessReport Check(ReadinessSetup setup) => Checker(setup).Check();

    /// <summary>A gap's identity: its code and what it is about.</summary>
    public static (string Code, GapSubject Subject)[] Identities(ReadinessReport report)
        => [.. report.Gaps.Select(g => (g.Code, g.Subject))];

    public static GapSubject Kind(ResourceKind kind) => new(GapSubjectKind.ResourceKind, kind.ToString());

    public static GapSubject Directive(DirectiveKind kind) => new(GapSubjectKind.DirectiveKind, kind.Value);

    /// <summary>Asserts that <paramref name="report"/> has exactly the gaps <paramref name="expected"/>, in that order.</summary>
    public static void AssertGaps(ReadinessReport report, params (string Code, GapSubject Subject)[] expected)
        => Assert.Equal(expected, Identities(report));
}
