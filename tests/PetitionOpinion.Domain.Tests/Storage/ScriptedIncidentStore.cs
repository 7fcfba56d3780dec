using PetitionOpinion.Storage;

namespace PetitionOpinion.Tests.Storage;

/// <summary>
/// A test double over a real <see cref="InMemoryIncidentStore"/>: counts calls, records requests, and lets a test
/// script an append (answer it without writing, write something else first, or throw), alter loaded events, forget
/// idempotency keys (as if another caller's intake landed between the look-up and the append), or answer queries.
/// </summary>
public sealed class ScriptedIncidentStore(InMemoryIncidentStore inner) : IIncidentStore
{
    private int _appendCalls;
    private int _loadCalls;
    private int _tailLoadCalls;

    public ScriptedIncidentStore()
        : this(new InMemoryIncidentStore())
    {
    }

    public InMemoryIncidentStore Inner { get; } = inner;

    /// <summary>Gets or sets what happens before an append reaches the inner store: called with the request and its 1-based call number; a non-null result is returned instead of appending.</summary>
    public Func<AppendRequest, int, ValueTask<AppendResult?>>? BeforeAppend { get; set; }

    /// <summary>Gets or sets a change applied to the events the inner store loaded.</summary>
    public Func<IReadOnlyList<StoredEvent>, IReadOnlyList<StoredEvent>>? AfterLoad { get; set; }

    public bool ForgetIdempotencyKeys { get; set; }

    public IncidentSummaryPage? QueryAnswer { get; set; }

    public IncidentQuery? LastQuery { get; private set; }

    public List<AppendRequest> Requests { get; } = [];

    public int AppendCalls => Volatile.Read(ref _appendCalls);

    public int LoadCalls => Volatile.Read(ref _loadCalls);

    public int TailLoadCalls => Volatile.Read(ref _tailLoadCalls);

    /// <summary>A script: the first <paramref name="count"/> appends from now on report a conflict and write nothing.</summary>
    public static Func<AppendRequest, int, ValueTask<AppendResult?>> ConflictFirst(int count)
    {
        var seen = 0;
        return (request, _) => ValueTask.FromResult(Interlocked.Increment(ref seen) <= count
            ? AppendResult.Conflict(request.Incidents[0].IncidentId, request.Incidents[0].ExpectedVersion + 1)
            : null);
    }

    public async ValueTask<AppendResult> AppendAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _appendCalls);
        lock (Requests)
        {
            Requests.Add(request);
        }

        if (BeforeAppend is not null && await BeforeAppend(request, call) is { } scripted)
        {
            return scripted;
        }

        return await Inner.AppendAsync(request, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<StoredEvent>> LoadAsync(IncidentId incident, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _loadCalls);
        var events = await Inner.LoadAsync(incident, cancellationToken);
        return AfterLoad is null ? events : AfterLoad(events);
    }

    public async ValueTask<IncidentHistory> LoadHistoryAsync(IncidentId incident, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _loadCalls);
        var history = await Inner.LoadHistoryAsync(incident, cancellationToken);
        return AfterLoad is null ? history : history with { Events = AfterLoad(history.Events) };
    }

    // The tail a kept incident is checked with: counted apart from whole loads, and altered as they are.
    public async ValueTask<IncidentHistory> LoadHistoryFromAsync(IncidentId incident, int fromVersion, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _tailLoadCalls);
        var history = await Inner.LoadHistoryAsync(incident, cancellationToken);
        var events = AfterLoad is null ? history.Events : AfterLoad(history.Events);
        return history with { Events = [.. events.Where(e => e.Version >= fromVersion)] };
    }

    public ValueTask<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(long fromSequence, int maxCount, CancellationToken cancellationToken)
        => Inner.ReadLedgerAsync(fromSequence, maxCount, cancellationToken);

    public async ValueTask<IncidentId?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken)
        => ForgetIdempotencyKeys ? null : await Inner.FindByIdempotencyKeyAsync(idempotencyKey, cancellationToken);

    public ValueTask<IncidentSummaryPage> QueryAsync(IncidentQuery query, CancellationToken cancellationToken)
    {
        LastQuery = query;
        return QueryAnswer is { } page ? ValueTask.FromResult(page) : Inner.QueryAsync(query, cancellationToken);
    }

    public ValueTask<IReadOnlyList<OutboxMessage>> ReadOutboxAsync(int maxCount, CancellationToken cancellationToken)
        => Inner.ReadOutboxAsync(maxCount, cancellationToken);

    public ValueTask AcknowledgeOutboxAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken)
        => Inner.AcknowledgeOutboxAsync(messageIds, cancellationToken);

    public ValueTask<int> PurgeOutboxAsync(DateTimeOffset acknowledgedBefore, int maxCount, CancellationToken cancellationToken)
        => Inner.PurgeOutboxAsync(acknowledgedBefore, maxCount, cancellationToken);
}
