using Ardalis.GuardClauses;

namespace PetitionOpinion;

/// <summary>The default <see cref="IIncidentIdGenerator"/>: version-7 GUIDs, time-ordered by the <see cref="TimeProvider"/>'s clock.</summary>
public sealed class GuidV7IncidentIdGenerator : IIncidentIdGenerator
{
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="GuidV7IncidentIdGenerator"/> class.</summary>
    /// <param name="time">The clock the ids are ordered by.</param>
    public GuidV7IncidentIdGenerator(TimeProvider time) => _time = Guard.Against.Null(time);

    /// <inheritdoc/>
    public IncidentId NewIncidentId() => new(Guid.CreateVersion7(_time.GetUtcNow()));
}
