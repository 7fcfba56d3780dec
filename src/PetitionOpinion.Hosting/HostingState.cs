using System.Collections.Concurrent;

namespace PetitionOpinion.Hosting;

/// <summary>What the hosted loops report about themselves, for the health checks (one per container).</summary>
internal sealed class HostingState(TimeProvider time)
{
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets when the container made the state: the scan check's reference until the first scan completes.</summary>
    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    /// <summary>Gets the deadline monitor's loop.</summary>
    public LoopState Deadlines { get; } = new();

    /// <summary>Gets the notification dispatcher's loop.</summary>
    public LoopState Dispatcher { get; } = new();

    /// <summary>Gets the opinion monitor's feed loop.</summary>
    public LoopState Feed { get; } = new();

    /// <summary>Gets the partitioned opinion monitor's feed loop.</summary>
    public LoopState PartitionedFeed { get; } = new();

    /// <summary>Gets the partitioned opinion monitor's lease loop.</summary>
    public LoopState Partitions { get; } = new();

    /// <summary>Gets or sets whether this instance ran the last scan (<see langword="false"/>: another holds the scanner's lease).</summary>
    public bool? Leading { get; set; }

    /// <summary>Gets, per channel name, the consecutive dispatcher passes the channel failed in.</summary>
    public ConcurrentDictionary<string, int> ChannelStreaks { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets a task that completes at the next change of a loop (tests wait on it, with a time-out).</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    /// <summary>Completes <see cref="Changed"/> and starts a new one.</summary>
    public void Signal() => Interlocked.Exchange(ref _changed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}

/// <summary>One loop's progress.</summary>
internal sealed class LoopState
{
    private long _waits;
    private int _failures;

    /// <summary>Gets or sets a value indicating whether a hosted service runs this loop in the container.</summary>
    public bool Registered { get; set; }

    /// <summary>Gets or sets a value indicating whether the loop is running (started and not stopped).</summary>
    public bool Running { get; set; }

    /// <summary>Gets or sets a value indicating whether the loop has stopped (the host stops, or the loop ended).</summary>
    public bool Stopped { get; set; }

    /// <summary>Gets how many times the loop has started waiting.</summary>
    public long Waits => Interlocked.Read(ref _waits);

    /// <summary>Gets or sets when the loop's current wait ends.</summary>
    public DateTimeOffset? WakeAt { get; set; }

    /// <summary>Gets the number of consecutive failed passes.</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>Gets or sets when the last pass completed.</summary>
    public DateTimeOffset? LastCompletedAt { get; set; }

    /// <summary>Records a completed pass; returns the failures before it.</summary>
    public int Succeeded(DateTimeOffset at)
    {
        LastCompletedAt = at;
        return Interlocked.Exchange(ref _failures, 0);
    }

    /// <summary>Records a failed pass; returns the consecutive failures.</summary>
    public int Failed() => Interlocked.Increment(ref _failures);

    /// <summary>Records that the loop waits until <paramref name="until"/>.</summary>
    public void Waiting(DateTimeOffset until)
    {
        WakeAt = until;
        Interlocked.Increment(ref _waits);
    }
}
