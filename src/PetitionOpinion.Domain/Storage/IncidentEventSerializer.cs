using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
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
/// Turns incident events into <see cref="StoredEvent"/>s and back: a stable type name and a schema version per event
/// type, the SHA-256 hash chain, and upcasters for older shapes.
/// </summary>
/// <remarks>
/// <para>
/// A payload is the event's own fields as UTF-8 JSON, in camel case (identifiers as their text or number, enums by name,
/// instants in ISO 8601 with their offset, every field written, nulls too), written with System.Text.Json's source
/// generation. Schema version 2 (the current one of every type) leaves out what the stored event's metadata carries —
/// the incident, the actor and the instant — and the reason of the events that take none; version 1 repeated them.
/// A field added to an event within a schema version (an init property such as <see cref="DeadlineAlertRaised.Late"/>,
/// not a constructor parameter) is optional: written only when it holds a value, and absent from the payloads stored
/// before it, which load with its default.
/// </para>
/// <para>
/// Reading is strict, with the same source-generated contract: a payload of the current version must have exactly its
/// type's fields, each once and of the right type; an unknown, repeated or missing field, an invalid identifier or an
/// unnamed enum value is malformed data (<see cref="InvalidDataException"/>, saying which field and why without quoting
/// the stored value), never silently loaded with defaults. A version 1 payload is checked against the metadata (they
/// must agree), stripped of it, and then taken through the registered upcasters from version 2 on.
/// </para>
/// <para>
/// The event types are the library's concrete <see cref="IncidentEvent"/> records: an event's shape is its record. A new
/// one is listed here and registered in the source-generated context, no reflection at run time (trimming and native
/// AOT keep working).
/// </para>
/// <para>Thread-safe.</para>
/// </remarks>
public sealed class IncidentEventSerializer
{
    /// <summary>The schema version every event type has in this release.</summary>
    public const int CurrentSchemaVersion = 2;

    private static readonly JsonSerializerOptions Options = CreateOptions();

    // Every concrete event of the library, listed (not found by reflection, which trimming would break); its contract
    // comes from IncidentEventJsonContext, where it must be registered too. A test checks the list against the assembly.
    private static readonly Type[] EventClasses =
    [
        typeof(IncidentReported), typeof(IncidentAssessed), typeof(IncidentEscalated), typeof(DirectiveIssued), typeof(DirectiveAcknowledged),
        typeof(DirectiveCompleted), typeof(DirectiveCancelled), typeof(ResponseStarted), typeof(CustomerCommunicationRecorded),
        typeof(StatementDrafted), typeof(StatementLegallyReviewed), typeof(StatementApproved), typeof(StatementPublished), typeof(SupportRequested),
        typeof(SupportFulfilled), typeof(IncidentResolved), typeof(ClosureReportSubmitted), typeof(ClosureReportAccepted), typeof(IncidentReopened),
        typeof(ReviewRequested), typeof(IncidentDismissed), typeof(IncidentMergedAsDuplicate), typeof(DuplicateLinked), typeof(DeadlinesPaused),
        typeof(DeadlinesResumed), typeof(HandlingTimeExtended), typeof(ReviewDecided), typeof(DeadlineAlertRaised), typeof(OpinionAlertRecorded),
        typeof(IncidentNatureAdded),
    ];

    // The event types of the first release, the only ones with a version 1 shape: history, never extended.
    private static readonly FrozenSet<string> Version1Types = FrozenSet.ToFrozenSet(
    [
        nameof(IncidentReported), nameof(IncidentAssessed), nameof(IncidentEscalated), nameof(DirectiveIssued), nameof(DirectiveAcknowledged),
        nameof(DirectiveCompleted), nameof(DirectiveCancelled), nameof(ResponseStarted), nameof(CustomerCommunicationRecorded),
        nameof(StatementDrafted), nameof(StatementLegallyReviewed), nameof(StatementApproved), nameof(StatementPublished), nameof(SupportRequested),
        nameof(SupportFulfilled), nameof(IncidentResolved), nameof(ClosureReportSubmitted), nameof(ClosureReportAccepted), nameof(IncidentReopened),
        nameof(ReviewRequested), nameof(IncidentDismissed), nameof(IncidentMergedAsDuplicate), nameof(DuplicateLinked),
    ], StringComparer.Ordinal);

