using PetitionOpinion.Incidents;

namespace PetitionOpinion.Storage.Conformance;

/// <content>
/// Tamper evidence against someone with the database: a keyed chain that cannot be recomputed without the key, heads
/// anchored in the ledger (truncation, deletion and insertion show), summaries checked against their events, checkpoints
/// kept outside the database. Each test is one attack, applied through <see cref="TryTamperAsync(IIncidentStore, StoreTampering)"/>.
/// </content>
public abstract partial class IncidentStoreConformanceTests
{
    /// <summary>
    /// Optional: applies <paramref name="tampering"/> to the store behind its back (see <see cref="StoreTampering"/>'s
    /// kinds), as someone holding the database would, append-only triggers notwithstanding.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="tampering">What to change.</param>
    /// <returns><see langword="true"/> when applied; <see langword="false"/> (the default) when the store cannot: the attack tests then return early, inconclusive.</returns>
    protected virtual ValueTask<bool> TryTamperAsync(IIncidentStore store, StoreTampering tampering) => ValueTask.FromResult(false);

    /// <summary>
    /// Gets a value indicating whether the store keeps each ledger entry on a row of its append's events (as the SQLite store
    /// does, to write no page of its own at each commit) rather than apart from them: deleting an incident's rows then
    /// deletes the entries they carried too, and the verification reports those entries missing from the ledger instead
    /// of naming the incident. Either way the deletion is reported as tampering.
    /// </summary>
    protected virtual bool LedgerEntriesRideOnEvents => false;

    /// <summary>Checks <c>VerifyStoreAsync</c> — a keyed story, untouched: intact, keyed, and every incident verifies.</summary>
    [Fact]
    public async Task VerifyStoreAsync_KeyedStoryUntouched_IsIntactAndKeyed()
    {
        var (repository, ids) = await KeyedStoryAsync();

        var report = await repository.VerifyStoreAsync();

        Assert.True(report.IsIntact, Describe(report));
        Assert.True(report.IsKeyed, Describe(report));
        Assert.Equal(ids.Count, report.Incidents);
        Assert.Empty(report.Findings);
        Assert.True(report.LedgerEntries > ids.Count); // the genesis, and an entry per append
        foreach (var id in ids)
        {
            var chain = await repository.VerifyAsync(id, None);
            Assert.True(chain.IsIntact, chain.Problem);
            Assert.Equal(0, chain.UnkeyedEvents);
        }
    }

    /// <summary>Checks <c>VerifyAsync</c> — an edited payload with every hash after it recomputed (without the key): caught at the edited version.</summary>
    /// <param name="keepKeyId">Whether the forger keeps the key id (and guesses a key) or drops it (and recomputes plain SHA-256).</param>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task VerifyAsync_PayloadEditedAndChainRecomputedWithoutTheKey_IsCaughtAtThatVersion(bool keepKeyId)
    {
        var (repository, ids) = await KeyedStoryAsync();
        var id = ids[0];
        var stored = await Store.LoadAsync(id, None);
        var forged = Recompute(stored, 2, keepKeyId ? new AuditKey(ConformanceScenario.AuditKeyId, new byte[32]) : null);
        if (!await TryTamperAsync(Store, new ReplaceEvents(forged)))
        {
            Inconclusive("the store has no tamper hook (TryTamperAsync with a StoreTampering)");
            return;
        }

        var report = await repository.VerifyAsync(id, None);

        Assert.False(report.IsIntact);
        Assert.Equal(2, report.FirstBrokenVersion);
        Assert.Equal(keepKeyId ? HashChainProblem.Altered : HashChainProblem.Downgraded, report.Kind);
        var store = await repository.VerifyStoreAsync();
        Assert.Contains(store.Findings, f => f.Code == AuditFindingCodes.ChainBroken && f.Incident == id);
    }

