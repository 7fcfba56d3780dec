using PetitionOpinion.Storage.Conformance;
using PetitionOpinion.Storage.PostgreSql.Tests.Support;

namespace PetitionOpinion.Storage.PostgreSql.Tests.Storage;

/// <summary>The conformance kit against <see cref="PostgreSqlIncidentStore"/> with prepared statements (the default).</summary>
public sealed class PostgreSqlIncidentStoreConformanceTests() : PostgreSqlConformanceTests(prepareStatements: true);

/// <summary>The conformance kit against <see cref="PostgreSqlIncidentStore"/> without prepared statements (behind a pooler that does not support them).</summary>
public sealed class PostgreSqlIncidentStoreUnpreparedConformanceTests() : PostgreSqlConformanceTests(prepareStatements: false);

/// <summary>The conformance kit against <see cref="PostgreSqlIncidentStore"/>: a fresh schema per test, every optional hook implemented.</summary>
/// <param name="prepareStatements">Whether the store prepares its statements.</param>
public abstract class PostgreSqlConformanceTests(bool prepareStatements) : IncidentStoreConformanceTests
{
    private TestSchema? _schema;

    private TestSchema Schema => _schema ?? throw new InvalidOperationException("The schema is created with the store.");

    /// <inheritdoc/>
    protected override async ValueTask<IIncidentStore> CreateStoreAsync()
    {
        _schema = await TestSchema.CreateAsync();
        return _schema.OpenStore(Scenario.Time, prepareStatements: prepareStatements);
    }

    /// <inheritdoc/>
    protected override ValueTask<bool> TryInjectFailureAfterEventsAsync(IIncidentStore store, int eventsWritten)
    {
        // The server fails the append's transaction right after the event's insert: the inserts before it ran, in it.
        var postgres = (PostgreSqlIncidentStore)store;
        var written = 0;
        postgres.OnStaged = _ =>
        {
            if (++written < eventsWritten)
            {
                return null;
            }

            postgres.OnStaged = null;
            return $"DO $$ BEGIN RAISE EXCEPTION 'Injected failure after {eventsWritten} event(s)'; END $$";
        };
        return ValueTask.FromResult(true);
    }

    /// <inheritdoc/>
    protected override async ValueTask<bool> TryTamperAsync(IIncidentStore store, IncidentId id, int version)
    {
        await Schema.TamperAsync(id, version);
        return true;
    }

    /// <inheritdoc/>
    protected override async ValueTask<bool> TryTamperAsync(IIncidentStore store, StoreTampering tampering)
    {
        await Schema.TamperAsync(tampering);
        return true;
    }

    /// <inheritdoc/>
    protected override async ValueTask<IIncidentStore?> TryReopenAsync(IIncidentStore store)
    {
        await ((PostgreSqlIncidentStore)store).DisposeAsync();
        return Schema.OpenStore(Scenario.Time, prepareStatements: prepareStatements);
    }

    /// <inheritdoc/>
    protected override async ValueTask DisposeStoreAsync(IIncidentStore store)
    {
        await base.DisposeStoreAsync(store);
        if (_schema is { } schema)
        {
            await schema.DisposeAsync();
        }
    }
}
