namespace PetitionOpinion.Storage.Conformance;

/// <summary>
/// The conformance kit of <see cref="IMonitorCheckpointStore"/>, the opinion monitor's per-topic checkpoints: derive from
/// this class, implement <see cref="CreateStoreAsync"/> (a store implementing it) and, for stores reached over a network,
/// <see cref="CreateSecondInstanceAsync"/>; every <c>[Fact]</c> here then runs against that store.
/// </summary>
/// <remarks>
/// Each test gets a fresh, empty store; stores are disposed after the test when they are <see cref="IAsyncDisposable"/>
/// or <see cref="IDisposable"/>. Times in the tests are the scenario's fake clock, never the machine's.
/// </remarks>
public abstract class MonitorCheckpointConformanceTests : IAsyncLifetime
{
    private readonly List<IIncidentStore> _stores = [];

    /// <summary>Gets the test world (its fake clock dates the checkpoints).</summary>
    protected ConformanceScenario Scenario { get; } = new();

    /// <summary>Gets the store under test as a checkpoint store: fresh and empty for each test.</summary>
    protected IMonitorCheckpointStore Checkpoints => _stores.Count > 0
        ? (IMonitorCheckpointStore)_stores[0]
        : throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>Gets the token the kit passes when it does not test cancellation.</summary>
    protected static CancellationToken None => CancellationToken.None;

    /// <summary>Creates a fresh, empty store that implements <see cref="IMonitorCheckpointStore"/>; called once per test.</summary>
    /// <returns>The store.</returns>
    protected abstract ValueTask<IIncidentStore> CreateStoreAsync();

    /// <summary>
    /// Creates another instance of the store over the same data, as a second application instance would open it. The
    /// default returns <paramref name="store"/> itself (stores that live in one process).
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

    /// <summary>Checks the store under test implements the contract.</summary>
    [Fact]
    public void Store_ImplementsTheContract() => Assert.IsAssignableFrom<IMonitorCheckpointStore>(_stores[0]);

    /// <summary>Checks <c>LoadMonitorCheckpointAsync</c> — a key never saved: <see langword="null"/>.</summary>
    [Fact]
    public async Task LoadMonitorCheckpointAsync_NeverSaved_ReturnsNull()
        => Assert.Null(await Checkpoints.LoadMonitorCheckpointAsync("opinion-monitor:refund-delays", None));

    /// <summary>Checks the round trip: versions 1, 2, 3 saved in turn; each load returns the latest, byte for byte, with its time and offset.</summary>
    [Fact]
    public async Task SaveMonitorCheckpointAsync_SuccessiveVersions_LoadReturnsTheLatestExactly()
    {
        for (var version = 1; version <= 3; version++)
        {
            var checkpoint = Checkpoint("topic", version, Enumerable.Range(0, 256 * version).Select(i => (byte)(i * 7)).ToArray(), Scenario.Now.ToOffset(TimeSpan.FromHours(8)));
            Assert.True(await Checkpoints.SaveMonitorCheckpointAsync(checkpoint, None));

            var loaded = await Checkpoints.LoadMonitorCheckpointAsync("topic", None);
            Assert.True(checkpoint.SameAs(loaded), $"version {version} did not load as saved");
            Assert.Equal(checkpoint.SavedAt.Offset, loaded!.SavedAt.Offset);
            Scenario.Time.Advance(TimeSpan.FromMinutes(1));
        }
    }

    /// <summary>Checks the versions: a save of any version but the stored one's successor (again the same, a skipped one, an older one, a first save that is not 1) fails and changes nothing.</summary>
    [Fact]
    public async Task SaveMonitorCheckpointAsync_NotTheNextVersion_FailsAndChangesNothing()
    {
        Assert.False(await Checkpoints.SaveMonitorCheckpointAsync(Checkpoint("topic", 2, [1]), None));
        Assert.Null(await Checkpoints.LoadMonitorCheckpointAsync("topic", None));

        var first = Checkpoint("topic", 1, [1, 2, 3]);
        Assert.True(await Checkpoints.SaveMonitorCheckpointAsync(first, None));
        Assert.False(await Checkpoints.SaveMonitorCheckpointAsync(Checkpoint("topic", 1, [9]), None));
        Assert.False(await Checkpoints.SaveMonitorCheckpointAsync(Checkpoint("topic", 3, [9]), None));
        Assert.True(first.SameAs(await Checkpoints.LoadMonitorCheckpointAsync("topic", None)));

        Assert.True(await Checkpoints.SaveMonitorCheckpointAsync(Checkpoint("topic", 2, [4]), None));
        Assert.False(await Checkpoints.SaveMonitorCheckpointAsync(Checkpoint("topic", 2, [5]), None));
        Assert.False(await Checkpoints.SaveMonitorCheckpointAsync(Checkpoint("topic", 1, [6]), None));
        Assert.Equal(new byte[] { 4 }, (await Checkpoints.LoadMonitorCheckpointAsync("topic", None))!.State.ToArray());
    }

