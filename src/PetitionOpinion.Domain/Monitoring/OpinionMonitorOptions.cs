namespace PetitionOpinion.Monitoring;

/// <summary>
/// How the opinion monitor detects (configuration section <c>PetitionOpinion:Monitoring</c>). The defaults are general
/// settings for mention streams of any size; check with <see cref="Validate"/>.
/// </summary>
public sealed class OpinionMonitorOptions
{
    /// <summary>Gets or sets the rolling window the volume and sentiment are measured over: 5, 10, 15, 20, 30 or 60 minutes. It is kept as 12 buckets. Default: 1 hour (12 buckets of 5 minutes).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets how many days of hourly counts the volume baseline keeps, from 1 to 28: the baseline of an hour is the median of the same hour on those days. Default: 7.</summary>
    public int BaselineDays { get; set; } = 7;

    /// <summary>Gets or sets how many of those days must have been seen before a volume surge can be raised, from 1 to <see cref="BaselineDays"/>. Default: 1.</summary>
    public int MinBaselineDays { get; set; } = 1;

    /// <summary>Gets or sets the factor over the baseline that makes a volume surge, above 1 (with <see cref="SurgeDeviations"/>, a rise that is a surge whatever the topic's variability). Default: 10.</summary>
    public double SurgeFactor { get; set; } = 10;

    /// <summary>Gets or sets how many of the topic's usual deviations from its baseline make a volume surge, 0 to use <see cref="SurgeFactor"/> alone: the topic's own variability (1.4826 × the median of how far its hourly counts strayed from their baselines, weighted to the last week, in the logarithm of the ratio smoothed by <see cref="Smoothing"/>) scales the threshold, and a rise of <see cref="SurgeFactor"/> is a surge too. From 0 to 100. Default: 3.2.</summary>
    public double SurgeDeviations { get; set; } = 3.2;

    /// <summary>Gets or sets the fewest mentions above the baseline a volume surge needs, so that a quiet topic's handful is not a surge. Default: 50.</summary>
    public int MinExcessMentions { get; set; } = 50;

    /// <summary>Gets or sets the mentions added to both sides of the ratio (observed + s) / (baseline + s) that the surge rules compare, which calms small counts (the deviations are measured on it with s at least 1). Default: 40.</summary>
    public double Smoothing { get; set; } = 40;

    /// <summary>Gets or sets the sentiment at or below which a mention counts as negative, from −1 to 0. Default: −0.25.</summary>
    public double NegativeAtOrBelow { get; set; } = -0.25;

    /// <summary>Gets or sets the smallest negative share that makes a negative-sentiment surge, from 0 to 1. Default: 0.5.</summary>
    public double MinNegativeShare { get; set; } = 0.5;

    /// <summary>Gets or sets how far above the topic's usual negative share the window's must be, from 0 to 1. Default: 0.25.</summary>
    public double NegativeShareRise { get; set; } = 0.25;

    /// <summary>Gets or sets the fewest negative mentions in the window a negative-sentiment surge needs. Default: 20.</summary>
    public int MinNegativeMentions { get; set; } = 20;

    /// <summary>Gets or sets the reach at which one mention is a high-reach post whatever the topic's usual. Default: 1,000,000.</summary>
    public long HighReach { get; set; } = 1_000_000;

    /// <summary>Gets or sets the factor over the topic's typical reach that makes a high-reach post (if it also reaches <see cref="MinHighReach"/>). Default: 100.</summary>
    public double HighReachFactor { get; set; } = 100;

    /// <summary>Gets or sets the smallest reach of a post that can be high-reach by the factor. Default: 100,000.</summary>
    public long MinHighReach { get; set; } = 100_000;

