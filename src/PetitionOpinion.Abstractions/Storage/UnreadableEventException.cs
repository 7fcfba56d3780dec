namespace PetitionOpinion.Storage;

/// <summary>
/// Thrown by a store when a stored event's row cannot be turned into a <see cref="StoredEvent"/> (a column with a value
/// no event can have: an actor that is not an identifier, a negative version). The message names the incident, the
/// version and the column, never the stored value (which may be anything, a petitioner's details included).
/// </summary>
public sealed class UnreadableEventException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="UnreadableEventException"/> class.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="version">The event's version, as stored.</param>
    /// <param name="column">What cannot be read, e.g. <c>the actor</c>.</param>
    public UnreadableEventException(IncidentId incident, int version, string column)
        : base($"Event {version} of incident {incident} cannot be read: {column} is not valid.")
    {
        Incident = incident;
        Version = version;
    }

    /// <summary>Gets the incident.</summary>
    public IncidentId Incident { get; }

    /// <summary>Gets the event's version.</summary>
    public int Version { get; }
}
