namespace PetitionOpinion.Monitoring;

/// <summary>
/// Scores how positive or negative a text is: the opinion monitor's judgement of a post, pluggable so that a company can
/// use its own model. Implementations must be thread-safe: one scorer serves every topic and every caller.
/// </summary>
public interface ISentimentScorer
{
    /// <summary>Scores a text.</summary>
    /// <param name="text">The text of a post or a complaint, as written (Chinese or mixed).</param>
    /// <returns>From −1 (negative) through 0 (neutral or unknown) to 1 (positive).</returns>
    double Score(ReadOnlySpan<char> text);
}
