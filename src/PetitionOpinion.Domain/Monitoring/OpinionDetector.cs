using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Ardalis.GuardClauses;
using OneOf;

namespace PetitionOpinion.Monitoring;

/// <summary>A registered topic of an <see cref="OpinionDetector"/>: observing by handle skips the topic look-up.</summary>
/// <param name="Index">The topic's slot.</param>
public readonly record struct TopicHandle(int Index);

/// <summary>
/// The streaming detector (<c>docs/monitoring.md</c>). Per topic it keeps a fixed-size state: the last window's mentions in 12
/// buckets, hourly counts of the last <see cref="OpinionMonitorOptions.BaselineDays"/> days, the usual negative share and
/// reach, the recent mentions' fingerprints and when it last alerted. Each signal costs a constant amount of work and
/// allocates nothing unless it raises an alert.
/// </summary>
/// <remarks>
/// <para>
/// <b>Volume surge.</b> The baseline of an hour of the day is the median of that hour's counts over the last days
/// (robust to past surges, following daily seasonality and, as days roll off, slow trends). A surge is a rolling window
/// whose smoothed ratio to the baseline, (observed + s) / (baseline + s) with s the
/// <see cref="OpinionMonitorOptions.Smoothing"/> (at least 1), reaches e^(<see cref="OpinionMonitorOptions.SurgeDeviations"/>
/// × the topic's usual deviation), or <see cref="OpinionMonitorOptions.SurgeFactor"/> if that is lower, with at least
/// <see cref="OpinionMonitorOptions.MinExcessMentions"/> above the baseline. The usual deviation is robust: 1.4826 times the
/// median of how far (in the logarithm of that ratio) the topic's hours strayed from their baselines, weighted to the last
/// week (a histogram of 8 bins, updated once an hour), so that neither past surges nor a quiet topic's small-count noise
/// inflate it. The threshold is computed once per hour; the
/// window's is that of the two hours it overlaps weighted by the buckets of each it holds, computed once per bucket, so
/// that a signal only compares a count with it.
/// </para>
/// <para>
/// <b>Negative-sentiment surge.</b> The window's negative share reaches both <see cref="OpinionMonitorOptions.MinNegativeShare"/>
/// and the topic's usual share (an hourly moving average) plus <see cref="OpinionMonitorOptions.NegativeShareRise"/>, with
/// at least <see cref="OpinionMonitorOptions.MinNegativeMentions"/> negative mentions.
/// </para>
/// <para>
/// <b>High-reach post.</b> One mention reaches <see cref="OpinionMonitorOptions.HighReach"/>, or
/// <see cref="OpinionMonitorOptions.HighReachFactor"/> times the topic's typical reach (a moving average of log reach) and
/// at least <see cref="OpinionMonitorOptions.MinHighReach"/>.
/// </para>
/// <para>
/// Signals older than the current bucket are <see cref="SignalOutcome.Late"/> (closed buckets are never rewritten);
/// within the current bucket order does not matter. A repeat of one of the topic's last 8 mentions is a
/// <see cref="SignalOutcome.Duplicate"/>; a malformed signal is <see cref="SignalOutcome.Invalid"/>; one later than the
/// clock allows is <see cref="SignalOutcome.TooFarAhead"/>. None of them changes the topic's state.
/// Not thread-safe: one caller at a time (<see cref="OpinionMonitor"/> serialises its callers).
/// </para>
/// </remarks>
public sealed class OpinionDetector
{
    /// <summary>The bytes of state per topic besides its hourly history (which is 2 × 24 × BaselineDays bytes).</summary>
    public static readonly int FixedStateBytes = Unsafe.SizeOf<TopicState>();

    private const int Buckets = 12;
    private const int Fingerprints = 8;
    private const double NegativeShareWeight = 0.05;
    private const double ReachWeight = 0.02;

    // The topic's usual deviation from its baseline: 1.4826 × the median absolute log-ratio of its hours to their baselines
    // (the standard deviation if they were normal, unmoved by a few surges), at least 0.05, once 6 hours have had a
    // baseline. The median is read from an exponentially weighted histogram (a memory of about a week of hours): bin 0
    // holds [0, 0.03], bin k (0.03 × 2.2^(k-1), 0.03 × 2.2^k], the last one everything above; an hour adds 384 to its bin
    // after every bin lost a 168th (rounded up, so that the weights stay below 65,536 and empty bins empty).
    private const int SpreadBins = 8;
    private const double FirstBinEdge = 0.03;
    private const double BinRatio = 2.2;
    private const int SpreadMemoryHours = 168;
    private const int HourWeight = 384;
    private const int MinSpreadHours = 6;
    private const double MadToDeviation = 1.4826;
    private const double MinSpread = 0.05;

    // Hourly counts are kept as 1000 × ln(1 + count) in 16 bits: 0.05% precision up to far more mentions than exist, half
    // the memory of 32-bit counts; the median of encoded values is the encoded median.
    private const double HistoryScale = 1000;

    // Saved states (SaveState): "PODS", the layout version, endianness, the state's size, the window and the baseline days,
    // then the TopicState struct as it is in memory, the hourly history, and a checksum. Bump the layout version with any
    // change to TopicState or to what its fields mean.
    private const uint StateMagic = 0x53444F50;
    private const byte StateLayoutVersion = 1;
    private const int StateHeaderBytes = 24;
    private const ushort NoHistory = ushort.MaxValue;

