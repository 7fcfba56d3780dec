using PetitionOpinion.Storage;

namespace PetitionOpinion.Hosting.Tests.Support;

/// <summary>How a <see cref="FlakyStore"/> fails.</summary>
public enum Outage
{
    /// <summary>It works.</summary>
    None,

    /// <summary>Every call throws, as a locked SQLite file or a stopped PostgreSQL server does.</summary>
    Full,

    /// <summary>Only acknowledgements throw: delivered messages stay pending.</summary>
    Acknowledgements,

    /// <summary>Every write throws (appends, acknowledgements, purges), reads work: a SQLite file another process holds the write lock of.</summary>
    Writes,
}

/// <summary>The in-memory store, which fails on every call (or on acknowledgements only) while an outage lasts.</summary>
public sealed class FlakyStore : IIncidentStore
{
    private readonly InMemoryIncidentStore _inner = new();
    private volatile Outage _outage;

    public Outage Outage { get => _outage; set => _outage = value; }

    public int FailedCalls { get; private set; }

    public ValueTask<AppendResult> AppendAsync(AppendRequest request, CancellationToken cancellationToken) { Check(writing: true); return _inner.AppendAsync(request, cancellationToken); }

    public ValueTask<IReadOnlyList<StoredEvent>> LoadAsync(IncidentId incident, CancellationToken cancellationToken) { Check(); return _inner.LoadAsync(incident, cancellationToken); }

    public ValueTask<IncidentHistory> LoadHistoryAsync(IncidentId incident, CancellationToken cancellationToken) { Check(); return _inner.LoadHistoryAsync(incident, cancellationToken); }

    public ValueTask<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(long fromSequence, int maxCount, CancellationToken cancellationToken) { Check(); return _inner.ReadLedgerAsync(fromSequence, maxCount, cancellationToken); }

    public ValueTask<int> PurgeOutboxAsync(DateTimeOffset acknowledgedBefore, int maxCount, CancellationToken cancellationToken) { Check(writing: true); return _inner.PurgeOutboxAsync(acknowledgedBefore, maxCount, cancellationToken); }

    public ValueTask<IncidentId?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken) { Check(); return _inner.FindByIdempotencyKeyAsync(idempotencyKey, cancellationToken); }

    public ValueTask<IncidentSummaryPage> QueryAsync(IncidentQuery query, CancellationToken cancellationToken) { Check(); return _inner.QueryAsync(query, cancellationToken); }

    public ValueTask<IReadOnlyList<OutboxMessage>> ReadOutboxAsync(int maxCount, CancellationToken cancellationToken) { Check(); return _inner.ReadOutboxAsync(maxCount, cancellationToken); }

    public ValueTask AcknowledgeOutboxAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken)
    {
        Check(writing: true, acknowledging: true);
        return _inner.AcknowledgeOutboxAsync(messageIds, cancellationToken);
    }

    private void Check(bool writing = false, bool acknowledging = false)
    {
        if (_outage == Outage.Full || (acknowledging && _outage == Outage.Acknowledgements) || (writing && _outage == Outage.Writes))
        {
            FailedCalls++;
            throw new IOException("database is locked");
        }
    }
}
