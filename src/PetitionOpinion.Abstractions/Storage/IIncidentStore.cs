namespace PetitionOpinion.Storage;

/// <summary>
/// Where incidents' events live. The events are the audit trail: a store must never lose, reorder or silently
/// overwrite them. Implementations pass the conformance kit (<c>PetitionOpinion.Storage.Conformance</c>); they are
/// thread-safe, and every append is atomic.
/// </summary>
/// <remarks>
/// Besides each incident's hash chain, a store keeps a <em>ledger</em>: one <see cref="LedgerEntry"/> per append, chained
/// store-wide (<see cref="AuditLedger"/>), written in the append's transaction, appended in the order appends commit,
/// never changed. It anchors every incident's head outside that incident's own chain, so that a truncated, rewritten,
/// deleted or inserted incident shows. A store that starts a ledger over existing incidents (a migration) writes their
/// heads as the genesis entry 0; a new store's genesis has no heads.
/// </remarks>
public interface IIncidentStore
{
    /// <summary>
    /// Appends events to one or more incidents, with the outbox messages they cause, atomically: if any incident is
    /// not at its expected version, or a new incident's idempotency key was seen before, nothing is written.
    /// </summary>
    /// <remarks>
    /// Idempotency keys are compared exactly (ordinal: case and white space matter). When several incidents of one request
    /// conflict, which one the result names is unspecified (the in-memory store names the first in request order).
    /// </remarks>
    /// <param name="request">What to write.</param>
    /// <param name="cancellationToken">Cancels the append (then nothing is written).</param>
    /// <returns>Whether it was written, or why not.</returns>
    /// <exception cref="ArgumentException">The request is malformed (no events, versions that do not follow the expected version, mixed incident ids).</exception>
    ValueTask<AppendResult> AppendAsync(AppendRequest request, CancellationToken cancellationToken = default);

    /// <summary>Loads every event of an incident, oldest first.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The events; empty when the incident is unknown.</returns>
    ValueTask<IReadOnlyList<StoredEvent>> LoadAsync(IncidentId incident, CancellationToken cancellationToken = default);

    /// <summary>
    /// Loads every event of an incident, oldest first, and the head the ledger last recorded for it, from one consistent
    /// snapshot (an append committing meanwhile is seen wholly or not at all).
    /// </summary>
    /// <param name="incident">The incident.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The events and the anchor; <see cref="IncidentHistory.Empty"/> when the store knows nothing of the incident.</returns>
    ValueTask<IncidentHistory> LoadHistoryAsync(IncidentId incident, CancellationToken cancellationToken = default);

    /// <summary>
    /// Loads the events of an incident from <paramref name="fromVersion"/> on, oldest first, and the head the ledger last
    /// recorded for it, from one consistent snapshot: <see cref="LoadHistoryAsync"/> without the earlier events. The
    /// repository checks with it that an incident it kept in memory still ends, in the store, at the event it kept, without
    /// reading the whole history. This default reads the whole history and leaves the earlier events out; a store
    /// overrides it to read only the events asked for.
    /// </summary>
    /// <param name="incident">The incident.</param>
    /// <param name="fromVersion">The first version to return, from 1.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The events from that version and the anchor; <see cref="IncidentHistory.Empty"/> when the store knows nothing of the incident.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fromVersion"/> is below 1.</exception>
    async ValueTask<IncidentHistory> LoadHistoryFromAsync(IncidentId incident, int fromVersion, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromVersion, 1);
        var history = await LoadHistoryAsync(incident, cancellationToken).ConfigureAwait(false);
        return fromVersion == 1 || history.Events.Count == 0 ? history : new IncidentHistory([.. history.Events.Where(e => e.Version >= fromVersion)], history.Anchor);
    }

    /// <summary>Reads the ledger from <paramref name="fromSequence"/> on, in order.</summary>
    /// <param name="fromSequence">The first sequence to return, from 0.</param>
    /// <param name="maxCount">The most entries to return, at least 1.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries, with their heads; fewer than <paramref name="maxCount"/> at the ledger's end.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fromSequence"/> is negative or <paramref name="maxCount"/> below 1.</exception>
    ValueTask<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(long fromSequence, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Finds the incident reported with an idempotency key.</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The incident, or <see langword="null"/> when the key is unknown.</returns>
    ValueTask<IncidentId?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Queries incident summaries.</summary>
    /// <param name="query">The filters and the page.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentException">The query's paging or petitioner filter is out of range (see <see cref="IncidentQuery.Problem"/>).</exception>
    ValueTask<IncidentSummaryPage> QueryAsync(IncidentQuery query, CancellationToken cancellationToken = default);

    /// <summary>Reads outbox messages not yet acknowledged, oldest first.</summary>
    /// <param name="maxCount">The most to return, at least 1.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The messages.</returns>
    ValueTask<IReadOnlyList<OutboxMessage>> ReadOutboxAsync(int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Acknowledges outbox messages: they are no longer returned by <see cref="ReadOutboxAsync"/>. Unknown or already acknowledged ids are ignored.</summary>
    /// <param name="messageIds">The messages.</param>
    /// <param name="cancellationToken">Cancels the acknowledgement.</param>
    /// <returns>A task that completes when the acknowledgement is durable.</returns>
    ValueTask AcknowledgeOutboxAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes up to <paramref name="maxCount"/> outbox messages acknowledged before <paramref name="acknowledgedBefore"/>,
    /// those acknowledged first first. A message not acknowledged is never deleted, whatever its age; nor is one
    /// acknowledged at or after the cut-off. Events, summaries and the ledger are untouched.
    /// </summary>
    /// <remarks>
    /// The outbox keeps a notification's full text (for confidential recipients, the petitioner's details) until it is
    /// purged: the dispatcher calls this after its passes with its clock's time minus the retention. The acknowledgement
    /// time is the store's: the clock it was given, or the time the acknowledgement was recorded; it is compared with
    /// <paramref name="acknowledgedBefore"/> as an instant. Calling it again with the same cut-off deletes what an earlier
    /// call left (beyond its <paramref name="maxCount"/>); once none older is left it deletes nothing and returns 0.
    /// </remarks>
    /// <param name="acknowledgedBefore">The cut-off: messages acknowledged strictly before it are deleted.</param>
    /// <param name="maxCount">The most messages to delete in this call, at least 1 (to keep a transaction short).</param>
    /// <param name="cancellationToken">Cancels the purge (then nothing is deleted).</param>
    /// <returns>How many messages were deleted; fewer than <paramref name="maxCount"/> when none older is left.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCount"/> is below 1.</exception>
    ValueTask<int> PurgeOutboxAsync(DateTimeOffset acknowledgedBefore, int maxCount, CancellationToken cancellationToken = default);
}
