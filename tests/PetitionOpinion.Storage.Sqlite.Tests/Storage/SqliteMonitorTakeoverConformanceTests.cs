using PetitionOpinion.Storage.Conformance;
using PetitionOpinion.Storage.Sqlite.Tests.Support;

namespace PetitionOpinion.Storage.Sqlite.Tests.Storage;

/// <summary>
/// The monitor takeover kit against <see cref="SqliteIncidentStore"/>: a restarted instance opens the same file anew and
/// resumes from the checkpoints in it. (SQLite keeps no leases: the tests with several instances do not apply.)
/// </summary>
public sealed class SqliteMonitorTakeoverConformanceTests : MonitorTakeoverConformanceTests, IDisposable
{
    private readonly TempDatabase _database = new();

    /// <inheritdoc/>
    protected override ValueTask<IIncidentStore> CreateStoreAsync() => ValueTask.FromResult<IIncidentStore>(_database.OpenStore(Scenario.Time));

    /// <inheritdoc/>
    protected override ValueTask<IIncidentStore> CreateSecondInstanceAsync(IIncidentStore store) => ValueTask.FromResult<IIncidentStore>(_database.OpenStore(Scenario.Time));

    /// <inheritdoc/>
    public void Dispose() => _database.Dispose();
}
