using PetitionOpinion.Storage;
using PetitionOpinion.Storage.Conformance;

namespace PetitionOpinion.Tests.Storage;

/// <summary>The monitor takeover kit against <see cref="InMemoryIncidentStore"/>: instances of one process share one store, its leases and its checkpoints.</summary>
public sealed class InMemoryMonitorTakeoverConformanceTests : MonitorTakeoverConformanceTests
{
    /// <inheritdoc/>
    protected override ValueTask<IIncidentStore> CreateStoreAsync() => ValueTask.FromResult<IIncidentStore>(new InMemoryIncidentStore());
}
