using PetitionOpinion.Monitoring;

namespace PetitionOpinion.Hosting;

/// <summary>A mention signal with its position in the stream (a log offset, a row number), growing along the stream.</summary>
/// <param name="Sequence">The position.</param>
/// <param name="Signal">The signal.</param>
public readonly record struct SequencedMention(long Sequence, MentionSignal Signal);

/// <summary>
/// Where the partitioned opinion monitor's signals come from, with their positions (<see cref="PartitionedOpinionMonitor"/>):
/// every instance reads the whole stream; each observes the topics of the partitions it owns. A stream read again from an
/// earlier position is fine: what a topic's checkpoint already holds is skipped.
/// </summary>
public interface ISequencedMentionFeed
{
    /// <summary>Reads the signals as they come, in stream order, until <paramref name="cancellationToken"/> is cancelled or the feed ends.</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The signals with their positions.</returns>
    IAsyncEnumerable<SequencedMention> ReadAsync(CancellationToken cancellationToken = default);
}
