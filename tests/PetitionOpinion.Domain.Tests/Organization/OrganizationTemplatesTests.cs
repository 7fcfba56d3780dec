using PetitionOpinion.Organization;
using PetitionOpinion.Tests.Support;
using static PetitionOpinion.Organization.OrganizationTemplates;

namespace PetitionOpinion.Tests.Organization;

/// <summary>The seed template reproduces the plan's organisation (docs/organization.md).</summary>
public sealed class OrganizationTemplatesTests
{
    private readonly ResponseOrganization _organization = Scenario.SeedOrganization();

    [Fact]
    public void Seed_Groups_AreTheFourGroupsOfThePlanInOrder()
    {
        Assert.Equal(
            [WellKnownGroups.LeadingGroup, WellKnownGroups.PetitionHandlingGroup, WellKnownGroups.OpinionMonitoringGroup, WellKnownGroups.LogisticsSupportGroup],
            _organization.Groups.Select(g => g.Id));
        Assert.Equal(["信访舆情管理领导小组", "信访处理小组", "舆情监测小组", "后勤保障组"], _organization.Groups.Select(g => g.NameZh));
        Assert.Equal(
            ["leading-group", "petition-handling-group", "opinion-monitoring-group", "logistics-support-group"],
            _organization.Groups.Select(g => g.Id.Value));
    }

    [Fact]
    public void Seed_LeadingGroup_IsLedByTheGeneralManagerWithMarketingAndCustomerServiceDeputies()
    {
        var group = _organization.FindGroup(WellKnownGroups.LeadingGroup)!;

        Assert.Equal(
            [
                (SeedPositions.GeneralManager, "General Manager", "总经理", GroupRole.Leader, Departments.GeneralManagement),
                (SeedPositions.MarketingManager, "Marketing Department Manager", "市场部经理", GroupRole.DeputyLeader, Departments.Marketing),
                (SeedPositions.CustomerServiceManagerDeputy, "Customer Service Department Manager", "客服部经理", GroupRole.DeputyLeader, Departments.CustomerService),
                (SeedPositions.HeadOfLegal, "Head of Legal", "法务部负责人", GroupRole.Member, Departments.Legal),
                (SeedPositions.HeadOfPublicRelations, "Head of Public Relations", "公关部负责人", GroupRole.Member, Departments.PublicRelations),
                (SeedPositions.HeadOfTechnicalSupport, "Head of Technical Support", "技术支持部负责人", GroupRole.Member, Departments.TechnicalSupport),
            ],
            Describe(group));
        Assert.Equal([People.GeneralManager], group.HoldersOf(GroupRole.Leader));
        Assert.Equal([People.MarketingManager, People.CustomerServiceManager], group.HoldersOf(GroupRole.DeputyLeader));
        Assert.Equal([People.HeadOfLegal, People.HeadOfPublicRelations, People.HeadOfTechnicalSupport], group.HoldersOf(GroupRole.Member));
    }

    [Fact]
    public void Seed_PetitionHandlingGroup_IsLedByTheCustomerServiceManager()
    {
        var group = _organization.FindGroup(WellKnownGroups.PetitionHandlingGroup)!;

        Assert.Equal(
            [
                (SeedPositions.PetitionHandlingLeader, "Customer Service Department Manager", "客服部经理", GroupRole.Leader, Departments.CustomerService),
                (SeedPositions.PetitionHandlingDeputy, "Marketing Specialist", "市场专员", GroupRole.DeputyLeader, Departments.Marketing),
                (SeedPositions.CustomerServiceRepresentatives, "Customer Service Representative", "客服代表", GroupRole.Member, Departments.CustomerService),
                (SeedPositions.LegalSpecialists, "Legal Specialist", "法务专员", GroupRole.Member, Departments.Legal),
            ],
            Describe(group));
    }

