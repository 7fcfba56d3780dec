using PetitionOpinion.Readiness;
using PetitionOpinion.Reporting;
using PetitionOpinion.Tests.Support;
using static PetitionOpinion.Tests.Readiness.ReadinessWorld;

namespace PetitionOpinion.Tests.Readiness;

/// <summary><see cref="ReadinessReport.ToMarkdown"/> in English and Chinese, and the gap's own members.</summary>
public sealed class ReadinessReportTests
{
    private static ReadinessReport TwoGaps()
        => Check(new ReadinessSetup(Without(HotlineId), new TrainingLog(FreshTraining.Records.Where(r => r.Person != People.ItSupport))));

    [Fact]
    public void ToMarkdown_English_HeadingVerdictAndGapTable()
    {
        var markdown = TwoGaps().ToMarkdown(ReportLanguage.English);

        Assert.Equal(
            "# Readiness report\n\n"
            + "As of 2026-03-02 17:00 (UTC+08:00). 7 resource(s); 16 people to train.\n\n"
            + "**Not ready**: 1 error(s), 1 warning(s).\n\n"
            + "| # | severity | code | about | gap |\n"
            + "|---|---|---|---|---|\n"
            + "| 1 | error | `readiness.missing_channel` | resource kind `Hotline` | The catalogue has no customer service hotline, a communication channel of the plan. |\n"
            + "| 2 | warning | `readiness.untrained` | person `it-support` | Person it-support (it-support), IT Support in the Logistics Support Group, has no training record. |\n",
            markdown);
    }

    [Fact]
    public void ToMarkdown_Chinese_HeadingVerdictAndGapTable()
    {
        var markdown = TwoGaps().ToMarkdown(ReportLanguage.Chinese);

        Assert.Equal(
            "# 应急准备情况报告\n\n"
            + "截至 2026-03-02 17:00（UTC+08:00）。资源 7 项，应参加培训人员 16 人。\n\n"
            + "**未就绪**：错误 1 项，警告 1 项。\n\n"
            + "| 序号 | 级别 | 代码 | 对象 | 问题 |\n"
            + "|---|---|---|---|---|\n"
            + "| 1 | 错误 | `readiness.missing_channel` | 资源类型 `Hotline` | 资源目录中没有客服热线，缺少预案规定的沟通渠道。 |\n"
            + "| 2 | 警告 | `readiness.untrained` | 人员 `it-support` | Person it-support（it-support）担任后勤保障组技术支持，尚未参加培训。 |\n",
            markdown);
    }

    [Theory]
    [InlineData(ReportLanguage.English, "**Ready**: 0 error(s), 0 warning(s).\n\nNo gaps found.\n")]
    [InlineData(ReportLanguage.Chinese, "**已就绪**：错误 0 项，警告 0 项。\n\n未发现问题。\n")]
    public void ToMarkdown_NoGaps_SaysReady(ReportLanguage language, string ending)
        => Assert.EndsWith(ending, Checker().Check().ToMarkdown(language), StringComparison.Ordinal);

    [Fact]
    public void ToMarkdown_WarningsOnly_IsReady()
    {
        var report = Check(ReadySetup.WithTraining(TrainingLog.Empty));

        Assert.True(report.IsReady);
        Assert.Contains("**Ready**: 0 error(s), 16 warning(s).", report.ToMarkdown(ReportLanguage.English), StringComparison.Ordinal);
    }

    [Fact]
    public void ToMarkdown_PipeInAName_IsEscaped()
    {
        var hotline = FullCatalog.Find(HotlineId)!;
        var piped = new Resource(hotline.Id, hotline.Kind, "Hotline | 24h", hotline.Owner, ResourceStatus.Unavailable);

        var markdown = Check(ReadySetup.WithResources(FullCatalog.With(piped).AsT0)).ToMarkdown(ReportLanguage.English);

        Assert.Contains("Hotline \\| 24h (hotline-400)", markdown, StringComparison.Ordinal);
        Assert.Equal(6, markdown.Split('\n').Last(l => l.StartsWith("| 1 ", StringComparison.Ordinal)).Replace("\\|", string.Empty, StringComparison.Ordinal).Count(c => c == '|'));
    }

    [Theory]
    [InlineData(ReportLanguage.English)]
    [InlineData(ReportLanguage.Chinese)]
    public void ToMarkdown_BackslashPipeAndMarkdownInAName_AreEscapedAsText(ReportLanguage language)
    {
        // "\|" would leave the pipe unescaped after a backslash escape (ending the cell), and *, _, [, <, ` render as Markdown.
        var hotline = FullCatalog.Find(HotlineId)!;
        var tricky = new Resource(hotline.Id, hotline.Kind, @"Hot\|line *24h* _main_ [x](y) <b> `c`", hotline.Owner, ResourceStatus.Unavailable, nameZh: @"热线\|*一*");

        var markdown = Check(ReadySetup.WithResources(FullCatalog.With(tricky).AsT0)).ToMarkdown(language);

        var row = markdown.Split('\n').Single(l => l.StartsWith("| 1 ", StringComparison.Ordinal));
        Assert.Contains(
            language == ReportLanguage.English ? @"Hot\\\|line \*24h\* \_main\_ \[x\](y) \<b\> \`c\` (hotline-400)" : @"热线\\\|\*一\*（hotline-400）",
            row,
            StringComparison.Ordinal);
        // Every special character is preceded by its own backslash: with escaped characters taken out, the row has its 6 pipes only.
        var unescaped = System.Text.RegularExpressions.Regex.Replace(row, @"\\.", string.Empty);
        Assert.Equal(6, unescaped.Count(c => c == '|'));
        Assert.DoesNotContain(unescaped.Split('|')[5], c => c is '*' or '_' or '[' or '<' or '`');
    }

    [Fact]
    public void ToString_SaysVerdictAndCounts()
        => Assert.Equal("Readiness as of 2026-03-02T17:00:00.0000000+08:00: not ready, 1 error(s), 1 warning(s).", TwoGaps().ToString());

    [Fact]
    public void Gap_TextAndValidation()
    {
        var gap = new ReadinessGap(ReadinessGapCodes.MissingChannel, GapSeverity.Error, Kind(ResourceKind.Hotline), "en", "中文");

        Assert.Equal("en", gap.Text(ReportLanguage.English));
        Assert.Equal("中文", gap.Text(ReportLanguage.Chinese));
        Assert.Equal("[Error] readiness.missing_channel (ResourceKind:Hotline): en", gap.ToString());
        Assert.Throws<ArgumentException>(() => new ReadinessGap(" ", GapSeverity.Error, default, "en", "zh"));
        Assert.ThrowsAny<ArgumentException>(() => new ReadinessGap("c", (GapSeverity)9, default, "en", "zh"));
        Assert.Throws<ArgumentException>(() => new ReadinessGap("c", GapSeverity.Error, default, "", "zh"));
        Assert.Throws<ArgumentException>(() => new ReadinessGap("c", GapSeverity.Error, default, "en", " "));
    }
}
