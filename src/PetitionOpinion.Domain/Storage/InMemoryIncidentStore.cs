using Ardalis.GuardClauses;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Storage;

/// <summary>
/// The default <see cref="IIncidentStore"/>: everything in memory, for tests, samples and single-process hosts that
/// need no durability. Thread-safe; every append is atomic (all of it becomes visible at once, or none of it).
/// </summary>
/// <remarks>
/// It implements <see cref="ISharedOutbox"/> and <see cref="ILeaseStore"/> too, so that several dispatchers or deadline
/// monitors in one process can share it (as instances share a database server) — mostly for tests — and
/// <see cref="IMonitorCheckpointStore"/>, whose checkpoints live as long as the store.
/// </remarks>
public sealed class InMemoryIncidentStore : IIncidentStore, ISharedOutbox, ILeaseStore, IMonitorCheckpointStore
{
    private readonly Lock _gate = new();
    // Each incident's events. A published list is never changed where its readers can see it: an append adds to a copy
    // sharing its items (AppendOnlyList.Share: in place past its end, so an append does not copy the history) and
    // publishes that.
    private readonly Dictionary<IncidentId, AppendOnlyList<StoredEvent>> _events = [];
    private readonly Dictionary<IncidentId, IncidentSummary> _summaries = [];

    // The index of IncidentQuery.ByPetitioner: each petitioner pseudonym's incidents.
    private readonly Dictionary<string, HashSet<IncidentId>> _byPetitioner = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IncidentId> _idempotencyKeys = new(StringComparer.Ordinal);
    private readonly List<OutboxMessage> _outbox = [];
    private readonly HashSet<Guid> _outboxIds = [];
    private readonly Dictionary<Guid, DateTimeOffset> _acknowledged = [];
    private readonly Dictionary<Guid, Held> _claims = [];
    private readonly Dictionary<string, Held> _leases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MonitorCheckpoint> _checkpoints = new(StringComparer.Ordinal);
    private readonly List<LedgerEntry> _ledger = [new LedgerEntry(0, [], null, ReadOnlyMemory<byte>.Empty)];
    private readonly Dictionary<IncidentId, IncidentHead> _anchors = [];
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="InMemoryIncidentStore"/> class, empty, with the system clock.</summary>
    public InMemoryIncidentStore()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InMemoryIncidentStore"/> class, empty.</summary>
    /// <param name="timeProvider">The clock, for when outbox messages are acknowledged (<see cref="PurgeOutboxAsync"/> compares those times).</param>
    public InMemoryIncidentStore(TimeProvider timeProvider)
    {
        _time = Guard.Against.Null(timeProvider);
    }

    /// <summary>Gets or sets a hook called after each event is staged and before anything is published, so tests can inject a failure mid-append.</summary>
    internal Action<StoredEvent>? OnStaged { get; set; }

    /// <summary>
    /// Test hook: replaces stored event <paramref name="version"/> of <paramref name="incident"/> with
    /// <paramref name="replacement"/> behind the store's back (no check at all), as someone editing a database would,
    /// so that tests can show that <see cref="EventHashChain.Verify(IReadOnlyList{StoredEvent})"/> catches it. Never called by the library.
    /// </summary>
    /// <param name="incident">The incident.</param>
    /// <param name="version">The version of the event to replace (it must exist).</param>
    /// <param name="replacement">What to store instead.</param>
    internal void ReplaceStoredEventForTesting(IncidentId incident, int version, StoredEvent replacement)
    {
        lock (_gate)
        {
            // Published lists are never changed (readers may hold them): publish a changed copy.
            _events[incident] = ListOf(_events[incident].Select(e => e.Version == version ? replacement : e));
        }
    }

    /// <summary>Test hook: removes an incident's events from <paramref name="fromVersion"/> on, behind the store's back (no check at all).</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="fromVersion">The first version to remove.</param>
    internal void TruncateForTesting(IncidentId incident, int fromVersion)
    {
        lock (_gate)
        {
            _events[incident] = ListOf(_events[incident].Take(fromVersion - 1));
        }
    }

    /// <summary>Test hook: replaces or removes (<paramref name="summary"/> <see langword="null"/>) an incident's summary behind the store's back.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="summary">The new summary, or <see langword="null"/>.</param>
    internal void ReplaceSummaryForTesting(IncidentId incident, IncidentSummary? summary)
    {
        lock (_gate)
        {
            if (summary is null)
            {
                RemoveSummary(incident);
            }
            else
            {
                SetSummary(summary, incident);
            }
        }
    }

