namespace PetitionOpinion.Incidents;

/// <summary>
/// The petitioner's identity and contact details. Confidential (<c>docs/security.md</c>): only the petition handling and
/// leading groups may see them; <see cref="ToString"/> never prints them.
/// </summary>
/// <param name="Name">The petitioner's name.</param>
/// <param name="Contact">A phone number, e-mail address or other contact, if given.</param>
public sealed record PetitionerDetails(string Name, string? Contact)
{
    /// <summary>Returns a redacted text: confidential details must not reach logs by accident.</summary>
    /// <returns>A fixed redacted text.</returns>
    public override string ToString() => "PetitionerDetails { [redacted] }";
}

/// <summary>The person or department a complaint is about. Material about the complaint must never be sent to them.</summary>
/// <param name="Person">The person complained about, when the complaint names someone in the organisation.</param>
/// <param name="Department">The department complained about, if any.</param>
public sealed record ComplainedParty(PersonId? Person, string? Department);
