using PetitionOpinion.Assessment;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Monitoring;

/// <summary>
/// One mention the opinion monitoring group's software collected (<c>docs/monitoring.md</c>): which topic, where, when, how
/// negative, how far it reached and how influential its author is.
/// </summary>
/// <param name="Topic">The topic or keyword it belongs to.</param>
/// <param name="Platform">Where it was posted, e.g. <c>weibo</c>.</param>
/// <param name="At">When it was posted.</param>
/// <param name="Sentiment">Its sentiment, from −1 (negative) to 1 (positive).</param>
/// <param name="Reach">Its views or impressions, 0 or more.</param>
/// <param name="AuthorInfluence">Its author's influence (followers, or a score), 0 or more.</param>
/// <param name="Id">The platform's id of the mention, if known: the same mention fed twice is dropped as a duplicate.</param>
public readonly record struct MentionSignal(string Topic, string Platform, DateTimeOffset At, double Sentiment, long Reach, double AuthorInfluence, string? Id = null);

/// <summary>What the detector did with a signal.</summary>
public enum SignalOutcome
{
    /// <summary>Counted.</summary>
    Accepted = 1,

    /// <summary>Dropped: the same mention was seen among the topic's recent ones (same id, or the same time, reach, sentiment and influence).</summary>
    Duplicate = 2,

    /// <summary>Dropped: older than the topic's current bucket, whose predecessors are closed (counts are never rewritten).</summary>
    Late = 3,

    /// <summary>Dropped: malformed (no topic, no time, sentiment outside −1..1 or not a number, negative reach or influence, negative count).</summary>
    Invalid = 4,

    /// <summary>Dropped: later than the clock allows (<see cref="OpinionMonitorOptions.MaxAhead"/>), so that one wrong timestamp cannot fast-forward a topic.</summary>
    TooFarAhead = 5,
}

/// <summary>What an alert is about.</summary>
public enum OpinionAlertKind
{
    /// <summary>Many more mentions than the topic's usual for this hour of the day.</summary>
    VolumeSurge = 1,

    /// <summary>A much larger share of negative mentions than the topic's usual.</summary>
    NegativeSentimentSurge = 2,

    /// <summary>One mention that reached far more people than the topic's usual.</summary>
    HighReachPost = 3,
}

/// <summary>
/// An alert on a topic, explaining itself: the baseline it was measured against, the observed value, their factor, and
/// the window it looked at.
/// </summary>
/// <param name="Topic">The topic.</param>
/// <param name="Kind">What it is about.</param>
/// <param name="At">The time of the signal that raised it.</param>
/// <param name="WindowStart">The start of the window it looked at.</param>
/// <param name="WindowEnd">The end of that window.</param>
/// <param name="Baseline">The usual value: mentions per window for this hour of the day, a negative share, or a typical reach.</param>
/// <param name="Observed">The value observed.</param>
/// <param name="Factor">Observed over baseline.</param>
/// <param name="Mentions">The mentions in the window.</param>
/// <param name="NegativeMentions">The negative mentions in the window.</param>
/// <param name="Reach">The total reach of the mentions in the window.</param>
/// <param name="Explanation">One sentence saying why.</param>
public sealed record OpinionAlert(
    string Topic,
    OpinionAlertKind Kind,
    DateTimeOffset At,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    double Baseline,
    double Observed,
    double Factor,
    long Mentions,
    long NegativeMentions,
    long Reach,
    string Explanation)
{
    /// <summary>Gets the share of negative mentions in the window, from 0 to 1.</summary>
    public double NegativeShare => Mentions == 0 ? 0 : (double)NegativeMentions / Mentions;

    /// <summary>The facts the risk assessment needs, as far as the monitor knows them: a public-opinion incident seen by monitoring, its reach and negative share.</summary>
    /// <param name="category">The risk category of the topic.</param>
    /// <returns>The facts; add what the monitor cannot know (media coverage, regulator, injuries…) before assessing.</returns>
    public RiskFacts ToRiskFacts(RiskCategory category)
        => new() { Category = category, Kind = IncidentKind.PublicOpinion, Channel = IntakeChannel.OpinionMonitoring, Reach = Reach, NegativeShare = NegativeShare };
}
