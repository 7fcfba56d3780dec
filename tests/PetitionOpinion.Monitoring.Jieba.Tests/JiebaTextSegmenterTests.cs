using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PetitionOpinion.Monitoring.Jieba.Tests;

/// <summary>
/// The jieba.NET segmenter (docs/monitoring.md, issue 22): its dictionary files are found in the output folder (copied
/// there by the package's build targets, as in an application), a product name jieba would split is kept whole once
/// it is in the company's dictionary (in code or in a user dictionary file), punctuation is not a word, the schemes
/// match on it, and the registration validates the options at start-up with their paths.
/// </summary>
public sealed class JiebaTextSegmenterTests
{
    // 星辰X7 and 暖阳净水器 are invented product names: jieba cuts them (星辰 | X7, 暖阳 | 净水器) until the company adds them.
    private static readonly JiebaTextSegmenter Company = Segmenter(o =>
    {
        o.Words.Add("星辰X7");
        o.Words.Add("暖阳净水器");
    });

    [Fact]
    public void ResourceDirectory_Default_HasJiebasDictionaryInTheOutput()
        => Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "Resources", "dict.txt")));

    [Fact]
    public void Segment_CommonText_CutsIntoWordsWithoutPunctuation()
    {
        var words = Company.Segment("我们的售后服务太差了，电池鼓包！");

        Assert.Contains("售后服务", words);
        Assert.Contains("电池", words);
        Assert.DoesNotContain("，", words);
        Assert.DoesNotContain("！", words);
    }

    [Fact]
    public void Segment_CompanyProductName_IsKeptWhole()
    {
        var words = Company.Segment("我买的星辰X7电池鼓包了，暖阳净水器也漏水");

        Assert.Contains("星辰X7", words);
        Assert.Contains("暖阳净水器", words);
    }

    [Fact]
    public void Segment_UserDictionaryFile_AddsItsWords()
    {
        var file = Path.Combine(Path.GetTempPath(), $"jieba-user-{Guid.NewGuid():N}.txt");
        File.WriteAllText(file, "云帆智能锁 10 nz\n");
        try
        {
            var segmenter = Segmenter(o => o.UserDictionaryFile = file);

            Assert.Contains("云帆智能锁", segmenter.Segment("家里的云帆智能锁打不开了"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void SchemeMatcher_OnJieba_MatchesTheProductNameAsAWord()
    {
        var options = new PostMonitoringOptions();
        var scheme = new MonitoringSchemeOptions { Topic = "x7" };
        scheme.Aliases.Add("星辰X7");
        scheme.NoneOf.Add("招聘");
        options.Schemes.Add(scheme);
        var matcher = new SchemeMatcher(options, Company);

        Assert.Equal(["x7"], matcher.Match("星辰x7的电池鼓包了"));
        Assert.Empty(matcher.Match("星辰X7团队招聘电池工程师"));
        Assert.Empty(matcher.Match("今天的星辰很美"));
    }

    [Fact]
    public void Segment_ConcurrentCallers_CutTheSame()
    {
        const string Text = "星辰X7的续航真不行，客服态度也很差";
        var expected = Company.Segment(Text);

        var results = new IReadOnlyList<string>[64];
        Parallel.For(0, results.Length, i => results[i] = Company.Segment(Text));

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void Validate_BadOptions_ListsEveryProblemWithItsPath()
    {
        var options = new JiebaSegmenterOptions { ResourceDirectory = "no-such-folder", UserDictionaryFile = "no-such-file.txt" };
        options.Words.Add("two words");

        Assert.Equal(
            ["PetitionOpinion:Jieba:ResourceDirectory", "PetitionOpinion:Jieba:Words:0", "PetitionOpinion:Jieba:UserDictionaryFile"],
            options.Validate("PetitionOpinion:Jieba").Select(p => p.Path));
        Assert.Throws<ArgumentException>(() => new JiebaTextSegmenter(options));
    }

    [Fact]
    public void AddJiebaSegmenter_FromConfiguration_RegistersTheSegmenterWithTheCompanyWords()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["PetitionOpinion:Jieba:Words:0"] = "星辰X7" }).Build();
        var services = new ServiceCollection();
        services.AddPetitionOpinion(_ => { }).AddJiebaSegmenter(configuration.GetSection("PetitionOpinion:Jieba"));
        using var provider = services.BuildServiceProvider();

        var segmenter = provider.GetRequiredService<ITextSegmenter>();

        Assert.IsType<JiebaTextSegmenter>(segmenter);
        Assert.Contains("星辰X7", segmenter.Segment("星辰X7真好用"));
    }

    [Fact]
    public void AddJiebaSegmenter_BadOptions_FailsAtStartUpWithThePath()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["PetitionOpinion:Jieba:ResourceDirectory"] = "no-such-folder" }).Build();
        var services = new ServiceCollection();
        services.AddPetitionOpinion(_ => { }).AddJiebaSegmenter(configuration.GetSection("PetitionOpinion:Jieba"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<JiebaSegmenterOptions>>().Value);

        Assert.Contains("PetitionOpinion:Jieba:ResourceDirectory", error.Message, StringComparison.Ordinal);
    }

    private static JiebaTextSegmenter Segmenter(Action<JiebaSegmenterOptions> configure)
    {
        var options = new JiebaSegmenterOptions();
        configure(options);
        return new JiebaTextSegmenter(options);
    }
}