    private readonly FrozenDictionary<Type, Entry> _byType;
    private readonly FrozenDictionary<string, Entry> _byName;
    private readonly Dictionary<(string Type, int From), EventUpcaster> _upcasters = [];

    /// <summary>Initializes a new instance of the <see cref="IncidentEventSerializer"/> class with the library's upcasters.</summary>
    public IncidentEventSerializer()
        : this([])
    {
    }

    /// <summary>Initializes a new instance of the <see cref="IncidentEventSerializer"/> class with extra upcasters and schema versions.</summary>
    /// <param name="upcasters">
    /// Upcasters for shapes after version 2, each from a version of at least 2 (the step from 1 to 2 is the library's own).
    /// </param>
    /// <param name="schemaVersions">
    /// Overrides of the current schema version per event type, each at least <see cref="CurrentSchemaVersion"/> (for tests
    /// of upcasting: the payload written is this release's shape, labelled with the given version); empty for the library's.
    /// </param>
    /// <exception cref="ArgumentException">An upcaster names an unknown event type, is registered twice or starts below version 2; or a schema version override names an unknown type or is below <see cref="CurrentSchemaVersion"/>.</exception>
    public IncidentEventSerializer(IEnumerable<EventUpcaster> upcasters, IReadOnlyDictionary<string, int>? schemaVersions = null)
    {
        Guard.Against.Null(upcasters);
        var byName = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var type in EventClasses)
        {
            var info = Options.GetTypeInfo(type);
            var oldest = Version1Types.Contains(type.Name) ? 1 : CurrentSchemaVersion;
            byName.Add(type.Name, new Entry(type.Name, CurrentSchemaVersion, oldest, info, info.Properties.Any(p => p.Name == "reason" && p.CustomConverter is not INotInPayload)));
        }

        foreach (var (type, version) in schemaVersions ?? new Dictionary<string, int>())
        {
            var entry = byName.GetValueOrDefault(type) ?? throw new ArgumentException($"'{type}' is not an event type.", nameof(schemaVersions));
            if (version < CurrentSchemaVersion)
            {
                throw new ArgumentException($"The schema version of {type} cannot be set to {version}: this release writes version {CurrentSchemaVersion} shapes.", nameof(schemaVersions));
            }

            byName[type] = entry with { SchemaVersion = version };
        }

        // Looked up once per event read or written: frozen for the fastest look-up.
        _byName = byName.ToFrozenDictionary(StringComparer.Ordinal);
        _byType = byName.Values.ToFrozenDictionary(e => e.Info.Type);

