using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ardalis.GuardClauses;

namespace PetitionOpinion.Notifications.Webhooks;

/// <summary>
/// The signature of <see cref="SignedWebhookChannel"/>'s requests, for senders and receivers: the header names, the
/// signature, its check and the secret's form. It follows the Standard Webhooks specification (standardwebhooks.com),
/// so that a receiver may use any of its verifiers instead of <see cref="Verify"/>.
/// </summary>
/// <remarks>
/// <para>
/// Every request carries <see cref="IdHeader"/> (<c>webhook-id</c>, the message's id, also in the body, the same however
/// often it is sent), <see cref="TimestampHeader"/> (<c>webhook-timestamp</c>, Unix time in seconds, from the sender's
/// <see cref="TimeProvider"/>) and <see cref="SignatureHeader"/> (<c>webhook-signature</c>) = <c>v1,</c> + the Base64
/// HMAC-SHA256 over the UTF-8 bytes of <c>{id}.{timestamp}.</c> followed by the body's exact bytes.
/// </para>
/// <para>
/// The key: a secret written <c>whsec_</c> + Base64 (the specification's form) is the Base64-decoded bytes; any other
/// secret (a plain text, as in earlier releases) is its UTF-8 bytes, which a Standard Webhooks verifier takes as
/// <c>whsec_</c> + the Base64 of those bytes (<see cref="ToStandardSecret"/>).
/// </para>
/// <para>
/// A receiver recomputes the signature over the raw body (before parsing it), compares it in constant time, refuses a
/// timestamp too far from its own clock (replays), and drops an id it has seen (retries deliver at least once).
/// <see cref="Verify"/> does the first three; it accepts a header with several space-separated signatures (a sender
/// rotating its secret) when one of them matches.
/// </para>
/// <para>
/// Breaking change in 0.3.0: the headers were <c>X-PetitionOpinion-Id</c>, <c>X-PetitionOpinion-Timestamp</c> and
/// <c>X-PetitionOpinion-Signature</c> (<c>sha256=</c> + hex HMAC over <c>{timestamp}.{body}</c>); receivers must move
/// to the headers and signature above.
/// </para>
/// </remarks>
public static class SignedWebhook
{
    /// <summary>The header of the message's id: <c>webhook-id</c> (Standard Webhooks).</summary>
    public const string IdHeader = "webhook-id";

    /// <summary>The header of the time of signing, Unix seconds: <c>webhook-timestamp</c> (Standard Webhooks).</summary>
    public const string TimestampHeader = "webhook-timestamp";

    /// <summary>The header of the signatures, <c>v1,</c> and the Base64 HMAC-SHA256, several separated by spaces: <c>webhook-signature</c> (Standard Webhooks).</summary>
    public const string SignatureHeader = "webhook-signature";

    /// <summary>The prefix of a secret in the Standard Webhooks form: <c>whsec_</c>, followed by the key's bytes in Base64.</summary>
    public const string SecretPrefix = "whsec_";

    private const string Version = "v1,";

    /// <summary>Computes the signature of a request.</summary>
    /// <param name="secret">The shared secret: <c>whsec_</c> + Base64, or a plain text (its UTF-8 bytes are the key).</param>
    /// <param name="id">The message's id, as sent in <see cref="IdHeader"/>.</param>
    /// <param name="timestamp">The timestamp, Unix seconds, as sent in <see cref="TimestampHeader"/>.</param>
    /// <param name="body">The body's exact bytes.</param>
    /// <returns><c>v1,</c> and the Base64 HMAC-SHA256.</returns>
    /// <exception cref="ArgumentException">The secret starts with <c>whsec_</c> but the rest is not Base64.</exception>
    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        Guard.Against.NullOrEmpty(secret);
        Guard.Against.NullOrEmpty(id);
        var key = Key(secret) ?? throw new ArgumentException("A secret starting with 'whsec_' must continue in Base64.", nameof(secret));
        return Version + Convert.ToBase64String(Mac(key, id, timestamp.ToString(CultureInfo.InvariantCulture), body));
    }

    /// <summary>Checks a request's signatures and the freshness of its timestamp.</summary>
    /// <param name="secret">The shared secret: <c>whsec_</c> + Base64, or a plain text.</param>
    /// <param name="id">The value of <see cref="IdHeader"/>.</param>
    /// <param name="timestamp">The value of <see cref="TimestampHeader"/>.</param>
    /// <param name="signature">The value of <see cref="SignatureHeader"/>: one or more space-separated <c>v1,</c> signatures (others are ignored).</param>
    /// <param name="body">The body's exact bytes, as received.</param>
    /// <param name="now">The receiver's time.</param>
    /// <param name="tolerance">How far the timestamp may be from <paramref name="now"/>, either way (5 minutes is usual).</param>
    /// <returns><see langword="true"/> when a <c>v1</c> signature matches (compared in constant time) and the timestamp is within the tolerance.</returns>
    public static bool Verify(string secret, string? id, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        Guard.Against.NullOrEmpty(secret);
        Guard.Against.Negative(tolerance);
        if (string.IsNullOrEmpty(id) || timestamp is null || signature is null
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || Key(secret) is not { } key)
        {
            return false;
        }

        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return false;
        }

        var expected = Mac(key, id, timestamp, body);
        Span<byte> given = stackalloc byte[32];
        var matched = false;
        foreach (var part in signature.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            // Every candidate is checked, so that the time taken does not tell which one matched.
            if (part.StartsWith(Version, StringComparison.Ordinal)
                && Convert.TryFromBase64Chars(part.AsSpan(Version.Length), given, out var written) && written == 32)
            {
                matched |= CryptographicOperations.FixedTimeEquals(expected, given);
            }
        }

        return matched;
    }

    /// <summary>
    /// Gives a secret in the Standard Webhooks form, for a receiver's verifier: a <c>whsec_</c> secret as it is, a plain
    /// one as <c>whsec_</c> + the Base64 of its UTF-8 bytes (the same key).
    /// </summary>
    /// <param name="secret">The secret, as in <see cref="SignedWebhookOptions.Secret"/>.</param>
    /// <returns>The secret as <c>whsec_</c> + Base64.</returns>
    public static string ToStandardSecret(string secret)
    {
        Guard.Against.NullOrEmpty(secret);
        return secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret : SecretPrefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
    }

    /// <summary>Gets the key of a secret: the Base64 bytes after <c>whsec_</c>, or a plain secret's UTF-8 bytes; <see langword="null"/> when a <c>whsec_</c> secret is not Base64.</summary>
    /// <param name="secret">The secret.</param>
    /// <returns>The key, or <see langword="null"/>.</returns>
    internal static byte[]? Key(string secret)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return Encoding.UTF8.GetBytes(secret);
        }

        var base64 = secret.AsSpan(SecretPrefix.Length);
        var key = new byte[base64.Length];
        return base64.Length > 0 && Convert.TryFromBase64Chars(base64, key, out var written) ? key[..written] : null;
    }

    private static byte[] Mac(byte[] key, string id, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(id + "." + timestamp + ".");
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
