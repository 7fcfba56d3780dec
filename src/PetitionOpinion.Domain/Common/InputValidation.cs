using System.Globalization;
using System.Text;

namespace PetitionOpinion;

/// <summary>Whether a text may span lines.</summary>
internal enum TextKind
{
    /// <summary>A paragraph or more: line breaks and tabs are allowed.</summary>
    MultiLine,

    /// <summary>A name, a title, a channel, a department, a contact: one line, no tab.</summary>
    SingleLine,
}

/// <summary>Collects the problems with a command's input so that all are reported at once.</summary>
internal sealed class InputValidation
{
    private List<DomainError>? _problems;

    public const string Required = "validation.required";
    public const string TooLong = "validation.too_long";
    public const string Invalid = "validation.invalid";
    public const string Failed = "validation.failed";
    public const string TooMany = "validation.too_many";
    public const string OutOfRange = "validation.out_of_range";

    public bool HasProblems => _problems is { Count: > 0 };

    public InputValidation Text(string? value, string field, int maxLength, bool required = true, TextKind kind = TextKind.MultiLine)
    {
        if (value is null || string.IsNullOrWhiteSpace(value))
        {
            if (required || value is not null)
            {
                Add(Required, $"{field} is required and must not be empty or white space.");
            }
        }
        else if (value.Length > maxLength)
        {
            Add(TooLong, $"{field} must be at most {maxLength} characters (was {value.Length}).");
        }
        else if (!IsWellFormedUtf16(value))
        {
            // A lone surrogate cannot be stored as UTF-8: the audit trail would keep a different text than was accepted.
            Add(Invalid, $"{field} contains an unpaired surrogate character (malformed UTF-16 text).");
        }
        else if (ForbiddenCharacter(value, kind) is { } bad)
        {
            Add(Invalid, string.Create(CultureInfo.InvariantCulture, $"{field} contains {Describe(bad.Character)} (U+{(int)bad.Character:X4}) at position {bad.Index + 1}: {(kind == TextKind.SingleLine ? "a single-line text allows no control character, line break or tab" : "a text allows no control character but line breaks and tabs")}, and no bidirectional override or isolate."));
        }
        else if (!HasVisibleCharacter(value))
        {
            Add(Required, $"{field} is required and must contain a visible character (it holds only white space and invisible characters).");
        }

        return this;
    }

    /// <summary>Refuses a list longer than <paramref name="max"/>.</summary>
    public InputValidation Count(int count, string field, int max)
    {
        if (count > max)
        {
            Add(TooMany, string.Create(CultureInfo.InvariantCulture, $"{field}: at most {max} allowed (was {count})."));
        }

        return this;
    }

    /// <summary>
    /// Replaces every character a text of <paramref name="kind"/> may not hold (and every unpaired surrogate) with U+FFFD,
    /// for text the library composes from outside input (a monitored topic) that must not be refused for it.
    /// </summary>
    public static string Clean(string text, TextKind kind)
    {
        if (ForbiddenCharacter(text, kind) is null && IsWellFormedUtf16(text))
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var pair = char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]);
            if (pair)
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]) || ForbiddenCharacter(chars[i].ToString(), kind) is not null)
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }

    // Control characters (C0, DEL, C1) would let a text rewrite a terminal or a log line (ANSI escapes, NUL truncation);
    // bidirectional overrides and isolates would make a text read differently from what it holds ("Trojan source").
    // Line breaks (CR, LF, NEL's C1 aside, U+2028/U+2029) and tabs are allowed in multi-line texts only.
    private static (int Index, char Character)? ForbiddenCharacter(string value, TextKind kind)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var forbidden = c switch
            {
                '\t' or '\n' or '\r' or '\u2028' or '\u2029' => kind == TextKind.SingleLine,
                < '\u0020' or (>= '\u007F' and <= '\u009F') => true,
                (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') => true,
                _ => false,
            };
            if (forbidden)
            {
                return (i, c);
            }
        }

        return null;
    }

    private static string Describe(char c) => c switch
    {
        '\n' or '\r' or '\u2028' or '\u2029' => "a line break",
        '\t' => "a tab",
        (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') => "a bidirectional override or isolate",
        _ => "a control character",
    };

    // A visible character: not white space, not a control or format character (zero-width spaces and joiners, word joiner,
    // byte-order mark), not a lone combining mark, and not one of the letters that render blank (Hangul fillers, braille blank).
    private static bool HasVisibleCharacter(string value)
    {
        foreach (var rune in value.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            var invisible = category is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                    or UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
                || Rune.IsWhiteSpace(rune)
                || rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800;
            if (!invisible)
            {
                return true;
            }
        }

        return false;
    }

    // Vectorised search first: well-formed text without surrogates, the common case, costs one pass.
    private static bool IsWellFormedUtf16(string value)
    {
        var span = value.AsSpan();
        var first = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return true;
        }

        for (var i = first; i < span.Length; i++)
        {
            if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(span[i]))
            {
                return false;
            }
        }

        return true;
    }

    public InputValidation Id(bool isEmpty, string field)
    {
        if (isEmpty)
        {
            Add(Required, $"{field} must name something (it was the default, empty id).");
        }

        return this;
    }

    public InputValidation Check(bool ok, string code, string message)
    {
        if (!ok)
        {
            Add(code, message);
        }

        return this;
    }

    public void Add(string code, string message) => (_problems ??= []).Add(new DomainError(code, message));

    public DomainError? ToError(string what)
        => _problems switch
        {
            null or { Count: 0 } => null,
            { Count: 1 } => _problems[0],
            _ => new DomainError(Failed, $"{what}: {_problems.Count} problems.", _problems.ToArray()),
        };
}
