using System.Collections.Frozen;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Assessment;

/// <summary>
/// What is known about an incident when it is assessed (<c>docs/assessment-rules.md</c>): immutable; every value is checked when it is set,
/// so a <see cref="RiskFacts"/> that exists is valid (a negative count, NaN, infinity or a share outside its range throws
/// <see cref="ArgumentOutOfRangeException"/> naming the fact). Whether the category is known depends on the rule set:
/// <see cref="RiskRuleSet.Assess"/> reports an unknown one.
/// </summary>
/// <example>
/// <code>
/// var facts = new RiskFacts { Category = RiskCategory.DataPrivacy, Channel = IntakeChannel.Hotline, Complainants = 6 };
/// </code>
/// </example>
public sealed record RiskFacts
{
    /// <summary>The reach from which facts show public exposure: 1,000,000 views, the least reach the default rules grade as public opinion (at least level III).</summary>
    public const long PublicExposureReach = 1_000_000;

    private readonly long _complainants = 1;
    private readonly long _reach;
    private readonly double _negativeShare;
    private readonly double _sentiment;
    private readonly long _personalDataRecordsAffected;
    private readonly long _injuries;
    private readonly long _deaths;
    private readonly long _priorPetitions;
    private readonly FrozenDictionary<string, double> _numbers = FrozenDictionary<string, double>.Empty;
    private readonly FrozenSet<string> _flags = FrozenSet<string>.Empty;

    /// <summary>Gets the risk category (风险类别). Required.</summary>
    public required RiskCategory Category { get; init; }

    /// <summary>Gets how the incident reached the company. Default: <see cref="IntakeChannel.Hotline"/>.</summary>
    public IntakeChannel Channel { get; init; } = IntakeChannel.Hotline;

    /// <summary>Gets what the incident is. Default: <see cref="IncidentKind.Petition"/>.</summary>
    public IncidentKind Kind { get; init; } = IncidentKind.Petition;

    /// <summary>Gets the number of people complaining together. Default 1.</summary>
    public long Complainants { get => _complainants; init => _complainants = Count(value, nameof(Complainants)); }

    /// <summary>Gets the views or impressions of the topic.</summary>
    public long Reach { get => _reach; init => _reach = Count(value, nameof(Reach)); }

    /// <summary>Gets the share of negative sentiment among mentions, from 0 to 1.</summary>
    public double NegativeShare { get => _negativeShare; init => _negativeShare = InRange(value, 0, 1, nameof(NegativeShare)); }

    /// <summary>Gets the average sentiment of mentions, from −1 (all negative) to 1 (all positive).</summary>
    public double Sentiment { get => _sentiment; init => _sentiment = InRange(value, -1, 1, nameof(Sentiment)); }

    /// <summary>Gets the number of personal-data records (people) affected.</summary>
    public long PersonalDataRecordsAffected { get => _personalDataRecordsAffected; init => _personalDataRecordsAffected = Count(value, nameof(PersonalDataRecordsAffected)); }

    /// <summary>Gets the number of people injured.</summary>
    public long Injuries { get => _injuries; init => _injuries = Count(value, nameof(Injuries)); }

    /// <summary>Gets the number of people who died.</summary>
    public long Deaths { get => _deaths; init => _deaths = Count(value, nameof(Deaths)); }

    /// <summary>Gets the number of earlier petitions by the same person within the last 90 days.</summary>
    public long PriorPetitionsWithin90Days { get => _priorPetitions; init => _priorPetitions = Count(value, nameof(PriorPetitionsWithin90Days)); }

    /// <summary>
    /// Gets a value indicating whether the facts show public exposure: mainstream media cover it, it is on a national
    /// trending list, or its reach is at least <see cref="PublicExposureReach"/>. A petition assessed on such facts went
    /// public (the lifecycle records it and the incident becomes <see cref="IncidentKind.PetitionAndPublicOpinion"/>).
    /// </summary>
    public bool ShowsPublicExposure => MainstreamMediaCoverage || NationalTrending || _reach >= PublicExposureReach;

    /// <summary>Gets a value indicating whether mainstream media cover it.</summary>
    public bool MainstreamMediaCoverage { get; init; }

    /// <summary>Gets a value indicating whether it is on a national trending list.</summary>
    public bool NationalTrending { get; init; }

    /// <summary>Gets a value indicating whether a regulator is involved.</summary>
    public bool RegulatorInvolved { get; init; }

    /// <summary>Gets a value indicating whether there is litigation.</summary>
    public bool Litigation { get; init; }

    /// <summary>Gets a value indicating whether minors or vulnerable people are involved.</summary>
    public bool MinorsOrVulnerable { get; init; }

