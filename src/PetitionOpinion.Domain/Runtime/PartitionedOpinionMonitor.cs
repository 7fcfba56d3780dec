using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ardalis.GuardClauses;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PetitionOpinion.Incidents;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Monitoring;

/// <summary>What a <see cref="PartitionedOpinionMonitor"/> did with a signal.</summary>
public enum PartitionOutcome
{
    /// <summary>This instance owns the signal's topic and fed the signal to its detector (see the <see cref="SignalOutcome"/>).</summary>
    Observed = 1,

    /// <summary>The topic's state already holds this signal (its sequence is not after the topic's checkpointed position): skipped.</summary>
    AlreadyObserved = 2,

    /// <summary>Another instance owns the topic's partition now: the signal is kept a while, to be replayed if this instance takes the partition over.</summary>
    OwnedElsewhere = 3,
}

/// <summary>What a <see cref="PartitionedOpinionMonitor"/> did with a signal, and the alerts handled meanwhile.</summary>
/// <param name="Outcome">What was done with the signal.</param>
/// <param name="Signal">What the detector did with it, when <see cref="PartitionOutcome.Observed"/>.</param>
/// <param name="Alerts">
/// The alerts handled during the call, with their incidents: the signal's, and those of signals replayed because this
/// instance took a partition over.
/// </param>
public sealed record PartitionedObservation(PartitionOutcome Outcome, SignalOutcome? Signal, IReadOnlyList<MonitorAlert> Alerts);

/// <summary>
/// The opinion monitor for hosts that must not lose a topic's baseline when they restart, and for several instances that
/// share the topics (<c>docs/monitoring.md</c>, "State that survives restarts"). Each topic's detector state is
/// checkpointed to the store (<see cref="IMonitorCheckpointStore"/>: one versioned record per topic, with the position in
/// the stream it holds) and restored when the topic is next seen; with a lease store, the topics are split into
/// <see cref="OpinionMonitorOptions.Partitions"/> partitions by a hash of their name, and each partition is owned by one
/// instance at a time.
/// </summary>
/// <remarks>
/// <para>
/// <b>The stream.</b> Every instance is fed the whole stream of signals, each with a sequence number that grows along the
/// stream (a log offset, a row number): an instance observes the signals of the partitions it owns and, with a lease store,
/// keeps the last <see cref="OpinionMonitorOptions.ReplaySignals"/> it was fed, its own partitions' too (a partition it
/// takes back may restore a checkpoint older than what it had observed). A signal whose sequence is not after its topic's
/// position is skipped, so a stream fed again from its start after a restart resumes exactly where the checkpoints stop.
/// </para>
/// <para>
/// <b>Ownership.</b> Each instance holds one of <see cref="OpinionMonitorOptions.MaxInstances"/> places (a lease each),
/// and owns the partitions whose number modulo the count of places held is its rank among them; it renews its leases every
/// third of <see cref="OpinionMonitorOptions.PartitionLeaseDuration"/>. When an instance stops (or stops renewing), the
/// others see one place fewer and take its partitions over: each restores the partition's topics from their checkpoints and
/// replays the signals it kept that are newer. A topic's state is saved after every alert, every
/// <see cref="OpinionMonitorOptions.CheckpointInterval"/>, and when the instance hands a partition over or stops; a save
/// that finds a newer version (another instance moved on) tells this one it lost the topic.
/// </para>
/// <para>
/// <b>Alerts.</b> An alert whose signal is replayed after a crash is raised again, but its incident is reported with the
/// same idempotency key and the alert is recorded on it once: the store holds each alert once. Without a lease store (a
/// single instance, e.g. on SQLite) the instance owns every partition.
/// </para>
/// <para>Thread-safe: calls are serialised. Topics' names are not logged.</para>
/// </remarks>
public sealed partial class PartitionedOpinionMonitor : IAsyncDisposable
{
    private const byte CheckpointFormat = 1;
    private const int CheckpointHeaderBytes = 36;
    private const string LeasePrefix = "opinion-monitor:";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly OpinionMonitor _monitor;
    private readonly IMonitorCheckpointStore _checkpoints;
    private readonly ILeaseStore? _leases;
    private readonly OpinionMonitorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Topic> _topics = new(StringComparer.Ordinal);
    private readonly DateTimeOffset[] _ownedUntil;
    private readonly long[] _evictedUpTo;
    private readonly Queue<(long Sequence, int Partition, MentionSignal Signal)> _kept = new();
    private int _place = -1;
    private DateTimeOffset _nextMaintenance = DateTimeOffset.MinValue;
    private bool _stopped;

