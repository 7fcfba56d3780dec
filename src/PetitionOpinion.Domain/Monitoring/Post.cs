namespace PetitionOpinion.Monitoring;

/// <summary>
/// A post the opinion monitoring group's software collected from a platform (a weibo, a forum thread, a review, a short
/// video's caption), as it was written: the monitoring schemes (<see cref="PostMonitoringOptions"/>) decide which topics it
/// feeds, and <see cref="PostIntake"/> turns it into one <see cref="MentionSignal"/> per topic, or folds it into the post it
/// repeats.
/// </summary>
/// <param name="Platform">Where it was posted, e.g. <c>weibo</c>.</param>
/// <param name="Id">The platform's id of the post.</param>
/// <param name="AuthorId">The platform's id of its author.</param>
/// <param name="AuthorFollowers">How many followers its author has, 0 or more: the author's influence.</param>
/// <param name="At">When it was posted.</param>
/// <param name="Text">Its text, as written (Chinese or mixed); for a repost, the text it added, or the reposted text.</param>
public sealed record Post(string Platform, string Id, string AuthorId, long AuthorFollowers, DateTimeOffset At, string Text)
{
    /// <summary>Gets how many times it was reposted, 0 or more.</summary>
    public long Reposts { get; init; }

    /// <summary>Gets how many comments it has, 0 or more.</summary>
    public long Comments { get; init; }

    /// <summary>Gets how many likes it has, 0 or more.</summary>
    public long Likes { get; init; }

    /// <summary>Gets its views or impressions when the platform tells them; <see langword="null"/> when it does not.</summary>
    public long? Views { get; init; }

    /// <summary>Gets the id, on the same platform, of the post it reposts or quotes; <see langword="null"/> for an original post.</summary>
    public string? RepostOf { get; init; }

    /// <summary>
    /// Gets how many people it reached: its <see cref="Views"/> when known, otherwise its author's followers plus its
    /// reposts, comments and likes (each of them shows it to someone); never negative, saturating rather than overflowing.
    /// </summary>
    public long Reach
    {
        get
        {
            if (Views is { } views)
            {
                return Math.Max(0, views);
            }

            long total = 0;
            foreach (var part in (ReadOnlySpan<long>)[AuthorFollowers, Reposts, Comments, Likes])
            {
                total = part <= 0 ? total : (long.MaxValue - total < part ? long.MaxValue : total + part);
            }

            return total;
        }
    }
}