    /// <summary>
    /// Checks <c>VerifyStoreAsync</c> — one incident rewritten from its first event and the whole ledger recomputed, all
    /// without the key (a downgrade to the unkeyed chain): the other incidents' keyed events betray the unkeyed entries.
    /// </summary>
    [Fact]
    public async Task VerifyStoreAsync_IncidentAndWholeLedgerRecomputedWithoutTheKey_IsCaught()
    {
        var (repository, ids) = await KeyedStoryAsync();
        var victim = ids[0];
        var forged = Recompute(await Store.LoadAsync(victim, None), 1, null);
        var byVersion = forged.ToDictionary(e => e.Version);
        var ledger = await Store.ReadLedgerAsync(0, 10_000, None);
        var rewritten = new List<LedgerEntry>();
        var previous = AuditLedger.GenesisHash(ledger[0].Heads);
        foreach (var entry in ledger.Skip(1))
        {
            var heads = entry.Heads.Select(h => h.Incident == victim ? h with { Hash = byVersion[h.Version].Hash } : h).ToList();
            var hash = AuditLedger.ComputeHash(null, previous.Span, entry.Sequence, heads);
            rewritten.Add(new LedgerEntry(entry.Sequence, heads, null, hash));
            previous = hash;
        }

        if (!await TryTamperAsync(Store, new ReplaceEvents(forged)) || !await TryTamperAsync(Store, new ReplaceLedger(rewritten)))
        {
            Inconclusive("the store has no tamper hook (TryTamperAsync with a StoreTampering)");
            return;
        }

        var report = await repository.VerifyStoreAsync();

        Assert.False(report.IsIntact, "A ledger recomputed without the key verified as intact.");
        Assert.Contains(report.Findings, f => f.Code == AuditFindingCodes.LedgerBroken && f.Incident != victim);
        Assert.True((await repository.ExportCheckpointAsync()).IsT1);
    }

    /// <summary>Checks <c>ExecuteAsync</c> — an incident whose last events were deleted: storage.tampered (not a conflict forever), and verify names the truncation.</summary>
    [Fact]
    public async Task ExecuteAsync_LastEventsDeleted_IsTamperedAndVerifyReportsTheTruncation()
    {
        var (repository, ids) = await KeyedStoryAsync();
        var id = ids[1];
        var stored = await Store.LoadAsync(id, None);
        if (!await TryTamperAsync(Store, new DeleteEvents(id, stored.Count - 1)))
        {
            Inconclusive("the store has no tamper hook (TryTamperAsync with a StoreTampering)");
            return;
        }

        var refused = await repository.ExecuteAsync(id, new StartResponse(KitPeople.CustomerServiceRep), None);
        var loaded = await repository.GetAsync(id, None);
        var report = await repository.VerifyAsync(id, None);

        Assert.Equal(StorageErrors.Tampered, refused.AsT1.Code);
        Assert.Equal(StorageErrors.Tampered, loaded.AsT1.Code);
        Assert.Equal(HashChainProblem.Truncated, report.Kind);
        Assert.Equal(stored.Count - 1, report.FirstBrokenVersion);
        Assert.Equal(stored.Count, report.ExpectedVersion);
        Assert.Contains($"the last version present is {stored.Count - 2}", report.Problem, StringComparison.Ordinal);
    }

