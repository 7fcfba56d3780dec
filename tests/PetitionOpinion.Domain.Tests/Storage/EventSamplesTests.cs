using System.Text;
using System.Text.Json.Nodes;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Support;
using static PetitionOpinion.Tests.Storage.EventSampleCatalog;

namespace PetitionOpinion.Tests.Storage;

/// <summary>
/// Events stored in an older shape still load: a committed sample of every event type in every schema version (v1, which
/// repeated the metadata in the payload, and v2, the current shape) loads into the expected event, and the current
/// serializer writes exactly the committed v2 sample, so that an accidental change of shape fails here.
/// </summary>
public sealed class EventSamplesTests
{
    private readonly IncidentEventSerializer _serializer = new();

    /// <summary>Gets every concrete <see cref="IncidentEvent"/> subclass the library defines.</summary>
    public static IReadOnlyList<Type> EventClasses { get; } =
        [.. typeof(IncidentEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(IncidentEvent)) && !t.IsAbstract).OrderBy(t => t.Name, StringComparer.Ordinal)];

    public static TheoryData<string> EventTypes => TypeNames;

    public static TheoryData<string> VariantSamples => VariantNames;

    /// <summary>Gets every event type with every schema version that has a committed sample.</summary>
    public static TheoryData<string, int> EventTypesAndVersions
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var name in Expected.Keys.Order(StringComparer.Ordinal))
            {
                for (var version = FirstVersion(name); version <= IncidentEventSerializer.CurrentSchemaVersion; version++)
                {
                    data.Add(name, version);
                }
            }

            return data;
        }
    }

    [Fact]
    public void EventSamples_EveryIncidentEventSubclass_HasASerializerEntryAnExpectedEventAndACommittedSampleOfEveryVersion()
    {
        var names = EventClasses.Select(t => t.Name).ToArray();
        var current = IncidentEventSerializer.CurrentSchemaVersion;
        if (Environment.GetEnvironmentVariable(WriteMissingVariable) == "1")
        {
            WriteMissingSamples();
        }

        Assert.Equal(30, names.Length);
        Assert.Equal(names, _serializer.EventTypes.Order(StringComparer.Ordinal));
        Assert.Equal(names, Expected.Keys.Order(StringComparer.Ordinal));
        Assert.All(Expected, pair => Assert.Equal(pair.Key, pair.Value.GetType().Name));
        var missing = names.Where(n => Read(n, current) is null).ToList();
        Assert.True(
            missing.Count == 0,
            $"No committed v{current} sample for {string.Join(", ", missing)}. Run the tests once with {WriteMissingVariable}=1 to write the missing ones, review and commit them. The first would be {PathOf(missing.FirstOrDefault() ?? "-", current)}:\n{(missing.Count == 0 ? string.Empty : Render(_serializer.Serialize(Expected[missing[0]], 1, []).Payload.Span))}");

        // No stray sample: every file names an event type and a schema version up to the current one.
        var files = Directory.GetFiles(Path.Combine([RepositoryFiles.Root, .. Folder])).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(names.SelectMany(n => Enumerable.Range(FirstVersion(n), current - FirstVersion(n) + 1).Select(v => $"{n}.v{v}.json")).Concat(Variants.Keys.Select(v => $"{v}.v{current}.json")).Order(StringComparer.Ordinal), files);
    }

    [Theory]
    [MemberData(nameof(VariantSamples))]
    public void Variant_CommittedSample_LoadsTheVariantAndTheVariantSerializesToIt(string variant)
    {
        var expected = Variants[variant];
        var eventType = expected.GetType().Name;
        var current = IncidentEventSerializer.CurrentSchemaVersion;
        var sample = ReadRequired(variant, current);

        var loaded = _serializer.Deserialize(Wrap(eventType, current, sample));
        var stored = _serializer.Serialize(expected, 1, []);

        Assert.Equal(Describe(expected), Describe(loaded));
        Assert.True(
            Canonical(sample) == Canonical(stored.Payload.Span),
            $"The stored shape of {variant} changed.\ncommitted v{current}: {Canonical(sample)}\nnow:          {Canonical(stored.Payload.Span)}");
        Assert.NotEqual(Canonical(ReadRequired(eventType, current)), Canonical(sample));
    }

    [Fact]
    public void DeadlineAlertRaised_StoredBeforeItKeptWhenItsPointWasReached_LoadsAsNotLateAndKeepsItsShape()
    {
        var current = IncidentEventSerializer.CurrentSchemaVersion;
        var sample = ReadRequired(nameof(DeadlineAlertRaised), current);

        var loaded = Assert.IsType<DeadlineAlertRaised>(_serializer.Deserialize(Wrap(nameof(DeadlineAlertRaised), current, sample)));

        Assert.Equal(((DateTimeOffset?)null, false), (loaded.ReachedAt, loaded.Late));
        Assert.DoesNotContain("reachedAt", Encoding.UTF8.GetString(sample), StringComparison.Ordinal);
        Assert.Equal(Canonical(sample), Canonical(_serializer.Serialize(loaded, 1, []).Payload.Span));
    }

    [Fact]
    public void OpinionAlertRecorded_StoredBeforeItKeptTheVolume_LoadsWithoutAVolumeAndKeepsItsShape()
    {
        var current = IncidentEventSerializer.CurrentSchemaVersion;
        var sample = ReadRequired(nameof(OpinionAlertRecorded), current);

        var loaded = Assert.IsType<OpinionAlertRecorded>(_serializer.Deserialize(Wrap(nameof(OpinionAlertRecorded), current, sample)));

        Assert.Null(loaded.Volume);
        Assert.DoesNotContain("volume", Encoding.UTF8.GetString(sample), StringComparison.Ordinal);
        Assert.Equal(Canonical(sample), Canonical(_serializer.Serialize(loaded, 1, []).Payload.Span));
    }

    [Fact]
    public void OpinionAlertRecorded_WithItsVolume_LoadsEveryHourAndBaseline()
    {
        var current = IncidentEventSerializer.CurrentSchemaVersion;
        var sample = ReadRequired($"{nameof(OpinionAlertRecorded)}.volume", current);

        var loaded = Assert.IsType<OpinionAlertRecorded>(_serializer.Deserialize(Wrap(nameof(OpinionAlertRecorded), current, sample)));

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 4, 0, 0, TimeSpan.Zero), loaded.Volume!.Start);
        Assert.Equal([410L, 452, 498, 560, 2164], loaded.Volume.Mentions);
        Assert.Equal([420.5, 431, 470, 515], loaded.Volume.Baselines);
        Assert.Null(loaded.Volume.BaselineAt(0));
        Assert.Equal(515, loaded.Volume.BaselineAt(4));
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Deserialize_Version1OfAnEventTypeAddedInVersion2_IsRefusedNamingTheVersions(string eventType)
    {
        if (FirstVersion(eventType) == 1)
        {
            return;
        }

        var error = Assert.Throws<InvalidDataException>(() => _serializer.Deserialize(Wrap(eventType, 1, ReadRequired(eventType, 2))));
        Assert.Contains("reads 2 to", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EventTypesAndVersions))]
    public void Deserialize_CommittedSample_LoadsTheExpectedEventWithEveryFieldValue(string eventType, int schemaVersion)
    {
        var sample = ReadRequired(eventType, schemaVersion);

        var loaded = _serializer.Deserialize(Wrap(eventType, schemaVersion, sample));

        var expected = Expected[eventType];
        Assert.IsType(expected.GetType(), loaded);
        Assert.Equal(Describe(expected), Describe(loaded));
        Assert.Equal(expected.OccurredAt.UtcTicks, loaded.OccurredAt.UtcTicks);
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Serialize_ExpectedEvent_ProducesTheCommittedCurrentSampleShape(string eventType)
    {
        var current = IncidentEventSerializer.CurrentSchemaVersion;
        var sample = ReadRequired(eventType, current);

        var stored = _serializer.Serialize(Expected[eventType], 1, []);

        Assert.Equal(eventType, stored.EventType);
        Assert.Equal(current, stored.SchemaVersion);
        Assert.True(
            Canonical(sample) == Canonical(stored.Payload.Span),
            $"The stored shape of {eventType} changed: add schema version {current + 1} with an upcaster from {current} (and keep the v{current} sample), or undo the change.\ncommitted v{current}: {Canonical(sample)}\nnow:          {Canonical(stored.Payload.Span)}");
    }

    [Theory]
    [MemberData(nameof(EventTypesAndVersions))]
    public void Deserialize_ThenSerialize_CommittedSample_GivesTheCurrentSampleJson(string eventType, int schemaVersion)
    {
        var sample = ReadRequired(eventType, schemaVersion);

        var reloaded = _serializer.Deserialize(Wrap(eventType, schemaVersion, sample));
        var again = _serializer.Serialize(reloaded, 1, []);

        Assert.Equal(Canonical(ReadRequired(eventType, IncidentEventSerializer.CurrentSchemaVersion)), Canonical(again.Payload.Span));
    }

    [Theory]
    [MemberData(nameof(EventTypesAndVersions))]
    public void Deserialize_CommittedSampleWhenTheCurrentSchemaIsV4_LoadsThroughTheUpcasterChain(string eventType, int schemaVersion)
    {
        // Pretend v3 moved every field under "old" and v4 moved them back: a v1 sample goes through the library's own
        // step to v2 and then both of these; a v2 sample through both.
        var calls = new List<int>();
        var serializer = new IncidentEventSerializer(
            [
                new EventUpcaster(eventType, 2, json => { calls.Add(2); return Nest(json); }),
                new EventUpcaster(eventType, 3, json => { calls.Add(3); return Unnest(json); }),
            ],
            new Dictionary<string, int> { [eventType] = 4 });

        var loaded = serializer.Deserialize(Wrap(eventType, schemaVersion, ReadRequired(eventType, schemaVersion)));

        Assert.Equal([2, 3], calls);
        Assert.Equal(Describe(Expected[eventType]), Describe(loaded));
        Assert.Equal(4, serializer.Serialize(loaded, 1, []).SchemaVersion);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Sample_IncidentReported_KeepsThePetitionerDetailsBecauseTheyArePartOfTheAuditTrail(int schemaVersion)
    {
        var sample = JsonNode.Parse(ReadRequired(nameof(IncidentReported), schemaVersion))!;

        Assert.Equal("王芳", (string?)sample["petitioner"]?["name"]);
        // Version 1 (and version 2 before the contacts were typed) kept one contact text; version 2 keeps them typed.
        Assert.Equal("+86 138 0000 0000", (string?)(sample["petitioner"]?["contact"] ?? sample["petitioner"]?["phones"]?[0]));
    }

    private static JsonObject Nest(JsonObject json)
    {
        var inner = new JsonObject();
        foreach (var name in json.Select(p => p.Key).ToList())
        {
            var value = json[name];
            json.Remove(name);
            inner[name] = value;
        }

        return new JsonObject { ["old"] = inner };
    }

    private static JsonObject Unnest(JsonObject json)
    {
        var inner = (JsonObject)json["old"]!;
        json.Remove("old");
        return inner;
    }

    private static string Describe(IncidentEvent e) => Scenario.DescribeEvents([e]).ToJsonString();

    private static byte[] ReadRequired(string eventType, int schemaVersion)
        => Read(eventType, schemaVersion) ?? throw new InvalidOperationException($"No committed sample at {PathOf(eventType, schemaVersion)}; see {nameof(EventSamples_EveryIncidentEventSubclass_HasASerializerEntryAnExpectedEventAndACommittedSampleOfEveryVersion)}.");

    private void WriteMissingSamples()
    {
        Directory.CreateDirectory(Path.Combine([RepositoryFiles.Root, .. Folder]));
        foreach (var (name, e) in Expected.Concat(Variants))
        {
            var path = PathOf(name, IncidentEventSerializer.CurrentSchemaVersion);
            if (!File.Exists(path))
            {
                File.WriteAllText(path, Render(_serializer.Serialize(e, 1, []).Payload.Span), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }
        }
    }
}
