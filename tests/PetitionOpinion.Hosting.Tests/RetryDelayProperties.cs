using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PetitionOpinion.Hosting.Tests;

/// <summary>The back-off of a failing loop: never shorter than the first delay, never longer than the cap, never shrinking.</summary>
public sealed class RetryDelayProperties
{
    [Property(MaxTest = 1000)]
    public Property RetryDelay_AnyFailureCount_GrowsWithinItsBounds(PositiveInt initialSeconds, PositiveInt capSeconds, PositiveInt failures)
    {
        var initial = TimeSpan.FromSeconds(Math.Min(initialSeconds.Get, 3600));
        var options = new PetitionOpinionHostingOptions { InitialRetryDelay = initial, MaxRetryDelay = initial + TimeSpan.FromSeconds(Math.Min(capSeconds.Get, 86_400 - 3600)) };
        var delay = options.RetryDelay(failures.Get);
        var next = options.RetryDelay(failures.Get + 1);

        return (delay >= options.InitialRetryDelay && delay <= options.MaxRetryDelay && next >= delay)
            .Label($"{failures.Get} failures: {delay}, then {next}");
    }

    [Fact]
    public void RetryDelay_Defaults_DoublesFromFiveSecondsToTwoMinutes()
    {
        var options = new PetitionOpinionHostingOptions();

        Assert.Equal(
            [5, 10, 20, 40, 80, 120, 120],
            Enumerable.Range(1, 7).Select(n => (int)options.RetryDelay(n).TotalSeconds));
    }
}
