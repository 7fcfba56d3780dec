using System.Diagnostics.CodeAnalysis;

namespace PetitionOpinion;

/// <summary>Identifies a person in the organisation (an employee, or a system account such as the opinion monitor). Case-sensitive text; see <see cref="IdentifierRules"/>.</summary>
public readonly record struct PersonId
{
    private readonly string? _value;

    /// <summary>Initializes a new instance of the <see cref="PersonId"/> struct.</summary>
    /// <param name="value">The identifier text.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> breaks <see cref="IdentifierRules"/>.</exception>
    public PersonId(string value) => _value = IdentifierRules.Check(value, nameof(value));

    /// <summary>Gets the identifier text; empty for the default instance.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether this is the default instance, which names nothing.</summary>
    public bool IsEmpty => _value is null;

    /// <summary>Creates an id from text the program knows to be valid (a constant, a value it stored itself).</summary>
    /// <param name="value">The identifier text.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentException"><paramref name="value"/> breaks <see cref="IdentifierRules"/> (a programmer error: use <see cref="TryParse"/> for input).</exception>
    public static PersonId From(string value) => new(value);

    /// <summary>Reads an id from input that may be wrong (a form, a URL, a configuration value): the text must follow <see cref="IdentifierRules"/>; <see cref="IdentifierRules.Explain"/> says why it does not.</summary>
    /// <param name="text">The identifier text.</param>
    /// <param name="id">The id, or <c>default</c> when <paramref name="text"/> is not a valid identifier.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a valid identifier.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out PersonId id)
    {
        id = IdentifierRules.Explain(text) is null ? new PersonId(text!) : default;
        return !id.IsEmpty;
    }

    /// <inheritdoc/>
    public override string ToString() => Value;
}
