using PetitionOpinion.Storage.Conformance;
using PetitionOpinion.Storage.Sqlite.Tests.Support;

namespace PetitionOpinion.Storage.Sqlite.Tests.Storage;

/// <summary>The monitor checkpoint kit against <see cref="SqliteIncidentStore"/>: a fresh database file per test; the second instance is another store over the same file, as a restarted process opens it.</summary>
public sealed class SqliteMonitorCheckpointConformanceTests : MonitorCheckpointConformanceTests, IDisposable
{
    private readonly TempDatabase _database = new();

    /// <inheritdoc/>
    protected override ValueTask<IIncidentStore> CreateStoreAsync() => ValueTask.FromResult<IIncidentStore>(_database.OpenStore(Scenario.Time));

    /// <inheritdoc/>
    protected override ValueTask<IIncidentStore> CreateSecondInstanceAsync(IIncidentStore store) => ValueTask.FromResult<IIncidentStore>(_database.OpenStore(Scenario.Time));

    /// <inheritdoc/>
    public void Dispose() => _database.Dispose();
}