    [Fact]
    public void Seed_OpinionMonitoringGroup_IsLedByThePublicRelationsManager()
    {
        var group = _organization.FindGroup(WellKnownGroups.OpinionMonitoringGroup)!;

        Assert.Equal(
            [
                (SeedPositions.OpinionMonitoringLeader, "Public Relations Department Manager", "公关部经理", GroupRole.Leader, Departments.PublicRelations),
                (SeedPositions.OpinionMonitoringDeputy, "Marketing Specialist", "市场专员", GroupRole.DeputyLeader, Departments.Marketing),
                (SeedPositions.OpinionAnalysts, "Public-Opinion Analyst", "舆情分析师", GroupRole.Member, Departments.PublicRelations),
                (SeedPositions.SocialMediaSpecialists, "Social Media Specialist", "社交媒体专员", GroupRole.Member, Departments.PublicRelations),
            ],
            Describe(group));
    }

    [Fact]
    public void Seed_LogisticsSupportGroup_ProvidesItSupportAndLegalConsultation()
    {
        var group = _organization.FindGroup(WellKnownGroups.LogisticsSupportGroup)!;

        Assert.Equal(GroupRole.Leader, group.Positions[0].Role);
        Assert.Equal(
            [(SeedPositions.ItSupport, Departments.TechnicalSupport), (SeedPositions.LegalConsultation, Departments.Legal)],
            group.Positions.Where(p => p.Role == GroupRole.Member).Select(p => (p.Id, p.Department)));
    }

    [Fact]
    public void Seed_Duties_AreThoseOfThePlan()
    {
        Assert.Equal(
            ["全面指挥信访舆情管理工作", "制定应对策略", "协调各部门资源", "确保信息及时准确传递"],
            ChineseDuties(WellKnownGroups.LeadingGroup));
        Assert.Equal(["接收并处理信访事件", "及时反馈处理结果", "维护客户关系"], ChineseDuties(WellKnownGroups.PetitionHandlingGroup));
        Assert.Equal(["监测舆情动态", "分析舆情走势", "及时向领导小组报告"], ChineseDuties(WellKnownGroups.OpinionMonitoringGroup));
        Assert.Equal(["应急响应期间提供技术支持", "提供法律咨询"], ChineseDuties(WellKnownGroups.LogisticsSupportGroup));
    }

    [Fact]
    public void Seed_EveryPosition_IsRequiredAndVacantUntilAssigned()
    {
        var positions = OrganizationTemplates.Seed().AddPerson(People.GeneralManager, "GM").Validate();

        Assert.All(positions, p => Assert.Contains(p.Code, new[] { OrganizationErrors.VacantRequiredPosition, OrganizationErrors.GroupWithoutLeader }));
        Assert.All(_organization.Groups.SelectMany(g => g.Positions), p => Assert.True(p.Required));
        Assert.Equal(17, _organization.Groups.Sum(g => g.Positions.Count));
    }

    [Fact]
    public void Seed_OnePersonInTwoPositions_HoldsBothMemberships()
    {
        var memberships = _organization.MembershipsOf(People.CustomerServiceManager);

        Assert.Equal(
            [(WellKnownGroups.LeadingGroup, GroupRole.DeputyLeader), (WellKnownGroups.PetitionHandlingGroup, GroupRole.Leader)],
            memberships.Select(m => (m.Group, m.Role)));
        Assert.Equal([People.CustomerServiceManager], _organization.LeadersOf(WellKnownGroups.PetitionHandlingGroup));
    }

    [Fact]
    public void Seed_EachCall_ReturnsAFreshBuilder()
    {
        var first = OrganizationTemplates.Seed();
        first.AddGroup(new GroupId("extra"), "Extra", "额外");

        Assert.DoesNotContain(OrganizationTemplates.Seed().Validate(), p => p.Message.Contains("extra", StringComparison.Ordinal));
        Assert.Contains(first.Validate(), p => p.Message.Contains("extra", StringComparison.Ordinal));
    }

    private static IEnumerable<(PositionId, string, string, GroupRole, string?)> Describe(ResponseGroup group)
        => group.Positions.Select(p => (p.Id, p.Title, p.TitleZh, p.Role, p.Department));

    // The Chinese text of each duty, which the template gives in parentheses after the English.
    private string[] ChineseDuties(GroupId group)
        => [.. _organization.FindGroup(group)!.Duties.Select(d => d[d.LastIndexOf('(')..].Trim('(', ')', '.'))];
}
