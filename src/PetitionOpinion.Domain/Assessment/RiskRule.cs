using System.Globalization;
using Ardalis.GuardClauses;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Assessment;

/// <summary>What a rule does to the assessment when it fires. Effects only ever raise: more harm never lowers the level.</summary>
/// <param name="MinimumLevel">The level the incident is at least (<see cref="SeverityLevel.I"/> is the most severe), if any.</param>
/// <param name="RaisesOneLevel">Whether the rule is an escalator: it raises the level reached by the others one step (never above I); several escalators each raise one step.</param>
/// <param name="MinimumScope">The scope the incident has at least, if any.</param>
/// <param name="Dimensions">The impact dimensions it touches.</param>
public readonly record struct RiskRuleEffect(SeverityLevel? MinimumLevel, bool RaisesOneLevel, ImpactScope? MinimumScope, ImpactDimensions Dimensions)
{
    /// <summary>Gets a value indicating whether the effect changes anything (a rule must).</summary>
    public bool IsEmpty => MinimumLevel is null && !RaisesOneLevel && MinimumScope is null && Dimensions == ImpactDimensions.None;

    /// <summary>An effect that sets a minimum level.</summary>
    /// <param name="level">The level.</param>
    /// <param name="scope">The minimum scope, if any.</param>
    /// <param name="dimensions">The dimensions touched.</param>
    /// <returns>The effect.</returns>
    public static RiskRuleEffect AtLeast(SeverityLevel level, ImpactScope? scope = null, ImpactDimensions dimensions = ImpactDimensions.None)
        => new(level, false, scope, dimensions);

    /// <summary>An escalator's effect: one level up.</summary>
    /// <param name="dimensions">The dimensions touched.</param>
    /// <returns>The effect.</returns>
    public static RiskRuleEffect RaiseOneLevel(ImpactDimensions dimensions = ImpactDimensions.None) => new(null, true, null, dimensions);

    /// <inheritdoc/>
    public override string ToString()
    {
        var parts = new List<string>();
        if (MinimumLevel is { } level)
        {
            parts.Add($"at least level {level}");
        }

        if (RaisesOneLevel)
        {
            parts.Add("raises the level one step");
        }

        if (MinimumScope is { } scope)
        {
            parts.Add($"scope at least {scope}");
        }

        if (Dimensions != ImpactDimensions.None)
        {
            parts.Add($"touches {Dimensions}");
        }

        return parts.Count == 0 ? "no effect" : string.Join("; ", parts);
    }
}

/// <summary>A fact value that made a rule fire, for the explanation of an assessment.</summary>
/// <param name="Fact">The fact's name (a <see cref="RiskFact"/> or <see cref="RiskFlag"/> name, or a user-defined key).</param>
/// <param name="Value">Its value, as text (numbers in invariant culture).</param>
/// <param name="Condition">The condition it met, e.g. <c>≥ 5</c> or <c>set</c>.</param>
public sealed record TriggeringFact(string Fact, string Value, string Condition)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Fact} = {Value} ({Condition})";
}

/// <summary>
/// A risk rule written in code: give it to <see cref="RiskRuleSet.Create"/> (or register it with
/// <c>AddRiskRule</c>). Its <see cref="Fires"/> must be deterministic, side-effect free, allocation free and monotonic
/// (more harm never turns it off), and its effect fixed.
/// </summary>
public interface IRiskRule
{
    /// <summary>Gets the rule's id, unique in its rule set (an identifier, see <see cref="IdentifierRules"/>).</summary>
    string Id { get; }

    /// <summary>Gets what the rule says, for people.</summary>
    string Description { get; }

    /// <summary>Gets where the rule comes from (a regulation, the company plan, a decision), for people.</summary>
    string Source { get; }

    /// <summary>Gets what the rule does when it fires.</summary>
    RiskRuleEffect Effect { get; }

    /// <summary>Gets a text that identifies the rule's logic for the rule set's content hash; change it whenever the logic changes.</summary>
    string Fingerprint { get; }

    /// <summary>Decides whether the rule fires for <paramref name="facts"/>.</summary>
    /// <param name="facts">The facts.</param>
    /// <returns>Whether it fires.</returns>
    bool Fires(RiskFacts facts);

