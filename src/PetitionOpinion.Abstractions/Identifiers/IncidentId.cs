using System.Diagnostics.CodeAnalysis;

namespace PetitionOpinion;

/// <summary>Identifies one incident (信访舆情事件). A wrapper over a <see cref="Guid"/>; <c>default</c> is not a valid id.</summary>
/// <param name="Value">The underlying value. Never <see cref="Guid.Empty"/> for an id that names a real incident.</param>
public readonly record struct IncidentId(Guid Value) : ISpanFormattable
{
    /// <summary>Gets a value indicating whether this is the default (empty) id, which never names an incident.</summary>
    public bool IsEmpty => Value == Guid.Empty;

    /// <summary>Creates an id from its value, for a value the program knows to name an incident.</summary>
    /// <param name="value">The value; not <see cref="Guid.Empty"/>.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentException"><paramref name="value"/> is <see cref="Guid.Empty"/> (a programmer error: use <see cref="TryParse"/> for input).</exception>
    public static IncidentId From(Guid value)
        => value == Guid.Empty ? throw new ArgumentException("An incident id must not be the empty GUID.", nameof(value)) : new IncidentId(value);

    /// <summary>Parses the canonical text form produced by <see cref="ToString()"/>, for text the program knows to be an id (a value it wrote itself).</summary>
    /// <param name="text">The text to parse.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not a non-empty GUID (use <see cref="TryParse"/> for input that may be wrong).</exception>
    public static IncidentId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var id) ? id : throw new FormatException($"'{Truncate(text)}' is not an incident id: an incident id is a non-empty GUID.");
    }

    /// <summary>Parses the canonical text form produced by <see cref="ToString()"/>: the way to read an id from input (a URL, a form, a message).</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="id">The parsed id, or <c>default</c> when parsing fails.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a non-empty GUID.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out IncidentId id)
    {
        if (Guid.TryParse(text, out var guid) && guid != Guid.Empty)
        {
            id = new IncidentId(guid);
            return true;
        }

        id = default;
        return false;
    }

    /// <inheritdoc/>
    public override string ToString() => Value.ToString("D");

    // The text is quoted in the exception's message: at most a GUID's length of it.
    private static string Truncate(string text) => text.Length <= 38 ? text : string.Concat(text.AsSpan(0, 38), "…");

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => Value.ToString(format ?? "D", formatProvider);

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        => Value.TryFormat(destination, out charsWritten, format.IsEmpty ? "D" : format);
}
