using System.Text;
using System.Text.RegularExpressions;
using Ardalis.GuardClauses;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;

namespace PetitionOpinion.Notifications;

/// <summary>
/// The confidentiality rules of DOMAIN.md §5: who may see a petitioner's identity and contact details (the petition
/// handling and leading groups), and how text is redacted for everybody else.
/// </summary>
public static class Confidentiality
{
    /// <summary>The text that replaces a redacted detail.</summary>
    public const string Redacted = "[redacted]";

    /// <summary>Tells whether a person may see petitioners' identities and contact details: a member of the petition handling or the leading group.</summary>
    /// <param name="organization">The organisation.</param>
    /// <param name="person">The person.</param>
    /// <returns><see langword="true"/> when they may.</returns>
    public static bool MaySeePetitioner(ResponseOrganization organization, PersonId person)
    {
        Guard.Against.Null(organization);
        return organization.IsMemberOf(person, WellKnownGroups.PetitionHandlingGroup) || organization.IsMemberOf(person, WellKnownGroups.LeadingGroup);
    }

    /// <summary>Tells whether an incident's material must be kept from a person because the complaint is about them.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="person">The person.</param>
    /// <returns><see langword="true"/> when the incident complains about <paramref name="person"/>.</returns>
    public static bool IsComplainedAbout(Incident incident, PersonId person)
        => Guard.Against.Null(incident).ComplainedAbout?.Person is { } complained && complained == person;

    /// <summary>
    /// Redacts a petitioner's name and contact details from a text: every occurrence, ignoring case. A contact holding
    /// several details ("+86 138 0000 0000 / wang@example.com") is redacted detail by detail, and a phone number also
    /// when it is written with other spacing (Unicode spaces too), dashes, dots or brackets, with or without its country
    /// code, in full-width digits, or next to other numbers. A name matches with any white space between its words; a name
    /// written in two scripts ("Wang Fang 王芳") is also redacted where one part appears alone (a Han part of two
    /// characters or more, a Latin part of three letters or more).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="petitioner">The petitioner, or <see langword="null"/> (then the text is returned as it is).</param>
    /// <returns>The redacted text.</returns>
    public static string Redact(string text, PetitionerDetails? petitioner)
    {
        Guard.Against.Null(text);
        if (petitioner is null)
        {
            return text;
        }

        var result = ReplaceIgnoringCase(text, petitioner.Name);
        foreach (var form in NameForms(petitioner.Name))
        {
            result = ReplaceIgnoringCase(result, form);
        }

        if (petitioner.Contact is { } contact)
        {
            result = ReplaceIgnoringCase(result, contact);
            foreach (var part in contact.Split(ContactSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (part.Length >= 3)
                {
                    result = ReplaceIgnoringCase(result, part);
                }

                var digits = DigitsOf(part);
                if (digits.Length >= MinimumPhoneDigits)
                {
                    result = RedactNumber(result, digits);
                }
            }
        }

        return result;
    }

    private const int MinimumPhoneDigits = 7;

    // What separates the details of one contact ("+86 138 0000 0000 / wang@example.com"); the summaries' petitioner key splits the same way.
    internal static readonly char[] ContactSeparators = ['/', ',', ';', '|', '，', '；', '、', '\n'];

    // A name of several words also matches when the words are separated otherwise ("Wang\tLi", "Wang\nLi" — which a
    // Markdown renderer or a chat shows as "Wang Li").
    private static string ReplaceIgnoringCase(string text, string secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            return text;
        }

        var words = secret.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 1
            ? text.Replace(words[0], Redacted, StringComparison.OrdinalIgnoreCase)
            : Regex.Replace(text, string.Join(@"\s+", words.Select(Regex.Escape)), Redacted, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    // A name written in two scripts — "Wang Fang 王芳", "王芳 (Wang Fang)" — is often written in one of them alone: each
    // script's part is redacted too (a Han part of two characters or more, a Latin part of three letters or more).
    private static IEnumerable<string> NameForms(string name)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        bool? han = null;
        foreach (var c in name)
        {
            var isHan = c is >= '\u3400' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF';
            var isWord = isHan || char.IsLetter(c) || c is '.' or '-' or '\'' || (char.IsWhiteSpace(c) && han == false);
            if (!isWord || (han is { } was && was != isHan && !char.IsWhiteSpace(c)))
            {
                parts.Add(current.ToString().Trim());
                current.Clear();
                han = null;
            }

            if (isWord)
            {
                current.Append(c);
                han ??= isHan;
            }
        }

        parts.Add(current.ToString().Trim());
        var forms = parts.Where(p => p.Count(ch => char.IsLetter(ch)) >= (p.Any(ch => ch is >= '\u3400' and <= '\u9FFF') ? 2 : 3)).Distinct().ToList();
        return forms.Count > 1 ? forms : [];
    }

    // ASCII digits and the full-width ones Chinese input methods type (０–９).
    private static bool IsDigit(char c) => char.IsAsciiDigit(c) || c is >= '\uFF10' and <= '\uFF19';

    private static char AsciiDigit(char c) => c >= '\uFF10' ? (char)('0' + (c - '\uFF10')) : c;

    private static string DigitsOf(string text)
    {
        var digits = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (IsDigit(c))
            {
                digits.Append(AsciiDigit(c));
            }
        }

        return digits.ToString();
    }

