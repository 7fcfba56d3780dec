namespace PetitionOpinion.Organization;

/// <summary>
/// The department names the default template and the default authority matrix use. A position may name any
/// department; these are the ones the plan mentions.
/// </summary>
public static class Departments
{
    /// <summary>General management (总经理).</summary>
    public const string GeneralManagement = "GeneralManagement";

    /// <summary>Marketing (市场部).</summary>
    public const string Marketing = "Marketing";

    /// <summary>Customer service (客服部).</summary>
    public const string CustomerService = "CustomerService";

    /// <summary>Legal (法务部). The default matrix lets a legal person review public statements.</summary>
    public const string Legal = "Legal";

    /// <summary>Public relations (公关部).</summary>
    public const string PublicRelations = "PublicRelations";

    /// <summary>Technical support (技术支持部).</summary>
    public const string TechnicalSupport = "TechnicalSupport";
}
