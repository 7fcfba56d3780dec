using System.Buffers.Binary;
using System.Text;
using Ardalis.GuardClauses;

namespace PetitionOpinion.Storage;

/// <summary>What is wrong with an incident's stored events, as <see cref="EventHashChain.Verify(IReadOnlyList{StoredEvent}, AuditKeyRing?, IncidentHead?)"/> finds it.</summary>
public enum HashChainProblem
{
    /// <summary>Nothing: the chain is intact.</summary>
    None = 0,

    /// <summary>An event's hash does not match its content and the previous hash: it or one before it was altered.</summary>
    Altered = 1,

    /// <summary>A version is missing or out of order, or an event belongs to another incident.</summary>
    OutOfOrder = 2,

    /// <summary>Events the ledger recorded are missing: the history was cut short (or the incident deleted).</summary>
    Truncated = 3,

    /// <summary>Events after the head the ledger recorded are stored: they were not written by an append.</summary>
    Extended = 4,

    /// <summary>The last event is not the one the ledger recorded: the history was rewritten.</summary>
    Rewritten = 5,

    /// <summary>The incident has events but the ledger names it nowhere: it was not written by an append.</summary>
    NotAnchored = 6,

    /// <summary>An event was sealed with an audit key that is not configured: it cannot be checked.</summary>
    UnknownKey = 7,

    /// <summary>An event is unkeyed although an earlier one of its incident was keyed: someone recomputed it without the key.</summary>
    Downgraded = 8,

    /// <summary>A stored event's row cannot be read at all (a column holds a value no event can have).</summary>
    Unreadable = 9,
}

/// <summary>The result of checking an incident's stored events.</summary>
/// <param name="IsIntact">Whether every event's hash and version are as they were written (and, when the ledger's head was given, the history ends where the ledger says).</param>
/// <param name="FirstBrokenVersion">The version of the first event that does not check out, if any (for a truncation, the first missing version).</param>
/// <param name="Problem">What is wrong with it, if anything.</param>
public sealed record HashChainReport(bool IsIntact, int? FirstBrokenVersion, string? Problem)
{
    /// <summary>Gets the report of an intact chain.</summary>
    public static HashChainReport Intact { get; } = new(true, null, null);

    /// <summary>Gets the kind of problem; <see cref="HashChainProblem.None"/> when intact.</summary>
    public HashChainProblem Kind { get; init; }

    /// <summary>Gets how many of the events are hashed without a key (written before an audit key was configured): intact, but someone with the database could have recomputed them. 0 when intact and fully keyed.</summary>
    public int UnkeyedEvents { get; init; }

    /// <summary>Gets the last version the ledger recorded for the incident, when it was checked and differs from what is stored.</summary>
    public int? ExpectedVersion { get; init; }

    internal static HashChainReport Broken(HashChainProblem kind, int version, string problem, int? expected = null)
        => new(false, version, problem) { Kind = kind, ExpectedVersion = expected };
}

/// <summary>
/// Tamper evidence: each stored event's hash covers its metadata, its payload and the previous event's hash — an
/// HMAC-SHA256 under an <see cref="AuditKey"/> when one is configured, a plain SHA-256 otherwise — so that altering,
/// removing or reordering any stored event breaks every hash after it, and, keyed, cannot be recomputed without the key.
/// The store's ledger anchors each incident's last event outside its own chain (see <see cref="IIncidentStore"/>).
/// </summary>
public static class EventHashChain
{
    /// <summary>The length of a hash: 32 bytes.</summary>
    public const int HashLength = 32;

    /// <summary>Computes the unkeyed hash of one event.</summary>
    /// <param name="previousHash">The previous event's hash; empty for the first event.</param>
    /// <param name="incident">The incident.</param>
    /// <param name="version">The event's version.</param>
    /// <param name="eventType">The event's type name.</param>
    /// <param name="schemaVersion">The payload's schema version.</param>
    /// <param name="occurredAt">When it occurred.</param>
    /// <param name="actor">Who acted.</param>
    /// <param name="payload">The serialized event.</param>
    /// <returns>The 32-byte hash.</returns>
    public static ReadOnlyMemory<byte> Compute(ReadOnlySpan<byte> previousHash, IncidentId incident, int version, string eventType, int schemaVersion, DateTimeOffset occurredAt, PersonId actor, ReadOnlySpan<byte> payload)
        => Compute(null, previousHash, incident, version, eventType, schemaVersion, occurredAt, actor, payload);

