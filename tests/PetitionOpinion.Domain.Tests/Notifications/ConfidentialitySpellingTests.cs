using PetitionOpinion.Incidents;
using PetitionOpinion.Notifications;
using PetitionOpinion.Organization;
using PetitionOpinion.Reporting;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Notifications;

/// <summary>
/// <see cref="Confidentiality.Redact"/> against the spellings of issue 17 (part 5): the petitioner's name and contact
/// written with other separators, in the other Latin order, the given name alone, in full-width or compatibility forms,
/// with invisible characters, in traditional characters, and the phone number in Chinese numerals or with any
/// punctuation — each must still be redacted, also in the closure report's Markdown.
/// </summary>
public sealed class ConfidentialitySpellingTests
{
    private static readonly PetitionerDetails Lin = new("Lin Xiaohong 林小红", "+86 138 1234 5678 / lin.xh@example.com");

    [Theory]
    [InlineData("Lin Xiaohong")]
    [InlineData("Lin-Xiaohong")]
    [InlineData("LinXiaohong")]
    [InlineData("Xiaohong Lin")]
    [InlineData("Xiaohong-Lin")]
    [InlineData("Xiaohong")]
    [InlineData("XIAOHONG")]
    [InlineData("Ｌｉｎ Ｘｉａｏｈｏｎｇ")]
    [InlineData("Ｘｉａｏｈｏｎｇ")]
    [InlineData("Lin\u200BXiaohong")] // zero-width space
    [InlineData("Lin\u00ADXiaohong")] // soft hyphen
    [InlineData("Lin Xiao\u200Bhong")]
    [InlineData("Lin Xiao\u00ADhong")]
    [InlineData("Xiao\u200Dhong")] // zero-width joiner
    [InlineData("Lin\u2060Xiao\uFEFFhong")] // word joiner, BOM
    [InlineData("Lin·Xiaohong")]
    [InlineData("Lin Xiao Hong")]
    [InlineData("Xiao-hong")]
    [InlineData("Lin, Xiaohong")]
    [InlineData("Lin_Xiaohong")]
    [InlineData("Lin.Xiaohong")]
    [InlineData("林小红")]
    [InlineData("林 小 红")]
    [InlineData("林\u3000小\u3000红")]
    [InlineData("林·小·红")]
    [InlineData("林\u200B小红")]
    [InlineData("林小紅")]
    [InlineData("林 小 紅")]
    [InlineData("小红")]
    [InlineData("小紅")]
    [InlineData("小 红")]
    [InlineData("138 1234 5678")]
    [InlineData("138/1234/5678")]
    [InlineData("138_1234_5678")]
    [InlineData("138,1234,5678")]
    [InlineData("138\u200B1234\u200B5678")]
    [InlineData("一三八一二三四五六七八")]
    [InlineData("一三八 一二三四 五六七八")]
    [InlineData("幺三八一二三四五六七八")]
    [InlineData("壹叁捌壹贰叁肆伍陆柒捌")]
    [InlineData("+86 一三八一二三四五六七八")]
    [InlineData("１３８/１２３４/５６７８")]
    [InlineData("lin.xh@example.com")]
    [InlineData("lin.xh＠example.com")]
    [InlineData("LIN.XH＠EXAMPLE．COM")]
    [InlineData("lin.xh\u200B@example.com")]
    public void Redact_SpellingVariantOfTheNameOrContact_IsReplaced(string variant)
    {
        var redacted = Confidentiality.Redact($"Called {variant} back.", Lin);

        Assert.Equal("Called [redacted] back.", redacted);
    }

