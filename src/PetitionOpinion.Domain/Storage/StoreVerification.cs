using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ardalis.GuardClauses;

namespace PetitionOpinion.Storage;

/// <summary>How serious an <see cref="AuditFinding"/> is.</summary>
public enum AuditSeverity
{
    /// <summary>Worth knowing, not evidence of tampering (for example an unkeyed audit trail).</summary>
    Warning = 1,

    /// <summary>The store is not as the library wrote it: something was changed, removed or added behind its back, or cannot be read.</summary>
    Error = 2,
}

/// <summary>The codes of <see cref="AuditFinding"/>s.</summary>
public static class AuditFindingCodes
{
    /// <summary>A ledger entry is missing, out of order, altered, sealed by an unknown key, or unkeyed after a keyed one.</summary>
    public const string LedgerBroken = "audit.ledger_broken";

    /// <summary>An incident's hash chain is broken, or its history does not end where the ledger says (<see cref="HashChainProblem"/>).</summary>
    public const string ChainBroken = "audit.chain_broken";

    /// <summary>An incident has a summary (it appears in queries) but no ledger entry names it: it was not written by an append.</summary>
    public const string NotInLedger = "audit.not_in_ledger";

    /// <summary>The ledger names an incident whose summary is gone: it no longer appears in queries or statistics.</summary>
    public const string SummaryMissing = "audit.summary_missing";

    /// <summary>An incident's summary disagrees with the events it summarises (what queries and statistics see was changed).</summary>
    public const string SummaryMismatch = "audit.summary_mismatch";

    /// <summary>
    /// A warning: an incident's summary lacks the statistics fields (time to acknowledge, first resolution, reopenings,
    /// petitioner key) because a release before them wrote it; its next append fills them in.
    /// </summary>
    public const string SummaryStale = "audit.summary_stale";

    /// <summary>An incident's events cannot be read back.</summary>
    public const string Unreadable = "audit.unreadable";

    /// <summary>The ledger does not contain the checkpoint's entry with the checkpoint's hash: it changed at or before the checkpoint.</summary>
    public const string CheckpointMismatch = "audit.checkpoint_mismatch";

    /// <summary>The checkpoint's signature does not verify under the key it names, or names a key that is not configured.</summary>
    public const string CheckpointForged = "audit.checkpoint_forged";

    /// <summary>Part of the audit trail (or the checkpoint) is not keyed: intact, but recomputable by someone with the database.</summary>
    public const string NotKeyed = "audit.not_keyed";
}

/// <summary>One thing a store-wide verification found.</summary>
/// <param name="Code">What kind of finding (<see cref="AuditFindingCodes"/>).</param>
/// <param name="Severity">How serious it is.</param>
/// <param name="Message">What was found, naming incidents, versions and sequences only (never stored content).</param>
/// <param name="Incident">The incident concerned, if any.</param>
/// <param name="Sequence">The ledger entry concerned, if any.</param>
/// <param name="Version">The incident's version concerned, if any.</param>
public sealed record AuditFinding(string Code, AuditSeverity Severity, string Message, IncidentId? Incident = null, long? Sequence = null, int? Version = null);

/// <summary>The result of <see cref="IncidentRepository.VerifyStoreAsync"/>.</summary>
/// <param name="Findings">Everything found, errors and warnings, in the order found.</param>
/// <param name="LedgerEntries">How many ledger entries were checked (the genesis included).</param>
/// <param name="Incidents">How many incidents were checked.</param>
/// <param name="Events">How many events were checked.</param>
/// <param name="Head">The ledger's last entry, as checked; <see langword="null"/> when the ledger could not be read at all.</param>
public sealed record StoreVerificationReport(IReadOnlyList<AuditFinding> Findings, long LedgerEntries, int Incidents, int Events, LedgerEntry? Head)
{
    /// <summary>Gets a value indicating whether nothing of severity <see cref="AuditSeverity.Error"/> was found.</summary>
    public bool IsIntact => !Findings.Any(f => f.Severity == AuditSeverity.Error);

    /// <summary>Gets a value indicating whether the whole audit trail checked is keyed (no <see cref="AuditFindingCodes.NotKeyed"/> finding).</summary>
    public bool IsKeyed => !Findings.Any(f => f.Code == AuditFindingCodes.NotKeyed);
}

/// <summary>
/// A store's ledger head written down outside the database: its sequence and hash, when it was taken, and an HMAC of
/// that under the current audit key. Kept by a person or another system (printed, mailed, committed to another
/// repository), it lets a later <see cref="IncidentRepository.VerifyStoreAsync"/> prove that nothing up to that entry
/// changed — even against someone who holds the database and the key, as long as they cannot change the copy kept.
/// </summary>
/// <param name="Sequence">The ledger entry's sequence.</param>
/// <param name="Hash">The ledger entry's hash.</param>
/// <param name="CreatedAt">When the checkpoint was taken.</param>
/// <param name="KeyId">The audit key that signed it; <see langword="null"/> when unsigned (no key configured).</param>
/// <param name="Signature">The HMAC-SHA256 of the checkpoint's other fields under that key; empty when unsigned.</param>
public sealed record AuditCheckpoint(long Sequence, ReadOnlyMemory<byte> Hash, DateTimeOffset CreatedAt, string? KeyId, ReadOnlyMemory<byte> Signature)
{
    private const string Prefix = "petition-opinion-checkpoint v1";

