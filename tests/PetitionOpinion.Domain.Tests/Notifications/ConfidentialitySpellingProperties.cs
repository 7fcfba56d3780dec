using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PetitionOpinion.Incidents;
using PetitionOpinion.Notifications;

namespace PetitionOpinion.Tests.Notifications;

/// <summary>
/// Issue 17 (part 5) as a property: for random petitioners (Latin names of two parts, Han names of two to four
/// characters, or both; a random mobile number and e-mail address), one of their details spelt otherwise — separators or
/// invisible characters between characters, full-width forms, another letter case, the Latin order swapped, the given
/// name alone, traditional characters, phone digits as Chinese numerals or full-width with any punctuation, <c>＠</c> and
/// <c>．</c> — and set in random text, the redacted text holds the detail no more, not even with every separator and
/// invisible character taken out (<see cref="SpellingText.Squash"/>).
/// </summary>
public sealed class ConfidentialitySpellingProperties
{
    private static readonly char[] Edges = [' ', '\n', '\u3000', '(', ')', '（', '）', '，', '：', '。', '「', '」'];

    [Property(MaxTest = 500, Arbitrary = new[] { typeof(SpellingArbitraries) })]
    public void Redact_DetailSpeltOtherwiseInRandomText_LeavesNoTraceOfIt(SpellingCase c)
    {
        var before = SpellingText.Squash(c.Before);
        var after = SpellingText.Squash(c.After);
        if (before.Contains(c.Core, StringComparison.Ordinal) || after.Contains(c.Core, StringComparison.Ordinal))
        {
            return; // The surrounding text itself spells the detail: nothing to learn from this case.
        }

        var redacted = Confidentiality.Redact(c.Before + c.Variant + c.After, c.Petitioner.Details);

        Assert.Contains(Confidentiality.Redacted, redacted, StringComparison.Ordinal);
        Assert.DoesNotContain(c.Core, SpellingText.Squash(redacted), StringComparison.Ordinal);
    }

    [Property(MaxTest = 300, Arbitrary = new[] { typeof(SpellingArbitraries) })]
    public void Redact_SurroundingTextWithoutThePetitioner_IsKeptAroundTheRedaction(SpellingCase c)
    {
        // The detail is replaced; what stands around it stays as it was (a separator or bracket next to it may go with it).
        var redacted = Confidentiality.Redact(c.Before + c.Variant + c.After, c.Petitioner.Details);

        Assert.StartsWith(c.Before.TrimEnd(Edges), redacted, StringComparison.Ordinal);
        Assert.EndsWith(c.After.TrimStart(Edges), redacted, StringComparison.Ordinal);
    }
}

/// <summary>What kind of detail a <see cref="SpellingCase"/> spells.</summary>
public enum SpellingKind
{
    /// <summary>The Latin name, family name first.</summary>
    LatinName,

    /// <summary>The Latin name, given name first.</summary>
    LatinNameSwapped,

    /// <summary>The Latin given name alone.</summary>
    LatinGivenName,

    /// <summary>The Han name.</summary>
    HanName,

    /// <summary>The Han given name alone (two characters or more).</summary>
    HanGivenName,

    /// <summary>The phone number.</summary>
    Phone,

    /// <summary>The e-mail address.</summary>
    Email,
}

/// <summary>A random petitioner: a Latin name, a Han name or both, a mobile number and an e-mail address.</summary>
/// <param name="Family">The Latin family name, or <see langword="null"/>.</param>
/// <param name="Given">The Latin given name, or <see langword="null"/>.</param>
/// <param name="HanFamily">The Han family name, or <see langword="null"/>.</param>
/// <param name="HanGiven">The Han given name, or <see langword="null"/>.</param>
/// <param name="Phone">The mobile number's 11 digits.</param>
/// <param name="Email">The e-mail address.</param>
public sealed record RandomPetitioner(string? Family, string? Given, string? HanFamily, string? HanGiven, string Phone, string Email)
{
    /// <summary>The details as recorded: "Family Given 汉名", "+86 1xx xxxx xxxx / e-mail".</summary>
    public PetitionerDetails Details
        => new(
            string.Join(' ', new[] { Family is null ? null : $"{Family} {Given}", HanFamily + HanGiven }.Where(p => !string.IsNullOrEmpty(p))),
            $"+86 {Phone[..3]} {Phone[3..7]} {Phone[7..]} / {Email}");

    /// <inheritdoc/>
    public override string ToString() => $"'{Details.Name}', '{Details.Contact}'";
}

