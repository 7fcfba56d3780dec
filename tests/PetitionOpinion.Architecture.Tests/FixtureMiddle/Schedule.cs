namespace PetitionOpinion.Architecture.Tests.Fixtures;

/// <summary>A type of the fixture's middle folder (see <see cref="LayeringFixtureTests"/>).</summary>
public sealed class Schedule
{
    /// <summary>Gets a clock of the low folder (allowed).</summary>
    public Clock Clock { get; } = new();
}
