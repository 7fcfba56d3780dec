namespace PetitionOpinion.Samples;

/// <summary>
/// A clock the story moves forward by hand, so that the printed timeline reads like a real day's work and is the
/// same on every run. A real host uses <see cref="TimeProvider.System"/> (the library's default).
/// </summary>
internal sealed class StoryClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now.ToUniversalTime();

    public override TimeZoneInfo LocalTimeZone { get; } = TimeZoneInfo.CreateCustomTimeZone("China Standard Time", TimeSpan.FromHours(8), "CST", "CST");

    public void Advance(TimeSpan by) => _now += by;
}
