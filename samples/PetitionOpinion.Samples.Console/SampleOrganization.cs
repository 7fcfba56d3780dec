using PetitionOpinion.Organization;
using static PetitionOpinion.Organization.OrganizationTemplates;

namespace PetitionOpinion.Samples;

/// <summary>The people of the sample company, placed in the seed's organisation (docs/organization.md).</summary>
internal static class SampleOrganization
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

    /// <summary>The opinion monitor's own account: it reports the incidents its alerts open.</summary>
    public static readonly PersonId OpinionMonitor = new("system:opinion-monitor");

    /// <summary>Adds the people and fills every position of the seed template.</summary>
    public static void Staff(OrganizationBuilder organization) => organization
        .AddPerson(GeneralManager, "Wang Jianguo (王建国), General Manager")
        .AddPerson(MarketingManager, "Li Na (李娜), Marketing Manager")
        .AddPerson(CustomerServiceManager, "Zhang Wei (张伟), Customer Service Manager")
        .AddPerson(HeadOfLegal, "Chen Jing (陈静), Head of Legal")
        .AddPerson(PublicRelationsManager, "Liu Yang (刘洋), Public Relations Manager")
        .AddPerson(HeadOfTechnicalSupport, "Zhao Lei (赵磊), Head of Technical Support")
        .AddPerson(MarketingSpecialist, "Sun Li (孙丽), Marketing Specialist")
        .AddPerson(CustomerServiceRepresentative, "Zhou Min (周敏), Customer Service Representative")
        .AddPerson(LegalSpecialist, "Wu Hao (吴昊), Legal Specialist")
        .AddPerson(OpinionAnalyst, "Xu Fang (徐芳), Public-Opinion Analyst")
        .AddPerson(SocialMediaSpecialist, "He Jun (何军), Social Media Specialist")
        .AddPerson(ItSupport, "Ma Chao (马超), IT Support")
        .AddPerson(OpinionMonitor, "Opinion monitor (舆情监测系统)")
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
        .Assign(SeedPositions.LegalConsultation, LegalSpecialist);
}