    /// <summary>Gets or sets the time after an alert on a topic before another of the same kind is raised on it. Default: 24 hours.</summary>
    public TimeSpan AlertCooldown { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Gets or sets how far ahead of the clock a signal may be (clocks differ a little); later ones are dropped. Default: 5 minutes.</summary>
    public TimeSpan MaxAhead { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the least time between two incidents the monitor opens for one topic; alerts in between attach to the last one. Default: 24 hours.</summary>
    public TimeSpan IncidentCooldown { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Gets or sets the account the monitor reports incidents under; it must be a person of the organisation. Default: <c>system:opinion-monitor</c>.</summary>
    public string ReporterId { get; set; } = "system:opinion-monitor";

    /// <summary>Gets or sets the risk category of the incidents the monitor opens, for topics without their own (<c>OpinionMonitor.SetCategory</c>). Default: <c>ProductQuality</c>.</summary>
    public string DefaultCategory { get; set; } = "ProductQuality";

    /// <summary>Gets or sets whether an alert opens (or attaches to) an incident. Default: <see langword="true"/>.</summary>
    public bool OpenIncidents { get; set; } = true;

    /// <summary>
    /// Gets or sets how often <c>PartitionedOpinionMonitor</c> saves a topic's state that new signals changed (it also
    /// saves it after every alert, and when it stops or hands the topic over): after a crash, the instance that takes the
    /// topic over replays at most this much of the stream. Default: 1 minute. From 1 second to 1 day.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets into how many partitions <c>PartitionedOpinionMonitor</c> splits the topics (by a hash of the topic's
    /// name); each partition is owned by one instance at a time. Every instance sharing a store must use the same number.
    /// Default: 16. From 1 to 1024.
    /// </summary>
    public int Partitions { get; set; } = 16;

    /// <summary>
    /// Gets or sets how long an instance's hold on its partitions and on its place among the instances lasts without being
    /// renewed (it renews them every third of it): when an instance stops, others take its partitions over this long after
    /// its last renewal. Default: 1 minute. From 1 second to 1 day.
    /// </summary>
    public TimeSpan PartitionLeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the most instances that may share the topics (each holds one place). Default: 16. From 1 to 256.</summary>
    public int MaxInstances { get; set; } = 16;

    /// <summary>
    /// Gets or sets how many recent signals an instance sharing the topics through leases keeps (of every partition, its own
    /// too), to replay those newer than the checkpoint when it takes a partition over. Default: 100,000. From 0 to 10,000,000.
    /// </summary>
    public int ReplaySignals { get; set; } = 100_000;

    /// <summary>Lists every problem with its path.</summary>
    /// <param name="path">The configuration path of these options.</param>
    /// <returns>The problems, each code <c>monitoring.invalid</c> with the path <c>{path}:{Property}</c>; empty when valid.</returns>
    public IReadOnlyList<DomainError> Validate(string path = "Monitoring")
    {
        ArgumentNullException.ThrowIfNull(path);
        var problems = new List<DomainError>();
        void Check(bool ok, string property, string rule, object? value)
        {
            if (!ok)
            {
                problems.Add(new DomainError("monitoring.invalid", $"must be {rule} (was {value}).") { Path = path.Length == 0 ? property : $"{path}:{property}" });
            }
        }

        Check(Window >= TimeSpan.FromMinutes(5) && Window <= TimeSpan.FromHours(1) && TimeSpan.FromHours(1).Ticks % Window.Ticks == 0 && Window.Ticks % 12 == 0, nameof(Window), "5, 10, 15, 20, 30 or 60 minutes (a divisor of an hour, from 5 minutes)", Window);
        Check(BaselineDays is >= 1 and <= 28, nameof(BaselineDays), "from 1 to 28", BaselineDays);
        Check(MinBaselineDays >= 1 && MinBaselineDays <= BaselineDays, nameof(MinBaselineDays), $"from 1 to {nameof(BaselineDays)}", MinBaselineDays);
        Check(SurgeFactor > 1 && double.IsFinite(SurgeFactor), nameof(SurgeFactor), "above 1", SurgeFactor);
        Check(SurgeDeviations is >= 0 and <= 100, nameof(SurgeDeviations), "from 0 to 100", SurgeDeviations);
        Check(MinExcessMentions >= 1, nameof(MinExcessMentions), "at least 1", MinExcessMentions);
        Check(Smoothing >= 0 && double.IsFinite(Smoothing), nameof(Smoothing), "0 or more", Smoothing);
        Check(NegativeAtOrBelow is >= -1 and <= 0, nameof(NegativeAtOrBelow), "from -1 to 0", NegativeAtOrBelow);
        Check(MinNegativeShare is > 0 and <= 1, nameof(MinNegativeShare), "above 0 and at most 1", MinNegativeShare);
        Check(NegativeShareRise is >= 0 and <= 1, nameof(NegativeShareRise), "from 0 to 1", NegativeShareRise);
        Check(MinNegativeMentions >= 1, nameof(MinNegativeMentions), "at least 1", MinNegativeMentions);
        Check(HighReach >= 1, nameof(HighReach), "at least 1", HighReach);
        Check(HighReachFactor > 1 && double.IsFinite(HighReachFactor), nameof(HighReachFactor), "above 1", HighReachFactor);
        Check(MinHighReach >= 1 && MinHighReach <= HighReach, nameof(MinHighReach), $"from 1 to {nameof(HighReach)}", MinHighReach);
        Check(AlertCooldown >= TimeSpan.Zero && AlertCooldown <= TimeSpan.FromDays(30), nameof(AlertCooldown), "from 0 to 30 days", AlertCooldown);
        Check(MaxAhead >= TimeSpan.Zero && MaxAhead <= TimeSpan.FromDays(1), nameof(MaxAhead), "from 0 to 1 day", MaxAhead);
        Check(IncidentCooldown >= TimeSpan.Zero && IncidentCooldown <= TimeSpan.FromDays(30), nameof(IncidentCooldown), "from 0 to 30 days", IncidentCooldown);
        Check(IdentifierRules.Explain(ReporterId) is null, nameof(ReporterId), "a valid identifier", ReporterId);
        Check(IdentifierRules.Explain(DefaultCategory) is null, nameof(DefaultCategory), "a valid category identifier", DefaultCategory);
        Check(CheckpointInterval >= TimeSpan.FromSeconds(1) && CheckpointInterval <= TimeSpan.FromDays(1), nameof(CheckpointInterval), "from 1 second to 1 day", CheckpointInterval);
        Check(Partitions is >= 1 and <= 1024, nameof(Partitions), "from 1 to 1024", Partitions);
        Check(PartitionLeaseDuration >= TimeSpan.FromSeconds(1) && PartitionLeaseDuration <= TimeSpan.FromDays(1), nameof(PartitionLeaseDuration), "from 1 second to 1 day", PartitionLeaseDuration);
        Check(MaxInstances is >= 1 and <= 256, nameof(MaxInstances), "from 1 to 256", MaxInstances);
        Check(ReplaySignals is >= 0 and <= 10_000_000, nameof(ReplaySignals), "from 0 to 10,000,000", ReplaySignals);
        return problems;
    }
}
