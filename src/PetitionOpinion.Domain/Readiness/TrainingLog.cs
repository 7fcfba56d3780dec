using System.Collections.Frozen;
using Ardalis.GuardClauses;

namespace PetitionOpinion.Readiness;

/// <summary>One completed training (培训, the plan's regular training): who took which course, and on which day.</summary>
/// <param name="Person">The person trained.</param>
/// <param name="Course">The course: a <see cref="ResourceKind.TrainingCourse"/> of the catalogue.</param>
/// <param name="CompletedOn">The day the course was completed, in the organisation's time zone.</param>
public readonly record struct TrainingRecord(PersonId Person, ResourceId Course, DateOnly CompletedOn);

/// <summary>Where a person stands with training on a given day.</summary>
public enum TrainingStatus
{
    /// <summary>No training completed on or before the day (未培训).</summary>
    Untrained = 1,

    /// <summary>The last training is within the refresh interval (培训有效).</summary>
    Current = 2,

    /// <summary>The last training is older than the refresh interval (培训过期).</summary>
    Overdue = 3,
}

/// <summary>A person's training on a given day.</summary>
/// <param name="Status">Untrained, current or overdue.</param>
/// <param name="LastCompletedOn">The last completion on or before the day; <see langword="null"/> when untrained.</param>
/// <param name="DueOn">The last day the training counts (the last completion plus the refresh interval); <see langword="null"/> when untrained.</param>
public readonly record struct TrainingStanding(TrainingStatus Status, DateOnly? LastCompletedOn, DateOnly? DueOn);

/// <summary>
/// Training records with a refresh interval (default 12 months): who is trained, and until when. Immutable.
/// </summary>
/// <remarks>
/// A training completed on day <c>d</c> counts up to and including <c>d</c> plus the refresh interval in months
/// (<see cref="DateOnly.AddMonths"/>: 29 February plus 12 months is 28 February); the day after, the person is overdue.
/// Records dated after the day asked about do not count yet, so a report for a past day reads the records as they stood.
/// </remarks>
public sealed class TrainingLog
{
    /// <summary>The default refresh interval: 12 months.</summary>
    public const int DefaultRefreshMonths = 12;

    /// <summary>The longest refresh interval accepted: 120 months.</summary>
    public const int MaxRefreshMonths = 120;

    private readonly FrozenDictionary<PersonId, DateOnly[]> _completions;

    /// <summary>Initializes a new instance of the <see cref="TrainingLog"/> class.</summary>
    /// <param name="records">The training records, in any order.</param>
    /// <param name="refreshMonths">How long a training counts, in months, from 1 to <see cref="MaxRefreshMonths"/>. Default: <see cref="DefaultRefreshMonths"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A record names no person or no course.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="refreshMonths"/> is out of range.</exception>
    public TrainingLog(IEnumerable<TrainingRecord> records, int refreshMonths = DefaultRefreshMonths)
    {
        Guard.Against.Null(records);
        Guard.Against.OutOfRange(refreshMonths, nameof(refreshMonths), 1, MaxRefreshMonths);
        var list = records.ToArray();
        foreach (var record in list)
        {
            if (record.Person.IsEmpty || record.Course.IsEmpty)
            {
                throw new ArgumentException($"A training record must name a person and a course (was {record}).", nameof(records));
            }
        }

        Records = list;
        RefreshMonths = refreshMonths;
        _completions = list.GroupBy(r => r.Person).ToFrozenDictionary(g => g.Key, g => g.Select(r => r.CompletedOn).Order().ToArray());
    }

    /// <summary>Gets the log without any record and the default refresh interval.</summary>
    public static TrainingLog Empty { get; } = new([]);

    /// <summary>Gets the records, in the order given.</summary>
    public IReadOnlyList<TrainingRecord> Records { get; }

    /// <summary>Gets how long a training counts, in months (default 12).</summary>
    public int RefreshMonths { get; }

    /// <summary>Says where <paramref name="person"/> stands with training on <paramref name="asOf"/>.</summary>
    /// <param name="person">The person.</param>
    /// <param name="asOf">The day.</param>
    /// <returns>Untrained (no completion on or before the day), current (the last completion plus the interval is on or after the day) or overdue.</returns>
    public TrainingStanding StandingOf(PersonId person, DateOnly asOf)
    {
        if (!_completions.TryGetValue(person, out var days))
        {
            return new TrainingStanding(TrainingStatus.Untrained, null, null);
        }

        // The days are sorted: the last one on or before asOf is the one that counts (any match is that day itself).
        var index = Array.BinarySearch(days, asOf);
        index = index >= 0 ? index : ~index - 1;
        if (index < 0)
        {
            return new TrainingStanding(TrainingStatus.Untrained, null, null);
        }

        var last = days[index];
        var due = last.AddMonths(RefreshMonths);
        return new TrainingStanding(due < asOf ? TrainingStatus.Overdue : TrainingStatus.Current, last, due);
    }

    /// <summary>Returns a log with <paramref name="record"/> added.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The new log.</returns>
    public TrainingLog With(TrainingRecord record) => new(Records.Append(record), RefreshMonths);

    /// <summary>Returns a log with the same records and another refresh interval.</summary>
    /// <param name="refreshMonths">The interval in months, from 1 to <see cref="MaxRefreshMonths"/>.</param>
    /// <returns>The new log.</returns>
    public TrainingLog WithRefreshMonths(int refreshMonths) => new(Records, refreshMonths);
}
