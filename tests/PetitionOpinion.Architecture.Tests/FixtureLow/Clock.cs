namespace PetitionOpinion.Architecture.Tests.Fixtures;

/// <summary>A type of the fixture's low folder (see <see cref="LayeringFixtureTests"/>), deliberately using the high one.</summary>
public sealed class Clock
{
    /// <summary>Uses the high folder in its body only (forbidden by the fixture's picture).</summary>
    /// <returns>The alarm's type's name.</returns>
    public string Ring() => new Alarm().GetType().Name;
}
