namespace PetitionOpinion.Incidents;

/// <summary>
/// What a directive asks for (处理指令). The six kinds of the plan are predefined; custom kinds are any valid
/// identifier (see <see cref="IdentifierRules"/>).
/// </summary>
public readonly record struct DirectiveKind
{
    private readonly string? _value;

    /// <summary>Initializes a new instance of the <see cref="DirectiveKind"/> struct.</summary>
    /// <param name="value">The kind's name.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> breaks <see cref="IdentifierRules"/>.</exception>
    public DirectiveKind(string value)
    {
        var problem = IdentifierRules.Explain(value);
        _value = problem is null ? value : throw new ArgumentException($"'{value}' is not a valid directive kind: {problem}.", nameof(value));
    }

    /// <summary>Information collection (信息收集).</summary>
    public static DirectiveKind InformationCollection { get; } = new("InformationCollection");

    /// <summary>Customer communication (客户沟通).</summary>
    public static DirectiveKind CustomerCommunication { get; } = new("CustomerCommunication");

    /// <summary>Public-opinion monitoring (舆情监测).</summary>
    public static DirectiveKind OpinionMonitoring { get; } = new("OpinionMonitoring");

    /// <summary>Publishing a public statement (发布声明).</summary>
    public static DirectiveKind PublicStatement { get; } = new("PublicStatement");

    /// <summary>Technical support (技术支持).</summary>
    public static DirectiveKind TechnicalSupport { get; } = new("TechnicalSupport");

    /// <summary>Legal consultation (法律咨询).</summary>
    public static DirectiveKind LegalConsultation { get; } = new("LegalConsultation");

    /// <summary>Gets the kind's name; empty for the default instance.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether this is the default instance.</summary>
    public bool IsEmpty => _value is null;

    /// <inheritdoc/>
    public override string ToString() => Value;
}

/// <summary>Where a directive is: Issued → Acknowledged → Completed, or Cancelled while open.</summary>
public enum DirectiveStatus
{
    /// <summary>Issued, not yet acknowledged by the assignee group.</summary>
    Issued = 1,

    /// <summary>Acknowledged by the assignee group.</summary>
    Acknowledged = 2,

    /// <summary>Completed, with an outcome.</summary>
    Completed = 3,

    /// <summary>Cancelled, with a reason.</summary>
    Cancelled = 4,
}

/// <summary>A directive (处理指令): a task given to a group, with its due time and progress.</summary>
/// <param name="Id">The directive's number within the incident.</param>
/// <param name="Kind">What it asks for.</param>
/// <param name="Assignee">The group that must carry it out.</param>
/// <param name="Instructions">What to do.</param>
/// <param name="DueAt">When it is due.</param>
/// <param name="IssuedBy">Who issued it.</param>
/// <param name="IssuedAt">When.</param>
/// <param name="Status">Where it is.</param>
/// <param name="Outcome">The outcome (when completed) or the reason (when cancelled).</param>
public sealed record Directive(
    DirectiveId Id,
    DirectiveKind Kind,
    GroupId Assignee,
    string Instructions,
    DateTimeOffset DueAt,
    PersonId IssuedBy,
    DateTimeOffset IssuedAt,
    DirectiveStatus Status,
    string? Outcome)
{
    /// <summary>Gets a value indicating whether the directive is still open (issued or acknowledged).</summary>
    public bool IsOpen => Status is DirectiveStatus.Issued or DirectiveStatus.Acknowledged;
}
