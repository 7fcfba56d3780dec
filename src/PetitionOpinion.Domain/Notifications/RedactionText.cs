using System.Globalization;
using System.Text;

namespace PetitionOpinion.Notifications;

/// <summary>
/// A text in the form redaction matches on, with a map back to the original: compatibility forms folded (full-width
/// letters, digits, <c>＠</c> and <c>．</c>, circled digits), letters lower-cased, invisible characters dropped (zero-width
/// space, joiners, soft hyphen, word joiner, byte order mark, bidirectional marks), traditional Han characters folded to
/// simplified ones, and digits of any script or written as Chinese numerals turned into ASCII digits.
/// </summary>
internal sealed class RedactionText
{
    private readonly int[] _starts;
    private readonly int[] _ends;

    private RedactionText(string original, string normal, int[] starts, int[] ends)
    {
        Original = original;
        Normal = normal;
        _starts = starts;
        _ends = ends;
    }

    /// <summary>The original text.</summary>
    public string Original { get; }

    /// <summary>The normalised text.</summary>
    public string Normal { get; }

    /// <summary>Where, in the original, the character of the normalised text at <paramref name="index"/> starts.</summary>
    /// <param name="index">An index into <see cref="Normal"/>.</param>
    /// <returns>The index into <see cref="Original"/>.</returns>
    public int StartOf(int index) => _starts[index];

    /// <summary>Where, in the original, the character of the normalised text at <paramref name="index"/> ends (exclusive).</summary>
    /// <param name="index">An index into <see cref="Normal"/>.</param>
    /// <returns>The index into <see cref="Original"/> after it.</returns>
    public int EndOf(int index) => _ends[index];

    /// <summary>Normalises a text, keeping the map back to it.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The normalised text.</returns>
    public static RedactionText Of(string text)
    {
        var normal = new StringBuilder(text.Length);
        var starts = new List<int>(text.Length);
        var ends = new List<int>(text.Length);
        for (var i = 0; i < text.Length;)
        {
            var length = Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) == System.Buffers.OperationStatus.Done ? consumed : 1;
            var before = normal.Length;
            Fold(rune, text.AsSpan(i, length), normal);
            for (var k = before; k < normal.Length; k++)
            {
                starts.Add(i);
                ends.Add(i + length);
            }

            i += length;
        }

        return new RedactionText(text, normal.ToString(), [.. starts], [.. ends]);
    }

    /// <summary>Normalises a text without keeping the map (for the petitioner's details).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The normalised text.</returns>
    public static string Normalize(string text) => Of(text).Normal;

    /// <summary>Tells whether a character of a normalised text separates the characters of a name or a number.</summary>
    /// <param name="c">The character.</param>
    /// <returns><see langword="true"/> for white space and punctuation.</returns>
    public static bool IsSeparator(char c)
        => char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;

    /// <summary>Tells whether a character is a Han character (CJK unified ideographs, extension A, compatibility ideographs).</summary>
    /// <param name="c">The character.</param>
    /// <returns><see langword="true"/> for a Han character.</returns>
    public static bool IsHan(char c) => c is >= '\u3400' and <= '\u4DBF' or >= '\u4E00' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF';

    /// <summary>Tells whether a character is a letter of an alphabet (Latin and the like), which a word's edges are checked against.</summary>
    /// <param name="c">The character.</param>
    /// <returns><see langword="true"/> for a letter that is not Han.</returns>
    public static bool IsAlphabetic(char c) => char.IsLetter(c) && !IsHan(c) && !(c is >= '\u3040' and <= '\u30FF');

    // Invisible characters that may be slipped between the characters of a name or number without changing how it
    // looks: format characters (zero-width space, joiners, soft hyphen, word joiner, BOM, bidirectional marks and
    // embeddings), the combining grapheme joiner, variation selectors and the Mongolian vowel separator.
    private static bool IsInvisible(Rune rune)
        => Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format
           || rune.Value is 0x034F or 0x180E or (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF);

    private static void Fold(Rune rune, ReadOnlySpan<char> original, StringBuilder into)
    {
        if (rune.IsAscii)
        {
            into.Append(char.ToLowerInvariant((char)rune.Value));
            return;
        }

        if (IsInvisible(rune))
        {
            return;
        }

        string folded;
        if (rune.Value is >= 0x4E00 and <= 0x9FFF)
        {
            folded = original.ToString();
        }
        else
        {
            try
            {
                folded = original.ToString().Normalize(NormalizationForm.FormKC);
            }
            catch (ArgumentException)
            {
                // An unpaired surrogate: kept as it is.
                folded = original.ToString();
            }
        }

        foreach (var c in folded)
        {
            into.Append(FoldChar(c));
        }
    }

    private static char FoldChar(char c)
    {
        if (IsHan(c))
        {
            return ChineseDigit(HanVariants.ToSimplified(c)) ?? HanVariants.ToSimplified(c);
        }

        if (c is '〇' or '○')
        {
            return '0';
        }

        if (char.GetUnicodeCategory(c) == UnicodeCategory.DecimalDigitNumber && !char.IsAsciiDigit(c))
        {
            return (char)('0' + (int)char.GetNumericValue(c));
        }

        return char.ToLowerInvariant(c);
    }

    // Digits as Chinese numerals are written in phone numbers read out or typed to dodge filters: the ordinary numerals,
    // the financial ones (壹贰叁…), and 幺 for one as phone numbers are read aloud. 两 (two of something) is left alone:
    // nobody reads a digit of a phone number as 两, and it is frequent in ordinary text.
    private static char? ChineseDigit(char c) => c switch
    {
        '零' => '0',
        '一' or '壹' or '幺' => '1',
        '二' or '贰' => '2',
        '三' or '叁' => '3',
        '四' or '肆' => '4',
        '五' or '伍' => '5',
        '六' or '陆' => '6',
        '七' or '柒' => '7',
        '八' or '捌' => '8',
        '九' or '玖' => '9',
        _ => null,
    };
}
