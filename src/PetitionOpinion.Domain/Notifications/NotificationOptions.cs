using System.Globalization;
using Ardalis.GuardClauses;

namespace PetitionOpinion.Notifications;

/// <summary>
/// How <see cref="NotificationDispatcher"/> delivers the outbox's notifications (configuration section
/// <c>PetitionOpinion:Notifications</c>). Check with <see cref="Validate"/>: every problem is listed at once.
/// </summary>
/// <example>
/// <code language="json">
/// "Notifications": {
///   "BatchSize": 100,
///   "InitialRetryDelay": "00:00:05",
///   "MaxRetryDelay": "00:10:00",
///   "BackoffMultiplier": 2.0,
///   "JitterRatio": 0.2,
///   "DeliveryTimeout": "00:00:30",
///   "PollInterval": "00:00:05",
///   "DeliveredKeysRemembered": 10000,
///   "OutboxRetention": "30.00:00:00"
/// }
/// </code>
/// </example>
public sealed class NotificationOptions
{
    /// <summary>The largest <see cref="BatchSize"/>: 10 000.</summary>
    public const int MaxBatchSize = 10_000;

    /// <summary>The largest <see cref="DeliveredKeysRemembered"/>: 10 000 000.</summary>
    public const int MaxDeliveredKeysRemembered = 10_000_000;

    /// <summary>The longest <see cref="DeliveryTimeout"/>, <see cref="PollInterval"/>, <see cref="InitialRetryDelay"/> and <see cref="MaxRetryDelay"/>: one day.</summary>
    public static TimeSpan MaxInterval { get; } = TimeSpan.FromDays(1);

    /// <summary>The longest <see cref="OutboxRetention"/>: 3 650 days (about ten years).</summary>
    public static TimeSpan MaxOutboxRetention { get; } = TimeSpan.FromDays(3650);

    /// <summary>The largest <see cref="BackoffMultiplier"/>: 10.</summary>
    public const double MaxBackoffMultiplier = 10.0;

    /// <summary>
    /// Gets or sets how many new outbox messages one pass reads, besides those it already holds back (backing off,
    /// unreadable, or of another kind). Default: 100. From 1 to <see cref="MaxBatchSize"/>.
    /// </summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Gets or sets the delay before the second attempt of a failed delivery. Default: 5 seconds. More than zero, at most <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the longest delay between two attempts, before jitter. Default: 10 minutes. At most <see cref="MaxInterval"/>.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Gets or sets how much longer each delay is than the one before: after attempt <c>n</c> fails, the next waits
    /// <c>min(MaxRetryDelay, InitialRetryDelay × BackoffMultiplier^(n − 1))</c>, times the jitter. Default: 2. From 1 to <see cref="MaxBackoffMultiplier"/>.
    /// </summary>
    public double BackoffMultiplier { get; set; } = 2.0;

    /// <summary>
    /// Gets or sets the jitter: every delay is multiplied by a random factor in <c>[1 − JitterRatio, 1 + JitterRatio]</c>,
    /// so that messages that failed together are not retried together. Default: 0.2. From 0 (no jitter) to less than 1.
    /// </summary>
    public double JitterRatio { get; set; } = 0.2;

    /// <summary>
    /// Gets or sets how long one channel may take to deliver one notification before the attempt counts as failed (the
    /// channel's token is cancelled and its task abandoned). Default: 30 seconds. More than zero, at most <see cref="MaxInterval"/>.
    /// </summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long <see cref="NotificationDispatcher.RunAsync"/> waits between two passes. Default: 5 seconds. More than zero, at most <see cref="MaxInterval"/>.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets how many (de-duplication key, channel) deliveries the dispatcher remembers, oldest forgotten first, so
    /// that the same key is not delivered twice to a channel (recorded twice, or read again after an acknowledgement
    /// failed). Default: 10 000. From <see cref="BatchSize"/> to <see cref="MaxDeliveredKeysRemembered"/>.
    /// </summary>
    public int DeliveredKeysRemembered { get; set; } = 10_000;

