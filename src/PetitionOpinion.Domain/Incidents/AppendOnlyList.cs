using System.Collections;

namespace PetitionOpinion.Incidents;

/// <summary>
/// A list that only grows, whose items can be shared by the copies made of it (<see cref="Share"/>) without copying them:
/// each copy sees the items it had when it was made and those added to it since, never another copy's. A copy that adds
/// past the end of the shared items writes in place if no other copy has added there yet, and otherwise (or when the
/// array is full) moves to an array of its own first.
/// </summary>
/// <remarks>
/// What an incident kept between commands and the incident handed out share (<see cref="Incident.Copy"/>): its history
/// and its opinion alerts, thousands of items on a long-running opinion incident, which a command would otherwise copy
/// whole. The items are immutable records; one copy is changed by one caller at a time, while different copies may be
/// changed at once on different threads (the slot after the shared items is claimed with a compare-and-swap). The
/// instance is its own read-only view: a caller given it as an <see cref="IReadOnlyList{T}"/> sees it grow, and cannot
/// add to it.
/// </remarks>
/// <typeparam name="T">The item type (immutable).</typeparam>
internal sealed class AppendOnlyList<T> : IReadOnlyList<T>
{
    private const int MinimumCapacity = 8;

    private Items _items;
    private int _count;

    /// <summary>Initializes a new, empty list.</summary>
    public AppendOnlyList() => _items = new Items(MinimumCapacity);

    private AppendOnlyList(Items items, int count) => (_items, _count) = (items, count);

    /// <inheritdoc/>
    public int Count => _count;

    /// <inheritdoc/>
    public T this[int index]
        => (uint)index < (uint)_count
            ? _items.Array[index]
            : throw new ArgumentOutOfRangeException(nameof(index), index, $"The list has {_count} item(s).");

    /// <summary>A copy with the same items, sharing them with this list until one of the two adds past them.</summary>
    /// <returns>The copy.</returns>
    public AppendOnlyList<T> Share() => new(_items, _count);

    /// <summary>Adds an item at the end.</summary>
    /// <param name="item">The item.</param>
    public void Add(T item)
    {
        var items = _items;
        var count = _count;
        if (count < items.Array.Length && Interlocked.CompareExchange(ref items.Claimed, count + 1, count) == count)
        {
            // The slot after this list's items was free in the shared array, and is now this list's: no other copy
            // reads it (each reads only below its own count) or will write it (each claims before it writes).
            items.Array[count] = item;
            _count = count + 1;
            return;
        }

        // The array is full, or another copy added past the items this one shares: an array of its own, with room.
        var own = new Items(Math.Max(MinimumCapacity, count * 2));
        Array.Copy(items.Array, own.Array, count);
        own.Array[count] = item;
        own.Claimed = count + 1;
        (_items, _count) = (own, count + 1);
    }

    /// <summary>Gets the items without copying them, for the hot paths of the library.</summary>
    /// <returns>The items, oldest first.</returns>
    public ReadOnlySpan<T> AsSpan() => new(_items.Array, 0, _count);

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator()
    {
        // The items as they are when the enumeration starts (later additions are not seen, and do not break it).
        var (array, count) = (_items.Array, _count);
        for (var i = 0; i < count; i++)
        {
            yield return array[i];
        }
    }

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // An array shared by copies, with the number of its slots some copy has claimed (written or about to be).
    private sealed class Items(int capacity)
    {
        public readonly T[] Array = new T[capacity];
        public int Claimed;
    }
}
