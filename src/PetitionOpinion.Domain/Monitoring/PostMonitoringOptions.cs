namespace PetitionOpinion.Monitoring;

/// <summary>
/// How posts become mentions (configuration section <c>PetitionOpinion:Posts</c>): the monitoring schemes (监测方案) that say
/// which topics a post feeds, and how reposts and near-duplicates are folded. Check with <see cref="Validate"/>.
/// </summary>
public sealed class PostMonitoringOptions
{
    /// <summary>Gets the monitoring schemes, one per topic; a post may feed several. Default: none (no post feeds a topic).</summary>
    public IList<MonitoringSchemeOptions> Schemes { get; } = [];

    /// <summary>Gets or sets how many posts per topic are remembered by id, so that a repost of one of them folds into it, from 1 to 1,000,000. Default: 10,000.</summary>
    public int RecentPosts { get; set; } = 10_000;

    /// <summary>Gets or sets how many of a topic's latest original posts a new post is compared with for a near-duplicate, from 1 to 100,000. Default: 1,000.</summary>
    public int NearDuplicateWindow { get; set; } = 1_000;

    /// <summary>Gets or sets the most bits in which two texts' 64-bit SimHash fingerprints may differ for the later to fold into the earlier, from 0 (identical fingerprints only) to 16. Default: 10.</summary>
    public int NearDuplicateDistance { get; set; } = 10;

    /// <summary>Gets or sets the fewest letters and digits a text needs to be folded as a near-duplicate (shorter texts are too alike by chance), from 1 to 1,000. Default: 10.</summary>
    public int MinNearDuplicateLength { get; set; } = 10;

    /// <summary>Lists every problem with its path.</summary>
    /// <param name="path">The configuration path of these options.</param>
    /// <returns>The problems, each code <c>monitoring.invalid</c> with the path <c>{path}:{Property}</c> (a scheme's <c>{path}:Schemes:{index}:{Property}</c>); empty when valid.</returns>
    public IReadOnlyList<DomainError> Validate(string path = "Posts")
    {
        ArgumentNullException.ThrowIfNull(path);
        var problems = new List<DomainError>();
        string At(string property) => path.Length == 0 ? property : $"{path}:{property}";
        void Check(bool ok, string property, string rule, object? value)
        {
            if (!ok)
            {
                problems.Add(new DomainError("monitoring.invalid", $"must be {rule} (was {value}).") { Path = At(property) });
            }
        }

        Check(RecentPosts is >= 1 and <= 1_000_000, nameof(RecentPosts), "from 1 to 1,000,000", RecentPosts);
        Check(NearDuplicateWindow is >= 1 and <= 100_000, nameof(NearDuplicateWindow), "from 1 to 100,000", NearDuplicateWindow);
        Check(NearDuplicateDistance is >= 0 and <= 16, nameof(NearDuplicateDistance), "from 0 to 16", NearDuplicateDistance);
        Check(MinNearDuplicateLength is >= 1 and <= 1_000, nameof(MinNearDuplicateLength), "from 1 to 1,000", MinNearDuplicateLength);
        if (Schemes is null)
        {
            problems.Add(new DomainError("monitoring.invalid", "must not be null.") { Path = At(nameof(Schemes)) });
            return problems;
        }

        var topics = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Schemes.Count; i++)
        {
            var schemePath = At($"{nameof(Schemes)}:{i}");
            if (Schemes[i] is not { } scheme)
            {
                problems.Add(new DomainError("monitoring.invalid", "must not be null.") { Path = schemePath });
                continue;
            }

            problems.AddRange(scheme.Validate(schemePath));
            if (!string.IsNullOrWhiteSpace(scheme.Topic) && !topics.Add(scheme.Topic))
            {
                problems.Add(new DomainError("monitoring.invalid", $"must be unique: another scheme has the topic '{scheme.Topic}'.") { Path = $"{schemePath}:{nameof(MonitoringSchemeOptions.Topic)}" });
            }
        }

        return problems;
    }
}

/// <summary>
/// A monitoring scheme (监测方案): the topic a post feeds when its words match. A post is in the topic when it has every
/// <see cref="AllOf"/> word, at least one <see cref="AnyOf"/> word, alias or phrase (if any of those are given), and none
/// of the <see cref="NoneOf"/> words or phrases. Words and aliases match whole words of the segmented text (a word the
/// segmenter cuts into several matches their run), phrases match anywhere in the text; all ignore letter case.
/// </summary>
public sealed class MonitoringSchemeOptions
{
    /// <summary>Gets or sets the topic the matching posts feed, e.g. <c>X7-battery</c>. Required.</summary>
    public string Topic { get; set; } = "";

    /// <summary>Gets the words of which a post needs at least one (with <see cref="Aliases"/> and <see cref="Phrases"/>), e.g. <c>电池</c>, <c>续航</c>. Default: none.</summary>
    public IList<string> AnyOf { get; } = [];

    /// <summary>Gets the words a post needs every one of, e.g. <c>投诉</c>. Default: none.</summary>
    public IList<string> AllOf { get; } = [];

    /// <summary>Gets the words or phrases that keep a post out whatever else it says, e.g. <c>招聘</c>, <c>抽奖</c>. Default: none.</summary>
    public IList<string> NoneOf { get; } = [];

    /// <summary>Gets the brand and product names, with their aliases and nicknames, that bring a post in like <see cref="AnyOf"/> words, e.g. <c>X7</c>, <c>小七</c>. Put them in the segmenter's dictionary too, so that they are cut whole. Default: none.</summary>
    public IList<string> Aliases { get; } = [];

    /// <summary>Gets the exact phrases that bring a post in wherever they occur in its text, even across words, e.g. <c>电池鼓包</c>. Default: none.</summary>
    public IList<string> Phrases { get; } = [];

    /// <summary>Lists every problem with its path.</summary>
    /// <param name="path">The configuration path of this scheme.</param>
    /// <returns>The problems, each code <c>monitoring.invalid</c> with the path <c>{path}:{Property}</c> or <c>{path}:{Property}:{index}</c>; empty when valid.</returns>
    public IReadOnlyList<DomainError> Validate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var problems = new List<DomainError>();
        string At(string property) => path.Length == 0 ? property : $"{path}:{property}";
        if (string.IsNullOrWhiteSpace(Topic) || IdentifierRules.Explain(Topic) is not null)
        {
            problems.Add(new DomainError("monitoring.invalid", $"must be a valid topic identifier (was '{Topic}').") { Path = At(nameof(Topic)) });
        }

        var bringIn = 0;
        foreach (var (name, words) in new[] { (nameof(AnyOf), AnyOf), (nameof(AllOf), AllOf), (nameof(NoneOf), NoneOf), (nameof(Aliases), Aliases), (nameof(Phrases), Phrases) })
        {
            if (words is null)
            {
                problems.Add(new DomainError("monitoring.invalid", "must not be null.") { Path = At(name) });
                continue;
            }

            bringIn += name == nameof(NoneOf) ? 0 : words.Count;
            for (var i = 0; i < words.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(words[i]) || words[i].Length > 100)
                {
                    problems.Add(new DomainError("monitoring.invalid", "must be a word or phrase of 1 to 100 characters, not blank.") { Path = At($"{name}:{i}") });
                }
            }
        }

        if (bringIn == 0)
        {
            problems.Add(new DomainError("monitoring.invalid", "must have at least one word, alias or phrase that brings a post in (AnyOf, AllOf, Aliases or Phrases).") { Path = path });
        }

        return problems;
    }
}
