using System.Text;
using System.Text.Json.Nodes;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Support;
using static PetitionOpinion.Tests.Storage.EventSampleCatalog;

namespace PetitionOpinion.Tests.Storage;

/// <summary>
/// <see cref="IncidentEventSerializer"/>: every event type round-trips with any field values; stored metadata is UTC;
/// the hash chain links consecutive events; older shapes are upcast; unreadable data is an <see cref="InvalidDataException"/>
/// that says which event and why.
/// </summary>
public sealed class IncidentEventSerializerTests
{
    private readonly IncidentEventSerializer _serializer = new();

    // ---------- round trip ----------
    [Property(MaxTest = 2_000, Arbitrary = new[] { typeof(EventArbitraries) })]
    public void Serialize_ThenDeserialize_AnyEventOfAnyType_GivesAnEqualEventAtTheSameInstant(IncidentEvent e)
    {
        var stored = _serializer.Serialize(e, 7, new byte[EventHashChain.HashLength]);
        var back = _serializer.Deserialize(stored);

        Assert.Equal(e.GetType().Name, stored.EventType);
        Assert.Equal(1, stored.SchemaVersion);
        Assert.Equal(7, stored.Version);
        Assert.Equal(e.IncidentId, stored.IncidentId);
        Assert.Equal(e.Actor, stored.Actor);
        Assert.Equal(TimeSpan.Zero, stored.OccurredAt.Offset);
        Assert.Equal(e.OccurredAt.UtcTicks, stored.OccurredAt.UtcTicks);
        Assert.Equal(EventHashChain.HashLength, stored.Hash.Length);
        Assert.IsType(e.GetType(), back);
        Assert.Equal(e.OccurredAt.UtcTicks, back.OccurredAt.UtcTicks);
        Assert.Equal(Describe(e), Describe(back));
    }

