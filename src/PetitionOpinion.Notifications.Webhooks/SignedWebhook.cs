using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ardalis.GuardClauses;

namespace PetitionOpinion.Notifications.Webhooks;

/// <summary>
/// The signature of <see cref="SignedWebhookChannel"/>'s requests, for senders and receivers: the header names, the
/// signature, and its check.
/// </summary>
/// <remarks>
/// <para>
/// Every request carries <see cref="TimestampHeader"/> (Unix time in seconds, from the sender's
/// <see cref="TimeProvider"/>), <see cref="SignatureHeader"/> = <c>sha256=</c> + the lowercase hexadecimal
/// HMAC-SHA256 with the UTF-8 secret as the key over the UTF-8 bytes of <c>{timestamp}.</c> followed by the body's exact
/// bytes, and <see cref="IdHeader"/>, the message's id (also in the body), the same however often it is sent.
/// </para>
/// <para>
/// A receiver recomputes the signature over the raw body (before parsing it), compares it in constant time, refuses a
/// timestamp too far from its own clock (replays), and drops an id it has seen (retries deliver at least once).
/// <see cref="Verify"/> does the first three.
/// </para>
/// </remarks>
public static class SignedWebhook
{
    /// <summary>The header of the message's id: <c>X-PetitionOpinion-Id</c>.</summary>
    public const string IdHeader = "X-PetitionOpinion-Id";

    /// <summary>The header of the time of signing, Unix seconds: <c>X-PetitionOpinion-Timestamp</c>.</summary>
    public const string TimestampHeader = "X-PetitionOpinion-Timestamp";

    /// <summary>The header of the signature, <c>sha256=</c> and 64 hexadecimal digits: <c>X-PetitionOpinion-Signature</c>.</summary>
    public const string SignatureHeader = "X-PetitionOpinion-Signature";

    private const string Scheme = "sha256=";

    /// <summary>Computes the signature of a request.</summary>
    /// <param name="secret">The shared secret.</param>
    /// <param name="timestamp">The timestamp, Unix seconds, as sent in <see cref="TimestampHeader"/>.</param>
    /// <param name="body">The body's exact bytes.</param>
    /// <returns><c>sha256=</c> and the lowercase hexadecimal HMAC-SHA256.</returns>
    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        Guard.Against.NullOrEmpty(secret);
        return Scheme + Convert.ToHexStringLower(Mac(secret, timestamp.ToString(CultureInfo.InvariantCulture), body));
    }

    /// <summary>Checks a request's signature and the freshness of its timestamp.</summary>
    /// <param name="secret">The shared secret.</param>
    /// <param name="timestamp">The value of <see cref="TimestampHeader"/>.</param>
    /// <param name="signature">The value of <see cref="SignatureHeader"/>.</param>
    /// <param name="body">The body's exact bytes, as received.</param>
    /// <param name="now">The receiver's time.</param>
    /// <param name="tolerance">How far the timestamp may be from <paramref name="now"/>, either way (5 minutes is usual).</param>
    /// <returns><see langword="true"/> when the signature matches (compared in constant time) and the timestamp is within the tolerance.</returns>
    public static bool Verify(string secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        Guard.Against.NullOrEmpty(secret);
        Guard.Against.Negative(tolerance);
        if (timestamp is null || signature is null || !signature.StartsWith(Scheme, StringComparison.Ordinal)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[32];
        if (signature.Length != Scheme.Length + 64 || Convert.FromHexString(signature.AsSpan(Scheme.Length), given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Mac(secret, timestamp, body), given);
    }

    private static byte[] Mac(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
