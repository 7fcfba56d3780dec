using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Notifications;
using PetitionOpinion.Organization;
using PetitionOpinion.Reporting;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Notifications;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Reporting;

/// <summary>
/// <see cref="ClosureReportDocument"/>: what it takes from the incident (header, level history, directives, statements,
/// communications, support, deadlines, the report's content), draft / submitted / final, people by name, times in the
/// configured offset, and the Markdown in both languages.
/// </summary>
public sealed class ClosureReportDocumentTests
{
    private readonly Scenario _scenario = new();

    private static string NameOf(PersonId person) => $"Person {person}";

    // ---------- header and status ----------
    [Fact]
    public void Build_ClosedIncident_IsFinalWithTheHeaderAndWhoSubmittedAndAccepted()
    {
        var incident = ReportStories.Full(_scenario);

        var document = ClosureReportDocument.Build(incident, _scenario.Organization);

        Assert.Equal(ClosureReportStatus.Final, document.Status);
        Assert.Equal(incident.Id, document.IncidentId);
        Assert.Equal((IncidentKind.Petition, RiskCategory.DataPrivacy, IntakeChannel.Hotline), (document.Kind, document.Category, document.Channel));
        Assert.Equal((IncidentState.Closed, SeverityLevel.II), (document.State, document.FinalLevel));
        Assert.Equal(Departments.TechnicalSupport, document.ComplainedDepartment);
        Assert.Equal(new ActionStamp(new Person(People.CustomerServiceRep, NameOf(People.CustomerServiceRep)), incident.ReportedAt), document.Reported);
        Assert.Equal(new ActionStamp(new Person(People.CustomerServiceManager, NameOf(People.CustomerServiceManager)), incident.ResolvedAt!.Value), document.Resolved);
        Assert.Equal(incident.ClosedAt, document.ClosedAt);
        Assert.Equal(People.CustomerServiceManager, document.Submitted?.By.Id);
        Assert.Equal(People.GeneralManager, document.Accepted?.By.Id);
        Assert.Equal(incident.ClosedAt, document.Accepted?.At);
        Assert.Equal(incident.AcceptedReport!.Causes.Count, document.Causes.Count);
        Assert.Equal([People.HeadOfTechnicalSupport, People.ItSupport], document.Improvements.Select(i => i.Owner.Id));
        Assert.Equal([NameOf(People.HeadOfTechnicalSupport), NameOf(People.ItSupport)], document.Improvements.Select(i => i.Owner.Name));
        Assert.Equal(new DateOnly(2026, 6, 30), document.Improvements[0].DueOn);
        Assert.Equal(["Call the customer back within the hour."], document.Lessons);

        var en = document.ToMarkdown(ReportLanguage.English);
        var zh = document.ToMarkdown(ReportLanguage.Chinese);
        Assert.StartsWith($"# Closure report — incident {incident.Id}\n\n> **Final.** Accepted by the leading group on 2026-03-02 18:50 ({NameOf(People.GeneralManager)}).\n", en, StringComparison.Ordinal);
        Assert.StartsWith($"# 总结报告 — 事件 {incident.Id}\n\n> **定稿。** 领导小组已于 2026-03-02 18:50 接受（{NameOf(People.GeneralManager)}）。\n", zh, StringComparison.Ordinal);
        Assert.Contains("- **Final level:** II major (orange)\n", en, StringComparison.Ordinal);
        Assert.Contains("- **最终等级：** II 重大 (橙)\n", zh, StringComparison.Ordinal);
        Assert.Contains($"- **Report submitted:** 2026-03-02 18:45 by {NameOf(People.CustomerServiceManager)}\n", en, StringComparison.Ordinal);
        Assert.Contains($"- **报告接受：** 2026-03-02 18:50，{NameOf(People.GeneralManager)}\n", zh, StringComparison.Ordinal);
        Assert.Contains("- **Complaint about:** the Technical Support department\n", en, StringComparison.Ordinal);
        Assert.Contains($"| 1 | Add a review step for cache changes. | {NameOf(People.HeadOfTechnicalSupport)} | 2026-06-30 |\n", en, StringComparison.Ordinal);
        Assert.Contains("| 序号 | 改进措施 | 责任人 | 完成期限 |\n", zh, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ResolvedWithoutReport_IsADraftMarkedNotYetSubmittedInBothLanguages()
    {
        var incident = ReportStories.Full(_scenario, StoryEnd.Resolved);

        var document = ClosureReportDocument.Build(incident, _scenario.Organization);

        Assert.Equal(ClosureReportStatus.Draft, document.Status);
        Assert.Null(document.Summary);
        Assert.Null(document.Submitted);
        Assert.Null(document.Accepted);
        Assert.Empty(document.Causes);
        Assert.Empty(document.Improvements);
        Assert.Equal(incident.History.Count, document.Timeline.Count);
        var en = document.ToMarkdown(ReportLanguage.English);
        var zh = document.ToMarkdown(ReportLanguage.Chinese);
        Assert.Contains("> **Draft — not yet submitted.**", en, StringComparison.Ordinal);
        Assert.Contains("- **Report submitted:** not yet submitted\n", en, StringComparison.Ordinal);
        Assert.Contains("## Summary\n\n_Not yet submitted._\n", en, StringComparison.Ordinal);
        Assert.Contains("> **草稿——尚未提交。**", zh, StringComparison.Ordinal);
        Assert.Contains("## 原因分析\n\n_尚未提交。_\n", zh, StringComparison.Ordinal);
        Assert.Contains("- **Current level:** II major (orange)\n", en, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SubmittedNotAccepted_IsSubmittedAwaitingAcceptance()
    {
        var incident = ReportStories.Full(_scenario, StoryEnd.Submitted);

        var document = ClosureReportDocument.Build(incident, _scenario.Organization);

        Assert.Equal(ClosureReportStatus.Submitted, document.Status);
        Assert.Equal(People.CustomerServiceManager, document.Submitted?.By.Id);
        Assert.Null(document.Accepted);
        Assert.NotNull(document.Summary);
        Assert.Contains("> **Submitted — awaiting acceptance.**", document.ToMarkdown(ReportLanguage.English), StringComparison.Ordinal);
        Assert.Contains("> **已提交——待接受。**", document.ToMarkdown(ReportLanguage.Chinese), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ReopenedAfterClosure_IsADraftAgainAndCountsTheReopening()
    {
        var incident = ReportStories.Full(_scenario);
        _scenario.Do(incident, new ReopenIncident(People.CustomerServiceManager, "The customer disputes the result."));

        var document = ClosureReportDocument.Build(incident, _scenario.Organization);

        Assert.Equal(ClosureReportStatus.Draft, document.Status);
        Assert.Null(document.Submitted);
        Assert.Null(document.Accepted);
        Assert.Equal(1, document.ReopenCount);
        Assert.Contains("- **Reopened:** 1 time(s)\n", document.ToMarkdown(ReportLanguage.English), StringComparison.Ordinal);
        Assert.Contains("Reopened: The customer disputes the result.", document.ToMarkdown(ReportLanguage.English), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_DismissedIncident_ShowsTheReasonAndNoLevel()
    {
        var incident = _scenario.Drive(IncidentState.Dismissed);

        var document = ClosureReportDocument.Build(incident, _scenario.Organization);

        Assert.Equal(ClosureReportStatus.Draft, document.Status);
        Assert.Equal("Out of scope: not about the company.", document.DismissalReason);
        Assert.Empty(document.LevelHistory);
        var en = document.ToMarkdown(ReportLanguage.English);
        Assert.Contains("- **Dismissed:** Out of scope: not about the company.\n", en, StringComparison.Ordinal);
        Assert.Contains("- **Current level:** not assessed\n", en, StringComparison.Ordinal);
        Assert.Contains("## Level history\n\nNot assessed.\n", en, StringComparison.Ordinal);
        Assert.Contains("## 处理指令\n\n无。\n", document.ToMarkdown(ReportLanguage.Chinese), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MergedAsDuplicate_SaysMergedIntoTheOriginalNotDismissed()
    {
        var original = _scenario.Drive(IncidentState.Directed);
        var duplicate = _scenario.Report();
        _scenario.Time.Advance(Scenario.Step);
        Assert.True(_scenario.Lifecycle.MergeAsDuplicate(duplicate, original, new MergeAsDuplicate(People.CustomerServiceRep, "Same customer, same *order*.")).IsT0);

        var document = ClosureReportDocument.Build(duplicate, _scenario.Organization);

        var en = document.ToMarkdown(ReportLanguage.English);
        var zh = document.ToMarkdown(ReportLanguage.Chinese);
        Assert.Contains($"- Merged as a duplicate of incident {original.Id}: Same customer, same \\*order\\*.\n", en, StringComparison.Ordinal);
        Assert.Contains($"- 作为事件 {original.Id} 的重复件合并：Same customer, same \\*order\\*.\n", zh, StringComparison.Ordinal);
        Assert.DoesNotContain("Dismissed:", en, StringComparison.Ordinal);
        Assert.DoesNotContain("不予受理理由", zh, StringComparison.Ordinal);
    }

    // ---------- sections ----------
    [Fact]
    public void Build_Reassessment_LevelHistoryHasEveryAssessmentWithTheEscalationMarked()
    {
        var incident = ReportStories.Full(_scenario);

        var document = ClosureReportDocument.Build(incident, _scenario.Organization);

        Assert.Collection(
            document.LevelHistory,
            first =>
            {
                Assert.Equal((SeverityLevel.III, ImpactScope.Individual, PotentialRisk.Medium, (SeverityLevel?)null, false), (first.Level, first.Scope, first.PotentialRisk, first.PreviousLevel, first.Escalated));
                Assert.Equal("One customer; personal data shown to another.", first.Reason);
                Assert.Equal(People.CustomerServiceRep, first.Assessed.By.Id);
            },
            second => Assert.Equal((SeverityLevel.II, (SeverityLevel?)SeverityLevel.III, true), (second.Level, second.PreviousLevel, second.Escalated)));
        var en = document.ToMarkdown(ReportLanguage.English);
        var zh = document.ToMarkdown(ReportLanguage.Chinese);
        Assert.Contains($"| 2026-03-02 17:10 | {NameOf(People.CustomerServiceRep)} | III large (yellow) | individual | medium | first assessment | One customer; personal data shown to another. |", en, StringComparison.Ordinal);
        Assert.Contains("| II major (orange) | group | high | raised from III; **escalated** to the leading group | Others report the same. |", en, StringComparison.Ordinal);
        Assert.Contains("| II 重大 (橙) | 群体 | 高 | 由 III 上调；**升级**上报领导小组 | Others report the same. |", zh, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Directives_ShowIssuerAcknowledgementAndOutcomeOnTimeLateOrCancelled()
    {
        var incident = ReportStories.Full(_scenario);

        var document = ClosureReportDocument.Build(incident, _scenario.Organization);

        Assert.Equal([DirectiveStatus.Completed, DirectiveStatus.Completed, DirectiveStatus.Cancelled], document.Directives.Select(d => d.Status));
        Assert.Equal([true, false, null], document.Directives.Select(d => d.CompletedOnTime));
        Assert.Equal(People.CustomerServiceRep, document.Directives[0].Acknowledged?.By.Id);
        Assert.Null(document.Directives[2].Acknowledged);
        Assert.Equal("Covered by the support request.", document.Directives[2].Outcome);
        Assert.Equal($"Call {Confidentiality.Redacted} back.", document.Directives[1].Instructions);
        var en = document.ToMarkdown(ReportLanguage.English);
        var zh = document.ToMarkdown(ReportLanguage.Chinese);
        Assert.Contains("| D1 | information collection | Petition Handling Group | Collect the account history. |", en, StringComparison.Ordinal);
        Assert.Contains("| completed on time: History collected. |", en, StringComparison.Ordinal);
        Assert.Contains("| completed **late** by 1 h: Called back. |", en, StringComparison.Ordinal);
        Assert.Contains("| D3 | technical support | Logistics Support Group | Check the cache. |", en, StringComparison.Ordinal);
        Assert.Contains("| cancelled: Covered by the support request. |", en, StringComparison.Ordinal);
        Assert.Contains("| **逾期** 1 小时完成：Called back. |", zh, StringComparison.Ordinal);
        Assert.Contains("| D1 | 信息收集 | 信访处理小组 |", zh, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_StatementsCommunicationsAndSupport_ShowWhoDidWhatWhenAndWhere()
    {
        var incident = ReportStories.Full(_scenario);

        var document = ClosureReportDocument.Build(incident, _scenario.Organization);

        var statement = Assert.Single(document.Statements);
        Assert.Equal((StatementStatus.Published, "Weibo", "No admission of liability."), (statement.Status, statement.Channel, statement.ReviewNote));
        Assert.Equal(
            [People.PrManager, People.HeadOfLegal, People.GeneralManager, People.SocialMediaSpecialist],
            new[] { statement.Drafted, statement.Reviewed!, statement.Approved!, statement.Published! }.Select(s => s.By.Id));
        Assert.True(statement.Drafted.At < statement.Reviewed!.At && statement.Reviewed.At < statement.Approved!.At && statement.Approved.At < statement.Published!.At);
        var communication = Assert.Single(document.Communications);
        Assert.Equal($"Called {Confidentiality.Redacted} on {Confidentiality.Redacted}.", communication.Summary);
        var support = Assert.Single(document.SupportRequests);
        Assert.Equal((SupportKind.ItSupport, People.ItSupport, "Flushed."), (support.Kind, support.Fulfilled?.By.Id, support.Resolution));
        var en = document.ToMarkdown(ReportLanguage.English);
        var zh = document.ToMarkdown(ReportLanguage.Chinese);
        Assert.Contains($"| S1 | On the account page error | published | 2026-03-02 18:00 by {NameOf(People.PrManager)} | 2026-03-02 18:05 by {NameOf(People.HeadOfLegal)}: No admission of liability. | 2026-03-02 18:10 by {NameOf(People.GeneralManager)} | 2026-03-02 18:15 by {NameOf(People.SocialMediaSpecialist)} | Weibo |", en, StringComparison.Ordinal);
        Assert.Contains("| S1 | On the account page error | 已发布 |", zh, StringComparison.Ordinal);
        Assert.Contains($"| 2026-03-02 17:50 | {NameOf(People.CustomerServiceRep)} | hotline | Called \\[redacted\\] on \\[redacted\\]. | She accepted the apology. |", en, StringComparison.Ordinal);
        Assert.Contains($"| R1 | IT support | Flush the cache. | 2026-03-02 18:20 by {NameOf(People.CustomerServiceRep)} | 2026-03-02 18:25 by {NameOf(People.ItSupport)} | Flushed. |", en, StringComparison.Ordinal);
        Assert.Contains("| R1 | IT 支持 | Flush the cache. |", zh, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Timeline_HasOneRowPerEventWithTheActorsNameOldestFirst()
    {
        var incident = ReportStories.Full(_scenario);

        var document = ClosureReportDocument.Build(incident, _scenario.Organization);

        Assert.Equal(incident.History.Select(e => (e.OccurredAt, e.Actor, e.GetType().Name)), document.Timeline.Select(t => (t.At, t.Actor.Id, t.Event)));
        Assert.All(document.Timeline, t => Assert.Equal(NameOf(t.Actor.Id), t.Actor.Name));
        foreach (var language in new[] { ReportLanguage.English, ReportLanguage.Chinese })
        {
            var markdown = document.ToMarkdown(language);
            var heading = language == ReportLanguage.English ? "## Timeline\n" : "## 事件经过\n";
            var rows = markdown[markdown.IndexOf(heading, StringComparison.Ordinal)..].Split('\n').Where(l => l.StartsWith('|')).ToList();
            Assert.Equal(incident.History.Count + 2, rows.Count);
        }

        Assert.Contains($"| 2026-03-02 17:55 | {NameOf(People.CustomerServiceRep)} | Escalated to level II major (orange): the leading group is told. |", document.ToMarkdown(ReportLanguage.English), StringComparison.Ordinal);
        Assert.Contains("| 升级至 II 重大 (橙)：上报领导小组。 |", document.ToMarkdown(ReportLanguage.Chinese), StringComparison.Ordinal);
    }

    // ---------- people and confidentiality ----------
    [Fact]
    public void Build_ActorTheOrganisationDoesNotKnow_IsShownById()
    {
        var incident = _scenario.Drive(IncidentState.Assessed);
        var scanner = new DeadlineScanner(DeadlinePolicy.Default, _scenario.Time);
        _scenario.Time.Advance(TimeSpan.FromDays(30));
        scanner.Record(incident, scanner.Scan(incident));

        var document = ClosureReportDocument.Build(incident, _scenario.Organization);

        var alert = document.Timeline.First(t => t.Event == nameof(DeadlineAlertRaised));
        Assert.Equal(new Person(DeadlinePolicy.Default.ScannerActor, DeadlinePolicy.Default.ScannerActor.Value), alert.Actor);
        Assert.Contains($"| {DeadlinePolicy.Default.ScannerActor.Value} | Deadline", document.ToMarkdown(ReportLanguage.English), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ComplaintAboutAPerson_NamesNobodyAndNeverThePetitioner()
    {
        var complained = People.MarketingManager;
        var incident = ReportStories.Full(_scenario, complained: new ComplainedParty(complained, null));

        var document = ClosureReportDocument.Build(incident, _scenario.Organization);

        Assert.Null(document.ComplainedDepartment);
        Assert.True(document.ComplaintAboutPerson);
        foreach (var markdown in new[] { document.ToMarkdown(ReportLanguage.English), document.ToMarkdown(ReportLanguage.Chinese) })
        {
            Assert.DoesNotContain(complained.Value, markdown, StringComparison.Ordinal);
            Assert.DoesNotContain(ReportStories.PetitionerName, markdown, StringComparison.OrdinalIgnoreCase);
            Assert.False(SecretText.ContainsPhone(markdown, "13800000000"), markdown);
        }

        Assert.Contains("- **Complaint about:** a person in the organisation (not named in this report)\n", document.ToMarkdown(ReportLanguage.English), StringComparison.Ordinal);
        Assert.Contains("- **被投诉方：** 组织内人员（本报告不具名）\n", document.ToMarkdown(ReportLanguage.Chinese), StringComparison.Ordinal);
        Assert.Equal($"{Confidentiality.Redacted} (phone {Confidentiality.Redacted}) says another customer's order history appeared in her account.", document.Description);
    }

    // ---------- deadlines ----------
    [Fact]
    public void Build_WithAScanner_SummarisesEveryDeadlineAsItStandsAtTheScannersClock()
    {
        var incident = ReportStories.Full(_scenario);
        var scanner = new DeadlineScanner(DeadlinePolicy.Default, _scenario.Time);

        var document = ClosureReportDocument.Build(incident, _scenario.Organization, scanner);

        Assert.NotNull(document.Deadlines);
        Assert.Equal(scanner.DeadlinesOf(incident), document.Deadlines, new DeadlinesComparer());
        var en = document.ToMarkdown(ReportLanguage.English);
        var zh = document.ToMarkdown(ReportLanguage.Chinese);
        Assert.Contains("## Deadlines\n\nAs they stand at 2026-03-02 18:50, under the targets of level II.\n", en, StringComparison.Ordinal);
        Assert.Contains("| directive D2 | Petition Handling Group | 2026-03-02 17:35 | 2026-03-02 18:35 | met **late** by 1 h |", en, StringComparison.Ordinal);
        Assert.Contains("| resolution | Petition Handling Group |", en, StringComparison.Ordinal);
        Assert.Contains("| 指令 D1 | 信访处理小组 |", zh, StringComparison.Ordinal);
        Assert.Contains("| 按时完成 |", zh, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithoutAScanner_HasNoDeadlineSection()
    {
        var document = ClosureReportDocument.Build(ReportStories.Full(_scenario), _scenario.Organization);

        Assert.Null(document.Deadlines);
        Assert.DoesNotContain("## Deadlines", document.ToMarkdown(ReportLanguage.English), StringComparison.Ordinal);
        Assert.DoesNotContain("## 时限", document.ToMarkdown(ReportLanguage.Chinese), StringComparison.Ordinal);
    }

    // ---------- times ----------
    [Fact]
    public void Build_NoOffsetGiven_ShowsTimesInChinaTime()
    {
        var document = ClosureReportDocument.Build(_scenario.Drive(IncidentState.Reported), _scenario.Organization);

        Assert.Equal(TimeSpan.FromHours(8), document.UtcOffset);
        var en = document.ToMarkdown(ReportLanguage.English);
        Assert.Contains("- **Reported:** 2026-03-02 17:05 by", en, StringComparison.Ordinal);
        Assert.Contains("- **Times:** UTC+08:00\n", en, StringComparison.Ordinal);
        Assert.Contains("- **时间：** 均为 UTC+08:00\n", document.ToMarkdown(ReportLanguage.Chinese), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_OffsetInOptions_ShowsTimesInThatOffset()
    {
        var incident = _scenario.Drive(IncidentState.Reported);

        var document = ClosureReportDocument.Build(incident, _scenario.Organization, options: new ClosureReportOptions { UtcOffset = TimeSpan.FromHours(-5.5) });

        var en = document.ToMarkdown(ReportLanguage.English);
        Assert.Contains("- **Reported:** 2026-03-02 03:35 by", en, StringComparison.Ordinal);
        Assert.Contains("- **Times:** UTC-05:30\n", en, StringComparison.Ordinal);
        Assert.Contains("- **时间：** 均为 UTC-05:30\n", document.ToMarkdown(ReportLanguage.Chinese), StringComparison.Ordinal);
        Assert.DoesNotContain("\u2212", en, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ScannerWithAnotherOffsetAndNoOption_UsesThePolicysOffset()
    {
        var policy = new DeadlineOptions { UtcOffset = TimeSpan.FromHours(1) }.Build().AsT0;

        var document = ClosureReportDocument.Build(_scenario.Drive(IncidentState.Reported), _scenario.Organization, new DeadlineScanner(policy, _scenario.Time));

        Assert.Equal(TimeSpan.FromHours(1), document.UtcOffset);
        Assert.Contains("- **Reported:** 2026-03-02 10:05 by", document.ToMarkdown(ReportLanguage.English), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(15 * 60)]
    [InlineData(-15 * 60)]
    [InlineData(8 * 60 + 0.5)]
    public void Build_OffsetBeyond14HoursOrNotWholeMinutes_Throws(double minutes)
    {
        var incident = _scenario.Drive(IncidentState.Reported);

        Assert.Throws<ArgumentOutOfRangeException>(() => ClosureReportDocument.Build(incident, _scenario.Organization, options: new ClosureReportOptions { UtcOffset = TimeSpan.FromMinutes(minutes) }));
    }

    // ---------- guards and storage ----------
    [Fact]
    public void Build_NullIncidentOrOrganisation_Throws()
    {
        var incident = _scenario.Drive(IncidentState.Reported);

        Assert.Throws<ArgumentNullException>(() => ClosureReportDocument.Build(null!, _scenario.Organization));
        Assert.Throws<ArgumentNullException>(() => ClosureReportDocument.Build(incident, null!));
    }

    [Fact]
    public void ToMarkdown_UndefinedLanguage_Throws()
    {
        var document = ClosureReportDocument.Build(_scenario.Drive(IncidentState.Reported), _scenario.Organization);

        Assert.Throws<ArgumentOutOfRangeException>(() => document.ToMarkdown((ReportLanguage)99));
    }

    [Fact]
    public async Task Build_IncidentLoadedFromTheStore_GivesTheSameReportAsTheIncidentInMemory()
    {
        var inMemory = ReportStories.Full(new Scenario());
        var repository = new IncidentRepository(new InMemoryIncidentStore(), _scenario.Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions());
        _scenario.Time.Advance(Scenario.Step);
        var id = (await repository.ReportAsync(ReportStories.ReportCommand(), null, CancellationToken.None)).AsT0.Id;
        foreach (var command in ReportStories.Commands(_scenario))
        {
            Assert.True((await repository.ExecuteAsync(id, command, CancellationToken.None)).IsT0);
        }

        var loaded = await repository.FindAsync(id, CancellationToken.None) ?? throw new InvalidOperationException("Not stored.");

        Assert.Equal(IncidentState.Closed, loaded.State);
        foreach (var language in new[] { ReportLanguage.English, ReportLanguage.Chinese })
        {
            Assert.Equal(
                ClosureReportDocument.Build(inMemory, _scenario.Organization).ToMarkdown(language),
                ClosureReportDocument.Build(loaded, _scenario.Organization).ToMarkdown(language));
        }
    }

    private sealed class DeadlinesComparer : IEqualityComparer<IncidentDeadlines?>
    {
        public bool Equals(IncidentDeadlines? x, IncidentDeadlines? y)
            => x is not null && y is not null && x.At == y.At && x.Level == y.Level && x.Deadlines.Select(d => (d.Key, d.DueAt, d.MetAt, d.State)).SequenceEqual(y.Deadlines.Select(d => (d.Key, d.DueAt, d.MetAt, d.State)));

        public int GetHashCode(IncidentDeadlines? obj) => 0;
    }
}