    /// <summary>Initializes a new instance of the <see cref="PartitionedOpinionMonitor"/> class.</summary>
    /// <param name="repository">Where incidents are reported and stored.</param>
    /// <param name="checkpoints">Where the topics' states are saved (usually the same store as the repository's).</param>
    /// <param name="options">The monitoring options.</param>
    /// <param name="time">The clock.</param>
    /// <param name="category">The risk category of incidents on topics without one of their own.</param>
    /// <param name="instanceName">This instance's name: unique among the instances sharing the store, the holder of its leases.</param>
    /// <param name="leases">The lease store the instances share, or <see langword="null"/> for a single instance (it owns every partition).</param>
    /// <param name="logger">The logger, if any.</param>
    /// <exception cref="ArgumentException">The options are not valid, or the instance name is not a valid lease holder.</exception>
    public PartitionedOpinionMonitor(
        IncidentRepository repository,
        IMonitorCheckpointStore checkpoints,
        OpinionMonitorOptions options,
        TimeProvider time,
        RiskCategory category,
        string instanceName,
        ILeaseStore? leases = null,
        ILogger<PartitionedOpinionMonitor>? logger = null)
    {
        Guard.Against.Null(repository);
        _checkpoints = Guard.Against.Null(checkpoints);
        _options = Guard.Against.Null(options);
        _time = Guard.Against.Null(time);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The monitoring options are not valid: {string.Join(" ", problems.Select(p => p.ToValidationFailure()))}", nameof(options));
        }

