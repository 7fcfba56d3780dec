namespace PetitionOpinion.Hosting;

/// <summary>
/// How the hosted loops run and what the health checks tolerate: bound from the <c>PetitionOpinion:Hosting</c> section
/// (or set in code) and validated at start-up, every problem listed.
/// </summary>
public sealed class PetitionOpinionHostingOptions
{
    /// <summary>Gets or sets the time between deadline scans. Default: 1 minute (the tightest target, a level I acknowledgement, is 15 minutes); 1 second to 1 day.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets the wait after the first failed pass of a loop (the store cannot be reached): it doubles with each
    /// further failure up to <see cref="MaxRetryDelay"/>, and the loop's own interval applies again after a pass succeeds.
    /// Default: 5 seconds; 1 second to 1 hour.
    /// </summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the longest wait between failed passes. Default: 2 minutes; at least <see cref="InitialRetryDelay"/>, at most 1 day.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets how long a stopping loop may spend giving back what it holds (the dispatcher's outbox claims, the
    /// scanner's lease) before it leaves them to run out. Default: 10 seconds; 1 second to 5 minutes.
    /// </summary>
    public TimeSpan ReleaseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the age of the oldest pending outbox message above which the outbox check fails. Default: 15 minutes; 1 second to 7 days.</summary>
    public TimeSpan OutboxAgeThreshold { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Gets or sets the time since the last completed deadline scan (or, on an instance standing by, the last lease check)
    /// above which the scan check fails. Default: 10 minutes; more than <see cref="ScanInterval"/>, at most 7 days.
    /// </summary>
    public TimeSpan ScanAgeThreshold { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets the number of consecutive passes a channel fails in before the channel check reports it degraded. Default: 5; 1 to 1000.</summary>
    public int ChannelFailureStreak { get; set; } = 5;

    /// <summary>Lists what is wrong with these options.</summary>
    /// <param name="path">The options' configuration path, the start of each problem's <see cref="DomainError.Path"/>.</param>
    /// <returns>The problems, each code <c>hosting.invalid</c> with the path <c>{path}:{Property}</c>; empty when the options are valid.</returns>
    public IReadOnlyList<DomainError> Validate(string path)
    {
        var problems = new List<DomainError>();
        void Add(string name, string message) => problems.Add(new DomainError("hosting.invalid", message) { Path = $"{path}:{name}" });
        void Range(string name, TimeSpan value, TimeSpan min, TimeSpan max)
        {
            if (value < min || value > max)
            {
                Add(name, $"must be between {min} and {max} (was {value}).");
            }
        }

        Range(nameof(ScanInterval), ScanInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Range(nameof(InitialRetryDelay), InitialRetryDelay, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Range(nameof(MaxRetryDelay), MaxRetryDelay, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Range(nameof(ReleaseTimeout), ReleaseTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        Range(nameof(OutboxAgeThreshold), OutboxAgeThreshold, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7));
        Range(nameof(ScanAgeThreshold), ScanAgeThreshold, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7));
        if (MaxRetryDelay < InitialRetryDelay)
        {
            Add(nameof(MaxRetryDelay), $"must be at least {nameof(InitialRetryDelay)} ({InitialRetryDelay}) (was {MaxRetryDelay}).");
        }

        if (ScanAgeThreshold <= ScanInterval)
        {
            Add(nameof(ScanAgeThreshold), $"must be longer than {nameof(ScanInterval)} ({ScanInterval}), or every healthy instance reports a late scan (was {ScanAgeThreshold}).");
        }

        if (ChannelFailureStreak is < 1 or > 1000)
        {
            Add(nameof(ChannelFailureStreak), $"must be between 1 and 1000 (was {ChannelFailureStreak}).");
        }

        return problems;
    }

    /// <summary>The wait after <paramref name="failures"/> consecutive failed passes.</summary>
    internal TimeSpan RetryDelay(int failures)
    {
        var delay = InitialRetryDelay;
        for (var i = 1; i < failures && delay < MaxRetryDelay; i++)
        {
            delay += delay;
        }

        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }
}
