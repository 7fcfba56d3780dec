using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Benchmarks;

/// <summary>
/// The in-memory store (<see cref="InMemoryIncidentStore"/>): one event appended to a growing incident, an incident's
/// 100 events loaded, and the 100-event incident rehydrated through the repository, split into its parts.
/// See <c>benchmarks/README.md</c>.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class InMemoryStorageBenchmarks
{
    private StorageWorld _world = null!;
    private IReadOnlyList<AppendRequest> _appends = null!;
    private InMemoryIncidentStore _appendStore = null!;
    private int _next;
    private InMemoryIncidentStore _loaded = null!;
    private IncidentRepository _repository = null!;
    private IReadOnlyList<StoredEvent> _stored = null!;
    private IncidentEvent[] _events = null!;
    private IncidentEventSerializer _serializer = null!;
    private IncidentId _id;

    [GlobalSetup]
    public void Setup()
    {
        _world = new StorageWorld();
        _appends = _world.OneEventAppends;
        _serializer = _world.Serializer;
        _id = _world.IncidentId;
        _appendStore = new InMemoryIncidentStore();
        _loaded = new InMemoryIncidentStore();
        foreach (var request in _appends)
        {
            Expect(_loaded.AppendAsync(request, CancellationToken.None).Result.Status == AppendStatus.Appended, "an append to the load store was refused");
        }

        _repository = _world.RepositoryOver(_loaded);
        _stored = _world.Stored;
        _events = [.. _world.History];

        // The rehydrated incident is the one that was stored, byte for byte once serialized again (some events hold lists,
        // which records compare by reference).
        var found = _repository.FindAsync(_id, CancellationToken.None).AsTask().Result;
        Expect(found is not null && _serializer.SerializeAll(found.History, null).SequenceEqual(_stored), "the repository does not rehydrate the stored incident");
        Expect(InMemory_Load_100Events().Count == StorageWorld.EventCount, "the store does not load 100 events");
    }

    /// <summary>
    /// One event appended to an incident, at the next version, with the summary after it — what the repository does for
    /// an action that records one event. The incident grows from 1 to 100 events; then the next append starts a new
    /// store, inside the measurement (the store copies the incident's list on every append, so the cost is that of an
    /// incident of 50 events on average).
    /// </summary>
    [Benchmark]
    [BenchmarkCategory("InMemory.Append")]
    public AppendStatus InMemory_Append_OneEvent()
    {
        if (_next == StorageWorld.EventCount)
        {
            _next = 0;
            _appendStore = new InMemoryIncidentStore();
        }

        var result = _appendStore.AppendAsync(_appends[_next++], CancellationToken.None);
        return result.Result.Status;
    }

    /// <summary>The store's <see cref="InMemoryIncidentStore.LoadAsync"/> of the 100 events.</summary>
    [Benchmark]
    [BenchmarkCategory("InMemory.Load")]
    public IReadOnlyList<StoredEvent> InMemory_Load_100Events() => _loaded.LoadAsync(_id, CancellationToken.None).Result;

    /// <summary>The target: <see cref="IncidentRepository.FindAsync"/> — load, deserialize 100 events, <see cref="Incident.FromHistory"/>.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Rehydrate")]
    public Incident? Repository_FindAsync_100Events() => _repository.FindAsync(_id, CancellationToken.None).Result;

    /// <summary>Its middle part: the 100 stored events deserialized.</summary>
    [Benchmark]
    [BenchmarkCategory("Rehydrate")]
    public IncidentEvent Serializer_Deserialize_100Events()
    {
        IncidentEvent last = null!;
        for (var i = 0; i < _stored.Count; i++)
        {
            last = _serializer.Deserialize(_stored[i]);
        }

        return last;
    }

    /// <summary>
    /// The format's floor, not a part of the repository's work: every token of the 100 payloads read with
    /// <see cref="Utf8JsonReader"/> and every string value materialized, building nothing. No deserializer of these
    /// payloads can do less.
    /// </summary>
    [Benchmark]
    [BenchmarkCategory("Rehydrate")]
    public int Utf8JsonReader_EveryTokenAndString_100Payloads()
    {
        var strings = 0;
        for (var i = 0; i < _stored.Count; i++)
        {
            var reader = new Utf8JsonReader(_stored[i].Payload.Span);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.String && reader.GetString() is not null)
                {
                    strings++;
                }
            }
        }

        return strings;
    }

    /// <summary>Its last part: the aggregate rebuilt from the 100 events.</summary>
    [Benchmark]
    [BenchmarkCategory("Rehydrate")]
    public Incident Incident_FromHistory_100Events() => Incident.FromHistory(_events);

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"The in-memory storage benchmark's set-up check failed: {what}.");
        }
    }
}
