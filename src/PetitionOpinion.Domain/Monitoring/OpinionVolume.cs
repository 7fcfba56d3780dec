namespace PetitionOpinion.Monitoring;

/// <summary>
/// A topic's mentions per hour over its recent hours, with the detector's baseline of each hour: what a chart of the
/// topic's volume draws (<see cref="OpinionDetector.RecentVolume"/>; recorded with an alert as
/// <see cref="Incidents.Events.OpinionAlertRecorded.Volume"/>).
/// </summary>
/// <param name="Start">The start of the first hour (UTC, on the hour).</param>
/// <param name="Mentions">The mentions of each hour from <paramref name="Start"/>, one per hour; the last is the topic's current hour so far.</param>
/// <param name="Baselines">
/// The baselines of the last <c>Baselines.Count</c> hours (aligned with the end of <paramref name="Mentions"/>, never more
/// of them): the median of the same hour of the day over the days the detector kept before it, in mentions per hour. The
/// hours before them had too few days of history for a baseline.
/// </param>
public sealed record OpinionVolume(DateTimeOffset Start, IReadOnlyList<long> Mentions, IReadOnlyList<double> Baselines)
{
    /// <summary>Gets the baseline of an hour, if it has one.</summary>
    /// <param name="hour">The hour's index in <see cref="Mentions"/>.</param>
    /// <returns>Its baseline, or <see langword="null"/> when it had too few days of history (or the index is out of range).</returns>
    public double? BaselineAt(int hour)
    {
        var offset = Mentions.Count - Baselines.Count;
        return hour >= offset && hour < Mentions.Count ? Baselines[hour - offset] : null;
    }
}