    /// <summary>Computes the hash of one event: an HMAC-SHA256 under <paramref name="key"/>, or a SHA-256 without one.</summary>
    /// <param name="key">The audit key, or <see langword="null"/> for the unkeyed chain.</param>
    /// <param name="previousHash">The previous event's hash; empty for the first event.</param>
    /// <param name="incident">The incident.</param>
    /// <param name="version">The event's version.</param>
    /// <param name="eventType">The event's type name.</param>
    /// <param name="schemaVersion">The payload's schema version.</param>
    /// <param name="occurredAt">When it occurred.</param>
    /// <param name="actor">Who acted.</param>
    /// <param name="payload">The serialized event.</param>
    /// <returns>The 32-byte hash.</returns>
    public static ReadOnlyMemory<byte> Compute(AuditKey? key, ReadOnlySpan<byte> previousHash, IncidentId incident, int version, string eventType, int schemaVersion, DateTimeOffset occurredAt, PersonId actor, ReadOnlySpan<byte> payload)
    {
        Guard.Against.Null(eventType);

        // Every variable-length field is length-prefixed, so that no two different events hash the same input. Written
        // into one buffer and hashed in one call (no hash object per event).
        var typeLength = Encoding.UTF8.GetByteCount(eventType);
        var actorLength = Encoding.UTF8.GetByteCount(actor.Value);
        var length = 4 + previousHash.Length + 16 + 16 + 4 + typeLength + 4 + actorLength + 4 + payload.Length;
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var input = rented.AsSpan(0, length);
            var at = Field(input, 0, previousHash);
            incident.Value.TryWriteBytes(input.Slice(at, 16), bigEndian: true, out _);
            at += 16;
            BinaryPrimitives.WriteInt32BigEndian(input[at..], version);
            BinaryPrimitives.WriteInt32BigEndian(input[(at + 4)..], schemaVersion);
            BinaryPrimitives.WriteInt64BigEndian(input[(at + 8)..], occurredAt.UtcTicks);
            at += 16;
            BinaryPrimitives.WriteInt32BigEndian(input[at..], typeLength);
            at += 4 + Encoding.UTF8.GetBytes(eventType, input[(at + 4)..]);
            BinaryPrimitives.WriteInt32BigEndian(input[at..], actorLength);
            at += 4 + Encoding.UTF8.GetBytes(actor.Value, input[(at + 4)..]);
            Field(input, at, payload);
            return AuditKey.Hash(key, input);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int Field(Span<byte> input, int at, ReadOnlySpan<byte> field)
    {
        BinaryPrimitives.WriteInt32BigEndian(input[at..], field.Length);
        field.CopyTo(input[(at + 4)..]);
        return at + 4 + field.Length;
    }

    /// <summary>Computes the hash a stored event should carry, unkeyed.</summary>
    /// <param name="stored">The stored event.</param>
    /// <param name="previousHash">The previous event's hash; empty for the first event.</param>
    /// <returns>The 32-byte hash.</returns>
    public static ReadOnlyMemory<byte> Compute(StoredEvent stored, ReadOnlySpan<byte> previousHash) => Compute(stored, previousHash, null);

    /// <summary>Computes the hash a stored event should carry under <paramref name="key"/> (<see langword="null"/>: unkeyed).</summary>
    /// <param name="stored">The stored event.</param>
    /// <param name="previousHash">The previous event's hash; empty for the first event.</param>
    /// <param name="key">The key its <see cref="StoredEvent.HashKeyId"/> names, or <see langword="null"/>.</param>
    /// <returns>The 32-byte hash.</returns>
    public static ReadOnlyMemory<byte> Compute(StoredEvent stored, ReadOnlySpan<byte> previousHash, AuditKey? key)
    {
        Guard.Against.Null(stored);
        return Compute(key, previousHash, stored.IncidentId, stored.Version, stored.EventType, stored.SchemaVersion, stored.OccurredAt, stored.Actor, stored.Payload.Span);
    }

    /// <summary>Checks an incident's stored events, unkeyed only: versions from 1 without gaps, one incident, every hash as recomputed.</summary>
    /// <param name="events">The events, as loaded.</param>
    /// <returns>The report, naming the first broken link.</returns>
    public static HashChainReport Verify(IReadOnlyList<StoredEvent> events) => Verify(events, null, null);

    /// <summary>
    /// Checks an incident's stored events: versions from 1 without gaps, one incident, every hash as recomputed under the
    /// key its event names (an unkeyed event after a keyed one is a downgrade), and — when <paramref name="anchor"/> is
    /// given — that the history ends at the head the store's ledger recorded.
    /// </summary>
    /// <param name="events">The events, as loaded.</param>
    /// <param name="keys">The configured audit keys; <see langword="null"/> when none (then a keyed event cannot be checked).</param>
    /// <param name="anchor">The head the ledger recorded (<see cref="IncidentHistory.Anchor"/>); <see langword="null"/> to check the chain alone.</param>
    /// <returns>The report, naming the first broken link.</returns>
    public static HashChainReport Verify(IReadOnlyList<StoredEvent> events, AuditKeyRing? keys, IncidentHead? anchor)
        => Verify(events, keys, anchor, checkAnchor: anchor is not null);

    /// <summary>As <see cref="Verify(IReadOnlyList{StoredEvent}, AuditKeyRing?, IncidentHead?)"/>, checking the anchor even when it is <see langword="null"/> (events the ledger names nowhere are then <see cref="HashChainProblem.NotAnchored"/>).</summary>
    internal static HashChainReport VerifyAnchored(IncidentHistory history, AuditKeyRing? keys)
        => Verify(history.Events, keys, history.Anchor, checkAnchor: true);

    private static HashChainReport Verify(IReadOnlyList<StoredEvent> events, AuditKeyRing? keys, IncidentHead? anchor, bool checkAnchor)
    {
        Guard.Against.Null(events);
        ReadOnlySpan<byte> previous = [];
        var unkeyed = 0;
        var keyedSeen = false;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var expectedVersion = i + 1;
            if (e is null)
            {
                return HashChainReport.Broken(HashChainProblem.OutOfOrder, expectedVersion, "the event is missing");
            }

            if (e.Version != expectedVersion)
            {
                return HashChainReport.Broken(HashChainProblem.OutOfOrder, expectedVersion, $"version {expectedVersion} is missing or out of order (found {e.Version})");
            }

            if (e.IncidentId != events[0].IncidentId)
            {
                return HashChainReport.Broken(HashChainProblem.OutOfOrder, expectedVersion, $"the event belongs to incident {e.IncidentId}, not {events[0].IncidentId}");
            }

            AuditKey? key = null;
            if (e.HashKeyId is null)
            {
                if (keyedSeen)
                {
                    return HashChainReport.Broken(HashChainProblem.Downgraded, expectedVersion, "the event's hash is unkeyed although an earlier event of the incident was keyed: it was recomputed without the audit key");
                }

                unkeyed++;
            }
            else
            {
                keyedSeen = true;
                key = keys?.Find(e.HashKeyId);
                if (key is null)
                {
                    return HashChainReport.Broken(HashChainProblem.UnknownKey, expectedVersion, "the event was sealed with an audit key that is not configured (its id is not among the configured keys): it cannot be checked");
                }
            }

            if (!Compute(e, previous, key).Span.SequenceEqual(e.Hash.Span))
            {
                return HashChainReport.Broken(HashChainProblem.Altered, expectedVersion, "the stored hash does not match the event's content and the previous hash: the event or one before it was altered");
            }

            previous = e.Hash.Span;
        }

        if (checkAnchor && CheckAnchor(events, anchor) is { } broken)
        {
            return broken;
        }

        return unkeyed == 0 ? HashChainReport.Intact : HashChainReport.Intact with { UnkeyedEvents = unkeyed };
    }

