using FsCheck.Xunit;
using PetitionOpinion.Assessment;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Deadlines;

/// <summary>
/// Issue 18, "one table per concept": the response targets a CRM reads from an assessment and the deadlines the engine
/// acts on are one table. For every level and kind, and any report instant (weekends, holidays, make-up working days),
/// each target is due when the deadline engine says the incident's deadline of that kind is due, and a target the view
/// leaves out is a deadline the engine does not set.
/// </summary>
public sealed class ResponseTargetsProperties
{
    // The deadlines the engine starts at the report.
    private static readonly DeadlineKey[] FromTheReport =
    [
        DeadlineKey.Acknowledge, DeadlineKey.AssessmentDone, DeadlineKey.FirstPublicStatement, DeadlineKey.Resolution(), DeadlineKey.AcceptanceNotice,
    ];

    [Property(MaxTest = 200)]
    public void TargetsFor_EveryLevelAndKind_IsDueWhenTheDeadlineEngineSaysSo(ushort daySeed, byte minuteSeed)
    {
        // Any minute of the ten months from the scenario's start: 2026 is the year the default calendar has a schedule for.
        var reportedAt = Scenario.Start.AddHours(1).AddDays(daySeed % 300).AddMinutes(minuteSeed * 6 % 1_440);
        foreach (var level in Enum.GetValues<SeverityLevel>())
        {
            foreach (var kind in Enum.GetValues<IncidentKind>())
            {
                var scenario = new Scenario();
                scenario.Time.SetUtcNow(reportedAt - Scenario.Step);
                var incident = scenario.Report(kind);
                scenario.Lifecycle.Execute(incident, new AssessIncident(People.CustomerServiceRep, level, ImpactScope.Group, PotentialRisk.Medium, "Assessed at once."));
                var engine = new DeadlineScanner(DeadlinePolicy.Default, scenario.Time).DeadlinesOf(incident).Deadlines.ToDictionary(d => d.Key);
                var targets = DeadlinePolicy.Default.TargetsFor(level, kind);

                foreach (var key in FromTheReport)
                {
                    var deadlineKind = key.Kind;
                    var expected = engine.TryGetValue(key, out var deadline) ? deadline.DueAt : (DateTimeOffset?)null;
                    var actual = targets.DueAt(deadlineKind, reportedAt);
                    Assert.True(expected == actual, $"{key}: level {level}, {kind}, reported {reportedAt:yyyy-MM-dd HH:mm zzz}: engine {expected:yyyy-MM-dd HH:mm}, targets {actual:yyyy-MM-dd HH:mm}");
                    Assert.Equal(deadline?.Limit, targets.LimitOf(deadlineKind));
                }

                // The handling opinion counts from acceptance (the first assessment, here at the report).
                Assert.Equal(engine.TryGetValue(DeadlineKey.HandlingOpinion, out var opinion) ? opinion.DueAt : null, targets.DueAt(DeadlineKind.HandlingOpinion, incident.Assessment!.AssessedAt));
            }
        }
    }

    [Fact]
    public void Assess_WithTheHostsDeadlinePolicy_ReportsThatPolicysTargets()
    {
        var options = new DeadlineOptions();
        options.Levels["III"].Resolution = "10 working days";
        var policy = options.Build().AsT0;
        var facts = new RiskFacts { Category = RiskCategory.ProductQuality, Complainants = 5 };

        var assessment = RiskRuleSet.Default.Assess(facts, deadlines: policy).AsT0;

        Assert.Equal(SeverityLevel.III, assessment.Level);
        Assert.Same(policy.TargetsFor(SeverityLevel.III, facts.Kind), assessment.Targets);
        Assert.Equal(DeadlineLimit.WorkingDays(10), assessment.Targets.Resolution);
        Assert.Equal(DeadlineLimit.WorkingDays(15), RiskRuleSet.Default.Assess(facts).AsT0.Targets.Resolution);
    }

    [Fact]
    public void DueAt_LevelIIIResolutionOverTheNationalDayHoliday_CountsWorkingDaysAsTheEngineDoes()
    {
        // Reported Wednesday 30 September 2026, 10:00 Beijing time: 1–7 October is the holiday, 10 October a make-up
        // working day. Fifteen calendar days would be 15 October; fifteen working days are 27 October (8, 9, 10, 12–16, 19–23, 26, 27).
        var reported = new DateTimeOffset(2026, 9, 30, 10, 0, 0, TimeSpan.FromHours(8));

        var due = DeadlinePolicy.Default.TargetsFor(SeverityLevel.III, IncidentKind.Petition).DueAt(DeadlineKind.Resolution, reported);

        Assert.Equal(new DateTimeOffset(2026, 10, 27, 10, 0, 0, TimeSpan.FromHours(8)), due);
    }
}