    [Fact]
    public void EventArbitraries_CoverEveryEventType()
    {
        Assert.Equal(EventSamplesTests.EventClasses.Select(t => t.Name), EventArbitraries.ByType.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, gen) in EventArbitraries.ByType)
        {
            Assert.All(gen.Sample(5), e => Assert.Equal(name, e.GetType().Name));
        }
    }

    [Fact]
    public void Serialize_ThenDeserialize_EveryEventOfARealIncident_RebuildsAnEqualIncident()
    {
        var scenario = new Scenario();
        var incident = scenario.Drive(IncidentState.Closed);
        scenario.Do(incident, new ReopenIncident(People.GeneralManager, "客户再次投诉 😞"));
        scenario.Do(incident, new RecordCommunication(People.CustomerServiceRep, IntakeChannel.Hotline, "致电客户", "客户接受"));

        var stored = _serializer.SerializeAll(incident.History, null);
        var rebuilt = Incident.FromHistory(stored.Select(_serializer.Deserialize));

        Assert.Equal(Enumerable.Range(1, incident.Version), stored.Select(s => s.Version));
        Assert.Equal(Scenario.Describe(incident), Scenario.Describe(rebuilt));
    }

    [Fact]
    public void Serialize_EventWithANonZeroOffset_StoresUtcMetadataAndLoadsTheSameInstant()
    {
        var local = new DateTimeOffset(2026, 3, 2, 17, 5, 9, TimeSpan.FromHours(8)).AddTicks(42);
        var e = new IncidentResolved(SampleIncident, new PersonId("cs-manager"), local, "已解决");

        var stored = _serializer.Serialize(e, 1, []);
        var back = _serializer.Deserialize(stored);

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 5, 9, TimeSpan.Zero).AddTicks(42), stored.OccurredAt);
        Assert.Equal(TimeSpan.Zero, stored.OccurredAt.Offset);
        Assert.Equal(local.UtcTicks, back.OccurredAt.UtcTicks);
        Assert.Equal(EventHashChain.Compute([], e.IncidentId, 1, nameof(IncidentResolved), 1, local, e.Actor, stored.Payload.Span).ToArray(), stored.Hash.ToArray());
    }

    [Fact]
    public void Serialize_IncidentReportedWithPetitioner_KeepsThePetitionerDetailsInThePayloadBecauseTheyAreTheAuditTrail()
    {
        var e = (IncidentReported)Expected[nameof(IncidentReported)];

        var stored = _serializer.Serialize(e, 1, []);
        var payload = JsonNode.Parse(stored.Payload.Span)!;
        var back = (IncidentReported)_serializer.Deserialize(stored);

        // PetitionerDetails.ToString() redacts them for logs; the stored event must not.
        Assert.Equal("王芳", (string?)payload["petitioner"]?["name"]);
        Assert.Equal("+86 138 0000 0000", (string?)payload["petitioner"]?["contact"]);
        Assert.Equal(e.Petitioner, back.Petitioner);
        Assert.Equal(e.ComplainedAbout, back.ComplainedAbout);
    }

    [Fact]
    public void Serialize_Payload_UsesStableCamelCaseNamesAndPlainIdentifiers()
    {
        var stored = _serializer.Serialize(Expected[nameof(DirectiveIssued)], 1, []);
        var payload = JsonNode.Parse(stored.Payload.Span)!.AsObject();

        Assert.Equal(["directive", "kind", "assignee", "instructions", "dueAt", "incidentId", "actor", "occurredAt", "reason"], payload.Select(p => p.Key));
        Assert.Equal(1, (int)payload["directive"]!);
        Assert.Equal("InformationCollection", (string?)payload["kind"]);
        Assert.Equal("petition-handling-group", (string?)payload["assignee"]);
        Assert.Equal(SampleIncident.ToString(), (string?)payload["incidentId"]);
        Assert.Equal("cs-manager", (string?)payload["actor"]);
        Assert.Equal("2026-03-03T17:30:00+08:00", (string?)payload["dueAt"]);
    }

    [Fact]
    public void SerializeAll_AfterAStoredEvent_ContinuesItsVersionsAndHashChain()
    {
        var scenario = new Scenario();
        var incident = scenario.Drive(IncidentState.Directed);
        var first = _serializer.SerializeAll(incident.History.Take(2), null);

        var rest = _serializer.SerializeAll(incident.History.Skip(2), first[^1]);

        Assert.Equal(Enumerable.Range(3, incident.Version - 2), rest.Select(s => s.Version));
        Assert.True(EventHashChain.Verify([.. first, .. rest]).IsIntact);
        Assert.Equal(_serializer.SerializeAll(incident.History, null), [.. first, .. rest]);
        Assert.Empty(_serializer.SerializeAll([], first[^1]));
    }

    [Fact]
    public void Serialize_BadArguments_Throw()
    {
        var e = Expected[nameof(IncidentResolved)];

        Assert.Throws<ArgumentNullException>(() => _serializer.Serialize(null!, 1, []));
        Assert.Throws<ArgumentException>(() => _serializer.Serialize(e, 0, []));
        Assert.Throws<ArgumentNullException>(() => _serializer.SerializeAll(null!, null));
        Assert.Throws<ArgumentNullException>(() => _serializer.Deserialize(null!));
        var unknown = Assert.Throws<ArgumentException>(() => _serializer.Serialize(new ForeignEvent(SampleIncident, new PersonId("x"), e.OccurredAt), 1, []));
        Assert.Contains(nameof(ForeignEvent), unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SchemaVersionOf_KnownAndUnknownTypes_ReturnsTheVersionOrThrows()
    {
        Assert.All(_serializer.EventTypes, t => Assert.Equal(1, _serializer.SchemaVersionOf(t)));
        Assert.Equal(4, new IncidentEventSerializer([], new Dictionary<string, int> { [nameof(IncidentResolved)] = 4 }).SchemaVersionOf(nameof(IncidentResolved)));
        Assert.Throws<ArgumentException>(() => _serializer.SchemaVersionOf("IncidentTeleported"));
        Assert.Throws<ArgumentNullException>(() => _serializer.SchemaVersionOf(null!));
    }

    // ---------- upcasting ----------
    [Fact]
    public void Deserialize_V1PayloadWithARenamedFieldAndAnUpcaster_LoadsIntoTheCurrentShape()
    {
        // Pretend schema 2 of IncidentResolved renamed "text" to "summary".
        var serializer = new IncidentEventSerializer(
            [new EventUpcaster(nameof(IncidentResolved), 1, json => Rename(json, "text", "summary"))],
            new Dictionary<string, int> { [nameof(IncidentResolved)] = 2 });
        var stored = OldResolved(text: "旧格式 😀");

        var loaded = Assert.IsType<IncidentResolved>(serializer.Deserialize(stored));

        Assert.Equal("旧格式 😀", loaded.Summary);
        Assert.Equal(Expected[nameof(IncidentResolved)].Actor, loaded.Actor);
        Assert.Equal(2, serializer.Serialize(loaded, 1, []).SchemaVersion);
    }

    [Fact]
    public void Deserialize_CurrentSchemaVersion_DoesNotRunTheUpcaster()
    {
        var serializer = new IncidentEventSerializer(
            [new EventUpcaster(nameof(IncidentResolved), 1, _ => throw new InvalidOperationException("must not run"))],
            new Dictionary<string, int> { [nameof(IncidentResolved)] = 2 });
        var current = serializer.Serialize(Expected[nameof(IncidentResolved)], 1, []);

        var loaded = serializer.Deserialize(current);

        Assert.Equal(2, current.SchemaVersion);
        Assert.Equal(Describe(Expected[nameof(IncidentResolved)]), Describe(loaded));
    }

    [Fact]
    public void Deserialize_OlderSchemaWithoutAnUpcaster_ThrowsInvalidDataExceptionNamingTheMissingStep()
    {
        var serializer = new IncidentEventSerializer(
            [new EventUpcaster(nameof(IncidentResolved), 2, json => json)],
            new Dictionary<string, int> { [nameof(IncidentResolved)] = 3 });

        var error = Assert.Throws<InvalidDataException>(() => serializer.Deserialize(OldResolved(text: "x")));

        Assert.Contains("no upcaster takes IncidentResolved from schema version 1 to 2", error.Message, StringComparison.Ordinal);
        Assert.Contains(SampleIncident.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_UpcasterThatLeavesARequiredFieldMissing_ThrowsInvalidDataExceptionNamingTheField()
    {
        var serializer = new IncidentEventSerializer(
            [new EventUpcaster(nameof(IncidentResolved), 1, json => json)],
            new Dictionary<string, int> { [nameof(IncidentResolved)] = 2 });

        var error = Assert.Throws<InvalidDataException>(() => serializer.Deserialize(OldResolved(text: "x")));

        Assert.Contains("'summary'", error.Message, StringComparison.Ordinal);
        Assert.Contains("IncidentResolved v1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_UpcasterReturningNull_ThrowsInvalidDataException()
    {
        var serializer = new IncidentEventSerializer(
            [new EventUpcaster(nameof(IncidentResolved), 1, _ => null!)],
            new Dictionary<string, int> { [nameof(IncidentResolved)] = 2 });

        var error = Assert.Throws<InvalidDataException>(() => serializer.Deserialize(OldResolved(text: "x")));

        Assert.Contains("returned null", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(99)]
    public void Deserialize_NewerSchemaVersionThanTheLibrarys_ThrowsInvalidDataException(int schemaVersion)
    {
        var stored = _serializer.Serialize(Expected[nameof(IncidentResolved)], 3, []) with { SchemaVersion = schemaVersion };

        var error = Assert.Throws<InvalidDataException>(() => _serializer.Deserialize(stored));

        Assert.Contains($"schema version {schemaVersion}; this library reads 1 to 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Event 3 of incident", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Deserialize_SchemaVersionBelowOne_ThrowsInvalidDataException(int schemaVersion)
    {
        var stored = _serializer.Serialize(Expected[nameof(IncidentResolved)], 1, []) with { SchemaVersion = schemaVersion };

        Assert.Throws<InvalidDataException>(() => _serializer.Deserialize(stored));
    }

    [Fact]
    public void Deserialize_UnknownEventType_ThrowsInvalidDataExceptionNamingIt()
    {
        var stored = _serializer.Serialize(Expected[nameof(IncidentResolved)], 1, []) with { EventType = "IncidentTeleported" };

        var error = Assert.Throws<InvalidDataException>(() => _serializer.Deserialize(stored));

        Assert.Contains("unknown type 'IncidentTeleported'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_EventTypeNamesAreCaseSensitive()
    {
        var stored = _serializer.Serialize(Expected[nameof(IncidentResolved)], 1, []) with { EventType = "incidentresolved" };

        Assert.Throws<InvalidDataException>(() => _serializer.Deserialize(stored));
    }

    public static TheoryData<string, string> MalformedPayloads => new()
    {
        { "empty", string.Empty },
        { "not JSON", "resolved!" },
        { "truncated", """{"incidentId":""" },
        { "trailing content", """{"summary":"x"} {}""" },
        { "an array", "[1,2]" },
        { "a number", "42" },
        { "JSON null", "null" },
        { "missing fields", "{}" },
        { "missing summary", Resolved(summary: null, omitSummary: true) },
        { "null summary", Resolved(summary: null) },
        { "summary of the wrong type", Resolved(summaryJson: "17") },
        { "invalid actor id", Resolved(actorJson: "\"has space\"") },
        { "null actor", Resolved(actorJson: "null") },
        { "numeric actor", Resolved(actorJson: "5") },
        { "incident id not a GUID", Resolved(incidentJson: "\"nope\"") },
        { "occurredAt not a time", Resolved(occurredJson: "\"yesterday\"") },
    };

    [Theory]
    [MemberData(nameof(MalformedPayloads))]
    public void Deserialize_MalformedPayload_ThrowsInvalidDataExceptionNamingTheEvent(string what, string payload)
    {
        var stored = Wrap(nameof(IncidentResolved), 1, Encoding.UTF8.GetBytes(payload), version: 4);

        var error = Assert.Throws<InvalidDataException>(() => _serializer.Deserialize(stored));

        Assert.True(error.Message.Contains($"Event 4 of incident {SampleIncident}", StringComparison.Ordinal), $"{what}: {error.Message}");
    }

    [Theory]
    [MemberData(nameof(MalformedPayloads))]
    public void Deserialize_MalformedPayloadOfAnOlderSchema_ThrowsInvalidDataException(string what, string payload)
    {
        var serializer = new IncidentEventSerializer(
            [new EventUpcaster(nameof(IncidentResolved), 1, json => json)],
            new Dictionary<string, int> { [nameof(IncidentResolved)] = 2 });
        var stored = Wrap(nameof(IncidentResolved), 1, Encoding.UTF8.GetBytes(payload), version: 4);

        var error = Assert.Throws<InvalidDataException>(() => serializer.Deserialize(stored));

        Assert.True(error.Message.Contains($"Event 4 of incident {SampleIncident}", StringComparison.Ordinal), $"{what}: {error.Message}");
    }

    [Theory]
    [InlineData("incident")]
    [InlineData("actor")]
    [InlineData("occurredAt")]
    public void Deserialize_PayloadThatContradictsItsMetadata_ThrowsInvalidDataException(string field)
    {
        var stored = _serializer.Serialize(Expected[nameof(IncidentResolved)], 1, []);
        stored = field switch
        {
            "incident" => stored with { IncidentId = OtherSampleIncident },
            "actor" => stored with { Actor = new PersonId("someone-else") },
            _ => stored with { OccurredAt = stored.OccurredAt.AddTicks(1) },
        };

        var error = Assert.Throws<InvalidDataException>(() => _serializer.Deserialize(stored));

        Assert.Contains("contradicts its metadata", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_MetadataTimeInAnotherOffsetButTheSameInstant_Loads()
    {
        var stored = _serializer.Serialize(Expected[nameof(IncidentResolved)], 1, []);

        var loaded = _serializer.Deserialize(stored with { OccurredAt = stored.OccurredAt.ToOffset(TimeSpan.FromHours(8)) });

        Assert.Equal(stored.OccurredAt, loaded.OccurredAt);
    }

    // ---------- construction ----------
    [Fact]
    public void Constructor_TwoUpcastersForTheSameStep_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => new IncidentEventSerializer(
            [new EventUpcaster(nameof(IncidentResolved), 1, j => j), new EventUpcaster(nameof(IncidentResolved), 1, j => j)],
            new Dictionary<string, int> { [nameof(IncidentResolved)] = 2 }));

        Assert.Contains("IncidentResolved from version 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_UpcasterOfAnUnknownType_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => new IncidentEventSerializer([new EventUpcaster("IncidentTeleported", 1, j => j)]));

        Assert.Contains("IncidentTeleported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BadSchemaVersionsOrNulls_Throw()
    {
        Assert.Throws<ArgumentException>(() => new IncidentEventSerializer([], new Dictionary<string, int> { ["IncidentTeleported"] = 2 }));
        Assert.Throws<ArgumentException>(() => new IncidentEventSerializer([], new Dictionary<string, int> { [nameof(IncidentResolved)] = 0 }));
        Assert.Throws<ArgumentException>(() => new IncidentEventSerializer([], new Dictionary<string, int> { [nameof(IncidentResolved)] = -3 }));
        Assert.Throws<ArgumentNullException>(() => new IncidentEventSerializer(null!));
        Assert.Throws<ArgumentNullException>(() => new IncidentEventSerializer([null!]));
    }

    private static StoredEvent OldResolved(string text)
    {
        var e = Expected[nameof(IncidentResolved)];
        var json = new JsonObject
        {
            ["incidentId"] = e.IncidentId.ToString(),
            ["actor"] = e.Actor.Value,
            ["occurredAt"] = e.OccurredAt,
            ["text"] = text,
        };
        return Wrap(nameof(IncidentResolved), 1, Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    private static JsonObject Rename(JsonObject json, string from, string to)
    {
        var value = json[from];
        json.Remove(from);
        json[to] = value;
        return json;
    }

    private static string Resolved(string? summary = "x", bool omitSummary = false, string? summaryJson = null, string? actorJson = null, string? incidentJson = null, string? occurredJson = null)
    {
        var e = Expected[nameof(IncidentResolved)];
        var parts = new List<string>
        {
            $"\"incidentId\":{incidentJson ?? $"\"{e.IncidentId}\""}",
            $"\"actor\":{actorJson ?? $"\"{e.Actor}\""}",
            $"\"occurredAt\":{occurredJson ?? $"\"{e.OccurredAt:O}\""}",
            "\"reason\":null",
        };
        if (!omitSummary)
        {
            parts.Add($"\"summary\":{summaryJson ?? (summary is null ? "null" : $"\"{summary}\"")}");
        }

        return "{" + string.Join(",", parts) + "}";
    }

    private static string Describe(IncidentEvent e) => Scenario.DescribeEvents([e]).ToJsonString();

    private sealed record ForeignEvent(IncidentId IncidentId, PersonId Actor, DateTimeOffset OccurredAt) : IncidentEvent(IncidentId, Actor, OccurredAt, null);
}
