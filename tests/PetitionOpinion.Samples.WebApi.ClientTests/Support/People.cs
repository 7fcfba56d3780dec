namespace PetitionOpinion.Samples.WebApi.ClientTests.Support;

/// <summary>The sample company's people, as the web sample's appsettings.json places them in the seed organisation.</summary>
public static class People
{
    /// <summary>Leader of the leading group.</summary>
    public const string GeneralManager = "wang.jianguo";

    /// <summary>Deputy of the leading group.</summary>
    public const string MarketingManager = "li.na";

    /// <summary>Leader of the petition handling group, deputy of the leading group.</summary>
    public const string CustomerServiceManager = "zhang.wei";

    /// <summary>Member of the leading group, department Legal.</summary>
    public const string HeadOfLegal = "chen.jing";

    /// <summary>Leader of the opinion monitoring group, member of the leading group.</summary>
    public const string PublicRelationsManager = "liu.yang";

    /// <summary>Leader of the logistics support group, member of the leading group.</summary>
    public const string HeadOfTechnicalSupport = "zhao.lei";

    /// <summary>Deputy of the petition handling group and of the opinion monitoring group.</summary>
    public const string MarketingSpecialist = "sun.li";

    /// <summary>Member of the petition handling group.</summary>
    public const string CustomerServiceRepresentative = "zhou.min";

    /// <summary>Member of the petition handling group and of the logistics group (legal).</summary>
    public const string LegalSpecialist = "wu.hao";

    /// <summary>Member of the opinion monitoring group: may not see petitioners.</summary>
    public const string OpinionAnalyst = "xu.fang";

    /// <summary>Member of the opinion monitoring group: may not see petitioners.</summary>
    public const string SocialMediaSpecialist = "he.jun";

    /// <summary>Member of the logistics support group: may not see petitioners.</summary>
    public const string ItSupport = "ma.chao";
}