    /// <summary>Compares where the stored history ends with the head the ledger recorded (no hashing: cheap enough for every load).</summary>
    /// <param name="events">The events, as loaded.</param>
    /// <param name="anchor">The ledger's head for the incident, or <see langword="null"/> when the ledger names it nowhere.</param>
    /// <returns>The problem, or <see langword="null"/> when the history ends at the anchor (or is empty and unanchored).</returns>
    internal static HashChainReport? CheckAnchor(IReadOnlyList<StoredEvent> events, IncidentHead? anchor)
    {
        var last = events.Count == 0 ? null : events[^1];
        if (anchor is null)
        {
            return last is null ? null : HashChainReport.Broken(HashChainProblem.NotAnchored, 1, $"the incident has {events.Count} stored event(s) but the store's ledger records none of them: they were not written by an append");
        }

        var present = last?.Version ?? 0;
        if (present < anchor.Version)
        {
            return HashChainReport.Broken(HashChainProblem.Truncated, present + 1, $"the history was cut short: the last version present is {present}, the ledger records version {anchor.Version}", anchor.Version);
        }

        if (present > anchor.Version)
        {
            return HashChainReport.Broken(HashChainProblem.Extended, anchor.Version + 1, $"versions {anchor.Version + 1} to {present} are stored but the ledger records the history ending at version {anchor.Version}: they were not written by an append", anchor.Version);
        }

        return last!.Hash.Span.SequenceEqual(anchor.Hash.Span)
            ? null
            : HashChainReport.Broken(HashChainProblem.Rewritten, present, $"version {present} is not the event the ledger recorded (its hash differs): the history was rewritten", anchor.Version);
    }
}