    /// <summary>Checks keys are compared ordinally and exactly: keys differing by case, by width or by a trailing space are different records.</summary>
    [Fact]
    public async Task Keys_AreOrdinal()
    {
        string[] keys = ["topic", "Topic", "ｔopic", "topic ", "话题"];
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.True(await Checkpoints.SaveMonitorCheckpointAsync(Checkpoint(keys[i], 1, [(byte)i]), None));
        }

        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(new[] { (byte)i }, (await Checkpoints.LoadMonitorCheckpointAsync(keys[i], None))!.State.ToArray());
        }
    }

    /// <summary>Checks the bytes are the store's own: a caller that reuses its buffer after a save or changes what a load returned does not change what is stored.</summary>
    [Fact]
    public async Task State_IsCopied()
    {
        var buffer = new byte[] { 1, 2, 3 };
        Assert.True(await Checkpoints.SaveMonitorCheckpointAsync(Checkpoint("topic", 1, buffer), None));
        buffer[0] = 99;

        var loaded = await Checkpoints.LoadMonitorCheckpointAsync("topic", None);
        Assert.Equal(new byte[] { 1, 2, 3 }, loaded!.State.ToArray());
        if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(loaded.State, out var segment))
        {
            segment.Array![segment.Offset] = 42;
        }

        Assert.Equal(new byte[] { 1, 2, 3 }, (await Checkpoints.LoadMonitorCheckpointAsync("topic", None))!.State.ToArray());
    }

    /// <summary>Checks the largest state (<see cref="MonitorCheckpoint.MaxStateBytes"/>) round-trips.</summary>
    [Fact]
    public async Task State_OfTheLargestSize_RoundTrips()
    {
        var state = new byte[MonitorCheckpoint.MaxStateBytes];
        new Random(7).NextBytes(state);
        Assert.True(await Checkpoints.SaveMonitorCheckpointAsync(Checkpoint("topic", 1, state), None));
        Assert.Equal(state, (await Checkpoints.LoadMonitorCheckpointAsync("topic", None))!.State.ToArray());
    }

    /// <summary>Checks many savers of the same version at once, on two instances of the store: exactly one succeeds, and the stored record is the winner's.</summary>
    [Fact]
    public async Task SaveMonitorCheckpointAsync_ConcurrentSavers_ExactlyOneWins()
    {
        var second = await CreateSecondInstanceAsync(_stores[0]);
        _stores.Add(second);
        for (var version = 1; version <= 3; version++)
        {
            var candidates = Enumerable.Range(0, 8).Select(h => Checkpoint("topic", version, [(byte)h, (byte)version])).ToArray();
            var saved = await Task.WhenAll(candidates.Select((c, h) => Task.Run(async () =>
                await ((IMonitorCheckpointStore)(h % 2 == 0 ? _stores[0] : second)).SaveMonitorCheckpointAsync(c, None))));
            var winner = Assert.Single(Enumerable.Range(0, 8), h => saved[h]);
            Assert.True(candidates[winner].SameAs(await ((IMonitorCheckpointStore)second).LoadMonitorCheckpointAsync("topic", None)));
        }
    }

    /// <summary>Checks malformed arguments throw <see cref="ArgumentException"/> and a cancelled token <see cref="OperationCanceledException"/>, with nothing saved.</summary>
    [Fact]
    public async Task Methods_BadArguments_Throw()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Checkpoints.LoadMonitorCheckpointAsync("", None));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Checkpoints.LoadMonitorCheckpointAsync(new string('k', MonitorCheckpoint.MaxKeyLength + 1), None));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Checkpoints.SaveMonitorCheckpointAsync(null!, None));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Checkpoints.SaveMonitorCheckpointAsync(Checkpoint(" ", 1, [1]), None));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Checkpoints.SaveMonitorCheckpointAsync(Checkpoint("topic", 0, [1]), None));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Checkpoints.SaveMonitorCheckpointAsync(Checkpoint("topic", 1, []), None));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Checkpoints.SaveMonitorCheckpointAsync(Checkpoint("topic", 1, new byte[MonitorCheckpoint.MaxStateBytes + 1]), None));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Checkpoints.SaveMonitorCheckpointAsync(Checkpoint("topic", 1, [1]), new CancellationToken(canceled: true)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Checkpoints.LoadMonitorCheckpointAsync("topic", new CancellationToken(canceled: true)));
        Assert.Null(await Checkpoints.LoadMonitorCheckpointAsync("topic", None));
    }

    /// <summary>A checkpoint saved now (or at <paramref name="at"/>).</summary>
    /// <param name="key">The key.</param>
    /// <param name="version">The version.</param>
    /// <param name="state">The bytes.</param>
    /// <param name="at">When, if not now.</param>
    /// <returns>The checkpoint.</returns>
    protected MonitorCheckpoint Checkpoint(string key, long version, byte[] state, DateTimeOffset? at = null)
        => new(key, version, at ?? Scenario.Now, state);
}
