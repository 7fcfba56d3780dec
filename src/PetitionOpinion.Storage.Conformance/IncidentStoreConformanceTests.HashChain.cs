namespace PetitionOpinion.Storage.Conformance;

/// <content>Tamper evidence: loaded events verify; a row altered behind the store's back is caught.</content>
public abstract partial class IncidentStoreConformanceTests
{
    /// <summary>Checks <c>LoadAsync</c> — every stored incident: verifies intact.</summary>
    [Fact]
    public async Task LoadAsync_EveryStoredIncident_VerifiesIntact()
    {
        var written = await Scenario.StoreFullStoryAsync(Store);
        var repository = Scenario.Repository(Store);

        foreach (var id in written.Keys)
        {
            Assert.True(EventHashChain.Verify(await Store.LoadAsync(id, None)).IsIntact);
            Assert.True((await repository.VerifyAsync(id, None)).IsIntact);
        }
    }

    /// <summary>
    /// Checks <c>LoadHistoryFromAsync</c> — every stored incident, from its first, a middle, its last and a later version:
    /// the events <c>LoadHistoryAsync</c> returns from that version, with the same anchor; an unknown incident: empty.
    /// </summary>
    [Fact]
    public async Task LoadHistoryFromAsync_EveryStoredIncident_IsTheWholeHistoryFromThatVersion()
    {
        var written = await Scenario.StoreFullStoryAsync(Store);

        foreach (var id in written.Keys)
        {
            var whole = await Store.LoadHistoryAsync(id, None);
            foreach (var from in new[] { 1, Math.Max(1, whole.Events.Count / 2), whole.Events.Count, whole.Events.Count + 1 })
            {
                var tail = await Store.LoadHistoryFromAsync(id, from, None);
                Assert.Equal(whole.Events.Where(e => e.Version >= from), tail.Events);
                Assert.Equal(whole.Anchor, tail.Anchor);
            }
        }

        Assert.Empty((await Store.LoadHistoryFromAsync(new IncidentId(Guid.NewGuid()), 1, None)).Events);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Store.LoadHistoryFromAsync(written.Keys.First(), 0, None));
    }

    /// <summary>Checks <c>TryTamperAsync</c> — altered event: verify reports it as the first broken link.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(-1)]
    public async Task TryTamperAsync_AlteredEvent_VerifyReportsItAsTheFirstBrokenLink(int version)
    {
        var written = await Scenario.StoreFullStoryAsync(Store);
        var (id, events) = written.MaxBy(p => p.Value.Count);
        version = version > 0 ? version : events.Count;

        if (!await TryTamperAsync(Store, id, version))
        {
            Inconclusive("the store has no tamper hook (TryTamperAsync)");
            return;
        }

        var loaded = await Store.LoadAsync(id, None);
        Assert.Equal(events.Count, loaded.Count);
        var report = EventHashChain.Verify(loaded);
        Assert.False(report.IsIntact);
        Assert.Equal(version, report.FirstBrokenVersion);
        Assert.NotNull(report.Problem);
        Assert.Equal(report, await Scenario.Repository(Store).VerifyAsync(id, None));

        // The other incidents are untouched.
        foreach (var other in written.Keys.Where(k => k != id))
        {
            Assert.True(EventHashChain.Verify(await Store.LoadAsync(other, None)).IsIntact);
        }
    }

    /// <summary>Checks <c>TryTamperAsync</c> — after reopening: is still caught.</summary>
    [Fact]
    public async Task TryTamperAsync_AfterReopening_IsStillCaught()
    {
        var written = await Scenario.StoreFullStoryAsync(Store);
        var (id, _) = written.MaxBy(p => p.Value.Count);
        if (!await TryTamperAsync(Store, id, 3) || !await ReopenAsync())
        {
            Inconclusive("no tamper hook (TryTamperAsync), or the store is not durable (TryReopenAsync)");
            return;
        }

        Assert.Equal(3, EventHashChain.Verify(await Store.LoadAsync(id, None)).FirstBrokenVersion);
    }
}
