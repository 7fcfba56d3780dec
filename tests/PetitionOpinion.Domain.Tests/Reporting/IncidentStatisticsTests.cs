using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PetitionOpinion.Incidents;
using PetitionOpinion.Reporting;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Reporting;

/// <summary>
/// Statistics over incident summaries (docs/statistics.md): the one-pass figures against a straightforward computation on
/// 100,000 generated incidents, reading a store page by page, percentiles and targets by example, the summary fields the
/// repository records, the petitioner pseudonym, Markdown and CSV.
/// </summary>
public sealed class IncidentStatisticsTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Year = new(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Fact]
    public void Compute_HundredThousandGeneratedIncidents_EqualsTheStraightforwardComputation()
    {
        var summaries = StatisticsReference.Generate(100_000, seed: 20261129, Year, TimeSpan.FromDays(365));
        var asOf = Year.AddDays(300);

        var statistics = IncidentStatistics.Compute(summaries, asOf, China);

        StatisticsReference.AssertEqual(StatisticsReference.Compute(summaries, asOf, China), statistics);
        // The generated set exercises every figure: none of them is trivially empty.
        Assert.Equal(100_000, statistics.Total);
        Assert.Equal(12, statistics.ByMonth.Count);
        Assert.Equal(5, statistics.ByCategory.Count);
        Assert.Equal(4, statistics.ByLevel.Count);
        Assert.True(statistics.Unassessed > 0);
        Assert.True(statistics.AcknowledgedWithinTarget.Yes > 0 && statistics.AcknowledgedWithinTarget.No > 0);
        Assert.True(statistics.ResolvedWithinTarget.Yes > 0 && statistics.ResolvedWithinTarget.No > 0);
        Assert.True(statistics.Reopened.Yes > 0 && statistics.RepeatPetitioners > 0);
        Assert.True(statistics.TimeToAcknowledge.Median < statistics.TimeToAcknowledge.Percentile90);
    }

    [Fact]
    public void ToCsv_HundredThousandGeneratedIncidents_CarriesTheStraightforwardFigures()
    {
        var summaries = StatisticsReference.Generate(100_000, seed: 7, Year, TimeSpan.FromDays(365));
        var asOf = Year.AddDays(400);
        var expected = StatisticsReference.Compute(summaries, asOf, China);

        var rows = ParseCsv(IncidentStatistics.Compute(summaries, asOf, China).ToCsv());

        Assert.Equal(["measure", "dimension", "key", "statistic", "value"], rows[0]);
        string Value(string measure, string dimension, string key, string statistic)
            => Assert.Single(rows, r => r[0] == measure && r[1] == dimension && r[2] == key && r[3] == statistic)[4];
        Assert.Equal("100000", Value("incidents", "all", "", "count"));
        Assert.Equal(expected.ByCategory[RiskCategory.DataPrivacy].ToString(CultureInfo.InvariantCulture), Value("incidents", "category", "DataPrivacy", "count"));
        Assert.Equal(expected.ByMonth[new DateOnly(2026, 3, 1)].ToString(CultureInfo.InvariantCulture), Value("incidents", "month", "2026-03", "count"));
        Assert.Equal(expected.Unassessed.ToString(CultureInfo.InvariantCulture), Value("incidents", "level", "unassessed", "count"));
        Assert.Equal(Seconds(expected.TimeToResolve.Median), Value("time_to_resolve", "all", "", "median_seconds"));
        Assert.Equal(Seconds(expected.TimeToAcknowledgeByLevel[SeverityLevel.II].Percentile90), Value("time_to_acknowledge", "level", "II", "p90_seconds"));
        Assert.Equal(expected.ResolvedWithinTarget.No.ToString(CultureInfo.InvariantCulture), Value("resolved_within_target", "all", "", "no"));
        Assert.Equal(Math.Round(expected.Reopened.Share!.Value, 4), double.Parse(Value("reopened", "all", "", "share"), CultureInfo.InvariantCulture));
        Assert.Equal(expected.RepeatPetitioners.ToString(CultureInfo.InvariantCulture), Value("petitioners", "all", "", "repeat"));
        Assert.All(rows, r => Assert.Equal(5, r.Length));
    }

    [Fact]
    public async Task ComputeAsync_StoreWithThreePagesOfSummaries_CountsEveryIncidentOnce()
    {
        var summaries = StatisticsReference.Generate(2 * IncidentStatistics.PageSize + 345, seed: 3, Year, TimeSpan.FromDays(90));
        var store = new InMemoryIncidentStore();
        foreach (var summary in summaries)
        {
            var stored = new StoredEvent(summary.Id, 1, "IncidentReported", 2, summary.ReportedAt, People.CustomerServiceRep, "{}"u8.ToArray(), new byte[EventHashChain.HashLength]);
            Assert.Equal(AppendResult.Appended, await store.AppendAsync(AppendRequest.For(new IncidentAppend(summary.Id, 0, [stored], summary with { Version = 1 })), None));
        }

        var asOf = Year.AddDays(60);
        var statistics = await IncidentStatistics.ComputeAsync(store, null, asOf, China, None);
        var filtered = await IncidentStatistics.ComputeAsync(store, new IncidentQuery { Categories = [RiskCategory.DataPrivacy], Skip = 5, Take = 1 }, asOf, China, None);

        var all = summaries.Select(s => s with { Version = 1 }).ToList();
        StatisticsReference.AssertEqual(StatisticsReference.Compute(all, asOf, China), statistics);
        StatisticsReference.AssertEqual(StatisticsReference.Compute([.. all.Where(s => s.Category == RiskCategory.DataPrivacy)], asOf, China), filtered);
    }

    [Fact]
    public async Task ComputeAsync_PagesShiftWhileReading_CountsEachIncidentOnceAndFiltersHere()
    {
        // A store whose second page starts one summary early (as when an earlier-reported incident arrives between the
        // reads): the summary on both pages counts once; the state filter is applied here, not by the store.
        var summaries = StatisticsReference.Generate(IncidentStatistics.PageSize + 10, seed: 11, Year, TimeSpan.FromDays(30));
        var store = new ShiftingStore(summaries);
        var filter = new IncidentQuery { States = [IncidentState.Responding, IncidentState.Closed], Take = 3 };

        var statistics = await IncidentStatistics.ComputeAsync(store, filter, Year.AddDays(40), China, None);

        StatisticsReference.AssertEqual(StatisticsReference.Compute([.. summaries.Where(filter.Matches)], Year.AddDays(40), China), statistics);
        Assert.All(store.Queries, q => Assert.Null(q.States));
        Assert.Equal(2, store.Queries.Count);
    }

    [Theory]
    [InlineData(29, "29 s", "29秒")]
    [InlineData(59.7, "1 min", "1分钟")]
    [InlineData(90, "2 min", "2分钟")]
    [InlineData(59.6 * 60, "1 h", "1小时")]
    [InlineData(89.67 * 60, "1 h 30 min", "1小时30分钟")]
    [InlineData(23 * 3600 + 59 * 60 + 50, "1 d", "1天")]
    [InlineData(25 * 3600, "1 d 1 h", "1天1小时")]
    public void ToMarkdown_Durations_RoundBeforeChoosingTheUnit(double seconds, string english, string chinese)
    {
        var statistics = IncidentStatistics.Compute([Summary(1, acknowledgedAfter: TimeSpan.FromSeconds(seconds))], Year);

        Assert.Contains($"| time to acknowledge (first action) | 1 | {english} | {english} |", statistics.ToMarkdown(ReportLanguage.English), StringComparison.Ordinal);
        Assert.Contains($"| 响应用时（首次处理） | 1 | {chinese} | {chinese} |", statistics.ToMarkdown(ReportLanguage.Chinese), StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_NoSummaries_GivesZeroesAndNoShares()
    {
        var statistics = IncidentStatistics.Compute([], Year);

        Assert.Equal(0, statistics.Total);
        Assert.Empty(statistics.ByCategory);
        Assert.Empty(statistics.ByMonth);
        Assert.Equal(DurationStatistics.Empty, statistics.TimeToResolve);
        Assert.Null(statistics.ResolvedWithinTarget.Share);
        Assert.Null(statistics.Reopened.Share);
        Assert.Equal(China, statistics.UtcOffset);
        Assert.Contains("| time to resolve (first resolution) | 0 | — | — |", statistics.ToMarkdown(ReportLanguage.English), StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_TenDurations_MedianAndNinetiethPercentileInterpolateBetweenRanks()
    {
        // 1..10 minutes: the median is 5.5 min (the mean of the middle two), the 90th percentile the value at rank 8.1: 9.1 min.
        var summaries = Enumerable.Range(1, 10).Select(i => Summary(i, acknowledgedAfter: TimeSpan.FromMinutes(11 - i))).ToList();

        var statistics = IncidentStatistics.Compute(summaries, Year.AddDays(1));

        Assert.Equal(new DurationStatistics(10, TimeSpan.FromMinutes(5.5), TimeSpan.FromMinutes(9.1)), statistics.TimeToAcknowledge);
        Assert.Equal(DurationStatistics.Empty, statistics.TimeToResolve);
    }

    [Theory]
    [InlineData(new long[] { 7 }, 7L, 7L)]
    [InlineData(new long[] { 0, 1 }, 1L, 1L)] // 0.5 and 0.9 of a tick: the median rounds half away from zero
    [InlineData(new long[] { 0, 3 }, 2L, 3L)] // 1.5 → 2, 2.7 → 3
    [InlineData(new long[] { 10, 20, 30 }, 20L, 28L)]
    [InlineData(new long[] { 5, 5, 5, 5 }, 5L, 5L)]
    public void Compute_FewDurations_PercentilesRoundToTheNearestTick(long[] ticks, long median, long percentile90)
    {
        var summaries = ticks.Select((t, i) => Summary(i, acknowledgedAfter: TimeSpan.FromTicks(t))).ToList();

        var statistics = IncidentStatistics.Compute(summaries, Year);

        Assert.Equal(new DurationStatistics(ticks.Length, TimeSpan.FromTicks(median), TimeSpan.FromTicks(percentile90)), statistics.TimeToAcknowledge);
    }

    [Fact]
    public void Compute_Targets_MetByTheDueTimeMissedAfterItOpenOnesJudgedWhenPastDue()
    {
        var due = TimeSpan.FromHours(4);
        var asOf = Year.AddHours(10);
        IncidentSummary[] summaries =
        [
            Summary(1, acknowledgedAfter: due, acknowledgeDue: due),                         // exactly on the due time: met
            Summary(2, acknowledgedAfter: due + TimeSpan.FromTicks(1), acknowledgeDue: due), // a tick late: missed
            Summary(3, acknowledgeDue: due),                                                 // not acknowledged, past due: missed
            Summary(4, acknowledgeDue: TimeSpan.FromHours(20)),                              // not acknowledged, not due yet: not judged
            Summary(5, acknowledgeDue: due, state: IncidentState.Dismissed),                 // dismissed: not judged
            Summary(7, acknowledgedAfter: due * 2, acknowledgeDue: due, state: IncidentState.Dismissed), // dismissed late: its dismissal is not judged either
            Summary(6, acknowledgedAfter: TimeSpan.FromMinutes(1)),                          // no target: not judged
        ];

        var statistics = IncidentStatistics.Compute(summaries, asOf);

        Assert.Equal(new Proportion(1, 2), statistics.AcknowledgedWithinTarget);
        Assert.Equal(1d / 3, statistics.AcknowledgedWithinTarget.Share);
        Assert.Equal(new Proportion(0, 0), statistics.ResolvedWithinTarget);
    }

    [Fact]
    public void Compute_ReopensAndPetitioners_CountedOverResolvedIncidentsAndDistinctKeys()
    {
        IncidentSummary[] summaries =
        [
            Summary(1, resolvedAfter: TimeSpan.FromDays(1), reopens: 2, petitioner: "a"),
            Summary(2, resolvedAfter: TimeSpan.FromDays(2), petitioner: "a"),
            Summary(3, resolvedAfter: TimeSpan.FromDays(3), petitioner: "a"),
            Summary(4, resolvedAfter: TimeSpan.FromDays(4), petitioner: "b"),
            Summary(5, petitioner: "c"),
            Summary(6, petitioner: "c"),
            Summary(7),
        ];

        var statistics = IncidentStatistics.Compute(summaries, Year);

        Assert.Equal(new Proportion(1, 3), statistics.Reopened);
        Assert.Equal(3, statistics.Petitioners);
        Assert.Equal(2, statistics.RepeatPetitioners);
        Assert.Equal(5, statistics.IncidentsFromRepeatPetitioners);
    }

    [Fact]
    public void Compute_PetitionerWithSeveralContacts_IsOnePetitionerWhicheverContactEachIncidentHas()
    {
        // Phone a, then phone a and e-mail b, then e-mail b alone: one person. c and d likewise, given in the other order.
        IncidentSummary[] summaries =
        [
            Summary(1, petitioner: "a"),
            Summary(2, petitioner: "a b"),
            Summary(3, petitioner: "b"),
            Summary(4, petitioner: "d"),
            Summary(5, petitioner: "c"),
            Summary(6, petitioner: "c d"),
            Summary(7, petitioner: "e"),
        ];

        var statistics = IncidentStatistics.Compute(summaries, Year);

        Assert.Equal(3, statistics.Petitioners);
        Assert.Equal(2, statistics.RepeatPetitioners);
        Assert.Equal(6, statistics.IncidentsFromRepeatPetitioners);
    }

    [Fact]
    public async Task Repository_SamePetitionerWrittenDifferently_IsOneRepeatPetitioner_AndANameAloneIsNone()
    {
        var scenario = new Scenario();
        var store = new InMemoryIncidentStore();
        var repository = new IncidentRepository(store, scenario.Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions { PetitionerKeySecret = "s3cret" });
        PetitionerDetails[] petitioners =
        [
            new("Wang Fang", ["+86 138 0000 0000"], []),
            new("王芳", ["１３８ ０００ ０００００"], ["Wang.Fang@Example.com"]),
            new("Fang Wang", [], ["wang.fang@example.com "]),
            new("Wang Fang", ["139 1111 2222"], []),
            new("Wang Fang", [], []),
            new("Wang Fang", [], []),
        ];
        foreach (var petitioner in petitioners)
        {
            scenario.Time.Advance(TimeSpan.FromMinutes(5));
            Assert.True((await repository.ReportAsync(Scenario.ReportCommand() with { Petitioner = petitioner }, null, None)).IsT0);
        }

        var statistics = await IncidentStatistics.ComputeAsync(store, null, scenario.Now, null, None);

        // The first three are one person (same phone, then same e-mail); the fourth another Wang Fang; the last two
        // gave no contact and are nobody's repeat.
        Assert.Equal(2, statistics.Petitioners);
        Assert.Equal(1, statistics.RepeatPetitioners);
        Assert.Equal(3, statistics.IncidentsFromRepeatPetitioners);
    }

    [Fact]
    public void Compute_Months_CountedInTheGivenOffset()
    {
        // 31 January 2026 20:00 UTC is 1 February 04:00 in China.
        var late = Summary(1) with { ReportedAt = new DateTimeOffset(2026, 1, 31, 20, 0, 0, TimeSpan.Zero) };

        Assert.Equal(new DateOnly(2026, 2, 1), Assert.Single(IncidentStatistics.Compute([late], Year).ByMonth).Key);
        Assert.Equal(new DateOnly(2026, 1, 1), Assert.Single(IncidentStatistics.Compute([late], Year, TimeSpan.Zero).ByMonth).Key);
    }

    [Fact]
    public void Add_InconsistentSummary_ThrowsNamingTheIncidentAndCountsNothing()
    {
        var builder = new IncidentStatisticsBuilder(Year);
        var bad = Summary(1, acknowledgedAfter: TimeSpan.FromHours(-1));

        var error = Assert.Throws<ArgumentException>(() => builder.Add(bad));

        Assert.Contains(bad.Id.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("acknowledged before it was reported", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, builder.Count);
        Assert.Throws<ArgumentException>(() => builder.Add(Summary(2) with { ReopenCount = -1 }));
        Assert.Throws<ArgumentException>(() => builder.Add(Summary(3) with { Level = (SeverityLevel)9 }));
        Assert.Throws<ArgumentException>(() => builder.Add(Summary(4, resolvedAfter: TimeSpan.FromDays(-1))));
        Assert.Equal(0, builder.Build().Total);
        Assert.Throws<ArgumentNullException>(() => builder.Add(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IncidentStatisticsBuilder(Year, TimeSpan.FromHours(15)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IncidentStatisticsBuilder(Year, TimeSpan.FromSeconds(30)));
    }

    [Property(MaxTest = 300)]
    public Property Compute_AnySummariesInAnyOrder_EqualsTheStraightforwardComputation()
    {
        var generator =
            from count in Gen.Choose(0, 60)
            from seed in Gen.Choose(0, int.MaxValue)
            from hours in Gen.Choose(1, 24 * 400)
            from order in Gen.Choose(0, int.MaxValue)
            select (count, seed, hours, order);
        return Prop.ForAll(generator.ToArbitrary(), input =>
        {
            var (count, seed, hours, order) = input;
            var summaries = StatisticsReference.Generate(count, seed, Year, TimeSpan.FromHours(hours));
            var asOf = Year.AddHours(hours / 2);
            var shuffled = summaries.OrderBy(_ => new Random(order).Next()).ToList();

            var statistics = IncidentStatistics.Compute(shuffled, asOf, China);

            StatisticsReference.AssertEqual(StatisticsReference.Compute(summaries, asOf, China), statistics);
            Assert.Equal(statistics.Total, statistics.ByCategory.Values.Sum());
            Assert.Equal(statistics.Total, statistics.ByChannel.Values.Sum());
            Assert.Equal(statistics.Total, statistics.ByMonth.Values.Sum());
            Assert.Equal(statistics.Total, statistics.ByLevel.Values.Sum() + statistics.Unassessed);
            Assert.True(statistics.TimeToResolve.Median <= statistics.TimeToResolve.Percentile90 || statistics.TimeToResolve.Count == 0);
            Assert.True(statistics.ResolvedWithinTarget.Total <= statistics.Total);
            Assert.True(statistics.IncidentsFromRepeatPetitioners >= 2 * statistics.RepeatPetitioners);
        });
    }

    // ---------- the summary fields the repository records ----------
    [Fact]
    public async Task Repository_IncidentHandledAndReopened_SummaryCarriesItsMilestonesAndTargets()
    {
        var scenario = new Scenario();
        var store = new InMemoryIncidentStore();
        var repository = new IncidentRepository(store, scenario.Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions());
        scenario.Time.Advance(Scenario.Step);
        var reportedAt = scenario.Now;
        var id = (await repository.ReportAsync(Scenario.ReportCommand(), null, None)).AsT0.Id;

        async Task Do(TimeSpan after, IncidentCommand command)
        {
            scenario.Time.Advance(after);
            var result = await repository.ExecuteAsync(id, command, None);
            Assert.True(result.IsT0, result.IsT1 ? $"{command.Action}: {result.AsT1}" : null);
        }

        async Task<IncidentSummary> Summary() => Assert.Single((await store.QueryAsync(new IncidentQuery(), None)).Items);

        var reported = await Summary();
        Assert.Null(reported.AcknowledgedAt);
        Assert.Equal(reportedAt.AddHours(4), reported.AcknowledgeDueAt); // unassessed: level III's 4 hours
        Assert.Null(reported.FirstResolvedAt);
        Assert.NotNull(reported.ResolutionDueAt);
        Assert.Equal(IncidentSummaries.ContactKey("+86 138 0000 0000", null), reported.PetitionerKey);

        await Do(TimeSpan.FromMinutes(20), new AssessIncident(People.CustomerServiceRep, SeverityLevel.II, ImpactScope.Group, PotentialRisk.Medium, "Several customers."));
        var assessed = await Summary();
        Assert.Equal(reportedAt.AddMinutes(20), assessed.AcknowledgedAt);
        Assert.Equal(reportedAt.AddMinutes(30), assessed.AcknowledgeDueAt); // level II: 30 minutes, from the report
        Assert.Equal(reportedAt.AddDays(7), assessed.ResolutionDueAt);

        await Do(TimeSpan.FromMinutes(5), scenario.IssueCommand());
        await Do(TimeSpan.FromMinutes(5), new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)));
        await Do(TimeSpan.FromMinutes(5), new CompleteDirective(People.CustomerServiceRep, new DirectiveId(1), "Collected."));
        await Do(TimeSpan.FromHours(1), new StartResponse(People.CustomerServiceManager));
        await Do(TimeSpan.FromDays(2), new ResolveIncident(People.CustomerServiceManager, "Fixed and apologised."));
        var resolvedAt = scenario.Now;
        await Do(TimeSpan.FromDays(1), new ReopenIncident(People.CustomerServiceManager, "The customer says it happened again."));
        await Do(TimeSpan.FromDays(1), new ResolveIncident(People.CustomerServiceManager, "Fixed for good."));

        var final = await Summary();
        Assert.Equal(reportedAt.AddMinutes(20), final.AcknowledgedAt);
        Assert.Equal(resolvedAt, final.FirstResolvedAt); // the first resolution: reopening does not move it
        Assert.Equal(reportedAt.AddDays(7), final.ResolutionDueAt);
        Assert.Equal(1, final.ReopenCount);
        var statistics = await IncidentStatistics.ComputeAsync(store, null, scenario.Now, null, None);
        Assert.Equal(new Proportion(1, 0), statistics.ResolvedWithinTarget);
        Assert.Equal(new Proportion(1, 0), statistics.Reopened);
        Assert.Equal(resolvedAt - reportedAt, statistics.TimeToResolve.Median);
    }

    [Fact]
    public async Task Repository_DeadlinesPaused_ResolutionNotJudgedUntilResumed()
    {
        var scenario = new Scenario();
        var store = new InMemoryIncidentStore();
        var repository = new IncidentRepository(store, scenario.Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions());
        scenario.Time.Advance(Scenario.Step);
        var id = (await repository.ReportAsync(Scenario.ReportCommand(), null, None)).AsT0.Id;
        scenario.Time.Advance(TimeSpan.FromMinutes(20));
        Assert.True((await repository.ExecuteAsync(id, new PauseDeadlines(People.CustomerServiceRep, "Waiting for the customer's documents."), None)).IsT0);

        var paused = Assert.Single((await store.QueryAsync(new IncidentQuery(), None)).Items);
        var sixtyDaysOn = scenario.Now.AddDays(60);
        var whilePaused = await IncidentStatistics.ComputeAsync(store, null, sixtyDaysOn, null, None);

        Assert.Null(paused.ResolutionDueAt);
        Assert.NotNull(paused.AcknowledgedAt); // the pause was the first action: acknowledged, on time
        Assert.Equal(new Proportion(0, 0), whilePaused.ResolvedWithinTarget);
        Assert.Equal(new Proportion(1, 0), whilePaused.AcknowledgedWithinTarget);

        scenario.Time.Advance(TimeSpan.FromDays(60));
        Assert.True((await repository.ExecuteAsync(id, new ResumeDeadlines(People.CustomerServiceRep), None)).IsT0);
        var resumed = Assert.Single((await store.QueryAsync(new IncidentQuery(), None)).Items);
        Assert.NotNull(resumed.ResolutionDueAt);
        Assert.True(resumed.ResolutionDueAt > scenario.Now, "the paused time moves the due time on");
    }

    [Fact]
    public async Task Repository_SecretConfigured_PetitionerKeyUsesIt()
    {
        var scenario = new Scenario();
        var store = new InMemoryIncidentStore();
        var options = new IncidentStorageOptions { PetitionerKeySecret = "s3cret" };
        var repository = new IncidentRepository(store, scenario.Lifecycle, new IncidentEventSerializer(), options);

        await repository.ReportAsync(Scenario.ReportCommand(), null, None);

        var key = Assert.Single((await store.QueryAsync(new IncidentQuery(), None)).Items).PetitionerKey;
        Assert.Equal(IncidentSummaries.ContactKey("+86 138 0000 0000", "s3cret"), key);
        Assert.NotEqual(IncidentSummaries.ContactKey("+86 138 0000 0000", null), key);
    }

    // ---------- rendering ----------
    [Fact]
    public void ToMarkdown_BothLanguages_ShowEveryFigure()
    {
        IncidentSummary[] summaries =
        [
            Summary(1, acknowledgedAfter: TimeSpan.FromMinutes(10), acknowledgeDue: TimeSpan.FromMinutes(30), resolvedAfter: TimeSpan.FromDays(2), resolutionDue: TimeSpan.FromDays(7), petitioner: "a") with { Level = SeverityLevel.II },
            Summary(2, acknowledgedAfter: TimeSpan.FromHours(5), acknowledgeDue: TimeSpan.FromHours(4), resolvedAfter: TimeSpan.FromDays(3).Add(TimeSpan.FromHours(5)), resolutionDue: TimeSpan.FromDays(7), reopens: 1, petitioner: "a") with { Category = new RiskCategory("Environment") },
        ];
        var statistics = IncidentStatistics.Compute(summaries, Year.AddDays(30));

        var english = statistics.ToMarkdown(ReportLanguage.English);
        var chinese = statistics.ToMarkdown(ReportLanguage.Chinese);

        Assert.StartsWith("# Incident statistics\n\nAs of 2026-01-31 00:00 (UTC+08:00); months counted in UTC+08:00. 2 incidents.", english, StringComparison.Ordinal);
        Assert.Contains("| time to acknowledge (first action) | 2 | 2 h 35 min | 4 h 31 min |", english, StringComparison.Ordinal);
        Assert.Contains("| time to resolve (first resolution) | 2 | 2 d 15 h | 3 d 2 h |", english, StringComparison.Ordinal);
        Assert.Contains("| II major (orange) | 1 | 10 min | 10 min | 1 | 2 d | 2 d |", english, StringComparison.Ordinal);
        Assert.Contains("| acknowledged within target | 1 | 1 | 50.0% |", english, StringComparison.Ordinal);
        Assert.Contains("| reopened after resolution (reopen rate) | 1 | 1 | 50.0% |", english, StringComparison.Ordinal);
        Assert.Contains("Repeat petitioners: 1 of 1 petitioner had more than one incident, 2 incidents in all.", english, StringComparison.Ordinal);
        Assert.Contains("| data privacy | 1 | 50.0% |", english, StringComparison.Ordinal);
        Assert.Contains("| Environment | 1 | 50.0% |", english, StringComparison.Ordinal);
        Assert.DoesNotContain("not assessed", english, StringComparison.Ordinal); // no unassessed incident: no row
        Assert.Contains("| 2026-01 | 2 | 100.0% |", english, StringComparison.Ordinal);

        Assert.StartsWith("# 信访舆情事件统计\n\n统计时点 2026-01-31 00:00（UTC+08:00），月份按 UTC+08:00 计。共 2 件事件。", chinese, StringComparison.Ordinal);
        Assert.Contains("| 响应用时（首次处理） | 2 | 2小时35分钟 | 4小时31分钟 |", chinese, StringComparison.Ordinal);
        Assert.Contains("| 处置用时（首次办结） | 2 | 2天15小时 | 3天2小时 |", chinese, StringComparison.Ordinal);
        Assert.Contains("| II 重大 (橙) | 1 | 10分钟 | 10分钟 | 1 | 2天 | 2天 |", chinese, StringComparison.Ordinal);
        Assert.Contains("| 按时响应 | 1 | 1 | 50.0% |", chinese, StringComparison.Ordinal);
        Assert.Contains("重复信访人：1 名信访人中 1 名有两件及以上事件，共 2 件。", chinese, StringComparison.Ordinal);
        Assert.Contains("| 数据隐私 | 1 | 50.0% |", chinese, StringComparison.Ordinal);
        Assert.Contains("| 客服热线 | 2 | 100.0% |", chinese, StringComparison.Ordinal);
    }

    [Fact]
    public void ToCsv_FieldWithCommaOrQuote_IsQuotedAsRfc4180Says()
    {
        var statistics = IncidentStatistics.Compute([Summary(1) with { Category = new RiskCategory("Fire_Safety") }], Year);

        var csv = statistics.ToCsv();

        Assert.StartsWith("measure,dimension,key,statistic,value\r\nincidents,all,,count,1\r\nincidents,category,Fire_Safety,count,1\r\n", csv, StringComparison.Ordinal);
        Assert.EndsWith("petitioners,all,,incidents_from_repeat,0\r\n", csv, StringComparison.Ordinal);
        Assert.Contains("time_to_resolve,all,,median_seconds,\r\n", csv, StringComparison.Ordinal);
    }

    private static IncidentSummary Summary(
        int n,
        TimeSpan? acknowledgedAfter = null,
        TimeSpan? acknowledgeDue = null,
        TimeSpan? resolvedAfter = null,
        TimeSpan? resolutionDue = null,
        int reopens = 0,
        string? petitioner = null,
        IncidentState state = IncidentState.Responding)
        => new(
            new IncidentId(new Guid(n, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)),
            IncidentKind.Petition,
            IntakeChannel.Hotline,
            RiskCategory.DataPrivacy,
            state,
            SeverityLevel.III,
            Year,
            Year.AddDays(1),
            null,
            3,
            Year + acknowledgedAfter,
            Year + acknowledgeDue,
            Year + resolvedAfter,
            Year + resolutionDue,
            reopens,
            petitioner);

    private static string Seconds(TimeSpan? value) => Math.Round(value!.Value.Ticks / (decimal)TimeSpan.TicksPerSecond, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);

    private static List<string[]> ParseCsv(string csv)
    {
        // Good enough for the library's output: no field in these tests needs quoting.
        Assert.DoesNotContain("\"", csv, StringComparison.Ordinal);
        return [.. csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(','))];
    }

    private sealed class ShiftingStore(List<IncidentSummary> summaries) : IIncidentStore
    {
        private readonly List<IncidentSummary> _ordered = [.. summaries.OrderBy(s => s.ReportedAt).ThenBy(s => s.Id.Value)];

        public List<IncidentQuery> Queries { get; } = [];

        public ValueTask<IncidentSummaryPage> QueryAsync(IncidentQuery query, CancellationToken cancellationToken)
        {
            Queries.Add(query);
            var matching = _ordered.Where(query.Matches).ToList();
            var skip = Queries.Count == 1 ? query.Skip : query.Skip - 1;
            return ValueTask.FromResult(new IncidentSummaryPage([.. matching.Skip(skip).Take(query.Take)], matching.Count));
        }

        public ValueTask<AppendResult> AppendAsync(AppendRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<StoredEvent>> LoadAsync(IncidentId incident, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<IncidentHistory> LoadHistoryAsync(IncidentId incident, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(long fromSequence, int maxCount, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<IncidentId?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<OutboxMessage>> ReadOutboxAsync(int maxCount, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask AcknowledgeOutboxAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<int> PurgeOutboxAsync(DateTimeOffset acknowledgedBefore, int maxCount, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
