namespace PetitionOpinion.Architecture.Tests.Fixtures;

/// <summary>A type of the fixture's high folder (see <see cref="LayeringFixtureTests"/>).</summary>
public sealed class Alarm
{
    /// <summary>Uses the middle folder (allowed).</summary>
    /// <returns>A schedule.</returns>
    public static Schedule Plan() => new();
}
