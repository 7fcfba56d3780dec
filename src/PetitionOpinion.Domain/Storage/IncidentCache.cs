using PetitionOpinion.Incidents;

namespace PetitionOpinion.Storage;

/// <summary>
/// The incidents an <see cref="IncidentRepository"/> keeps between commands, each with the stored event it ends at, held
/// to a budget of events (least recently used out first); an incident with fewer events than a minimum is not kept. An entry is taken out while a command decides on it, so two
/// commands never share one; what a caller receives is never an entry (entries are copies).
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class IncidentCache(int budget, int minimum = 1)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<IncidentId, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private long _events;

    /// <summary>Gets the number of incidents kept.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Gets the number of events the kept incidents hold together.</summary>
    public long Events
    {
        get
        {
            lock (_gate)
            {
                return _events;
            }
        }
    }

    /// <summary>Takes an incident out, if kept.</summary>
    /// <param name="id">The incident.</param>
    /// <param name="incident">The incident, with no pending events.</param>
    /// <param name="last">The stored event it ends at.</param>
    /// <returns><see langword="true"/> when it was kept.</returns>
    public bool TryTake(IncidentId id, out Incident incident, out StoredEvent last)
    {
        lock (_gate)
        {
            if (_entries.Remove(id, out var node))
            {
                _recency.Remove(node);
                _events -= node.Value.Incident.Version;
                (incident, last) = (node.Value.Incident, node.Value.Last);
                return true;
            }
        }

        (incident, last) = (null!, null!);
        return false;
    }

    /// <summary>Keeps a copy of an incident as stored (ending at <paramref name="last"/>), replacing what was kept of it.</summary>
    /// <param name="incident">The incident, with no pending events.</param>
    /// <param name="last">The stored event it ends at (its version is the incident's).</param>
    public void Keep(Incident incident, StoredEvent last)
    {
        if (incident.Version > budget || incident.Version < minimum || incident.PendingEvents.Count > 0 || last.Version != incident.Version)
        {
            Forget(incident.Id);
            return;
        }

        var entry = new Entry(incident.Copy(), last);
        lock (_gate)
        {
            if (_entries.TryGetValue(entry.Incident.Id, out var kept) && kept.Value.Last.Version > last.Version)
            {
                // A command that loaded the incident before another one stored newer events: the newer copy stays.
                return;
            }

            if (_entries.Remove(entry.Incident.Id, out var old))
            {
                _recency.Remove(old);
                _events -= old.Value.Incident.Version;
            }

            _entries.Add(entry.Incident.Id, _recency.AddFirst(entry));
            _events += entry.Incident.Version;
            while (_events > budget)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Incident.Id);
                _events -= oldest.Value.Incident.Version;
            }
        }
    }

    /// <summary>Forgets an incident, if kept.</summary>
    /// <param name="id">The incident.</param>
    public void Forget(IncidentId id) => TryTake(id, out _, out _);

    private sealed record Entry(Incident Incident, StoredEvent Last);
}
