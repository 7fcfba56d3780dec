using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PetitionOpinion.Notifications.Webhooks;

/// <summary>Text and JSON helpers of the chat formats.</summary>
internal static class ChatText
{
    private const string Ellipsis = "…";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Chinese is written as it is, as the platforms' own examples do; the body is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>
    /// Makes text safe to post: a complaint's words must not mention anyone (<c>&lt;@userid&gt;</c> in WeCom markdown,
    /// <c>&lt;at user_id="all"&gt;</c> in Feishu) or colour the message, so '&lt;' becomes the full-width '＜'; carriage
    /// returns go.
    /// </summary>
    public static string Safe(string text) => text.Replace('<', '＜').Replace("\r", string.Empty, StringComparison.Ordinal);

    /// <summary>Cuts text to at most <paramref name="maxBytes"/> bytes of UTF-8, ending with '…' when cut (never inside a character).</summary>
    public static string Cut(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var budget = maxBytes - Encoding.UTF8.GetByteCount(Ellipsis);
        var result = new StringBuilder();
        var used = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (used + rune.Utf8SequenceLength > budget)
            {
                break;
            }

            used += rune.Utf8SequenceLength;
            result.Append(rune.ToString());
        }

        return result.Append(Ellipsis).ToString();
    }

    /// <summary>The lines of a text.</summary>
    public static string[] Lines(string text) => text.Split('\n');

    /// <summary>Writes a JSON document with <paramref name="write"/> and returns its UTF-8 bytes.</summary>
    public static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.ToArray();
    }
}
