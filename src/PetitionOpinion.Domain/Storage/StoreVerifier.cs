using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;

namespace PetitionOpinion.Storage;

/// <summary>The store-wide verification behind <see cref="IncidentRepository.VerifyStoreAsync"/>.</summary>
internal sealed class StoreVerifier(IIncidentStore store, IncidentEventSerializer serializer, AuditKeyRing keys, Func<Incident, IncidentSummary> summarize)
{
    private const int Page = 1_000;

    // How often a verification that found errors is run again because the ledger grew meanwhile (appends running while
    // it reads make the ledger, the summaries and the events disagree for a moment).
    private const int MaxPasses = 3;

    private readonly List<AuditFinding> _findings = [];

    public async ValueTask<StoreVerificationReport> VerifyAsync(AuditCheckpoint? checkpoint, CancellationToken cancellationToken = default)
    {
        for (var pass = 1; ; pass++)
        {
            _findings.Clear();
            var report = await VerifyOnceAsync(checkpoint, cancellationToken).ConfigureAwait(false);
            if (report.IsIntact || pass == MaxPasses || !await GrewAsync(report.LedgerEntries, cancellationToken).ConfigureAwait(false))
            {
                return report;
            }
        }
    }

    private async ValueTask<bool> GrewAsync(long entries, CancellationToken cancellationToken)
    {
        try
        {
            return (await store.ReadLedgerAsync(entries, 1, cancellationToken).ConfigureAwait(false)).Count > 0;
        }
        catch (Exception e) when (IncidentRepository.IsUnreadableRow(e))
        {
            return false;
        }
    }

