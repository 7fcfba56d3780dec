namespace PetitionOpinion.Readiness;

/// <summary>Identifies a resource in the <see cref="ResourceCatalog"/>. Case-sensitive text; see <see cref="IdentifierRules"/>.</summary>
public readonly record struct ResourceId
{
    private readonly string? _value;

    /// <summary>Initializes a new instance of the <see cref="ResourceId"/> struct.</summary>
    /// <param name="value">The identifier text, e.g. <c>hotline-400</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> breaks <see cref="IdentifierRules"/>.</exception>
    public ResourceId(string value)
    {
        var problem = IdentifierRules.Explain(value);
        _value = problem is null ? value : throw new ArgumentException($"'{value}' is not a valid resource id: {problem}.", nameof(value));
    }

    /// <summary>Gets the identifier text; empty for the default instance.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether this is the default instance, which names nothing.</summary>
    public bool IsEmpty => _value is null;

    /// <summary>Creates an id from text.</summary>
    /// <param name="value">The identifier text.</param>
    /// <returns>The id.</returns>
    public static ResourceId From(string value) => new(value);

    /// <inheritdoc/>
    public override string ToString() => Value;
}
