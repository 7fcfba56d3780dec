using System.Text;

namespace PetitionOpinion.Reporting;

/// <summary>
/// Escapes user text for Markdown (CommonMark and GitHub's tables), so that a description, an outcome or a name reads as
/// the text it is: it cannot open a heading, list, quote or code block, emphasise, link, strike through, embed HTML, or
/// break a table row with <c>|</c> or a line break.
/// </summary>
internal static class MarkdownEscaping
{
    // Escaped wherever they stand: emphasis, code, links, HTML, strikethrough, table cells, and the backslash itself.
    private const string InlineSpecials = "\\`*_[]<>|~";

    /// <summary>Escapes a text for one line: a table cell, a list item, a value after a label. Line breaks become spaces.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The escaped text, trimmed; empty for an empty or blank text.</returns>
    public static string Inline(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var line = new StringBuilder(text.Length);
        foreach (var c in text.ReplaceLineEndings(" "))
        {
            line.Append(char.IsControl(c) ? ' ' : c);
        }

        return Line(line.ToString().Trim());
    }

    /// <summary>Escapes a text of several lines for a paragraph: each line is escaped, blank lines separate paragraphs.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The escaped text; empty for an empty or blank text.</returns>
    public static string Block(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var lines = new List<string>();
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = Inline(raw);
            if (line.Length > 0 || (lines.Count > 0 && lines[^1].Length > 0))
            {
                lines.Add(line);
            }
        }

        while (lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return string.Join("\n", lines);
    }

    // An ampersand matters only where it starts an entity (&amp; &#38; &#x26;): "R&D" and "A & B" stay as written.
    private static bool StartsEntity(string text, int from)
    {
        var i = from < text.Length && text[from] == '#' ? from + 1 : from;
        var start = i;
        while (i < text.Length && char.IsAsciiLetterOrDigit(text[i]))
        {
            i++;
        }

        return i > start && i < text.Length && text[i] == ';';
    }

    private static string Line(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (InlineSpecials.Contains(c, StringComparison.Ordinal) || (c == '&' && StartsEntity(text, i + 1)))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        // What opens a block only at the start of a line: an ATX heading, a list item or a setext underline, an ordered
        // list item ("1." or "1)"). A quote (">") and a thematic break of "*" or "_" are escaped above already.
        if (escaped.Length > 0 && escaped[0] is '#' or '-' or '+' or '=')
        {
            escaped.Insert(0, '\\');
        }
        else
        {
            var digits = 0;
            while (digits < escaped.Length && char.IsAsciiDigit(escaped[digits]))
            {
                digits++;
            }

            if (digits is > 0 and <= 9 && digits < escaped.Length && escaped[digits] is '.' or ')')
            {
                escaped.Insert(digits, '\\');
            }
        }

        return escaped.ToString();
    }
}
