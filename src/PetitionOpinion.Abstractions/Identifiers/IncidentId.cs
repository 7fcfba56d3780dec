using System.Diagnostics.CodeAnalysis;

namespace PetitionOpinion;

/// <summary>Identifies one incident (信访舆情事件). A wrapper over a <see cref="Guid"/>; <c>default</c> is not a valid id.</summary>
/// <param name="Value">The underlying value. Never <see cref="Guid.Empty"/> for an id that names a real incident.</param>
public readonly record struct IncidentId(Guid Value) : ISpanFormattable
{
    /// <summary>Gets a value indicating whether this is the default (empty) id, which never names an incident.</summary>
    public bool IsEmpty => Value == Guid.Empty;

    /// <summary>Parses the canonical text form produced by <see cref="ToString()"/>.</summary>
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

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => Value.ToString(format ?? "D", formatProvider);

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        => Value.TryFormat(destination, out charsWritten, format.IsEmpty ? "D" : format);
}
