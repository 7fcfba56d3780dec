namespace PetitionOpinion.Storage.Conformance.XunitV3.Tests;

/// <summary>The xunit v3 coordination kit (shared outbox, leases) against <see cref="InMemoryIncidentStore"/>: one store shared by the "instances" of one process.</summary>
public sealed class InMemoryCoordinationConformanceTests : CoordinationConformanceTests
{
    /// <inheritdoc/>
    protected override ValueTask<IIncidentStore> CreateStoreAsync() => ValueTask.FromResult<IIncidentStore>(new InMemoryIncidentStore());
}
