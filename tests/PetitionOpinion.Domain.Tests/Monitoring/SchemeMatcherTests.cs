using PetitionOpinion.Monitoring;
using static PetitionOpinion.Tests.OpinionMonitoring.Schemes;

namespace PetitionOpinion.Tests.OpinionMonitoring;

/// <summary>
/// Monitoring schemes (docs/monitoring.md, issue 22): any-of, all-of and excluded words, aliases, exact phrases, several
/// topics for one post; words matched on the segmenter's words (not inside other words), phrases anywhere; the
/// options' validation with paths.
/// </summary>
public sealed class SchemeMatcherTests
{
    private static readonly DictionarySegmenter Segmenter = new("电池", "电池盒", "续航", "投诉", "招聘", "售后", "客服", "小七", "鼓包", "退款", "星辰");

    [Fact]
    public void Match_AnyOfWord_BringsThePostIn()
    {
        var matcher = new SchemeMatcher(Options(Scheme("x7-battery", anyOf: ["电池", "续航"])), Segmenter);

        Assert.Equal(["x7-battery"], matcher.Match("这手机续航太差了"));
        Assert.Empty(matcher.Match("今天天气不错"));
    }

    [Fact]
    public void Match_WordInsideALongerWord_DoesNotMatchOnSegmentation()
    {
        var matcher = new SchemeMatcher(Options(Scheme("x7-battery", anyOf: ["电池"])), Segmenter);

        Assert.Empty(matcher.Match("买了一个电池盒"));
        Assert.Equal(["x7-battery"], matcher.Match("电池不行"));
    }

    [Fact]
    public void Match_WithoutSegmenter_WordsMatchAnywhere()
    {
        var matcher = new SchemeMatcher(Options(Scheme("x7-battery", anyOf: ["电池"])));

        Assert.Equal(["x7-battery"], matcher.Match("买了一个电池盒"));
    }

    [Fact]
    public void Match_AllOf_NeedsEveryWord()
    {
        var matcher = new SchemeMatcher(Options(Scheme("complaints", allOf: ["投诉", "客服"])), Segmenter);

        Assert.Equal(["complaints"], matcher.Match("我要投诉你们的客服"));
        Assert.Empty(matcher.Match("我要投诉"));
    }

    [Fact]
    public void Match_AnyOfAndAllOf_NeedsBoth()
    {
        var matcher = new SchemeMatcher(Options(Scheme("battery-complaints", anyOf: ["电池", "续航"], allOf: ["投诉"])), Segmenter);

        Assert.Equal(["battery-complaints"], matcher.Match("电池鼓包，投诉！"));
        Assert.Empty(matcher.Match("电池鼓包"));
        Assert.Empty(matcher.Match("投诉售后"));
    }

    [Fact]
    public void Match_NoneOfWord_KeepsThePostOutWhateverElseItSays()
    {
        var matcher = new SchemeMatcher(Options(Scheme("x7-battery", anyOf: ["电池"], noneOf: ["招聘"])), Segmenter);

        Assert.Empty(matcher.Match("招聘电池工程师"));
        Assert.Equal(["x7-battery"], matcher.Match("电池工程师说"));
    }

    [Fact]
    public void Match_Alias_BringsThePostInLikeAnyOfWordsIgnoringCase()
    {
        var matcher = new SchemeMatcher(Options(Scheme("x7", aliases: ["X7", "小七"])), Segmenter);

        Assert.Equal(["x7"], matcher.Match("我的小七又死机了"));
        Assert.Equal(["x7"], matcher.Match("x7 又死机了"));
        Assert.Empty(matcher.Match("X70 又死机了"));
    }

    [Fact]
    public void Match_Phrase_MatchesAnywhereEvenAcrossWords()
    {
        // 池鼓 crosses the words 电池 and 鼓包: no word matches it, the phrase does.
        var matcher = new SchemeMatcher(Options(Scheme("swelling", phrases: ["池鼓"])), Segmenter);

        Assert.Equal(["swelling"], matcher.Match("电池鼓包了"));
        Assert.Empty(matcher.Match("电池没事"));
    }

    [Fact]
    public void Match_WordTheSegmenterCutsIntoSeveral_MatchesTheirRunInOrder()
    {
        // 星辰电池 is not in the dictionary: it is cut into 星辰 | 电池, and matches that run only.
        var matcher = new SchemeMatcher(Options(Scheme("star", anyOf: ["星辰电池"])), Segmenter);

        Assert.Equal(["star"], matcher.Match("星辰电池鼓包"));
        Assert.Empty(matcher.Match("电池星辰"));
    }

    [Fact]
    public void Match_OnePostSeveralSchemes_FeedsEveryMatchingTopicInTheSchemesOrder()
    {
        var matcher = new SchemeMatcher(
            Options(
                Scheme("battery", anyOf: ["电池"]),
                Scheme("service", anyOf: ["客服", "售后"]),
                Scheme("refunds", anyOf: ["退款"]),
                Scheme("x7", aliases: ["小七"], noneOf: ["招聘"])),
            Segmenter);

        Assert.Equal(["battery", "service", "x7"], matcher.Match("小七电池鼓包，售后不理"));
        Assert.Equal(["battery", "service", "x7"], matcher.Topics.Where(t => t != "refunds"));
    }

    [Fact]
    public void Match_SchemeWordsAreSegmentedOnce_AndEachPostOnce()
    {
        var segmenter = new DictionarySegmenter("电池", "客服");
        var matcher = new SchemeMatcher(Options(Scheme("a", anyOf: ["电池"]), Scheme("b", anyOf: ["电池", "客服"])), segmenter);
        var built = segmenter.Calls;

        matcher.Match("电池和客服");

        Assert.Equal(2, built);
        Assert.Equal(built + 1, segmenter.Calls);
    }

    [Fact]
    public void Validate_BadSchemes_ListsEveryProblemWithItsPath()
    {
        var options = Options(
            Scheme("", anyOf: ["电池"]),
            Scheme("x7", noneOf: ["招聘"]),
            Scheme("dup", anyOf: [" "]),
            Scheme("dup", phrases: ["电池鼓包"]));
        options.RecentPosts = 0;
        options.NearDuplicateDistance = 17;

        var problems = options.Validate("PetitionOpinion:Posts");

        Assert.All(problems, p => Assert.Equal("monitoring.invalid", p.Code));
        Assert.Equal(
            [
                "PetitionOpinion:Posts:RecentPosts",
                "PetitionOpinion:Posts:NearDuplicateDistance",
                "PetitionOpinion:Posts:Schemes:0:Topic",
                "PetitionOpinion:Posts:Schemes:1",
                "PetitionOpinion:Posts:Schemes:2:AnyOf:0",
                "PetitionOpinion:Posts:Schemes:3:Topic",
            ],
            problems.Select(p => p.Path));
        Assert.Throws<ArgumentException>(() => new SchemeMatcher(options));
    }

    [Fact]
    public void Validate_Defaults_AreValid()
        => Assert.Empty(new PostMonitoringOptions().Validate());
}