        CoordinationValidation.ThrowIfInvalidHolder(instanceName);
        InstanceName = instanceName;
        _leases = leases;
        _monitor = new OpinionMonitor(repository, options, time, category);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _ownedUntil = new DateTimeOffset[options.Partitions];
        _evictedUpTo = new long[options.Partitions];
        Array.Fill(_evictedUpTo, long.MinValue);
        if (leases is null)
        {
            Array.Fill(_ownedUntil, DateTimeOffset.MaxValue);
        }
    }

    /// <summary>Gets this instance's name.</summary>
    public string InstanceName { get; }

    /// <summary>Gets how many signals were accepted and dropped by this instance's detector, by outcome.</summary>
    public MonitorCounts Counts => _monitor.Counts;

    /// <summary>Gets the partitions this instance owns now (by its leases' last renewal).</summary>
    public IReadOnlyList<int> OwnedPartitions
    {
        get
        {
            var now = _time.GetUtcNow();
            return [.. Enumerable.Range(0, _ownedUntil.Length).Where(p => _ownedUntil[p] > now)];
        }
    }

    /// <summary>Gets the partition of a topic: the same on every instance with the same <see cref="OpinionMonitorOptions.Partitions"/>.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="partitions">The number of partitions.</param>
    /// <returns>The partition, from 0 to <paramref name="partitions"/> − 1.</returns>
    /// <exception cref="ArgumentException">The topic is empty or white space, or <paramref name="partitions"/> is below 1.</exception>
    public static int PartitionOf(string topic, int partitions)
    {
        Guard.Against.NullOrWhiteSpace(topic);
        Guard.Against.NegativeOrZero(partitions);

        // FNV-1a over the UTF-8 bytes: stable across processes and versions (string.GetHashCode is randomised per process).
        var hash = 2166136261u;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetMaxByteCount(topic.Length) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(topic, buffer)] : Encoding.UTF8.GetBytes(topic);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % (uint)partitions);
    }

    /// <summary>Sets the risk category of a topic's incidents.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="category">The category.</param>
    public void SetCategory(string topic, RiskCategory category) => _monitor.SetCategory(topic, category);

    /// <summary>
    /// Observes the signal at position <paramref name="sequence"/> of the stream: when this instance owns the topic's
    /// partition, restores the topic's state on first sight, feeds the signal unless the state already holds it, handles
    /// the alerts and saves the state when due; otherwise keeps the signal for a possible takeover.
    /// </summary>
    /// <param name="sequence">The signal's position in the stream, growing along it.</param>
    /// <param name="signal">The signal.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What was done with the signal, and the alerts handled.</returns>
    /// <exception cref="InvalidOperationException">The monitor was stopped.</exception>
    public async ValueTask<PartitionedObservation> ObserveAsync(long sequence, MentionSignal signal, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            var alerts = new List<MonitorAlert>();
            var now = _time.GetUtcNow();
            if (now >= _nextMaintenance)
            {
                await MaintainCoreAsync(now, alerts, cancellationToken).ConfigureAwait(false);
            }

            if (string.IsNullOrWhiteSpace(signal.Topic))
            {
                var (invalid, _) = await _monitor.ObserveAsync(signal, cancellationToken).ConfigureAwait(false);
                return new PartitionedObservation(PartitionOutcome.Observed, invalid, alerts);
            }

            var partition = PartitionOf(signal.Topic, _ownedUntil.Length);
            if (_ownedUntil[partition] <= now)
            {
                Keep(sequence, partition, signal);
                return new PartitionedObservation(PartitionOutcome.OwnedElsewhere, null, alerts);
            }

            var (outcome, observed) = await ApplyAsync(sequence, partition, signal, alerts, cancellationToken).ConfigureAwait(false);
            if (outcome == PartitionOutcome.Observed && _leases is not null)
            {
                // Kept as well: if this instance loses the partition and takes it back later, the checkpoint it restores
                // may be older than this signal (the other owner saved before it caught up).
                Keep(sequence, partition, signal);
            }

            return new PartitionedObservation(outcome, observed, alerts);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Renews this instance's leases, takes over the partitions that are now its own (replaying the signals it kept for
    /// them), hands over those that no longer are, and saves the states that are due. <see cref="ObserveAsync"/> does this
    /// itself every third of <see cref="OpinionMonitorOptions.PartitionLeaseDuration"/>; a host whose stream can pause
    /// calls it on a timer so that its leases do not lapse meanwhile.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The alerts handled while replaying kept signals.</returns>
    public async ValueTask<IReadOnlyList<MonitorAlert>> MaintainAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            var alerts = new List<MonitorAlert>();
            await MaintainCoreAsync(_time.GetUtcNow(), alerts, cancellationToken).ConfigureAwait(false);
            return alerts;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Saves every topic state that changed since its last save, now.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when saved.</returns>
    public async ValueTask CheckpointAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            await SaveDueAsync(DateTimeOffset.MaxValue, partition: null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Saves every changed topic state and gives up this instance's partitions and place, so that others take them over at once. Later calls throw.</summary>
    /// <param name="cancellationToken">Cancels the call (then the leases run out on their own).</param>
    /// <returns>A task that completes when done.</returns>
    public async ValueTask StopAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return;
            }

            await SaveDueAsync(DateTimeOffset.MaxValue, partition: null, cancellationToken).ConfigureAwait(false);
            if (_leases is not null)
            {
                for (var p = 0; p < _ownedUntil.Length; p++)
                {
                    if (_ownedUntil[p] != default)
                    {
                        await _leases.ReleaseLeaseAsync(PartitionLease(p), InstanceName, cancellationToken).ConfigureAwait(false);
                        _ownedUntil[p] = default;
                    }
                }

                if (_place >= 0)
                {
                    await _leases.ReleaseLeaseAsync(PlaceLease(_place), InstanceName, cancellationToken).ConfigureAwait(false);
                    _place = -1;
                }
            }

            _stopped = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the monitor (<see cref="StopAsync"/>) and releases its resources.</summary>
    /// <returns>A task that completes when done.</returns>
    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _monitor.Dispose();
    }

    private static string PartitionLease(int partition) => string.Create(CultureInfo.InvariantCulture, $"{LeasePrefix}partition:{partition}");

    private static string PlaceLease(int place) => string.Create(CultureInfo.InvariantCulture, $"{LeasePrefix}instance:{place}");

    // The topic itself when it fits, else its SHA-256: keys are at most 200 characters.
    private static string CheckpointKey(string topic)
    {
        var key = LeasePrefix + topic;
        return key.Length <= MonitorCheckpoint.MaxKeyLength
            ? key
            : $"{LeasePrefix}sha256:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(topic)))}";
    }

    private void Keep(long sequence, int partition, in MentionSignal signal)
    {
        if (_options.ReplaySignals == 0)
        {
            _evictedUpTo[partition] = Math.Max(_evictedUpTo[partition], sequence);
            return;
        }

        if (_kept.Count == _options.ReplaySignals)
        {
            var evicted = _kept.Dequeue();
            _evictedUpTo[evicted.Partition] = Math.Max(_evictedUpTo[evicted.Partition], evicted.Sequence);
        }

        _kept.Enqueue((sequence, partition, signal));
    }

    private async ValueTask<(PartitionOutcome Outcome, SignalOutcome? Signal)> ApplyAsync(long sequence, int partition, MentionSignal signal, List<MonitorAlert> alerts, CancellationToken cancellationToken)
    {
        var topic = await TopicAsync(signal.Topic, partition, cancellationToken).ConfigureAwait(false);
        if (sequence <= topic.Position)
        {
            return (PartitionOutcome.AlreadyObserved, null);
        }

        var (outcome, raised) = await _monitor.ObserveAsync(signal, cancellationToken).ConfigureAwait(false);
        topic.Position = sequence;
        topic.Changed = true;
        alerts.AddRange(raised);
        if (raised.Count > 0 || _time.GetUtcNow() - topic.SavedAt >= _options.CheckpointInterval)
        {
            await SaveAsync(topic, cancellationToken).ConfigureAwait(false);
        }

        return (PartitionOutcome.Observed, outcome);
    }

    // The topic's local state, checked against its checkpoint after this instance (re)took its partition: kept when the
    // checkpoint is the one this instance last saved (nobody moved on), restored from the checkpoint otherwise.
    private async ValueTask<Topic> TopicAsync(string name, int partition, CancellationToken cancellationToken)
    {
        if (_topics.TryGetValue(name, out var topic) && topic.Current)
        {
            return topic;
        }

        var known = topic is not null;
        topic ??= new Topic(name, partition, CheckpointKey(name));
        var checkpoint = await _checkpoints.LoadMonitorCheckpointAsync(topic.Key, cancellationToken).ConfigureAwait(false);
        var stored = checkpoint?.Version ?? 0;
        if (!known || stored != topic.Version)
        {
            Restore(topic, checkpoint);
        }

        topic.Current = true;
        _topics[name] = topic;
        if (_evictedUpTo[partition] > topic.Position)
        {
            LogSignalsLost(_logger, partition, topic.Position == long.MinValue ? "none" : topic.Position.ToString(CultureInfo.InvariantCulture));
        }

        return topic;
    }

    private void Restore(Topic topic, MonitorCheckpoint? checkpoint)
    {
        topic.Version = checkpoint?.Version ?? 0;
        topic.SavedAt = checkpoint?.SavedAt ?? _time.GetUtcNow();
        topic.Changed = false;
        if (checkpoint is null)
        {
            _monitor.ResetTopic(topic.Name);
            topic.Position = long.MinValue;
            return;
        }

        var state = checkpoint.State.Span;
        if (state.Length < CheckpointHeaderBytes || state[0] != CheckpointFormat)
        {
            Unreadable(topic, "it is not a checkpoint of this monitor's format");
            return;
        }

        topic.Position = BinaryPrimitives.ReadInt64LittleEndian(state[1..]);
        (IncidentId, DateTimeOffset)? incident = state[9] == 1
            ? (new IncidentId(new Guid(state.Slice(10, 16))), new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(state[26..]), TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(BinaryPrimitives.ReadInt16LittleEndian(state[34..]))))
            : null;
        if (_monitor.RestoreTopic(topic.Name, state[CheckpointHeaderBytes..], incident) is { } error)
        {
            Unreadable(topic, error.Message);
        }
    }

    // A checkpoint this version cannot read: the topic starts afresh from the position it recorded (if any), and the next
    // save replaces it.
    private void Unreadable(Topic topic, string why)
    {
        _monitor.ResetTopic(topic.Name);
        LogCheckpointUnreadable(_logger, topic.Partition, MonitoringErrors.CheckpointUnreadable, why);
    }

    private async ValueTask SaveAsync(Topic topic, CancellationToken cancellationToken)
    {
        var (detector, incident) = _monitor.SaveTopic(topic.Name);
        var state = new byte[CheckpointHeaderBytes + detector.Length];
        state[0] = CheckpointFormat;
        BinaryPrimitives.WriteInt64LittleEndian(state.AsSpan(1), topic.Position);
        if (incident is { } known)
        {
            state[9] = 1;
            known.Id.Value.TryWriteBytes(state.AsSpan(10, 16));
            BinaryPrimitives.WriteInt64LittleEndian(state.AsSpan(26), known.OpenedAt.UtcTicks);
            BinaryPrimitives.WriteInt16LittleEndian(state.AsSpan(34), (short)known.OpenedAt.Offset.TotalMinutes);
        }

        detector.Span.CopyTo(state.AsSpan(CheckpointHeaderBytes));
        var now = _time.GetUtcNow();
        if (await _checkpoints.SaveMonitorCheckpointAsync(new MonitorCheckpoint(topic.Key, topic.Version + 1, now, state), cancellationToken).ConfigureAwait(false))
        {
            topic.Version++;
            topic.SavedAt = now;
            topic.Changed = false;
            return;
        }

        // Another instance saved this topic meanwhile: it owns the partition now (this one's lease ran out while it was
        // paused). Check again before the next signal of the partition.
        LogTopicLost(_logger, topic.Partition);
        topic.Current = false;
        if (_leases is not null)
        {
            Lose(topic.Partition);
        }
    }

    // Saves the changed states due (all of them when now is MaxValue) of the partitions this instance still owns: one whose
    // lease ran out (the instance was paused) may have a new owner that has not saved yet, whose next save must not find a
    // stale state of this instance's in its place.
    private async ValueTask SaveDueAsync(DateTimeOffset now, int? partition, CancellationToken cancellationToken)
    {
        var clock = _time.GetUtcNow();
        foreach (var topic in _topics.Values.ToArray())
        {
            if (topic.Changed && topic.Current && (partition is null || topic.Partition == partition)
                && _ownedUntil[topic.Partition] > clock
                && (now == DateTimeOffset.MaxValue || now - topic.SavedAt >= _options.CheckpointInterval))
            {
                await SaveAsync(topic, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask MaintainCoreAsync(DateTimeOffset now, List<MonitorAlert> alerts, CancellationToken cancellationToken)
    {
        _nextMaintenance = now + (_options.PartitionLeaseDuration / 3);
        if (_leases is null)
        {
            await SaveDueAsync(now, partition: null, cancellationToken).ConfigureAwait(false);
            return;
        }

        var until = now + _options.PartitionLeaseDuration;
        var places = await PlacesAsync(now, until, cancellationToken).ConfigureAwait(false);
        var rank = places.IndexOf(_place);
        for (var p = 0; p < _ownedUntil.Length; p++)
        {
            var mine = rank >= 0 && p % places.Count == rank;
            if (!mine)
            {
                if (_ownedUntil[p] != default)
                {
                    await HandOverAsync(p, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            var held = _ownedUntil[p] > now;
            if (await _leases.TryAcquireLeaseAsync(new LeaseRequest(PartitionLease(p), InstanceName, now, until), cancellationToken).ConfigureAwait(false))
            {
                _ownedUntil[p] = until;
                if (!held)
                {
                    await TakeOverAsync(p, alerts, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                Lose(p);
            }
        }

        await SaveDueAsync(now, partition: null, cancellationToken).ConfigureAwait(false);
    }

    // This instance's place (renewed, or the first free one) and the places held by live instances, in order. A free place
    // is found by taking it, so another instance's free places are taken and given back at once.
    private async ValueTask<List<int>> PlacesAsync(DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var leases = _leases!;
        if (_place >= 0 && !await leases.TryAcquireLeaseAsync(new LeaseRequest(PlaceLease(_place), InstanceName, now, until), cancellationToken).ConfigureAwait(false))
        {
            _place = -1;
        }

        var places = new List<int>();
        for (var k = 0; k < _options.MaxInstances; k++)
        {
            if (k == _place)
            {
                places.Add(k);
                continue;
            }

            if (!await leases.TryAcquireLeaseAsync(new LeaseRequest(PlaceLease(k), InstanceName, now, until), cancellationToken).ConfigureAwait(false))
            {
                places.Add(k);
            }
            else if (_place < 0)
            {
                _place = k;
                places.Add(k);
            }
            else
            {
                await leases.ReleaseLeaseAsync(PlaceLease(k), InstanceName, cancellationToken).ConfigureAwait(false);
            }
        }

        if (_place < 0)
        {
            LogNoPlace(_logger, _options.MaxInstances);
        }

        return places;
    }

    private async ValueTask HandOverAsync(int partition, CancellationToken cancellationToken)
    {
        await SaveDueAsync(DateTimeOffset.MaxValue, partition, cancellationToken).ConfigureAwait(false);
        await _leases!.ReleaseLeaseAsync(PartitionLease(partition), InstanceName, cancellationToken).ConfigureAwait(false);
        Lose(partition);
    }

    // The partition is no longer this instance's: its topics are checked against their checkpoints if it comes back.
    private void Lose(int partition)
    {
        _ownedUntil[partition] = default;
        foreach (var topic in _topics.Values)
        {
            if (topic.Partition == partition)
            {
                topic.Current = false;
            }
        }
    }

    // A partition just taken (or taken again after its lease lapsed): its topics are checked against their checkpoints on
    // first use, and the signals kept for it are replayed in order (those the topics' states hold are skipped).
    private async ValueTask TakeOverAsync(int partition, List<MonitorAlert> alerts, CancellationToken cancellationToken)
    {
        foreach (var topic in _topics.Values)
        {
            if (topic.Partition == partition)
            {
                topic.Current = false;
            }
        }

        // The kept signals stay kept: the partition may be lost and taken back again.
        var replay = _kept.Where(k => k.Partition == partition).ToArray();
        var replayed = 0;
        foreach (var (sequence, _, signal) in replay)
        {
            var (outcome, _) = await ApplyAsync(sequence, partition, signal, alerts, cancellationToken).ConfigureAwait(false);
            replayed += outcome == PartitionOutcome.Observed ? 1 : 0;
        }

        LogTakenOver(_logger, partition, replayed);
    }

    [LoggerMessage(1, LogLevel.Information, "Opinion monitor partition {Partition} taken over; {Replayed} kept signal(s) replayed.")]
    private static partial void LogTakenOver(ILogger logger, int partition, int replayed);

    [LoggerMessage(2, LogLevel.Warning, "Opinion monitor partition {Partition}: another instance saved a topic of it meanwhile; this instance no longer owns it.")]
    private static partial void LogTopicLost(ILogger logger, int partition);

    [LoggerMessage(3, LogLevel.Warning, "Opinion monitor partition {Partition}: a topic's checkpoint cannot be restored ({Code}: {Reason}); the topic starts afresh.")]
    private static partial void LogCheckpointUnreadable(ILogger logger, int partition, string code, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Opinion monitor partition {Partition}: signals newer than a topic's checkpoint (position {Position}) were no longer kept; the topic resumes without them.")]
    private static partial void LogSignalsLost(ILogger logger, int partition, string position);

    [LoggerMessage(5, LogLevel.Warning, "Opinion monitor: all {Places} places are held by other instances; this instance owns no partition (raise MaxInstances).")]
    private static partial void LogNoPlace(ILogger logger, int places);

    private sealed class Topic(string name, int partition, string key)
    {
        public string Name { get; } = name;

        public int Partition { get; } = partition;

        public string Key { get; } = key;

        public long Position { get; set; } = long.MinValue;

        public long Version { get; set; }

        public DateTimeOffset SavedAt { get; set; }

        public bool Changed { get; set; }

        public bool Current { get; set; }
    }
}