    /// <summary>Test hook: removes an incident's events and summary behind the store's back (its ledger entries stay).</summary>
    /// <param name="incident">The incident.</param>
    internal void DeleteIncidentForTesting(IncidentId incident)
    {
        lock (_gate)
        {
            _events.Remove(incident);
            RemoveSummary(incident);
        }
    }

    /// <summary>Test hook: writes events and a summary behind the store's back, without a ledger entry.</summary>
    /// <param name="events">The events of one incident.</param>
    /// <param name="summary">Its summary.</param>
    internal void InsertIncidentForTesting(IReadOnlyList<StoredEvent> events, IncidentSummary summary)
    {
        lock (_gate)
        {
            _events[summary.Id] = ListOf(events);
            SetSummary(summary, summary.Id);
        }
    }

    /// <summary>Test hook: replaces (or, with <see langword="null"/>, removes from that sequence on) ledger entries behind the store's back.</summary>
    /// <param name="sequence">The entry.</param>
    /// <param name="replacement">What to keep instead, or <see langword="null"/> to cut the ledger there.</param>
    internal void ReplaceLedgerForTesting(long sequence, LedgerEntry? replacement)
    {
        lock (_gate)
        {
            if (replacement is null)
            {
                _ledger.RemoveRange((int)sequence, _ledger.Count - (int)sequence);
            }
            else
            {
                _ledger[(int)sequence] = replacement;
            }

            _anchors.Clear();
            foreach (var head in _ledger.SelectMany(e => e.Heads))
            {
                _anchors[head.Incident] = head;
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<AppendResult> AppendAsync(AppendRequest request, CancellationToken cancellationToken = default)
    {
        AppendValidation.ThrowIfInvalid(request);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            foreach (var append in request.Incidents)
            {
                var current = _events.TryGetValue(append.IncidentId, out var existing) ? existing.Count : 0;
                if (current != append.ExpectedVersion)
                {
                    return ValueTask.FromResult(AppendResult.Conflict(append.IncidentId, current));
                }

                if (append.IdempotencyKey is { } key && _idempotencyKeys.TryGetValue(key, out var known))
                {
                    return ValueTask.FromResult(AppendResult.DuplicateIntake(known));
                }
            }

            // Stage every change first; publish only when all of it is ready, so that a failure leaves no trace.
            var staged = new List<(IncidentAppend Append, AppendOnlyList<StoredEvent> Events)>();
            foreach (var append in request.Incidents)
            {
                var events = _events.TryGetValue(append.IncidentId, out var existing) ? existing.Share() : new AppendOnlyList<StoredEvent>();
                foreach (var e in append.Events)
                {
                    // Keep copies: the caller's buffers may be reused afterwards, and the history must not change with them.
                    var copy = e with { Payload = e.Payload.ToArray(), Hash = e.Hash.ToArray() };
                    events.Add(copy);
                    OnStaged?.Invoke(copy);
                }

                staged.Add((append, events));
            }

            cancellationToken.ThrowIfCancellationRequested();
            foreach (var (append, events) in staged)
            {
                _events[append.IncidentId] = events;
                SetSummary(append.Summary, append.IncidentId);
                if (append.IdempotencyKey is { } key)
                {
                    _idempotencyKeys[key] = append.IncidentId;
                }
            }

            var tail = _ledger[^1];
            var entry = AuditLedger.Next(request, tail.Sequence, (tail.Sequence == 0 ? AuditLedger.GenesisHash(tail.Heads) : tail.Hash).Span);
            _ledger.Add(entry);
            foreach (var head in entry.Heads)
            {
                _anchors[head.Incident] = head;
            }

            _outbox.AddRange(request.Outbox.Select(m => m with { Payload = m.Payload.ToArray() }));
            _outboxIds.UnionWith(request.Outbox.Select(m => m.Id));
            return ValueTask.FromResult(AppendResult.Appended);
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<StoredEvent>> LoadAsync(IncidentId incident, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // A published list is replaced, never changed where its readers see it: handing it out is safe.
            return ValueTask.FromResult<IReadOnlyList<StoredEvent>>(_events.TryGetValue(incident, out var events) ? events : []);
        }
    }

    /// <inheritdoc/>
    public ValueTask<IncidentHistory> LoadHistoryAsync(IncidentId incident, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var events = _events.GetValueOrDefault(incident);
            var anchor = _anchors.GetValueOrDefault(incident);
            return ValueTask.FromResult(events is null && anchor is null ? IncidentHistory.Empty : new IncidentHistory((IReadOnlyList<StoredEvent>?)events ?? [], anchor));
        }
    }

    /// <inheritdoc/>
    public ValueTask<IncidentHistory> LoadHistoryFromAsync(IncidentId incident, int fromVersion, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromVersion, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var events = _events.GetValueOrDefault(incident);
            var anchor = _anchors.GetValueOrDefault(incident);
            return ValueTask.FromResult(events is null && anchor is null ? IncidentHistory.Empty : new IncidentHistory(events is null ? [] : From(events, fromVersion), anchor));
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(long fromSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromSequence);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var from = (int)Math.Min(fromSequence, _ledger.Count);
            return ValueTask.FromResult<IReadOnlyList<LedgerEntry>>([.. _ledger.Skip(from).Take(maxCount)]);
        }
    }

    /// <inheritdoc/>
    public ValueTask<IncidentId?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(idempotencyKey);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult<IncidentId?>(_idempotencyKeys.TryGetValue(idempotencyKey, out var id) ? id : null);
        }
    }

    // Under the gate: stores an incident's summary and keeps the petitioner index in step.
    private void SetSummary(IncidentSummary summary, IncidentId incident)
    {
        if (_summaries.TryGetValue(incident, out var old) && string.Equals(old.PetitionerKey, summary.PetitionerKey, StringComparison.Ordinal))
        {
            // Most appends keep the pseudonyms: the index stays as it is.
            _summaries[incident] = summary;
            return;
        }

        RemoveSummary(incident);
        _summaries[incident] = summary;
        foreach (var key in summary.PetitionerKeys)
        {
            if (!_byPetitioner.TryGetValue(key, out var ids))
            {
                _byPetitioner[key] = ids = [];
            }

            ids.Add(incident);
        }
    }

    private void RemoveSummary(IncidentId incident)
    {
        if (_summaries.Remove(incident, out var old))
        {
            foreach (var key in old.PetitionerKeys)
            {
                if (_byPetitioner.TryGetValue(key, out var ids) && ids.Remove(incident) && ids.Count == 0)
                {
                    _byPetitioner.Remove(key);
                }
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<IncidentSummaryPage> QueryAsync(IncidentQuery query, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(query);
        if (query.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(query));
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var candidates = query.ByPetitioner is { } keys
                ? keys.SelectMany(k => _byPetitioner.GetValueOrDefault(k) ?? []).Distinct().Select(id => _summaries[id])
                : _summaries.Values;

            // Matches includes the cursor (IncidentQuery.After); the order is the SQL stores' (UTC instant, then id).
            var matching = candidates.Where(query.Matches).OrderBy(s => s.ReportedAt.UtcTicks).ThenBy(s => s.Id.Value).ToList();
            var end = (long)query.Skip + query.Take;
            return ValueTask.FromResult(IncidentSummaryPage.Of(
                [.. matching.Skip(query.Skip).Take(query.Take)],
                query.CountTotal ? matching.Count : IncidentSummaryPage.NotCounted,
                hasMore: matching.Count > end));
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<OutboxMessage>> ReadOutboxAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        Guard.Against.NegativeOrZero(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<OutboxMessage>>([.. _outbox.Where(m => !_acknowledged.ContainsKey(m.Id)).Take(maxCount)]);
        }
    }

    /// <inheritdoc/>
    public ValueTask AcknowledgeOutboxAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(messageIds);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            foreach (var id in messageIds)
            {
                // Unknown ids are ignored, and the first acknowledgement's time is kept (as the SQL stores do).
                if (_outboxIds.Contains(id))
                {
                    _acknowledged.TryAdd(id, now);
                }

                _claims.Remove(id);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<int> PurgeOutboxAsync(DateTimeOffset acknowledgedBefore, int maxCount, CancellationToken cancellationToken = default)
    {
        Guard.Against.NegativeOrZero(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var purged = _outbox
                .Where(m => _acknowledged.TryGetValue(m.Id, out var at) && at < acknowledgedBefore)
                .OrderBy(m => _acknowledged[m.Id]) // stable: ties stay in insertion order
                .Take(maxCount)
                .Select(m => m.Id)
                .ToHashSet();
            if (purged.Count == 0)
            {
                return ValueTask.FromResult(0);
            }

            _outbox.RemoveAll(m => purged.Contains(m.Id));
            foreach (var id in purged)
            {
                _outboxIds.Remove(id);
                _acknowledged.Remove(id);
                _claims.Remove(id);
            }

            return ValueTask.FromResult(purged.Count);
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(OutboxClaim claim, CancellationToken cancellationToken = default)
    {
        CoordinationValidation.ThrowIfInvalid(claim);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var claimed = new List<OutboxMessage>(Math.Min(claim.MaxCount, 256));
            foreach (var message in _outbox)
            {
                if (claimed.Count == claim.MaxCount)
                {
                    break;
                }

                if (_acknowledged.ContainsKey(message.Id)
                    || (_claims.TryGetValue(message.Id, out var held) && !held.FreeFor(claim.Holder, claim.Now)))
                {
                    continue;
                }

                _claims[message.Id] = new Held(claim.Holder, claim.Until);
                claimed.Add(message);
            }

            return ValueTask.FromResult<IReadOnlyList<OutboxMessage>>(claimed.AsReadOnly());
        }
    }

    /// <inheritdoc/>
    public ValueTask ReleaseOutboxAsync(string holder, CancellationToken cancellationToken = default)
    {
        CoordinationValidation.ThrowIfInvalidHolder(holder);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            foreach (var id in _claims.Where(c => c.Value.Holder == holder).Select(c => c.Key).ToList())
            {
                _claims.Remove(id);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<bool> TryAcquireLeaseAsync(LeaseRequest request, CancellationToken cancellationToken = default)
    {
        CoordinationValidation.ThrowIfInvalid(request);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_leases.TryGetValue(request.Name, out var held) && !held.FreeFor(request.Holder, request.Now))
            {
                return ValueTask.FromResult(false);
            }

            _leases[request.Name] = new Held(request.Holder, request.Until);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken = default)
    {
        CoordinationValidation.ThrowIfInvalidLease(name, holder);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_leases.TryGetValue(name, out var held) && held.Holder == holder)
            {
                _leases.Remove(name);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<MonitorCheckpoint?> LoadMonitorCheckpointAsync(string key, CancellationToken cancellationToken = default)
    {
        MonitorCheckpoint.ThrowIfInvalidKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // A copy: a caller that writes into the bytes it got does not change what is stored.
            return ValueTask.FromResult(_checkpoints.TryGetValue(key, out var stored) ? stored with { State = stored.State.ToArray() } : null);
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> SaveMonitorCheckpointAsync(MonitorCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        MonitorCheckpoint.ThrowIfInvalid(checkpoint);
        cancellationToken.ThrowIfCancellationRequested();

        // A copy of the bytes: the caller may reuse its buffer.
        var copy = checkpoint with { State = checkpoint.State.ToArray() };
        lock (_gate)
        {
            var stored = _checkpoints.TryGetValue(checkpoint.Key, out var current) ? current.Version : 0;
            if (stored != checkpoint.Version - 1)
            {
                return ValueTask.FromResult(false);
            }

            _checkpoints[checkpoint.Key] = copy;
            return ValueTask.FromResult(true);
        }
    }

    /// <summary>A claim or lease: who holds it, until when.</summary>
    private readonly record struct Held(string Holder, DateTimeOffset Until)
    {
        /// <summary>Whether <paramref name="holder"/> may take it at <paramref name="now"/>: it is theirs already, or it has ended.</summary>
        public bool FreeFor(string holder, DateTimeOffset now) => string.Equals(Holder, holder, StringComparison.Ordinal) || Until <= now;
    }

    private static AppendOnlyList<StoredEvent> ListOf(IEnumerable<StoredEvent> events)
    {
        var list = new AppendOnlyList<StoredEvent>();
        foreach (var e in events)
        {
            list.Add(e);
        }

        return list;
    }

    // The events from a version on. An incident's versions are its positions from 1, so the tail is read without walking
    // the history before it; where a test hook broke that, every event is looked at, as a store would filter them.
    private static StoredEvent[] From(AppendOnlyList<StoredEvent> events, int fromVersion)
    {
        var all = events.AsSpan();
        var start = fromVersion - 1;
        if (start > all.Length || (start > 0 && all[start - 1].Version != start))
        {
            return [.. events.Where(e => e.Version >= fromVersion)];
        }

        for (var i = start; i < all.Length; i++)
        {
            if (all[i].Version != i + 1)
            {
                return [.. events.Where(e => e.Version >= fromVersion)];
            }
        }

        return all[start..].ToArray();
    }
}
