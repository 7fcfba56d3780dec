using System.Buffers.Binary;

namespace PetitionOpinion.Storage;

/// <summary>Where an incident's history ended after an append: its last event's version and hash.</summary>
/// <param name="Incident">The incident.</param>
/// <param name="Version">The version of its last event.</param>
/// <param name="Hash">The hash of its last event.</param>
public sealed record IncidentHead(IncidentId Incident, int Version, ReadOnlyMemory<byte> Hash)
{
    /// <summary>Compares every field, the hash by content.</summary>
    /// <param name="other">The other head.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(IncidentHead? other)
        => other is not null && Incident == other.Incident && Version == other.Version && Hash.Span.SequenceEqual(other.Hash.Span);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Incident, Version);
}

/// <summary>
/// One entry of a store's ledger: the store-wide chain with one entry per append, naming the heads of the incidents the
/// append changed. Entry 0 (the genesis) lists the incidents a store held when it started its ledger (empty for a new
/// store); its hash is derived from its heads (<see cref="AuditLedger.GenesisHash"/>) and stored empty.
/// </summary>
/// <param name="Sequence">The entry's position, from 0, without gaps.</param>
/// <param name="Heads">The heads of the incidents the append changed, ordered by incident id.</param>
/// <param name="KeyId">The id of the <see cref="AuditKey"/> that sealed it; <see langword="null"/> when unkeyed.</param>
/// <param name="Hash">The entry's hash (<see cref="AuditLedger.ComputeHash"/>); empty for the genesis.</param>
public sealed record LedgerEntry(long Sequence, IReadOnlyList<IncidentHead> Heads, string? KeyId, ReadOnlyMemory<byte> Hash)
{
    /// <summary>Compares every field, the heads in order and the hash by content.</summary>
    /// <param name="other">The other entry.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(LedgerEntry? other)
        => other is not null && Sequence == other.Sequence && KeyId == other.KeyId
        && Heads.SequenceEqual(other.Heads) && Hash.Span.SequenceEqual(other.Hash.Span);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Sequence, Heads.Count);
}

/// <summary>An incident's stored events, with the head recorded for it outside its events.</summary>
/// <param name="Events">The events, oldest first; empty when the incident is unknown.</param>
/// <param name="Anchor">
/// Where the incident's history ended at its last append, as the store recorded it beside the events: the head in the
/// latest ledger entry that names it, or (a store that keeps the heads in the incident's summary row to spare an index)
/// the head written with its summary; <see langword="null"/> when the store has none. A cheap cross-check on every load:
/// the ledger itself is what <c>VerifyStoreAsync</c> checks it against.
/// </param>
public sealed record IncidentHistory(IReadOnlyList<StoredEvent> Events, IncidentHead? Anchor)
{
    /// <summary>Gets the history of an incident the store does not know.</summary>
    public static IncidentHistory Empty { get; } = new([], null);
}

