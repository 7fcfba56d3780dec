using PetitionOpinion.Assessment;
using PetitionOpinion.Incidents;
using PetitionOpinion.Reporting;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Storage;

/// <summary>
/// A petitioner who keeps coming back: at report time the repository finds the petitioner's earlier incidents of the
/// last 90 days through the store's pseudonym index (the same phone number or e-mail address, however written; never the
/// name), links the new incident to them, and counts them into <see cref="RiskFacts.PriorPetitionsWithin90Days"/>.
/// </summary>
public sealed class RepeatPetitionerTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly Scenario _scenario = new();
    private readonly InMemoryIncidentStore _store = new();
    private readonly IncidentRepository _repository;

    public RepeatPetitionerTests()
        => _repository = new IncidentRepository(_store, _scenario.Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions { PetitionerKeySecret = "s3cret" });

    private static RiskFacts Facts => new() { Category = RiskCategory.DataPrivacy };

    [Fact]
    public async Task ReportAsync_ThirdPetitionWithin90Days_LinksTheEarlierOnes_AndAssessAsyncRaisesTheLevel()
    {
        var first = await ReportAsync(new PetitionerDetails("Wang Fang", ["+86 138 0000 0000"], []));
        _scenario.Time.Advance(TimeSpan.FromDays(20));
        var second = await ReportAsync(new PetitionerDetails("王芳", ["１３８-０００-０００００"], ["wang.fang@example.com"]));
        _scenario.Time.Advance(TimeSpan.FromDays(20));
        var third = await ReportAsync(new PetitionerDetails("Ms. Wang", [], [" Wang.Fang@EXAMPLE.com"]));

        Assert.Empty(first.EarlierPetitions);
        Assert.Equal([first.Id], second.EarlierPetitions);
        Assert.Equal([first.Id, second.Id], third.EarlierPetitions);

        var plain = RiskRuleSet.Default.Assess(Facts).AsT0.Level;
        var raised = RiskRuleSet.Default.Assess(Facts with { PriorPetitionsWithin90Days = 2 }).AsT0.Level;
        Assert.True(raised < plain, "the repeat-petition rule raises the level");
        Assert.Equal(plain, (await _repository.AssessAsync(second.Id, People.CustomerServiceRep, Facts, null, None)).AsT0.Level);
        Assert.Equal(raised, (await _repository.AssessAsync(third.Id, People.CustomerServiceRep, Facts, null, None)).AsT0.Level);

        // The links are the report event's: they load back from the store.
        var loaded = (await _repository.GetAsync(third.Id, None)).AsT0;
        Assert.Equal([first.Id, second.Id], loaded.EarlierPetitions);
    }

    [Fact]
    public async Task ReportAsync_SameNameOtherPerson_OrNoContact_IsNeverLinked()
    {
        await ReportAsync(new PetitionerDetails("Wang Fang", ["13800000000"], ["wang.fang@example.com"]));
        var otherWangFang = await ReportAsync(new PetitionerDetails("Wang Fang", ["13911112222"], ["wangfang@example.org"]));
        var noContact = await ReportAsync(new PetitionerDetails("Wang Fang", [], [], "weibo @wangfang"));
        var noContactAgain = await ReportAsync(new PetitionerDetails("Wang Fang", null));

        Assert.Empty(otherWangFang.EarlierPetitions);
        Assert.Empty(noContact.EarlierPetitions);
        Assert.Empty(noContactAgain.EarlierPetitions);
    }

    [Fact]
    public async Task ReportAsync_EarlierIncidentsOutsideTheWindowOrDismissed_AreNotLinked()
    {
        var petitioner = new PetitionerDetails("Wang Fang", "+86 138 0000 0000");
        var old = await ReportAsync(petitioner);

        // Reported 90 days less 5 minutes after the first: within the window.
        _scenario.Time.Advance(IncidentRepository.RepeatPetitionWindow - (2 * Scenario.Step));
        var within = await ReportAsync(petitioner);
        Assert.Equal([old.Id], within.EarlierPetitions);

        // 90 days and 5 minutes after the first: the first is out of the window, the second in it.
        _scenario.Time.Advance(Scenario.Step);
        var late = await ReportAsync(petitioner);
        Assert.Equal([within.Id], late.EarlierPetitions);

        Assert.True((await _repository.ExecuteAsync(late.Id, new DismissIncident(People.CustomerServiceManager, "A duplicate of the earlier call."), None)).IsT0);
        var next = await ReportAsync(petitioner);

        Assert.Equal([within.Id], next.EarlierPetitions);
    }

    [Fact]
    public async Task AssessAsync_CallerKnowsOfMorePetitions_KeepsTheLargerCount()
    {
        var only = await ReportAsync(new PetitionerDetails("Wang Fang", "+86 138 0000 0000"));

        var assessed = (await _repository.AssessAsync(only.Id, People.CustomerServiceRep, Facts with { PriorPetitionsWithin90Days = 2 }, null, None)).AsT0;

        Assert.Equal(RiskRuleSet.Default.Assess(Facts with { PriorPetitionsWithin90Days = 2 }).AsT0.Level, assessed.Level);
    }

    [Fact]
    public async Task AssessAsync_AssessedBefore_Reassesses()
    {
        var petitioner = new PetitionerDetails("Wang Fang", "+86 138 0000 0000");
        await ReportAsync(petitioner);
        await ReportAsync(petitioner);
        var third = await ReportAsync(petitioner);
        Assert.True((await _repository.AssessAsync(third.Id, People.CustomerServiceRep, Facts with { PriorPetitionsWithin90Days = 0 }, null, None)).IsT0);

        var again = await _repository.AssessAsync(third.Id, People.CustomerServiceRep, Facts with { Complainants = 3 }, null, None);

        Assert.True(again.IsT0, again.IsT1 ? again.AsT1.ToString() : null);
    }

    [Fact]
    public async Task ClosureReport_OfARepeatPetition_ListsTheEarlierIncidentsByIdOnly()
    {
        var petitioner = new PetitionerDetails("Wang Fang", "+86 138 0000 0000");
        var first = await ReportAsync(petitioner);
        var second = await ReportAsync(petitioner);

        var document = ClosureReportDocument.Build(second, _scenario.Organization);
        var english = document.ToMarkdown(ReportLanguage.English);

        Assert.Equal([first.Id], document.EarlierPetitions);
        Assert.Contains(first.Id.ToString(), english, StringComparison.Ordinal);
        Assert.Contains("Earlier petitions", english, StringComparison.Ordinal);
        Assert.Contains("此前信访", document.ToMarkdown(ReportLanguage.Chinese), StringComparison.Ordinal);
        Assert.DoesNotContain("138", english, StringComparison.Ordinal);
        Assert.Empty(ClosureReportDocument.Build(first, _scenario.Organization).EarlierPetitions);
    }

    private async Task<Incident> ReportAsync(PetitionerDetails petitioner)
    {
        _scenario.Time.Advance(Scenario.Step);
        var reported = await _repository.ReportAsync(Scenario.ReportCommand() with { Petitioner = petitioner }, null, None);
        return reported.Match(i => i, e => throw new InvalidOperationException(e.ToString()));
    }
}
