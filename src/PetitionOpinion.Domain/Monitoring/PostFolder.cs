using System.Numerics;
using Ardalis.GuardClauses;

namespace PetitionOpinion.Monitoring;

/// <summary>What folding did with a post in a topic.</summary>
public enum PostFolding
{
    /// <summary>A new mention: neither a repost of a known post nor a near-duplicate of a recent one.</summary>
    New = 1,

    /// <summary>Folded: it reposts or quotes a known post (directly or through a chain of reposts).</summary>
    Repost = 2,

    /// <summary>Folded: its text is a near-duplicate of a recent post's (their SimHash fingerprints differ in few bits).</summary>
    NearDuplicate = 3,

    /// <summary>Ignored: the same post (platform and id) was already seen in the topic.</summary>
    Seen = 4,
}

/// <summary>
/// What folding did with a post in a topic, and the mention (cluster) it belongs to.
/// </summary>
/// <param name="Folding">What was done.</param>
/// <param name="Platform">The platform of the mention the post counts as: its own for <see cref="PostFolding.New"/>, the original's otherwise.</param>
/// <param name="Id">The id of that mention's original post.</param>
/// <param name="Posts">How many posts that mention has gathered so far (the original and its copies), 1 or more.</param>
/// <param name="Reach">The mention's reach so far: the original's plus its copies' (saturating).</param>
public readonly record struct FoldResult(PostFolding Folding, string Platform, string Id, int Posts, long Reach);

/// <summary>
/// Folds reposts and near-duplicates per topic, so that a thousand copies of one complaint raise one mention's reach, not a
/// thousand mentions. A repost (<see cref="Post.RepostOf"/>) of a post the topic remembers — or of a repost of it — folds
/// into the original; otherwise a text whose 64-bit SimHash over character shingles differs in at most
/// <see cref="PostMonitoringOptions.NearDuplicateDistance"/> bits from one of the topic's latest
/// <see cref="PostMonitoringOptions.NearDuplicateWindow"/> originals folds into it.
/// </summary>
/// <remarks>
/// Deterministic (the fingerprint does not depend on the process) and bounded: per topic at most
/// <see cref="PostMonitoringOptions.RecentPosts"/> post ids and <see cref="PostMonitoringOptions.NearDuplicateWindow"/>
/// fingerprints, the oldest forgotten first; a copy of a forgotten original is a new mention. Not thread-safe:
/// <see cref="PostIntake"/> serialises its calls.
/// </remarks>
public sealed class PostFolder
{
    private const int Shingle = 2;
    private readonly PostMonitoringOptions _options;
    private readonly Dictionary<string, TopicState> _topics = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="PostFolder"/> class.</summary>
    /// <param name="options">The options (<see cref="PostMonitoringOptions.RecentPosts"/>, the near-duplicate settings); they must be valid.</param>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public PostFolder(PostMonitoringOptions options)
    {
        Guard.Against.Null(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The post monitoring options are not valid: {string.Join("; ", problems.Select(p => p.ToValidationFailure()))}", nameof(options));
        }

        _options = options;
    }

    /// <summary>Gets how many post ids are remembered, over all topics.</summary>
    public int RememberedPosts => _topics.Values.Sum(t => t.Order.Count);

    /// <summary>Folds a post in a topic, remembering it.</summary>
    /// <param name="topic">The topic the post feeds.</param>
    /// <param name="post">The post.</param>
    /// <returns>What was done, and the mention the post counts as.</returns>
    public FoldResult Fold(string topic, Post post)
    {
        Guard.Against.NullOrWhiteSpace(topic);
        Guard.Against.Null(post);
        if (!_topics.TryGetValue(topic, out var state))
        {
            _topics[topic] = state = new TopicState(_options.NearDuplicateWindow);
        }

        var key = (post.Platform, post.Id);
        var reach = post.Reach;
        if (state.Roots.TryGetValue(key, out var seenRoot))
        {
            var cluster = state.Clusters.GetValueOrDefault(seenRoot);
            return new FoldResult(PostFolding.Seen, seenRoot.Platform, seenRoot.Id, cluster?.Posts ?? 1, cluster?.Reach ?? reach);
        }

        if (post.RepostOf is { } original && state.Roots.TryGetValue((post.Platform, original), out var root) && state.Clusters.TryGetValue(root, out var reposted))
        {
            return Join(state, key, root, reposted, reach, PostFolding.Repost);
        }

        var fingerprint = Fingerprint(post.Text, out var length);
        if (length >= _options.MinNearDuplicateLength)
        {
            // The latest first: a copy most likely copies something recent.
            for (var i = 0; i < state.Fingerprints.Count; i++)
            {
                var (print, printRoot) = state.Fingerprints[state.Fingerprints.Count - 1 - i];
                if (BitOperations.PopCount(print ^ fingerprint) <= _options.NearDuplicateDistance && state.Clusters.TryGetValue(printRoot, out var copied))
                {
                    return Join(state, key, printRoot, copied, reach, PostFolding.NearDuplicate);
                }
            }

            state.Fingerprints.Add((fingerprint, key));
        }

        Remember(state, key, key);
        var cluster2 = new Cluster { Posts = 1, Reach = reach };
        state.Clusters[key] = cluster2;
        return new FoldResult(PostFolding.New, post.Platform, post.Id, 1, reach);
    }

