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
    // The fields a payload may lack (they were added as optional members): (event type, field).
    private static readonly HashSet<(string, string)> OptionalFields = [(nameof(IncidentReported), "earlierPetitions")];

    private readonly IncidentEventSerializer _serializer = new();

    // ---------- round trip ----------
    [Property(MaxTest = 2_000, Arbitrary = new[] { typeof(EventArbitraries) })]
    public void Serialize_ThenDeserialize_AnyEventOfAnyType_GivesAnEqualEventAtTheSameInstantInUtc(IncidentEvent e)
    {
        var stored = _serializer.Serialize(e, 7, new byte[EventHashChain.HashLength]);
        var back = _serializer.Deserialize(stored);

        Assert.Equal(e.GetType().Name, stored.EventType);
        Assert.Equal(IncidentEventSerializer.CurrentSchemaVersion, stored.SchemaVersion);
        Assert.Equal(7, stored.Version);
        Assert.Equal(e.IncidentId, stored.IncidentId);
        Assert.Equal(e.Actor, stored.Actor);
        Assert.Equal(TimeSpan.Zero, stored.OccurredAt.Offset);
        Assert.Equal(e.OccurredAt.UtcTicks, stored.OccurredAt.UtcTicks);
        Assert.Equal(EventHashChain.HashLength, stored.Hash.Length);
        Assert.IsType(e.GetType(), back);
        Assert.Equal(e.OccurredAt.UtcTicks, back.OccurredAt.UtcTicks);
        Assert.Equal(TimeSpan.Zero, back.OccurredAt.Offset);
        Assert.Equal(Describe(e with { OccurredAt = e.OccurredAt.ToUniversalTime() }), Describe(back));
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
        Assert.Equal(EventHashChain.Compute([], e.IncidentId, 1, nameof(IncidentResolved), IncidentEventSerializer.CurrentSchemaVersion, local, e.Actor, stored.Payload.Span).ToArray(), stored.Hash.ToArray());
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
        Assert.Equal("+86 138 0000 0000", (string?)payload["petitioner"]?["phones"]?[0]);
        Assert.Equal(e.Petitioner, back.Petitioner);
        Assert.Equal(e.ComplainedAbout, back.ComplainedAbout);
    }

    [Fact]
    public void Serialize_Payload_UsesStableCamelCaseNamesAndPlainIdentifiersAndLeavesOutTheMetadata()
    {
        var stored = _serializer.Serialize(Expected[nameof(DirectiveIssued)], 1, []);
        var payload = JsonNode.Parse(stored.Payload.Span)!.AsObject();

        // The incident, actor and instant are the stored event's metadata (and covered by its hash): not repeated.
        Assert.Equal(["directive", "kind", "assignee", "instructions", "dueAt"], payload.Select(p => p.Key));
        Assert.Equal(1, (int)payload["directive"]!);
        Assert.Equal("InformationCollection", (string?)payload["kind"]);
        Assert.Equal("petition-handling-group", (string?)payload["assignee"]);
        Assert.Equal("2026-03-03T17:30:00+08:00", (string?)payload["dueAt"]);
    }

    [Theory]
    [InlineData(nameof(DirectiveCancelled), true)]
    [InlineData(nameof(StatementLegallyReviewed), true)]
    [InlineData(nameof(IncidentReopened), true)]
    [InlineData(nameof(IncidentDismissed), true)]
    [InlineData(nameof(IncidentMergedAsDuplicate), true)]
    [InlineData(nameof(IncidentResolved), false)]
    [InlineData(nameof(IncidentReported), false)]
    [InlineData(nameof(ResponseStarted), false)]
    public void Serialize_Payload_HasAReasonOnlyForEventsThatTakeOne(string eventType, bool hasReason)
    {
        var e = Expected[eventType];

        var payload = JsonNode.Parse(_serializer.Serialize(e, 1, []).Payload.Span)!.AsObject();

        Assert.Equal(hasReason, payload.ContainsKey("reason"));
        Assert.Equal(hasReason, e.Reason is not null);
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
        Assert.All(_serializer.EventTypes, t => Assert.Equal(2, _serializer.SchemaVersionOf(t)));
        Assert.Equal(4, new IncidentEventSerializer([], new Dictionary<string, int> { [nameof(IncidentResolved)] = 4 }).SchemaVersionOf(nameof(IncidentResolved)));
        Assert.Throws<ArgumentException>(() => _serializer.SchemaVersionOf("IncidentTeleported"));
        Assert.Throws<ArgumentNullException>(() => _serializer.SchemaVersionOf(null!));
    }

    // ---------- trimming and native AOT: every converter made ahead of time ----------
    [Fact]
    public void Context_EveryEnumAndListTheEventsHold_HasItsOwnConverterMadeAheadOfTime()
    {
        // No MakeGenericType at run time (native AOT cannot compile it ahead for a value type): each enum and list type
        // reachable from an event's contract has its strict converter in IncidentEventJsonContext's converters.
        var options = IncidentEventJsonContext.Default.Options;
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>(EventSamplesTests.EventClasses.Append(typeof(RiskFactsPayload)));
        var found = new List<Type>();
        while (pending.TryPop(out var type))
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (!seen.Add(type))
            {
                continue;
            }

            if (type.IsEnum || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>)))
            {
                var converter = options.GetConverter(type).GetType();
                Assert.True(converter.IsGenericType, $"{type} has no converter of its own: {converter}");
                Assert.Contains(converter.GetGenericTypeDefinition(), new[] { typeof(StrictEnumConverter<>), typeof(ReadOnlyListConverter<>) });
                found.Add(type);
                if (!type.IsEnum)
                {
                    pending.Push(type.GetGenericArguments()[0]);
                }

                continue;
            }

            var info = options.GetTypeInfo(type);
            foreach (var property in info.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object ? info.Properties : [])
            {
                pending.Push(property.PropertyType);
            }
        }

        Assert.Contains(typeof(IncidentKind), found);
        Assert.Contains(typeof(IReadOnlyList<IncidentId>), found);
    }

    [Fact]
    public void Context_AnEnumLeftOutOfItsConverters_IsRefusedSayingWhatToAdd()
    {
        // The factories come after the converters of the listed types: they see only a type left out.
        var options = IncidentEventJsonContext.Default.Options;
        var e = Assert.Throws<NotSupportedException>(() => new StrictEnumConverterFactory().CreateConverter(typeof(DayOfWeek), options));
        Assert.Contains("StrictEnumConverter<DayOfWeek>", e.Message, StringComparison.Ordinal);
        var list = Assert.Throws<NotSupportedException>(() => new ReadOnlyListConverterFactory().CreateConverter(typeof(IReadOnlyList<DayOfWeek>), options));
        Assert.Contains("ReadOnlyListConverter<DayOfWeek>", list.Message, StringComparison.Ordinal);
    }

    // ---------- upcasting ----------
    [Fact]
    public void Deserialize_V2PayloadWithARenamedFieldAndAnUpcaster_LoadsIntoTheCurrentShape()
    {
        // Pretend schema 3 of IncidentResolved renamed "text" to "summary".
        var serializer = new IncidentEventSerializer(
            [new EventUpcaster(nameof(IncidentResolved), 2, json => Rename(json, "text", "summary"))],
            new Dictionary<string, int> { [nameof(IncidentResolved)] = 3 });
        var stored = OldResolved(text: "旧格式 😀");

        var loaded = Assert.IsType<IncidentResolved>(serializer.Deserialize(stored));

        Assert.Equal("旧格式 😀", loaded.Summary);
        Assert.Equal(Expected[nameof(IncidentResolved)].Actor, loaded.Actor);
        Assert.Equal(3, serializer.Serialize(loaded, 1, []).SchemaVersion);
    }

    [Fact]
    public void Deserialize_V1Payload_IsCheckedAgainstTheMetadataStrippedOfItAndThenUpcast()
    {
        var seen = new List<string>();
        var serializer = new IncidentEventSerializer(
            [new EventUpcaster(nameof(IncidentResolved), 2, json => { seen.AddRange(json.Select(p => p.Key)); return Rename(json, "text", "summary"); })],
            new Dictionary<string, int> { [nameof(IncidentResolved)] = 3 });

        var loaded = Assert.IsType<IncidentResolved>(serializer.Deserialize(Wrap(nameof(IncidentResolved), 1, Encoding.UTF8.GetBytes(Resolved(summary: "x", fieldName: "text")))));

        Assert.Equal(["text"], seen);
        Assert.Equal("x", loaded.Summary);
    }

    [Fact]
    public void Deserialize_CurrentSchemaVersion_DoesNotRunTheUpcaster()
    {
        var serializer = new IncidentEventSerializer(
            [new EventUpcaster(nameof(IncidentResolved), 2, _ => throw new InvalidOperationException("must not run"))],
            new Dictionary<string, int> { [nameof(IncidentResolved)] = 3 });
        var current = serializer.Serialize(Expected[nameof(IncidentResolved)], 1, []);

        var loaded = serializer.Deserialize(current);

        Assert.Equal(3, current.SchemaVersion);
        Assert.Equal(Describe(Expected[nameof(IncidentResolved)]), Describe(loaded));
    }

    [Fact]
    public void Deserialize_OlderSchemaWithoutAnUpcaster_ThrowsInvalidDataExceptionNamingTheMissingStep()
    {
        var serializer = new IncidentEventSerializer(
            [new EventUpcaster(nameof(IncidentResolved), 3, json => json)],
            new Dictionary<string, int> { [nameof(IncidentResolved)] = 4 });

        var error = Assert.Throws<InvalidDataException>(() => serializer.Deserialize(OldResolved(text: "x")));

        Assert.Contains("no upcaster takes IncidentResolved from schema version 2 to 3", error.Message, StringComparison.Ordinal);
        Assert.Contains(SampleIncident.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_UpcasterThatLeavesARequiredFieldMissing_ThrowsInvalidDataExceptionNamingTheField()
    {
        var serializer = new IncidentEventSerializer(
            [new EventUpcaster(nameof(IncidentResolved), 2, json => { json.Remove("text"); return json; })],
            new Dictionary<string, int> { [nameof(IncidentResolved)] = 3 });

        var error = Assert.Throws<InvalidDataException>(() => serializer.Deserialize(OldResolved(text: "x")));

        Assert.Contains("'summary' is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("IncidentResolved v2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_UpcasterThatLeavesAnOldField_ThrowsInvalidDataExceptionNamingIt()
    {
        var serializer = new IncidentEventSerializer(
            [new EventUpcaster(nameof(IncidentResolved), 2, json => json)],
            new Dictionary<string, int> { [nameof(IncidentResolved)] = 3 });

        var error = Assert.Throws<InvalidDataException>(() => serializer.Deserialize(OldResolved(text: "x")));

        Assert.Contains("A field is not one of this shape's (summary)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'text'", error.Message, StringComparison.Ordinal); // stored data is never echoed
    }

    [Fact]
    public void Deserialize_UpcasterReturningNull_ThrowsInvalidDataException()
    {
        var serializer = new IncidentEventSerializer(
            [new EventUpcaster(nameof(IncidentResolved), 2, _ => null!)],
            new Dictionary<string, int> { [nameof(IncidentResolved)] = 3 });

        var error = Assert.Throws<InvalidDataException>(() => serializer.Deserialize(OldResolved(text: "x")));

        Assert.Contains("returned null", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(99)]
    public void Deserialize_NewerSchemaVersionThanTheLibrarys_ThrowsInvalidDataException(int schemaVersion)
    {
        var stored = _serializer.Serialize(Expected[nameof(IncidentResolved)], 3, []) with { SchemaVersion = schemaVersion };

        var error = Assert.Throws<InvalidDataException>(() => _serializer.Deserialize(stored));

        Assert.Contains($"schema version {schemaVersion}; this library reads 1 to 2", error.Message, StringComparison.Ordinal);
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

        Assert.Contains("an event type this library does not know", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("IncidentTeleported", error.Message, StringComparison.Ordinal); // stored data is never echoed
    }

    [Fact]
    public void Deserialize_EventTypeNamesAreCaseSensitive()
    {
        var stored = _serializer.Serialize(Expected[nameof(IncidentResolved)], 1, []) with { EventType = "incidentresolved" };

        Assert.Throws<InvalidDataException>(() => _serializer.Deserialize(stored));
    }

    /// <summary>Gets payloads of IncidentResolved that are malformed in the current shape (<c>{"summary": "…"}</c>).</summary>
    public static TheoryData<string, string> MalformedPayloads => new()
    {
        { "empty", string.Empty },
        { "white space", "  " },
        { "not JSON", "resolved!" },
        { "truncated", """{"summary":""" },
        { "trailing content", """{"summary":"x"} {}""" },
        { "a trailing comma", """{"summary":"x",}""" },
        { "a comment", """{"summary":"x" /* c */}""" },
        { "an array", "[1,2]" },
        { "a number", "42" },
        { "JSON null", "null" },
        { "missing summary", "{}" },
        { "null summary", """{"summary":null}""" },
        { "summary of the wrong type", """{"summary":17}""" },
        { "summary an object", """{"summary":{"text":"x"}}""" },
        { "summary twice", """{"summary":"x","summary":"y"}""" },
        { "an unknown field", """{"summary":"x","extra":1}""" },
        { "the v1 metadata", """{"summary":"x","actor":"cs-manager"}""" },
        { "a field in another case", """{"Summary":"x"}""" },
        { "an unpaired surrogate", """{"summary":"\uD800x"}""" },
    };

    /// <summary>Gets payloads of IncidentResolved that are malformed in the version 1 shape (metadata repeated).</summary>
    public static TheoryData<string, string> MalformedV1Payloads => new()
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
        { "missing actor", Resolved(omitActor: true) },
        { "incident id not a GUID", Resolved(incidentJson: "\"nope\"") },
        { "occurredAt not a time", Resolved(occurredJson: "\"yesterday\"") },
    };

    [Theory]
    [MemberData(nameof(MalformedPayloads))]
    public void Deserialize_MalformedPayload_ThrowsInvalidDataExceptionNamingTheEvent(string what, string payload)
    {
        var stored = Wrap(nameof(IncidentResolved), 2, Encoding.UTF8.GetBytes(payload), version: 4);

        var error = Assert.Throws<InvalidDataException>(() => _serializer.Deserialize(stored));

        Assert.True(error.Message.Contains($"Event 4 of incident {SampleIncident} (IncidentResolved v2)", StringComparison.Ordinal), $"{what}: {error.Message}");
    }

    [Theory]
    [MemberData(nameof(MalformedV1Payloads))]
    public void Deserialize_MalformedPayloadOfVersion1_ThrowsInvalidDataException(string what, string payload)
    {
        var stored = Wrap(nameof(IncidentResolved), 1, Encoding.UTF8.GetBytes(payload), version: 4);

        var error = Assert.Throws<InvalidDataException>(() => _serializer.Deserialize(stored));

        Assert.True(error.Message.Contains($"Event 4 of incident {SampleIncident}", StringComparison.Ordinal), $"{what}: {error.Message}");
    }

    [Theory]
    [MemberData(nameof(MalformedPayloads))]
    public void Deserialize_MalformedPayloadAfterAnUpcaster_ThrowsInvalidDataException(string what, string payload)
    {
        var serializer = new IncidentEventSerializer(
            [new EventUpcaster(nameof(IncidentResolved), 2, json => json)],
            new Dictionary<string, int> { [nameof(IncidentResolved)] = 3 });
        var stored = Wrap(nameof(IncidentResolved), 2, Encoding.UTF8.GetBytes(payload), version: 4);

        var error = Assert.Throws<InvalidDataException>(() => serializer.Deserialize(stored));

        Assert.True(error.Message.Contains($"Event 4 of incident {SampleIncident}", StringComparison.Ordinal), $"{what}: {error.Message}");
    }

    [Theory]
    [InlineData("reachedAt", true)]
    [InlineData("late", false)]
    public void Deserialize_LateAlertWithoutAnOptionalMember_LoadsItsDefault(string field, bool late)
    {
        var sample = JsonNode.Parse(Read($"{nameof(DeadlineAlertRaised)}.late", 2)!)!.AsObject();
        sample.Remove(field);

        var loaded = Assert.IsType<DeadlineAlertRaised>(_serializer.Deserialize(Wrap(nameof(DeadlineAlertRaised), 2, Encoding.UTF8.GetBytes(sample.ToJsonString()))));

        Assert.Equal(late, loaded.Late);
        Assert.Equal(field == "reachedAt", loaded.ReachedAt is null);
    }

    [Theory]
    [InlineData("late", "null")]
    [InlineData("late", "\"yes\"")]
    [InlineData("reachedAt", "\"soon\"")]
    public void Deserialize_LateAlertWithAnOptionalMemberOfTheWrongType_ThrowsInvalidDataExceptionNamingIt(string field, string value)
    {
        var sample = JsonNode.Parse(Read($"{nameof(DeadlineAlertRaised)}.late", 2)!)!.AsObject();
        sample[field] = JsonNode.Parse(value);

        var error = Assert.Throws<InvalidDataException>(() => _serializer.Deserialize(Wrap(nameof(DeadlineAlertRaised), 2, Encoding.UTF8.GetBytes(sample.ToJsonString()))));

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EventSamplesTests.EventTypes), MemberType = typeof(EventSamplesTests))]
    public void Deserialize_CurrentSampleWithAnyFieldMissing_ThrowsInvalidDataExceptionNamingTheField(string eventType)
    {
        var sample = JsonNode.Parse(Read(eventType, 2)!)!.AsObject();

        // Optional fields, added after the payloads that lack them were written, are the exception.
        foreach (var field in sample.Select(p => p.Key).Where(f => !OptionalFields.Contains((eventType, f))).ToList())
        {
            var copy = sample.DeepClone().AsObject();
            copy.Remove(field);

            var error = Assert.Throws<InvalidDataException>(() => _serializer.Deserialize(Wrap(eventType, 2, Encoding.UTF8.GetBytes(copy.ToJsonString()))));

            Assert.Contains($"'{field}' is missing", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(EventSamplesTests.EventTypes), MemberType = typeof(EventSamplesTests))]
    public void Deserialize_CurrentSampleWithAnExtraField_ThrowsInvalidDataExceptionNamingIt(string eventType)
    {
        var sample = JsonNode.Parse(Read(eventType, 2)!)!.AsObject();
        sample["unexpected"] = "x";

        var error = Assert.Throws<InvalidDataException>(() => _serializer.Deserialize(Wrap(eventType, 2, Encoding.UTF8.GetBytes(sample.ToJsonString()))));

        Assert.Contains("A field is not one of this shape's", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", error.Message, StringComparison.Ordinal); // stored data is never echoed
    }

    [Theory]
    [InlineData(nameof(IncidentAssessed), "level", "2", "must be the name of a SeverityLevel")]
    [InlineData(nameof(IncidentAssessed), "level", "\"ii\"", "'level' is not a SeverityLevel")]
    [InlineData(nameof(IncidentAssessed), "level", "\"V\"", "'level' is not a SeverityLevel")]
    [InlineData(nameof(IncidentAssessed), "previousLevel", "\"9\"", "'previousLevel' is not a SeverityLevel")]
    [InlineData(nameof(IncidentReported), "channel", "\"Fax\"", "'channel' is not a IntakeChannel")]
    [InlineData(nameof(IncidentReported), "category", "\"data privacy\"", "'category' is not a valid RiskCategory")]
    [InlineData(nameof(DirectiveIssued), "assignee", "\"\"", "'assignee' is not a valid GroupId")]
    [InlineData(nameof(DirectiveIssued), "kind", "\"a kind\"", "'kind' is not a valid DirectiveKind")]
    [InlineData(nameof(IncidentReported), "petitioner", "\"王芳\"", "'petitioner' must be an object")]
    [InlineData(nameof(DirectiveIssued), "directive", "1.5", "32-bit whole number")]
    [InlineData(nameof(DirectiveIssued), "directive", "\"1\"", "'directive' must be a number")]
    [InlineData(nameof(DirectiveIssued), "dueAt", "\"tomorrow\"", "'dueAt' must be an ISO 8601 date and time")]
    [InlineData(nameof(DirectiveIssued), "assignee", "null", "'assignee' must be a string; found null")]
    [InlineData(nameof(DuplicateLinked), "duplicate", "\"not-a-guid\"", "'duplicate' must be a GUID")]
    [InlineData(nameof(ClosureReportSubmitted), "report", "{}", "'summary', 'causes', 'improvements', 'lessons' are missing")]
    [InlineData(nameof(ClosureReportSubmitted), "report", "null", "'report' must be an object; found null")]
    public void Deserialize_CurrentSampleWithAWrongValue_ThrowsInvalidDataExceptionNamingTheProblem(string eventType, string field, string json, string expected)
    {
        var sample = JsonNode.Parse(Read(eventType, 2)!)!.AsObject();
        sample[field] = JsonNode.Parse(json);

        var error = Assert.Throws<InvalidDataException>(() => _serializer.Deserialize(Wrap(eventType, 2, Encoding.UTF8.GetBytes(sample.ToJsonString()))));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        AssertNotEchoed(json, error.Message);
    }

    [Theory]
    [InlineData(nameof(IncidentAssessed), "level", "\"IV, III\"", "'level' is not a SeverityLevel")]
    [InlineData(nameof(IncidentAssessed), "level", "\"Level II\"", "'level' is not a SeverityLevel")]
    [InlineData(nameof(IncidentAssessed), "level", "99", "must be the name of a SeverityLevel")]
    [InlineData(nameof(IncidentAssessed), "previousLevel", "2", "must be the name of a SeverityLevel")]
    [InlineData(nameof(IncidentReported), "kind", "\"petition\"", "'kind' is not a IncidentKind")]
    [InlineData(nameof(OpinionAlertRecorded), "factor", "1e400", "'factor' must be a finite number")]
    [InlineData(nameof(OpinionAlertRecorded), "mentions", "1e30", "'mentions' must be a 64-bit whole number")]
    [InlineData(nameof(OpinionAlertRecorded), "kind", "0", "must be the name of a OpinionAlertKind")]
    [InlineData(nameof(ReviewDecided), "upheld", "\"yes\"", "'upheld' must be true or false")]
    [InlineData(nameof(ReviewDecided), "upheld", "null", "'upheld' must be true or false")]
    [InlineData(nameof(IncidentMergedAsDuplicate), "original", "null", "'original' must be a GUID string; found null")]
    [InlineData(nameof(DirectiveIssued), "directive", "null", "'directive' must be a number; found null")]
    [InlineData(nameof(DirectiveIssued), "dueAt", "null", "'dueAt' must be an ISO 8601 date and time; found null")]
    [InlineData(nameof(DeadlineAlertRaised), "deadline", "null", "'deadline' must be a string; found null")]
    [InlineData(nameof(DeadlineAlertRaised), "deadline", "7", "'deadline' must be a string; found a number")]
    [InlineData(nameof(DeadlineAlertRaised), "deadline", "\"someday\"", "'deadline' is not a valid DeadlineKey")]
    [InlineData(nameof(DeadlineAlertRaised), "deadline", "\"directive-0\"", "'deadline' is not a valid DeadlineKey")]
    [InlineData(nameof(DeadlineAlertRaised), "alert", "\"breach\"", "'alert' is not a DeadlineAlertKind")]
    [InlineData(nameof(IncidentReported), "complainedAbout", "[]", "'complainedAbout' must be an object; found an array")]
    public void Deserialize_CurrentSampleWithAnotherWrongValue_ThrowsInvalidDataExceptionNamingTheProblem(string eventType, string field, string json, string expected)
        => Deserialize_CurrentSampleWithAWrongValue_ThrowsInvalidDataExceptionNamingTheProblem(eventType, field, json, expected);

    [Theory]
    [InlineData("""{"summary":"x","summary":"y"}""", "The field 'summary' appears twice.")]
    [InlineData("""{"summary":"x","summary":"x"}""", "The field 'summary' appears twice.")]
    [InlineData("""{"summary":"x","actor":"cs-manager"}""", "A field is not one of this shape's (summary).")]
    [InlineData("""{"summary":"x","incidentId":"0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"}""", "A field is not one of this shape's (summary).")]
    [InlineData("""{"summary":"x","occurredAt":"2026-03-02T01:00:00+00:00"}""", "A field is not one of this shape's (summary).")]
    [InlineData("""{"summary":"x","reason":null}""", "A field is not one of this shape's (summary).")]
    [InlineData("""{"Summary":"x"}""", "A field is not one of this shape's (summary).")]
    [InlineData("""{"summary":null}""", "'summary' must be a string; found null.")]
    [InlineData("""{"summary":17}""", "'summary' must be a string; found a number.")]
    [InlineData("""[1,2]""", "The payload must be a JSON object")]
    public void Deserialize_MalformedResolvedPayload_SaysWhatIsWrongInTheLibrarysWords(string payload, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => _serializer.Deserialize(Wrap(nameof(IncidentResolved), 2, Encoding.UTF8.GetBytes(payload))));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException);
    }

    [Theory]
    [InlineData(nameof(ResponseStarted), """{"reason":null}""")]
    [InlineData(nameof(ClosureReportAccepted), """{"x":1}""")]
    [InlineData(nameof(DeadlinesResumed), """{"actor":"cs-manager"}""")]
    public void Deserialize_EventWithoutFieldsGivenOne_ThrowsInvalidDataException(string eventType, string payload)
    {
        var error = Assert.Throws<InvalidDataException>(() => _serializer.Deserialize(Wrap(eventType, 2, Encoding.UTF8.GetBytes(payload))));

        Assert.Contains("A field is not one of this shape's ()", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("causes", "[null]", "must be a string; found null")]
    [InlineData("causes", "null", "'causes' must be an array; found null")]
    [InlineData("causes", "\"a cause\"", "'causes' must be an array; found a string")]
    [InlineData("lessons", "[1]", "must be a string; found a number")]
    [InlineData("improvements", "[null]", "must be an object; found null")]
    [InlineData("improvements", "[{\"description\":\"d\",\"owner\":\"gm\"}]", "'dueOn' is missing")]
    [InlineData("improvements", "[{\"description\":\"d\",\"owner\":\"gm\",\"dueOn\":\"2026-06-30\",\"extra\":1}]", "A field is not one of this shape's (description, owner, dueOn)")]
    public void Deserialize_ClosureReportWithAWrongList_ThrowsInvalidDataExceptionNamingTheProblem(string field, string json, string expected)
    {
        var sample = JsonNode.Parse(Read(nameof(ClosureReportSubmitted), 2)!)!.AsObject();
        sample["report"]![field] = JsonNode.Parse(json);

        var error = Assert.Throws<InvalidDataException>(() => _serializer.Deserialize(Wrap(nameof(ClosureReportSubmitted), 2, Encoding.UTF8.GetBytes(sample.ToJsonString()))));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        AssertNotEchoed(json, error.Message);
    }

    [Theory]
    [InlineData("dueOn", "\"2026-02-30\"", "'dueOn' must be a date (yyyy-MM-dd).")]
    [InlineData("dueOn", "\"2026-6-30\"", "'dueOn' must be a date (yyyy-MM-dd)")]
    [InlineData("dueOn", "\"2026-06-30T00:00:00\"", "'dueOn' must be a date (yyyy-MM-dd)")]
    [InlineData("owner", "\"a b\"", "'owner' is not a valid PersonId")]
    [InlineData("description", "null", "'description' must be a string; found null")]
    public void Deserialize_ClosureReportWithAWrongImprovement_ThrowsInvalidDataExceptionNamingTheField(string field, string json, string expected)
    {
        var sample = JsonNode.Parse(Read(nameof(ClosureReportSubmitted), 2)!)!.AsObject();
        sample["report"]!["improvements"]![1]![field] = JsonNode.Parse(json);

        var error = Assert.Throws<InvalidDataException>(() => _serializer.Deserialize(Wrap(nameof(ClosureReportSubmitted), 2, Encoding.UTF8.GetBytes(sample.ToJsonString()))));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        AssertNotEchoed(json, error.Message);
    }

    [Fact]
    public void Deserialize_ClosureReport_GivesListsThatCannotBeChanged()
    {
        var loaded = (ClosureReportSubmitted)_serializer.Deserialize(_serializer.Serialize(Expected[nameof(ClosureReportSubmitted)], 1, []));

        Assert.True(((ICollection<string>)loaded.Report.Causes).IsReadOnly);
        Assert.True(((ICollection<string>)loaded.Report.Lessons).IsReadOnly);
        Assert.True(((ICollection<Improvement>)loaded.Report.Improvements).IsReadOnly);
        Assert.IsNotType<string[]>(loaded.Report.Causes);
    }

    [Theory]
    [InlineData("incident")]
    [InlineData("actor")]
    [InlineData("occurredAt")]
    public void Deserialize_V1PayloadThatContradictsItsMetadata_ThrowsInvalidDataException(string field)
    {
        var stored = Wrap(nameof(IncidentResolved), 1, Read(nameof(IncidentResolved), 1)!);
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
    public void Deserialize_V1MetadataTimeInAnotherOffsetButTheSameInstant_Loads()
    {
        var stored = Wrap(nameof(IncidentResolved), 1, Read(nameof(IncidentResolved), 1)!);

        var loaded = _serializer.Deserialize(stored with { OccurredAt = stored.OccurredAt.ToOffset(TimeSpan.FromHours(8)) });

        Assert.Equal(stored.OccurredAt, loaded.OccurredAt);
    }

    // ---------- construction ----------
    [Fact]
    public void Constructor_TwoUpcastersForTheSameStep_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => new IncidentEventSerializer(
            [new EventUpcaster(nameof(IncidentResolved), 2, j => j), new EventUpcaster(nameof(IncidentResolved), 2, j => j)],
            new Dictionary<string, int> { [nameof(IncidentResolved)] = 3 }));

        Assert.Contains("IncidentResolved from version 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_UpcasterOfAnUnknownType_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => new IncidentEventSerializer([new EventUpcaster("IncidentTeleported", 2, j => j)]));

        Assert.Contains("IncidentTeleported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BadSchemaVersionsOrNulls_Throw()
    {
        Assert.Throws<ArgumentException>(() => new IncidentEventSerializer([], new Dictionary<string, int> { ["IncidentTeleported"] = 2 }));
        Assert.Throws<ArgumentException>(() => new IncidentEventSerializer([], new Dictionary<string, int> { [nameof(IncidentResolved)] = 0 }));
        Assert.Throws<ArgumentException>(() => new IncidentEventSerializer([], new Dictionary<string, int> { [nameof(IncidentResolved)] = 1 }));
        Assert.Throws<ArgumentException>(() => new IncidentEventSerializer([], new Dictionary<string, int> { [nameof(IncidentResolved)] = -3 }));
        Assert.Throws<ArgumentNullException>(() => new IncidentEventSerializer(null!));
        Assert.Throws<ArgumentNullException>(() => new IncidentEventSerializer([null!]));
    }

    [Fact]
    public void Constructor_UpcasterFromVersion1_ThrowsArgumentExceptionBecauseThatStepIsTheLibrarys()
    {
        var error = Assert.Throws<ArgumentException>(() => new IncidentEventSerializer(
            [new EventUpcaster(nameof(IncidentResolved), 1, j => j)],
            new Dictionary<string, int> { [nameof(IncidentResolved)] = 3 }));

        Assert.Contains("upgraded by the library itself", error.Message, StringComparison.Ordinal);
    }

    private static StoredEvent OldResolved(string text)
    {
        // A version 2 payload of a field since renamed.
        var json = new JsonObject { ["text"] = text };
        return Wrap(nameof(IncidentResolved), 2, Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    private static JsonObject Rename(JsonObject json, string from, string to)
    {
        var value = json[from];
        json.Remove(from);
        json[to] = value;
        return json;
    }

    /// <summary>An IncidentResolved payload in the version 1 shape (the metadata repeated).</summary>
    private static string Resolved(string? summary = "x", bool omitSummary = false, string? summaryJson = null, string? actorJson = null, string? incidentJson = null, string? occurredJson = null, bool omitActor = false, string fieldName = "summary")
    {
        var e = Expected[nameof(IncidentResolved)];
        var parts = new List<string>
        {
            $"\"incidentId\":{incidentJson ?? $"\"{e.IncidentId}\""}",
            $"\"occurredAt\":{occurredJson ?? $"\"{e.OccurredAt:O}\""}",
            "\"reason\":null",
        };
        if (!omitActor)
        {
            parts.Add($"\"actor\":{actorJson ?? $"\"{e.Actor}\""}");
        }

        if (!omitSummary)
        {
            parts.Add($"\"{fieldName}\":{summaryJson ?? (summary is null ? "null" : $"\"{summary}\"")}");
        }

        return "{" + string.Join(",", parts) + "}";
    }

    private static string Describe(IncidentEvent e) => Scenario.DescribeEvents([e]).ToJsonString();

    private sealed record ForeignEvent(IncidentId IncidentId, PersonId Actor, DateTimeOffset OccurredAt) : IncidentEvent(IncidentId, Actor, OccurredAt, null);

    // A stored value is never quoted in an error: it could be anything, a petitioner's name included.
    private static void AssertNotEchoed(string json, string message)
    {
        if (JsonNode.Parse(json) is JsonValue value && value.TryGetValue(out string? text) && text.Length >= 3)
        {
            Assert.DoesNotContain(text, message, StringComparison.Ordinal);
        }
    }
}