    /// <summary>Explains why the rule fired: the fact values that triggered it. Called only when it fired; may allocate.</summary>
    /// <param name="facts">The facts.</param>
    /// <returns>The triggering fact values.</returns>
    IReadOnlyList<TriggeringFact> Explain(RiskFacts facts);
}

/// <summary>A condition of a declarative <see cref="RiskRule"/>: a numeric fact at or above a threshold, or a flag set.</summary>
public sealed record RiskCondition
{
    private RiskCondition(string fact, double? atLeast, RiskFact? builtInFact, RiskFlag? builtInFlag)
    {
        Fact = fact;
        AtLeast = atLeast;
        BuiltInFact = builtInFact;
        BuiltInFlag = builtInFlag;
    }

    /// <summary>Gets the fact's name: a <see cref="RiskFact"/> or <see cref="RiskFlag"/> name, or a user-defined key.</summary>
    public string Fact { get; }

    /// <summary>Gets the threshold of a numeric condition (the fact must be at least this); <see langword="null"/> for a flag.</summary>
    public double? AtLeast { get; }

    /// <summary>Gets the built-in numeric fact compared, if it is one.</summary>
    public RiskFact? BuiltInFact { get; }

    /// <summary>Gets the built-in flag tested, if it is one.</summary>
    public RiskFlag? BuiltInFlag { get; }

    /// <summary>Gets a value indicating whether this is a flag condition.</summary>
    public bool IsFlag => AtLeast is null;

    /// <summary>A built-in numeric fact at or above a threshold.</summary>
    /// <param name="fact">The fact.</param>
    /// <param name="threshold">The threshold (finite).</param>
    /// <returns>The condition.</returns>
    public static RiskCondition Numeric(RiskFact fact, double threshold)
    {
        Guard.Against.EnumOutOfRange(fact);
        return new(fact.ToString(), Finite(threshold), fact, null);
    }

    /// <summary>A user-defined numeric fact (see <see cref="RiskFacts.Numbers"/>) at or above a threshold.</summary>
    /// <param name="key">The fact's key (an identifier that is not a built-in fact's or flag's name).</param>
    /// <param name="threshold">The threshold (finite).</param>
    /// <returns>The condition.</returns>
    public static RiskCondition Numeric(string key, double threshold) => new(CustomKey(key), Finite(threshold), null, null);

    /// <summary>A built-in flag set.</summary>
    /// <param name="flag">The flag.</param>
    /// <returns>The condition.</returns>
    public static RiskCondition Flag(RiskFlag flag)
    {
        Guard.Against.EnumOutOfRange(flag);
        return new(flag.ToString(), null, null, flag);
    }

    /// <summary>A user-defined flag (see <see cref="RiskFacts.Flags"/>) set.</summary>
    /// <param name="key">The flag's key (an identifier that is not a built-in fact's or flag's name).</param>
    /// <returns>The condition.</returns>
    public static RiskCondition Flag(string key) => new(CustomKey(key), null, null, null);

    /// <summary>Decides whether <paramref name="facts"/> meet the condition.</summary>
    /// <param name="facts">The facts.</param>
    /// <returns>Whether they do.</returns>
    public bool IsMetBy(RiskFacts facts)
    {
        Guard.Against.Null(facts);
        return AtLeast is { } threshold
            ? (BuiltInFact is { } fact ? facts.Get(fact) : facts.GetNumber(Fact)) >= threshold
            : BuiltInFlag is { } flag ? facts.Get(flag) : facts.HasFlag(Fact);
    }

    /// <summary>Describes the fact's value in <paramref name="facts"/> and the condition.</summary>
    /// <param name="facts">The facts.</param>
    /// <returns>The description.</returns>
    public TriggeringFact Describe(RiskFacts facts)
    {
        Guard.Against.Null(facts);
        return AtLeast is { } threshold
            ? new(Fact, (BuiltInFact is { } fact ? facts.Get(fact) : facts.GetNumber(Fact)).ToString(CultureInfo.InvariantCulture), $"≥ {threshold.ToString(CultureInfo.InvariantCulture)}")
            : new(Fact, (BuiltInFlag is { } flag ? facts.Get(flag) : facts.HasFlag(Fact)) ? "set" : "not set", "set");
    }

    /// <inheritdoc/>
    public override string ToString() => AtLeast is { } threshold ? $"{Fact} ≥ {threshold.ToString(CultureInfo.InvariantCulture)}" : $"{Fact} set";

