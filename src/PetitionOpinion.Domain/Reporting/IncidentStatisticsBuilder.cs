using System.Collections.ObjectModel;
using Ardalis.GuardClauses;
using PetitionOpinion.Incidents;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Reporting;

/// <summary>
/// Accumulates <see cref="IncidentStatistics"/> one summary at a time, so that any source (a store's pages, an export, a
/// stream) is read once. Keeps the counts, one 8-byte duration per acknowledged and per resolved incident (percentiles
/// need them all), and one entry per distinct petitioner. Not thread-safe.
/// </summary>
public sealed class IncidentStatisticsBuilder
{
    private static readonly TimeSpan DefaultUtcOffset = TimeSpan.FromHours(8);
    private const int Levels = 4;

    private readonly DateTimeOffset _asOf;
    private readonly TimeSpan _offset;
    private readonly Dictionary<RiskCategory, int> _byCategory = [];
    private readonly int[] _byLevel = new int[Levels];
    private readonly Dictionary<IntakeChannel, int> _byChannel = [];
    private readonly Dictionary<IncidentKind, int> _byKind = [];
    private readonly Dictionary<IncidentState, int> _byState = [];
    private readonly Dictionary<DateOnly, int> _byMonth = [];
    // Incidents per petitioner pseudonym (each summary's first), and the pseudonyms known to be one petitioner's (a
    // union-find over them: one incident with a phone number and an e-mail address joins the two).
    private readonly Dictionary<string, int> _petitioners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _samePetitioner = new(StringComparer.Ordinal);
    private readonly List<long> _acknowledge = [];
    private readonly List<long> _resolve = [];
    private readonly List<long>[] _acknowledgeByLevel = [[], [], [], []];
    private readonly List<long>[] _resolveByLevel = [[], [], [], []];
    private int _total;
    private int _unassessed;
    private int _acknowledgedOnTime, _acknowledgedLate, _resolvedOnTime, _resolvedLate, _reopened, _resolvedOnce;

    /// <summary>Initializes a new instance of the <see cref="IncidentStatisticsBuilder"/> class.</summary>
    /// <param name="asOf">The instant open incidents are judged at (usually now).</param>
    /// <param name="utcOffset">The UTC offset months are counted in; <see langword="null"/> for +08:00 (China, as the default deadline policy).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="utcOffset"/> is not a whole number of minutes within ±14 hours.</exception>
    public IncidentStatisticsBuilder(DateTimeOffset asOf, TimeSpan? utcOffset = null)
    {
        var offset = utcOffset ?? DefaultUtcOffset;
        if (offset.Ticks % TimeSpan.TicksPerMinute != 0 || offset < TimeSpan.FromHours(-14) || offset > TimeSpan.FromHours(14))
        {
            throw new ArgumentOutOfRangeException(nameof(utcOffset), offset, "A UTC offset is a whole number of minutes from -14:00 to +14:00.");
        }

        _asOf = asOf;
        _offset = offset;
    }

    /// <summary>Gets how many summaries were added.</summary>
    public int Count => _total;

    /// <summary>Adds an incident's summary. Add each incident once: the builder cannot tell a repeated one.</summary>
    /// <param name="summary">The summary.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">
    /// The summary is inconsistent: acknowledged or resolved before it was reported, a negative reopen count, or a level
    /// or state outside the enumerations. Nothing of it is counted then.
    /// </exception>
    public IncidentStatisticsBuilder Add(IncidentSummary summary)
    {
        Guard.Against.Null(summary);
        var problem = summary.Level is { } l && !Enum.IsDefined(l) ? $"level {(int)l} is not a severity level"
            : !Enum.IsDefined(summary.State) ? $"state {(int)summary.State} is not an incident state"
            : summary.AcknowledgedAt < summary.ReportedAt ? "it was acknowledged before it was reported"
            : summary.FirstResolvedAt < summary.ReportedAt ? "it was resolved before it was reported"
            : summary.ReopenCount < 0 ? "its reopen count is negative"
            : null;
        if (problem is not null)
        {
            throw new ArgumentException($"The summary of incident {summary.Id} cannot be counted: {problem}.", nameof(summary));
        }

        _total++;
        Increment(_byCategory, summary.Category);
        Increment(_byChannel, summary.Channel);
        Increment(_byKind, summary.Kind);
        Increment(_byState, summary.State);
        var local = summary.ReportedAt.ToOffset(_offset);
        Increment(_byMonth, new DateOnly(local.Year, local.Month, 1));
        var level = summary.Level is { } assessed ? (int)assessed - 1 : -1;
        if (level < 0)
        {
            _unassessed++;
        }
        else
        {
            _byLevel[level]++;
        }

        if (summary.AcknowledgedAt is { } acknowledged)
        {
            var ticks = (acknowledged - summary.ReportedAt).Ticks;
            _acknowledge.Add(ticks);
            if (level >= 0)
            {
                _acknowledgeByLevel[level].Add(ticks);
            }
        }

        if (summary.FirstResolvedAt is { } resolved)
        {
            var ticks = (resolved - summary.ReportedAt).Ticks;
            _resolve.Add(ticks);
            _resolvedOnce++;
            if (summary.ReopenCount > 0)
            {
                _reopened++;
            }

            if (level >= 0)
            {
                _resolveByLevel[level].Add(ticks);
            }
        }

        // Met by the due time, missed after it; an incident not yet there is not judged yet, nor one whose deadlines stand
        // still (its summary has no due time then). A dismissed incident (or one merged into another) is not judged at
        // all: its dismissal is its first action, and it will never be resolved.
        if (summary.State != IncidentState.Dismissed)
        {
            Judge(summary.AcknowledgedAt, summary.AcknowledgeDueAt, ref _acknowledgedOnTime, ref _acknowledgedLate);
            Judge(summary.FirstResolvedAt, summary.ResolutionDueAt, ref _resolvedOnTime, ref _resolvedLate);
        }

        if (summary.PetitionerKey is { } key && !key.Contains(' ', StringComparison.Ordinal))
        {
            Increment(_petitioners, key);
        }
        else if (summary.PetitionerKey is not null && summary.PetitionerKeys is { Count: > 0 } keys)
        {
            Increment(_petitioners, keys[0]);
            for (var i = 1; i < keys.Count; i++)
            {
                Join(keys[0], keys[i]);
            }
        }

        return this;
    }

