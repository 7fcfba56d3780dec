using PetitionOpinion.Storage.Conformance;
using PetitionOpinion.Storage.PostgreSql.Tests.Support;

namespace PetitionOpinion.Storage.PostgreSql.Tests.Storage;

/// <summary>
/// The monitor checkpoint kit against <see cref="PostgreSqlIncidentStore"/>: a fresh schema per test; the second instance is
/// a store with a connection pool of its own, as another application instance would have.
/// </summary>
public sealed class PostgreSqlMonitorCheckpointConformanceTests : MonitorCheckpointConformanceTests
{
    private TestSchema? _schema;

    /// <inheritdoc/>
    protected override async ValueTask<IIncidentStore> CreateStoreAsync()
    {
        _schema = await TestSchema.CreateAsync();
        return _schema.OpenStore(Scenario.Time);
    }

    /// <inheritdoc/>
    protected override ValueTask<IIncidentStore> CreateSecondInstanceAsync(IIncidentStore store)
    {
        var options = _schema!.Options();
        options.ConnectionString = PostgreSqlServer.ConnectionString!;
        return ValueTask.FromResult<IIncidentStore>(new PostgreSqlIncidentStore(options, Scenario.Time));
    }

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_schema is { } schema)
        {
            await schema.DisposeAsync();
        }
    }
}
