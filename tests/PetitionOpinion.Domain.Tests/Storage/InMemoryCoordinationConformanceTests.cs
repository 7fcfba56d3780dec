using PetitionOpinion.Storage;
using PetitionOpinion.Storage.Conformance;

namespace PetitionOpinion.Tests.Storage;

/// <summary>The coordination kit (shared outbox, leases) against <see cref="InMemoryIncidentStore"/>: one store shared by the "instances" of one process.</summary>
public sealed class InMemoryCoordinationConformanceTests : CoordinationConformanceTests
{
    /// <inheritdoc/>
    protected override ValueTask<IIncidentStore> CreateStoreAsync() => ValueTask.FromResult<IIncidentStore>(new InMemoryIncidentStore());
}
