using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Assessment;

/// <summary>The set of rules that fired, by their index in <see cref="RiskRuleSet.Rules"/>: a value type, no allocation.</summary>
public struct FiredRules : IEquatable<FiredRules>
{
    /// <summary>The most rules a rule set may have.</summary>
    public const int Capacity = 256;

    private Words _words;

    /// <summary>Initializes a new instance of the <see cref="FiredRules"/> struct with these bits (bit <c>i</c> of the whole for rule <c>i</c>).</summary>
    internal FiredRules(Vector256<ulong> bits) => bits.CopyTo(_words);

    /// <summary>Gets the number of rules that fired.</summary>
    public readonly int Count
    {
        get
        {
            var count = 0;
            for (var i = 0; i < Words.Length; i++)
            {
                count += BitOperations.PopCount(_words[i]);
            }

            return count;
        }
    }

    /// <summary>Gets a value indicating whether rule <paramref name="index"/> fired.</summary>
    /// <param name="index">The rule's index in <see cref="RiskRuleSet.Rules"/>.</param>
    /// <returns>Whether it fired.</returns>
    public readonly bool Contains(int index)
        => (uint)index < Capacity && (_words[index >> 6] & (1UL << (index & 63))) != 0;

    /// <summary>Returns an enumerator of the fired rules' indexes, in ascending order.</summary>
    /// <returns>The enumerator.</returns>
    public readonly Enumerator GetEnumerator() => new(this);

    /// <inheritdoc/>
    public readonly bool Equals(FiredRules other)
    {
        for (var i = 0; i < Words.Length; i++)
        {
            if (_words[i] != other._words[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override readonly bool Equals(object? obj) => obj is FiredRules other && Equals(other);

    /// <inheritdoc/>
    public override readonly int GetHashCode() => HashCode.Combine(_words[0], _words[1], _words[2], _words[3]);

    /// <summary>Compares two sets.</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(FiredRules left, FiredRules right) => left.Equals(right);

    /// <summary>Compares two sets.</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(FiredRules left, FiredRules right) => !left.Equals(right);

    /// <summary>Enumerates the fired rules' indexes.</summary>
    public struct Enumerator
    {
        private readonly FiredRules _set;
        private int _index;

        internal Enumerator(FiredRules set)
        {
            _set = set;
            _index = -1;
        }

        /// <summary>Gets the current index.</summary>
        public readonly int Current => _index;

        /// <summary>Moves to the next fired rule.</summary>
        /// <returns>Whether there is one.</returns>
        public bool MoveNext()
        {
            while (++_index < Capacity)
            {
                var word = _set._words[_index >> 6] >> (_index & 63);
                if (word == 0)
                {
                    _index |= 63;
                    continue;
                }

                _index += BitOperations.TrailingZeroCount(word);
                return true;
            }

            return false;
        }
    }

    [InlineArray(Length)]
    private struct Words
    {
        public const int Length = Capacity / 64;

        private ulong _element;
    }
}

/// <summary>The fast result of <see cref="RiskRuleSet.Evaluate"/>: the level and the rules that fired. No allocation.</summary>
/// <param name="Level">The level (I is the most severe). <see cref="SeverityLevel.IV"/> when the category is unknown.</param>
/// <param name="Fired">The rules that fired.</param>
/// <param name="IsCategoryKnown">Whether the rule set knows the facts' category; when it does not, nothing was evaluated and <see cref="RiskRuleSet.Assess"/> returns an error.</param>
public readonly record struct RiskEvaluation(SeverityLevel Level, FiredRules Fired, bool IsCategoryKnown);
