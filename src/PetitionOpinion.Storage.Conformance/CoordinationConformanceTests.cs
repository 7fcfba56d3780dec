namespace PetitionOpinion.Storage.Conformance;

/// <summary>
/// The conformance kit of <see cref="ISharedOutbox"/> and <see cref="ILeaseStore"/>, for stores that several application
/// instances share: derive from this class, implement <see cref="CreateStoreAsync"/> (a store implementing both) and,
/// for stores reached over a network, <see cref="CreateSecondInstanceAsync"/>; every <c>[Fact]</c> here then runs
/// against that store.
/// </summary>
/// <remarks>
/// Each test gets a fresh, empty store; stores are disposed after the test when they are <see cref="IAsyncDisposable"/>
/// or <see cref="IDisposable"/>. Times in the tests are the scenario's fake clock, never the machine's.
/// </remarks>
public abstract class CoordinationConformanceTests : IAsyncLifetime
{
    private readonly List<IIncidentStore> _stores = [];

    /// <summary>Gets the test world: organisation, fake clock, lifecycle and serializer that produce real events.</summary>
    protected ConformanceScenario Scenario { get; } = new();

    /// <summary>Gets the store under test: fresh and empty for each test.</summary>
    protected IIncidentStore Store => _stores.Count > 0 ? _stores[0] : throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>Gets the store as a shared outbox.</summary>
    protected ISharedOutbox Outbox => (ISharedOutbox)Store;

    /// <summary>Gets the store as a lease store.</summary>
    protected ILeaseStore Leases => (ILeaseStore)Store;

    /// <summary>Gets the token the kit passes when it does not test cancellation.</summary>
    protected static CancellationToken None => CancellationToken.None;

    /// <summary>Creates a fresh, empty store that implements <see cref="ISharedOutbox"/> and <see cref="ILeaseStore"/>; called once per test.</summary>
    /// <returns>The store.</returns>
    protected abstract ValueTask<IIncidentStore> CreateStoreAsync();

    /// <summary>
    /// Creates another instance of the store over the same data, as a second application instance would open it (its own
    /// connections). The default returns <paramref name="store"/> itself (stores that live in one process).
    /// </summary>
    /// <param name="store">The store <see cref="CreateStoreAsync"/> returned.</param>
    /// <returns>Another instance over the same data, or <paramref name="store"/>.</returns>
    protected virtual ValueTask<IIncidentStore> CreateSecondInstanceAsync(IIncidentStore store) => ValueTask.FromResult(store);

#if XUNIT_V3
    /// <inheritdoc/>
    public async ValueTask InitializeAsync() => _stores.Add(await CreateStoreAsync());

    /// <inheritdoc/>
    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
#else
    /// <inheritdoc/>
    public async Task InitializeAsync() => _stores.Add(await CreateStoreAsync());

    /// <inheritdoc/>
    public virtual async Task DisposeAsync()
    {
#endif
        foreach (var store in _stores.Distinct())
        {
            await StoreDisposal.DisposeAsync(store);
        }

        _stores.Clear();
    }

    /// <summary>Checks the store under test implements both contracts.</summary>
    [Fact]
    public void Store_ImplementsBothContracts()
    {
        Assert.IsAssignableFrom<ISharedOutbox>(Store);
        Assert.IsAssignableFrom<ILeaseStore>(Store);
    }

    /// <summary>Checks <c>ClaimOutboxAsync</c> — fresh messages: returns the oldest first, up to the count, and the next claim by the same holder renews them.</summary>
    [Fact]
    public async Task ClaimOutboxAsync_FreshMessages_ReturnsOldestFirstUpToTheCount()
    {
        var messages = await WriteMessagesAsync(5);

        Assert.Equal(messages.Take(3), await ClaimAsync("a", 3, TimeSpan.FromMinutes(1)));
        Assert.Equal(messages, await ClaimAsync("a", 10, TimeSpan.FromMinutes(1)));
        Assert.Equal(messages, await Store.ReadOutboxAsync(10, None)); // claimed messages are still pending
    }