    // What phone numbers are written with between their digits: any space, any dash, dots, brackets (also full-width), plus.
    private static bool IsPhoneSeparator(char c)
        => char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.DashPunctuation
            || c is '+' or '.' or '(' or ')' or '（' or '）' or '＋';

    // A plus sign before the number belongs to it; an opening bracket only when it closes within the number ("(86) 138…"),
    // not when it encloses the whole number ("（138…）"), which keeps both brackets.
    private static bool IsPlusOrBracket(string text, int index)
        => index >= 0 && (text[index] is '+' or '＋'
            || (text[index] is '(' or '（' && text.IndexOfAny([')', '）'], index) is var close && close > 0 && close + 1 < text.Length && IsPhoneSeparator(text[close + 1]) && close + 2 < text.Length && (IsDigit(text[close + 1]) || IsDigit(text[close + 2]))));

    // Takes the runs of digits and separators; in each, finds the number's digits — whole, or without a country code of
    // up to five leading digits (the national number, at least seven digits) — and replaces the characters from the first
    // to the last matched digit. A run of seven digits or more that is itself part of the number is replaced whole.
    private static string RedactNumber(string text, string digits)
    {
        var candidates = new List<string>();
        for (var k = 0; k <= 5 && digits.Length - k >= MinimumPhoneDigits; k++)
        {
            candidates.Add(digits[k..]);
        }

        StringBuilder? output = null;
        var copied = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (!IsDigit(text[i]))
            {
                i++;
                continue;
            }

            // The run: digits and separators, ending at its last digit.
            var positions = new List<int>();
            var j = i;
            for (; j < text.Length && (IsDigit(text[j]) || IsPhoneSeparator(text[j])); j++)
            {
                if (IsDigit(text[j]))
                {
                    positions.Add(j);
                }
            }

            var run = string.Concat(positions.Select(p => AsciiDigit(text[p])));
            var spans = new List<(int From, int To)>();
            if (run.Length >= MinimumPhoneDigits && digits.Contains(run, StringComparison.Ordinal))
            {
                spans.Add((IsPlusOrBracket(text, positions[0] - 1) ? positions[0] - 1 : positions[0], positions[^1]));
            }
            else
            {
                for (var at = 0; at < run.Length;)
                {
                    var match = candidates.FirstOrDefault(c => string.CompareOrdinal(run, at, c, 0, c.Length) == 0 && at + c.Length <= run.Length);
                    if (match is null)
                    {
                        at++;
                        continue;
                    }

                    // A country code written before the number ("+86-", "(86) ", "0086 ") goes with it.
                    var from = at > 0 && at <= 5 && (IsPlusOrBracket(text, positions[0] - 1) || run.StartsWith("00", StringComparison.Ordinal)) ? 0 : at;
                    spans.Add((from == 0 && IsPlusOrBracket(text, positions[0] - 1) ? positions[0] - 1 : positions[from], positions[at + match.Length - 1]));
                    at += match.Length;
                }
            }

            foreach (var (from, to) in spans)
            {
                output ??= new StringBuilder(text.Length);
                output.Append(text, copied, from - copied).Append(Redacted);
                copied = to + 1;
            }

            i = positions[^1] + 1;
        }

        return output is null ? text : output.Append(text, copied, text.Length - copied).ToString();
    }
}
