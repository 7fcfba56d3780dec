using System.Collections.Frozen;
using System.Text;
using Ardalis.GuardClauses;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;

namespace PetitionOpinion.Notifications;

/// <summary>
/// The confidentiality rules: who may see a petitioner's identity and contact details (the petition
/// handling and leading groups), and how text is redacted for everybody else.
/// </summary>
public static class Confidentiality
{
    /// <summary>The text that replaces a redacted detail.</summary>
    public const string Redacted = "[redacted]";

    /// <summary>Tells whether a person may see petitioners' identities and contact details: a member of the petition handling or the leading group.</summary>
    /// <param name="organization">The organisation.</param>
    /// <param name="person">The person.</param>
    /// <returns><see langword="true"/> when they may.</returns>
    public static bool MaySeePetitioner(ResponseOrganization organization, PersonId person)
    {
        Guard.Against.Null(organization);
        return organization.IsMemberOf(person, WellKnownGroups.PetitionHandlingGroup) || organization.IsMemberOf(person, WellKnownGroups.LeadingGroup);
    }

    /// <summary>Tells whether an incident's material must be kept from a person because the complaint is about them.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="person">The person.</param>
    /// <returns><see langword="true"/> when the incident complains about <paramref name="person"/>.</returns>
    public static bool IsComplainedAbout(Incident incident, PersonId person)
        => Guard.Against.Null(incident).ComplainedAbout?.Person is { } complained && complained == person;

    /// <summary>
    /// Redacts a petitioner's name and contact details from a text: every occurrence, however it is spelt. The text is
    /// matched in a normalised form: letter case, full-width and other compatibility forms (<c>Ｌｉｎ</c>, <c>＠</c>,
    /// <c>１３８</c>), invisible characters (zero-width space and joiners, soft hyphen, word joiner, byte order mark,
    /// bidirectional marks) and traditional Han characters (<c>林小紅</c> for <c>林小红</c>) make no difference.
    /// <list type="bullet">
    /// <item>A name matches with any white space or punctuation between its words, and between its Han characters
    /// (<c>林 小 红</c>), or with none between its words (<c>LinXiaohong</c>); a Latin name also in the other order
    /// (<c>Xiaohong Lin</c>). Its given name is redacted alone when it has two Han characters or more (the name less a
    /// surname of one character, or of two for a compound surname such as 欧阳) or three Latin letters or more (the
    /// words after a Chinese surname in pinyin, or before one, or else the first word; words joined by punctuation alone,
    /// such as <c>Mary-Jane</c> or <c>O'Brien</c>, count as one, here and when the order is changed). A part of a name that is one Latin
    /// word of four letters or fewer is redacted alone only where it starts with a capital letter: <c>Long</c> is, but the
    /// given name Long leaves "a long wait" as it is. A name written in two scripts (<c>Wang Fang 王芳</c>) is also redacted
    /// where one script's part appears alone (a Han part of two characters or more, a Latin part of three letters or
    /// more). A Latin match never starts or ends inside a longer word.</item>
    /// <item>A contact holding several details (<c>+86 138 0000 0000 / wang@example.com</c>) is redacted detail by
    /// detail; an e-mail address also with a full-width <c>＠</c> or <c>．</c>.</item>
    /// <item>A phone number (seven digits or more) is redacted also when its digits are separated by any white space or
    /// punctuation (<c>138/1234/5678</c>, <c>138_1234_5678</c>), written in full-width digits or as Chinese numerals
    /// (<c>一三八…</c>, <c>壹叁捌…</c>, <c>幺</c> for one), with or without its country code, or next to other numbers;
    /// a part of it of seven digits or more is redacted too.</item>
    /// </list>
    /// What cannot be recognised stays: a nickname, a name in another transliteration or as pinyin of a Han-only name,
    /// a phone number spelt in words, the surname or a one-character given name alone.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="petitioner">The petitioner, or <see langword="null"/> (then the text is returned as it is).</param>
    /// <returns>The redacted text: each redacted stretch replaced by <see cref="Redacted"/>.</returns>
    public static string Redact(string text, PetitionerDetails? petitioner)
    {
        Guard.Against.Null(text);
        if (petitioner is null || text.Length == 0)
        {
            return text;
        }

        var normal = RedactionText.Of(text);
        var spans = new List<(int Start, int End)>();
        foreach (var pattern in NamePatterns(petitioner.Name))
        {
            pattern.FindIn(normal, spans);
        }

        if (petitioner.Contact is { } contact)
        {
            var patterns = ContactPatterns(contact, out var phones);
            foreach (var pattern in patterns)
            {
                pattern.FindIn(normal, spans);
            }

            foreach (var digits in phones)
            {
                FindNumber(normal, digits, spans);
            }
        }

        return Replace(text, spans);
    }

