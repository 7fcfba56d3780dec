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
    /// <param name="petitionerKeySecret">The secret of the petitioner pseudonyms (see <see cref="ContactKey"/>), or <see langword="null"/>.</param>
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
            incident.Petitioner is { } petitioner && PetitionerKeys(petitioner, petitionerKeySecret) is { Count: > 0 } keys ? string.Join(' ', keys) : null);
    }

    /// <summary>
    /// Computes the pseudonyms of a petitioner: one per phone number and e-mail address (<see cref="ContactKey"/>),
    /// without repeats, in ordinal order. A name never gives one (many people share a name), nor does an other contact:
    /// a petitioner who gave neither a phone number nor an e-mail address has none, and is never linked to another incident.
    /// </summary>
    /// <param name="petitioner">The petitioner.</param>
    /// <param name="secret">The secret (see <see cref="ContactKey"/>).</param>
    /// <returns>The pseudonyms, 32 hexadecimal digits each; empty when there is none.</returns>
    public static IReadOnlyList<string> PetitionerKeys(PetitionerDetails petitioner, string? secret)
    {
        Guard.Against.Null(petitioner);
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var contact in petitioner.Phones.Concat(petitioner.Emails))
        {
            if (ContactKey(contact, secret) is { } key)
            {
                keys.Add(key);
            }
        }

        return [.. keys];
    }

    /// <summary>
    /// Computes the pseudonym of one phone number or e-mail address: the first 16 bytes, in hexadecimal, of an HMAC-SHA256
    /// keyed with <paramref name="secret"/> over the normalised contact — an e-mail address trimmed, in lower case (the
    /// address in angle brackets when a display name comes before it); a phone number's digits (full-width digits read as
    /// ASCII; spaces, dashes and brackets dropped) with China's <c>+86</c>/<c>0086</c> country code taken off and a
    /// landline's trunk <c>0</c> put in when not written; any other country code kept behind a <c>+</c>. So
    /// <c>+86 138 0000 0000</c>, <c>138-0000-0000</c> and <c>１３８００００００００</c> give one pseudonym, as do
    /// <c>+86 010 1234 5678</c> and <c>010-1234-5678</c>, and <c>+1 312 555 1234</c> gives another than <c>131 2555 1234</c>.
    /// </summary>
    /// <param name="contact">A phone number (seven digits or more) or an e-mail address.</param>
    /// <param name="secret">
    /// The secret (configuration: <c>Storage:PetitionerKeySecret</c>). Without one the pseudonym is a plain hash, which
    /// anyone can recompute for a guessed phone number; set a secret wherever summaries leave the back end. Changing it
    /// changes every later pseudonym, so repeat petitioners are then counted separately before and after the change.
    /// </param>
    /// <returns>32 hexadecimal digits, or <see langword="null"/> when <paramref name="contact"/> is neither a phone number nor an e-mail address.</returns>
    public static string? ContactKey(string contact, string? secret)
    {
        Guard.Against.Null(contact);
        var normal = ContactNormalization.Email(contact) ?? ContactNormalization.Phone(contact);
        if (normal is null)
        {
            return null;
        }

        var key = string.IsNullOrEmpty(secret) ? DefaultPetitionerKeySecret : Encoding.UTF8.GetBytes(secret);
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("contact:" + normal), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    // A deadline standing still (paused, not met, not breached) has no due time yet: it moves with the pause, so the
    // statistics must not judge it against the time it would be due if resumed at the last event.
    private static DateTimeOffset? DueAt(Deadline? deadline) => deadline is { State: DeadlineState.Paused } ? null : deadline?.DueAt;
}
