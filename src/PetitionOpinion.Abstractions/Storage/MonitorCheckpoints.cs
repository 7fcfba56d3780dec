namespace PetitionOpinion.Storage;

/// <summary>
/// Implemented by stores that keep the opinion monitor's checkpoints: one record per topic holding the detector's state
/// for that topic (its baseline of the last days, its rolling window, its last alerts) and how far into the stream of
/// mentions it got, so that a restarted instance, or another instance taking the topic over, resumes where the last one
/// stopped instead of learning the topic's baseline again for days.
/// </summary>
/// <remarks>
/// <para>
/// Records are versioned: a save names the version it writes, and succeeds only when the stored record is the one before
/// it (version − 1; 0 when there is none). Two instances that both believe they own a topic therefore cannot overwrite each
/// other's progress unnoticed: the second save fails, and that instance learns it lost the topic.
/// </para>
/// <para>
/// The state is opaque to the store: bytes the monitor wrote, at most <see cref="MonitorCheckpoint.MaxStateBytes"/>. The
/// conformance kit's <c>MonitorCheckpointConformanceTests</c> makes the contract precise.
/// </para>
/// </remarks>
public interface IMonitorCheckpointStore
{
    /// <summary>Loads the checkpoint saved under <paramref name="key"/>, the latest version.</summary>
    /// <param name="key">The checkpoint's key (see <see cref="MonitorCheckpoint.Key"/>).</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The checkpoint, or <see langword="null"/> when none was saved under that key.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a valid key (see <see cref="MonitorCheckpoint.KeyProblem"/>).</exception>
    ValueTask<MonitorCheckpoint?> LoadMonitorCheckpointAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves <paramref name="checkpoint"/> when the stored record under its key has version
    /// <see cref="MonitorCheckpoint.Version"/> − 1 (no record at all counts as version 0); otherwise changes nothing.
    /// Atomic: of two saves of the same version at the same time, at most one succeeds.
    /// </summary>
    /// <param name="checkpoint">The checkpoint, with the version it writes.</param>
    /// <param name="cancellationToken">Cancels the save (then nothing changes).</param>
    /// <returns><see langword="true"/> when saved; <see langword="false"/> when the stored version was not the one before (another writer moved it on).</returns>
    /// <exception cref="ArgumentException">The checkpoint is malformed (see <see cref="MonitorCheckpoint.Problem"/>).</exception>
    ValueTask<bool> SaveMonitorCheckpointAsync(MonitorCheckpoint checkpoint, CancellationToken cancellationToken = default);
}

/// <summary>A saved state of the opinion monitor for one topic (<see cref="IMonitorCheckpointStore"/>).</summary>
/// <param name="Key">The record's key, 1 to <see cref="MaxKeyLength"/> characters, compared ordinally (the monitor derives it from the topic).</param>
/// <param name="Version">The record's version, 1 for the first save, one more for each later save.</param>
/// <param name="SavedAt">When it was saved, by the saver's clock.</param>
/// <param name="State">The monitor's bytes, 1 to <see cref="MaxStateBytes"/> of them.</param>
public sealed record MonitorCheckpoint(string Key, long Version, DateTimeOffset SavedAt, ReadOnlyMemory<byte> State)
{
    /// <summary>The longest key: 200 characters.</summary>
    public const int MaxKeyLength = 200;

    /// <summary>The largest state: 1 MiB (a topic's state with a week's hourly history takes about 1 KiB).</summary>
    public const int MaxStateBytes = 1 << 20;

    /// <summary>Explains what is wrong with this checkpoint, or returns <see langword="null"/>.</summary>
    /// <returns>The problem, or <see langword="null"/>.</returns>
    public string? Problem()
        => KeyProblem(Key)
        ?? (Version < 1 ? $"A monitor checkpoint's Version must be at least 1 (was {Version})."
        : State.Length is < 1 or > MaxStateBytes ? $"A monitor checkpoint's State must be 1 to {MaxStateBytes} bytes (was {State.Length})."
        : null);

    /// <summary>Explains what is wrong with a checkpoint's key, or returns <see langword="null"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The problem, or <see langword="null"/>.</returns>
    public static string? KeyProblem(string? key)
        => string.IsNullOrWhiteSpace(key) || key.Length > MaxKeyLength
            ? $"A monitor checkpoint's key must be 1 to {MaxKeyLength} characters, not white space (was {(key is null ? "null" : $"{key.Length} characters")})."
            : null;

    /// <summary>Throws when the checkpoint is malformed.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <exception cref="ArgumentNullException"><paramref name="checkpoint"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">It is malformed; the message names the problem.</exception>
    public static void ThrowIfInvalid(MonitorCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(checkpoint));
        }
    }

    /// <summary>Throws when <paramref name="key"/> is not a valid key.</summary>
    /// <param name="key">The key.</param>
    /// <exception cref="ArgumentException">It is null, empty, white space or too long.</exception>
    public static void ThrowIfInvalidKey(string key)
    {
        if (KeyProblem(key) is { } problem)
        {
            throw new ArgumentException(problem, nameof(key));
        }
    }

    /// <summary>Tells whether two checkpoints hold the same key, version, time and bytes (records compare memory by reference).</summary>
    /// <param name="other">The other checkpoint.</param>
    /// <returns><see langword="true"/> when they are the same.</returns>
    public bool SameAs(MonitorCheckpoint? other)
        => other is not null && other.Key == Key && other.Version == Version && other.SavedAt == SavedAt && other.State.Span.SequenceEqual(State.Span);
}
