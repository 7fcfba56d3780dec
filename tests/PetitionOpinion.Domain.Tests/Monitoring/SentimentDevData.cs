namespace PetitionOpinion.Tests.OpinionMonitoring;

/// <summary>
/// The labelled reviews of the shared development folder (<c>../shared/data/sentiment-dev/reviews.csv</c> next to the
/// repository, or the folder named by PETITIONOPINION_SENTIMENT_DEV): never copied into the repository, read where it is.
/// </summary>
internal static class SentimentDevData
{
    public static string Folder { get; } = Environment.GetEnvironmentVariable("PETITIONOPINION_SENTIMENT_DEV")
        ?? Path.GetFullPath(Path.Combine(RepositoryFiles.Root, "..", "shared", "data", "sentiment-dev"));

    private static readonly Lazy<IReadOnlyList<Review>> All = new(Read);

    public static IReadOnlyList<Review> Reviews => All.Value;

    private static List<Review> Read()
    {
        var path = Path.Combine(Folder, "reviews.csv");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The sentiment development data is not at {path} (set PETITIONOPINION_SENTIMENT_DEV to its folder).");
        }

        // category,label,text — the text is the rest of the line (it may hold commas; no quoting in this file).
        var reviews = new List<Review>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var first = line.IndexOf(',', StringComparison.Ordinal);
            var second = line.IndexOf(',', first + 1);
            if (first < 0 || second < 0)
            {
                continue;
            }

            var text = line[(second + 1)..];
            if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
            {
                text = text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
            }

            reviews.Add(new Review(line[..first], line[first + 1] == '1', text));
        }

        return reviews;
    }
}

internal sealed record Review(string Category, bool Positive, string Text);

/// <summary>
/// The baseline of the measurements: multinomial naive Bayes over character unigrams and bigrams with add-one smoothing.
/// </summary>
internal sealed class NaiveBayesScorer : PetitionOpinion.Monitoring.ISentimentScorer
{
    private readonly Dictionary<string, (int Positive, int Negative)> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Positive, int Negative)>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly double _prior;
    private readonly double _positiveTotal;
    private readonly double _negativeTotal;

    public NaiveBayesScorer(IEnumerable<(string Text, bool Positive)> examples)
    {
        int positives = 0, negatives = 0;
        long positiveTokens = 0, negativeTokens = 0;
        foreach (var (text, positive) in examples)
        {
            _ = positive ? positives++ : negatives++;
            for (var i = 0; i < text.Length; i++)
            {
                for (var n = 1; n <= 2 && i + n <= text.Length; n++)
                {
                    var gram = text.Substring(i, n);
                    var (p, q) = _counts.GetValueOrDefault(gram);
                    _counts[gram] = positive ? (p + 1, q) : (p, q + 1);
                    _ = positive ? positiveTokens++ : negativeTokens++;
                }
            }
        }

        _lookup = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
        _prior = Math.Log((double)positives / negatives);
        _positiveTotal = positiveTokens + _counts.Count;
        _negativeTotal = negativeTokens + _counts.Count;
    }

    public double Score(ReadOnlySpan<char> text)
    {
        var logOdds = _prior;
        for (var i = 0; i < text.Length; i++)
        {
            for (var n = 1; n <= 2 && i + n <= text.Length; n++)
            {
                if (_lookup.TryGetValue(text.Slice(i, n), out var c))
                {
                    logOdds += Math.Log((c.Positive + 1) / _positiveTotal) - Math.Log((c.Negative + 1) / _negativeTotal);
                }
            }
        }

        return Math.Tanh(logOdds / 2);
    }
}
