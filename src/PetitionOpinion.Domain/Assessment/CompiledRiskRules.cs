using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Assessment;

/// <summary>
/// The fast form of a rule set's rules, built once by <see cref="RiskRuleSet"/>. Every declarative condition is "a value at
/// or above a threshold" (a flag counts as 1 when set, 0 when not, with threshold 1), so the conditions are grouped by the
/// value they test with their thresholds sorted ascending: for a given value the conditions that fail are a suffix of its
/// group, and one mask per suffix, computed here, says which rules they turn off. The built-in flags share one table,
/// indexed by which of them are set. A rule fires when none of its conditions fails.
/// </summary>
/// <remarks>
/// Evaluation compares the eight built-in facts with their thresholds four at a time (one vector comparison per rank of
/// threshold), looks up the built-in flags' mask, reads each user-defined fact once, and ORs one 256-bit mask per value;
/// it then derives the level from the fired rules with one mask per level and one for the escalators. No allocation, no
/// reflection, no virtual call for a declarative rule; rules written in code are asked one by one.
/// </remarks>
internal sealed class CompiledRiskRules
{
    private const int BuiltInFactCount = 8;
    private const int BuiltInFlagCount = 5;

    private readonly Vector256<double>[] _ranks;
    private readonly Vector256<long> _failuresStartLow;
    private readonly Vector256<long> _failuresStartHigh;
    private readonly FactGroup[] _customGroups;
    private readonly Vector256<double>[] _thresholds;
    private readonly Vector256<ulong>[] _failures;
    private readonly Vector256<ulong>[] _flagFailures;
    private readonly CodeRule[] _codeRules;
    private readonly Vector256<ulong> _all;
    private readonly Vector256<ulong> _levelI;
    private readonly Vector256<ulong> _levelII;
    private readonly Vector256<ulong> _levelIII;
    private readonly Vector256<ulong> _escalators;

    /// <summary>Initializes a new instance of the <see cref="CompiledRiskRules"/> class.</summary>
    /// <param name="rules">The rules, at most <see cref="FiredRules.Capacity"/>, none null (checked by <see cref="RiskRuleSet.Create"/>).</param>
    public CompiledRiskRules(IReadOnlyList<IRiskRule> rules)
    {
        var groups = new Dictionary<(ConditionKind Kind, int Fact, string? Key), List<(double Threshold, int Rule)>>();
        var flagConditions = new List<(int Flag, int Rule)>();
        var codeRules = new List<CodeRule>();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var bit = Bit(i);
            _all |= bit;
            switch (rule.Effect.MinimumLevel)
            {
                case SeverityLevel.I:
                    _levelI |= bit;
                    break;
                case SeverityLevel.II:
                    _levelII |= bit;
                    break;
                case SeverityLevel.III:
                    _levelIII |= bit;
                    break;
                default:
                    break; // None or IV: the level is IV unless another rule sets it higher.
            }

            if (rule.Effect.RaisesOneLevel)
            {
                _escalators |= bit;
            }

            if (rule is not RiskRule declarative)
            {
                codeRules.Add(new CodeRule(rule, bit));
                continue;
            }

            foreach (var condition in declarative.When)
            {
                if (condition.BuiltInFlag is { } flag)
                {
                    flagConditions.Add(((int)flag - 1, i));
                    continue;
                }

                var (key, threshold) = condition switch
                {
                    { AtLeast: { } t, BuiltInFact: { } fact } => ((ConditionKind.BuiltInNumber, (int)fact - 1, (string?)null), t),
                    { AtLeast: { } t } => ((ConditionKind.CustomNumber, 0, condition.Fact), t),
                    _ => ((ConditionKind.CustomFlag, 0, condition.Fact), 1.0),
                };
                if (!groups.TryGetValue(key, out var entries))
                {
                    groups.Add(key, entries = []);
                }

                entries.Add((threshold, i));
            }
        }

        // failures[0] turns nothing off: where a built-in fact no condition tests points.
        var failures = new List<Vector256<ulong>> { Vector256<ulong>.Zero };
        var thresholds = new List<Vector256<double>>();
        var custom = new List<FactGroup>();

