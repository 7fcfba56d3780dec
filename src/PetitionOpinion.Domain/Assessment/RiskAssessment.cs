using System.Text;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Assessment;

/// <summary>A rule that fired, and why.</summary>
/// <param name="Id">The rule's id.</param>
/// <param name="Description">What it says.</param>
/// <param name="Source">Where it comes from.</param>
/// <param name="Effect">What it did.</param>
/// <param name="Triggers">The fact values that made it fire.</param>
public sealed record FiredRule(string Id, string Description, string Source, RiskRuleEffect Effect, IReadOnlyList<TriggeringFact> Triggers)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Id} ({string.Join(", ", Triggers)}): {Effect}";
}

/// <summary>
/// The explained result of <see cref="RiskRuleSet.Assess"/>: the level and what follows from it, every rule that fired
/// and why, and the rule set that produced it (id and content hash), so that an old assessment can be explained later.
/// </summary>
public sealed record RiskAssessment
{
    internal RiskAssessment(
        RiskFacts facts, SeverityLevel level, ImpactScope scope, PotentialRisk potentialRisk, ImpactDimensions dimensions,
        IReadOnlyList<FiredRule> firedRules, IReadOnlyList<GroupId> groupsToActivate, ResponseTargets targets, string ruleSetId, string ruleSetHash)
    {
        Facts = facts;
        Level = level;
        Scope = scope;
        PotentialRisk = potentialRisk;
        Dimensions = dimensions;
        FiredRules = firedRules;
        GroupsToActivate = groupsToActivate;
        Targets = targets;
        RuleSetId = ruleSetId;
        RuleSetHash = ruleSetHash;
    }

    /// <summary>Gets the facts assessed.</summary>
    public RiskFacts Facts { get; }

    /// <summary>Gets the level: the most severe a fired rule sets, raised one step per fired escalator (never above I); IV when nothing fired.</summary>
    public SeverityLevel Level { get; }

    /// <summary>Gets the scope: the widest a fired rule sets; <see cref="ImpactScope.Individual"/> when none does.</summary>
    public ImpactScope Scope { get; }

    /// <summary>Gets the potential risk, from the level: I Extreme, II High, III Medium, IV Low.</summary>
    public PotentialRisk PotentialRisk { get; }

    /// <summary>Gets the impact dimensions the fired rules touch.</summary>
    public ImpactDimensions Dimensions { get; }

    /// <summary>Gets every rule that fired, in rule-set order, with the fact values that triggered it.</summary>
    public IReadOnlyList<FiredRule> FiredRules { get; }

    /// <summary>
    /// Gets the groups to activate: the petition handling group always; the leading group at I or II; the opinion
    /// monitoring group when the incident is public opinion or has reach, media coverage or a trend; the logistics support
    /// group when personal data, a regulator or litigation is involved (IT support, legal consultation). When the
    /// organisation was given, only the groups it has.
    /// </summary>
    public IReadOnlyList<GroupId> GroupsToActivate { get; }

    /// <summary>
    /// Gets the response targets of the level and kind: a view over the deadline policy given to
    /// <see cref="RiskRuleSet.Assess"/> (the default one if none was), the table the deadline engine acts on.
    /// </summary>
    public ResponseTargets Targets { get; }

    /// <summary>Gets the id of the rule set that produced the assessment.</summary>
    public string RuleSetId { get; }

    /// <summary>Gets the content hash of that rule set (SHA-256 of its rules' fingerprints, hex).</summary>
    public string RuleSetHash { get; }

    /// <summary>Gets a one-paragraph explanation: the level, each fired rule with its trigger values, the rule set.</summary>
    public string Rationale => RationaleWithin(int.MaxValue);

    /// <summary>The rationale in at most <paramref name="limit"/> characters: the fired rules are shortened if need be, the rule set is always named.</summary>
    internal string RationaleWithin(int limit)
    {
        var text = new StringBuilder();
        text.Append("Level ").Append(Level).Append(", scope ").Append(Scope).Append(", potential risk ").Append(PotentialRisk).Append(": ");
        if (FiredRules.Count == 0)
        {
            text.Append("no rule fired");
        }
        else
        {
            text.AppendJoin("; ", FiredRules.Select(r => $"{r.Id} ({string.Join(", ", r.Triggers)})"));
        }

        var ruleSet = $". Rule set {RuleSetId} sha256:{RuleSetHash[..Math.Min(12, RuleSetHash.Length)]}.";
        return text.Length + ruleSet.Length <= limit
            ? text.Append(ruleSet).ToString()
            : TextLimits.Shorten(text.ToString(), Math.Max(2, limit - ruleSet.Length)) + ruleSet;
    }
}
