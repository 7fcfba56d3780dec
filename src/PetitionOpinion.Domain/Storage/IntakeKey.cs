using System.Buffers.Binary;
using System.Security.Cryptography;
using Ardalis.GuardClauses;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Storage;

/// <summary>The codes of the errors idempotent intake returns.</summary>
public static class IntakeErrors
{
    /// <summary>
    /// The idempotency key was used before, by the same source, for a different report: nothing was stored. The message
    /// names neither the earlier report nor its incident.
    /// </summary>
    public const string IdempotencyMismatch = "intake.idempotency_mismatch";
}

/// <summary>
/// An intake's idempotency key, scoped by the source system that gave it: the same <see cref="Key"/> from two sources
/// names two intakes, so one source can neither replay nor block another's. Give it to
/// <see cref="IncidentRepository.ReportOnceAsync"/>.
/// </summary>
/// <remarks>
/// The store holds <see cref="StoreKey"/>, a SHA-256 of both parts: fixed in length whatever the source and key, and
/// without the raw key (which may be a CRM case number or worse) in the database. It is not a secret: whoever knows a
/// source and a key can compute it.
/// </remarks>
/// <param name="Source">
/// Who gave the key: a source system (a CRM, a web front end, the opinion monitor) or an authenticated caller; 1 to
/// <see cref="MaxLength"/> characters, not white space; compared ordinally (case and white space matter).
/// </param>
/// <param name="Key">
/// The key the source keeps for this intake (a CRM record id, say); 1 to <see cref="MaxLength"/> characters, not white
/// space; compared ordinally.
/// </param>
public readonly record struct IntakeKey(string Source, string Key)
{
    /// <summary>The longest <see cref="Source"/> and the longest <see cref="Key"/>: 200 characters each.</summary>
    public const int MaxLength = 200;

    /// <summary>What every <see cref="StoreKey"/> starts with (a key stored before keys were scoped never does, unless it was chosen to).</summary>
    public const string StoreKeyPrefix = "intake-v1:";

    /// <summary>
    /// Gets the key the store holds for this intake (what <see cref="IIncidentStore.FindByIdempotencyKeyAsync"/> finds):
    /// <see cref="StoreKeyPrefix"/> and the lower-case hex SHA-256 of the source's length (32-bit little-endian) followed
    /// by the source's and the key's UTF-16 code units (little-endian), 74 characters in all. The length prefix keeps
    /// (<c>"ab"</c>, <c>"c"</c>) and (<c>"a"</c>, <c>"bc"</c>) apart; code units (not UTF-8) keep keys that differ only
    /// in a lone surrogate apart.
    /// </summary>
    /// <exception cref="ArgumentNullException">The source or the key is <see langword="null"/> (a <see langword="default"/> key).</exception>
    public string StoreKey
    {
        get
        {
            Guard.Against.Null(Source);
            Guard.Against.Null(Key);
            var bytes = new byte[sizeof(int) + ((Source.Length + Key.Length) * sizeof(char))];
            BinaryPrimitives.WriteInt32LittleEndian(bytes, Source.Length);
            var at = sizeof(int);
            foreach (var c in Source.AsSpan())
            {
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), c);
                at += sizeof(char);
            }

            foreach (var c in Key.AsSpan())
            {
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), c);
                at += sizeof(char);
            }

            return StoreKeyPrefix + Convert.ToHexStringLower(SHA256.HashData(bytes));
        }
    }

    /// <summary>Explains why the key cannot be used (a refusal, as for any other input), or <see langword="null"/> when it can.</summary>
    internal DomainError? Validate()
    {
        Guard.Against.Null(Source);
        Guard.Against.Null(Key);
        if (string.IsNullOrWhiteSpace(Source) || Source.Length > MaxLength)
        {
            return new DomainError(InputValidation.Invalid, $"An intake's source must be 1 to {MaxLength} characters and not white space.");
        }

        return string.IsNullOrWhiteSpace(Key) || Key.Length > MaxLength
            ? new DomainError(InputValidation.Invalid, $"An idempotency key must be 1 to {MaxLength} characters and not white space.")
            : null;
    }
}

/// <summary>What a report came to: the incident, and whether this report created it or replayed an earlier intake with the same key.</summary>
/// <param name="Incident">The incident: the new one, or (for a replay) the one the key reported before, as it stands now.</param>
/// <param name="Replayed">
/// <see langword="true"/> when an earlier intake with the same source, key and report had created the incident and this
/// report created nothing; <see langword="false"/> when this report created it. Of any number of simultaneous reports
/// with one key, exactly one is not a replay.
/// </param>
public sealed record IntakeOutcome(Incident Incident, bool Replayed);