        foreach (var upcaster in upcasters)
        {
            Guard.Against.Null(upcaster, nameof(upcasters));
            if (upcaster.FromSchemaVersion < CurrentSchemaVersion)
            {
                throw new ArgumentException($"The upcaster of {upcaster.EventType} starts from schema version {upcaster.FromSchemaVersion}; versions before {CurrentSchemaVersion} are upgraded by the library itself.", nameof(upcasters));
            }

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
        => Serialize(incidentEvent, version, previousHash, null);

    /// <summary>Serializes an event as the <paramref name="version"/>th of its incident, chained to the previous event's hash under an audit key.</summary>
    /// <param name="incidentEvent">The event.</param>
    /// <param name="version">Its position in the incident's history, from 1.</param>
    /// <param name="previousHash">The hash of event <c>version - 1</c>; empty for the first event.</param>
    /// <param name="key">The audit key that seals the hash (its id is stored with it); <see langword="null"/> for the unkeyed chain.</param>
    /// <returns>The stored form.</returns>
    public StoredEvent Serialize(IncidentEvent incidentEvent, int version, ReadOnlySpan<byte> previousHash, AuditKey? key)
    {
        Guard.Against.Null(incidentEvent);
        Guard.Against.NegativeOrZero(version);
        var entry = _byType.GetValueOrDefault(incidentEvent.GetType()) ?? throw new ArgumentException($"{incidentEvent.GetType().Name} is not an event type this serializer knows.", nameof(incidentEvent));
        var payload = JsonSerializer.SerializeToUtf8Bytes(incidentEvent, entry.Info);
        var occurredAt = incidentEvent.OccurredAt.ToUniversalTime();
        var hash = EventHashChain.Compute(key, previousHash, incidentEvent.IncidentId, version, entry.Name, entry.SchemaVersion, occurredAt, incidentEvent.Actor, payload);
        return new StoredEvent(incidentEvent.IncidentId, version, entry.Name, entry.SchemaVersion, occurredAt, incidentEvent.Actor, payload, hash, key?.Id);
    }

    /// <summary>Serializes new events that follow <paramref name="previous"/> (the incident's last stored event, if any).</summary>
    /// <param name="events">The new events, in order.</param>
    /// <param name="previous">The last stored event of the incident; <see langword="null"/> for a new incident.</param>
    /// <returns>The stored forms, versions following <paramref name="previous"/>.</returns>
    public IReadOnlyList<StoredEvent> SerializeAll(IEnumerable<IncidentEvent> events, StoredEvent? previous)
        => SerializeAll(events, previous, null);

    /// <summary>Serializes new events that follow <paramref name="previous"/>, their hashes sealed with an audit key.</summary>
    /// <param name="events">The new events, in order.</param>
    /// <param name="previous">The last stored event of the incident; <see langword="null"/> for a new incident.</param>
    /// <param name="key">The audit key; <see langword="null"/> for the unkeyed chain.</param>
    /// <returns>The stored forms, versions following <paramref name="previous"/>.</returns>
    public IReadOnlyList<StoredEvent> SerializeAll(IEnumerable<IncidentEvent> events, StoredEvent? previous, AuditKey? key)
    {
        Guard.Against.Null(events);
        var result = new List<StoredEvent>();
        var version = previous?.Version ?? 0;
        var hash = previous?.Hash ?? ReadOnlyMemory<byte>.Empty;
        foreach (var e in events)
        {
            var stored = Serialize(e, ++version, hash.Span, key);
            result.Add(stored);
            hash = stored.Hash;
        }

        return result;
    }

    /// <summary>Reads an event back, upcasting an older shape.</summary>
    /// <param name="stored">The stored event.</param>
    /// <returns>The event: its own fields from the payload, its incident, actor and instant from the metadata (the instant in UTC, as stored).</returns>
    /// <exception cref="InvalidDataException">The type is unknown; the schema version is newer than this library's or has no upcaster; the payload is malformed (not a JSON object, a field missing, unknown, repeated, null where it may not be, of the wrong type, an invalid identifier or an unnamed enum value); or a version 1 payload contradicts the metadata (incident, actor, instant).</exception>
    public IncidentEvent Deserialize(StoredEvent stored)
    {
        Guard.Against.Null(stored);
        if (!_byName.TryGetValue(stored.EventType, out var entry))
        {
            // The stored type name is not echoed: an unknown one is stored data that could hold anything.
            throw new InvalidDataException($"Event {stored.Version} of incident {stored.IncidentId} has an event type this library does not know.");
        }

        if (stored.SchemaVersion > entry.SchemaVersion || stored.SchemaVersion < entry.OldestSchemaVersion)
        {
            throw new InvalidDataException($"Event {stored.Version} of incident {stored.IncidentId} ({entry.Name}) has schema version {stored.SchemaVersion}; this library reads {entry.OldestSchemaVersion} to {entry.SchemaVersion}.");
        }

        var payload = stored.Payload;
        var current = stored.SchemaVersion == entry.SchemaVersion;
        try
        {
            if (!current)
            {
                payload = Upcast(stored, entry);
                current = true;
            }

            var read = JsonSerializer.Deserialize(payload.Span, entry.Info) as IncidentEvent ?? throw new PayloadException("The payload must be a JSON object; it is null.");

            // The constructor got the defaults for the metadata; the event is not yet anyone else's, so the stored
            // values go in where a copy (`with`) would cost an allocation per event.
            SetIncidentId(read, stored.IncidentId);
            SetActor(read, stored.Actor);
            SetOccurredAt(read, stored.OccurredAt);
            return read;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException or InvalidOperationException or OverflowException)
        {
            // What failed, in the library's own words only: neither the message of an exception thrown elsewhere nor the
            // exception itself is passed on, since either may quote the stored value (which may be a petitioner's details).
            // A payload of the current shape that System.Text.Json refused is described against its contract.
            var reason = e is PayloadException ? e.Message : PayloadProblem.Describe(payload, current ? entry.Info : null);
            throw new InvalidDataException($"Event {stored.Version} of incident {stored.IncidentId} ({entry.Name} v{stored.SchemaVersion}) cannot be read: {reason}");
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_" + nameof(IncidentEvent.IncidentId))]
    private static extern void SetIncidentId(IncidentEvent e, IncidentId value);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_" + nameof(IncidentEvent.Actor))]
    private static extern void SetActor(IncidentEvent e, PersonId value);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_" + nameof(IncidentEvent.OccurredAt))]
    private static extern void SetOccurredAt(IncidentEvent e, DateTimeOffset value);

    private static JsonSerializerOptions CreateOptions()
    {
        // The context's options (names, converters, strictness) with each event's contract cut to its payload's fields.
        // Text is written as it is (Chinese stays 3 bytes a character, not a 6-byte \uXXXX escape): a payload is stored,
        // never embedded in HTML, so the HTML-sensitive characters the default encoder escapes need no escaping; JSON's
        // own (quotes, backslashes, control characters, unpaired surrogates) still are.
        var options = new JsonSerializerOptions(IncidentEventJsonContext.Default.Options)
        {
            TypeInfoResolver = IncidentEventJsonContext.Default.WithAddedModifier(PayloadFieldsOnly),
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly();
        return options;
    }

    private static void PayloadFieldsOnly(JsonTypeInfo info)
    {
        if (!info.Type.IsSubclassOf(typeof(IncidentEvent)))
        {
            return;
        }

        foreach (var property in info.Properties)
        {
            // The metadata is the stored event's, and the reason of an event whose constructor takes none is always null:
            // neither is a payload field. Not written, refused in a payload, not required of one; they stay in the
            // contract because the constructor binds them (a missing one gets the default; Deserialize puts in the metadata).
            // (Optional members an event adds later, such as IncidentAssessed.Facts, are init-only properties too: they stay.)
            if (property.Name is "incidentId" or "actor" or "occurredAt" || (property.Name is "reason" && property.AssociatedParameter is { IsMemberInitializer: true }))
            {
                property.IsRequired = false;
                property.ShouldSerialize = static (_, _) => false;
                property.CustomConverter = NotInPayload(property.PropertyType);
            }
            else if (property.AssociatedParameter is null or { IsMemberInitializer: true })
            {
                // A field added to an event after its schema version (an init property, not a constructor parameter) is
                // optional: written only when it holds a value other than its default, so that the shape of an event that
                // does not use it stays the committed one, and not required, so that payloads stored before it still load.
                var empty = DefaultOf(property.PropertyType);
                property.IsRequired = false;
                property.ShouldSerialize = (_, value) => !Equals(value, empty);
            }
        }
    }

    // The converters are made for the metadata's own types (and the reason's) rather than by MakeGenericType, which native
    // AOT cannot compile ahead for a value type it has not seen.
    private static JsonConverter NotInPayload(Type type)
        => type == typeof(IncidentId) ? new NotInPayloadConverter<IncidentId>()
            : type == typeof(PersonId) ? new NotInPayloadConverter<PersonId>()
            : type == typeof(DateTimeOffset) ? new NotInPayloadConverter<DateTimeOffset>()
            : type == typeof(string) ? new NotInPayloadConverter<string>()
            : throw new InvalidOperationException($"An event's metadata or reason of type {type.Name} has no payload converter: add it to {nameof(IncidentEventSerializer)}.{nameof(NotInPayload)}.");

    // The default of an optional field's type (what it holds when not set), named rather than made by Activator, which
    // trimming and native AOT do not support for a type known only at run time.
    private static object? DefaultOf(Type type)
        => !type.IsValueType || Nullable.GetUnderlyingType(type) is not null ? null
            : type == typeof(bool) ? false
            : type == typeof(int) ? 0
            : type == typeof(long) ? 0L
            : type == typeof(double) ? 0d
            : type == typeof(DateTimeOffset) ? default(DateTimeOffset)
            : throw new InvalidOperationException($"An optional event field of type {type.Name} has no known default: add it to {nameof(IncidentEventSerializer)}.{nameof(DefaultOf)}.");

    private static JsonObject FromVersion1(JsonObject json, StoredEvent stored, Entry entry)
    {
        // Version 1 repeated the metadata in the payload: the two must tell the same story before it is dropped.
        var incident = V1Field(json, "incidentId") is JsonValue i && i.TryGetValue(out Guid guid) ? guid : throw V1Problem("incidentId", "a GUID");
        var actor = V1Field(json, "actor") is JsonValue a && a.TryGetValue(out string? text) && IdentifierRules.Explain(text) is null ? text : throw V1Problem("actor", "a valid identifier");
        var occurredAt = V1Field(json, "occurredAt") is JsonValue o && o.TryGetValue(out DateTimeOffset instant) ? instant : throw V1Problem("occurredAt", "an ISO 8601 date and time");
        if (incident != stored.IncidentId.Value || actor != stored.Actor.Value || occurredAt != stored.OccurredAt)
        {
            throw new InvalidDataException($"Event {stored.Version} of incident {stored.IncidentId} ({stored.EventType}) contradicts its metadata: the incident, actor or instant its version 1 payload names differs from the stored event's.");
        }

        json.Remove("incidentId");
        json.Remove("actor");
        json.Remove("occurredAt");
        if (!entry.HasReason)
        {
            json.Remove("reason");
        }

        return json;
    }

    private static JsonNode? V1Field(JsonObject json, string name)
        => json.TryGetPropertyValue(name, out var node) ? node : throw new PayloadException($"The field '{name}' is missing.");

    private static JsonException V1Problem(string name, string what)
        => new PayloadException($"'{name}' must be {what}.");

    private byte[] Upcast(StoredEvent stored, Entry entry)
    {
        JsonObject json;
        try
        {
            json = JsonNode.Parse(stored.Payload.Span) as JsonObject
                ?? throw new PayloadException("The payload is not a JSON object.");
        }
        catch (ArgumentException e)
        {
            throw new JsonException(e.Message, e);
        }

        var from = stored.SchemaVersion;
        if (from == 1)
        {
            json = FromVersion1(json, stored, entry);
            from = CurrentSchemaVersion;
        }

        for (; from < entry.SchemaVersion; from++)
        {
            var upcaster = _upcasters.GetValueOrDefault((entry.Name, from))
                ?? throw new InvalidDataException($"Event {stored.Version} of incident {stored.IncidentId} ({entry.Name} v{stored.SchemaVersion}) cannot be read: no upcaster takes {entry.Name} from schema version {from} to {from + 1}.");
            JsonObject? upgraded;
            try
            {
                upgraded = upcaster.Upgrade(json);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // An upcaster is the host's code: its message may quote the payload, so it is not passed on.
                throw new InvalidDataException($"Event {stored.Version} of incident {stored.IncidentId} ({entry.Name} v{stored.SchemaVersion}) cannot be read: the upcaster of {entry.Name} from schema version {from} failed ({e.GetType().Name}).");
            }

            json = upgraded
                ?? throw new InvalidDataException($"Event {stored.Version} of incident {stored.IncidentId}: the upcaster of {entry.Name} from schema version {from} returned null.");
        }

        return JsonSerializer.SerializeToUtf8Bytes(json, IncidentEventJsonContext.Default.JsonObject);
    }

    private sealed record Entry(string Name, int SchemaVersion, int OldestSchemaVersion, JsonTypeInfo Info, bool HasReason);
}
