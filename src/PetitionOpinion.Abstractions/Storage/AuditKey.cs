using System.Security.Cryptography;

namespace PetitionOpinion.Storage;

/// <summary>
/// A secret that keys the audit trail: each stored event's hash and each ledger entry's hash is an HMAC-SHA256 under it,
/// so that someone who can edit the database but does not hold the key cannot recompute a chain they changed. The
/// <see cref="Id"/> is stored beside every hash it made, so that keys can rotate: events keep verifying under the key
/// that sealed them.
/// </summary>
/// <remarks>The secret never leaves the instance: <see cref="ToString"/> names the id only.</remarks>
public sealed class AuditKey
{
    /// <summary>The shortest secret accepted: 32 bytes (256 bits, the HMAC-SHA256 block's security level).</summary>
    public const int MinimumSecretLength = 32;

    /// <summary>The longest key id: 64 characters.</summary>
    public const int MaxIdLength = 64;

    private readonly byte[] _secret;

    // One HMAC per thread, reused: creating one (the key's schedule) costs more than hashing an event.
    private readonly ThreadLocal<IncrementalHash> _hmac;

    /// <summary>Initializes a new instance of the <see cref="AuditKey"/> class.</summary>
    /// <param name="id">The key's id: 1 to <see cref="MaxIdLength"/> ASCII letters, digits, '-', '_' or '.'; stored with every hash the key makes.</param>
    /// <param name="secret">The secret, at least <see cref="MinimumSecretLength"/> bytes; copied.</param>
    /// <exception cref="ArgumentException">The id or the secret breaks the rules above.</exception>
    public AuditKey(string id, ReadOnlySpan<byte> secret)
    {
        if (IdProblem(id) is { } problem)
        {
            throw new ArgumentException(problem, nameof(id));
        }

        if (secret.Length < MinimumSecretLength)
        {
            throw new ArgumentException($"An audit key's secret must be at least {MinimumSecretLength} bytes (was {secret.Length}).", nameof(secret));
        }

        Id = id;
        _secret = secret.ToArray();
        _hmac = new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _secret));
    }

    /// <summary>Gets the key's id.</summary>
    public string Id { get; }

    /// <summary>Explains why <paramref name="id"/> is not a valid key id, or returns <see langword="null"/>.</summary>
    /// <param name="id">The candidate id.</param>
    /// <returns>The problem, or <see langword="null"/>.</returns>
    public static string? IdProblem(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength)
        {
            return $"An audit key id must be 1 to {MaxIdLength} characters.";
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return "An audit key id may contain only ASCII letters, digits, '-', '_' and '.'.";
            }
        }

        return null;
    }

    /// <summary>The length of a hash of the audit trail: 32 bytes.</summary>
    public const int HashLength = 32;

    /// <summary>
    /// Hashes <paramref name="data"/> for the audit trail in one call: HMAC-SHA256 under <paramref name="key"/>, or plain
    /// SHA-256 without one (the one-shot forms: no hash object is created, which is what an append's cost notices).
    /// </summary>
    /// <param name="key">The key, or <see langword="null"/> for the unkeyed chain.</param>
    /// <param name="data">The data.</param>
    /// <returns>The 32-byte hash.</returns>
    public static ReadOnlyMemory<byte> Hash(AuditKey? key, ReadOnlySpan<byte> data)
        => key is null ? SHA256.HashData(data) : key.Mac(data);

    private byte[] Mac(ReadOnlySpan<byte> data)
    {
        var hmac = _hmac.Value!;
        hmac.AppendData(data);
        return hmac.GetHashAndReset();
    }

    /// <summary>Starts a hash of the audit trail: HMAC-SHA256 under <paramref name="key"/>, or plain SHA-256 without one.</summary>
    /// <param name="key">The key, or <see langword="null"/> for the unkeyed chain.</param>
    /// <returns>The incremental hash; the caller disposes it.</returns>
    public static IncrementalHash CreateHash(AuditKey? key)
        => key is null ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key._secret);

    /// <summary>Names the key by its id; never shows the secret.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"audit key '{Id}'";
}
