using System.Security.Cryptography;
using System.Text;
using Ardalis.GuardClauses;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Storage;

/// <summary>Builds the <see cref="IncidentSummary"/> a store keeps for queries and statistics.</summary>
public static class IncidentSummaries
{
    // Used when the host configured no secret: the key then only separates this use of the hash from others.
    private static readonly byte[] DefaultPetitionerKeySecret = "PetitionOpinion.PetitionerKey.v1"u8.ToArray();

    /// <summary>Summarises an incident as it is now, with <see cref="DeadlinePolicy.Default"/>'s targets and no petitioner key secret.</summary>
    /// <param name="incident">The incident.</param>
    /// <returns>The summary.</returns>
    public static IncidentSummary Of(Incident incident) => Of(incident, DeadlinePolicy.Default, null);

    /// <summary>Summarises an incident as it is now (as of its last event).</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="deadlines">The deadline policy whose acknowledgement and resolution targets the summary records.</param>
    /// <param name="petitionerKeySecret">The secret of the petitioner pseudonym (see <see cref="PetitionerKey"/>), or <see langword="null"/>.</param>
    /// <returns>The summary.</returns>
    public static IncidentSummary Of(Incident incident, DeadlinePolicy deadlines, string? petitionerKeySecret)
    {
        Guard.Against.Null(incident);
        Guard.Against.Null(deadlines);
        DateTimeOffset? nextDue = null;
        foreach (var directive in incident.Directives)
        {
            if (directive.IsOpen && (nextDue is null || directive.DueAt < nextDue))
            {
                nextDue = directive.DueAt;
            }
        }

        var updatedAt = incident.History[^1].OccurredAt;
        Deadline? acknowledge = null, resolution = null;
        foreach (var deadline in DeadlineCalculator.Compute(deadlines, incident, updatedAt).Deadlines)
        {
            // The first resolution round's deadline, not those after a reopening.
            if (deadline.Key == DeadlineKey.Acknowledge)
            {
                acknowledge = deadline;
            }
            else if (deadline.Key == DeadlineKey.Resolution())
            {
                resolution = deadline;
            }
        }

        return new IncidentSummary(
            incident.Id,
            incident.Kind,
            incident.Channel,
            incident.Category,
            incident.State,
            incident.Level,
            incident.ReportedAt,
            updatedAt,
            nextDue,
            incident.Version,
            acknowledge?.MetAt,
            DueAt(acknowledge),
            resolution?.MetAt,
            DueAt(resolution),
            incident.ReopenCount,
            incident.Petitioner is { } petitioner ? PetitionerKey(petitioner, petitionerKeySecret) : null);
    }

    /// <summary>
    /// Computes the pseudonym a summary carries for a petitioner: the first 16 bytes, in hexadecimal, of an HMAC-SHA256
    /// keyed with <paramref name="secret"/> over the petitioner's normalised contact — its first detail: an e-mail address
    /// in lower case, or a phone number's digits with China's <c>+86</c>/<c>0086</c> country code and trunk <c>0</c>
    /// normalised — or, when no contact was given, the name with case and white space normalised.
    /// </summary>
    /// <param name="petitioner">The petitioner.</param>
    /// <param name="secret">
    /// The secret (configuration: <c>Storage:PetitionerKeySecret</c>). Without one the pseudonym is a plain hash, which
    /// anyone can recompute for a guessed phone number; set a secret wherever summaries leave the back end. Changing it
    /// changes every later pseudonym, so repeat petitioners are then counted separately before and after the change.
    /// </param>
    /// <returns>32 hexadecimal digits.</returns>
    public static string PetitionerKey(PetitionerDetails petitioner, string? secret)
    {
        Guard.Against.Null(petitioner);
        var identity = NormalizedContact(petitioner.Contact) is { } contact ? "contact:" + contact : "name:" + NormalizedName(petitioner.Name);
        var key = string.IsNullOrEmpty(secret) ? DefaultPetitionerKeySecret : Encoding.UTF8.GetBytes(secret);
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(identity), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    // A deadline standing still (paused, not met, not breached) has no due time yet: it moves with the pause, so the
    // statistics must not judge it against the time it would be due if resumed at the last event.
    private static DateTimeOffset? DueAt(Deadline? deadline) => deadline is { State: DeadlineState.Paused } ? null : deadline?.DueAt;

    private static string? NormalizedContact(string? contact)
    {
        // Full-width digits and letters (typed with a Chinese input method) read as their ASCII forms.
        var parts = contact?.Normalize(NormalizationForm.FormKC).Split(Notifications.Confidentiality.ContactSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        if (parts.Length == 0)
        {
            return null;
        }

        // The first phone number or e-mail address identifies the petitioner, whatever is written before it.
        var first = parts.FirstOrDefault(p => p.Contains('@', StringComparison.Ordinal) || p.Count(char.IsAsciiDigit) >= 7) ?? parts[0];
        if (first.Contains('@', StringComparison.Ordinal))
        {
            // "Wang Fang <wang@example.com>" is the address in the brackets.
            var open = first.LastIndexOf('<');
            var close = first.LastIndexOf('>');
            return (open >= 0 && close > open ? first[(open + 1)..close] : first).Trim().ToLowerInvariant();
        }

        // "+86 (0)10 …": the trunk 0 written in brackets after the country code is not dialled from abroad.
        first = first.Replace("(0)", string.Empty, StringComparison.Ordinal);
        var digits = new string([.. first.Where(char.IsAsciiDigit)]);
        if (digits.Length < 7)
        {
            return NormalizedName(first);
        }

        // +86 / 0086 (or 86 before a whole mobile number): a mobile number is 11 digits from 1; anything else after the
        // country code is a landline, dialled at home with the trunk 0 ("+86 10 1234 5678" is "010 1234 5678").
        var international = first.StartsWith('+') || digits.StartsWith("00", StringComparison.Ordinal)
            || (first.StartsWith("86", StringComparison.Ordinal) && first.Length > 2 && !char.IsAsciiDigit(first[2]));
        if (digits.StartsWith("00", StringComparison.Ordinal))
        {
            digits = digits[2..];
        }

        if (digits.StartsWith("86", StringComparison.Ordinal) && (international || (digits.Length == 13 && digits[2] == '1')))
        {
            digits = digits[2..];
            if (!(digits.Length == 11 && digits[0] == '1'))
            {
                digits = "0" + digits;
            }
        }

        return "tel:" + digits;
    }

    private static string NormalizedName(string name)
        => string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
}
