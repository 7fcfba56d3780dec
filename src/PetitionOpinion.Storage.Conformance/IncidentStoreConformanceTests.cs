using PetitionOpinion.Incidents;

namespace PetitionOpinion.Storage.Conformance;

/// <summary>
/// The conformance kit of <see cref="IIncidentStore"/>: every store's tests derive from this class, implement
/// <see cref="CreateStoreAsync"/> and, where the store can, the optional hooks; every <c>[Fact]</c> and <c>[Theory]</c>
/// here then runs against that store.
/// </summary>
/// <remarks>
/// <para>
/// A test whose optional hook the store does not implement (the hook returns <see langword="false"/>) is
/// <em>inconclusive</em>: with xunit v3 (package <c>PetitionOpinion.Storage.Conformance.XunitV3</c>) it is reported
/// skipped, with the hook it needs; xunit v2 has no dynamic skip, so there it returns early and passes: check that your
/// store's hooks are implemented when it can support them.
/// </para>
/// <para>Each test gets a fresh, empty store in <see cref="Store"/>; it is disposed after the test when it is <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>.</para>
/// <para>
/// Hooks: <see cref="TryInjectFailureAfterEventsAsync"/> (failure in the middle of an append), <see cref="TryTamperAsync(IIncidentStore, IncidentId, int)"/>
/// (a row altered behind the store's back), <see cref="TryTamperAsync(IIncidentStore, StoreTampering)"/> (the attacks of the tampering tests), <see cref="TryReopenAsync"/> (durable stores: what was written survives),
/// <see cref="DisposeStoreAsync"/>, and <see cref="RacingAppends"/> (how many appends the racing writers must get accepted).
/// </para>
/// <para>
/// What a store must do is what <see cref="IIncidentStore"/> documents, made precise here: appends atomic across all
/// their incidents and outbox messages; a conflict or a duplicate intake writes nothing; every event field returned
/// byte for byte (times to the tick, UTC); idempotency keys compared ordinally; queries as
/// <see cref="IncidentQuery.Matches"/>, ordered by reported time then by id in <see cref="Guid.CompareTo(Guid)"/> order;
/// the outbox read in insertion order; an already-cancelled token throws <see cref="OperationCanceledException"/>.
/// </para>
/// </remarks>
public abstract partial class IncidentStoreConformanceTests : IAsyncLifetime
{
    private IIncidentStore? _store;

    /// <summary>Gets the store under test: fresh and empty for each test.</summary>
    protected IIncidentStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>Gets the test world: organisation, fake clock, lifecycle and serializer that produce real events.</summary>
    protected ConformanceScenario Scenario { get; } = new();

    /// <summary>Creates a fresh, empty store; called once per test.</summary>
    /// <returns>The store.</returns>
    protected abstract ValueTask<IIncidentStore> CreateStoreAsync();

    /// <summary>
    /// Optional: arranges that the store's <em>next</em> <see cref="IIncidentStore.AppendAsync"/> throws after it has
    /// written (staged, inside its transaction) <paramref name="eventsWritten"/> events of the request (at least 1), and
    /// only that append: later appends work normally (one shot). The exception may be of any type.
    /// </summary>
    /// <param name="store">The store (the one <see cref="CreateStoreAsync"/> returned).</param>
    /// <param name="eventsWritten">How many events of the next request are written before the failure (1 or more).</param>
    /// <returns><see langword="true"/> when armed; <see langword="false"/> (the default) when the store has no such hook: the fault test then returns early, inconclusive.</returns>
    protected virtual ValueTask<bool> TryInjectFailureAfterEventsAsync(IIncidentStore store, int eventsWritten) => ValueTask.FromResult(false);

    /// <summary>
    /// Optional: alters the stored event <paramref name="version"/> of <paramref name="id"/> behind the store's back (as
    /// someone editing the database would: change a byte of its payload, keep its hash), so that loading it still
    /// works but <see cref="EventHashChain.Verify(IReadOnlyList{StoredEvent})"/> reports that version as the first broken link.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="id">The incident.</param>
    /// <param name="version">The event's version (it exists).</param>
    /// <returns><see langword="true"/> when altered; <see langword="false"/> (the default) when the store cannot: the tamper test then returns early, inconclusive.</returns>
    protected virtual ValueTask<bool> TryTamperAsync(IIncidentStore store, IncidentId id, int version) => ValueTask.FromResult(false);

    /// <summary>
    /// Optional, for durable stores: closes <paramref name="store"/> and opens a new instance over the same data, so the
    /// kit can check that what was written survives. The default returns <see langword="null"/> (not durable: the
    /// reopen tests return early, inconclusive).
    /// </summary>
    /// <param name="store">The store to close (the kit does not use it afterwards).</param>
    /// <returns>A store over the same data, or <see langword="null"/>.</returns>
    protected virtual ValueTask<IIncidentStore?> TryReopenAsync(IIncidentStore store) => ValueTask.FromResult<IIncidentStore?>(null);