    /// <summary>Compares every field, the hash and signature by content.</summary>
    /// <param name="other">The other checkpoint.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(AuditCheckpoint? other)
        => other is not null && Sequence == other.Sequence && CreatedAt == other.CreatedAt && KeyId == other.KeyId
        && Hash.Span.SequenceEqual(other.Hash.Span) && Signature.Span.SequenceEqual(other.Signature.Span);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Sequence, CreatedAt);

    /// <summary>Creates a checkpoint of a ledger entry, signed under <paramref name="key"/> when given.</summary>
    /// <param name="head">The ledger entry.</param>
    /// <param name="createdAt">When it is taken.</param>
    /// <param name="key">The key that signs it, or <see langword="null"/> for an unsigned checkpoint.</param>
    /// <returns>The checkpoint.</returns>
    public static AuditCheckpoint Create(LedgerEntry head, DateTimeOffset createdAt, AuditKey? key)
    {
        Guard.Against.Null(head);
        var hash = head.Sequence == 0 ? AuditLedger.GenesisHash(head.Heads) : head.Hash;
        var unsigned = new AuditCheckpoint(head.Sequence, hash, createdAt.ToUniversalTime(), key?.Id, ReadOnlyMemory<byte>.Empty);
        return key is null ? unsigned : unsigned with { Signature = unsigned.ComputeSignature(key) };
    }

    /// <summary>Reads a checkpoint from its text (<see cref="ToString"/>).</summary>
    /// <param name="text">The text.</param>
    /// <param name="checkpoint">The checkpoint, when the text is one.</param>
    /// <returns><see langword="true"/> when the text is a well-formed checkpoint.</returns>
    public static bool TryParse(string? text, out AuditCheckpoint? checkpoint)
    {
        checkpoint = null;
        if (text is null || !text.Trim().StartsWith(Prefix + " ", StringComparison.Ordinal))
        {
            return false;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Trim()[(Prefix.Length + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !fields.TryAdd(part[..equals], part[(equals + 1)..]))
            {
                return false;
            }
        }

        if (!fields.TryGetValue("sequence", out var sequence) || !long.TryParse(sequence, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || !fields.TryGetValue("hash", out var hash) || !TryHex(hash, out var hashBytes) || hashBytes.Length != EventHashChain.HashLength
            || !fields.TryGetValue("created", out var created) || !DateTimeOffset.TryParseExact(created, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var createdAt))
        {
            return false;
        }

        var key = fields.GetValueOrDefault("key");
        var signature = Array.Empty<byte>();
        if ((key is null) != !fields.ContainsKey("signature") || (key is not null && (AuditKey.IdProblem(key) is not null || !TryHex(fields["signature"], out signature))))
        {
            return false;
        }

        checkpoint = new AuditCheckpoint(number, hashBytes, createdAt, key, signature);
        return true;
    }

    /// <summary>Tells whether the signature verifies under the key it names.</summary>
    /// <param name="keys">The configured keys.</param>
    /// <returns><see langword="true"/> when signed and the signature verifies; <see langword="false"/> when unsigned, the key is not configured, or the signature is wrong.</returns>
    public bool VerifySignature(AuditKeyRing keys)
    {
        Guard.Against.Null(keys);
        return KeyId is not null && keys.Find(KeyId) is { } key
            && CryptographicOperations.FixedTimeEquals(ComputeSignature(key), Signature.Span);
    }

    /// <summary>Writes the checkpoint as one line of text, e.g. <c>petition-opinion-checkpoint v1 sequence=42 hash=… created=2026-12-07T09:00:00.0000000+00:00 key=k2026 signature=…</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
        => KeyId is null ? Body() : $"{Body()} key={KeyId} signature={Convert.ToHexStringLower(Signature.Span)}";

    private string Body()
        => string.Create(CultureInfo.InvariantCulture, $"{Prefix} sequence={Sequence} hash={Convert.ToHexStringLower(Hash.Span)} created={CreatedAt.ToUniversalTime():O}");

    private byte[] ComputeSignature(AuditKey key)
    {
        using var hmac = AuditKey.CreateHash(key);
        hmac.AppendData(Encoding.UTF8.GetBytes($"{Body()} key={key.Id}"));
        return hmac.GetHashAndReset();
    }

    private static bool TryHex(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length % 2 != 0 || !text.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        bytes = Convert.FromHexString(text);
        return true;
    }
}