    private async ValueTask<StoreVerificationReport> VerifyOnceAsync(AuditCheckpoint? checkpoint, CancellationToken cancellationToken)
    {
        // 1. The ledger: contiguous from 0, every hash recomputed, and the latest head of every incident it names (with
        // the entry that recorded it), and which recorded heads unkeyed entries vouch for.
        var heads = new Dictionary<IncidentId, (IncidentHead Head, long Sequence)>();
        var unkeyedHeads = new Dictionary<(IncidentId, int), long>();
        LedgerEntry? last = null;
        ReadOnlyMemory<byte> previousHash = ReadOnlyMemory<byte>.Empty;
        var entries = 0L;
        var unkeyedEntries = 0L;
        var keyedSeen = false;
        var checkpointSeen = false;
        for (var from = 0L; ; from += Page)
        {
            IReadOnlyList<LedgerEntry> page;
            try
            {
                page = await store.ReadLedgerAsync(from, Page, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IncidentRepository.IsUnreadableRow(e))
            {
                Error(AuditFindingCodes.LedgerBroken, $"The ledger cannot be read from entry {from} on: an entry holds a value no entry can have.", sequence: from);
                return Report(entries, heads.Count, 0, last);
            }

            foreach (var entry in page)
            {
                if (entry.Sequence != entries)
                {
                    Error(AuditFindingCodes.LedgerBroken, $"Ledger entry {entries} is missing or out of order (found {entry.Sequence}): entries were removed or inserted.", sequence: entries);
                    return Report(entries, heads.Count, 0, last);
                }

                var computed = ExpectedHash(entry, previousHash.Span, ref keyedSeen, ref unkeyedEntries);
                if (computed is null)
                {
                    return Report(entries + 1, heads.Count, 0, last);
                }

                if (entry.Sequence > 0 && !computed.Value.Span.SequenceEqual(entry.Hash.Span))
                {
                    Error(AuditFindingCodes.LedgerBroken, $"Ledger entry {entry.Sequence}'s hash does not match its heads and the previous entry: it or an entry before it was altered.", sequence: entry.Sequence);
                    return Report(entries + 1, heads.Count, 0, last);
                }

                if (checkpoint is not null && entry.Sequence == checkpoint.Sequence)
                {
                    checkpointSeen = true;
                    if (!computed.Value.Span.SequenceEqual(checkpoint.Hash.Span))
                    {
                        Error(AuditFindingCodes.CheckpointMismatch, $"Ledger entry {entry.Sequence} is not the one the checkpoint of {checkpoint.CreatedAt:O} recorded: the ledger changed at or before it.", sequence: entry.Sequence);
                    }
                }

                foreach (var head in entry.Heads)
                {
                    heads[head.Incident] = (head, entry.Sequence);
                    if (entry.Sequence > 0 && entry.KeyId is null)
                    {
                        unkeyedHeads[(head.Incident, head.Version)] = entry.Sequence;
                    }
                }

                previousHash = computed.Value;
                last = entry;
                entries++;
            }

            if (page.Count < Page)
            {
                break;
            }
        }

        if (unkeyedEntries > 0)
        {
            Warning(AuditFindingCodes.NotKeyed, $"{unkeyedEntries} ledger entr{(unkeyedEntries == 1 ? "y is" : "ies are")} not keyed (written while no audit key was configured): someone who can edit the database could recompute them.");
        }

        if (checkpoint is not null)
        {
            CheckCheckpoint(checkpoint, checkpointSeen);
        }

        // 2. Every incident the ledger names: its chain, its head, and its summary.
        Dictionary<IncidentId, IncidentSummary> summaries;
        try
        {
            summaries = await ReadSummariesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IncidentRepository.IsUnreadableRow(e))
        {
            Error(AuditFindingCodes.SummaryMismatch, "The incidents' summaries cannot be read: a summary row holds a value no summary can have (the value is not quoted).");
            return Report(entries, heads.Count, 0, last);
        }
        var events = 0;
        var unkeyedEvents = 0;
        foreach (var (id, (anchor, anchoredAt)) in heads.OrderBy(h => h.Key.Value))
        {
            IncidentHistory history;
            try
            {
                history = await store.LoadHistoryAsync(id, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IncidentRepository.IsUnreadableRow(e))
            {
                Error(AuditFindingCodes.Unreadable, $"A stored event of incident {id} cannot be read: a column holds a value no event can have.", id, version: (e as UnreadableEventException)?.Version);
                summaries.Remove(id);
                continue;
            }

            events += history.Events.Count;

            // An append writes its events and its ledger entry under one key: an unkeyed entry that records an event sealed
            // with a key was recomputed by someone who did not have the key (a downgrade of the whole ledger).
            foreach (var e in history.Events)
            {
                if (e.HashKeyId is not null && unkeyedHeads.TryGetValue((id, e.Version), out var downgraded))
                {
                    Error(AuditFindingCodes.LedgerBroken, $"Ledger entry {downgraded} is not keyed but records version {e.Version} of incident {id}, which was sealed with an audit key: the ledger was recomputed without the key.", id, downgraded, e.Version);
                }
            }

            // The ledger's head for it is the one checked above, whatever the store returns as the anchor.
            var chain = EventHashChain.Verify(history.Events, keys, anchor);
            unkeyedEvents += chain.UnkeyedEvents;
            if (!chain.IsIntact)
            {
                Error(AuditFindingCodes.ChainBroken, $"Incident {id}: {chain.Problem} ({chain.Kind}, version {chain.FirstBrokenVersion}).", id, version: chain.FirstBrokenVersion);
            }

            if (!summaries.Remove(id, out var summary))
            {
                Error(AuditFindingCodes.SummaryMissing, $"Incident {id} is in the ledger but has no summary: it no longer appears in queries or statistics.", id);
                continue;
            }

            if (chain.IsIntact && Rebuild(id, history.Events) is { } incident)
            {
                var expected = summarize(incident);
                var differing = Differences(summary, expected);

                // Only an incident adopted by the genesis (not appended to since) can have a summary written before the
                // statistics fields: any append rewrites the summary whole.
                if (differing.Count > 0 && anchoredAt == 0 && IsStale(summary) && Differences(summary, Unstatistical(expected)).Count == 0)
                {
                    Warning(AuditFindingCodes.SummaryStale, $"Incident {id}'s summary was written before the statistics fields: its next append fills them in.");
                }
                else if (differing.Count > 0)
                {
                    Error(AuditFindingCodes.SummaryMismatch, $"Incident {id}'s summary disagrees with its events in {string.Join(", ", differing)}: what queries and statistics see was changed.", id);
                }
            }
        }

        foreach (var id in summaries.Keys.OrderBy(k => k.Value))
        {
            Error(AuditFindingCodes.NotInLedger, $"Incident {id} has a summary but no ledger entry names it: it was not written by an append.", id);
        }

        if (unkeyedEvents > 0)
        {
            Warning(AuditFindingCodes.NotKeyed, $"{unkeyedEvents} event(s) are hashed without an audit key (written while none was configured).");
        }

        return Report(entries, heads.Count, events, last);
    }

    private ReadOnlyMemory<byte>? ExpectedHash(LedgerEntry entry, ReadOnlySpan<byte> previousHash, ref bool keyedSeen, ref long unkeyedEntries)
    {
        if (entry.Sequence == 0)
        {
            return AuditLedger.GenesisHash(entry.Heads);
        }

        AuditKey? key = null;
        if (entry.KeyId is null)
        {
            if (keyedSeen)
            {
                Error(AuditFindingCodes.LedgerBroken, $"Ledger entry {entry.Sequence} is not keyed although an entry before it was: it was recomputed without the audit key.", sequence: entry.Sequence);
                return null;
            }

            unkeyedEntries++;
        }
        else
        {
            keyedSeen = true;
            key = keys.Find(entry.KeyId);
            if (key is null)
            {
                Error(AuditFindingCodes.LedgerBroken, $"Ledger entry {entry.Sequence} was sealed with an audit key that is not configured: it and the entries after it cannot be checked.", sequence: entry.Sequence);
                return null;
            }
        }

        return AuditLedger.ComputeHash(key, previousHash, entry.Sequence, entry.Heads);
    }

    private void CheckCheckpoint(AuditCheckpoint checkpoint, bool seen)
    {
        if (!seen)
        {
            Error(AuditFindingCodes.CheckpointMismatch, $"The ledger has no entry {checkpoint.Sequence}, which the checkpoint of {checkpoint.CreatedAt:O} recorded: the ledger was cut short.", sequence: checkpoint.Sequence);
        }

        if (checkpoint.KeyId is null)
        {
            Warning(AuditFindingCodes.NotKeyed, "The checkpoint is not signed: it proves nothing against someone who could have written it.");
        }
        else if (!checkpoint.VerifySignature(keys))
        {
            Error(AuditFindingCodes.CheckpointForged, "The checkpoint's signature does not verify under the audit key it names (or that key is not configured).", sequence: checkpoint.Sequence);
        }
    }

    private async ValueTask<Dictionary<IncidentId, IncidentSummary>> ReadSummariesAsync(CancellationToken cancellationToken)
    {
        var summaries = new Dictionary<IncidentId, IncidentSummary>();
        for (var skip = 0; ; skip += IncidentQuery.MaxPageSize)
        {
            var page = await store.QueryAsync(new IncidentQuery { Skip = skip, Take = IncidentQuery.MaxPageSize }, cancellationToken).ConfigureAwait(false);
            foreach (var summary in page.Items)
            {
                summaries[summary.Id] = summary;
            }

            if (page.Items.Count < IncidentQuery.MaxPageSize)
            {
                return summaries;
            }
        }
    }

    private Incident? Rebuild(IncidentId id, IReadOnlyList<StoredEvent> stored)
    {
        var events = new IncidentEvent[stored.Count];
        for (var i = 0; i < stored.Count; i++)
        {
            try
            {
                events[i] = serializer.Deserialize(stored[i]);
            }
            catch (InvalidDataException e)
            {
                Error(AuditFindingCodes.Unreadable, e.Message, id, version: stored[i].Version);
                return null;
            }
        }

        try
        {
            return Incident.FromHistory(events);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or InvalidCastException or NullReferenceException)
        {
            Error(AuditFindingCodes.Unreadable, $"The events of incident {id} read back but do not make a valid history.", id);
            return null;
        }
    }

    /// <summary>
    /// The fields of a stored summary that differ from the one its events give. The targets (acknowledge and resolution
    /// due times) and the petitioner key depend on configuration that may have changed since, so they are not compared.
    /// </summary>
    private static List<string> Differences(IncidentSummary stored, IncidentSummary expected)
    {
        var fields = new List<string>();
        Check(stored.Kind == expected.Kind, nameof(IncidentSummary.Kind));
        Check(stored.Channel == expected.Channel, nameof(IncidentSummary.Channel));
        Check(stored.Category == expected.Category, nameof(IncidentSummary.Category));
        Check(stored.State == expected.State, nameof(IncidentSummary.State));
        Check(stored.Level == expected.Level, nameof(IncidentSummary.Level));
        Check(stored.ReportedAt == expected.ReportedAt, nameof(IncidentSummary.ReportedAt));
        Check(stored.UpdatedAt == expected.UpdatedAt, nameof(IncidentSummary.UpdatedAt));
        Check(stored.NextDueAt == expected.NextDueAt, nameof(IncidentSummary.NextDueAt));
        Check(stored.Version == expected.Version, nameof(IncidentSummary.Version));
        Check(stored.AcknowledgedAt == expected.AcknowledgedAt, nameof(IncidentSummary.AcknowledgedAt));
        Check(stored.FirstResolvedAt == expected.FirstResolvedAt, nameof(IncidentSummary.FirstResolvedAt));
        Check(stored.ReopenCount == expected.ReopenCount, nameof(IncidentSummary.ReopenCount));
        return fields;

        void Check(bool same, string name)
        {
            if (!same)
            {
                fields.Add(name);
            }
        }
    }

    // A summary written before the statistics fields existed has every one of them empty.
    private static bool IsStale(IncidentSummary s)
        => s.AcknowledgedAt is null && s.AcknowledgeDueAt is null && s.FirstResolvedAt is null && s.ResolutionDueAt is null && s.ReopenCount == 0 && s.PetitionerKey is null;

    private static IncidentSummary Unstatistical(IncidentSummary s)
        => s with { AcknowledgedAt = null, AcknowledgeDueAt = null, FirstResolvedAt = null, ResolutionDueAt = null, ReopenCount = 0, PetitionerKey = null };

    private StoreVerificationReport Report(long entries, int incidents, int events, LedgerEntry? head)
        => new([.. _findings], entries, incidents, events, head);

    private void Error(string code, string message, IncidentId? incident = null, long? sequence = null, int? version = null)
        => _findings.Add(new AuditFinding(code, AuditSeverity.Error, message, incident, sequence, version));

    private void Warning(string code, string message) => _findings.Add(new AuditFinding(code, AuditSeverity.Warning, message));
}
