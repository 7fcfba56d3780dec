namespace PetitionOpinion;

/// <summary>
/// What every recorded incident event carries, whatever it says: which incident, who did it, when, and why.
/// An incident's events are its audit trail; a storage adapter keeps them in order and never rewrites them.
/// </summary>
public interface IIncidentEvent
{
    /// <summary>Gets the incident the event belongs to.</summary>
    IncidentId IncidentId { get; }

    /// <summary>Gets the person (or system account) who performed the action.</summary>
    PersonId Actor { get; }

    /// <summary>Gets when the action was accepted, from the library's <see cref="TimeProvider"/>.</summary>
    DateTimeOffset OccurredAt { get; }

    /// <summary>Gets the reason the actor gave, if any.</summary>
    string? Reason { get; }
}
