using PetitionOpinion.Storage;

namespace PetitionOpinion.Samples.WebApi.Tests.Support;

/// <summary>A store whose every append to an existing incident conflicts, as if another writer always got there first.</summary>
public sealed class AlwaysConflictingStore(IIncidentStore inner) : DelegatingStore(inner)
{
    public int ConflictingAppends { get; private set; }

    public override ValueTask<AppendResult> AppendAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        var existing = request.Incidents.FirstOrDefault(a => a.ExpectedVersion > 0);
        if (existing is null)
        {
            return base.AppendAsync(request, cancellationToken);
        }

        ConflictingAppends++;
        return ValueTask.FromResult(AppendResult.Conflict(existing.IncidentId, existing.ExpectedVersion + 1));
    }
}

/// <summary>A store that fails on every load with a message that must never reach a caller.</summary>
public sealed class BrokenStore(IIncidentStore inner) : DelegatingStore(inner)
{
    public const string Secret = "/var/lib/secret/incidents.db is corrupt";

    public override ValueTask<IReadOnlyList<StoredEvent>> LoadAsync(IncidentId incident, CancellationToken cancellationToken)
        => throw new InvalidOperationException(Secret);

    public override ValueTask<IncidentHistory> LoadHistoryAsync(IncidentId incident, CancellationToken cancellationToken)
        => throw new InvalidOperationException(Secret);
}

/// <summary>
/// A store whose stored events were damaged: every incident's first event (the report, with the petitioner's details)
/// comes back with its channel replaced by text quoting the details, as a corrupted row would.
/// </summary>
public sealed class CorruptingStore(IIncidentStore inner) : DelegatingStore(inner)
{
    public override async ValueTask<IncidentHistory> LoadHistoryAsync(IncidentId incident, CancellationToken cancellationToken)
    {
        var history = await base.LoadHistoryAsync(incident, cancellationToken);
        if (history.Events.Count == 0)
        {
            return history;
        }

        var first = history.Events[0];
        var json = System.Text.Encoding.UTF8.GetString(first.Payload.Span).Replace("\"Hotline\"", $"\"{Story.PetitionerName} {Story.PetitionerPhone}\"", StringComparison.Ordinal);
        return history with { Events = [first with { Payload = System.Text.Encoding.UTF8.GetBytes(json) }, .. history.Events.Skip(1)] };
    }
}

/// <summary>Passes every call to another store.</summary>
public abstract class DelegatingStore(IIncidentStore inner) : IIncidentStore
{
    public virtual ValueTask<AppendResult> AppendAsync(AppendRequest request, CancellationToken cancellationToken) => inner.AppendAsync(request, cancellationToken);

    public virtual ValueTask<IReadOnlyList<StoredEvent>> LoadAsync(IncidentId incident, CancellationToken cancellationToken) => inner.LoadAsync(incident, cancellationToken);

    public virtual ValueTask<IncidentHistory> LoadHistoryAsync(IncidentId incident, CancellationToken cancellationToken) => inner.LoadHistoryAsync(incident, cancellationToken);

    public ValueTask<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(long fromSequence, int maxCount, CancellationToken cancellationToken) => inner.ReadLedgerAsync(fromSequence, maxCount, cancellationToken);

    public ValueTask<IncidentId?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken) => inner.FindByIdempotencyKeyAsync(idempotencyKey, cancellationToken);

    public ValueTask<IncidentSummaryPage> QueryAsync(IncidentQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

    public ValueTask<IReadOnlyList<OutboxMessage>> ReadOutboxAsync(int maxCount, CancellationToken cancellationToken) => inner.ReadOutboxAsync(maxCount, cancellationToken);

    public ValueTask AcknowledgeOutboxAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken) => inner.AcknowledgeOutboxAsync(messageIds, cancellationToken);

    public ValueTask<int> PurgeOutboxAsync(DateTimeOffset acknowledgedBefore, int maxCount, CancellationToken cancellationToken) => inner.PurgeOutboxAsync(acknowledgedBefore, maxCount, cancellationToken);
}
