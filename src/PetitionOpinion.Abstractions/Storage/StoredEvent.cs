using PetitionOpinion.Incidents;

namespace PetitionOpinion.Storage;

/// <summary>
/// An incident event as a store keeps it: an opaque payload (the library's serialization) plus the metadata a store
/// may index. A store saves and returns every field byte for byte; it never interprets the payload nor computes the hash.
/// </summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Version">The event's position in the incident's history, from 1, without gaps.</param>
/// <param name="EventType">The event's stable type name, e.g. <c>IncidentReported</c>.</param>
/// <param name="SchemaVersion">The version of the payload's shape, from 1.</param>
/// <param name="OccurredAt">When the action was accepted (UTC).</param>
/// <param name="Actor">Who performed it.</param>
/// <param name="Payload">The serialized event (UTF-8 JSON).</param>
/// <param name="Hash">
/// The hash of this event chained to the previous one of its incident (32 bytes): an HMAC-SHA256 under the
/// <see cref="AuditKey"/> named by <paramref name="HashKeyId"/>, or a plain SHA-256 when that is <see langword="null"/>.
/// </param>
/// <param name="HashKeyId">The id of the <see cref="AuditKey"/> the hash was made with; <see langword="null"/> for the unkeyed chain.</param>
public sealed record StoredEvent(
    IncidentId IncidentId,
    int Version,
    string EventType,
    int SchemaVersion,
    DateTimeOffset OccurredAt,
    PersonId Actor,
    ReadOnlyMemory<byte> Payload,
    ReadOnlyMemory<byte> Hash,
    string? HashKeyId = null)
{
    /// <summary>Compares every field, the payload and hash by content.</summary>
    /// <param name="other">The other event.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(StoredEvent? other)
        => other is not null
        && IncidentId == other.IncidentId
        && Version == other.Version
        && EventType == other.EventType
        && SchemaVersion == other.SchemaVersion
        && OccurredAt == other.OccurredAt
        && OccurredAt.Offset == other.OccurredAt.Offset
        && Actor == other.Actor
        && Payload.Span.SequenceEqual(other.Payload.Span)
        && Hash.Span.SequenceEqual(other.Hash.Span)
        && HashKeyId == other.HashKeyId;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(IncidentId, Version, EventType);
}

/// <summary>What a store keeps about an incident for queries, updated with every append.</summary>
/// <param name="Id">The incident.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Channel">How it reached the company.</param>
/// <param name="Category">Its risk category.</param>
/// <param name="State">Where it is in its lifecycle.</param>
/// <param name="Level">Its severity level, once assessed.</param>
/// <param name="ReportedAt">When it was reported.</param>
/// <param name="UpdatedAt">When its last event occurred.</param>
/// <param name="NextDueAt">The earliest due time of its open directives, if any (what "overdue" is measured by).</param>
/// <param name="Version">Its number of events.</param>
/// <param name="AcknowledgedAt">When the first action after the report was taken (what "time to acknowledge" is measured by), if it was.</param>
/// <param name="AcknowledgeDueAt">When the acknowledgement was (or is) due under the deadline policy, if the incident has that target.</param>
/// <param name="FirstResolvedAt">When the incident was first resolved (what "time to resolve" is measured by; later reopenings do not move it), if it was.</param>
/// <param name="ResolutionDueAt">When the first resolution was (or is) due under the deadline policy, if the incident has that target.</param>
/// <param name="ReopenCount">How many times it was reopened.</param>
/// <param name="PetitionerKey">
/// The pseudonyms of the petitioner, separated by single spaces: a keyed hash of each phone number and e-mail address
/// the petitioner gave, normalised, the same for the same contact however it was written; what repeat petitioners are
/// counted and found by (<see cref="PetitionerKeys"/>; <see cref="IncidentQuery.ByPetitioner"/>). Never the name or
/// contact themselves; <see langword="null"/> when no petitioner was recorded or the petitioner gave no phone number or
/// e-mail address (a name alone never identifies a petitioner). Summaries written by an older version of the library
/// may hold one pseudonym of the name; it matches no contact's.
/// </param>
/// <remarks>
/// The fields after <paramref name="Version"/> feed the statistics (ISO 10002's analysis step). A store keeps every field
/// as given; summaries written by an older version of the library have them empty until the incident's next append.
/// </remarks>
public sealed record IncidentSummary(
    IncidentId Id,
    IncidentKind Kind,
    IntakeChannel Channel,
    RiskCategory Category,
    IncidentState State,
    SeverityLevel? Level,
    DateTimeOffset ReportedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? NextDueAt,
    int Version,
    DateTimeOffset? AcknowledgedAt = null,
    DateTimeOffset? AcknowledgeDueAt = null,
    DateTimeOffset? FirstResolvedAt = null,
    DateTimeOffset? ResolutionDueAt = null,
    int ReopenCount = 0,
    string? PetitionerKey = null)
{
    /// <summary>Gets the petitioner's pseudonyms (<see cref="PetitionerKey"/> split at its spaces); empty when there is none.</summary>
    public IReadOnlyList<string> PetitionerKeys
        => PetitionerKey is null ? [] : PetitionerKey.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
