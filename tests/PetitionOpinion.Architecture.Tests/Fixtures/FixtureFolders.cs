// Folders of a deliberately bad layering, for LayeringFixtureTests: FixtureLow uses FixtureHigh, which the fixture's
// picture forbids. Not used by anything else.
#pragma warning disable SA1403 // one namespace per file: the fixture's three folders are clearer side by side
#pragma warning disable SA1649, SA1402 // the file's name and its several types: a fixture

namespace PetitionOpinion.FixtureHigh
{
    /// <summary>A type of the high folder.</summary>
    public sealed class Alarm
    {
        /// <summary>Uses the middle folder (allowed).</summary>
        /// <returns>A clock.</returns>
        public static PetitionOpinion.FixtureMiddle.Schedule Plan() => new();
    }
}

namespace PetitionOpinion.FixtureMiddle
{
    /// <summary>A type of the middle folder.</summary>
    public sealed class Schedule
    {
        /// <summary>Gets a clock of the low folder (allowed).</summary>
        public PetitionOpinion.FixtureLow.Clock Clock { get; } = new();
    }
}

namespace PetitionOpinion.FixtureLow
{
    /// <summary>A type of the low folder.</summary>
    public sealed class Clock
    {
        /// <summary>Uses the high folder in its body only (forbidden).</summary>
        /// <returns>The alarm's type's name.</returns>
        public string Ring() => new PetitionOpinion.FixtureHigh.Alarm().GetType().Name;
    }
}
