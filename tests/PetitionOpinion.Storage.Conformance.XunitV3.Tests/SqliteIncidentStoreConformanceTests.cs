using PetitionOpinion.Storage.Sqlite.Tests.Support;

namespace PetitionOpinion.Storage.Conformance.XunitV3.Tests;

/// <summary>
/// The xunit v3 kit against <see cref="SqliteIncidentStore"/>: a fresh database file per test and every optional hook
/// implemented, so that every test of the kit runs to its end (none is skipped as inconclusive).
/// </summary>
public sealed class SqliteIncidentStoreConformanceTests : IncidentStoreConformanceTests
{
    private readonly TempDatabase _database = new();

    /// <inheritdoc/>
    protected override ValueTask<IIncidentStore> CreateStoreAsync() => ValueTask.FromResult<IIncidentStore>(_database.OpenStore(Scenario.Time));

    /// <inheritdoc/>
    protected override ValueTask<bool> TryInjectFailureAfterEventsAsync(IIncidentStore store, int eventsWritten)
    {
        var sqlite = (SqliteIncidentStore)store;
        var written = 0;
        sqlite.OnStaged = _ =>
        {
            if (++written == eventsWritten)
            {
                sqlite.OnStaged = null;
                throw new InvalidOperationException($"Injected failure after {eventsWritten} event(s).");
            }
        };
        return ValueTask.FromResult(true);
    }

    /// <inheritdoc/>
    protected override ValueTask<bool> TryTamperAsync(IIncidentStore store, IncidentId id, int version)
    {
        _database.Tamper(id, version);
        return ValueTask.FromResult(true);
    }

    /// <inheritdoc/>
    protected override bool LedgerEntriesRideOnEvents => true;

    /// <inheritdoc/>
    protected override ValueTask<bool> TryTamperAsync(IIncidentStore store, StoreTampering tampering)
    {
        _database.Tamper(tampering);
        return ValueTask.FromResult(true);
    }

    /// <inheritdoc/>
    protected override async ValueTask<IIncidentStore?> TryReopenAsync(IIncidentStore store)
    {
        await ((SqliteIncidentStore)store).DisposeAsync();
        return _database.OpenStore(Scenario.Time);
    }

    /// <inheritdoc/>
    protected override async ValueTask DisposeStoreAsync(IIncidentStore store)
    {
        // xunit v3 disposes a test class through IAsyncLifetime (the kit's DisposeAsync), which ends here: the file goes with the store.
        await base.DisposeStoreAsync(store);
        _database.Dispose();
    }
}