/// <summary>One detail of a petitioner spelt otherwise, set between two random texts.</summary>
/// <param name="Petitioner">The petitioner.</param>
/// <param name="Kind">Which detail.</param>
/// <param name="Variant">How it is spelt.</param>
/// <param name="Core">The detail squashed (<see cref="SpellingText.Squash"/>): what must not be found in the redacted text.</param>
/// <param name="Before">The text before.</param>
/// <param name="After">The text after.</param>
public sealed record SpellingCase(RandomPetitioner Petitioner, SpellingKind Kind, string Variant, string Core, string Before, string After)
{
    /// <inheritdoc/>
    public override string ToString()
        => $"{Petitioner}, {Kind} spelt '{SpellingText.Visible(Variant)}' (core '{Core}') in '{SpellingText.Visible(Before)}…{SpellingText.Visible(After)}'";
}

/// <summary>The test's own normalisation, independent of the redaction's: what a reader would read.</summary>
public static class SpellingText
{
    /// <summary>Traditional forms of simplified name characters (simplified first); the generator writes these.</summary>
    public static readonly IReadOnlyDictionary<char, char> Traditional = new Dictionary<char, char>
    {
        ['红'] = '紅', ['张'] = '張', ['陈'] = '陳', ['刘'] = '劉', ['黄'] = '黃', ['吴'] = '吳', ['郑'] = '鄭', ['赵'] = '趙',
        ['伟'] = '偉', ['强'] = '強', ['丽'] = '麗', ['华'] = '華', ['国'] = '國', ['军'] = '軍', ['龙'] = '龍', ['凤'] = '鳳',
        ['东'] = '東', ['杰'] = '傑', ['涛'] = '濤', ['宝'] = '寶', ['兰'] = '蘭', ['云'] = '雲', ['飞'] = '飛', ['鹏'] = '鵬',
        ['辉'] = '輝', ['庆'] = '慶', ['娟'] = '娟', ['欧'] = '歐', ['阳'] = '陽', ['马'] = '馬', ['孙'] = '孫', ['杨'] = '楊',
        ['罗'] = '羅', ['谢'] = '謝', ['梁'] = '梁', ['萧'] = '蕭', ['叶'] = '葉', ['邓'] = '鄧', ['许'] = '許', ['冯'] = '馮',
        ['晓'] = '曉', ['丽'] = '麗', ['凯'] = '凱', ['颖'] = '穎', ['玲'] = '玲', ['纯'] = '純', ['岚'] = '嵐', ['静'] = '靜',
    };

    private static readonly Dictionary<char, char> Simplified = Traditional.Where(p => p.Key != p.Value).ToDictionary(p => p.Value, p => p.Key);

    private static readonly Dictionary<char, char> ChineseDigits = new()
    {
        ['〇'] = '0', ['零'] = '0', ['一'] = '1', ['壹'] = '1', ['幺'] = '1', ['二'] = '2', ['贰'] = '2', ['三'] = '3', ['叁'] = '3',
        ['四'] = '4', ['肆'] = '4', ['五'] = '5', ['伍'] = '5', ['六'] = '6', ['陆'] = '6', ['七'] = '7', ['柒'] = '7',
        ['八'] = '8', ['捌'] = '8', ['九'] = '9', ['玖'] = '9',
    };

    /// <summary>
    /// Squashes a text: compatibility forms folded, lower case, traditional name characters simplified, Chinese numerals
    /// as digits, and every white space, punctuation and invisible character taken out.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The squashed text.</returns>
    public static string Squash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var squashed = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                continue;
            }

            squashed.Append(ChineseDigits.TryGetValue(c, out var digit) ? digit : Simplified.TryGetValue(c, out var simple) ? simple : char.ToLowerInvariant(c));
        }

        return squashed.ToString();
    }

    /// <summary>Shows invisible and non-ASCII separators as <c>\uXXXX</c> (for failure messages).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The text with them escaped.</returns>
    public static string Visible(string text)
        => string.Concat(text.Select(c => char.GetUnicodeCategory(c) == UnicodeCategory.Format || (c > '\u007F' && char.IsWhiteSpace(c)) ? $"\\u{(int)c:X4}" : c.ToString()));
}

/// <summary>Generates <see cref="SpellingCase"/>s and <see cref="RandomPetitioner"/>s.</summary>
public static class SpellingArbitraries
{
    /// <summary>Latin family names: the pinyin of <see cref="HanFamilies"/>, so that the given name is known.</summary>
    public static readonly string[] Families = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Lin", "Luo", "Zheng", "Xie", "Ouyang", "Sima"];

