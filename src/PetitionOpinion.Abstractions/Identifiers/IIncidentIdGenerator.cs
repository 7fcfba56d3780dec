namespace PetitionOpinion;

/// <summary>Creates ids for new incidents. Replace it to use ids from another system (a CRM's case number space, say).</summary>
public interface IIncidentIdGenerator
{
    /// <summary>Creates a new, never-before-returned incident id.</summary>
    /// <returns>A non-empty id.</returns>
    IncidentId NewIncidentId();
}
