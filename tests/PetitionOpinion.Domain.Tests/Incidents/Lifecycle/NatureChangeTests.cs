using PetitionOpinion.Assessment;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Notifications;
using PetitionOpinion.Organization;
using PetitionOpinion.Reporting;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Incidents.Lifecycle;

/// <summary>
/// Issue 20, "a petition that goes public": an incident takes on its second nature — by an assessment whose facts show
/// public exposure, or by a command of the petition handling or leading group — and then carries both: the deadlines of
/// both natures, the opinion monitoring group told, the closure report and statistics showing both. And the reverse: a
/// petitioner who comes forward on a public-opinion event. Also: the facts of the last assessment kept on the incident.
/// </summary>
public sealed class NatureChangeTests
{
    private readonly Scenario _scenario = new();

    private DeadlineScanner Scanner => new(DeadlinePolicy.Default, _scenario.Time);

    // The held-out scenario: a data leak reported by hotline, assessed at III, then re-assessed at 15 M reach with mainstream media coverage.
    [Fact]
    public void Reassess_DataLeakPetitionAt15MReachWithMainstreamMedia_RecordsThatItWentPublicAndStartsTheOpinionDeadlines()
    {
        var incident = _scenario.Report(IncidentKind.Petition);
        var facts = new RiskFacts { Category = RiskCategory.DataPrivacy, Channel = IntakeChannel.Hotline, PersonalDataRecordsAffected = 1_200_000 };
        var first = RiskRuleSet.Default.Assess(facts).AsT0;
        _scenario.Do(incident, AssessIncident.From(People.CustomerServiceRep, first));
        Assert.Equal(IncidentKind.Petition, incident.Kind);
        Assert.DoesNotContain(Scanner.DeadlinesOf(incident).Deadlines, d => d.Kind == DeadlineKind.FirstPublicStatement);

        var spread = incident.Facts! with { Reach = 15_000_000, MainstreamMediaCoverage = true };
        var again = RiskRuleSet.Default.Assess(spread).AsT0;
        var events = _scenario.Do(incident, ReassessIncident.From(People.CustomerServiceRep, again));
        var wentPublicAt = _scenario.Now;

        Assert.Equal([nameof(IncidentAssessed), nameof(IncidentEscalated), nameof(IncidentNatureAdded)], events.Select(e => e.GetType().Name));
        var added = Assert.IsType<IncidentNatureAdded>(events[2]);
        Assert.Equal(IncidentKind.PublicOpinion, added.Nature);
        Assert.Contains("mainstream media", added.Reason, StringComparison.Ordinal);
        Assert.Equal(IncidentKind.PetitionAndPublicOpinion, incident.Kind);
        Assert.Equal(incident.ReportedAt, incident.PetitionSince);
        Assert.Equal(wentPublicAt, incident.PublicOpinionSince);
        Assert.Equal(SeverityLevel.II, incident.Level);
        Assert.Contains(WellKnownGroups.OpinionMonitoringGroup, again.GroupsToActivate);

        // The facts kept for the next re-assessment say what the incident is now.
        Assert.Equal(spread with { Kind = IncidentKind.PetitionAndPublicOpinion }, incident.Facts);
        Assert.Equal(spread, incident.Assessments[^1].Facts);

        // Both natures: the first statement 12 h after it went public (level II); the petition clock keeps running from the first assessment.
        var deadlines = Scanner.DeadlinesOf(incident);
        var statement = Assert.Single(deadlines.Deadlines, d => d.Kind == DeadlineKind.FirstPublicStatement);
        Assert.Equal(wentPublicAt.AddHours(12), statement.DueAt);
        Assert.Equal(WellKnownGroups.OpinionMonitoringGroup, statement.Owner);
        Assert.Equal(DeadlineState.Met, Assert.Single(deadlines.Deadlines, d => d.Kind == DeadlineKind.AcceptanceNotice).State);
        Assert.Equal(incident.Assessments[0].AssessedAt, Assert.Single(deadlines.Deadlines, d => d.Kind == DeadlineKind.HandlingOpinion).StartedAt);
        Assert.Single(deadlines.Deadlines, d => d.Kind == DeadlineKind.StatusUpdate);
    }

