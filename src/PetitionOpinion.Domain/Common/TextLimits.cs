namespace PetitionOpinion;

/// <summary>The longest texts the library accepts. Longer input is refused with a <c>validation.too_long</c> error.</summary>
public static class TextLimits
{
    /// <summary>Names and titles: 200 characters.</summary>
    public const int Name = 200;

    /// <summary>Short texts (a reason, a summary, an outcome, a cause, an improvement): 2,000 characters.</summary>
    public const int Short = 2_000;

    /// <summary>Long texts (a description, a statement's body, a report's narrative): 20,000 characters.</summary>
    public const int Long = 20_000;

    /// <summary>Shortens a text to at most <paramref name="limit"/> characters, ending a shortened one with an ellipsis and never splitting a surrogate pair.</summary>
    internal static string Shorten(string text, int limit)
    {
        if (text.Length <= limit)
        {
            return text;
        }

        var cut = limit - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), "…");
    }
}