    /// <summary>
    /// Gets or sets how long a delivered (acknowledged) outbox message is kept before
    /// <see cref="NotificationDispatcher.PurgeDeliveredAsync"/> deletes it. A message carries the notification's full
    /// text — for confidential recipients, the petitioner's details — so it should not outlive its use: answering "was
    /// this person told, and what?" soon after. A message not yet delivered is never purged, whatever its age. Default:
    /// 30 days. More than zero, at most <see cref="MaxOutboxRetention"/>.
    /// </summary>
    public TimeSpan OutboxRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Lists every problem of these options.</summary>
    /// <param name="path">The configuration path of these options, prefixed to every problem (e.g. <c>Notifications</c>); may be empty.</param>
    /// <returns>
    /// One error per problem, code <c>notifications.invalid</c>, <see cref="DomainError.Path"/> <c>{path}:{Property}</c>,
    /// message <c>must … (was …).</c>; empty when the options are valid.
    /// </returns>
    public IReadOnlyList<DomainError> Validate(string path)
    {
        Guard.Against.Null(path);
        var problems = new List<DomainError>();
        void Add(string property, FormattableString rule, object value)
            => problems.Add(new DomainError("notifications.invalid", string.Create(CultureInfo.InvariantCulture, $"must {rule.ToString(CultureInfo.InvariantCulture)} (was {value}).")) { Path = path.Length == 0 ? property : $"{path}:{property}" });

        if (BatchSize is < 1 or > MaxBatchSize)
        {
            Add(nameof(BatchSize), $"be from 1 to {MaxBatchSize}", BatchSize);
        }

        CheckInterval(nameof(InitialRetryDelay), InitialRetryDelay);
        CheckInterval(nameof(MaxRetryDelay), MaxRetryDelay);
        if (InitialRetryDelay > TimeSpan.Zero && MaxRetryDelay > TimeSpan.Zero && InitialRetryDelay > MaxRetryDelay)
        {
            Add(nameof(InitialRetryDelay), $"be at most {nameof(MaxRetryDelay)} ({MaxRetryDelay:c})", InitialRetryDelay.ToString("c", CultureInfo.InvariantCulture));
        }

        if (!(BackoffMultiplier >= 1.0 && BackoffMultiplier <= MaxBackoffMultiplier))
        {
            Add(nameof(BackoffMultiplier), $"be from 1 to {MaxBackoffMultiplier}", BackoffMultiplier);
        }

        if (!(JitterRatio >= 0.0 && JitterRatio < 1.0))
        {
            Add(nameof(JitterRatio), $"be at least 0 and less than 1", JitterRatio);
        }

        CheckInterval(nameof(DeliveryTimeout), DeliveryTimeout);
        CheckInterval(nameof(PollInterval), PollInterval);
        if (DeliveredKeysRemembered is < 1 or > MaxDeliveredKeysRemembered)
        {
            Add(nameof(DeliveredKeysRemembered), $"be from 1 to {MaxDeliveredKeysRemembered}", DeliveredKeysRemembered);
        }
        else if (DeliveredKeysRemembered < BatchSize)
        {
            // Fewer would forget a pass's own deliveries before an acknowledgement that failed is retried.
            Add(nameof(DeliveredKeysRemembered), $"be at least {nameof(BatchSize)} ({BatchSize})", DeliveredKeysRemembered);
        }

        if (OutboxRetention <= TimeSpan.Zero || OutboxRetention > MaxOutboxRetention)
        {
            Add(nameof(OutboxRetention), $"be more than zero and at most {MaxOutboxRetention:c}", OutboxRetention.ToString("c", CultureInfo.InvariantCulture));
        }

        return problems;

        void CheckInterval(string property, TimeSpan value)
        {
            if (value <= TimeSpan.Zero || value > MaxInterval)
            {
                Add(property, $"be more than zero and at most {MaxInterval:c}", value.ToString("c", CultureInfo.InvariantCulture));
            }
        }
    }
}