/// <summary>
/// The ledger's algorithm, shared by every store (which chains an entry per append inside the append's transaction) and
/// by the verification that recomputes it. An entry's hash covers the previous entry's hash, its sequence and its heads,
/// so that removing, inserting, reordering or changing an entry — or an incident's head — breaks every hash after it.
/// </summary>
public static class AuditLedger
{
    /// <summary>Computes an entry's hash.</summary>
    /// <param name="key">The key that seals it, or <see langword="null"/> for an unkeyed entry (SHA-256).</param>
    /// <param name="previousHash">The previous entry's hash (for entry 1, <see cref="GenesisHash"/> of entry 0).</param>
    /// <param name="sequence">The entry's sequence.</param>
    /// <param name="heads">Its heads, ordered by incident id.</param>
    /// <returns>The 32-byte hash.</returns>
    public static ReadOnlyMemory<byte> ComputeHash(AuditKey? key, ReadOnlySpan<byte> previousHash, long sequence, IReadOnlyList<IncidentHead> heads)
    {
        ArgumentNullException.ThrowIfNull(heads);

        // A domain separator, then every variable-length field length-prefixed: no two different entries hash the same
        // input. Written into one buffer and hashed in one call.
        var length = Separator.Length + 4 + previousHash.Length + 12;
        foreach (var head in heads)
        {
            ArgumentNullException.ThrowIfNull(head, nameof(heads));
            length += 24 + head.Hash.Length;
        }

        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var input = rented.AsSpan(0, length);
            Separator.CopyTo(input);
            var at = Separator.Length;
            BinaryPrimitives.WriteInt32BigEndian(input[at..], previousHash.Length);
            previousHash.CopyTo(input[(at + 4)..]);
            at += 4 + previousHash.Length;
            BinaryPrimitives.WriteInt64BigEndian(input[at..], sequence);
            BinaryPrimitives.WriteInt32BigEndian(input[(at + 8)..], heads.Count);
            at += 12;
            foreach (var head in heads)
            {
                head.Incident.Value.TryWriteBytes(input.Slice(at, 16), bigEndian: true, out _);
                BinaryPrimitives.WriteInt32BigEndian(input[(at + 16)..], head.Version);
                BinaryPrimitives.WriteInt32BigEndian(input[(at + 20)..], head.Hash.Length);
                head.Hash.Span.CopyTo(input[(at + 24)..]);
                at += 24 + head.Hash.Length;
            }

            return AuditKey.Hash(key, input);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static ReadOnlySpan<byte> Separator => "petition-opinion/ledger/v1"u8;

    /// <summary>Computes the genesis entry's hash: unkeyed, from its heads.</summary>
    /// <param name="heads">The genesis heads, ordered by incident id.</param>
    /// <returns>The 32-byte hash.</returns>
    public static ReadOnlyMemory<byte> GenesisHash(IReadOnlyList<IncidentHead> heads) => ComputeHash(null, [], 0, heads);

    /// <summary>Encodes heads as one blob (a store may keep an entry's heads so): per head its incident id (16 bytes, big-endian), version (4 bytes, big-endian), hash length (1 byte) and hash.</summary>
    /// <param name="heads">The heads.</param>
    /// <returns>The blob.</returns>
    public static ReadOnlyMemory<byte> EncodeHeads(IReadOnlyList<IncidentHead> heads)
    {
        ArgumentNullException.ThrowIfNull(heads);
        var length = 0;
        foreach (var head in heads)
        {
            length += 21 + head.Hash.Length;
        }

        var blob = new byte[length];
        var at = 0;
        foreach (var head in heads)
        {
            if (head.Hash.Length > byte.MaxValue)
            {
                throw new ArgumentException("A head's hash is longer than 255 bytes.", nameof(heads));
            }

            head.Incident.Value.TryWriteBytes(blob.AsSpan(at, 16), bigEndian: true, out _);
            BinaryPrimitives.WriteInt32BigEndian(blob.AsSpan(at + 16), head.Version);
            blob[at + 20] = (byte)head.Hash.Length;
            head.Hash.Span.CopyTo(blob.AsSpan(at + 21));
            at += 21 + head.Hash.Length;
        }

        return blob;
    }

    /// <summary>Decodes heads written by <see cref="EncodeHeads"/>.</summary>
    /// <param name="blob">The blob.</param>
    /// <returns>The heads.</returns>
    /// <exception cref="InvalidDataException">The blob is not a list of heads (it was damaged).</exception>
    public static IReadOnlyList<IncidentHead> DecodeHeads(ReadOnlySpan<byte> blob)
    {
        var heads = new List<IncidentHead>();
        var at = 0;
        while (at < blob.Length)
        {
            if (blob.Length - at < 21 || blob.Length - at - 21 < blob[at + 20])
            {
                throw new InvalidDataException("A ledger entry's heads are malformed.");
            }

            var length = blob[at + 20];
            heads.Add(new IncidentHead(new IncidentId(new Guid(blob.Slice(at, 16), bigEndian: true)), BinaryPrimitives.ReadInt32BigEndian(blob[(at + 16)..]), blob.Slice(at + 21, length).ToArray()));
            at += 21 + length;
        }

        return heads;
    }

    /// <summary>Returns the heads an append leaves: each incident's last new event, ordered by incident id.</summary>
    /// <param name="request">The (validated) request.</param>
    /// <returns>The heads.</returns>
    public static IReadOnlyList<IncidentHead> HeadsOf(AppendRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var heads = new IncidentHead[request.Incidents.Count];
        for (var i = 0; i < heads.Length; i++)
        {
            var last = request.Incidents[i].Events[^1];
            heads[i] = new IncidentHead(last.IncidentId, last.Version, last.Hash);
        }

        if (heads.Length > 1)
        {
            Array.Sort(heads, static (a, b) => a.Incident.Value.CompareTo(b.Incident.Value));
        }

        return heads;
    }

    /// <summary>
    /// Builds the entry an append adds after <paramref name="previousSequence"/>: what a store calls inside the append's
    /// transaction, once it holds the ledger's tail.
    /// </summary>
    /// <param name="request">The (validated) request; its <see cref="AppendRequest.AuditKey"/> seals the entry.</param>
    /// <param name="previousSequence">The sequence of the ledger's last entry.</param>
    /// <param name="previousHash">That entry's hash (for the genesis, <see cref="GenesisHash"/>).</param>
    /// <returns>The new entry.</returns>
    public static LedgerEntry Next(AppendRequest request, long previousSequence, ReadOnlySpan<byte> previousHash)
    {
        var heads = HeadsOf(request);
        var sequence = previousSequence + 1;
        return new LedgerEntry(sequence, heads, request.AuditKey?.Id, ComputeHash(request.AuditKey, previousHash, sequence, heads));
    }
}