    /// <summary>Checks <c>VerifyStoreAsync</c> — a summary's level edited (I → IV hides it from queries and statistics): the summary disagrees with its events.</summary>
    [Fact]
    public async Task VerifyStoreAsync_SummaryLevelEdited_ReportsTheMismatch()
    {
        var (repository, ids) = await KeyedStoryAsync();
        if (!await TryTamperAsync(Store, new SetSummaryLevel(ids[2], SeverityLevel.IV)))
        {
            Inconclusive("the store has no tamper hook (TryTamperAsync with a StoreTampering)");
            return;
        }

        var report = await repository.VerifyStoreAsync();

        Assert.False(report.IsIntact);
        var finding = Assert.Single(report.Findings, f => f.Severity == AuditSeverity.Error);
        Assert.Equal(AuditFindingCodes.SummaryMismatch, finding.Code);
        Assert.Equal(ids[2], finding.Incident);
        Assert.Contains("Level", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Checks <c>VerifyStoreAsync</c> — a whole incident deleted: reported as tampering, not as "not found". (A load
    /// reports it as tampering when the store's anchor outlives the incident's rows — a ledger index — and as not found
    /// when the store keeps the anchor on the summary row that was deleted with it; the store-wide check finds it always.)
    /// </summary>
    [Fact]
    public async Task VerifyStoreAsync_IncidentDeleted_ReportsItAndLoadSaysTampered()
    {
        var (repository, ids) = await KeyedStoryAsync();
        if (!await TryTamperAsync(Store, new DeleteIncident(ids[0])))
        {
            Inconclusive("the store has no tamper hook (TryTamperAsync with a StoreTampering)");
            return;
        }

        var report = await repository.VerifyStoreAsync();
        var loaded = await repository.GetAsync(ids[0], None);

        Assert.False(report.IsIntact);
        if (LedgerEntriesRideOnEvents)
        {
            Assert.Contains(report.Findings, f => f.Code == AuditFindingCodes.LedgerBroken && f.Sequence is not null);
        }
        else
        {
            Assert.Contains(report.Findings, f => f.Code == AuditFindingCodes.ChainBroken && f.Incident == ids[0]);
            Assert.Contains(report.Findings, f => f.Code == AuditFindingCodes.SummaryMissing && f.Incident == ids[0]);
        }

        Assert.Contains(loaded.AsT1.Code, new[] { StorageErrors.Tampered, StorageErrors.NotFound });
    }

    /// <summary>Checks <c>VerifyStoreAsync</c> — an incident inserted without an append: not in the ledger.</summary>
    [Fact]
    public async Task VerifyStoreAsync_IncidentInserted_ReportsItNotInTheLedger()
    {
        var (repository, _) = await KeyedStoryAsync();
        var fake = Scenario.Report();
        var append = Scenario.Append(fake, null);
        if (!await TryTamperAsync(Store, new InsertIncident(append.Events, append.Summary)))
        {
            Inconclusive("the store has no tamper hook (TryTamperAsync with a StoreTampering)");
            return;
        }

        var report = await repository.VerifyStoreAsync();
        var loaded = await repository.GetAsync(fake.Id, None);

        Assert.Contains(report.Findings, f => f.Code == AuditFindingCodes.NotInLedger && f.Incident == fake.Id);
        Assert.Equal(StorageErrors.Tampered, loaded.AsT1.Code);
        Assert.Equal(HashChainProblem.NotAnchored, (await repository.VerifyAsync(fake.Id, None)).Kind);
    }

    /// <summary>Checks <c>VerifyStoreAsync</c> — the ledger cut short: the chain of entries and the checkpoint taken before show it.</summary>
    [Fact]
    public async Task VerifyStoreAsync_LedgerCutBeforeACheckpoint_ReportsTheCheckpointMismatch()
    {
        var (repository, ids) = await KeyedStoryAsync();
        var checkpoint = (await repository.ExportCheckpointAsync()).AsT0;
        await repository.ExecuteAsync(ids[0], new StartResponse(KitPeople.CustomerServiceRep), None);
        if (!await TryTamperAsync(Store, new DeleteLedger(checkpoint.Sequence)))
        {
            Inconclusive("the store has no tamper hook (TryTamperAsync with a StoreTampering)");
            return;
        }

        var report = await repository.VerifyStoreAsync(checkpoint);

        Assert.False(report.IsIntact);
        Assert.Contains(report.Findings, f => f.Code == AuditFindingCodes.CheckpointMismatch);
    }

    /// <summary>Checks <c>ExportCheckpointAsync</c> — the text round-trips, verifies later, and a forged one is refused.</summary>
    [Fact]
    public async Task ExportCheckpointAsync_KeyedStore_RoundTripsAndAForgedOneIsRefused()
    {
        var (repository, ids) = await KeyedStoryAsync();
        var checkpoint = (await repository.ExportCheckpointAsync()).AsT0;
        await repository.ExecuteAsync(ids[0], new StartResponse(KitPeople.CustomerServiceRep), None);

        Assert.True(AuditCheckpoint.TryParse(checkpoint.ToString(), out var parsed));
        Assert.Equal(checkpoint, parsed);
        Assert.Equal(ConformanceScenario.AuditKeyId, parsed!.KeyId);
        Assert.True((await repository.VerifyStoreAsync(parsed)).IsIntact);

        var signature = parsed.Signature.ToArray();
        signature[0] ^= 1;
        var forged = await repository.VerifyStoreAsync(parsed with { Signature = signature });
        Assert.Contains(forged.Findings, f => f.Code == AuditFindingCodes.CheckpointForged);
    }

    /// <summary>Checks <c>VerifyStoreAsync</c> — keys rotated: everything verifies with both keys; without the old one its records cannot be checked.</summary>
    [Fact]
    public async Task VerifyStoreAsync_KeysRotated_VerifiesWithBothAndNotWithoutTheOld()
    {
        var (_, ids) = await KeyedStoryAsync();
        var rotated = Scenario.KeyedRepository(Store, ConformanceScenario.RotatedAuditKeyId);
        Assert.True((await rotated.ExecuteAsync(ids[0], new StartResponse(KitPeople.CustomerServiceRep), None)).IsT0);

        var stored = await Store.LoadAsync(ids[0], None);
        Assert.Equal(ConformanceScenario.RotatedAuditKeyId, stored[^1].HashKeyId);
        Assert.Equal(ConformanceScenario.AuditKeyId, stored[0].HashKeyId);
        Assert.True((await rotated.VerifyStoreAsync()).IsIntact);

        var withoutOld = Scenario.KeyedRepository(Store, ConformanceScenario.RotatedAuditKeyId, ConformanceScenario.RotatedAuditKeyId);
        var report = await withoutOld.VerifyStoreAsync();
        Assert.False(report.IsIntact);
        Assert.Equal(HashChainProblem.UnknownKey, (await withoutOld.VerifyAsync(ids[0], None)).Kind);
    }

    /// <summary>Checks <c>VerifyAsync</c> — after reopening a tampered store: still caught (durable stores).</summary>
    [Fact]
    public async Task VerifyAsync_TruncatedThenReopened_IsStillCaught()
    {
        var (_, ids) = await KeyedStoryAsync();
        var stored = await Store.LoadAsync(ids[0], None);
        if (!await TryTamperAsync(Store, new DeleteEvents(ids[0], stored.Count)) || !await ReopenAsync())
        {
            Inconclusive("the store has no tamper hook (TryTamperAsync with a StoreTampering), or is not durable (TryReopenAsync)");
            return;
        }

        var repository = Scenario.KeyedRepository(Store);
        Assert.Equal(HashChainProblem.Truncated, (await repository.VerifyAsync(ids[0], None)).Kind);
        Assert.False((await repository.VerifyStoreAsync()).IsIntact);
    }

    /// <summary>Three incidents driven through a keyed repository: reported, assessed, directed (a few appends each).</summary>
    /// <returns>The repository and the incidents.</returns>
    protected async Task<(IncidentRepository Repository, IReadOnlyList<IncidentId> Ids)> KeyedStoryAsync()
    {
        var repository = Scenario.KeyedRepository(Store);
        var ids = new List<IncidentId>();
        for (var i = 0; i < 3; i++)
        {
            Scenario.Time.Advance(ConformanceScenario.Step);
            var id = (await repository.ReportAsync(ConformanceScenario.ReportCommand(), null, None)).AsT0.Id;
            Scenario.Time.Advance(ConformanceScenario.Step);
            Assert.True((await repository.ExecuteAsync(id, new AssessIncident(KitPeople.CustomerServiceRep, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.Medium, "One customer."), None)).IsT0);
            Scenario.Time.Advance(ConformanceScenario.Step);
            Assert.True((await repository.ExecuteAsync(id, Scenario.IssueCommand(), None)).IsT0);
            ids.Add(id);
        }

        return (repository, ids);
    }

    private static string Describe(StoreVerificationReport report) => string.Join(Environment.NewLine, report.Findings);

    /// <summary>What a forger without the key can do: change event <paramref name="from"/>'s payload and recompute every hash from it on.</summary>
    private static List<StoredEvent> Recompute(IReadOnlyList<StoredEvent> stored, int from, AuditKey? guessedKey)
    {
        var forged = new List<StoredEvent>();
        var previous = from == 1 ? ReadOnlyMemory<byte>.Empty : stored[from - 2].Hash;
        for (var v = from; v <= stored.Count; v++)
        {
            var e = stored[v - 1];
            var payload = e.Payload.ToArray();
            if (v == from)
            {
                payload[payload.Length / 2] ^= 0x01;
            }

            var changed = e with { Payload = payload, HashKeyId = guessedKey?.Id };
            changed = changed with { Hash = EventHashChain.Compute(changed, previous.Span, guessedKey) };
            forged.Add(changed);
            previous = changed.Hash;
        }

        return forged;
    }
}