    /// <summary>Builds the statistics of the summaries added so far (the builder can go on afterwards).</summary>
    /// <returns>The statistics.</returns>
    public IncidentStatistics Build()
    {
        var byLevel = new SortedDictionary<SeverityLevel, int>();
        var acknowledgeByLevel = new SortedDictionary<SeverityLevel, DurationStatistics>();
        var resolveByLevel = new SortedDictionary<SeverityLevel, DurationStatistics>();
        for (var i = 0; i < Levels; i++)
        {
            if (_byLevel[i] > 0)
            {
                var level = (SeverityLevel)(i + 1);
                byLevel[level] = _byLevel[i];
                acknowledgeByLevel[level] = Distribution(_acknowledgeByLevel[i]);
                resolveByLevel[level] = Distribution(_resolveByLevel[i]);
            }
        }

        // A petitioner is every pseudonym joined by some incident: its incidents are those of each of them.
        var byPetitioner = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, incidents) in _petitioners)
        {
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(byPetitioner, Find(key), out _) += incidents;
        }

        int repeat = 0, fromRepeat = 0;
        foreach (var count in byPetitioner.Values)
        {
            if (count > 1)
            {
                repeat++;
                fromRepeat += count;
            }
        }

        return new IncidentStatistics(
            _asOf,
            _offset,
            _total,
            Sorted(_byCategory, Comparer<RiskCategory>.Create((a, b) => string.CompareOrdinal(a.Value, b.Value))),
            new ReadOnlyDictionary<SeverityLevel, int>(byLevel),
            _unassessed,
            Sorted(_byChannel, Comparer<IntakeChannel>.Default),
            Sorted(_byKind, Comparer<IncidentKind>.Default),
            Sorted(_byState, Comparer<IncidentState>.Default),
            Sorted(_byMonth, Comparer<DateOnly>.Default),
            Distribution(_acknowledge),
            Distribution(_resolve),
            new ReadOnlyDictionary<SeverityLevel, DurationStatistics>(acknowledgeByLevel),
            new ReadOnlyDictionary<SeverityLevel, DurationStatistics>(resolveByLevel),
            new Proportion(_acknowledgedOnTime, _acknowledgedLate),
            new Proportion(_resolvedOnTime, _resolvedLate),
            new Proportion(_reopened, _resolvedOnce - _reopened),
            byPetitioner.Count,
            repeat,
            fromRepeat);
    }

    private string Find(string key)
    {
        var root = key;
        while (_samePetitioner.TryGetValue(root, out var parent) && !string.Equals(parent, root, StringComparison.Ordinal))
        {
            root = parent;
        }

        // Path compression: the next look-up of any of these is one step.
        while (!string.Equals(key, root, StringComparison.Ordinal) && _samePetitioner.TryGetValue(key, out var next))
        {
            _samePetitioner[key] = root;
            key = next;
        }

        return root;
    }

    private void Join(string a, string b)
    {
        var (rootA, rootB) = (Find(a), Find(b));
        if (!string.Equals(rootA, rootB, StringComparison.Ordinal))
        {
            _samePetitioner[rootB] = rootA;
        }
    }

    private void Judge(DateTimeOffset? doneAt, DateTimeOffset? dueAt, ref int onTime, ref int late)
    {
        if (dueAt is not { } due)
        {
            return;
        }

        if (doneAt is { } done)
        {
            if (done <= due)
            {
                onTime++;
            }
            else
            {
                late++;
            }
        }
        else if (due < _asOf)
        {
            late++;
        }
    }

    private static void Increment<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull
    {
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _)++;
    }

    private static ReadOnlyDictionary<TKey, int> Sorted<TKey>(Dictionary<TKey, int> counts, IComparer<TKey> comparer)
        where TKey : notnull
        => new(new SortedDictionary<TKey, int>(counts, comparer));

    private static DurationStatistics Distribution(List<long> ticks)
    {
        if (ticks.Count == 0)
        {
            return DurationStatistics.Empty;
        }

        var sorted = ticks.ToArray();
        Array.Sort(sorted);
        return new DurationStatistics(sorted.Length, new TimeSpan(Percentile(sorted, 1, 2)), new TimeSpan(Percentile(sorted, 9, 10)));
    }

    // The value at rank (n − 1)·p with p = numerator/denominator, interpolated between the closest ranks and rounded to the
    // nearest tick, halves away from zero — in integers, so that the result is exact.
    private static long Percentile(long[] sorted, int numerator, int denominator)
    {
        var rank = (long)(sorted.Length - 1) * numerator;
        var low = (int)(rank / denominator);
        var fraction = rank % denominator;
        if (fraction == 0)
        {
            return sorted[low];
        }

        var step = (Int128)(sorted[low + 1] - sorted[low]) * fraction;
        var rounded = (step * 2 + denominator) / (2 * denominator);
        return sorted[low] + (long)rounded;
    }
}
