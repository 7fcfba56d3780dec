using Ardalis.GuardClauses;
using JiebaNet.Segmenter;

namespace PetitionOpinion.Monitoring.Jieba;

/// <summary>
/// Cuts Chinese text into words with jieba.NET (结巴分词): its dictionary of about 350,000 words, the company's own words
/// (<see cref="JiebaSegmenterOptions.Words"/>, each also in lower and upper case, and
/// <see cref="JiebaSegmenterOptions.UserDictionaryFile"/>, as written) added so that product names are cut whole, and
/// optionally its hidden Markov model for words in no dictionary.
/// </summary>
/// <remarks>
/// jieba.NET keeps its dictionary in one process-wide instance: the first segmenter built loads it from
/// <see cref="JiebaSegmenterOptions.ResourceDirectory"/> (about a second), and every segmenter's words are added to it.
/// Build the segmenter once at start-up (the registration makes it a singleton); <see cref="Segment"/> is thread-safe
/// once built, but adding words while another thread segments is not.
/// </remarks>
public sealed class JiebaTextSegmenter : ITextSegmenter
{
    private static readonly Lock Loading = new();
    private readonly JiebaSegmenter _jieba;
    private readonly bool _hmm;

    /// <summary>Initializes a new instance of the <see cref="JiebaTextSegmenter"/> class, loading jieba.NET's dictionary and adding the company's words.</summary>
    /// <param name="options">The options; they must be valid (<see cref="JiebaSegmenterOptions.Validate"/>).</param>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public JiebaTextSegmenter(JiebaSegmenterOptions options)
    {
        Guard.Against.Null(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The jieba options are not valid: {string.Join("; ", problems.Select(p => p.ToValidationFailure()))}", nameof(options));
        }

        _hmm = options.FindNewWords;
        lock (Loading)
        {
            ConfigManager.ConfigFileBaseDir = JiebaSegmenterOptions.Resolve(options.ResourceDirectory);
            _jieba = new JiebaSegmenter();
            // jieba's dictionary is case-sensitive and posts are not careful: a word is also added in lower and upper case
            // (星辰X7, 星辰x7), so that the schemes, which ignore case, find it whole either way.
            foreach (var word in options.Words.Select(w => w.Trim()))
            {
                foreach (var form in new[] { word, word.ToLowerInvariant(), word.ToUpperInvariant() }.Distinct(StringComparer.Ordinal))
                {
                    _jieba.AddWord(form);
                }
            }

            if (options.UserDictionaryFile is { } file)
            {
                _jieba.LoadUserDict(JiebaSegmenterOptions.Resolve(file));
            }
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Segment(string text)
    {
        Guard.Against.Null(text);
        var words = new List<string>();
        foreach (var word in _jieba.Cut(text, cutAll: false, hmm: _hmm))
        {
            if (IsWord(word))
            {
                words.Add(word);
            }
        }

        return words;
    }

    private static bool IsWord(string token)
    {
        foreach (var c in token)
        {
            if (char.IsLetterOrDigit(c))
            {
                return true;
            }
        }

        return false;
    }
}
