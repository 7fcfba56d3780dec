using PetitionOpinion.Monitoring;

namespace PetitionOpinion.Tests.OpinionMonitoring;

/// <summary>
/// Folding reposts and near-duplicates (docs/monitoring.md, issue 22): a repost of a known post, or a repost of that
/// repost, adds to the original's reach; a copy with small edits folds by its SimHash; the same post again is seen, not
/// counted; topics fold apart; memory is bounded and the oldest posts are forgotten first.
/// </summary>
public sealed class PostFolderTests
{
    private const string Complaint = "X7手机电池鼓包了，售后客服三天不回复，大家千万别买这个牌子的手机！";
    private static readonly DateTimeOffset At = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void Fold_RepostChain_AddsToTheOriginalsReach()
    {
        var folder = new PostFolder(new PostMonitoringOptions());

        var original = folder.Fold("x7", Post("1", Complaint, followers: 1_000));
        var repost = folder.Fold("x7", Post("2", "转发微博", followers: 50) with { RepostOf = "1" });
        var repostOfRepost = folder.Fold("x7", Post("3", "//@路人: 转发微博", followers: 20) with { RepostOf = "2" });

        Assert.Equal(new FoldResult(PostFolding.New, "weibo", "1", 1, 1_000), original);
        Assert.Equal(new FoldResult(PostFolding.Repost, "weibo", "1", 2, 1_050), repost);
        Assert.Equal(new FoldResult(PostFolding.Repost, "weibo", "1", 3, 1_070), repostOfRepost);
    }

    [Fact]
    public void Fold_RepostOfAnUnknownPost_IsANewMention()
    {
        var folder = new PostFolder(new PostMonitoringOptions());

        var repost = folder.Fold("x7", Post("2", "转发：电池鼓包的事情有人管吗", followers: 50) with { RepostOf = "never-seen" });

        Assert.Equal(PostFolding.New, repost.Folding);
    }

    [Fact]
    public void Fold_CopyWithSmallEdits_FoldsAsANearDuplicate()
    {
        var folder = new PostFolder(new PostMonitoringOptions());

        folder.Fold("x7", Post("1", Complaint, followers: 1_000));
        var copy = folder.Fold("x7", Post("2", "X7手机电池鼓包了!!售后客服三天都不回复，大家千万别买这个牌子的手机", followers: 10, platform: "douyin"));

        Assert.Equal(new FoldResult(PostFolding.NearDuplicate, "weibo", "1", 2, 1_010), copy);
    }

    [Fact]
    public void Fold_UnrelatedTextOnTheSameTopic_IsANewMention()
    {
        var folder = new PostFolder(new PostMonitoringOptions());

        folder.Fold("x7", Post("1", Complaint, followers: 1_000));
        var other = folder.Fold("x7", Post("2", "X7的拍照效果真的很好，夜景模式比上一代强太多了，推荐购买", followers: 10));

        Assert.Equal(PostFolding.New, other.Folding);
    }

    [Fact]
    public void Fold_SamePostAgain_IsSeenAndAddsNothing()
    {
        var folder = new PostFolder(new PostMonitoringOptions());

        folder.Fold("x7", Post("1", Complaint, followers: 1_000));
        folder.Fold("x7", Post("2", "转发", followers: 5) with { RepostOf = "1" });
        var again = folder.Fold("x7", Post("2", "转发", followers: 5) with { RepostOf = "1" });

        Assert.Equal(new FoldResult(PostFolding.Seen, "weibo", "1", 2, 1_005), again);
    }

    [Fact]
    public void Fold_Topics_FoldApart()
    {
        var folder = new PostFolder(new PostMonitoringOptions());

        folder.Fold("x7", Post("1", Complaint, followers: 1_000));

        Assert.Equal(PostFolding.New, folder.Fold("service", Post("2", Complaint, followers: 1)).Folding);
        Assert.Equal(PostFolding.New, folder.Fold("service", Post("3", "转发", followers: 1) with { RepostOf = "1" }).Folding);
    }

    [Fact]
    public void Fold_ShortTexts_AreNotFoldedAsNearDuplicates()
    {
        var folder = new PostFolder(new PostMonitoringOptions());

        folder.Fold("x7", Post("1", "X7真差", followers: 1));

        Assert.Equal(PostFolding.New, folder.Fold("x7", Post("2", "X7真差", followers: 1)).Folding);
    }

    [Fact]
    public void Fold_BeyondRecentPosts_ForgetsTheOldestAndStaysBounded()
    {
        var folder = new PostFolder(new PostMonitoringOptions { RecentPosts = 3, NearDuplicateWindow = 2 });

        folder.Fold("x7", Post("1", Complaint, followers: 1));
        for (var i = 2; i <= 10; i++)
        {
            folder.Fold("x7", Post(i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"第{i}条完全不同的内容：{new string((char)('甲' + (i * 37)), 8)}{i * 7919}", followers: 1));
        }

        Assert.Equal(3, folder.RememberedPosts);
        Assert.Equal(PostFolding.New, folder.Fold("x7", Post("11", "转发", followers: 1) with { RepostOf = "1" }).Folding);
        Assert.Equal(PostFolding.New, folder.Fold("x7", Post("12", Complaint, followers: 1)).Folding);
    }

    [Fact]
    public void Fingerprint_IsStable_AndIgnoresCasePunctuationAndSpaces()
    {
        var a = PostFolder.Fingerprint("X7 手机，电池鼓包！", out var length);

        Assert.Equal(a, PostFolder.Fingerprint("x7手机电池鼓包", out _));
        Assert.Equal(8, length);
        Assert.Equal(0UL, PostFolder.Fingerprint("，。！ ", out var none));
        Assert.Equal(0, none);
    }

    internal static Post Post(string id, string text, long followers, string platform = "weibo")
        => new(platform, id, $"user-{id}", followers, At, text);
}
