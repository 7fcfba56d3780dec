using PetitionOpinion.Storage;
using PetitionOpinion.Storage.Conformance;

namespace PetitionOpinion.Tests.Storage;

/// <summary>The in-memory store passes the conformance kit, with every optional hook but reopening (it is not durable).</summary>
public sealed class InMemoryIncidentStoreConformanceTests : IncidentStoreConformanceTests
{
    protected override ValueTask<IIncidentStore> CreateStoreAsync() => ValueTask.FromResult<IIncidentStore>(new InMemoryIncidentStore(Scenario.Time));

    protected override ValueTask<bool> TryInjectFailureAfterEventsAsync(IIncidentStore store, int eventsWritten)
    {
        var memory = (InMemoryIncidentStore)store;
        var staged = 0;
        memory.OnStaged = _ =>
        {
            if (++staged == eventsWritten)
            {
                memory.OnStaged = null; // one shot
                throw new InvalidOperationException($"Injected failure after {eventsWritten} staged event(s).");
            }
        };
        return ValueTask.FromResult(true);
    }

    protected override async ValueTask<bool> TryTamperAsync(IIncidentStore store, IncidentId id, int version)
    {
        var memory = (InMemoryIncidentStore)store;
        var stored = (await memory.LoadAsync(id, CancellationToken.None))[version - 1];
        var payload = stored.Payload.ToArray();
        payload[payload.Length / 2] ^= 0x01;
        memory.ReplaceStoredEventForTesting(id, version, stored with { Payload = payload });
        return true;
    }

    protected override async ValueTask<bool> TryTamperAsync(IIncidentStore store, StoreTampering tampering)
    {
        var memory = (InMemoryIncidentStore)store;
        switch (tampering)
        {
            case ReplaceEvents replace:
                foreach (var e in replace.Events)
                {
                    memory.ReplaceStoredEventForTesting(e.IncidentId, e.Version, e);
                }

                return true;
            case DeleteEvents delete:
                memory.TruncateForTesting(delete.Incident, delete.FromVersion);
                return true;
            case SetSummaryLevel level:
                var page = await memory.QueryAsync(new IncidentQuery { Take = IncidentQuery.MaxPageSize }, CancellationToken.None);
                memory.ReplaceSummaryForTesting(level.Incident, page.Items.Single(s => s.Id == level.Incident) with { Level = level.Level });
                return true;
            case DeleteIncident incident:
                memory.DeleteIncidentForTesting(incident.Incident);
                return true;
            case InsertIncident insert:
                memory.InsertIncidentForTesting(insert.Events, insert.Summary);
                return true;
            case ReplaceLedger replace:
                foreach (var entry in replace.Entries)
                {
                    memory.ReplaceLedgerForTesting(entry.Sequence, entry);
                }

                return true;
            case DeleteLedger ledger:
                memory.ReplaceLedgerForTesting(ledger.FromSequence, null);
                return true;
            default:
                return false;
        }
    }
}
