using PetitionOpinion.Monitoring;

namespace PetitionOpinion.Tests.OpinionMonitoring;

/// <summary>
/// A tiny dictionary segmenter for tests: the longest dictionary word at each position (forward maximum matching), else one
/// character; letters and digits run together as one word; punctuation and white space are not words.
/// </summary>
internal sealed class DictionarySegmenter(params string[] words) : ITextSegmenter
{
    private readonly HashSet<string> _words = new(words, StringComparer.Ordinal);
    private readonly int _longest = words.Length == 0 ? 1 : words.Max(w => w.Length);

    public int Calls { get; private set; }

    public IReadOnlyList<string> Segment(string text)
    {
        Calls++;
        var result = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c))
            {
                i++;
                continue;
            }

            var match = 0;
            for (var length = Math.Min(_longest, text.Length - i); length >= 2 && match == 0; length--)
            {
                match = _words.Contains(text.Substring(i, length)) ? length : 0;
            }

            if (match == 0 && char.IsAscii(c) && char.IsLetterOrDigit(c))
            {
                match = 1;
                while (i + match < text.Length && char.IsAscii(text[i + match]) && char.IsLetterOrDigit(text[i + match]))
                {
                    match++;
                }
            }

            match = Math.Max(match, 1);
            result.Add(text.Substring(i, match));
            i += match;
        }

        return result;
    }
}

/// <summary>A fake scorer: −0.8 for a text with 差 or 投诉, 0.6 for one with 好, else 0; it counts its calls.</summary>
internal sealed class KeywordScorer : ISentimentScorer
{
    private int _calls;

    public int Calls => _calls;

    public double Score(ReadOnlySpan<char> text)
    {
        Interlocked.Increment(ref _calls);
        return text.Contains("差", StringComparison.Ordinal) || text.Contains("投诉", StringComparison.Ordinal) ? -0.8
            : text.Contains('好') ? 0.6 : 0;
    }
}

internal static class Schemes
{
    public static MonitoringSchemeOptions Scheme(string topic, string[]? anyOf = null, string[]? allOf = null, string[]? noneOf = null, string[]? aliases = null, string[]? phrases = null)
    {
        var scheme = new MonitoringSchemeOptions { Topic = topic };
        foreach (var (list, words) in new[] { (scheme.AnyOf, anyOf), (scheme.AllOf, allOf), (scheme.NoneOf, noneOf), (scheme.Aliases, aliases), (scheme.Phrases, phrases) })
        {
            foreach (var word in words ?? [])
            {
                list.Add(word);
            }
        }

        return scheme;
    }

    public static PostMonitoringOptions Options(params MonitoringSchemeOptions[] schemes)
    {
        var options = new PostMonitoringOptions();
        foreach (var scheme in schemes)
        {
            options.Schemes.Add(scheme);
        }

        return options;
    }
}
