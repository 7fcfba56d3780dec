using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Ardalis.GuardClauses;

namespace PetitionOpinion.Storage;

/// <summary>The result of checking an incident's stored events.</summary>
/// <param name="IsIntact">Whether every event's hash and version are as they were written.</param>
/// <param name="FirstBrokenVersion">The version of the first event that does not check out, if any.</param>
/// <param name="Problem">What is wrong with it, if anything.</param>
public sealed record HashChainReport(bool IsIntact, int? FirstBrokenVersion, string? Problem)
{
    /// <summary>Gets the report of an intact chain.</summary>
    public static HashChainReport Intact { get; } = new(true, null, null);
}

/// <summary>
/// Tamper evidence: each stored event's SHA-256 covers its metadata, its payload and the previous event's hash, so
/// that altering, removing or reordering any stored event breaks every hash after it.
/// </summary>
public static class EventHashChain
{
    /// <summary>The length of a hash: 32 bytes.</summary>
    public const int HashLength = 32;

    /// <summary>Computes the hash of one event.</summary>
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
    {
        Guard.Against.Null(eventType);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[16];
        // Every variable-length field is length-prefixed, so that no two different events hash the same input.
        AppendField(hash, previousHash, number);
        incident.Value.TryWriteBytes(number, bigEndian: true, out _);
        hash.AppendData(number[..16]);
        BinaryPrimitives.WriteInt32BigEndian(number, version);
        BinaryPrimitives.WriteInt32BigEndian(number[4..], schemaVersion);
        BinaryPrimitives.WriteInt64BigEndian(number[8..], occurredAt.UtcTicks);
        hash.AppendData(number);
        AppendField(hash, Encoding.UTF8.GetBytes(eventType), number);
        AppendField(hash, Encoding.UTF8.GetBytes(actor.Value), number);
        AppendField(hash, payload, number);
        return hash.GetHashAndReset();
    }

    /// <summary>Computes the hash a stored event should carry.</summary>
    /// <param name="stored">The stored event.</param>
    /// <param name="previousHash">The previous event's hash; empty for the first event.</param>
    /// <returns>The 32-byte hash.</returns>
    public static ReadOnlyMemory<byte> Compute(StoredEvent stored, ReadOnlySpan<byte> previousHash)
    {
        Guard.Against.Null(stored);
        return Compute(previousHash, stored.IncidentId, stored.Version, stored.EventType, stored.SchemaVersion, stored.OccurredAt, stored.Actor, stored.Payload.Span);
    }

    /// <summary>Checks an incident's stored events: versions from 1 without gaps, one incident, every hash as recomputed.</summary>
    /// <param name="events">The events, as loaded.</param>
    /// <returns>The report, naming the first broken link.</returns>
    public static HashChainReport Verify(IReadOnlyList<StoredEvent> events)
    {
        Guard.Against.Null(events);
        ReadOnlySpan<byte> previous = [];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var expectedVersion = i + 1;
            if (e is null)
            {
                return new HashChainReport(false, expectedVersion, "the event is missing");
            }

            if (e.Version != expectedVersion)
            {
                return new HashChainReport(false, expectedVersion, $"version {expectedVersion} is missing or out of order (found {e.Version})");
            }

            if (e.IncidentId != events[0].IncidentId)
            {
                return new HashChainReport(false, expectedVersion, $"the event belongs to incident {e.IncidentId}, not {events[0].IncidentId}");
            }

            if (!Compute(e, previous).Span.SequenceEqual(e.Hash.Span))
            {
                return new HashChainReport(false, expectedVersion, "the stored hash does not match the event's content and the previous hash: the event or one before it was altered");
            }

            previous = e.Hash.Span;
        }

        return HashChainReport.Intact;
    }

    private static void AppendField(IncrementalHash hash, ReadOnlySpan<byte> field, Span<byte> scratch)
    {
        BinaryPrimitives.WriteInt32BigEndian(scratch, field.Length);
        hash.AppendData(scratch[..4]);
        hash.AppendData(field);
    }
}