    /// <summary>Checks <c>ClaimOutboxAsync</c> — messages another holder claimed: passed over until the claim ends, then free (a claim ending exactly now is free).</summary>
    [Fact]
    public async Task ClaimOutboxAsync_ClaimedByAnother_PassedOverUntilTheClaimEnds()
    {
        var messages = await WriteMessagesAsync(6);
        Assert.Equal(messages.Take(4), await ClaimAsync("a", 4, TimeSpan.FromMinutes(2)));

        Assert.Equal(messages.Skip(4), await ClaimAsync("b", 10, TimeSpan.FromMinutes(2)));
        Assert.Empty(await ClaimAsync("c", 10, TimeSpan.FromMinutes(2)));

        Scenario.Time.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromTicks(1));
        Assert.Empty(await ClaimAsync("c", 10, TimeSpan.FromMinutes(2)));

        Scenario.Time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(messages, await ClaimAsync("c", 10, TimeSpan.FromMinutes(2)));
        Assert.Empty(await ClaimAsync("a", 10, TimeSpan.FromMinutes(2)));
    }

    /// <summary>Checks <c>ClaimOutboxAsync</c> — the holder claims again: its claim is renewed, so others still cannot take the messages when the first claim would have ended.</summary>
    [Fact]
    public async Task ClaimOutboxAsync_SameHolderAgain_RenewsTheClaim()
    {
        var messages = await WriteMessagesAsync(3);
        await ClaimAsync("a", 3, TimeSpan.FromMinutes(1));
        Scenario.Time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(messages, await ClaimAsync("a", 3, TimeSpan.FromMinutes(1)));

        Scenario.Time.Advance(TimeSpan.FromSeconds(20)); // past the first claim's end, before the renewed one's
        Assert.Empty(await ClaimAsync("b", 3, TimeSpan.FromMinutes(1)));
    }

    /// <summary>Checks <c>ClaimOutboxAsync</c> — acknowledged messages: never claimed again, whoever claimed them.</summary>
    [Fact]
    public async Task ClaimOutboxAsync_AcknowledgedMessages_AreNeverClaimed()
    {
        var messages = await WriteMessagesAsync(4);
        await ClaimAsync("a", 2, TimeSpan.FromMinutes(1));
        await Store.AcknowledgeOutboxAsync([messages[0].Id, messages[3].Id], None);

        Scenario.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal([messages[1], messages[2]], await ClaimAsync("b", 10, TimeSpan.FromMinutes(1)));
        Assert.Equal([messages[1], messages[2]], await Store.ReadOutboxAsync(10, None));
    }

    /// <summary>Checks <c>ReleaseOutboxAsync</c>: the holder's claims are free at once for others; other holders' claims stay.</summary>
    [Fact]
    public async Task ReleaseOutboxAsync_FreesTheHoldersClaimsOnly()
    {
        var messages = await WriteMessagesAsync(4);
        await ClaimAsync("a", 2, TimeSpan.FromMinutes(10));
        await ClaimAsync("b", 2, TimeSpan.FromMinutes(10));

        await Outbox.ReleaseOutboxAsync("a", None);
        await Outbox.ReleaseOutboxAsync("nobody", None);

        Assert.Equal(messages.Take(2), await ClaimAsync("c", 10, TimeSpan.FromMinutes(10)));
    }

    /// <summary>Checks <c>ClaimOutboxAsync</c> — holders claiming at the same time, on two instances of the store: every message is claimed by exactly one of them (each acknowledges what it claimed before claiming more).</summary>
    [Fact]
    public async Task ClaimOutboxAsync_ConcurrentHolders_ClaimDisjointMessages()
    {
        var messages = await WriteMessagesAsync(120);
        var second = await SecondInstanceAsync();
        var now = Scenario.Now;
        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(h => Task.Run(async () =>
        {
            var outbox = (ISharedOutbox)(h % 2 == 0 ? Store : second);
            var mine = new List<Guid>();
            for (var round = 0; round < 100; round++)
            {
                // As a dispatcher does: claim a batch, deliver it, acknowledge it, claim the next.
                var batch = await outbox.ClaimOutboxAsync(new OutboxClaim($"holder-{h}", 7, now, now.AddMinutes(5)), None);
                if (batch.Count == 0)
                {
                    break;
                }

                mine.AddRange(batch.Select(m => m.Id));
                await ((IIncidentStore)outbox).AcknowledgeOutboxAsync([.. batch.Select(m => m.Id)], None);
            }

            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(messages.Select(m => m.Id).Order(), all.Order());
    }

    /// <summary>Checks <c>ClaimOutboxAsync</c> — malformed claims: <see cref="ArgumentException"/> naming the problem; a cancelled token: <see cref="OperationCanceledException"/>.</summary>
    [Fact]
    public async Task ClaimOutboxAsync_BadArguments_Throw()
    {
        var now = Scenario.Now;
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Outbox.ClaimOutboxAsync(null!, None));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Outbox.ClaimOutboxAsync(new OutboxClaim(" ", 1, now, now.AddMinutes(1)), None));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Outbox.ClaimOutboxAsync(new OutboxClaim(new string('h', OutboxClaim.MaxHolderLength + 1), 1, now, now.AddMinutes(1)), None));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Outbox.ClaimOutboxAsync(new OutboxClaim("a", 0, now, now.AddMinutes(1)), None));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Outbox.ClaimOutboxAsync(new OutboxClaim("a", 1, now, now), None));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Outbox.ReleaseOutboxAsync("", None));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Outbox.ClaimOutboxAsync(new OutboxClaim("a", 1, now, now.AddMinutes(1)), new CancellationToken(canceled: true)));
    }

    /// <summary>Checks <c>TryAcquireLeaseAsync</c>: a free lease is granted; another holder is refused until it ends (ending exactly now is ended); then it moves.</summary>
    [Fact]
    public async Task TryAcquireLeaseAsync_HeldByAnother_RefusedUntilItEnds()
    {
        Assert.True(await AcquireAsync("scanner", "a", TimeSpan.FromMinutes(1)));
        Assert.False(await AcquireAsync("scanner", "b", TimeSpan.FromMinutes(1)));
        Assert.True(await AcquireAsync("other-work", "b", TimeSpan.FromMinutes(1))); // names are independent

        Scenario.Time.Advance(TimeSpan.FromMinutes(1) - TimeSpan.FromTicks(1));
        Assert.False(await AcquireAsync("scanner", "b", TimeSpan.FromMinutes(1)));
        Scenario.Time.Advance(TimeSpan.FromTicks(1));
        Assert.True(await AcquireAsync("scanner", "b", TimeSpan.FromMinutes(1)));
        Assert.False(await AcquireAsync("scanner", "a", TimeSpan.FromMinutes(1)));
    }

    /// <summary>Checks <c>TryAcquireLeaseAsync</c> — the holder asks again: renewed, its end moved.</summary>
    [Fact]
    public async Task TryAcquireLeaseAsync_SameHolder_Renews()
    {
        Assert.True(await AcquireAsync("scanner", "a", TimeSpan.FromMinutes(1)));
        Scenario.Time.Advance(TimeSpan.FromSeconds(50));
        Assert.True(await AcquireAsync("scanner", "a", TimeSpan.FromMinutes(1)));
        Scenario.Time.Advance(TimeSpan.FromSeconds(20));
        Assert.False(await AcquireAsync("scanner", "b", TimeSpan.FromMinutes(1)));
    }

    /// <summary>Checks <c>ReleaseLeaseAsync</c>: the holder's release frees the lease at once; anyone else's release changes nothing.</summary>
    [Fact]
    public async Task ReleaseLeaseAsync_OnlyTheHolderReleases()
    {
        Assert.True(await AcquireAsync("scanner", "a", TimeSpan.FromMinutes(10)));
        await Leases.ReleaseLeaseAsync("scanner", "b", None);
        await Leases.ReleaseLeaseAsync("unknown", "a", None);
        Assert.False(await AcquireAsync("scanner", "b", TimeSpan.FromMinutes(10)));

        await Leases.ReleaseLeaseAsync("scanner", "a", None);
        Assert.True(await AcquireAsync("scanner", "b", TimeSpan.FromMinutes(10)));
    }

    /// <summary>Checks <c>TryAcquireLeaseAsync</c> — many holders at once, on two instances of the store: exactly one gets a free lease, and exactly one gets it again once it has ended.</summary>
    [Fact]
    public async Task TryAcquireLeaseAsync_ConcurrentHolders_ExactlyOneWins()
    {
        var second = await SecondInstanceAsync();
        for (var round = 0; round < 3; round++)
        {
            var now = Scenario.Now;
            var won = await Task.WhenAll(Enumerable.Range(0, 8).Select(h => Task.Run(async () =>
                await ((ILeaseStore)(h % 2 == 0 ? Store : second)).TryAcquireLeaseAsync(new LeaseRequest("scanner", $"holder-{h}", now, now.AddMinutes(1)), None))));
            Assert.Single(won, w => w);
            Scenario.Time.Advance(TimeSpan.FromMinutes(1));
        }
    }

    /// <summary>Checks the lease methods — malformed requests: <see cref="ArgumentException"/>; a cancelled token: <see cref="OperationCanceledException"/>.</summary>
    [Fact]
    public async Task LeaseMethods_BadArguments_Throw()
    {
        var now = Scenario.Now;
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Leases.TryAcquireLeaseAsync(null!, None));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Leases.TryAcquireLeaseAsync(new LeaseRequest("", "a", now, now.AddMinutes(1)), None));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Leases.TryAcquireLeaseAsync(new LeaseRequest("scanner", "\t", now, now.AddMinutes(1)), None));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Leases.TryAcquireLeaseAsync(new LeaseRequest("scanner", "a", now, now.AddTicks(-1)), None));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Leases.ReleaseLeaseAsync("scanner", new string('h', OutboxClaim.MaxHolderLength + 1), None));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Leases.TryAcquireLeaseAsync(new LeaseRequest("scanner", "a", now, now.AddMinutes(1)), new CancellationToken(canceled: true)));
    }

    /// <summary>Claims for <paramref name="holder"/> at the scenario's time, for <paramref name="duration"/>.</summary>
    /// <param name="holder">The holder.</param>
    /// <param name="maxCount">The most messages.</param>
    /// <param name="duration">How long the claim lasts.</param>
    /// <returns>The messages claimed.</returns>
    protected async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(string holder, int maxCount, TimeSpan duration)
        => await Outbox.ClaimOutboxAsync(new OutboxClaim(holder, maxCount, Scenario.Now, Scenario.Now + duration), None);

    /// <summary>Asks for lease <paramref name="name"/> for <paramref name="holder"/> at the scenario's time, for <paramref name="duration"/>.</summary>
    /// <param name="name">The lease.</param>
    /// <param name="holder">The holder.</param>
    /// <param name="duration">How long it lasts.</param>
    /// <returns>Whether it was granted.</returns>
    protected async Task<bool> AcquireAsync(string name, string holder, TimeSpan duration)
        => await Leases.TryAcquireLeaseAsync(new LeaseRequest(name, holder, Scenario.Now, Scenario.Now + duration), None);

    /// <summary>Writes <paramref name="count"/> outbox messages, in order, with one incident's first events.</summary>
    /// <param name="count">How many.</param>
    /// <returns>The messages, in the order written.</returns>
    protected async Task<IReadOnlyList<OutboxMessage>> WriteMessagesAsync(int count)
    {
        var incident = Scenario.Report();
        var messages = Enumerable.Range(0, count)
            .Select(i => new OutboxMessage(Guid.NewGuid(), incident.Id, "notification", $"dedup:{incident.Id}:{i}", System.Text.Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"), Scenario.Now))
            .ToArray();
        Assert.Equal(AppendResult.Appended, await Store.AppendAsync(new AppendRequest([Scenario.Append(incident, null)], messages), None));
        return messages;
    }

    private async Task<IIncidentStore> SecondInstanceAsync()
    {
        var second = await CreateSecondInstanceAsync(Store);
        _stores.Add(second);
        return second;
    }
}
