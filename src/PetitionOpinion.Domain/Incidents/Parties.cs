namespace PetitionOpinion.Incidents;

/// <summary>
/// The petitioner's identity and contact details: phone numbers and e-mail addresses, typed, several of each, and any
/// other contact (a social media account, an address) as text. Confidential (<c>docs/security.md</c>): only the petition
/// handling and leading groups may see them; <see cref="ToString"/> never prints them. The name never identifies a
/// petitioner across incidents (many people share a name); the phone numbers and e-mail addresses do
/// (<c>IncidentSummaries.PetitionerKeys</c>).
/// </summary>
/// <remarks>
/// Equality compares the name, the phone numbers and e-mail addresses in order, and the other contact, all ordinally.
/// Events stored before the contacts were typed held one contact text; they read back as if given to
/// <see cref="PetitionerDetails(string, string?)"/>.
/// </remarks>
public sealed record PetitionerDetails
{
    /// <summary>
    /// Initializes a new instance of the <see cref="PetitionerDetails"/> class from a name and one contact text, which may
    /// hold several details separated by <c>/</c>, <c>,</c>, <c>;</c>, <c>|</c>, a line break or their full-width forms
    /// (<c>+86 138 0000 0000 / wang@example.com</c>): each detail with seven digits or more and no <c>@</c> is a phone
    /// number, each that reads as an e-mail address an e-mail address, each as written; the others, joined with
    /// <c> / </c>, are <see cref="OtherContact"/>. A text with no phone number or e-mail address is kept whole as
    /// <see cref="OtherContact"/>.
    /// </summary>
    /// <param name="name">The petitioner's name.</param>
    /// <param name="contact">The contact text, or <see langword="null"/> when none was given.</param>
    public PetitionerDetails(string name, string? contact)
    {
        Name = name;
        if (contact is null)
        {
            Phones = [];
            Emails = [];
            return;
        }

        List<string> phones = [], emails = [], others = [];
        foreach (var detail in ContactNormalization.Split(contact))
        {
            (ContactNormalization.Email(detail) is not null ? emails : ContactNormalization.Phone(detail) is not null ? phones : others).Add(detail);
        }

        Phones = phones;
        Emails = emails;
        OtherContact = phones.Count == 0 && emails.Count == 0 ? contact : others.Count == 0 ? null : string.Join(" / ", others);
    }

    /// <summary>Initializes a new instance of the <see cref="PetitionerDetails"/> class with typed contacts.</summary>
    /// <param name="name">The petitioner's name.</param>
    /// <param name="phones">The petitioner's phone numbers, as written; empty when none was given.</param>
    /// <param name="emails">The petitioner's e-mail addresses, as written; empty when none was given.</param>
    /// <param name="otherContact">Any other contact, as text, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="phones"/> or <paramref name="emails"/>, or an item of them, is <see langword="null"/>.</exception>
    public PetitionerDetails(string name, IReadOnlyList<string> phones, IReadOnlyList<string> emails, string? otherContact = null)
    {
        ArgumentNullException.ThrowIfNull(phones);
        ArgumentNullException.ThrowIfNull(emails);
        if (phones.Any(p => p is null) || emails.Any(e => e is null))
        {
            throw new ArgumentNullException(phones.Any(p => p is null) ? nameof(phones) : nameof(emails), "A contact list must not hold null.");
        }

        Name = name;
        Phones = [.. phones];
        Emails = [.. emails];
        OtherContact = otherContact;
    }

    /// <summary>Gets the petitioner's name.</summary>
    public string Name { get; init; }

    /// <summary>Gets the petitioner's phone numbers, as written (possibly none).</summary>
    public IReadOnlyList<string> Phones { get; init; }

    /// <summary>Gets the petitioner's e-mail addresses, as written (possibly none).</summary>
    public IReadOnlyList<string> Emails { get; init; }

    /// <summary>Gets any other contact (a social media account, a postal address), as text, or <see langword="null"/>.</summary>
    public string? OtherContact { get; init; }

    /// <summary>
    /// Gets every contact detail as one text: the phone numbers, the e-mail addresses and the other contact, in that order,
    /// separated by <c> / </c>; <see langword="null"/> when there is none. For display to those who may see it.
    /// </summary>
    public string? Contact
    {
        get
        {
            if (Phones.Count == 0 && Emails.Count == 0)
            {
                return OtherContact;
            }

            var details = new List<string>(Phones.Count + Emails.Count + 1);
            details.AddRange(Phones);
            details.AddRange(Emails);
            if (OtherContact is not null)
            {
                details.Add(OtherContact);
            }

            return string.Join(" / ", details);
        }
    }

    /// <summary>Compares the name, the contacts in order, and the other contact, ordinally.</summary>
    /// <param name="other">The other details.</param>
    /// <returns><see langword="true"/> when they are the same.</returns>
    public bool Equals(PetitionerDetails? other)
        => other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && Phones.SequenceEqual(other.Phones, StringComparer.Ordinal)
        && Emails.SequenceEqual(other.Emails, StringComparer.Ordinal)
        && string.Equals(OtherContact, other.OtherContact, StringComparison.Ordinal);

    /// <summary>Returns a hash of the name, the contacts and the other contact.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name, StringComparer.Ordinal);
        foreach (var phone in Phones)
        {
            hash.Add(phone, StringComparer.Ordinal);
        }

        hash.Add(Phones.Count);
        foreach (var email in Emails)
        {
            hash.Add(email, StringComparer.Ordinal);
        }

        hash.Add(Emails.Count);
        hash.Add(OtherContact, StringComparer.Ordinal);
        return hash.ToHashCode();
    }

    /// <summary>Returns a redacted text: confidential details must not reach logs by accident.</summary>
    /// <returns>A fixed redacted text.</returns>
    public override string ToString() => "PetitionerDetails { [redacted] }";
}

/// <summary>The person or department a complaint is about. Material about the complaint must never be sent to them.</summary>
/// <param name="Person">The person complained about, when the complaint names someone in the organisation.</param>
/// <param name="Department">The department complained about, if any.</param>
public sealed record ComplainedParty(PersonId? Person, string? Department);
