using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Ardalis.GuardClauses;
using PetitionOpinion.Incidents.Events;

namespace PetitionOpinion.Storage;

/// <summary>
/// Changes a stored payload of <paramref name="EventType"/> from schema version <paramref name="FromSchemaVersion"/>
/// to the next one, so that events stored in an older shape still load.
/// </summary>
/// <param name="EventType">The event type name, e.g. <c>IncidentReported</c>.</param>
/// <param name="FromSchemaVersion">The version the upcaster reads; it produces <c>FromSchemaVersion + 1</c>.</param>
/// <param name="Upgrade">The change, applied to the payload's JSON object.</param>
public sealed record EventUpcaster(string EventType, int FromSchemaVersion, Func<JsonObject, JsonObject> Upgrade);

/// <summary>
/// Turns incident events into <see cref="StoredEvent"/>s and back: System.Text.Json with source generation, a stable
/// type name and a schema version per event type, the SHA-256 hash chain, and upcasters for older shapes.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class IncidentEventSerializer
{
    private static readonly IncidentEventJsonContext Context = IncidentEventJsonContext.Default;
    private readonly Dictionary<Type, Entry> _byType = [];
    private readonly Dictionary<string, Entry> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Type, int From), EventUpcaster> _upcasters = [];

    /// <summary>Initializes a new instance of the <see cref="IncidentEventSerializer"/> class with the library's upcasters.</summary>
    public IncidentEventSerializer()
        : this([])
    {
    }

    /// <summary>Initializes a new instance of the <see cref="IncidentEventSerializer"/> class with extra upcasters and schema versions.</summary>
    /// <param name="upcasters">Upcasters for older shapes.</param>
    /// <param name="schemaVersions">Overrides of the current schema version per event type (for tests of upcasting); empty for the library's.</param>
    /// <exception cref="ArgumentException">An upcaster names an unknown event type or is registered twice.</exception>
    public IncidentEventSerializer(IEnumerable<EventUpcaster> upcasters, IReadOnlyDictionary<string, int>? schemaVersions = null)
    {
        Guard.Against.Null(upcasters);
        Register(Context.IncidentReported, nameof(IncidentReported));
        Register(Context.IncidentAssessed, nameof(IncidentAssessed));
        Register(Context.IncidentEscalated, nameof(IncidentEscalated));
        Register(Context.DirectiveIssued, nameof(DirectiveIssued));
        Register(Context.DirectiveAcknowledged, nameof(DirectiveAcknowledged));
        Register(Context.DirectiveCompleted, nameof(DirectiveCompleted));
        Register(Context.DirectiveCancelled, nameof(DirectiveCancelled));
        Register(Context.ResponseStarted, nameof(ResponseStarted));
        Register(Context.CustomerCommunicationRecorded, nameof(CustomerCommunicationRecorded));
        Register(Context.StatementDrafted, nameof(StatementDrafted));
        Register(Context.StatementLegallyReviewed, nameof(StatementLegallyReviewed));
        Register(Context.StatementApproved, nameof(StatementApproved));
        Register(Context.StatementPublished, nameof(StatementPublished));
        Register(Context.SupportRequested, nameof(SupportRequested));
        Register(Context.SupportFulfilled, nameof(SupportFulfilled));
        Register(Context.IncidentResolved, nameof(IncidentResolved));
        Register(Context.ClosureReportSubmitted, nameof(ClosureReportSubmitted));
        Register(Context.ClosureReportAccepted, nameof(ClosureReportAccepted));
        Register(Context.IncidentReopened, nameof(IncidentReopened));
        Register(Context.ReviewRequested, nameof(ReviewRequested));
        Register(Context.IncidentDismissed, nameof(IncidentDismissed));
        Register(Context.IncidentMergedAsDuplicate, nameof(IncidentMergedAsDuplicate));
        Register(Context.DuplicateLinked, nameof(DuplicateLinked));
        foreach (var (type, version) in schemaVersions ?? new Dictionary<string, int>())
        {
            var entry = _byName.GetValueOrDefault(type) ?? throw new ArgumentException($"'{type}' is not an event type.", nameof(schemaVersions));
            _byName[type] = _byType[entry.Info.Type] = entry with { SchemaVersion = Guard.Against.NegativeOrZero(version, nameof(schemaVersions)) };
        }

        foreach (var upcaster in upcasters)
        {
            Guard.Against.Null(upcaster, nameof(upcasters));
            if (!_byName.ContainsKey(upcaster.EventType) || !_upcasters.TryAdd((upcaster.EventType, upcaster.FromSchemaVersion), upcaster))
            {
                throw new ArgumentException($"The upcaster of {upcaster.EventType} from version {upcaster.FromSchemaVersion} names an unknown event type or is registered twice.", nameof(upcasters));
            }
        }
    }

    /// <summary>Gets the stable names of every event type.</summary>
    public IReadOnlyCollection<string> EventTypes => _byName.Keys;

    /// <summary>Gets the current schema version of an event type.</summary>
    /// <param name="eventType">The type name.</param>
    /// <returns>The version.</returns>
    /// <exception cref="ArgumentException">The type is unknown.</exception>
    public int SchemaVersionOf(string eventType)
        => _byName.TryGetValue(Guard.Against.Null(eventType), out var entry) ? entry.SchemaVersion : throw new ArgumentException($"'{eventType}' is not an event type.", nameof(eventType));

    /// <summary>Serializes an event as the <paramref name="version"/>th of its incident, chained to the previous event's hash.</summary>
    /// <param name="incidentEvent">The event.</param>
    /// <param name="version">Its position in the incident's history, from 1.</param>
    /// <param name="previousHash">The hash of event <c>version - 1</c>; empty for the first event.</param>
    /// <returns>The stored form.</returns>
    public StoredEvent Serialize(IncidentEvent incidentEvent, int version, ReadOnlySpan<byte> previousHash)
    {
        Guard.Against.Null(incidentEvent);
        Guard.Against.NegativeOrZero(version);
        var entry = _byType.GetValueOrDefault(incidentEvent.GetType()) ?? throw new ArgumentException($"{incidentEvent.GetType().Name} is not an event type this serializer knows.", nameof(incidentEvent));
        var payload = JsonSerializer.SerializeToUtf8Bytes(incidentEvent, entry.Info);
        var occurredAt = incidentEvent.OccurredAt.ToUniversalTime();
        var hash = EventHashChain.Compute(previousHash, incidentEvent.IncidentId, version, entry.Name, entry.SchemaVersion, occurredAt, incidentEvent.Actor, payload);
        return new StoredEvent(incidentEvent.IncidentId, version, entry.Name, entry.SchemaVersion, occurredAt, incidentEvent.Actor, payload, hash);
    }

    /// <summary>Serializes new events that follow <paramref name="previous"/> (the incident's last stored event, if any).</summary>
    /// <param name="events">The new events, in order.</param>
    /// <param name="previous">The last stored event of the incident; <see langword="null"/> for a new incident.</param>
    /// <returns>The stored forms, versions following <paramref name="previous"/>.</returns>
    public IReadOnlyList<StoredEvent> SerializeAll(IEnumerable<IncidentEvent> events, StoredEvent? previous)
    {
        Guard.Against.Null(events);
        var result = new List<StoredEvent>();
        var version = previous?.Version ?? 0;
        var hash = previous?.Hash ?? ReadOnlyMemory<byte>.Empty;
        foreach (var e in events)
        {
            var stored = Serialize(e, ++version, hash.Span);
            result.Add(stored);
            hash = stored.Hash;
        }

        return result;
    }

    /// <summary>Reads an event back, upcasting an older shape.</summary>
    /// <param name="stored">The stored event.</param>
    /// <returns>The event.</returns>
    /// <exception cref="InvalidDataException">The type is unknown, the schema version is newer than this library's or has no upcaster, the payload is malformed (a field missing, null where it may not be, of the wrong type, or an invalid identifier), or the payload contradicts the metadata (incident, actor, instant).</exception>
    public IncidentEvent Deserialize(StoredEvent stored)
    {
        Guard.Against.Null(stored);
        if (!_byName.TryGetValue(stored.EventType, out var entry))
        {
            throw new InvalidDataException($"Event {stored.Version} of incident {stored.IncidentId} has the unknown type '{stored.EventType}'.");
        }

        if (stored.SchemaVersion > entry.SchemaVersion || stored.SchemaVersion < 1)
        {
            throw new InvalidDataException($"Event {stored.Version} of incident {stored.IncidentId} ({stored.EventType}) has schema version {stored.SchemaVersion}; this library reads 1 to {entry.SchemaVersion}.");
        }

        var e = Read(stored, entry);

        // The metadata is what stores index and what the hash covers beside the payload: the two must tell the same story.
        if (e.IncidentId != stored.IncidentId || e.Actor != stored.Actor || e.OccurredAt != stored.OccurredAt)
        {
            throw new InvalidDataException($"Event {stored.Version} of incident {stored.IncidentId} ({stored.EventType}) contradicts its metadata: the payload names incident {e.IncidentId}, actor {e.Actor}, {e.OccurredAt:O}; the metadata {stored.IncidentId}, {stored.Actor}, {stored.OccurredAt:O}.");
        }

        return e;
    }

    private IncidentEvent Read(StoredEvent stored, Entry entry)
    {
        try
        {
            if (stored.SchemaVersion == entry.SchemaVersion)
            {
                return (IncidentEvent?)JsonSerializer.Deserialize(stored.Payload.Span, entry.Info)
                    ?? throw new InvalidDataException($"Event {stored.Version} of incident {stored.IncidentId} has a null payload.");
            }

            var json = JsonNode.Parse(stored.Payload.Span) as JsonObject
                ?? throw new InvalidDataException($"Event {stored.Version} of incident {stored.IncidentId} is not a JSON object.");
            for (var from = stored.SchemaVersion; from < entry.SchemaVersion; from++)
            {
                var upcaster = _upcasters.GetValueOrDefault((entry.Name, from))
                    ?? throw new InvalidDataException($"Event {stored.Version} of incident {stored.IncidentId} ({entry.Name} v{stored.SchemaVersion}) cannot be read: no upcaster takes {entry.Name} from schema version {from} to {from + 1}.");
                json = upcaster.Upgrade(json)
                    ?? throw new InvalidDataException($"Event {stored.Version} of incident {stored.IncidentId}: the upcaster of {entry.Name} from schema version {from} returned null.");
            }

            return (IncidentEvent?)json.Deserialize(entry.Info)
                ?? throw new InvalidDataException($"Event {stored.Version} of incident {stored.IncidentId} upcast to null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Event {stored.Version} of incident {stored.IncidentId} ({stored.EventType} v{stored.SchemaVersion}) cannot be read: {e.Message}", e);
        }
    }

    private void Register(JsonTypeInfo info, string name)
    {
        var entry = new Entry(name, 1, info);
        _byType.Add(info.Type, entry);
        _byName.Add(name, entry);
    }

    private sealed record Entry(string Name, int SchemaVersion, JsonTypeInfo Info);
}