    [Fact]
    public void Route_PetitionWentPublic_TellsEveryMemberOfTheOpinionMonitoringGroup()
    {
        var incident = _scenario.Drive(IncidentState.Responding);
        var events = _scenario.Do(incident, new AddIncidentNature(People.CustomerServiceManager, IncidentKind.PublicOpinion, "A video of the complaint is trending on Weibo."));

        var notifications = new NotificationRouter(_scenario.Organization).Route(incident, [.. events]);

        var opinionGroup = _scenario.Organization.FindGroup(WellKnownGroups.OpinionMonitoringGroup)!.Positions.SelectMany(p => p.Holders).Distinct().OrderBy(p => p.Value, StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(opinionGroup);
        Assert.Equal(opinionGroup, notifications.Select(n => n.Recipient).OrderBy(p => p.Value, StringComparer.Ordinal).ToArray());
        Assert.All(notifications, n => Assert.Equal(NotificationTopic.IncidentNatureAdded, n.Topic));
        Assert.All(notifications, n => Assert.DoesNotContain("Wang Fang", n.Body, StringComparison.Ordinal));
    }

    [Fact]
    public void AddNature_ByThePetitionHandlingOrLeadingGroup_IsAcceptedOnceAndOnlyWhileOpen()
    {
        Assert.Equal(IncidentKind.PetitionAndPublicOpinion, Added(People.CustomerServiceRep).Kind);
        Assert.Equal(IncidentKind.PetitionAndPublicOpinion, Added(People.GeneralManager).Kind);

        var incident = _scenario.Drive(IncidentState.Directed);
        Assert.Equal(AuthorityErrors.Denied, _scenario.Refuse(incident, new AddIncidentNature(People.OpinionAnalyst, IncidentKind.PublicOpinion, "Trending.")).Code);
        Assert.Equal(IncidentErrors.NatureAlreadyPresent, _scenario.Refuse(incident, new AddIncidentNature(People.CustomerServiceRep, IncidentKind.Petition, "Trending.")).Code);
        Assert.Equal(InputValidation.Invalid, _scenario.Refuse(incident, new AddIncidentNature(People.CustomerServiceRep, IncidentKind.PetitionAndPublicOpinion, "Trending.")).Code);
        Assert.Equal(InputValidation.Required, _scenario.Refuse(incident, new AddIncidentNature(People.CustomerServiceRep, IncidentKind.PublicOpinion, " ")).Code);

        _scenario.Do(incident, new AddIncidentNature(People.CustomerServiceRep, IncidentKind.PublicOpinion, "Trending."));
        Assert.Equal(IncidentErrors.AlreadyBothNatures, _scenario.Refuse(incident, new AddIncidentNature(People.CustomerServiceRep, IncidentKind.PublicOpinion, "Trending again.")).Code);
        Assert.False(_scenario.Lifecycle.PermittedActions(incident).Contains(IncidentAction.AddNature));

        var resolved = _scenario.Drive(IncidentState.Resolved);
        Assert.Equal(IncidentErrors.TransitionNotAllowed, _scenario.Refuse(resolved, new AddIncidentNature(People.CustomerServiceRep, IncidentKind.PublicOpinion, "Trending.")).Code);

        Incident Added(PersonId actor)
        {
            var assessed = _scenario.Drive(IncidentState.Assessed);
            Assert.True(_scenario.Lifecycle.PermittedActions(assessed, actor).Contains(IncidentAction.AddNature));
            _scenario.Do(assessed, new AddIncidentNature(actor, IncidentKind.PublicOpinion, "Mainstream media picked it up."));
            return assessed;
        }
    }

    [Fact]
    public void AddNature_PetitionerComesForwardOnAPublicOpinionEvent_StartsThePetitionClockAndRecordsThePetitioner()
    {
        var incident = _scenario.Lifecycle.Report(new ReportIncident(People.OpinionAnalyst, IncidentKind.PublicOpinion, IntakeChannel.OpinionMonitoring, RiskCategory.ProductQuality, "Posts say the heater caught fire.")).AsT0;
        _scenario.Do(incident, new AssessIncident(People.CustomerServiceRep, SeverityLevel.III, ImpactScope.RegionalOrIndustry, PotentialRisk.Medium, "Regional posts."));
        Assert.False(_scenario.Lifecycle.PermittedActions(incident).Contains(IncidentAction.ExtendHandlingTime));

        var petitioner = new PetitionerDetails("Li Lei", "+86 139 0000 0000");
        var events = _scenario.Do(incident, new AddIncidentNature(People.CustomerServiceRep, IncidentKind.Petition, "The owner of the heater called the hotline.") { Petitioner = petitioner });
        var cameAt = _scenario.Now;

        Assert.Equal(IncidentKind.PetitionAndPublicOpinion, incident.Kind);
        Assert.Equal(petitioner, incident.Petitioner);
        Assert.Equal(cameAt, incident.PetitionSince);
        Assert.True(_scenario.Lifecycle.PermittedActions(incident).Contains(IncidentAction.ExtendHandlingTime));

        // The petition handling group hears of it, and only its members see who the petitioner is.
        var notifications = new NotificationRouter(_scenario.Organization).Route(incident, [.. events]);
        Assert.NotEmpty(notifications);
        Assert.All(notifications, n => Assert.True(_scenario.Organization.IsMemberOf(n.Recipient, WellKnownGroups.PetitionHandlingGroup)));
        Assert.All(notifications, n => Assert.DoesNotContain("Li Lei", n.SharedBody ?? string.Empty, StringComparison.Ordinal));

        // The acceptance notice runs from when the petitioner came; the re-assessment that follows accepts the petition.
        var acceptance = Assert.Single(Scanner.DeadlinesOf(incident).Deadlines, d => d.Kind == DeadlineKind.AcceptanceNotice);
        Assert.Equal(cameAt, acceptance.StartedAt);
        Assert.Equal(DeadlineState.Pending, acceptance.State);
        Assert.DoesNotContain(Scanner.DeadlinesOf(incident).Deadlines, d => d.Kind == DeadlineKind.HandlingOpinion);
        _scenario.Do(incident, new ReassessIncident(People.CustomerServiceRep, SeverityLevel.III, ImpactScope.RegionalOrIndustry, PotentialRisk.Medium, "Now also a petition."));
        var deadlines = Scanner.DeadlinesOf(incident);
        Assert.Equal(DeadlineState.Met, Assert.Single(deadlines.Deadlines, d => d.Kind == DeadlineKind.AcceptanceNotice).State);
        Assert.Equal(_scenario.Now, Assert.Single(deadlines.Deadlines, d => d.Kind == DeadlineKind.HandlingOpinion).StartedAt);
        Assert.Equal(incident.ReportedAt, Assert.Single(deadlines.Deadlines, d => d.Kind == DeadlineKind.FirstPublicStatement).StartedAt);

    }

    [Fact]
    public void AddNature_PetitionerDetails_AreRefusedWhenTheyDoNotBelong()
    {
        var petition = _scenario.Drive(IncidentState.Assessed);
        Assert.Equal(InputValidation.Invalid, _scenario.Refuse(petition, new AddIncidentNature(People.CustomerServiceRep, IncidentKind.PublicOpinion, "Trending.") { Petitioner = new PetitionerDetails("Li Lei", null) }).Code);

        var opinion = _scenario.Lifecycle.Report(new ReportIncident(People.OpinionAnalyst, IncidentKind.PublicOpinion, IntakeChannel.OpinionMonitoring, RiskCategory.ProductQuality, "Posts.", new PetitionerDetails("Han Meimei", null))).AsT0;
        Assert.Equal(InputValidation.Invalid, _scenario.Refuse(opinion, new AddIncidentNature(People.CustomerServiceRep, IncidentKind.Petition, "Called.") { Petitioner = new PetitionerDetails("Li Lei", null) }).Code);
        var anonymous = _scenario.Lifecycle.Report(new ReportIncident(People.OpinionAnalyst, IncidentKind.PublicOpinion, IntakeChannel.OpinionMonitoring, RiskCategory.ProductQuality, "Posts.")).AsT0;
        Assert.Equal(InputValidation.Required, _scenario.Refuse(anonymous, new AddIncidentNature(People.CustomerServiceRep, IncidentKind.Petition, "Called.") { Petitioner = new PetitionerDetails(" ", null) }).Code);
        Assert.Equal(InputValidation.TooLong, _scenario.Refuse(anonymous, new AddIncidentNature(People.CustomerServiceRep, IncidentKind.Petition, "Called.") { Petitioner = new PetitionerDetails("Li Lei", new string('1', TextLimits.Name + 1)) }).Code);
    }

    [Fact]
    public void AddNature_PetitionerWhoComesForward_IsCheckedLikeAReportedOne()
    {
        // A reviewer found the come-forward path checking only the joined contact text: a blank number, too many
        // contacts or a list set to null (through `with`) was stored, and a null item made the incident unreadable.
        var anonymous = _scenario.Lifecycle.Report(new ReportIncident(People.OpinionAnalyst, IncidentKind.PublicOpinion, IntakeChannel.OpinionMonitoring, RiskCategory.ProductQuality, "Posts.")).AsT0;
        AddIncidentNature Came(PetitionerDetails petitioner) => new(People.CustomerServiceRep, IncidentKind.Petition, "Called.") { Petitioner = petitioner };
        var tooMany = Enumerable.Range(0, IncidentLifecycle.MaxPetitionerContacts + 1).Select(i => $"139 0000 {i:0000}").ToList();

        Assert.Equal(InputValidation.Required, _scenario.Refuse(anonymous, Came(new PetitionerDetails("Li Lei", [" "], []))).Code);
        Assert.Equal(InputValidation.Required, _scenario.Refuse(anonymous, Came(new PetitionerDetails("Li Lei", [], [""]))).Code);
        Assert.Equal(InputValidation.TooMany, _scenario.Refuse(anonymous, Came(new PetitionerDetails("Li Lei", tooMany, []))).Code);
        Assert.Equal(InputValidation.Required, _scenario.Refuse(anonymous, Came(new PetitionerDetails("Li Lei", [], []) { Phones = null! })).Code);
        Assert.Equal(InputValidation.Required, _scenario.Refuse(anonymous, Came(new PetitionerDetails("Li Lei", [], []) { Emails = null! })).Code);

        _scenario.Do(anonymous, Came(new PetitionerDetails("Li Lei", ["+86 139 0000 0000"], ["li.lei@example.com"])));
        Assert.Equal(["+86 139 0000 0000"], anonymous.Petitioner!.Phones);
    }

    [Fact]
    public void Assess_FactsWithoutPublicExposure_OrAnOpinionIncident_RecordsNoNatureChange()
    {
        var petition = _scenario.Report(IncidentKind.Petition);
        var quiet = new RiskFacts { Category = RiskCategory.DataPrivacy, Reach = RiskFacts.PublicExposureReach - 1 };
        Assert.False(quiet.ShowsPublicExposure);
        Assert.Single(_scenario.Do(petition, AssessIncident.From(People.CustomerServiceRep, RiskRuleSet.Default.Assess(quiet).AsT0)));
        Assert.Equal(IncidentKind.Petition, petition.Kind);

        var opinion = _scenario.Report(IncidentKind.PublicOpinion);
        var loud = quiet with { Reach = RiskFacts.PublicExposureReach };
        Assert.True(loud.ShowsPublicExposure);
        Assert.DoesNotContain(_scenario.Do(opinion, AssessIncident.From(People.CustomerServiceRep, RiskRuleSet.Default.Assess(loud).AsT0)), e => e is IncidentNatureAdded);
        Assert.Equal(IncidentKind.PublicOpinion, opinion.Kind);
    }

    [Fact]
    public void Facts_OfTheLastAssessmentThatGaveThem_AreKeptOnTheIncidentAndSurviveStorage()
    {
        var incident = _scenario.Report(IncidentKind.Petition);
        Assert.Null(incident.Facts);
        var facts = new RiskFacts { Category = RiskCategory.DataPrivacy, Complainants = 6, Numbers = new Dictionary<string, double> { ["refund-cny"] = 1999.5 }, Flags = new HashSet<string> { "vip" } };
        _scenario.Do(incident, AssessIncident.From(People.CustomerServiceRep, RiskRuleSet.Default.Assess(facts).AsT0));
        Assert.Equal(facts, incident.Facts);
        Assert.Equal(facts, incident.Assessments[0].Facts);

        // A re-assessment without facts keeps the last ones; one with facts replaces them.
        _scenario.Do(incident, new ReassessIncident(People.CustomerServiceRep, SeverityLevel.III, ImpactScope.Group, PotentialRisk.Medium, "By hand."));
        Assert.Equal(facts, incident.Facts);
        Assert.Null(incident.Assessments[1].Facts);
        var more = incident.Facts! with { Complainants = 60 };
        _scenario.Do(incident, ReassessIncident.From(People.CustomerServiceRep, RiskRuleSet.Default.Assess(more).AsT0));
        Assert.Equal(more, incident.Facts);

        var serializer = new IncidentEventSerializer();
        var stored = incident.History.Select((e, i) => serializer.Serialize(e, i + 1, [])).ToList();
        var reloaded = Incident.FromHistory(stored.Select(serializer.Deserialize));
        Assert.Equal(more, reloaded.Facts);
        Assert.Equal(Scenario.Describe(incident), Scenario.Describe(reloaded));
    }

    [Fact]
    public void ClosureReport_OfAPetitionThatWentPublic_ShowsBothNaturesAndWhenItWentPublic()
    {
        var incident = _scenario.Drive(IncidentState.Responding);
        _scenario.Do(incident, new AddIncidentNature(People.CustomerServiceManager, IncidentKind.PublicOpinion, "Reported by a newspaper."));
        var addedAt = _scenario.Now;

        var document = ClosureReportDocument.Build(incident, _scenario.Organization, Scanner);

        Assert.Equal(IncidentKind.PetitionAndPublicOpinion, document.Kind);
        Assert.Equal(IncidentKind.Petition, document.ReportedKind);
        Assert.Equal(addedAt, document.NatureAdded?.At);
        Assert.Contains(document.Timeline, t => t.Event == nameof(IncidentNatureAdded) && t.English.Contains("went public", StringComparison.Ordinal) && t.Chinese.Contains("转为舆情", StringComparison.Ordinal));
        Assert.Contains(document.Deadlines!.Deadlines, d => d.Kind == DeadlineKind.FirstPublicStatement);
        Assert.Contains(document.Deadlines!.Deadlines, d => d.Kind == DeadlineKind.HandlingOpinion);
        var english = document.ToMarkdown(ReportLanguage.English);
        Assert.Contains("petition and public opinion", english, StringComparison.Ordinal);
        Assert.Contains("Went public", english, StringComparison.Ordinal);
        Assert.Contains("转为舆情", document.ToMarkdown(ReportLanguage.Chinese), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Statistics_CountAPetitionThatWentPublicAsBoth()
    {
        var repository = new IncidentRepository(new InMemoryIncidentStore(_scenario.Time), _scenario.Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions());
        var petition = (await repository.ReportAsync(Scenario.ReportCommand(IncidentKind.Petition))).AsT0;
        await repository.ReportAsync(Scenario.ReportCommand(IncidentKind.Petition));
        _scenario.Time.Advance(Scenario.Step);
        var facts = new RiskFacts { Category = RiskCategory.DataPrivacy, MainstreamMediaCoverage = true };
        var assessed = await repository.ExecuteAsync(petition.Id, AssessIncident.From(People.CustomerServiceRep, RiskRuleSet.Default.Assess(facts).AsT0));

        Assert.Equal(IncidentKind.PetitionAndPublicOpinion, assessed.AsT0.Kind);
        Assert.Equal(IncidentKind.PetitionAndPublicOpinion, (await repository.FindAsync(petition.Id))!.Kind);
        var statistics = await repository.GetStatisticsAsync();
        Assert.Equal(1, statistics.ByKind.GetValueOrDefault(IncidentKind.Petition));
        Assert.Equal(1, statistics.ByKind.GetValueOrDefault(IncidentKind.PetitionAndPublicOpinion));
    }
}