        // The built-in facts, all eight at once: rank r of fact f is its (r + 1)-th lowest threshold (+∞ when it has
        // fewer, which no finite value reaches), so that comparing the eight values with each rank counts, per fact, the
        // thresholds reached: added to the fact's start in failures, the index of the mask of the rules turned off.
        var ranks = new List<double[]>();
        Span<long> starts = stackalloc long[BuiltInFactCount];
        starts.Clear();
        for (var fact = 0; fact < BuiltInFactCount; fact++)
        {
            if (!groups.Remove((ConditionKind.BuiltInNumber, fact, null), out var entries))
            {
                continue;
            }

            entries.Sort(static (a, b) => a.Threshold.CompareTo(b.Threshold));
            for (var r = 0; r < entries.Count; r++)
            {
                if (r == ranks.Count)
                {
                    var rank = new double[BuiltInFactCount];
                    rank.AsSpan().Fill(double.PositiveInfinity);
                    ranks.Add(rank);
                }

                ranks[r][fact] = entries[r].Threshold;
            }

            starts[fact] = failures.Count;
            failures.AddRange(SuffixFailures(entries));
        }

        _ranks = [.. ranks.SelectMany(r => new[] { Vector256.Create<double>(r.AsSpan(0, 4)), Vector256.Create<double>(r.AsSpan(4, 4)) })];
        _failuresStartLow = Vector256.Create<long>(starts[..4]);
        _failuresStartHigh = Vector256.Create<long>(starts[4..]);

        // User-defined facts and flags: one group each, compared one value at a time.
        foreach (var ((kind, _, key), entries) in groups)
        {
            entries.Sort(static (a, b) => a.Threshold.CompareTo(b.Threshold));
            var blocks = (entries.Count + Vector256<double>.Count - 1) / Vector256<double>.Count;
            custom.Add(new FactGroup(kind, key, thresholds.Count, blocks, failures.Count));

            // The thresholds, four to a block; the last block padded with +∞, which no (finite) value reaches.
            var padded = new double[blocks * Vector256<double>.Count];
            padded.AsSpan().Fill(double.PositiveInfinity);
            for (var j = 0; j < entries.Count; j++)
            {
                padded[j] = entries[j].Threshold;
            }

            for (var b = 0; b < blocks; b++)
            {
                thresholds.Add(Vector256.Create<double>(padded.AsSpan(b * Vector256<double>.Count, Vector256<double>.Count)));
            }

            failures.AddRange(SuffixFailures(entries));
        }

        _customGroups = [.. custom];
        _thresholds = [.. thresholds];
        _failures = [.. failures];
        _codeRules = [.. codeRules];

