using System.Buffers;
using System.Numerics;

namespace PetitionOpinion.Monitoring;

/// <summary>Receives the hashed features of a text, one by one (a struct, so that scoring allocates nothing).</summary>
internal interface IFeatureSink
{
    void Add(int index, float value);
}

/// <summary>
/// The features of <see cref="SentimentModel"/>: hashed character n-grams of a normalised text, with copies marked as
/// negated for the n-grams that follow a negator (不, 没, 别, 无, 未…) within a short scope of the same clause, and n-grams
/// that follow a degree word (非常, 太, 很, 特别, 有点…) weighted as intensified. The hash is the library's own (FNV-1a and
/// a final mix), the same on every platform and run, so that a model file means the same everywhere.
/// With <paramref name="Distinct"/> each distinct feature is given once per text (presence, with its largest value) instead
/// of once per occurrence; a <paramref name="LexiconWeight"/> above 0 adds one feature, the last index, whose value is that
/// weight times the sum of <see cref="LexiconSentimentScorer"/>'s word weights over the text, in the lexicon of
/// <paramref name="LexiconVersion"/> (1 for the model files of format 2, which were trained on it).
/// </summary>
internal readonly record struct SentimentFeatures(int HashBits, int MaxNgram, bool MarkNegation, int NegationScope, float DegreeWeight, bool Distinct = false, float LexiconWeight = 0f, int LexiconVersion = LexiconSentimentScorer.CurrentVersion)
{
    public const int MaxChars = 4096;

    private const ulong NegatedSalt = 0x9E3779B97F4A7C15UL;

    // A negator at the start of these words does not negate what follows.
    private static readonly string[] NotNegating = ["不错", "不过", "不仅", "不但", "不管", "不论", "不久", "不少", "不断", "非常", "无论", "无比", "未来", "别人", "别的", "别说", "没想到"];

    private static readonly string[] DegreeWords = ["非常", "特别", "十分", "极其", "相当", "有点", "有些", "比较", "格外", "超级", "太", "很", "挺", "超", "极", "最", "更", "巨"];

    public int Dimension => 1 << HashBits;

    /// <summary>Calls <paramref name="sink"/> with every feature of <paramref name="text"/>; returns the sum of the squared values.</summary>
    public float Extract<TSink>(ReadOnlySpan<char> text, ref TSink sink)
        where TSink : struct, IFeatureSink
    {
        var length = Math.Min(text.Length, MaxChars);
        char[]? rented = null;
        var buffer = length <= 512 ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            var n = Normalise(text[..length], buffer);
            var normalised = buffer[..n];
            var sumOfSquares = Distinct ? ExtractDistinct(normalised, ref sink) : ExtractNormalised(normalised, ref sink);
            if (LexiconWeight > 0f && LexiconSentimentScorer.Sum(normalised, LexiconVersion) is not 0f and var lexicon)
            {
                var value = LexiconWeight * lexicon;
                sink.Add(Dimension - 1, value);
                sumOfSquares += value * value;
            }

            return sumOfSquares;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    // Every feature once: gathered in an open-addressing table (index → largest value), then given in the table's order.
    private float ExtractDistinct<TSink>(ReadOnlySpan<char> s, ref TSink sink)
        where TSink : struct, IFeatureSink
    {
        // At most this many features, so the table never fills; negated copies are few, so it is usually half empty.
        var most = s.Length * MaxNgram * (MarkNegation ? 2 : 1);
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)(most + 1));
        var keys = ArrayPool<int>.Shared.Rent(capacity);
        var values = ArrayPool<float>.Shared.Rent(capacity);
        try
        {
            keys.AsSpan(0, capacity).Fill(-1);
            var table = new DistinctTable(keys, values, capacity - 1);
            ExtractNormalised(s, ref table);
            var sumOfSquares = 0f;
            for (var k = 0; k < capacity; k++)
            {
                if (keys[k] >= 0)
                {
                    sink.Add(keys[k], values[k]);
                    sumOfSquares += values[k] * values[k];
                }
            }

            return sumOfSquares;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(keys);
            ArrayPool<float>.Shared.Return(values);
        }
    }

    private readonly struct DistinctTable(int[] keys, float[] values, int mask) : IFeatureSink
    {
        public void Add(int index, float value)
        {
            var k = index & mask;
            while (keys[k] >= 0 && keys[k] != index)
            {
                k = (k + 1) & mask;
            }

            if (keys[k] < 0)
            {
                keys[k] = index;
                values[k] = value;
            }
            else if (value > values[k])
            {
                values[k] = value;
            }
        }
    }

    private float ExtractNormalised<TSink>(ReadOnlySpan<char> s, ref TSink sink)
        where TSink : struct, IFeatureSink
    {
        var shift = 64 - HashBits;
        var sumOfSquares = 0f;
        var negatedFrom = int.MaxValue;
        var negatedTo = -1;
        var degreeFrom = int.MaxValue;
        var degreeTo = -1;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (IsClauseBreak(c))
            {
                negatedTo = -1;
                degreeTo = -1;
            }
            else
            {
                if (MarkNegation && IsNegator(c) && !StartsAny(s[i..], NotNegating))
                {
                    negatedFrom = i + 1;
                    negatedTo = i + NegationScope;
                }

                if (DegreeWeight != 1f && DegreeLength(s[i..]) is > 0 and var d)
                {
                    degreeFrom = i + d;
                    degreeTo = i + d + 1;
                }
            }

            // The n-grams that end at i.
            var hash = 0xCBF29CE484222325UL;
            for (var order = 1; order <= MaxNgram && order <= i + 1; order++)
            {
                var start = i - order + 1;
                hash = (hash ^ s[start]) * 0x100000001B3UL;
                var value = start >= degreeFrom && start <= degreeTo ? DegreeWeight : 1f;
                var plain = Mix(hash + (ulong)order);
                sink.Add((int)(plain >> shift), value);
                sumOfSquares += value * value;
                if (start >= negatedFrom && i <= negatedTo)
                {
                    sink.Add((int)(Mix(plain ^ NegatedSalt) >> shift), value);
                    sumOfSquares += value * value;
                }
            }
        }

        return sumOfSquares;
    }

    private static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        return h ^ (h >> 33);
    }

    /// <summary>Full-width ASCII to half-width, ASCII letters to lower case, digits to 0, runs of white space to one space.</summary>
    private static int Normalise(ReadOnlySpan<char> text, Span<char> into)
    {
        var n = 0;
        foreach (var raw in text)
        {
            var c = raw is >= '\uFF01' and <= '\uFF5E' ? (char)(raw - 0xFEE0) : raw == '\u3000' ? ' ' : raw;
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (n > 0 && into[n - 1] != ' ')
                {
                    into[n++] = ' ';
                }

                continue;
            }

            into[n++] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : char.IsAsciiDigit(c) ? '0' : c;
        }

        return n;
    }

    internal static bool IsClauseBreak(char c) => c is ',' or '.' or '!' or '?' or ';' or ':' or ' ' or '~' or '、' or '。' or '…' or '\n';

    internal static bool IsNegator(char c) => c is '不' or '没' or '别' or '无' or '未' or '非' or '莫' or '勿';

    private static bool StartsAny(ReadOnlySpan<char> s, string[] words)
    {
        foreach (var w in words)
        {
            if (s.StartsWith(w, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static int DegreeLength(ReadOnlySpan<char> s)
    {
        foreach (var w in DegreeWords)
        {
            if (s.StartsWith(w, StringComparison.Ordinal))
            {
                return w.Length;
            }
        }

        return 0;
    }
}
