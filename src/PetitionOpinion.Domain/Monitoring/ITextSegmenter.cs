namespace PetitionOpinion.Monitoring;

/// <summary>
/// Cuts a text into words: Chinese is written without spaces, so matching a monitoring scheme's words needs a segmenter
/// (a dictionary-based one, with the company's own product names among its words). Implementations must be thread-safe.
/// </summary>
public interface ITextSegmenter
{
    /// <summary>Cuts a text into its words, in order; punctuation and white space are not words.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The words, in the order they occur.</returns>
    IReadOnlyList<string> Segment(string text);
}