    /// <summary>Disposes a store the kit is done with; the default disposes it when it is <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>.</summary>
    /// <param name="store">The store.</param>
    /// <returns>A task that completes when disposed.</returns>
    protected virtual ValueTask DisposeStoreAsync(IIncidentStore store) => StoreDisposal.DisposeAsync(store);

#if XUNIT_V3
    /// <inheritdoc/>
    public async ValueTask InitializeAsync() => _store = await CreateStoreAsync();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await DisposeCurrentStoreAsync();
    }
#else
    /// <inheritdoc/>
    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    /// <inheritdoc/>
    public async Task DisposeAsync() => await DisposeCurrentStoreAsync();
#endif

    private async ValueTask DisposeCurrentStoreAsync()
    {
        if (_store is { } store)
        {
            _store = null;
            await DisposeStoreAsync(store);
        }
    }

    /// <summary>
    /// Ends a test whose optional hook the store does not implement: xunit v3 reports it skipped with the reason; xunit
    /// v2 has no dynamic skip, so there the test returns and passes (inconclusive).
    /// </summary>
    /// <param name="reason">Why the test cannot check the store.</param>
    private static void Inconclusive(string reason)
    {
#if XUNIT_V3
        Assert.Skip($"Inconclusive: {reason}.");
#else
        _ = reason;
#endif
    }

    /// <summary>Gets the token the kit passes when it does not test cancellation.</summary>
    protected static CancellationToken None => CancellationToken.None;

    /// <summary>Replaces <see cref="Store"/> with a reopened instance over the same data (<see cref="TryReopenAsync"/>).</summary>
    /// <returns><see langword="true"/> when the store was reopened; <see langword="false"/> when it is not durable.</returns>
    protected async Task<bool> ReopenAsync()
    {
        var reopened = await TryReopenAsync(Store);
        if (reopened is null)
        {
            return false;
        }

        _store = reopened;
        return true;
    }

    /// <summary>Appends one request with the given appends and outbox messages.</summary>
    /// <param name="appends">The appends.</param>
    /// <param name="outbox">The outbox messages.</param>
    /// <returns>The result.</returns>
    protected ValueTask<AppendResult> AppendAsync(IReadOnlyList<IncidentAppend> appends, params IReadOnlyList<OutboxMessage> outbox)
        => Store.AppendAsync(new AppendRequest(appends, outbox), None);

    /// <summary>Appends an incident's pending events (after its last stored event) and asserts that they were written.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="idempotencyKey">The intake's key, for a new incident.</param>
    /// <returns>The written events.</returns>
    protected async Task<IReadOnlyList<StoredEvent>> SaveAsync(Incident incident, string? idempotencyKey = null)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var stored = await Store.LoadAsync(incident.Id, None);
        var append = Scenario.Append(incident, stored.Count == 0 ? null : stored[^1], idempotencyKey);
        Assert.Equal(AppendResult.Appended, await Store.AppendAsync(AppendRequest.For(append), None));
        return append.Events;
    }

    /// <summary>Reports an incident and stores it.</summary>
    /// <param name="idempotencyKey">The intake's key.</param>
    /// <returns>The incident, as stored.</returns>
    protected async Task<Incident> ReportAndSaveAsync(string? idempotencyKey = null)
    {
        var incident = Scenario.Report();
        await SaveAsync(incident, idempotencyKey);
        return incident;
    }

    /// <summary>Creates an outbox message for <paramref name="incident"/>.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="text">Text that makes the message recognisable.</param>
    /// <returns>The message.</returns>
    protected OutboxMessage Message(IncidentId incident, string text)
        => new(Guid.NewGuid(), incident, "notification", $"dedup:{incident}:{text}", System.Text.Encoding.UTF8.GetBytes($"{{\"text\":\"{text}\"}}"), Scenario.Now);

    /// <summary>Captures everything observable about the given incidents, keys and the outbox, to show that nothing was written.</summary>
    /// <param name="incidents">The incidents to load.</param>
    /// <param name="keys">The idempotency keys to look up.</param>
    /// <returns>A description; equal descriptions mean nothing observable changed.</returns>
    protected async Task<string> DescribeStoreAsync(IEnumerable<IncidentId> incidents, IEnumerable<string>? keys = null)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        var text = new System.Text.StringBuilder();
        foreach (var id in incidents)
        {
            var events = await Store.LoadAsync(id, None);
            text.Append("incident ").Append(id).Append(": ").Append(events.Count).AppendLine(" event(s)");
            foreach (var e in events)
            {
                text.Append("  ").Append(e.Version).Append(' ').Append(e.EventType).Append(' ').Append(Convert.ToHexString(e.Hash.Span)).AppendLine();
            }
        }

        foreach (var key in keys ?? [])
        {
            text.Append("key ").Append(key).Append(" -> ").Append(await Store.FindByIdempotencyKeyAsync(key, None)).AppendLine();
        }

        var page = await Store.QueryAsync(new IncidentQuery { Take = IncidentQuery.MaxPageSize }, None);
        text.Append("summaries: ").Append(page.TotalCount).AppendLine();
        foreach (var summary in page.Items)
        {
            text.Append("  ").Append(summary).AppendLine();
        }

        foreach (var message in await Store.ReadOutboxAsync(IncidentQuery.MaxPageSize, None))
        {
            text.Append("outbox ").Append(message.Id).Append(' ').Append(message.DeduplicationKey).AppendLine();
        }

        return text.ToString();
    }
}
