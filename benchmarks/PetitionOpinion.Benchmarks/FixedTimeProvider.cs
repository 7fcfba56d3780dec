namespace PetitionOpinion.Benchmarks;

/// <summary>A clock that always says the same time, so both sides of a benchmark pay the same, tiny cost for "now".</summary>
/// <param name="now">The time it always returns.</param>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    private readonly DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;
}