    private const int MinimumPhoneDigits = 7;

    // What separates the details of one contact ("+86 138 0000 0000 / wang@example.com"); the summaries' petitioner key splits the same way.
    internal static readonly char[] ContactSeparators = ContactNormalization.Separators;

    // Courtesy titles: part of the name as written ("Ms. Lin"), but neither a given name nor a surname.
    private static readonly FrozenSet<string> Titles = FrozenSet.ToFrozenSet(["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "madam", "sir"], StringComparer.Ordinal);

    // Frequent Chinese surnames in pinyin (and a few in Cantonese and Wade–Giles spellings), compound ones too: the word
    // of a Latin name that is one of them is its surname, so the other words are the given name, whichever comes first.
    private static readonly FrozenSet<string> PinyinSurnames = FrozenSet.ToFrozenSet(
        [
            "wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu", "hu", "guo", "he",
            "gao", "lin", "luo", "zheng", "liang", "xie", "song", "tang", "han", "feng", "deng", "cao", "peng", "zeng", "xiao", "tian",
            "dong", "yuan", "pan", "yu", "jiang", "cai", "jia", "ding", "wei", "xue", "ye", "yan", "lu", "du", "dai", "xia", "zhong",
            "tan", "fu", "shen", "jin", "lv", "lyu", "shi", "qiu", "qin", "mo", "kong", "bai", "cui", "kang", "mao", "yin", "hou",
            "shao", "meng", "long", "wan", "duan", "lei", "qian", "tao", "gu", "hao", "gong", "wen", "fang", "ren", "yao", "fan", "zou",
            "xiong", "chang", "ou", "mu", "ji", "ni", "yue", "an", "chu", "guan", "lan", "ling", "ning", "pang", "qi", "rao", "shu",
            "su", "tong", "xing", "yi", "zhai", "zhan", "zhuang", "zuo", "bao", "bi", "che", "geng", "hua", "ke", "lian", "liao", "mei",
            "miao", "ouyang", "sima", "zhuge", "shangguan", "dongfang", "huangfu", "yuchi", "gongsun", "murong", "zhangsun", "yuwen",
            "situ", "xiahou", "linghu", "lee", "chan", "wong", "cheung", "lau", "ng", "ho", "leung", "chow", "tse", "yip", "kwok",
            "tsang", "chiu", "tsai", "hsu", "cheng", "kuo", "chou", "hsieh", "kao", "tsao",
        ],
        StringComparer.Ordinal);

    // Compound Han surnames: the given name of 欧阳明月 is 明月, not 阳明月.
    private static readonly FrozenSet<string> CompoundSurnames = FrozenSet.ToFrozenSet(
        ["欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐", "端木", "独孤", "南宫", "万俟", "闻人", "轩辕", "澹台", "申屠", "太史", "钟离"],
        StringComparer.Ordinal);

    // The forms of a name that are redacted: the name as written; each script's part of a name written in two; a Latin
    // name in the other order; the given name alone.
    private static List<SecretPattern> NamePatterns(string name)
    {
        var words = Words(RedactionText.Normalize(name));
        var patterns = new List<SecretPattern>();
        if (words.Count == 0)
        {
            return patterns;
        }

        patterns.Add(SecretPattern.Name(words, part: false));
        var han = words.Where(w => w.Han).ToList();

        // The Latin words as written: a word joined to the one before by punctuation alone ("Mary-Jane", "O'Brien") moves
        // with it when the order is changed ("O'Brien, Mary-Jane"), and counts with it as a surname or given name.
        var written = new List<List<NameWord>>();
        foreach (var word in words.Where(w => !w.Han && !Titles.Contains(w.Text)))
        {
            if (word.Joined && written.Count > 0)
            {
                written[^1].Add(word);
            }
            else
            {
                written.Add([word]);
            }
        }

        var latin = written.SelectMany(w => w).ToList();
        if (han.Count > 0 && latin.Count > 0)
        {
            patterns.AddRange(han.Where(w => w.Text.Length >= 2).Select(w => SecretPattern.Name([w], part: true)));
            if (latin.Sum(w => w.Text.Length) >= 3)
            {
                patterns.Add(SecretPattern.Name(latin, part: true));
            }
        }

        if (written.Count >= 2)
        {
            patterns.Add(SecretPattern.Name([.. Enumerable.Reverse(written).SelectMany(w => w)], part: false));
            if (written.Count > 2)
            {
                patterns.Add(SecretPattern.Name([.. written[^1], .. written[..^1].SelectMany(w => w)], part: false));
                patterns.Add(SecretPattern.Name([.. written[1..].SelectMany(w => w), .. written[0]], part: false));
            }

            List<NameWord> given = IsPinyinSurname(written[0]) ? [.. written[1..].SelectMany(w => w)]
                : IsPinyinSurname(written[^1]) ? [.. written[..^1].SelectMany(w => w)]
                : written[0];
            if (given.Sum(w => w.Text.Length) >= 3)
            {
                patterns.Add(SecretPattern.Name(given, part: true));
            }
        }

        foreach (var word in han)
        {
            var surname = word.Text.Length >= 4 && CompoundSurnames.Contains(word.Text[..2]) ? 2 : 1;
            if (word.Text.Length - surname >= 2)
            {
                patterns.Add(SecretPattern.Name([new NameWord(word.Text[surname..], Han: true)], part: true));
            }
        }

        return patterns;
    }

    private static bool IsPinyinSurname(List<NameWord> written) => PinyinSurnames.Contains(string.Concat(written.Select(w => w.Text)));

    // The words of a normalised name: runs of letters, a run of Han characters being a word of its own (digits go with
    // Han characters: 一 in 张一鸣 is normalised to a digit).
    private static List<NameWord> Words(string name)
    {
        var words = new List<NameWord>();
        var current = new StringBuilder();
        var han = false;
        var joined = false;
        var space = false;
        foreach (var c in name)
        {
            var isHan = RedactionText.IsHan(c) || char.IsAsciiDigit(c);
            var isLetter = isHan || char.IsLetter(c);
            if (current.Length > 0 && (!isLetter || isHan != han))
            {
                words.Add(new NameWord(current.ToString(), han, joined));
                current.Clear();
            }

            if (!isLetter)
            {
                space |= char.IsWhiteSpace(c);
                continue;
            }

            if (current.Length == 0)
            {
                // A Latin word after another with punctuation and no white space between them: "Mary-Jane", "O'Brien".
                joined = !isHan && !space && words is [.., { Han: false }];
                space = false;
            }

            current.Append(c);
            han = isHan;
        }

        if (current.Length > 0)
        {
            words.Add(new NameWord(current.ToString(), han, joined));
        }

        return words;
    }

    // The contact as a whole and each of its details as written (three characters or more); the digits of each detail
    // of seven digits or more, to be found as a phone number.
    private static List<SecretPattern> ContactPatterns(string contact, out List<string> phones)
    {
        var patterns = new List<SecretPattern>();
        phones = [];
        if (RedactionText.Normalize(contact).Trim() is { Length: >= 3 } whole)
        {
            patterns.Add(SecretPattern.Literal(whole));
        }

        foreach (var part in contact.Split(ContactSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var normal = RedactionText.Normalize(part).Trim();
            if (normal.Length >= 3)
            {
                patterns.Add(SecretPattern.Literal(normal));
            }

            var digits = new string(normal.Where(char.IsAsciiDigit).ToArray());
            if (digits.Length >= MinimumPhoneDigits)
            {
                phones.Add(digits);
            }
        }

        return patterns;
    }

    // Replaces each stretch of the original text that one span or several overlapping or adjoining spans cover.
    private static string Replace(string text, List<(int Start, int End)> spans)
    {
        if (spans.Count == 0)
        {
            return text;
        }

        spans.Sort();
        var output = new StringBuilder(text.Length);
        var copied = 0;
        var (start, end) = spans[0];
        foreach (var (from, to) in spans.Skip(1).Append((int.MaxValue, int.MaxValue)))
        {
            if (from <= end)
            {
                end = Math.Max(end, to);
                continue;
            }

            output.Append(text, copied, start - copied).Append(Redacted);
            copied = end;
            (start, end) = (from, to);
        }

        return output.Append(text, copied, text.Length - copied).ToString();
    }

    // What phone numbers are written with between their digits, in the normalised text: white space, any punctuation, plus.
    private static bool IsPhoneSeparator(char c) => RedactionText.IsSeparator(c) || c == '+';

    // A plus sign before the number belongs to it; an opening bracket only when it closes within the number and the
    // number goes on right after it or after one separator ("(86)138…", "(86) 138…", "(+86) 138…": the closing bracket is
    // looked for a few characters on, so that a text of many brackets is not scanned again for each), not when it
    // encloses the whole number ("（138…）"), which keeps both brackets.
    private static bool IsPlusOrBracket(string text, int index)
    {
        if (index < 0 || text[index] is not ('+' or '('))
        {
            return false;
        }

        if (text[index] == '+')
        {
            return true;
        }

        var next = text.IndexOf(')', index, Math.Min(CountryCodeBracket, text.Length - index)) + 1;
        return next > 0 && next < text.Length
            && (char.IsAsciiDigit(text[next]) || (IsPhoneSeparator(text[next]) && next + 1 < text.Length && char.IsAsciiDigit(text[next + 1])));
    }

    // The most characters from an opening bracket to its closing one around a country code: "(+0086)".
    private const int CountryCodeBracket = 8;

    // Takes the runs of digits and separators of the normalised text; in each, finds the number's digits — whole, or
    // without a country code of up to five leading digits (the national number, at least seven digits) — and takes the
    // characters from the first to the last matched digit. A run of seven digits or more that is itself part of the
    // number is taken whole.
    private static void FindNumber(RedactionText normal, string digits, List<(int Start, int End)> spans)
    {
        var text = normal.Normal;
        var candidates = new List<string>();
        for (var k = 0; k <= 5 && digits.Length - k >= MinimumPhoneDigits; k++)
        {
            candidates.Add(digits[k..]);
        }

        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                i++;
                continue;
            }

            // The run: digits and separators, ending at its last digit.
            var positions = new List<int>();
            for (var j = i; j < text.Length && (char.IsAsciiDigit(text[j]) || IsPhoneSeparator(text[j])); j++)
            {
                if (char.IsAsciiDigit(text[j]))
                {
                    positions.Add(j);
                }
            }

            var run = string.Concat(positions.Select(p => text[p]));
            var before = positions[0] - 1;
            if (run.Length >= MinimumPhoneDigits && digits.Contains(run, StringComparison.Ordinal))
            {
                spans.Add((normal.StartOf(IsPlusOrBracket(text, before) ? before : positions[0]), normal.EndOf(positions[^1])));
            }
            else
            {
                for (var at = 0; at < run.Length;)
                {
                    var match = candidates.FirstOrDefault(c => at + c.Length <= run.Length && string.CompareOrdinal(run, at, c, 0, c.Length) == 0);
                    if (match is null)
                    {
                        at++;
                        continue;
                    }

                    // A country code written before the number ("+86-", "(86) ", "0086 ") goes with it.
                    var from = at > 0 && at <= 5 && (IsPlusOrBracket(text, before) || run.StartsWith("00", StringComparison.Ordinal)) ? 0 : at;
                    spans.Add((normal.StartOf(from == 0 && IsPlusOrBracket(text, before) ? before : positions[from]), normal.EndOf(positions[at + match.Length - 1])));
                    at += match.Length;
                }
            }

            i = positions[^1] + 1;
        }
    }

    // A word of a name; Joined when it follows the Latin word before it with punctuation alone ("Jane" in "Mary-Jane").
    private readonly record struct NameWord(string Text, bool Han, bool Joined = false);

    // How the characters of a secret may be set apart in a text.
    private enum Gap : byte
    {
        // Nothing between them.
        None,

        // White space only, at least one character (between the words of a contact).
        WhiteSpace,

        // Any white space and punctuation, or nothing (between a name's words, between Han characters).
        Any,

        // Punctuation but no white space, or nothing (inside a Latin word: "Xiao-hong").
        InWord,

        // Any white space and punctuation, or nothing, inside a Latin word with two letters or more on either side ("Xiao hong").
        InWordSpaced,
    }

    // One form of a secret: its normalised characters and what may stand between each and the one before.
    private sealed class SecretPattern
    {
        // The longest stretch of separators between two characters of a secret ("Lin - Xiaohong", "林 · 小").
        private const int MaximumGap = 8;

        private readonly string _units;
        private readonly Gap[] _gaps;
        private readonly bool _word;
        private readonly bool _capital;

        private SecretPattern(string units, Gap[] gaps, bool word, bool capital)
        {
            _units = units;
            _gaps = gaps;
            _word = word;
            _capital = capital;
        }

        // A name's form: Latin matches start and end at word edges; a part of the name (not the name as written) that is a
        // single Latin word of four letters or fewer must start with a capital letter.
        public static SecretPattern Name(IReadOnlyList<NameWord> words, bool part)
        {
            var units = new StringBuilder();
            var gaps = new List<Gap>();
            foreach (var word in words)
            {
                for (var k = 0; k < word.Text.Length; k++)
                {
                    gaps.Add(k == 0 || word.Han ? Gap.Any : k >= 2 && word.Text.Length - k >= 2 ? Gap.InWordSpaced : Gap.InWord);
                    units.Append(word.Text[k]);
                }
            }

            var capital = part && words is [{ Han: false } only] && only.Text.Length <= 4;
            return new SecretPattern(units.ToString(), [.. gaps], word: true, capital);
        }

        // A contact's form: its characters as written, with any white space where it has white space.
        public static SecretPattern Literal(string text)
        {
            var units = new StringBuilder();
            var gaps = new List<Gap>();
            var space = false;
            foreach (var c in text)
            {
                if (char.IsWhiteSpace(c))
                {
                    space = true;
                    continue;
                }

                gaps.Add(space ? Gap.WhiteSpace : Gap.None);
                units.Append(c);
                space = false;
            }

            return new SecretPattern(units.ToString(), [.. gaps], word: false, capital: false);
        }

        // Adds the original span of every match in the text, left to right, matches not overlapping.
        public void FindIn(RedactionText text, List<(int Start, int End)> spans)
        {
            var normal = text.Normal;
            if (_units.Length == 0)
            {
                return;
            }

            for (var p = 0; p + _units.Length <= normal.Length; p++)
            {
                if (normal[p] != _units[0]
                    || (_word && p > 0 && RedactionText.IsAlphabetic(_units[0]) && RedactionText.IsAlphabetic(normal[p - 1]))
                    || (_capital && !char.IsUpper(text.Original[text.StartOf(p)])))
                {
                    continue;
                }

                var end = MatchAt(normal, p);
                if (end < 0 || (_word && end < normal.Length && RedactionText.IsAlphabetic(_units[^1]) && RedactionText.IsAlphabetic(normal[end])))
                {
                    continue;
                }

                // A bracket opened inside the match ("王芳 (Wang Fang)") is closed with it.
                var last = end - 1;
                if (end < normal.Length && normal[end] == ')' && normal.AsSpan(p, end - p).Count('(') > normal.AsSpan(p, end - p).Count(')'))
                {
                    last = end;
                }

                spans.Add((text.StartOf(p), text.EndOf(last)));
                p = last;
            }
        }

        // Where the match starting at p ends (exclusive), or -1.
        private int MatchAt(string normal, int p)
        {
            var j = p + 1;
            for (var k = 1; k < _units.Length; k++)
            {
                var s = j;
                switch (_gaps[k])
                {
                    case Gap.WhiteSpace:
                        while (s < normal.Length && s - j < MaximumGap && char.IsWhiteSpace(normal[s]))
                        {
                            s++;
                        }

                        if (s == j)
                        {
                            return -1;
                        }

                        break;
                    case Gap.Any or Gap.InWord or Gap.InWordSpaced:
                        var space = false;
                        while (s < normal.Length && s - j < MaximumGap && RedactionText.IsSeparator(normal[s]))
                        {
                            space |= char.IsWhiteSpace(normal[s]);
                            s++;
                        }

                        if (space && _gaps[k] == Gap.InWord)
                        {
                            return -1;
                        }

                        break;
                }

                if (s >= normal.Length || normal[s] != _units[k])
                {
                    return -1;
                }

                j = s + 1;
            }

            return j;
        }
    }
}