    /// <summary>Whether <paramref name="name"/> names a built-in fact or flag.</summary>
    internal static bool IsBuiltInName(string name)
        => Enum.TryParse<RiskFact>(name, ignoreCase: false, out var f) && Enum.IsDefined(f) && !char.IsDigit(name[0])
        || Enum.TryParse<RiskFlag>(name, ignoreCase: false, out var g) && Enum.IsDefined(g) && !char.IsDigit(name[0]);

    private static double Finite(double threshold)
        => double.IsFinite(threshold) ? threshold : throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "A threshold must be a finite number.");

    private static string CustomKey(string key)
    {
        Guard.Against.Null(key);
        if (IdentifierRules.Explain(key) is { } problem)
        {
            throw new ArgumentException($"'{key}' is not a valid fact key: {problem}.", nameof(key));
        }

        return IsBuiltInName(key) ? throw new ArgumentException($"'{key}' is a built-in fact or flag; use the overload that takes it.", nameof(key)) : key;
    }
}

/// <summary>
/// A declarative rule: when every condition holds (a numeric fact at or above its threshold, a flag set), the effect
/// applies. Rules bound from configuration are of this kind; so are the default rules (<see cref="DefaultRiskRules"/>).
/// </summary>
public sealed record RiskRule : IRiskRule
{
    /// <summary>Initializes a new instance of the <see cref="RiskRule"/> class.</summary>
    /// <param name="id">The id, unique in its rule set (an identifier).</param>
    /// <param name="description">What it says, for people.</param>
    /// <param name="source">Where it comes from.</param>
    /// <param name="when">The conditions, all of which must hold (at least one).</param>
    /// <param name="effect">What it does (not empty).</param>
    /// <exception cref="ArgumentException">An argument is invalid.</exception>
    public RiskRule(string id, string description, string source, IEnumerable<RiskCondition> when, RiskRuleEffect effect)
    {
        Id = IdentifierRules.Explain(id) is { } problem ? throw new ArgumentException($"'{id}' is not a valid rule id: {problem}.", nameof(id)) : id;
        Description = Guard.Against.NullOrWhiteSpace(description);
        Source = Guard.Against.NullOrWhiteSpace(source);
        Guard.Against.Null(when);
        When = [.. when.Select(c => c ?? throw new ArgumentException("A condition must not be null.", nameof(when)))];
        if (When.Count == 0)
        {
            throw new ArgumentException($"Rule {id} has no condition.", nameof(when));
        }

        if (effect.IsEmpty)
        {
            throw new ArgumentException($"Rule {id} has no effect.", nameof(effect));
        }

        if (effect.MinimumLevel is { } level && !Enum.IsDefined(level) || effect.MinimumScope is { } scope && !Enum.IsDefined(scope)
            || (effect.Dimensions & ~(ImpactDimensions.Reputation | ImpactDimensions.CustomerTrust | ImpactDimensions.MarketShare)) != 0)
        {
            throw new ArgumentException($"Rule {id} has an effect with an undefined level, scope or dimension.", nameof(effect));
        }

        Effect = effect;
    }

    /// <inheritdoc/>
    public string Id { get; }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public string Source { get; }

    /// <summary>Gets the conditions, all of which must hold.</summary>
    public IReadOnlyList<RiskCondition> When { get; }

    /// <inheritdoc/>
    public RiskRuleEffect Effect { get; }

    /// <inheritdoc/>
    public string Fingerprint => $"{Id}: when {string.Join(" and ", When)} then {Effect}";

    /// <inheritdoc/>
    public bool Fires(RiskFacts facts)
    {
        Guard.Against.Null(facts);
        for (var i = 0; i < When.Count; i++)
        {
            if (!When[i].IsMetBy(facts))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public IReadOnlyList<TriggeringFact> Explain(RiskFacts facts) => [.. When.Select(c => c.Describe(facts))];

    /// <inheritdoc/>
    public bool Equals(RiskRule? other)
        => other is not null && Id == other.Id && Description == other.Description && Source == other.Source && Effect == other.Effect && When.SequenceEqual(other.When);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Id, Effect, When.Count);

    /// <inheritdoc/>
    public override string ToString() => Fingerprint;
}