    /// <summary>
    /// The 64-bit SimHash of a text over its shingles of two characters (character bigrams, as Chinese text is usually shingled) (letters and digits only, lower case; a shorter
    /// text is one shingle): each shingle's 64-bit hash votes on each bit. Near-identical texts have fingerprints that
    /// differ in few bits; unrelated ones differ in about 32.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="length">How many letters and digits the text has.</param>
    /// <returns>The fingerprint; 0 for a text without letters or digits.</returns>
    public static ulong Fingerprint(ReadOnlySpan<char> text, out int length)
    {
        Span<int> votes = stackalloc int[64];
        Span<char> window = stackalloc char[Shingle];
        length = 0;
        foreach (var c in text)
        {
            if (!char.IsLetterOrDigit(c))
            {
                continue;
            }

            window[length % Shingle] = char.ToLowerInvariant(c);
            length++;
            if (length >= Shingle)
            {
                Vote(votes, Hash(window, length));
            }
        }

        if (length == 0)
        {
            return 0;
        }

        if (length < Shingle)
        {
            Vote(votes, Hash(window[..length], length));
        }

        ulong fingerprint = 0;
        for (var bit = 0; bit < 64; bit++)
        {
            if (votes[bit] > 0)
            {
                fingerprint |= 1UL << bit;
            }
        }

        return fingerprint;
    }

    private static void Vote(Span<int> votes, ulong hash)
    {
        for (var bit = 0; bit < 64; bit++)
        {
            votes[bit] += (int)((hash >> bit) & 1) * 2 - 1;
        }
    }

    // FNV-1a over the shingle's characters in text order (the window is circular), then SplitMix64's finaliser so that
    // every bit depends on every character.
    private static ulong Hash(ReadOnlySpan<char> window, int length)
    {
        var hash = 14695981039346656037UL;
        var count = window.Length;
        var start = length >= Shingle ? length % Shingle : 0;
        for (var i = 0; i < count; i++)
        {
            hash = (hash ^ window[(start + i) % count]) * 1099511628211UL;
        }

        hash = (hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9UL;
        hash = (hash ^ (hash >> 27)) * 0x94D049BB133111EBUL;
        return hash ^ (hash >> 31);
    }

    private FoldResult Join(TopicState state, (string, string) key, (string Platform, string Id) root, Cluster cluster, long reach, PostFolding folding)
    {
        cluster.Posts = cluster.Posts == int.MaxValue ? int.MaxValue : cluster.Posts + 1;
        cluster.Reach = long.MaxValue - cluster.Reach < reach ? long.MaxValue : cluster.Reach + reach;
        Remember(state, key, root);
        return new FoldResult(folding, root.Platform, root.Id, cluster.Posts, cluster.Reach);
    }

    private void Remember(TopicState state, (string, string) key, (string, string) root)
    {
        state.Roots[key] = root;
        state.Order.Enqueue(key);
        while (state.Order.Count > _options.RecentPosts)
        {
            var forgotten = state.Order.Dequeue();
            state.Roots.Remove(forgotten);
            state.Clusters.Remove(forgotten);
        }

        if (state.Fingerprints.Count > _options.NearDuplicateWindow)
        {
            state.Fingerprints.RemoveAt(0);
        }
    }

    private sealed class Cluster
    {
        public int Posts { get; set; }

        public long Reach { get; set; }
    }

    private sealed class TopicState(int window)
    {
        public Dictionary<(string Platform, string Id), (string Platform, string Id)> Roots { get; } = [];

        public Dictionary<(string Platform, string Id), Cluster> Clusters { get; } = [];

        public Queue<(string Platform, string Id)> Order { get; } = new();

        public List<(ulong Print, (string Platform, string Id) Root)> Fingerprints { get; } = new(window + 1);
    }
}
