using Ardalis.GuardClauses;

namespace PetitionOpinion.Monitoring;

/// <summary>
/// The monitoring schemes (<see cref="MonitoringSchemeOptions"/>) compiled for matching: which topics a text feeds. Words
/// and aliases are matched on the words the segmenter cuts the text into (a scheme's word that the segmenter itself cuts
/// into several words matches their run), phrases anywhere in the text; letter case is ignored. Without a segmenter,
/// words match anywhere in the text like phrases (a crude fallback: <c>电池</c> then also matches <c>电池盒</c>).
/// </summary>
/// <remarks>Thread-safe once built (it is read only), if the segmenter is.</remarks>
public sealed class SchemeMatcher
{
    private readonly CompiledScheme[] _schemes;
    private readonly Dictionary<string, List<(int Word, string[] Tokens)>> _byFirstToken = new(StringComparer.Ordinal);
    private readonly List<string> _words = [];
    private readonly ITextSegmenter? _segmenter;

    /// <summary>Initializes a new instance of the <see cref="SchemeMatcher"/> class.</summary>
    /// <param name="options">The schemes; they must be valid (<see cref="PostMonitoringOptions.Validate"/>).</param>
    /// <param name="segmenter">The segmenter, or <see langword="null"/> to match words anywhere in the text.</param>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public SchemeMatcher(PostMonitoringOptions options, ITextSegmenter? segmenter = null)
    {
        Guard.Against.Null(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The post monitoring options are not valid: {string.Join("; ", problems.Select(p => p.ToValidationFailure()))}", nameof(options));
        }

        _segmenter = segmenter;
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        int Word(string word)
        {
            var key = word.Trim().ToLowerInvariant();
            if (!ids.TryGetValue(key, out var id))
            {
                id = ids[key] = _words.Count;
                _words.Add(key);
                if (segmenter is not null)
                {
                    var tokens = Tokens(segmenter, word.Trim());
                    if (tokens.Length > 0)
                    {
                        if (!_byFirstToken.TryGetValue(tokens[0], out var list))
                        {
                            _byFirstToken[tokens[0]] = list = [];
                        }

                        list.Add((id, tokens));
                    }
                }
            }

            return id;
        }

        _schemes = [.. options.Schemes.Select(s => new CompiledScheme(
            s.Topic,
            [.. s.AnyOf.Concat(s.Aliases).Select(Word)],
            [.. s.AllOf.Select(Word)],
            [.. s.NoneOf.Select(Word)],
            [.. s.Phrases.Select(p => p.Trim().ToLowerInvariant())]))];
        Topics = [.. _schemes.Select(s => s.Topic)];
    }

    /// <summary>Gets the topics of the schemes, in their order.</summary>
    public IReadOnlyList<string> Topics { get; }

    /// <summary>Lists the topics a text feeds.</summary>
    /// <param name="text">The text of a post.</param>
    /// <returns>The topics, in the schemes' order; empty when none matches.</returns>
    public IReadOnlyList<string> Match(string text)
    {
        Guard.Against.Null(text);
        if (_schemes.Length == 0)
        {
            return [];
        }

        var lower = text.ToLowerInvariant();
        var found = new bool[_words.Count];
        if (_segmenter is null)
        {
            for (var i = 0; i < _words.Count; i++)
            {
                found[i] = lower.Contains(_words[i], StringComparison.Ordinal);
            }
        }
        else
        {
            var tokens = Tokens(_segmenter, text);
            for (var t = 0; t < tokens.Length; t++)
            {
                if (_byFirstToken.TryGetValue(tokens[t], out var candidates))
                {
                    foreach (var (word, run) in candidates)
                    {
                        found[word] |= Runs(tokens, t, run);
                    }
                }
            }
        }

        List<string>? topics = null;
        foreach (var scheme in _schemes)
        {
            if (scheme.Matches(found, lower))
            {
                (topics ??= []).Add(scheme.Topic);
            }
        }

        return topics ?? (IReadOnlyList<string>)[];
    }

    private static bool Runs(string[] tokens, int start, string[] run)
    {
        if (start + run.Length > tokens.Length)
        {
            return false;
        }

        for (var i = 1; i < run.Length; i++)
        {
            if (!string.Equals(tokens[start + i], run[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static string[] Tokens(ITextSegmenter segmenter, string text)
    {
        var words = segmenter.Segment(text);
        var tokens = new List<string>(words.Count);
        foreach (var word in words)
        {
            var trimmed = word.Trim();
            if (trimmed.Length > 0)
            {
                tokens.Add(trimmed.ToLowerInvariant());
            }
        }

        return [.. tokens];
    }

    private sealed record CompiledScheme(string Topic, int[] AnyOf, int[] AllOf, int[] NoneOf, string[] Phrases)
    {
        public bool Matches(bool[] found, string lower)
        {
            foreach (var word in NoneOf)
            {
                if (found[word])
                {
                    return false;
                }
            }

            foreach (var word in AllOf)
            {
                if (!found[word])
                {
                    return false;
                }
            }

            if (AnyOf.Length == 0 && Phrases.Length == 0)
            {
                return true;
            }

            foreach (var word in AnyOf)
            {
                if (found[word])
                {
                    return true;
                }
            }

            foreach (var phrase in Phrases)
            {
                if (lower.Contains(phrase, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