    /// <summary>
    /// Gets user-defined numeric facts by key (an identifier, see <see cref="IdentifierRules"/>; keys compare ordinally).
    /// A value must be finite. A key a rule names but the facts lack counts as 0. The dictionary given is copied.
    /// </summary>
    public IReadOnlyDictionary<string, double> Numbers
    {
        get => _numbers;
        init => _numbers = CheckNumbers(value);
    }

    /// <summary>Gets user-defined flags that are set, by key (an identifier). A flag a rule names but the facts lack is not set. The set given is copied.</summary>
    public IReadOnlySet<string> Flags
    {
        get => _flags;
        init => _flags = CheckFlags(value);
    }

    /// <summary>Gets the value of a numeric fact.</summary>
    /// <param name="fact">The fact.</param>
    /// <returns>Its value.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fact"/> is not defined.</exception>
    public double Get(RiskFact fact) => fact switch
    {
        RiskFact.Complainants => _complainants,
        RiskFact.Reach => _reach,
        RiskFact.NegativeShare => _negativeShare,
        RiskFact.Sentiment => _sentiment,
        RiskFact.PersonalDataRecordsAffected => _personalDataRecordsAffected,
        RiskFact.Injuries => _injuries,
        RiskFact.Deaths => _deaths,
        RiskFact.PriorPetitionsWithin90Days => _priorPetitions,
        _ => throw new ArgumentOutOfRangeException(nameof(fact), fact, "Not a risk fact."),
    };

    /// <summary>Gets the value of a flag.</summary>
    /// <param name="flag">The flag.</param>
    /// <returns>Whether it is set.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="flag"/> is not defined.</exception>
    public bool Get(RiskFlag flag) => flag switch
    {
        RiskFlag.MainstreamMediaCoverage => MainstreamMediaCoverage,
        RiskFlag.NationalTrending => NationalTrending,
        RiskFlag.RegulatorInvolved => RegulatorInvolved,
        RiskFlag.Litigation => Litigation,
        RiskFlag.MinorsOrVulnerable => MinorsOrVulnerable,
        _ => throw new ArgumentOutOfRangeException(nameof(flag), flag, "Not a risk flag."),
    };

    /// <summary>Gets a user-defined numeric fact, 0 when absent.</summary>
    /// <param name="key">The key.</param>
    /// <returns>Its value.</returns>
    public double GetNumber(string key) => _numbers.TryGetValue(key, out var value) ? value : 0;

    /// <summary>Gets whether a user-defined flag is set.</summary>
    /// <param name="key">The key.</param>
    /// <returns>Whether it is set.</returns>
    public bool HasFlag(string key) => _flags.Contains(key);

    /// <inheritdoc/>
    public bool Equals(RiskFacts? other)
        => other is not null
        && Category == other.Category && Channel == other.Channel && Kind == other.Kind
        && _complainants == other._complainants && _reach == other._reach && _negativeShare.Equals(other._negativeShare)
        && _sentiment.Equals(other._sentiment) && _personalDataRecordsAffected == other._personalDataRecordsAffected
        && _injuries == other._injuries && _deaths == other._deaths && _priorPetitions == other._priorPetitions
        && MainstreamMediaCoverage == other.MainstreamMediaCoverage && NationalTrending == other.NationalTrending
        && RegulatorInvolved == other.RegulatorInvolved && Litigation == other.Litigation && MinorsOrVulnerable == other.MinorsOrVulnerable
        && _numbers.Count == other._numbers.Count && _numbers.All(p => other._numbers.TryGetValue(p.Key, out var v) && v.Equals(p.Value))
        && _flags.SetEquals(other._flags);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Category, Channel, Kind, _complainants, _reach, _personalDataRecordsAffected, _numbers.Count, _flags.Count);

    private static long Count(long value, string name)
        => value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} is a count and must not be negative (was {value}).");

    private static double InRange(double value, double min, double max, string name)
        => double.IsFinite(value) && value >= min && value <= max
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be a number from {min} to {max} (was {value}).");

    private static FrozenDictionary<string, double> CheckNumbers(IReadOnlyDictionary<string, double>? numbers)
    {
        ArgumentNullException.ThrowIfNull(numbers, nameof(Numbers));
        foreach (var (key, value) in numbers)
        {
            if (IdentifierRules.Explain(key) is { } problem)
            {
                throw new ArgumentException($"The numeric fact key '{key}' is not valid: {problem}.", nameof(Numbers));
            }

            if (!double.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(nameof(Numbers), value, $"The numeric fact '{key}' must be a finite number (was {value}).");
            }
        }

        return numbers.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static FrozenSet<string> CheckFlags(IReadOnlySet<string>? flags)
    {
        ArgumentNullException.ThrowIfNull(flags, nameof(Flags));
        foreach (var key in flags)
        {
            if (IdentifierRules.Explain(key) is { } problem)
            {
                throw new ArgumentException($"The flag key '{key}' is not valid: {problem}.", nameof(Flags));
            }
        }

        return flags.ToFrozenSet(StringComparer.Ordinal);
    }
}
