using Ardalis.GuardClauses;

namespace PetitionOpinion.Monitoring;

/// <summary>What became of a post in one topic it feeds.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Fold">What folding did, and the mention the post counts as.</param>
/// <param name="Signal">The signal fed to the monitor for a new mention; <see langword="null"/> when the post was folded or seen.</param>
/// <param name="Outcome">What the monitor did with the signal, or with a folded post's reach (<see cref="OpinionMonitor.ObserveReachAsync"/>); <see langword="null"/> for a post seen before.</param>
/// <param name="Alerts">The alerts the signal raised, with their incidents.</param>
public sealed record TopicIntake(string Topic, FoldResult Fold, MentionSignal? Signal, SignalOutcome? Outcome, IReadOnlyList<MonitorAlert> Alerts);

/// <summary>What became of a post.</summary>
/// <param name="Post">The post.</param>
/// <param name="Topics">The topics it feeds, in the schemes' order, each with what became of it there; empty when no scheme matches.</param>
/// <param name="Sentiment">Its sentiment, from −1 to 1, when it was scored (only a post that is a new mention somewhere is).</param>
/// <param name="Error">Why the post was refused (code <c>monitoring.invalid</c> with the field's path), or <see langword="null"/>.</param>
public sealed record PostIntakeResult(Post Post, IReadOnlyList<TopicIntake> Topics, double? Sentiment, DomainError? Error = null)
{
    /// <summary>Gets how many signals the post fed to the monitor (one per topic where it is a new mention).</summary>
    public int Signals => Topics.Count(t => t.Signal is not null);
}

/// <summary>
/// Turns posts into the monitor's signals (<c>docs/monitoring.md</c>): a post's text is matched against the monitoring
/// schemes (<see cref="SchemeMatcher"/>, on the segmenter's words), folded per topic (<see cref="PostFolder"/>: a repost of
/// a known post or a near-duplicate of a recent one adds to that mention's reach and is not a new mention), scored once
/// for sentiment when it is a new mention somewhere, and fed to the <see cref="OpinionMonitor"/> as one
/// <see cref="MentionSignal"/> per topic where it is new (reach <see cref="Post.Reach"/>, influence the author's followers).
/// A folded post's reach is added to its mention's (<see cref="OpinionMonitor.ObserveReachAsync"/>): a thousand copies of
/// one complaint raise that mention's reach, and may raise a high-reach alert, not a thousand mentions.
/// </summary>
/// <remarks>
/// Thread-safe: matching and scoring run on the caller's thread (the segmenter and scorer must be thread-safe, as their
/// interfaces require), folding is serialised, and the monitor serialises its own calls. Posts ingested concurrently
/// reach the monitor in no particular order; feed one topic's stream from one caller for a deterministic replay.
/// </remarks>
public sealed class PostIntake
{
    private readonly OpinionMonitor _monitor;
    private readonly ISentimentScorer _sentiment;
    private readonly PostFolder _folder;
    private readonly Lock _gate = new();

    /// <summary>Initializes a new instance of the <see cref="PostIntake"/> class.</summary>
    /// <param name="monitor">The monitor the signals are fed to.</param>
    /// <param name="options">The schemes and folding settings; they must be valid (<see cref="PostMonitoringOptions.Validate"/>).</param>
    /// <param name="sentiment">The sentiment scorer.</param>
    /// <param name="segmenter">The segmenter the schemes' words are matched on, or <see langword="null"/> to match words anywhere in the text (see <see cref="SchemeMatcher"/>).</param>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public PostIntake(OpinionMonitor monitor, PostMonitoringOptions options, ISentimentScorer sentiment, ITextSegmenter? segmenter = null)
    {
        _monitor = Guard.Against.Null(monitor);
        _sentiment = Guard.Against.Null(sentiment);
        Schemes = new SchemeMatcher(options, segmenter);
        _folder = new PostFolder(options);
    }

    /// <summary>Gets the compiled monitoring schemes.</summary>
    public SchemeMatcher Schemes { get; }

    /// <summary>Takes a post in: matches, folds, scores and feeds it to the monitor.</summary>
    /// <param name="post">The post.</param>
    /// <param name="cancellationToken">Cancels the monitor's incident handling.</param>
    /// <returns>What became of it in each topic it feeds; a refused post (no platform, no id, no text, negative counts) has an <see cref="PostIntakeResult.Error"/> and no topics.</returns>
    public async ValueTask<PostIntakeResult> IngestAsync(Post post, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(post);
        if (Explain(post) is { } error)
        {
            return new PostIntakeResult(post, [], null, error);
        }

        var topics = Schemes.Match(post.Text);
        if (topics.Count == 0)
        {
            return new PostIntakeResult(post, [], null);
        }

        var folds = new FoldResult[topics.Count];
        lock (_gate)
        {
            for (var i = 0; i < topics.Count; i++)
            {
                folds[i] = _folder.Fold(topics[i], post);
            }
        }

        double? sentiment = null;
        var results = new TopicIntake[topics.Count];
        for (var i = 0; i < topics.Count; i++)
        {
            if (folds[i].Folding is PostFolding.Repost or PostFolding.NearDuplicate)
            {
                // A copy is no new mention, but its reach is the mention's: it may take it over the high-reach rule.
                var (reached, raised) = await _monitor.ObserveReachAsync(topics[i], post.At, post.Reach, folds[i].Reach, folds[i].Id, cancellationToken).ConfigureAwait(false);
                results[i] = new TopicIntake(topics[i], folds[i], null, reached, raised);
                continue;
            }

            if (folds[i].Folding != PostFolding.New)
            {
                results[i] = new TopicIntake(topics[i], folds[i], null, null, []);
                continue;
            }

            sentiment ??= Clamp(_sentiment.Score(post.Text));
            var signal = new MentionSignal(topics[i], post.Platform, post.At, sentiment.Value, post.Reach, Math.Max(0, post.AuthorFollowers), post.Id);
            var (outcome, alerts) = await _monitor.ObserveAsync(signal, cancellationToken).ConfigureAwait(false);
            results[i] = new TopicIntake(topics[i], folds[i], signal, outcome, alerts);
        }

        return new PostIntakeResult(post, results, sentiment);
    }

    private static double Clamp(double score) => double.IsNaN(score) ? 0 : Math.Clamp(score, -1, 1);

    private static DomainError? Explain(Post post)
    {
        static DomainError Invalid(string path, string message) => new("monitoring.invalid", message) { Path = path };
        if (string.IsNullOrWhiteSpace(post.Platform))
        {
            return Invalid(nameof(Post.Platform), "a post needs its platform.");
        }

        if (string.IsNullOrWhiteSpace(post.Id))
        {
            return Invalid(nameof(Post.Id), "a post needs its platform's id.");
        }

        if (post.Text is null)
        {
            return Invalid(nameof(Post.Text), "a post needs a text (empty is allowed).");
        }

        if (post.AuthorFollowers < 0 || post.Reposts < 0 || post.Comments < 0 || post.Likes < 0 || post.Views < 0)
        {
            return Invalid(nameof(Post.Reach), "a post's followers, reposts, comments, likes and views must not be negative.");
        }

        return post.At == default ? Invalid(nameof(Post.At), "a post needs its time.") : null;
    }
}
