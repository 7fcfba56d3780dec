namespace PetitionOpinion.Organization;

/// <summary>A person known to the organisation: an employee, or a system account (the opinion monitor, say).</summary>
/// <param name="Id">The person's id.</param>
/// <param name="Name">The display name.</param>
public sealed record Person(PersonId Id, string Name);
