using System.Text;
using System.Text.Json.Nodes;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Support;
using static PetitionOpinion.Tests.Storage.EventSampleCatalog;

namespace PetitionOpinion.Tests.Storage;

/// <summary>
/// Events stored in an older shape still load: a committed v1 sample of every event type loads into the expected
/// event, and re-serializes to the same JSON, so that an accidental change of shape fails here.
/// </summary>
public sealed class EventSamplesTests
{
    private readonly IncidentEventSerializer _serializer = new();

    /// <summary>Gets every concrete <see cref="IncidentEvent"/> subclass the library defines.</summary>
    public static IReadOnlyList<Type> EventClasses { get; } =
        [.. typeof(IncidentEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(IncidentEvent)) && !t.IsAbstract).OrderBy(t => t.Name, StringComparer.Ordinal)];

    public static TheoryData<string> EventTypes => TypeNames;

    [Fact]
    public void EventSamples_EveryIncidentEventSubclass_HasASerializerEntryAnExpectedEventAndACommittedV1Sample()
    {
        var names = EventClasses.Select(t => t.Name).ToArray();
        if (Environment.GetEnvironmentVariable(WriteMissingVariable) == "1")
        {
            WriteMissingSamples();
        }

        Assert.Equal(23, names.Length);
        Assert.Equal(names, _serializer.EventTypes.Order(StringComparer.Ordinal));
        Assert.Equal(names, Expected.Keys.Order(StringComparer.Ordinal));
        Assert.All(Expected, pair => Assert.Equal(pair.Key, pair.Value.GetType().Name));
        var missing = names.Where(n => Read(n) is null).ToList();
        Assert.True(
            missing.Count == 0,
            $"No committed v1 sample for {string.Join(", ", missing)}. Run the tests once with {WriteMissingVariable}=1 to write the missing ones, review and commit them. The first would be {PathOf(missing.FirstOrDefault() ?? "-")}:\n{(missing.Count == 0 ? string.Empty : Render(_serializer.Serialize(Expected[missing[0]], 1, []).Payload.Span))}");

        // No stray sample: every file names an event type and a schema version.
        var files = Directory.GetFiles(Path.Combine([RepositoryFiles.Root, .. Folder])).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(names.Select(n => $"{n}.v1.json"), files);
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Deserialize_CommittedV1Sample_LoadsTheExpectedEventWithEveryFieldValue(string eventType)
    {
        var sample = ReadRequired(eventType);

        var loaded = _serializer.Deserialize(Wrap(eventType, 1, sample));

        var expected = Expected[eventType];
        Assert.IsType(expected.GetType(), loaded);
        Assert.Equal(Describe(expected), Describe(loaded));
        Assert.Equal(expected.OccurredAt.UtcTicks, loaded.OccurredAt.UtcTicks);
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Serialize_ExpectedEvent_ProducesTheCommittedV1SampleShape(string eventType)
    {
        var sample = ReadRequired(eventType);

        var stored = _serializer.Serialize(Expected[eventType], 1, []);

        Assert.Equal(eventType, stored.EventType);
        Assert.Equal(1, stored.SchemaVersion);
        Assert.True(
            Canonical(sample) == Canonical(stored.Payload.Span),
            $"The stored shape of {eventType} changed: add schema version 2 with an upcaster from 1 (and keep the v1 sample), or undo the change.\ncommitted v1: {Canonical(sample)}\nnow:          {Canonical(stored.Payload.Span)}");
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Deserialize_ThenSerialize_CommittedV1Sample_GivesTheSameJson(string eventType)
    {
        var sample = ReadRequired(eventType);

        var reloaded = _serializer.Deserialize(Wrap(eventType, 1, sample));
        var again = _serializer.Serialize(reloaded, 1, []);

        Assert.Equal(Canonical(sample), Canonical(again.Payload.Span));
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Deserialize_CommittedV1SampleWhenTheCurrentSchemaIsV3_LoadsThroughTheUpcasterChain(string eventType)
    {
        // Pretend v2 moved every field under "old" and v3 moved them back: the v1 sample must go through both.
        var calls = new List<int>();
        var serializer = new IncidentEventSerializer(
            [
                new EventUpcaster(eventType, 1, json => { calls.Add(1); return Nest(json); }),
                new EventUpcaster(eventType, 2, json => { calls.Add(2); return Unnest(json); }),
            ],
            new Dictionary<string, int> { [eventType] = 3 });

        var loaded = serializer.Deserialize(Wrap(eventType, 1, ReadRequired(eventType)));

        Assert.Equal([1, 2], calls);
        Assert.Equal(Describe(Expected[eventType]), Describe(loaded));
        Assert.Equal(3, serializer.Serialize(loaded, 1, []).SchemaVersion);
    }

    [Fact]
    public void Sample_IncidentReported_KeepsThePetitionerDetailsBecauseTheyArePartOfTheAuditTrail()
    {
        var sample = JsonNode.Parse(ReadRequired(nameof(IncidentReported)))!;

        Assert.Equal("王芳", (string?)sample["petitioner"]?["name"]);
        Assert.Equal("+86 138 0000 0000", (string?)sample["petitioner"]?["contact"]);
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

    private static byte[] ReadRequired(string eventType)
        => Read(eventType) ?? throw new InvalidOperationException($"No committed sample at {PathOf(eventType)}; see {nameof(EventSamples_EveryIncidentEventSubclass_HasASerializerEntryAnExpectedEventAndACommittedV1Sample)}.");

    private void WriteMissingSamples()
    {
        Directory.CreateDirectory(Path.Combine([RepositoryFiles.Root, .. Folder]));
        foreach (var (name, e) in Expected)
        {
            var path = PathOf(name);
            if (!File.Exists(path))
            {
                File.WriteAllText(path, Render(_serializer.Serialize(e, 1, []).Payload.Span), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }
        }
    }
}
