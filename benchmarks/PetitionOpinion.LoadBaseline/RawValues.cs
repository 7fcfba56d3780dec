using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace PetitionOpinion.LoadBaseline;

/// <summary>What both raw writers compute the same way: the enums' names by value, the event hash, the petitioner's pseudonyms.</summary>
internal static partial class RawValues
{
    private static readonly byte[] PetitionerKeySecret = "PetitionOpinion.PetitionerKey.v1"u8.ToArray();
    internal static readonly string[] Kinds = ["", "Petition", "PublicOpinion", "PetitionAndPublicOpinion"];
    internal static readonly string[] Channels = ["", "Hotline", "OnlinePlatform", "Email", "Letter", "Visit", "SocialMedia", "News", "Other"];
    internal static readonly string[] Levels = ["", "I", "II", "III", "IV"];
    internal static readonly string[] States = ["", "Reported", "Assessed"];

    // SHA-256 over the previous hash, the event's type and its payload: a chain like the store's, not its exact input.
    internal static byte[] EventHash(ReadOnlySpan<byte> previous, string type, byte[] payload)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(previous);
        hash.AppendData(Encoding.UTF8.GetBytes(type));
        hash.AppendData(payload);
        return hash.GetHashAndReset();
    }

    // The pseudonyms of the petitioner's phone numbers and e-mail addresses, as the library makes them (HMAC-SHA256 of the
    // normalised contact, 16 bytes in hex, space-separated), with a cruder normalisation: digits only, +86 dropped.
    internal static string? PetitionerKey(RawPetitioner? petitioner)
    {
        if (petitioner is null)
        {
            return null;
        }

        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var phone in petitioner.Phones ?? [])
        {
            var digits = NonDigits().Replace(phone, string.Empty);
            digits = phone.TrimStart().StartsWith("+86", StringComparison.Ordinal) ? digits[2..] : digits;
            keys.Add(Key("contact:" + digits));
        }

        foreach (var email in petitioner.Emails ?? [])
        {
            keys.Add(Key("contact:" + email.Trim().ToLowerInvariant()));
        }

        return keys.Count == 0 ? null : string.Join(' ', keys);

        static string Key(string normal)
        {
            Span<byte> hash = stackalloc byte[32];
            HMACSHA256.HashData(PetitionerKeySecret, Encoding.UTF8.GetBytes(normal), hash);
            return Convert.ToHexStringLower(hash[..16]);
        }
    }

    [GeneratedRegex("[^0-9]", RegexOptions.CultureInvariant)]
    private static partial Regex NonDigits();
}