    private readonly TimeProvider _time;
    private readonly OpinionMonitorOptions _options;
    private readonly Dictionary<string, int> _topics = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private readonly List<OpinionAlert> _alerts = [];
    private readonly long _bucketTicks;
    private readonly double _bucketsPerTick;
    private readonly long _windowTicks;
    private readonly int _historyStride;
    private readonly long _maxAheadTicks;
    private readonly long _cooldownTicks;
    private readonly double _log2HighReachFactor;
    private readonly double _logSmoothing;
    private readonly double _negativeAtOrBelow;
    private readonly long _highReach;
    private readonly long _minHighReach;
    private TopicState[] _states = new TopicState[16];
    private long _horizon = long.MinValue;
    private ushort[] _history;

    /// <summary>Initializes a new instance of the <see cref="OpinionDetector"/> class.</summary>
    /// <param name="options">The options.</param>
    /// <param name="time">The clock signals must not run ahead of.</param>
    /// <exception cref="ArgumentException">The options are not valid (every problem is listed).</exception>
    public OpinionDetector(OpinionMonitorOptions options, TimeProvider time)
    {
        Guard.Against.Null(options);
        _time = Guard.Against.Null(time);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The monitoring options are not valid: {string.Join(" ", problems.Select(p => p.ToValidationFailure()))}", nameof(options));
        }

