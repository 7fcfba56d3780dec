namespace PetitionOpinion.Storage.Conformance.XunitV3.Tests;

/// <summary>The xunit v3 monitor checkpoint kit against <see cref="InMemoryIncidentStore"/>.</summary>
public sealed class InMemoryMonitorCheckpointConformanceTests : MonitorCheckpointConformanceTests
{
    /// <inheritdoc/>
    protected override ValueTask<IIncidentStore> CreateStoreAsync() => ValueTask.FromResult<IIncidentStore>(new InMemoryIncidentStore());
}
