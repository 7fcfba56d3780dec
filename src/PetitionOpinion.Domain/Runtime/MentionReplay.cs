using System.Globalization;
using Ardalis.GuardClauses;

namespace PetitionOpinion.Monitoring;

/// <summary>A clock for replaying history: it stands at the latest time it was moved to, and never goes back.</summary>
/// <param name="start">Where it starts.</param>
public sealed class ReplayClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    /// <summary>Moves the clock to <paramref name="at"/> if that is later than now.</summary>
    /// <param name="at">The time.</param>
    public void AdvanceTo(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        long current;
        while (ticks > (current = Interlocked.Read(ref _ticks)) && Interlocked.CompareExchange(ref _ticks, ticks, current) != current)
        {
        }
    }
}

/// <summary>What a replay read and did.</summary>
/// <param name="Rows">The data rows read (the header excluded).</param>
/// <param name="Counts">What the monitor did with the rows it was given (late, duplicate and far-ahead rows are counted there, not as malformed).</param>
/// <param name="Malformed">The rows that could not be read, by line number with the reason (at most 100 are listed; <paramref name="MalformedCount"/> counts all).</param>
/// <param name="MalformedCount">How many rows could not be read.</param>
/// <param name="Alerts">The alerts raised, with their incidents.</param>
public sealed record ReplayReport(long Rows, MonitorCounts Counts, IReadOnlyList<string> Malformed, long MalformedCount, IReadOnlyList<MonitorAlert> Alerts);

/// <summary>
/// Replays historical mention data through an <see cref="OpinionMonitor"/>: a <c>timestamp,value</c> series of counts
/// for one topic, or individual signals (<c>timestamp,topic,platform,sentiment,reach,influence[,id]</c>). The CSV is read
/// as RFC 4180 writes it (<see cref="CsvReader"/>): a field in double quotes may hold commas, line breaks and doubled
/// quotes. Timestamps are ISO 8601 or <c>yyyy-MM-dd HH:mm:ss</c>; without an offset they are UTC. A row that cannot be
/// read is reported with the line it starts on and skipped; it never stops the replay. With a <see cref="ReplayClock"/> the clock follows the rows, so
/// that incidents are reported at the data's time.
/// </summary>
public static class MentionReplay
{
    private const int ListedProblems = 100;

    /// <summary>Replays a <c>timestamp,value</c> series of mention counts of one topic.</summary>
    /// <param name="monitor">The monitor.</param>
    /// <param name="topic">The topic the counts belong to.</param>
    /// <param name="csv">The CSV text (a header line first).</param>
    /// <param name="clock">A replay clock to move along the rows, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the replay.</param>
    /// <returns>What was read and done.</returns>
    public static Task<ReplayReport> ReplayCountsAsync(OpinionMonitor monitor, string topic, TextReader csv, ReplayClock? clock, CancellationToken cancellationToken = default)
    {
        Guard.Against.NullOrWhiteSpace(topic);
        return ReplayAsync(monitor, csv, clock, "expected timestamp,value with a whole number of mentions", fields =>
        {
            return fields.Count == 2 && TryTime(fields[0], out var at) && (long.TryParse(fields[1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) || TryWholeNumber(fields[1], out count))
                ? (at, ct => monitor.ObserveCountAsync(topic, at, count, ct))
                : null;
        }, cancellationToken);
    }

    /// <summary>Replays individual signals: <c>timestamp,topic,platform,sentiment,reach,influence[,id]</c> (a topic or platform with a comma in quotes).</summary>
    /// <param name="monitor">The monitor.</param>
    /// <param name="csv">The CSV text (a header line first).</param>
    /// <param name="clock">A replay clock to move along the rows, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the replay.</param>
    /// <returns>What was read and done.</returns>
    public static Task<ReplayReport> ReplaySignalsAsync(OpinionMonitor monitor, TextReader csv, ReplayClock? clock, CancellationToken cancellationToken = default)
        => ReplayAsync(monitor, csv, clock, "expected timestamp,topic,platform,sentiment,reach,influence[,id]", f =>
        {
            if (f.Count is < 6 or > 7 || !TryTime(f[0], out var at)
                || !double.TryParse(f[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var sentiment)
                || !long.TryParse(f[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out var reach)
                || !double.TryParse(f[5], NumberStyles.Float, CultureInfo.InvariantCulture, out var influence))
            {
                return null;
            }

            var signal = new MentionSignal(f[1].Trim(), f[2].Trim(), at, sentiment, reach, influence, f.Count == 7 && f[6].Trim().Length > 0 ? f[6].Trim() : null);
            return (at, ct => monitor.ObserveAsync(signal, ct));
        }, cancellationToken);

    // Reads the rows after the header; a row the parser cannot read, or whose values the detector finds out of range, is
    // reported by line number and skipped.
    private static async Task<ReplayReport> ReplayAsync(
        OpinionMonitor monitor,
        TextReader csv,
        ReplayClock? clock,
        string expected,
        Func<IReadOnlyList<string>, (DateTimeOffset At, Func<CancellationToken, ValueTask<(SignalOutcome Outcome, IReadOnlyList<MonitorAlert> Alerts)>> Observe)?> parse,
        CancellationToken cancellationToken)
    {
        Guard.Against.Null(monitor);
        Guard.Against.Null(csv);
        var before = monitor.Counts;
        var problems = new List<string>();
        var alerts = new List<MonitorAlert>();
        long rows = 0, malformed = 0;
        var reader = new CsvReader(csv);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) is { } record)
        {
            var line = record.Line;
            rows++;
            if (record.Problem is { } unreadable)
            {
                Problem(problems, ref malformed, line, unreadable);
                continue;
            }

            if (parse(record.Fields) is not { } row)
            {
                Problem(problems, ref malformed, line, expected);
                continue;
            }

            // The clock follows the rows, but by at most a day per row: one far-future row cannot carry the clock (and
            // with it every topic) away; it is dropped as too far ahead, and a real gap is caught up within a few rows.
            clock?.AdvanceTo(row.At < clock.GetUtcNow().AddDays(1) ? row.At : clock.GetUtcNow().AddDays(1));
            var (outcome, raised) = await row.Observe(cancellationToken).ConfigureAwait(false);
            if (outcome == SignalOutcome.Invalid)
            {
                Problem(problems, ref malformed, line, "the values are out of range (see SignalOutcome.Invalid)");
            }

            alerts.AddRange(raised);
        }

        return new ReplayReport(rows, Difference(monitor.Counts, before), problems, malformed, alerts);
    }

    private static bool TryTime(string text, out DateTimeOffset at)
        => DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at);

    private static bool TryWholeNumber(string text, out long count)
    {
        // Counts written as 12.0 are whole numbers too.
        count = 0;
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value != Math.Floor(value) || value is < 0 or > long.MaxValue)
        {
            return false;
        }

        count = (long)value;
        return true;
    }

    private static void Problem(List<string> problems, ref long count, long line, string reason)
    {
        count++;
        if (problems.Count < ListedProblems)
        {
            problems.Add($"line {line}: {reason}");
        }
    }

    private static MonitorCounts Difference(MonitorCounts after, MonitorCounts before)
        => new(after.Accepted - before.Accepted, after.Duplicates - before.Duplicates, after.Late - before.Late, after.Invalid - before.Invalid, after.TooFarAhead - before.TooFarAhead);
}
