namespace PetitionOpinion.Readiness;

/// <summary>What a resource (物资与资源, the plan's materials and resources) is.</summary>
public enum ResourceKind
{
    /// <summary>Public-opinion monitoring software (舆情监测软件): an information-collection tool (信息收集工具) of the plan.</summary>
    MonitoringSoftware = 1,

    /// <summary>The customer feedback system (客户反馈系统): an information-collection tool (信息收集工具) of the plan.</summary>
    FeedbackSystem = 2,

    /// <summary>The customer service hotline (客服热线): a communication channel (沟通渠道) of the plan.</summary>
    Hotline = 3,

    /// <summary>The online customer service platform (在线客服平台): a communication channel (沟通渠道) of the plan.</summary>
    OnlineServicePlatform = 4,

    /// <summary>A social-media account of the company (社交媒体账号): a communication channel (沟通渠道) of the plan.</summary>
    SocialMediaAccount = 5,

    /// <summary>Legal support (法律支持): "legal consultation provided by the Legal Department" (法务部提供的法律咨询服务).</summary>
    LegalSupport = 6,

    /// <summary>A training course (培训课程) on petition and public-opinion management, the plan's regular training of employees (定期培训).</summary>
    TrainingCourse = 7,

    /// <summary>IT support (IT 技术支持) which the plan's logistics support group (后勤保障组) provides during the response.</summary>
    ItSupport = 8,

    /// <summary>Anything else; it serves only the directive kinds it lists.</summary>
    Other = 9,
}

/// <summary>Whether a resource can be used now.</summary>
public enum ResourceStatus
{
    /// <summary>In service (可用).</summary>
    Available = 1,

    /// <summary>In service but impaired: slow, short-staffed, partly down (受限). It still serves, with a warning.</summary>
    Degraded = 2,

    /// <summary>Out of service (不可用). It serves nothing.</summary>
    Unavailable = 3,
}
