using PetitionOpinion.Storage.Conformance;
using PetitionOpinion.Storage.Sqlite.Tests.Support;

namespace PetitionOpinion.Storage.Sqlite.Tests.Storage;

/// <summary>The conformance kit against <see cref="SqliteIncidentStore"/>: a fresh database file per test, every optional hook implemented.</summary>
public sealed class SqliteIncidentStoreConformanceTests : IncidentStoreConformanceTests, IDisposable
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
    public void Dispose() => _database.Dispose();
}
