using PetitionOpinion.Monitoring;

namespace PetitionOpinion.Hosting;

/// <summary>Where mention signals come from — a crawler, a monitoring vendor's API — for the opinion monitor's hosted feed.</summary>
public interface IMentionFeed
{
    /// <summary>Reads mention signals as they come, until <paramref name="cancellationToken"/> is cancelled or the feed ends.</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The signals.</returns>
    IAsyncEnumerable<MentionSignal> ReadAsync(CancellationToken cancellationToken = default);
}
