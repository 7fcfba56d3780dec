using System.Globalization;
using OneOf;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Assessment;

/// <summary>
/// The risk rules, in configuration (section <c>PetitionOpinion:Assessment</c>). By default the rule set is
/// <see cref="DefaultRiskRules"/>; configured rules are added to it, or replace it when <see cref="UseDefaultRules"/> is
/// <see langword="false"/>. Validated at start-up: every problem is listed with its configuration path.
/// </summary>
/// <example>
/// <code language="json">
/// "Assessment": {
///   "RuleSetId": "acme-2026-11",
///   "UseDefaultRules": false,
///   "Categories": [ "Logistics" ],
///   "Rules": [
///     { "Id": "reach-5m", "Description": "5M views: at least II", "Source": "Acme PR policy 2026",
///       "When": [ { "Fact": "Reach", "AtLeast": "5000000" } ], "Level": "II", "Scope": "RegionalOrIndustry", "Dimensions": [ "Reputation" ] },
///     { "Id": "vip", "Description": "A VIP customer: one level up", "Source": "Acme CS policy",
///       "When": [ { "Flag": "custom:vip-customer" } ], "Raise": true }
///   ]
/// }
/// </code>
/// </example>
public sealed class RiskAssessmentOptions
{
    /// <summary>Gets or sets the rule set's id, recorded with every assessment. Default: <see cref="DefaultRiskRules.RuleSetId"/> (change it when you change the rules).</summary>
    public string? RuleSetId { get; set; } = DefaultRiskRules.RuleSetId;

    /// <summary>Gets or sets a value indicating whether the default rules come first. Default: <see langword="true"/>.</summary>
    public bool UseDefaultRules { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the seed's four risk categories are known. Default: <see langword="true"/>.</summary>
    public bool UseDefaultCategories { get; set; } = true;

    /// <summary>Gets or sets extra risk categories (identifiers).</summary>
    public List<string> Categories { get; set; } = [];

    /// <summary>Gets or sets the configured rules, evaluated after the default ones.</summary>
    public List<RiskRuleOptions> Rules { get; set; } = [];

    /// <summary>Builds and compiles the rule set these options describe.</summary>
    /// <param name="codeRules">Rules written in code to add after the configured ones (e.g. those registered with <c>AddRiskRule</c>).</param>
    /// <param name="path">The configuration path of these options, prefixed to every problem (e.g. <c>Assessment</c>).</param>
    /// <returns>The rule set, or an error whose details list every problem, each message starting with its configuration path.</returns>
    public OneOf<RiskRuleSet, DomainError> BuildRuleSet(IEnumerable<IRiskRule> codeRules, string path)
    {
        ArgumentNullException.ThrowIfNull(codeRules);
        ArgumentNullException.ThrowIfNull(path);
        var problems = new List<DomainError>();
        if (IdentifierRules.Explain(RuleSetId) is { } idProblem)
        {
            problems.Add(new(RiskAssessmentErrors.InvalidRuleSet, $"'{RuleSetId}' is not a valid rule set id: {idProblem}.") { Path = $"{path}:RuleSetId" });
        }

        // Where each rule of the set comes from, to name it in problems.
        var rules = new List<IRiskRule>();
        var origins = new List<string>();
        if (UseDefaultRules)
        {
            rules.AddRange(DefaultRiskRules.All);
            origins.AddRange(DefaultRiskRules.All.Select(r => $"{path} (default rule {r.Id})"));
        }

        var configured = Rules ?? [];
        for (var i = 0; i < configured.Count; i++)
        {
            if (configured[i] is null)
            {
                problems.Add(new(RiskAssessmentErrors.InvalidRule, "the rule is empty.") { Path = $"{path}:Rules:{i}" });
            }
            else if (configured[i].Build($"{path}:Rules:{i}", problems) is { } rule)
            {
                rules.Add(rule);
                origins.Add($"{path}:Rules:{i}");
            }
        }

        foreach (var rule in codeRules)
        {
            rules.Add(rule);
            origins.Add($"{path} (code rule {rule?.Id})");
        }

        var categories = new List<RiskCategory>();
        if (UseDefaultCategories)
        {
            categories.AddRange(DefaultRiskRules.Categories);
        }

        var extra = Categories ?? [];
        for (var i = 0; i < extra.Count; i++)
        {
            if (IdentifierRules.Explain(extra[i]) is { } problem)
            {
                problems.Add(new(RiskAssessmentErrors.InvalidRuleSet, $"'{extra[i]}' is not a valid risk category: {problem}.") { Path = $"{path}:Categories:{i}" });
            }
            else
            {
                categories.Add(new RiskCategory(extra[i]));
            }
        }

        // The rule set's own checks (duplicate ids, contradicting bands, ...) run on the rules that could be built, so that
        // a problem in one rule does not hide a problem elsewhere.
        var set = RiskRuleSet.CreateLocated(IdentifierRules.Explain(RuleSetId) is null ? RuleSetId! : DefaultRiskRules.RuleSetId, rules, categories, i => origins[i]);
        if (problems.Count == 0)
        {
            return set;
        }

        if (set.TryPickT1(out var invalid, out _))
        {
            // A problem of the whole set (no category, say) is placed at these options.
            problems.AddRange(invalid.Details.Select(d => d.Path is null ? d with { Path = path } : d));
        }

        return new DomainError(RiskAssessmentErrors.InvalidRuleSet, $"{problems.Count} problem(s) in the risk rules: {string.Join(" ", problems.Select(p => p.Located()))}", problems) { Path = path };
    }
}

/// <summary>A declarative risk rule, in configuration (see <see cref="RiskRule"/>).</summary>
public sealed class RiskRuleOptions
{
    /// <summary>Gets or sets the rule's id (an identifier, unique in the rule set).</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets what the rule says.</summary>
    public string? Description { get; set; }

