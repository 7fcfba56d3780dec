namespace PetitionOpinion.Incidents;

/// <summary>
/// A risk category (风险类别). The four of the plan are predefined; a user may define more with
/// <see cref="RiskCategory(string)"/> (any valid identifier, see <see cref="IdentifierRules"/>).
/// </summary>
public readonly record struct RiskCategory
{
    private readonly string? _value;

    /// <summary>Initializes a new instance of the <see cref="RiskCategory"/> struct.</summary>
    /// <param name="value">The category's name, e.g. <c>ProductQuality</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> breaks <see cref="IdentifierRules"/>.</exception>
    public RiskCategory(string value)
    {
        var problem = IdentifierRules.Explain(value);
        _value = problem is null ? value : throw new ArgumentException($"'{value}' is not a valid risk category: {problem}.", nameof(value));
    }

    /// <summary>Product quality (产品质量).</summary>
    public static RiskCategory ProductQuality { get; } = new("ProductQuality");

    /// <summary>Service attitude (服务态度).</summary>
    public static RiskCategory ServiceAttitude { get; } = new("ServiceAttitude");

    /// <summary>Data privacy (数据隐私).</summary>
    public static RiskCategory DataPrivacy { get; } = new("DataPrivacy");

    /// <summary>Social responsibility (社会责任).</summary>
    public static RiskCategory SocialResponsibility { get; } = new("SocialResponsibility");

    /// <summary>Gets the category's name; empty for the default instance.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether this is the default instance, which names no category.</summary>
    public bool IsEmpty => _value is null;

    /// <inheritdoc/>
    public override string ToString() => Value;
}
