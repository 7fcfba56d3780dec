using System.Collections;
using PetitionOpinion.Incidents.Events;

namespace PetitionOpinion.Incidents;

/// <summary>
/// The events one accepted action recorded (one to three: an assessment may record an escalation and that the incident went public), already applied to the incident. A struct so that the
/// common case allocates nothing beyond the events themselves; enumerate it with <c>foreach</c> or index it.
/// </summary>
public readonly struct RecordedEvents : IReadOnlyList<IncidentEvent>, IEquatable<RecordedEvents>
{
    private readonly IncidentEvent _first;
    private readonly IncidentEvent? _second;
    private readonly IncidentEvent? _third;

    internal RecordedEvents(IncidentEvent first, IncidentEvent? second = null, IncidentEvent? third = null)
    {
        _first = first;
        _second = second;
        _third = second is null ? null : third;
    }

    /// <summary>Gets the number of events (at least one, unless this is the default instance).</summary>
    public int Count => _first is null ? 0 : _second is null ? 1 : _third is null ? 2 : 3;

    /// <summary>Gets the first event.</summary>
    /// <exception cref="InvalidOperationException">This is the default instance, which holds no event.</exception>
    public IncidentEvent First => _first ?? throw new InvalidOperationException("No event was recorded.");

    /// <summary>Gets the event at <paramref name="index"/>.</summary>
    /// <param name="index">From 0 to <see cref="Count"/> - 1.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    public IncidentEvent this[int index] => index switch
    {
        0 when _first is not null => _first,
        1 when _second is not null => _second,
        2 when _third is not null => _third,
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, $"There are {Count} recorded event(s)."),
    };

    /// <summary>Returns whether two instances hold the same event objects.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(RecordedEvents left, RecordedEvents right) => left.Equals(right);

    /// <summary>Returns whether two instances hold different event objects.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(RecordedEvents left, RecordedEvents right) => !left.Equals(right);

    /// <summary>Gets an allocation-free enumerator.</summary>
    /// <returns>The enumerator.</returns>
    public Enumerator GetEnumerator() => new(this);

    /// <inheritdoc/>
    IEnumerator<IncidentEvent> IEnumerable<IncidentEvent>.GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<IncidentEvent>)this).GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(RecordedEvents other) => ReferenceEquals(_first, other._first) && ReferenceEquals(_second, other._second) && ReferenceEquals(_third, other._third);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RecordedEvents other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_first, _second, _third);

    /// <summary>Enumerates <see cref="RecordedEvents"/> without allocating.</summary>
    public struct Enumerator
    {
        private readonly RecordedEvents _events;
        private int _index;

        internal Enumerator(RecordedEvents events)
        {
            _events = events;
            _index = -1;
        }

        /// <summary>Gets the current event.</summary>
        public readonly IncidentEvent Current => _events[_index];

        /// <summary>Advances to the next event.</summary>
        /// <returns><see langword="false"/> at the end.</returns>
        public bool MoveNext() => ++_index < _events.Count;
    }
}