    /// <summary>Gets or sets where it comes from. Default: "configuration".</summary>
    public string? Source { get; set; }

    /// <summary>Gets or sets the conditions, all of which must hold.</summary>
    public List<RiskConditionOptions> When { get; set; } = [];

    /// <summary>Gets or sets the minimum level: <c>I</c>, <c>II</c>, <c>III</c> or <c>IV</c>.</summary>
    public string? Level { get; set; }

    /// <summary>Gets or sets a value indicating whether the rule is an escalator (one level up).</summary>
    public bool Raise { get; set; }

    /// <summary>Gets or sets the minimum scope: <c>Individual</c>, <c>Group</c>, <c>RegionalOrIndustry</c> or <c>PublicOrNational</c>.</summary>
    public string? Scope { get; set; }

    /// <summary>Gets or sets the impact dimensions touched: <c>Reputation</c>, <c>CustomerTrust</c>, <c>MarketShare</c>.</summary>
    public List<string> Dimensions { get; set; } = [];

    internal RiskRule? Build(string path, List<DomainError> problems)
    {
        var before = problems.Count;
        if (IdentifierRules.Explain(Id) is { } idProblem)
        {
            problems.Add(new(RiskAssessmentErrors.InvalidRule, $"'{Id}' is not a valid rule id: {idProblem}.") { Path = $"{path}:Id" });
        }

        var conditions = new List<RiskCondition>();
        var when = When ?? [];
        if (when.Count == 0)
        {
            problems.Add(new(RiskAssessmentErrors.InvalidRule, "a rule needs at least one condition.") { Path = $"{path}:When" });
        }

        for (var c = 0; c < when.Count; c++)
        {
            if (when[c]?.Build($"{path}:When:{c}", problems) is { } condition)
            {
                conditions.Add(condition);
            }
        }

        var level = ParseOptional<SeverityLevel>(Level, $"{path}:Level", "level", problems);
        var scope = ParseOptional<ImpactScope>(Scope, $"{path}:Scope", "scope", problems);
        var dimensions = ImpactDimensions.None;
        var configured = Dimensions ?? [];
        for (var d = 0; d < configured.Count; d++)
        {
            if (ParseOptional<ImpactDimensions>(configured[d], $"{path}:Dimensions:{d}", "impact dimension", problems) is { } dimension)
            {
                dimensions |= dimension;
            }
        }

        var effect = new RiskRuleEffect(level, Raise, scope, dimensions);
        if (effect.IsEmpty && problems.Count == before)
        {
            problems.Add(new(RiskAssessmentErrors.InvalidRule, "the rule has no effect (set Level, Raise, Scope or Dimensions).") { Path = path });
        }

        return problems.Count == before
            ? new RiskRule(Id!, string.IsNullOrWhiteSpace(Description) ? Id! : Description, string.IsNullOrWhiteSpace(Source) ? "configuration" : Source, conditions, effect)
            : null;
    }