        _options = options;
        _windowTicks = options.Window.Ticks;
        _bucketTicks = _windowTicks / Buckets;
        _bucketsPerTick = 1.0 / _bucketTicks;
        _historyStride = 24 * options.BaselineDays;
        _maxAheadTicks = options.MaxAhead.Ticks;
        _cooldownTicks = options.AlertCooldown.Ticks;
        _log2HighReachFactor = Math.Log2(options.HighReachFactor);
        _logSmoothing = Math.Max(options.Smoothing, 1);
        _negativeAtOrBelow = options.NegativeAtOrBelow;
        _highReach = options.HighReach;
        _minHighReach = options.MinHighReach;
        _history = new ushort[16 * _historyStride];
    }

    /// <summary>Gets the number of topics seen.</summary>
    public int TopicCount => _names.Count;

    /// <summary>Gets the bytes of state each topic takes: <see cref="FixedStateBytes"/> plus its hourly history.</summary>
    public int BytesPerTopic => FixedStateBytes + (_historyStride * sizeof(ushort));

    /// <summary>Gets the number of alerts raised and not yet taken with <see cref="TakeAlerts"/>.</summary>
    public int PendingAlerts => _alerts.Count;

    /// <summary>Registers a topic (or finds it) and returns its handle.</summary>
    /// <param name="topic">The topic.</param>
    /// <returns>The handle.</returns>
    /// <exception cref="ArgumentException">The topic is empty or white space.</exception>
    public TopicHandle Register(string topic)
    {
        Guard.Against.NullOrWhiteSpace(topic);
        ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(_topics, topic, out var exists);
        if (!exists)
        {
            index = _names.Count;
            _names.Add(topic);
            if (index == _states.Length)
            {
                Array.Resize(ref _states, _states.Length * 2);
                var history = new ushort[_states.Length * _historyStride];
                _history.CopyTo(history, 0);
                _history = history;
            }

            _history.AsSpan(index * _historyStride, _historyStride).Fill(NoHistory);
        }

        return new TopicHandle(index);
    }

    /// <summary>Gets the name of a registered topic.</summary>
    /// <param name="topic">The handle.</param>
    /// <returns>The name.</returns>
    public string NameOf(TopicHandle topic) => _names[CheckHandle(topic)];

    /// <summary>Observes a signal, registering its topic on first sight.</summary>
    /// <param name="signal">The signal.</param>
    /// <returns>What was done with it; an alert it raised is kept for <see cref="TakeAlerts"/>.</returns>
    public SignalOutcome Observe(in MentionSignal signal)
        => string.IsNullOrWhiteSpace(signal.Topic) ? SignalOutcome.Invalid : Observe(Register(signal.Topic), signal);

    /// <summary>Observes a signal of a registered topic (its <see cref="MentionSignal.Topic"/> is not read again).</summary>
    /// <param name="topic">The topic's handle.</param>
    /// <param name="signal">The signal.</param>
    /// <returns>What was done with it; an alert it raised is kept for <see cref="TakeAlerts"/>.</returns>
    public SignalOutcome Observe(TopicHandle topic, in MentionSignal signal)
    {
        var index = CheckHandle(topic);
        var sentiment = signal.Sentiment;
        if (signal.At == default || !(sentiment >= -1 && sentiment <= 1) || signal.Reach < 0 || !(signal.AuthorInfluence >= 0) || double.IsPositiveInfinity(signal.AuthorInfluence))
        {
            return SignalOutcome.Invalid;
        }

        var ticks = signal.At.UtcTicks;
        var outcome = Admit(ref _states[index], ticks);
        if (outcome != SignalOutcome.Accepted)
        {
            return outcome;
        }

        ref var state = ref _states[index];
        var fingerprint = signal.Id is { } id
            ? (ulong)(uint)StringComparer.Ordinal.GetHashCode(id) | (1UL << 63)
            : Mix((ulong)ticks, (ulong)signal.Reach, BitConverter.DoubleToUInt64Bits(sentiment), BitConverter.DoubleToUInt64Bits(signal.AuthorInfluence));
        if (state.Recent.Contains(fingerprint))
        {
            return SignalOutcome.Duplicate;
        }

        state.Recent[state.RecentNext] = fingerprint;
        state.RecentNext = (state.RecentNext + 1) % Fingerprints;
        AdvanceTo(ref state, index, ticks);
        var negative = sentiment <= _negativeAtOrBelow;
        Add(ref state, 1, negative ? 1 : 0, signal.Reach);
        CheckVolume(ref state, index, ticks);
        if (negative)
        {
            CheckNegative(ref state, index, ticks);
        }

        if (signal.Reach > 0)
        {
            CheckReach(ref state, index, ticks, signal.Reach);
        }

        return SignalOutcome.Accepted;
    }

    /// <summary>Observes a count of mentions at an instant (a row of a <c>timestamp,value</c> series), without sentiment or reach.</summary>
    /// <param name="topic">The topic's handle.</param>
    /// <param name="at">When.</param>
    /// <param name="count">How many mentions, 0 or more.</param>
    /// <returns>What was done with it (counts are not checked for duplicates).</returns>
    public SignalOutcome ObserveCount(TopicHandle topic, DateTimeOffset at, long count)
    {
        var index = CheckHandle(topic);
        if (at == default || count < 0 || count > int.MaxValue)
        {
            return SignalOutcome.Invalid;
        }

        var ticks = at.UtcTicks;
        var outcome = Admit(ref _states[index], ticks);
        if (outcome != SignalOutcome.Accepted)
        {
            return outcome;
        }

        ref var state = ref _states[index];
        AdvanceTo(ref state, index, ticks);
        Add(ref state, (int)count, 0, 0);
        CheckVolume(ref state, index, ticks);
        return SignalOutcome.Accepted;
    }

    /// <summary>Takes the alerts raised since the last call, oldest first.</summary>
    /// <returns>The alerts; empty (no allocation) when there are none.</returns>
    public IReadOnlyList<OpinionAlert> TakeAlerts()
    {
        if (_alerts.Count == 0)
        {
            return [];
        }

        var taken = _alerts.ToArray();
        _alerts.Clear();
        return taken;
    }

    /// <summary>
    /// Saves a topic's state — its window, its hourly history, its usual negative share, spread and reach, its recent
    /// fingerprints and last alerts — as bytes that <see cref="RestoreState"/> turns back into exactly that state (in this
    /// version of the detector, with the same <see cref="OpinionMonitorOptions.Window"/> and
    /// <see cref="OpinionMonitorOptions.BaselineDays"/>): a detector restored from them raises exactly the alerts this one
    /// would on the same later signals.
    /// </summary>
    /// <param name="topic">The topic's handle.</param>
    /// <returns>The bytes (about 1 KiB with a week of history), checksummed; a copy of their own.</returns>
    public ReadOnlyMemory<byte> SaveState(TopicHandle topic)
    {
        var index = CheckHandle(topic);
        var historyBytes = _historyStride * sizeof(ushort);
        var bytes = new byte[StateHeaderBytes + FixedStateBytes + historyBytes + sizeof(ulong)];
        var header = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(header, StateMagic);
        header[4] = StateLayoutVersion;
        header[5] = BitConverter.IsLittleEndian ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], FixedStateBytes);
        BinaryPrimitives.WriteInt64LittleEndian(header[12..], _windowTicks);
        BinaryPrimitives.WriteInt32LittleEndian(header[20..], _options.BaselineDays);
        MemoryMarshal.AsBytes(new ReadOnlySpan<TopicState>(in _states[index])).CopyTo(bytes.AsSpan(StateHeaderBytes));
        MemoryMarshal.AsBytes(_history.AsSpan(index * _historyStride, _historyStride)).CopyTo(bytes.AsSpan(StateHeaderBytes + FixedStateBytes));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - sizeof(ulong)), Checksum(bytes.AsSpan(0, bytes.Length - sizeof(ulong))));
        return bytes;
    }

    /// <summary>
    /// Restores a topic's state saved by <see cref="SaveState"/>, registering the topic if needed and replacing whatever
    /// state it had. Nothing changes when the bytes cannot be restored.
    /// </summary>
    /// <param name="topic">The topic.</param>
    /// <param name="state">The saved bytes.</param>
    /// <returns>
    /// The topic's handle; or an error, code <see cref="MonitoringErrors.CheckpointUnreadable"/>, when the bytes are not a
    /// saved state (format, checksum or inconsistent contents), come from another version of the detector, or from a
    /// detector with another window or number of baseline days. The message says which, without the bytes.
    /// </returns>
    /// <exception cref="ArgumentException">The topic is empty or white space.</exception>
    public OneOf<TopicHandle, DomainError> RestoreState(string topic, ReadOnlySpan<byte> state)
    {
        Guard.Against.NullOrWhiteSpace(topic);
        var historyBytes = _historyStride * sizeof(ushort);
        static DomainError Unreadable(string why) => new(MonitoringErrors.CheckpointUnreadable, $"The saved monitor state cannot be restored: {why}");
        if (state.Length < StateHeaderBytes + sizeof(ulong) || BinaryPrimitives.ReadUInt32LittleEndian(state) != StateMagic)
        {
            return Unreadable("it is not a saved detector state.");
        }

        if (BinaryPrimitives.ReadUInt64LittleEndian(state[^sizeof(ulong)..]) != Checksum(state[..^sizeof(ulong)]))
        {
            return Unreadable("its checksum does not match (the bytes were changed or cut).");
        }

        var window = BinaryPrimitives.ReadInt64LittleEndian(state[12..]);
        var days = BinaryPrimitives.ReadInt32LittleEndian(state[20..]);
        if (state[4] != StateLayoutVersion || state[5] != (BitConverter.IsLittleEndian ? 1 : 0) || BinaryPrimitives.ReadInt32LittleEndian(state[8..]) != FixedStateBytes)
        {
            return Unreadable(string.Create(CultureInfo.InvariantCulture, $"it was written by another version of the detector (layout {state[4]}, this one reads {StateLayoutVersion})."));
        }

        if (window != _windowTicks || days != _options.BaselineDays || state.Length != StateHeaderBytes + FixedStateBytes + historyBytes + sizeof(ulong))
        {
            return Unreadable(string.Create(CultureInfo.InvariantCulture, $"it was written with a {TimeSpan.FromTicks(window)} window and {days} baseline day(s); this detector has {TimeSpan.FromTicks(_windowTicks)} and {_options.BaselineDays}."));
        }

        var restored = MemoryMarshal.Read<TopicState>(state[StateHeaderBytes..]);
        if (Inconsistency(restored) is { } inconsistency)
        {
            return Unreadable(inconsistency);
        }

        var index = Register(topic).Index;
        _states[index] = restored;
        MemoryMarshal.Cast<byte, ushort>(state.Slice(StateHeaderBytes + FixedStateBytes, historyBytes)).CopyTo(_history.AsSpan(index * _historyStride, _historyStride));
        return new TopicHandle(index);
    }

    /// <summary>Forgets everything about a topic (it stays registered, as if never seen): its next signal starts it afresh.</summary>
    /// <param name="topic">The topic's handle.</param>
    public void Reset(TopicHandle topic)
    {
        var index = CheckHandle(topic);
        _states[index] = default;
        _history.AsSpan(index * _historyStride, _historyStride).Fill(NoHistory);
    }

    // What a state that SaveState could have written always satisfies (a checksum only catches accidents).
    private string? Inconsistency(in TopicState state)
    {
        if (!state.Started || (uint)state.Bucket >= Buckets || (uint)state.RecentNext >= Fingerprints
            || state.BucketStart % _bucketTicks != 0 || state.HourStart % TimeSpan.TicksPerHour != 0 || state.BucketStart < state.HourStart)
        {
            return "its window is not consistent.";
        }

        long mentions = 0, negatives = 0;
        for (var i = 0; i < Buckets; i++)
        {
            if (state.Counts[i] < 0 || state.Negatives[i] < 0 || state.Negatives[i] > state.Counts[i] || state.Reaches[i] < 0)
            {
                return "its window holds negative counts.";
            }

            mentions += state.Counts[i];
            negatives += state.Negatives[i];
        }

        return mentions != state.Mentions || negatives != state.NegativeMentions || state.HourCount < 0 || state.HourNegative < 0
            ? "its totals are not the sums of its window."
            : null;
    }

    // FNV-1a over 64 bits: catches bytes changed or cut by accident (not an attacker, who could recompute it).
    private static ulong Checksum(ReadOnlySpan<byte> bytes)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 0x100000001B3UL;
        }

        return hash;
    }

    private static ulong Mix(ulong a, ulong b, ulong c, ulong d)
    {
        var h = (a * 0x9E3779B97F4A7C15UL) ^ (b + 0xC2B2AE3D27D4EB4FUL);
        h = (h ^ (h >> 29)) * 0xBF58476D1CE4E5B9UL ^ c;
        h = (h ^ (h >> 32)) * 0x94D049BB133111EBUL ^ d;
        return (h ^ (h >> 31)) & ~(1UL << 63);
    }

    private int CheckHandle(TopicHandle topic)
        => (uint)topic.Index < (uint)_names.Count ? topic.Index : throw new ArgumentOutOfRangeException(nameof(topic), topic.Index, "Not a handle this detector registered.");

    // Time checks shared by both kinds of input; the first signal of a topic starts its state.
    private SignalOutcome Admit(ref TopicState state, long ticks)
    {
        // The clock is read only when a signal is later than the last reading allowed: time only moves forward.
        if (ticks > _horizon)
        {
            _horizon = _time.GetUtcNow().UtcTicks + _maxAheadTicks;
            if (ticks > _horizon)
            {
                return SignalOutcome.TooFarAhead;
            }
        }

        if (state.Started)
        {
            // Bucket starts are aligned, so a signal is late exactly when it is before the current one.
            return ticks < state.BucketStart ? SignalOutcome.Late : SignalOutcome.Accepted;
        }

        var bucket = ticks - (ticks % _bucketTicks);
        {
            state.Started = true;
            state.BucketStart = bucket;
            state.HourStart = ticks - (ticks % TimeSpan.TicksPerHour);
            state.FirstHour = state.HourStart;
            state.SurgeThreshold = long.MaxValue;
            state.HourThreshold = state.PreviousHourThreshold = float.PositiveInfinity;
            state.HourMedianLog = float.NaN;
            state.LastVolumeAlert = state.LastNegativeAlert = state.LastReachAlert = long.MinValue / 2;
            return SignalOutcome.Accepted;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AdvanceTo(ref TopicState state, int index, long ticks)
    {
        // Most signals fall in the current bucket (buckets divide the hour, so the hour is the same too).
        if (ticks - state.BucketStart >= _bucketTicks)
        {
            OpenBucket(ref state, index, ticks);
        }
    }

    private void OpenBucket(ref TopicState state, int index, long ticks)
    {
        // Most of the others open the next bucket: no division needed.
        var bucket = ticks - state.BucketStart < 2 * _bucketTicks ? state.BucketStart + _bucketTicks : ticks - (ticks % _bucketTicks);
        if (bucket > state.BucketStart)
        {
            var steps = bucket - state.BucketStart == _bucketTicks ? 1 : Math.Min((bucket - state.BucketStart) / _bucketTicks, Buckets);
            for (var i = 0; i < steps; i++)
            {
                state.Bucket = (state.Bucket + 1) % Buckets;
                state.Mentions -= state.Counts[state.Bucket];
                state.NegativeMentions -= state.Negatives[state.Bucket];
                state.ReachSum -= state.Reaches[state.Bucket];
                state.Counts[state.Bucket] = 0;
                state.Negatives[state.Bucket] = 0;
                state.Reaches[state.Bucket] = 0;
            }

            state.BucketStart = bucket;
        }

        var hour = ticks - (ticks % TimeSpan.TicksPerHour);
        if (hour > state.HourStart)
        {
            CloseHours(ref state, index, hour);
        }

        Blend(ref state);
    }

    // The rolling window ends in the current hour but, until the hour's last bucket, starts in the previous one: its
    // threshold and baseline are those of the two hours weighted by the buckets of the window each holds, so that the
    // threshold does not jump to the new hour's at its first row while the window still holds the previous hour's counts.
    private void Blend(ref TopicState state)
    {
        if (float.IsPositiveInfinity(state.HourThreshold))
        {
            state.SurgeThreshold = long.MaxValue;
            return;
        }

        var current = CurrentHourBuckets(state);
        state.SurgeThreshold = (long)Math.Ceiling(((current * (double)state.HourThreshold) + ((Buckets - current) * (double)PreviousOrCurrent(state.PreviousHourThreshold, state.HourThreshold))) / Buckets);
    }

    // Bucket and hour starts are aligned and buckets divide the hour, so the quotient is a whole number below 3,600: rounding
    // its product by the reciprocal is exact, and cheaper than a 64-bit division.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long CurrentHourBuckets(in TopicState state) => Math.Min(Buckets, (long)Math.Round((state.BucketStart - state.HourStart) * _bucketsPerTick) + 1);

    private static float PreviousOrCurrent(float previous, float current) => float.IsPositiveInfinity(previous) ? current : previous;

    // The baseline of the window, weighted like its threshold; computed only for an alert.
    private double BaselineOf(in TopicState state)
    {
        var current = CurrentHourBuckets(state);
        var previous = float.IsPositiveInfinity(state.PreviousHourThreshold) ? state.HourBaseline : state.PreviousHourBaseline;
        return ((current * (double)state.HourBaseline) + ((Buckets - current) * (double)previous)) / Buckets;
    }

    // Stores the finished hour (and empty hours skipped, at most the history's length), updates the usual negative share,
    // and computes the new hour's volume threshold from the median of the same hour on the days kept.
    private void CloseHours(ref TopicState state, int index, long hour)
    {
        var history = _history.AsSpan(index * _historyStride, _historyStride);
        var slot = SlotOf(state.HourStart);
        history[slot] = Encode(state.HourCount);
        if (!float.IsNaN(state.HourMedianLog))
        {
            AddResidual(ref state, Math.Log(_logSmoothing + state.HourCount) - state.HourMedianLog);
        }

        if (state.HourCount > 0)
        {
            var share = (double)state.HourNegative / state.HourCount;
            state.UsualNegativeShare = state.HasNegativeShare ? state.UsualNegativeShare + (NegativeShareWeight * (share - state.UsualNegativeShare)) : share;
            state.HasNegativeShare = true;
        }

        var skipped = Math.Min((hour - state.HourStart) / TimeSpan.TicksPerHour - 1, _historyStride);
        for (var i = 1; i <= skipped; i++)
        {
            history[SlotOf(state.HourStart + (i * TimeSpan.TicksPerHour))] = Encode(0);
        }

        var consecutive = skipped == 0;
        state.HourStart = hour;
        state.HourCount = 0;
        state.HourNegative = 0;
        state.PreviousHourThreshold = state.HourThreshold;
        state.PreviousHourBaseline = state.HourBaseline;
        HourThreshold(ref state, history, hour);
        if (!consecutive)
        {
            // After a gap the window holds no earlier hour's counts.
            state.PreviousHourThreshold = state.HourThreshold;
            state.PreviousHourBaseline = state.HourBaseline;
        }
    }

    // The closed hour's log-ratio to its baseline joins the histogram, and the topic's usual deviation is read from it: a
    // few dozen operations once an hour.
    private static void AddResidual(ref TopicState state, double residual)
    {
        var distance = Math.Abs(residual);
        var bin = distance <= FirstBinEdge ? 0 : (int)Math.Min(SpreadBins - 1, 1 + Math.Floor(Math.Log(distance / FirstBinEdge) / Math.Log(BinRatio)));
        var total = 0.0;
        for (var k = 0; k < SpreadBins; k++)
        {
            var weight = state.SpreadHistogram[k];
            weight -= (ushort)((weight + SpreadMemoryHours - 1) / SpreadMemoryHours);
            if (k == bin)
            {
                weight += HourWeight;
            }

            state.SpreadHistogram[k] = weight;
            total += weight;
        }

        state.SpreadHours = (byte)Math.Min(state.SpreadHours + 1, byte.MaxValue);
        if (state.SpreadHours < MinSpreadHours)
        {
            return;
        }

        // The median, interpolated inside its bin (linearly in the first, geometrically in the others).
        var half = total / 2;
        var below = 0.0;
        var median = FirstBinEdge;
        for (var k = 0; k < SpreadBins; k++)
        {
            double weight = state.SpreadHistogram[k];
            if (below + weight >= half)
            {
                var fraction = weight > 0 ? (half - below) / weight : 0;
                median = k == 0 ? fraction * FirstBinEdge : FirstBinEdge * Math.Pow(BinRatio, k - 1 + fraction);
                break;
            }

            below += weight;
        }

        state.Spread = (float)Math.Max(MadToDeviation * median, MinSpread);
        state.HasSpread = true;
    }

    private void HourThreshold(ref TopicState state, Span<ushort> history, long hour)
    {
        // The same hour of the day on each day kept: slots hour, hour + 24, … (the one for today holds the oldest day).
        var hourOfDay = (int)(hour / TimeSpan.TicksPerHour % 24);
        Span<ushort> same = stackalloc ushort[_options.BaselineDays];
        var found = 0;
        for (var d = 0; d < _options.BaselineDays; d++)
        {
            var value = history[(d * 24) + hourOfDay];
            if (value != NoHistory)
            {
                same[found++] = value;
            }
        }

        if (found < _options.MinBaselineDays)
        {
            state.HourThreshold = float.PositiveInfinity;
            state.HourMedianLog = float.NaN;
            return;
        }

        var days = same[..found];
        days.Sort();
        var scale = (double)_windowTicks / TimeSpan.TicksPerHour;
        var hourMedian = found % 2 == 1 ? Decode(days[found / 2]) : (Decode(days[(found / 2) - 1]) + Decode(days[found / 2])) / 2.0;
        var median = hourMedian * scale;
        state.HourMedianLog = (float)Math.Log(_logSmoothing + hourMedian);
        state.HourBaseline = (float)median;
        var threshold = (_options.SurgeFactor * (median + _options.Smoothing)) - _options.Smoothing;
        if (_options.SurgeDeviations > 0 && state.HasSpread)
        {
            // A smoothed ratio of e^(SurgeDeviations × the topic's usual deviation) is a surge, and so is one of
            // SurgeFactor, whichever is reached first.
            var byDeviation = ((median + _logSmoothing) * Math.Exp(_options.SurgeDeviations * state.Spread)) - _logSmoothing;
            threshold = Math.Min(threshold, byDeviation);
        }

        state.HourThreshold = (float)Math.Max(threshold, median + _options.MinExcessMentions);
    }

    private static ushort Encode(long count) => (ushort)Math.Min(NoHistory - 1, Math.Round(HistoryScale * Math.Log(1 + (double)count)));

    private static double Decode(ushort value) => Math.Round(Math.Exp(value / HistoryScale) - 1);

    private int SlotOf(long hourTicks)
    {
        var hours = hourTicks / TimeSpan.TicksPerHour;
        return (int)(hours % _historyStride);
    }

    // Saturating: a bucket holds at most int.MaxValue mentions and a window at most long.MaxValue of reach, and what is
    // added to a bucket is exactly what is added to the window's totals, so that the totals stay the sums of their buckets.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(ref TopicState state, int count, int negative, long reach)
    {
        var bucketCount = state.Counts[state.Bucket];
        var added = Math.Min(count, int.MaxValue - bucketCount);
        var addedNegative = Math.Min(negative, added);
        var addedReach = Math.Min(reach, long.MaxValue - state.ReachSum);
        state.Counts[state.Bucket] = bucketCount + added;
        state.Negatives[state.Bucket] += addedNegative;
        state.Reaches[state.Bucket] += addedReach;
        state.Mentions += added;
        state.NegativeMentions += addedNegative;
        state.ReachSum += addedReach;
        state.HourCount += added;
        state.HourNegative += addedNegative;
    }

    // The checks run on every signal: their common case is inlined, the raising of an alert (with its explanation) is not.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckVolume(ref TopicState state, int index, long ticks)
    {
        if (state.Mentions >= state.SurgeThreshold && ticks - state.LastVolumeAlert >= _cooldownTicks)
        {
            RaiseVolume(ref state, index, ticks);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RaiseVolume(ref TopicState state, int index, long ticks)
    {
        state.LastVolumeAlert = ticks;
        var baseline = BaselineOf(state);
        var factor = (state.Mentions + _options.Smoothing) / Math.Max(baseline + _options.Smoothing, 1);
        Raise(ref state, index, ticks, OpinionAlertKind.VolumeSurge, baseline, state.Mentions, factor,
            string.Create(CultureInfo.InvariantCulture, $"{state.Mentions} mentions in the {Minutes} minutes to {At(ticks)} against a usual {baseline:0.#} for this hour of the day (median of the last {DaysSeen(state, ticks)} day(s)): ×{factor:0.0} with smoothing {_options.Smoothing:0.#}, surge factor {_options.SurgeFactor:0.#}."));
    }

    private void CheckNegative(ref TopicState state, int index, long ticks)
    {
        if (state.NegativeMentions < _options.MinNegativeMentions || ticks - state.LastNegativeAlert < _cooldownTicks)
        {
            return;
        }

        var share = (double)state.NegativeMentions / state.Mentions;
        var usual = state.HasNegativeShare ? state.UsualNegativeShare : 0;
        if (share < _options.MinNegativeShare || share < usual + _options.NegativeShareRise)
        {
            return;
        }

        state.LastNegativeAlert = ticks;
        var factor = share / Math.Max(usual, 0.01);
        Raise(ref state, index, ticks, OpinionAlertKind.NegativeSentimentSurge, usual, share, factor,
            string.Create(CultureInfo.InvariantCulture, $"{state.NegativeMentions} of {state.Mentions} mentions in the {Minutes} minutes to {At(ticks)} are negative ({share:P0}) against a usual {usual:P0}: ×{factor:0.0}."));
    }

    // Per signal: the logarithm of the reach, approximated from its bits (within 0.09 of log2, so the relative threshold
    // holds to about 6%), compared with the typical one plus log2 of the factor, and a moving average update of it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckReach(ref TopicState state, int index, long ticks, long reach)
    {
        var log = FastLog2(reach);
        if (reach >= _highReach || (state.HasReach && reach >= _minHighReach && log >= state.TypicalLog2Reach + _log2HighReachFactor))
        {
            RaiseReach(ref state, index, ticks, reach, log);
            return;
        }

        state.TypicalLog2Reach = state.HasReach ? state.TypicalLog2Reach + (ReachWeight * (log - state.TypicalLog2Reach)) : log;
        state.HasReach = true;
    }

    // A high reach: the typical one before this mention is the alert's baseline.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RaiseReach(ref TopicState state, int index, long ticks, long reach, double log)
    {
        var typical = state.HasReach ? Math.Pow(2, state.TypicalLog2Reach) : 0;
        state.TypicalLog2Reach = state.HasReach ? state.TypicalLog2Reach + (ReachWeight * (log - state.TypicalLog2Reach)) : log;
        state.HasReach = true;
        if (ticks - state.LastReachAlert < _cooldownTicks)
        {
            return;
        }

        state.LastReachAlert = ticks;
        var factor = reach / Math.Max(typical, 1);
        Raise(ref state, index, ticks, OpinionAlertKind.HighReachPost, typical, reach, factor,
            string.Create(CultureInfo.InvariantCulture, $"One mention at {At(ticks)} reached {reach:N0} against a typical {typical:N0} for the topic{(typical > 0 ? $": ×{factor:0}" : string.Empty)} (high reach {_options.HighReach:N0}, or ×{_options.HighReachFactor:0} the typical and at least {_options.MinHighReach:N0})."));
    }

    // The exponent of the value as a double plus its mantissa's fraction: the same as value / 2^⌊log2 value⌋ − 1 added to
    // the exponent, without the division.
    private static double FastLog2(long value)
    {
        var bits = BitConverter.DoubleToInt64Bits(value);
        return (int)(bits >> 52) - 1023 + ((bits & 0xF_FFFF_FFFF_FFFFL) * (1.0 / (1L << 52)));
    }

    private void Raise(ref TopicState state, int index, long ticks, OpinionAlertKind kind, double baseline, double observed, double factor, string explanation)
    {
        var at = new DateTimeOffset(ticks, TimeSpan.Zero);
        _alerts.Add(new OpinionAlert(_names[index], kind, at, at.AddTicks(-_windowTicks), at, baseline, observed, factor, state.Mentions, state.NegativeMentions, state.ReachSum, explanation));
    }

    private int DaysSeen(in TopicState state, long ticks) => (int)Math.Min(_options.BaselineDays, (ticks - state.FirstHour) / TimeSpan.TicksPerDay);

    private int Minutes => (int)(_windowTicks / TimeSpan.TicksPerMinute);

    private static string At(long ticks) => new DateTimeOffset(ticks, TimeSpan.Zero).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    [InlineArray(Buckets)]
    private struct IntRing
    {
        private int _element;
    }

    [InlineArray(Buckets)]
    private struct LongRing
    {
        private long _element;
    }

    [InlineArray(SpreadBins)]
    private struct SpreadHistogram
    {
        private ushort _element;
    }

    [InlineArray(Fingerprints)]
    private struct FingerprintRing
    {
        private ulong _element;

        // Eight values: two 256-bit comparisons where the hardware has them.
        public readonly bool Contains(ulong value)
        {
            ref var first = ref Unsafe.AsRef(in _element);
            if (Vector256.IsHardwareAccelerated)
            {
                var wanted = Vector256.Create(value);
                return Vector256.EqualsAny(Vector256.LoadUnsafe(ref first), wanted) || Vector256.EqualsAny(Vector256.LoadUnsafe(ref first, 4), wanted);
            }

            foreach (var f in this)
            {
                if (f == value)
                {
                    return true;
                }
            }

            return false;
        }
    }

    private struct TopicState
    {
        public IntRing Counts;
        public IntRing Negatives;
        public LongRing Reaches;
        public FingerprintRing Recent;
        public SpreadHistogram SpreadHistogram;
        public long BucketStart;
        public long HourStart;
        public long FirstHour;
        public long Mentions;
        public long NegativeMentions;
        public long ReachSum;
        public long HourCount;
        public long HourNegative;
        public long SurgeThreshold;
        public float HourThreshold;
        public float PreviousHourThreshold;
        public float HourBaseline;
        public float PreviousHourBaseline;
        public float HourMedianLog;
        public float Spread;
        public long LastVolumeAlert;
        public long LastNegativeAlert;
        public long LastReachAlert;
        public double UsualNegativeShare;
        public double TypicalLog2Reach;
        public int Bucket;
        public int RecentNext;
        public bool Started;
        public bool HasNegativeShare;
        public bool HasReach;
        public bool HasSpread;
        public byte SpreadHours;
    }

    // ---- Reach of folded posts, and a topic's recent volume (issue 22, section 4) ----

    /// <summary>
    /// Adds the reach of a post folded into an earlier mention of the topic (a repost or a near-duplicate copy, see
    /// <see cref="PostFolder"/>) to the window's reach, and raises a <see cref="OpinionAlertKind.HighReachPost"/> when the
    /// mention's total reach — the original's and its copies' — crosses the high-reach rule with this copy: a thousand
    /// copies of one complaint raise its reach, not a thousand mentions. The copy is not a mention: the window's mention
    /// count and the topic's typical reach do not change.
    /// </summary>
    /// <param name="topic">The topic's handle.</param>
    /// <param name="at">When the copy was posted.</param>
    /// <param name="addedReach">The copy's own reach, 0 or more.</param>
    /// <param name="mentionReach">The mention's total reach with this copy (<see cref="FoldResult.Reach"/>), at least <paramref name="addedReach"/>.</param>
    /// <param name="mentionId">The id of the mention's original post, for the explanation, if known.</param>
    /// <returns>What was done with it: <see cref="SignalOutcome.Late"/>, <see cref="SignalOutcome.TooFarAhead"/> and <see cref="SignalOutcome.Invalid"/> (no time, negative reach, a total below the copy's) change nothing.</returns>
    public SignalOutcome ObserveReach(TopicHandle topic, DateTimeOffset at, long addedReach, long mentionReach, string? mentionId = null)
    {
        var index = CheckHandle(topic);
        if (at == default || addedReach < 0 || mentionReach < addedReach)
        {
            return SignalOutcome.Invalid;
        }

        var ticks = at.UtcTicks;
        var outcome = Admit(ref _states[index], ticks);
        if (outcome != SignalOutcome.Accepted)
        {
            return outcome;
        }

        ref var state = ref _states[index];
        AdvanceTo(ref state, index, ticks);
        Add(ref state, 0, 0, addedReach);
        if (addedReach == 0 || !IsHighReach(state, mentionReach) || IsHighReach(state, mentionReach - addedReach) || ticks - state.LastReachAlert < _cooldownTicks)
        {
            return SignalOutcome.Accepted;
        }

        state.LastReachAlert = ticks;
        var typical = state.HasReach ? Math.Pow(2, state.TypicalLog2Reach) : 0;
        var factor = mentionReach / Math.Max(typical, 1);
        var which = mentionId is null ? "One mention" : $"Mention {mentionId}";
        Raise(ref state, index, ticks, OpinionAlertKind.HighReachPost, typical, mentionReach, factor,
            string.Create(CultureInfo.InvariantCulture, $"{which} reached {mentionReach:N0} with its reposts and copies at {At(ticks)} (the latest added {addedReach:N0}) against a typical {typical:N0} for the topic{(typical > 0 ? $": ×{factor:0}" : string.Empty)} (high reach {_options.HighReach:N0}, or ×{_options.HighReachFactor:0} the typical and at least {_options.MinHighReach:N0})."));
        return SignalOutcome.Accepted;
    }

    /// <summary>
    /// Reads a topic's mentions per hour over its last hours, up to its current hour (so far), with the baseline of each
    /// hour: the median of the same hour of the day over the days kept before it (for the current hour exactly the
    /// detector's; for earlier hours over the days still kept, as the oldest have rolled off since). Counts of closed
    /// hours come from the history, kept to 0.05 %.
    /// </summary>
    /// <param name="topic">The topic's handle.</param>
    /// <param name="hours">How many hours, from 1 to 24 × <see cref="OpinionMonitorOptions.BaselineDays"/> (fewer are returned when the topic is younger).</param>
    /// <returns>The volume, or <see langword="null"/> when the topic has seen nothing yet.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="hours"/> is out of range, or the handle is not this detector's.</exception>
    public OpinionVolume? RecentVolume(TopicHandle topic, int hours)
    {
        var index = CheckHandle(topic);
        Guard.Against.OutOfRange(hours, nameof(hours), 1, _historyStride);
        ref readonly var state = ref _states[index];
        if (!state.Started)
        {
            return null;
        }

        var history = _history.AsSpan(index * _historyStride, _historyStride);
        var oldestKept = state.HourStart - (_historyStride * TimeSpan.TicksPerHour);
        var first = Math.Max(state.HourStart - ((hours - 1) * TimeSpan.TicksPerHour), Math.Max(state.FirstHour, oldestKept + TimeSpan.TicksPerHour));
        var count = (int)((state.HourStart - first) / TimeSpan.TicksPerHour) + 1;
        var mentions = new long[count];
        var baselines = new List<double>(count);
        Span<ushort> same = stackalloc ushort[_options.BaselineDays];
        for (var i = 0; i < count; i++)
        {
            var hour = first + (i * TimeSpan.TicksPerHour);
            mentions[i] = hour == state.HourStart ? state.HourCount : (long)Decode(history[SlotOf(hour)] is var v && v != NoHistory ? v : Encode(0));
            var found = 0;
            for (var d = 1; d <= _options.BaselineDays; d++)
            {
                var day = hour - (d * TimeSpan.TicksPerDay);
                if (day >= state.FirstHour && day >= oldestKept && day < state.HourStart && history[SlotOf(day)] is var value && value != NoHistory)
                {
                    same[found++] = value;
                }
            }

            if (found >= _options.MinBaselineDays)
            {
                var days = same[..found];
                days.Sort();
                baselines.Add(found % 2 == 1 ? Decode(days[found / 2]) : (Decode(days[(found / 2) - 1]) + Decode(days[found / 2])) / 2.0);
            }
            else
            {
                baselines.Clear();
            }
        }

        return new OpinionVolume(new DateTimeOffset(first, TimeSpan.Zero), mentions, baselines.ToArray());
    }

    private bool IsHighReach(in TopicState state, long reach)
        => reach >= _highReach || (state.HasReach && reach >= _minHighReach && FastLog2(reach) >= state.TypicalLog2Reach + _log2HighReachFactor);
}