        // _flagFailures[set]: the rules turned off when exactly the built-in flags in `set` (bit f - 1 for RiskFlag f) are set.
        _flagFailures = new Vector256<ulong>[1 << BuiltInFlagCount];
        for (var set = 0; set < _flagFailures.Length; set++)
        {
            foreach (var (flag, rule) in flagConditions)
            {
                if ((set & (1 << flag)) == 0)
                {
                    _flagFailures[set] |= Bit(rule);
                }
            }
        }
    }

    private enum ConditionKind : byte
    {
        BuiltInNumber,
        CustomNumber,
        CustomFlag,
    }

    /// <summary>Evaluates the rules.</summary>
    /// <param name="facts">The facts (not null).</param>
    /// <param name="level">The level.</param>
    /// <returns>The rules that fired.</returns>
    public FiredRules Evaluate(RiskFacts facts, out SeverityLevel level)
    {
        var failed = BuiltInFailures(facts);
        if (_customGroups.Length != 0 || _codeRules.Length != 0)
        {
            failed |= OtherFailures(facts);
        }

        var fired = Vector256.AndNot(_all, failed);
        var minimum = (fired & _levelI) != Vector256<ulong>.Zero ? 1
            : (fired & _levelII) != Vector256<ulong>.Zero ? 2
            : (fired & _levelIII) != Vector256<ulong>.Zero ? 3
            : 4;
        var escalations = fired & _escalators;
        var raises = BitOperations.PopCount(escalations[0]) + BitOperations.PopCount(escalations[1]) + BitOperations.PopCount(escalations[2]) + BitOperations.PopCount(escalations[3]);
        level = (SeverityLevel)Math.Max((int)SeverityLevel.I, minimum - raises);
        return new FiredRules(fired);
    }

    // The rules turned off by the built-in facts and flags. No call inside, so that the mask stays in a register.
    private Vector256<ulong> BuiltInFailures(RiskFacts facts)
    {
        // In RiskFact order (value − 1).
        var low = Vector256.Create((double)facts.Complainants, facts.Reach, facts.NegativeShare, facts.Sentiment);
        var high = Vector256.Create((double)facts.PersonalDataRecordsAffected, facts.Injuries, facts.Deaths, facts.PriorPetitionsWithin90Days);
        var indexLow = _failuresStartLow;
        var indexHigh = _failuresStartHigh;
        var ranks = _ranks;
        for (var r = 0; r + 1 < ranks.Length; r += 2)
        {
            // A reached threshold compares as all ones, −1.
            indexLow -= Vector256.GreaterThanOrEqual(low, ranks[r]).AsInt64();
            indexHigh -= Vector256.GreaterThanOrEqual(high, ranks[r + 1]).AsInt64();
        }

        var flags = (facts.MainstreamMediaCoverage ? 1 : 0)
            | (facts.NationalTrending ? 2 : 0)
            | (facts.RegulatorInvolved ? 4 : 0)
            | (facts.Litigation ? 8 : 0)
            | (facts.MinorsOrVulnerable ? 16 : 0);

        var failures = _failures;
        return _flagFailures[flags]
            | failures[(int)indexLow[0]] | failures[(int)indexLow[1]] | failures[(int)indexLow[2]] | failures[(int)indexLow[3]]
            | failures[(int)indexHigh[0]] | failures[(int)indexHigh[1]] | failures[(int)indexHigh[2]] | failures[(int)indexHigh[3]];
    }

    // The rules turned off by user-defined facts and flags, and the rules written in code that do not fire.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Vector256<ulong> OtherFailures(RiskFacts facts)
    {
        var failed = Vector256<ulong>.Zero;
        foreach (ref readonly var group in _customGroups.AsSpan())
        {
            var value = group.Kind == ConditionKind.CustomNumber ? facts.GetNumber(group.Key!) : facts.HasFlag(group.Key!) ? 1 : 0;
            failed |= _failures[group.FailuresStart + Reached(value, _thresholds, group.Start, group.Count)];
        }

        foreach (ref readonly var rule in _codeRules.AsSpan())
        {
            if (!rule.Rule.Fires(facts))
            {
                failed |= rule.Bit;
            }
        }

        return failed;
    }

    /// <summary>How many of a group's thresholds (blocks <c>[start, start + count)</c>) <paramref name="value"/> reaches.</summary>
    private static int Reached(double value, Vector256<double>[] thresholds, int start, int count)
    {
        var broadcast = Vector256.Create(value);
        var reached = 0;
        for (var b = start; b < start + count; b++)
        {
            reached += BitOperations.PopCount(Vector256.GreaterThanOrEqual(broadcast, thresholds[b]).ExtractMostSignificantBits());
        }

        return reached;
    }

    // suffix[k]: the rules turned off when exactly the k lowest of these (sorted) conditions hold.
    private static Vector256<ulong>[] SuffixFailures(List<(double Threshold, int Rule)> entries)
    {
        var suffix = new Vector256<ulong>[entries.Count + 1];
        for (var j = entries.Count - 1; j >= 0; j--)
        {
            suffix[j] = suffix[j + 1] | Bit(entries[j].Rule);
        }

        return suffix;
    }

    private static Vector256<ulong> Bit(int index)
    {
        Span<ulong> words = stackalloc ulong[Vector256<ulong>.Count];
        words.Clear();
        words[index >> 6] = 1UL << (index & 63);
        return Vector256.Create<ulong>(words);
    }

    /// <summary>The conditions on one value: threshold blocks <c>[Start, Start + Count)</c>, ascending; one failure mask per number of thresholds reached from <c>FailuresStart</c>.</summary>
    private readonly record struct FactGroup(ConditionKind Kind, string? Key, int Start, int Count, int FailuresStart);

    private readonly record struct CodeRule(IRiskRule Rule, Vector256<ulong> Bit);
}