    private static T? ParseOptional<T>(string? text, string path, string what, List<DomainError> problems)
        where T : struct, Enum
    {
        if (text is null)
        {
            return null;
        }

        // Names only: a number would slip past as an undefined value, and a flag combination is not one value.
        if (Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name)
        {
            return Enum.Parse<T>(name);
        }

        problems.Add(new(RiskAssessmentErrors.OutOfRange, $"'{text}' is not a valid {what} (one of {string.Join(", ", Enum.GetNames<T>().Where(n => n != "None"))}).") { Path = path });
        return null;
    }
}

/// <summary>A condition of a configured rule: <see cref="Fact"/> with <see cref="AtLeast"/>, or <see cref="Flag"/>.</summary>
public sealed class RiskConditionOptions
{
    /// <summary>Gets or sets the numeric fact: a <see cref="RiskFact"/> name or a user-defined key.</summary>
    public string? Fact { get; set; }

    /// <summary>Gets or sets the threshold, as text in invariant culture (e.g. <c>1000000</c>, <c>0.6</c>); the fact must be at least this.</summary>
    public string? AtLeast { get; set; }

    /// <summary>Gets or sets the flag that must be set: a <see cref="RiskFlag"/> name or a user-defined key.</summary>
    public string? Flag { get; set; }

    internal RiskCondition? Build(string path, List<DomainError> problems)
    {
        if (Flag is not null && (Fact is not null || AtLeast is not null) || Flag is null && Fact is null)
        {
            problems.Add(new(RiskAssessmentErrors.InvalidRule, "a condition is either Fact with AtLeast or Flag.") { Path = path });
            return null;
        }

        if (Flag is { } flag)
        {
            // Exact names only: Enum.TryParse also accepts numbers and comma lists ("Complainants,Reach" is NegativeShare).
            if (Enum.TryParse<RiskFlag>(flag, ignoreCase: false, out var builtIn) && Enum.GetName(builtIn) == flag)
            {
                return RiskCondition.Flag(builtIn);
            }

            return Custom(flag, "flag", path + ":Flag", problems, RiskCondition.Flag);
        }

        if (!double.TryParse(AtLeast, NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold) || !double.IsFinite(threshold))
        {
            problems.Add(new(RiskAssessmentErrors.InvalidThreshold, $"'{AtLeast}' is not a number (write it in invariant culture, e.g. 1000000 or 0.6).") { Path = $"{path}:AtLeast" });
            return null;
        }

        var fact = Fact!;
        if (Enum.TryParse<RiskFact>(fact, ignoreCase: false, out var known) && Enum.GetName(known) == fact)
        {
            return RiskCondition.Numeric(known, threshold);
        }

        return Custom(fact, "fact", path + ":Fact", problems, key => RiskCondition.Numeric(key, threshold));
    }

    private static RiskCondition? Custom(string key, string what, string path, List<DomainError> problems, Func<string, RiskCondition> create)
    {
        // A user-defined key is written "custom:<key>", so that a misspelt built-in name is an error, not a new fact.
        const string Prefix = "custom:";
        if (key.StartsWith(Prefix, StringComparison.Ordinal) && IdentifierRules.Explain(key[Prefix.Length..]) is null && !RiskCondition.IsBuiltInName(key[Prefix.Length..]))
        {
            return create(key[Prefix.Length..]);
        }

        var names = what == "flag" ? Enum.GetNames<RiskFlag>() : Enum.GetNames<RiskFact>();
        problems.Add(new(RiskAssessmentErrors.UnknownFact, $"'{key}' is not a known {what} ({string.Join(", ", names)}); a user-defined one is written 'custom:<key>'.") { Path = path });
        return null;
    }
}
