namespace PetitionOpinion.Incidents;

/// <summary>What an incident is: a petition (信访), a public-opinion event (舆情), or both (a petition that went public).</summary>
public enum IncidentKind
{
    /// <summary>A petition (信访): a complaint brought by letter, call, visit or online.</summary>
    Petition = 1,

    /// <summary>A public-opinion event (舆情): what the public says about the company in media and social media.</summary>
    PublicOpinion = 2,

    /// <summary>A petition that went public: both at once.</summary>
    PetitionAndPublicOpinion = 3,
}
