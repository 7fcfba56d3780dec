using System.Collections.Frozen;
using Ardalis.GuardClauses;

namespace PetitionOpinion.Storage;

/// <summary>
/// The audit keys in force: the <see cref="Current"/> one seals new events and ledger entries; every one verifies what it
/// sealed, so that keys can rotate (add a new key, make it current, keep the old ones for as long as their events are kept).
/// Built from <see cref="IncidentStorageOptions.AuditKeys"/> and <see cref="IncidentStorageOptions.AuditKeyId"/>.
/// </summary>
public sealed class AuditKeyRing
{
    private readonly FrozenDictionary<string, AuditKey> _keys;

    /// <summary>Initializes a new instance of the <see cref="AuditKeyRing"/> class.</summary>
    /// <param name="keys">The keys; ids must be distinct.</param>
    /// <param name="currentId">The id of the key that seals new records; <see langword="null"/> for none (then nothing new is keyed).</param>
    /// <exception cref="ArgumentException">Two keys share an id, or <paramref name="currentId"/> names none of them.</exception>
    public AuditKeyRing(IEnumerable<AuditKey> keys, string? currentId)
    {
        Guard.Against.Null(keys);
        var byId = new Dictionary<string, AuditKey>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            Guard.Against.Null(key, nameof(keys));
            if (!byId.TryAdd(key.Id, key))
            {
                throw new ArgumentException($"The audit key id '{key.Id}' is given twice.", nameof(keys));
            }
        }

        _keys = byId.ToFrozenDictionary(StringComparer.Ordinal);
        if (currentId is not null)
        {
            Current = _keys.GetValueOrDefault(currentId) ?? throw new ArgumentException($"The current audit key '{currentId}' is not among the keys.", nameof(currentId));
        }
    }

    /// <summary>Gets a ring without keys: the audit trail is unkeyed.</summary>
    public static AuditKeyRing None { get; } = new([], null);

    /// <summary>Gets the key that seals new events and ledger entries; <see langword="null"/> when the audit trail is not keyed.</summary>
    public AuditKey? Current { get; }

    /// <summary>Gets a value indicating whether new records are keyed.</summary>
    public bool IsKeyed => Current is not null;

    /// <summary>Gets the ids of the keys.</summary>
    public IReadOnlyCollection<string> Ids => _keys.Keys;

    /// <summary>Finds a key by id.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The key, or <see langword="null"/> when the ring has none with that id.</returns>
    public AuditKey? Find(string id) => _keys.GetValueOrDefault(Guard.Against.Null(id));
}
