using System.Text;
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
    /// Redacts a petitioner's name and contact from a text: every occurrence, ignoring case; a phone number also when
    /// it is written with other spacing, dashes, brackets or a country code.
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
        if (petitioner.Contact is { } contact)
        {
            result = ReplaceIgnoringCase(result, contact);
            var digits = DigitsOf(contact);
            if (digits.Length >= 7)
            {
                result = RedactNumber(result, digits);
            }
        }

        return result;
    }

    private static string ReplaceIgnoringCase(string text, string secret)
        => string.IsNullOrWhiteSpace(secret) ? text : text.Replace(secret.Trim(), Redacted, StringComparison.OrdinalIgnoreCase);

    private static string DigitsOf(string text)
    {
        var digits = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
        }

        return digits.ToString();
    }

    // Runs of digits and the characters phone numbers are written with; a run whose digits contain the number's (or,
    // seven digits or more, are contained in them: the number without its country code) is replaced.
    private static string RedactNumber(string text, string digits)
    {
        StringBuilder? output = null;
        var copied = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                continue;
            }

            var end = i;
            for (var j = i; j < text.Length && (char.IsAsciiDigit(text[j]) || text[j] is ' ' or '-' or '+' or '(' or ')' or '.'); j++)
            {
                if (char.IsAsciiDigit(text[j]))
                {
                    end = j;
                }
            }

            var start = i > 0 && text[i - 1] is '+' or '(' ? i - 1 : i;
            var run = DigitsOf(text[i..(end + 1)]);
            if (run.Contains(digits, StringComparison.Ordinal) || (run.Length >= 7 && digits.Contains(run, StringComparison.Ordinal)))
            {
                output ??= new StringBuilder(text.Length);
                output.Append(text, copied, start - copied).Append(Redacted);
                copied = end + 1;
            }

            i = end;
        }

        return output is null ? text : output.Append(text, copied, text.Length - copied).ToString();
    }
}
