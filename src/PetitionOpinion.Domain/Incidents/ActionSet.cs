using System.Numerics;
using System.Text;

namespace PetitionOpinion.Incidents;

/// <summary>An immutable set of <see cref="IncidentAction"/>s held in one machine word: no allocation to build, test or enumerate.</summary>
public readonly record struct ActionSet
{
    private readonly uint _bits;

    private ActionSet(uint bits) => _bits = bits;

    /// <summary>Gets the empty set.</summary>
    public static ActionSet Empty => default;

    /// <summary>Gets the number of actions in the set.</summary>
    public int Count => BitOperations.PopCount(_bits);

    /// <summary>Gets a value indicating whether the set is empty.</summary>
    public bool IsEmpty => _bits == 0;

    /// <summary>Creates a set of the given actions.</summary>
    /// <param name="actions">The actions.</param>
    /// <returns>The set.</returns>
    public static ActionSet Of(params ReadOnlySpan<IncidentAction> actions)
    {
        uint bits = 0;
        foreach (var action in actions)
        {
            bits |= Bit(action);
        }

        return new ActionSet(bits);
    }

    /// <summary>Returns whether the set contains <paramref name="action"/>.</summary>
    /// <param name="action">The action.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    public bool Contains(IncidentAction action) => (_bits & Bit(action)) != 0;

    /// <summary>Returns this set with <paramref name="action"/> added.</summary>
    /// <param name="action">The action.</param>
    /// <returns>The new set.</returns>
    public ActionSet With(IncidentAction action) => new(_bits | Bit(action));

    /// <summary>Returns this set without <paramref name="action"/>.</summary>
    /// <param name="action">The action.</param>
    /// <returns>The new set.</returns>
    public ActionSet Without(IncidentAction action) => new(_bits & ~Bit(action));

    /// <summary>Returns the actions in both sets.</summary>
    /// <param name="other">The other set.</param>
    /// <returns>The intersection.</returns>
    public ActionSet Intersect(ActionSet other) => new(_bits & other._bits);

    /// <summary>Returns the actions in either set.</summary>
    /// <param name="other">The other set.</param>
    /// <returns>The union.</returns>
    public ActionSet Union(ActionSet other) => new(_bits | other._bits);

    /// <summary>Gets an allocation-free enumerator over the actions, in ascending order.</summary>
    /// <returns>The enumerator.</returns>
    public Enumerator GetEnumerator() => new(_bits);

    /// <summary>Copies the actions into a new array.</summary>
    /// <returns>The actions, in ascending order.</returns>
    public IncidentAction[] ToArray()
    {
        var result = new IncidentAction[Count];
        var i = 0;
        foreach (var action in this)
        {
            result[i++] = action;
        }

        return result;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder("{");
        foreach (var action in this)
        {
            text.Append(text.Length > 1 ? ", " : " ").Append(action);
        }

        return text.Append(text.Length > 1 ? " }" : "}").ToString();
    }

    internal static uint Bit(IncidentAction action) => 1u << (int)action;

    internal uint Bits => _bits;

    internal static ActionSet FromBits(uint bits) => new(bits);

    /// <summary>Enumerates an <see cref="ActionSet"/> without allocating.</summary>
    public struct Enumerator
    {
        private uint _remaining;

        internal Enumerator(uint bits)
        {
            _remaining = bits;
            Current = default;
        }

        /// <summary>Gets the current action.</summary>
        public IncidentAction Current { get; private set; }

        /// <summary>Advances to the next action.</summary>
        /// <returns><see langword="false"/> at the end.</returns>
        public bool MoveNext()
        {
            if (_remaining == 0)
            {
                return false;
            }

            var index = BitOperations.TrailingZeroCount(_remaining);
            _remaining &= _remaining - 1;
            Current = (IncidentAction)index;
            return true;
        }
    }
}
