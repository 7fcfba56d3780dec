namespace PetitionOpinion.Incidents;

/// <summary>How an incident reached the company (渠道).</summary>
public enum IntakeChannel
{
    /// <summary>Customer service hotline (客服热线).</summary>
    Hotline = 1,

    /// <summary>Online customer service platform (在线客服平台).</summary>
    OnlineService = 2,

    /// <summary>Social media (社交媒体).</summary>
    SocialMedia = 3,

    /// <summary>Customer feedback system (客户反馈系统).</summary>
    FeedbackSystem = 4,

    /// <summary>Public-opinion monitoring (舆情监测).</summary>
    OpinionMonitoring = 5,

    /// <summary>Letter (来信).</summary>
    Letter = 6,

    /// <summary>Visit in person (来访).</summary>
    Visit = 7,

    /// <summary>E-mail.</summary>
    Email = 8,

    /// <summary>A journalist or media outlet (媒体).</summary>
    Media = 9,

    /// <summary>Referred by a regulator (监管转办).</summary>
    Regulator = 10,

    /// <summary>Raised inside the company.</summary>
    Internal = 11,
}
