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

    /// <summary>Creates an id from text.</summary>
    /// <param name="value">The identifier text.</param>
    /// <returns>The id.</returns>
    public static PersonId From(string value) => new(value);

    /// <inheritdoc/>
    public override string ToString() => Value;
}
