using PetitionOpinion.Storage;
using PetitionOpinion.Storage.Conformance;

namespace PetitionOpinion.Tests.Storage;

/// <summary>The monitor checkpoint kit against <see cref="InMemoryIncidentStore"/>: one store shared by the "instances" of one process.</summary>
public sealed class InMemoryMonitorCheckpointConformanceTests : MonitorCheckpointConformanceTests
{
    /// <inheritdoc/>
    protected override ValueTask<IIncidentStore> CreateStoreAsync() => ValueTask.FromResult<IIncidentStore>(new InMemoryIncidentStore());
}
