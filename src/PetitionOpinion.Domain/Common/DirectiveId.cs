namespace PetitionOpinion.Incidents;

/// <summary>Identifies a directive within its incident: directives are numbered from 1 in the order issued.</summary>
/// <param name="Number">The directive's number, from 1.</param>
public readonly record struct DirectiveId(int Number)
{
    /// <inheritdoc/>
    public override string ToString() => $"D{Number}";
}
