using System.Text;

namespace PetitionOpinion.Incidents;

/// <summary>
/// How a petitioner's contact details are told apart and normalised: what the typed contacts of
/// <see cref="PetitionerDetails"/> are split from, and what the petitioner pseudonym hashes.
/// </summary>
internal static class ContactNormalization
{
    /// <summary>The fewest digits a phone number has (a landline without its area code).</summary>
    internal const int MinimumPhoneDigits = 7;

    /// <summary>What separates the details of one contact text (<c>+86 138 0000 0000 / wang@example.com</c>).</summary>
    internal static readonly char[] Separators = ['/', ',', ';', '|', '，', '；', '、', '\n'];

    /// <summary>Splits a contact text into its details, trimmed, none empty.</summary>
    internal static string[] Split(string contact)
        => contact.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// The normalised e-mail address in <paramref name="detail"/> (full-width forms read as ASCII, the address in angle
    /// brackets when a display name is written before it, trimmed, lower case), or <see langword="null"/> when the detail
    /// is no e-mail address (no <c>@</c> with text on both sides, or white space inside the address).
    /// </summary>
    internal static string? Email(string detail)
    {
        var text = Compatible(detail).Trim();

        // "Wang Fang <wang@example.com>" is the address in the brackets.
        var open = text.LastIndexOf('<');
        var close = text.LastIndexOf('>');
        if (open >= 0 && close > open)
        {
            text = text[(open + 1)..close].Trim();
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == text.Length - 1 || text.IndexOf('@', at + 1) >= 0 || text.Any(char.IsWhiteSpace))
        {
            return null;
        }

        return text.ToLowerInvariant();
    }

    /// <summary>
    /// The normalised phone number in <paramref name="detail"/>, as <c>tel:</c> and its digits as dialled in China
    /// (full-width digits read as ASCII; spaces, dashes, brackets and words dropped; China's <c>+86</c>/<c>0086</c>
    /// country code taken off, a landline given its trunk <c>0</c> unless written with it), or for a number written with
    /// another country code (<c>+1 312 555 1234</c>, <c>0044 20 …</c>) as <c>tel:+</c>, the country code and the digits
    /// after it; or <see langword="null"/> when the detail holds an <c>@</c> or fewer than <see cref="MinimumPhoneDigits"/> digits.
    /// </summary>
    internal static string? Phone(string detail)
    {
        var text = Compatible(detail).Trim();
        if (text.Contains('@', StringComparison.Ordinal))
        {
            return null;
        }

        // "+86 (0)10 …": the trunk 0 written in brackets after the country code is not dialled from abroad.
        text = text.Replace("(0)", string.Empty, StringComparison.Ordinal);
        var digits = new string([.. text.Where(char.IsAsciiDigit)]);
        if (digits.Length < MinimumPhoneDigits)
        {
            return null;
        }

        // A country code follows + or 00 (no number in China begins with 00: its trunk 0 comes before an area code from
        // 1); China's 86 also stands alone before a whole mobile number, or before a space or a dash.
        var start = text.IndexOfAny([.. "+0123456789"]);
        var number = start < 0 ? text : text[start..];
        var international = number.StartsWith('+') || digits.StartsWith("00", StringComparison.Ordinal);
        if (digits.StartsWith("00", StringComparison.Ordinal))
        {
            digits = digits[2..];
        }

        if (digits.StartsWith("86", StringComparison.Ordinal)
            && (international || (digits.Length == 13 && digits[2] == '1')
                || (number.StartsWith("86", StringComparison.Ordinal) && number.Length > 2 && !char.IsAsciiDigit(number[2]))))
        {
            // +86 / 0086 / 86: a mobile number is 11 digits from 1; anything else after the country code is a landline,
            // dialled at home with the trunk 0 ("+86 10 1234 5678" is "010 1234 5678"), which some write after the
            // country code anyway ("+86 010 1234 5678" is the same number, not 0010 …).
            digits = digits[2..];
            if (!(digits.Length == 11 && digits[0] == '1') && digits[0] != '0')
            {
                digits = "0" + digits;
            }
        }
        else if (international && digits[0] != '0')
        {
            // Any other country code stays, behind a + no number dialled in China has, so that a number abroad is never
            // taken for one in China whose digits it shares ("+1 312 555 1234" is not the mobile number 131 2555 1234).
            // Country codes never begin with 0: "+010 …" is a number in China with a stray +, kept as it always was.
            return "tel:+" + digits;
        }

        return "tel:" + digits;
    }

    // Full-width digits and letters (typed with a Chinese input method) as their ASCII forms; text that is no valid
    // Unicode (an unpaired surrogate, refused by the lifecycle anyway) as it is.
    private static string Compatible(string text)
    {
        try
        {
            return text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return text;
        }
    }
}