    [Theory]
    [InlineData("客户{0}来电，要求退款。")]
    [InlineData("{0}女士来电")]
    [InlineData("回电给{0}。")]
    public void Redact_HanVariantsInsideChineseText_AreReplaced(string template)
    {
        foreach (var variant in new[] { "林小红", "林 小 红", "林小紅", "小红", "小紅", "林\u00AD小红" })
        {
            var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, variant);

            Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Confidentiality.Redacted), Confidentiality.Redact(text, Lin));
        }
    }

    [Theory]
    [InlineData("Lin Xiaohong", "Xiaohong")]
    [InlineData("Xiaohong Lin", "Xiaohong")]
    [InlineData("Ouyang Mingyue", "Mingyue")]
    [InlineData("Ann Smith", "Ann")]
    public void Redact_GivenNameOfALatinNameAlone_IsReplaced(string name, string given)
        => Assert.Equal("Called [redacted] back.", Confidentiality.Redact($"Called {given} back.", new PetitionerDetails(name, null)));

    [Theory]
    [InlineData("欧阳明月", "明月")]
    [InlineData("司马光明", "光明")]
    [InlineData("張偉強", "伟强")]
    [InlineData("林小红", "小紅")]
    public void Redact_GivenNameOfAHanNameAlone_IsReplaced(string name, string given)
        => Assert.Equal("回电给[redacted]。", Confidentiality.Redact($"回电给{given}。", new PetitionerDetails(name, null)));

    [Theory]
    [InlineData("林小红", "林")] // a one-character given name or a surname alone is too common to redact
    [InlineData("王芳", "芳")]
    [InlineData("Wang Li", "Li")]
    [InlineData("Lin Xiaohong", "Lin")]
    public void Redact_SurnameOrShortGivenNameAlone_IsLeftAlone(string name, string part)
    {
        var text = $"Called {part} back.";

        Assert.Equal(text, Confidentiality.Redact(text, new PetitionerDetails(name, null)));
    }

    [Theory]
    [InlineData("Xiaohongshu is a platform.")] // the given name inside a longer Latin word
    [InlineData("Linxiaohongs")]
    public void Redact_GivenNameInsideALongerLatinWord_IsLeftAlone(string text)
        => Assert.Equal(text, Confidentiality.Redact(text, Lin));

    [Theory]
    [InlineData("Called X i a o h o n g back.")] // letters one by one: too like ordinary text ("an N") to match
    [InlineData("Called X iaohong back.")]
    public void Redact_GivenNameSplitIntoPiecesOfOneLetter_IsLeftAlone(string text)
        => Assert.Equal(text, Confidentiality.Redact(text, Lin));

    [Fact]
    public void Redact_TextWithALoneSurrogate_RedactsAroundIt()
        => Assert.Equal("\uD800 [redacted] \uDC00", Confidentiality.Redact("\uD800 林小紅 \uDC00", Lin));

    [Fact]
    public void Redact_AlreadyRedactedText_IsLeftAsItIs()
    {
        var once = Confidentiality.Redact("Lin-Xiaohong (138/1234/5678) and 小紅 wrote to lin.xh＠example.com.", Lin);

        Assert.Equal("[redacted] ([redacted]) and [redacted] wrote to [redacted].", once);
        Assert.Equal(once, Confidentiality.Redact(once, Lin));
    }

    [Fact]
    public void Redact_TraditionalNameInTheDetails_MatchesSimplifiedText()
    {
        var redacted = Confidentiality.Redact("张伟强来电，張偉強再次来电。", new PetitionerDetails("張偉強", null));

        Assert.Equal("[redacted]来电，[redacted]再次来电。", redacted);
    }

    [Fact]
    public void Build_ClosureReportWhoseTextsSpellThePetitionerOtherwise_MarkdownInBothLanguagesHasNoneOfTheSpellings()
    {
        var scenario = new Scenario();
        scenario.Time.Advance(Scenario.Step);
        var mention = "Xiaohong (Lin-Xiaohong, 林 小 紅, 小红, 138/1234/5678, 一三八一二三四五六七八, lin.xh＠example.com)";
        var incident = scenario.Lifecycle.Report(Scenario.ReportCommand() with { Description = $"{mention} says her order was lost.", Petitioner = Lin }).AsT0;
        IncidentCommand[] commands =
        [
            new AssessIncident(People.CustomerServiceRep, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.Medium, $"Only {mention} is affected."),
            new IssueDirective(People.CustomerServiceRep, DirectiveKind.CustomerCommunication, WellKnownGroups.PetitionHandlingGroup, $"Call {mention} back.", scenario.Now.AddDays(1)),
            new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)),
            new StartResponse(People.CustomerServiceManager),
            new RecordCommunication(People.CustomerServiceRep, IntakeChannel.Hotline, $"Called {mention}.", "Xiaohong accepted the apology."),
            new CompleteDirective(People.CustomerServiceRep, new DirectiveId(1), "Xiaohong Lin was called back."),
            new ResolveIncident(People.CustomerServiceManager, $"Xiaohong's order was found; {mention} was told."),
            new SubmitClosureReport(People.CustomerServiceManager, new ClosureReport($"小红's parcel was found ({mention}).", [$"A label for Xiaohong Lin was misprinted."], [new Improvement($"Check labels like the one of {mention}.", People.HeadOfTechnicalSupport, new DateOnly(2026, 6, 30))], [$"Call {mention} sooner."])),
        ];
        foreach (var command in commands)
        {
            scenario.Time.Advance(Scenario.Step);
            scenario.Lifecycle.Execute(incident, command).Switch(_ => { }, e => throw new InvalidOperationException($"{command.GetType().Name} was refused: {e}"));
        }

        var document = ClosureReportDocument.Build(incident, scenario.Organization);

        foreach (var markdown in new[] { document.ToMarkdown(ReportLanguage.English), document.ToMarkdown(ReportLanguage.Chinese) })
        {
            foreach (var spelling in new[] { "Xiaohong", "Lin-Xiaohong", "林 小 紅", "小红", "小紅", "138/1234/5678", "1234", "一三八一二三四五六七八", "lin.xh＠example.com", "lin.xh" })
            {
                Assert.DoesNotContain(spelling, markdown, StringComparison.OrdinalIgnoreCase);
            }

            Assert.Contains("says her order was lost.", markdown, StringComparison.Ordinal);
        }
    }
}