    /// <summary>Han family names, compound ones too.</summary>
    public static readonly string[] HanFamilies = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "林", "罗", "郑", "谢", "欧阳", "司马", "马", "萧", "叶", "邓"];

    private static readonly string[] Syllables = ["xiao", "hong", "wei", "qiang", "jian", "guo", "xiu", "ying", "zhi", "hai", "yan", "juan", "ming", "jun", "jie", "han", "tong", "hao", "ran", "xin", "yuan", "wen", "jia", "qing", "hua", "lan", "chun", "mei", "tao", "fang", "lei", "yang", "jing", "min", "long", "feng", "kai"];
    private static readonly char[] GivenCharacters = "小红伟强建国秀英桂志海燕丽娟晓明俊杰子涵雨桐浩然欣怡宇轩思远文博佳庆华兰春梅涛芳娜敏静磊军洋艳龙凤东宝云飞鹏辉凯颖玲纯岚".ToCharArray();
    private static readonly string[] Domains = ["example.com", "163.com", "qq.com", "mail.example.org"];

    private static readonly string[] Fillers =
    [
        "客户反映订单迟迟没有发货", "The customer says the parcel never arrived", "请尽快回电处理", "订单 4711 已退款",
        "She asked for a refund of 129 yuan", "舆情正在发酵，多个平台转发", "Please call back today", "2026-03-02 办理完毕", "",
    ];

    private static readonly string[] Opening = [" ", "，", "：", "（", "\n", "「", " (", "\u3000"];
    private static readonly string[] Closing = [" ", "。", "，", "）", "」", ") ", "\n", "\u3000"];
    private static readonly string[] Invisible = ["\u200B", "\u200C", "\u200D", "\u00AD", "\u2060", "\uFEFF", "\u200E"];
    private static readonly string[] WordSeparators = ["", " ", "  ", "-", "_", ".", "·", " - ", "\u3000", "\u200B", ", ", "\u00A0", "・"];
    private static readonly string[] HanSeparators = ["", "", " ", "\u3000", "·", "・", "\u200B", "\u00AD", "-", "  "];
    private static readonly string[] DigitSeparators = ["", " ", "-", "/", "_", ".", ",", "\u200B", "、", "·", "\u3000", "－", "—"];
    private static readonly string[] CountryCodes = ["", "", "+86 ", "+86-", "0086 ", "(+86) ", "＋８６ "];
    private const string Ordinary = "〇一二三四五六七八九";
    private const string Financial = "零壹贰叁肆伍陆柒捌玖";

    /// <summary>The cases.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<SpellingCase> Cases() => Arb.From(CaseGen());

    /// <summary>A random petitioner.</summary>
    /// <returns>The generator.</returns>
    public static Gen<RandomPetitioner> PetitionerGen()
        => from script in Gen.Choose(0, 2)
           from family in Gen.Elements(Families)
           from syllables in Gen.ArrayOf(Gen.Elements(Syllables), 2)
           from hanFamily in Gen.Elements(HanFamilies)
           from givenCount in Gen.Choose(1, 3)
           from hanGiven in Gen.ArrayOf(Gen.Elements(GivenCharacters), givenCount)
           from second in Gen.Elements('3', '5', '7', '8', '9')
           from rest in Gen.ArrayOf(Gen.Choose(0, 9).Select(d => (char)('0' + d)), 9)
           from number in Gen.Choose(1, 99)
           from domain in Gen.Elements(Domains)
           let given = char.ToUpperInvariant(syllables[0][0]) + syllables[0][1..] + syllables[1]
           select new RandomPetitioner(
               script == 1 ? null : family,
               script == 1 ? null : given,
               script == 0 ? null : hanFamily,
               script == 0 ? null : new string(hanGiven),
               "1" + second + new string(rest),
               $"{given.ToLowerInvariant()}.{family.ToLowerInvariant()}{number.ToString(CultureInfo.InvariantCulture)}@{domain}");

    private static Gen<SpellingCase> CaseGen()
        => from petitioner in PetitionerGen()
           from kind in Gen.Elements(Kinds(petitioner))
           from seed in Gen.Choose(0, int.MaxValue)
           from before in Gen.Elements(Fillers)
           from opening in Gen.Elements(Opening)
           from closing in Gen.Elements(Closing)
           from after in Gen.Elements(Fillers)
           let spelt = Spell(petitioner, kind, new Random(seed))
           select new SpellingCase(petitioner, kind, spelt.Variant, spelt.Core, before + opening, closing + after);

    private static SpellingKind[] Kinds(RandomPetitioner p)
    {
        var kinds = new List<SpellingKind> { SpellingKind.Phone, SpellingKind.Email };
        if (p.Family is not null)
        {
            kinds.AddRange([SpellingKind.LatinName, SpellingKind.LatinNameSwapped, SpellingKind.LatinGivenName]);
        }

        if (p.HanFamily is not null)
        {
            kinds.Add(SpellingKind.HanName);
            if (p.HanGiven!.Length >= 2)
            {
                kinds.Add(SpellingKind.HanGivenName);
            }
        }

        return [.. kinds];
    }

    private static (string Variant, string Core) Spell(RandomPetitioner p, SpellingKind kind, Random random)
    {
        switch (kind)
        {
            case SpellingKind.LatinName or SpellingKind.LatinNameSwapped or SpellingKind.LatinGivenName:
                string[] words = kind switch
                {
                    SpellingKind.LatinName => [p.Family!, p.Given!],
                    SpellingKind.LatinNameSwapped => [p.Given!, p.Family!],
                    _ => [p.Given!],
                };
                var fullWidth = random.Next(5) == 0;
                var latin = string.Join(Pick(random, WordSeparators), words.Select(w => LatinWord(w, fullWidth, random)));
                return (latin, string.Concat(words).ToLowerInvariant());
            case SpellingKind.HanName or SpellingKind.HanGivenName:
                var name = kind == SpellingKind.HanName ? p.HanFamily + p.HanGiven : p.HanGiven!;
                var han = new StringBuilder();
                foreach (var c in name)
                {
                    han.Append(han.Length == 0 ? string.Empty : Pick(random, HanSeparators));
                    han.Append(random.Next(2) == 0 && SpellingText.Traditional.TryGetValue(c, out var traditional) ? traditional : c);
                }

                return (han.ToString(), name);
            case SpellingKind.Phone:
                var style = random.Next(5);
                var grouped = random.Next(2) == 0;
                var separator = Pick(random, DigitSeparators);
                var phone = new StringBuilder(Pick(random, CountryCodes));
                for (var i = 0; i < p.Phone.Length; i++)
                {
                    if (i > 0 && (!grouped || i is 3 or 7))
                    {
                        phone.Append(grouped ? separator : Pick(random, DigitSeparators));
                    }

                    var digit = p.Phone[i] - '0';
                    phone.Append((style == 4 ? random.Next(4) : style) switch
                    {
                        0 => p.Phone[i],
                        1 => (char)('０' + digit),
                        2 => Ordinary[digit],
                        _ => Financial[digit],
                    });
                }

                return (phone.ToString(), p.Phone);
            default:
                var email = new StringBuilder();
                var wide = random.Next(5) == 0;
                foreach (var c in p.Email)
                {
                    if (random.Next(12) == 0)
                    {
                        email.Append(Pick(random, Invisible));
                    }

                    var cased = random.Next(3) == 0 ? char.ToUpperInvariant(c) : c;
                    email.Append(c switch
                    {
                        '@' => random.Next(2) == 0 ? '＠' : '@',
                        '.' => random.Next(3) == 0 ? '．' : '.',
                        _ when wide && char.IsAsciiLetterOrDigit(cased) => (char)(cased + 0xFEE0),
                        _ => cased,
                    });
                }

                return (email.ToString(), SpellingText.Squash(p.Email));
        }
    }

    // A Latin word in some letter case, perhaps full-width, with invisible characters and perhaps a hyphen inside.
    private static string LatinWord(string word, bool fullWidth, Random random)
    {
        var casing = random.Next(4);
        var spelt = new StringBuilder();
        for (var i = 0; i < word.Length; i++)
        {
            if (i > 0)
            {
                var inside = random.Next(12);
                spelt.Append(inside == 0 ? Pick(random, Invisible) : inside == 1 ? "-" : string.Empty);
            }

            var c = casing switch
            {
                0 => word[i],
                1 => char.ToLowerInvariant(word[i]),
                2 => char.ToUpperInvariant(word[i]),
                _ => random.Next(2) == 0 ? char.ToUpperInvariant(word[i]) : char.ToLowerInvariant(word[i]),
            };
            spelt.Append(fullWidth ? (char)(c + 0xFEE0) : c);
        }

        return spelt.ToString();
    }

    private static string Pick(Random random, string[] choices) => choices[random.Next(choices.Length)];
}
