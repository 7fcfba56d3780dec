using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Deadlines;

public sealed class DeadlineScannerTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Fact]
    public void A_level_I_crisis_runs_through_the_National_Day_holiday_by_default()
    {
        // Reported on Wednesday 30 September 2026 at 18:00 Beijing time, the eve of the 1–7 October holiday.
        var scenario = new Scenario();
        scenario.Time.SetUtcNow(new DateTimeOffset(2026, 9, 30, 18, 0, 0, China).AddMinutes(-5));
        var incident = scenario.Report(IncidentKind.PublicOpinion);
        scenario.Time.SetUtcNow(incident.ReportedAt.AddMinutes(9));
        scenario.Lifecycle.Execute(incident, new AssessIncident(People.CustomerServiceRep, SeverityLevel.I, ImpactScope.PublicOrNational, PotentialRisk.Extreme, "National trending topic."));
        var deadlines = new DeadlineScanner(DeadlinePolicy.Default, scenario.Time).DeadlinesOf(incident);

        Assert.Equal(SeverityLevel.I, deadlines.Level);
        var reported = incident.ReportedAt;
        Assert.Equal(reported.AddMinutes(15), Get(deadlines, "acknowledge").DueAt);
        Assert.Equal(DeadlineState.Met, Get(deadlines, "acknowledge").State);
        Assert.True(Get(deadlines, "acknowledge").MetOnTime);
        Assert.Equal(reported.AddHours(1), Get(deadlines, "assessment").DueAt);
        Assert.Equal(reported.AddHours(4), Get(deadlines, "first-statement").DueAt);
        Assert.Equal(new DateTimeOffset(2026, 10, 3, 18, 0, 0, China), Get(deadlines, "resolution").DueAt);
        // The cadence runs from the last handling action, the assessment (version 2): the escalation recorded with it is none.
        Assert.Equal(incident.History[^1].OccurredAt.AddHours(2), Get(deadlines, "status-update-2").DueAt);
        Assert.Equal("status-update-2", deadlines.Next?.Key.ToString());
    }

    [Fact]
    public void Working_days_skip_the_weekend_and_the_holiday_and_count_the_make_up_Saturday()
    {
        var policy = PolicyWith(o => o.Levels["I"].Resolution = "3 working days");
        var scenario = new Scenario();
        scenario.Time.SetUtcNow(new DateTimeOffset(2026, 9, 30, 18, 0, 0, China).AddMinutes(-5));
        var incident = scenario.Report(IncidentKind.PublicOpinion);
        scenario.Lifecycle.Execute(incident, new AssessIncident(People.CustomerServiceRep, SeverityLevel.I, ImpactScope.PublicOrNational, PotentialRisk.Extreme, "National trending topic."));

        var resolution = Get(new DeadlineScanner(policy, scenario.Time).DeadlinesOf(incident), "resolution");

        // 1–7 October is the holiday (3–4 October a weekend inside it); 8 and 9 October are working days 1 and 2;
        // Saturday 10 October is the make-up working day, day 3.
        Assert.Equal(new DateTimeOffset(2026, 10, 10, 18, 0, 0, China), resolution.DueAt);
        Assert.Equal(DeadlineLimit.WorkingDays(3), resolution.Limit);
    }

    [Fact]
    public void Level_III_assessment_due_on_the_next_working_day_which_can_be_a_make_up_Saturday()
    {
        var scenario = new Scenario();
        scenario.Time.SetUtcNow(new DateTimeOffset(2026, 10, 9, 16, 0, 0, China).AddMinutes(-5));
        var friday = scenario.Report();
        scenario.Time.SetUtcNow(new DateTimeOffset(2026, 10, 10, 16, 0, 0, China).AddMinutes(-5));
        var saturday = scenario.Report();
        var scanner = new DeadlineScanner(DeadlinePolicy.Default, scenario.Time);

        Assert.Equal(new DateTimeOffset(2026, 10, 10, 16, 0, 0, China), Get(scanner.DeadlinesOf(friday), "assessment").DueAt);
        Assert.Equal(new DateTimeOffset(2026, 10, 12, 16, 0, 0, China), Get(scanner.DeadlinesOf(saturday), "assessment").DueAt);
    }

    [Fact]
    public void The_petition_handling_opinion_is_due_60_days_after_acceptance_and_one_extension_of_up_to_30_days_moves_it()
    {
        var scenario = new Scenario();
        var incident = scenario.Drive(IncidentState.Assessed);
        var accepted = incident.Assessment!.AssessedAt;
        var scanner = new DeadlineScanner(DeadlinePolicy.Default, scenario.Time);
        var before = scanner.DeadlinesOf(incident);

        Assert.Equal(incident.ReportedAt.AddDays(15), Get(before, "acceptance-notice").DueAt);
        Assert.Equal(DeadlineState.Met, Get(before, "acceptance-notice").State);
        Assert.Equal(accepted.AddDays(60), Get(before, "handling-opinion").DueAt);

        var tooLong = scenario.Refuse(incident, new ExtendHandlingTime(People.CustomerServiceManager, 31, "Waiting for the bank's records."));
        Assert.Contains(InputValidation.Invalid, tooLong.AllCodes);
        Assert.Contains("from 1 to 30 days (was 31)", tooLong.ToString(), StringComparison.Ordinal);
        scenario.Do(incident, new ExtendHandlingTime(People.CustomerServiceManager, 30, "Waiting for the bank's records."));
        Assert.Equal(accepted.AddDays(90), Get(scanner.DeadlinesOf(incident), "handling-opinion").DueAt);
        Assert.Equal(IncidentErrors.HandlingAlreadyExtended, scenario.Refuse(incident, new ExtendHandlingTime(People.CustomerServiceManager, 1, "Once more.")).Code);

        scenario.Time.SetUtcNow(accepted.AddDays(89));
        Assert.Equal(DeadlineState.Warned, Get(scanner.DeadlinesOf(incident), "handling-opinion").State);
        scenario.Time.SetUtcNow(accepted.AddDays(90).AddMinutes(1));
        Assert.Equal(DeadlineState.Breached, Get(scanner.DeadlinesOf(incident), "handling-opinion").State);
    }

    [Fact]
    public void An_extension_is_refused_for_an_incident_that_is_not_a_petition()
    {
        var scenario = new Scenario();
        var incident = scenario.Drive(IncidentState.Assessed, IncidentKind.PublicOpinion);
        Assert.Equal(IncidentErrors.NotAPetition, scenario.Refuse(incident, new ExtendHandlingTime(People.CustomerServiceManager, 10, "Complex case.")).Code);
    }

    [Fact]
    public void Warnings_at_50_and_75_percent_then_the_breach_to_the_leader_then_the_escalation_to_the_leading_group()
    {
        var scenario = new Scenario();
        var incident = scenario.Report();
        var reported = incident.ReportedAt;
        var scanner = new DeadlineScanner(DeadlinePolicy.Default, scenario.Time);
        var acknowledge = Get(scanner.DeadlinesOf(incident), "acknowledge");
        Assert.Equal([reported.AddHours(2), reported.AddHours(3)], acknowledge.WarningsAt);
        Assert.Equal(reported.AddHours(4), acknowledge.DueAt);
        Assert.Equal(reported.AddHours(5), acknowledge.EscalationAt);

        scenario.Time.SetUtcNow(reported.AddHours(2).AddTicks(-1));
        Assert.DoesNotContain(scanner.Scan(incident), a => a.Deadline.Key.ToString() == "acknowledge");
        Assert.Equal(DeadlineState.Pending, Get(scanner.DeadlinesOf(incident), "acknowledge").State);

        scenario.Time.SetUtcNow(reported.AddHours(2));
        var fifty = Assert.Single(scanner.Scan(incident), a => a.Deadline.Key.ToString() == "acknowledge");
        Assert.Equal((DeadlineAlertKind.Warning, 50, WellKnownGroups.PetitionHandlingGroup, false), (fifty.Kind, fifty.Percent, fifty.NotifyGroup, fifty.LeadersOnly));
        Assert.Equal(DeadlineState.Warned, fifty.Deadline.State);
        scanner.Record(incident, scanner.Scan(incident));

        scenario.Time.SetUtcNow(reported.AddHours(3));
        var seventyFive = Assert.Single(scanner.Scan(incident), a => a.Deadline.Key.ToString() == "acknowledge");
        Assert.Equal((DeadlineAlertKind.Warning, 75), (seventyFive.Kind, seventyFive.Percent));
        scanner.Record(incident, scanner.Scan(incident));

        scenario.Time.SetUtcNow(reported.AddHours(4));
        var breach = Assert.Single(scanner.Scan(incident), a => a.Deadline.Key.ToString() == "acknowledge");
        Assert.Equal((DeadlineAlertKind.Breach, 100, WellKnownGroups.PetitionHandlingGroup, true), (breach.Kind, breach.Percent, breach.NotifyGroup, breach.LeadersOnly));
        Assert.Equal(DeadlineState.Breached, breach.Deadline.State);
        scanner.Record(incident, scanner.Scan(incident));

        scenario.Time.SetUtcNow(reported.AddHours(5));
        var escalation = Assert.Single(scanner.Scan(incident), a => a.Deadline.Key.ToString() == "acknowledge");
        Assert.Equal((DeadlineAlertKind.Escalation, 125, WellKnownGroups.LeadingGroup, false), (escalation.Kind, escalation.Percent, escalation.NotifyGroup, escalation.LeadersOnly));
        scanner.Record(incident, scanner.Scan(incident));

        scenario.Time.SetUtcNow(reported.AddDays(2));
        Assert.DoesNotContain(scanner.Scan(incident), a => a.Deadline.Key.ToString() == "acknowledge");
        Assert.Equal(
            [(DeadlineAlertKind.Warning, 50), (DeadlineAlertKind.Warning, 75), (DeadlineAlertKind.Breach, 100), (DeadlineAlertKind.Escalation, 125)],
            incident.DeadlineAlerts.Where(a => a.Deadline.ToString() == "acknowledge").Select(a => (a.Alert, a.Percent)));
    }

    [Fact]
    public void Scanning_twice_raises_each_alert_once()
    {
        var scenario = new Scenario();
        var incident = scenario.Report();
        var scanner = new DeadlineScanner(DeadlinePolicy.Default, scenario.Time);
        scenario.Time.Advance(TimeSpan.FromDays(3));
        var first = scanner.Scan(incident);
        Assert.NotEmpty(first);
        var recorded = scanner.Record(incident, first);
        Assert.All(recorded, e => Assert.Equal(DeadlinePolicy.Default.ScannerActor, e.Actor));

        Assert.Empty(scanner.Scan(incident));
        var rebuilt = Incident.FromHistory(incident.History);
        Assert.Empty(scanner.Scan(rebuilt));
        Assert.Throws<ArgumentException>(() => scanner.Record(incident, first));
    }

    [Fact]
    public void A_pause_moves_every_running_deadline_and_the_paused_time_survives_a_reassessment()
    {
        var scenario = new Scenario();
        var incident = scenario.Drive(IncidentState.Assessed, level: SeverityLevel.III);
        var scanner = new DeadlineScanner(DeadlinePolicy.Default, scenario.Time);
        var resolutionBefore = Get(scanner.DeadlinesOf(incident), "resolution").DueAt;

        scenario.Do(incident, new PauseDeadlines(People.CustomerServiceRep, "Waiting for the petitioner's receipts."));
        Assert.True(incident.DeadlinesPaused);
        Assert.Equal(IncidentErrors.DeadlinesPaused, scenario.Refuse(incident, new PauseDeadlines(People.CustomerServiceRep, "Again.")).Code);
        scenario.Time.Advance(TimeSpan.FromHours(30));
        var paused = Get(scanner.DeadlinesOf(incident), "resolution");
        Assert.Equal(DeadlineState.Paused, paused.State);
        scenario.Do(incident, new ResumeDeadlines(People.CustomerServiceRep));
        var pausedFor = incident.DeadlinePauses.Single().Until!.Value - incident.DeadlinePauses.Single().From;
        Assert.Equal(TimeSpan.FromHours(30) + Scenario.Step * 2, pausedFor);

        var resumed = Get(scanner.DeadlinesOf(incident), "resolution");
        Assert.Equal(resolutionBefore + pausedFor, resumed.DueAt);
        Assert.Equal(pausedFor, resumed.PausedFor);

        // Re-assessed to level II: the targets change (7 calendar days from the report), the paused time stays.
        scenario.Do(incident, new ReassessIncident(People.CustomerServiceRep, SeverityLevel.II, ImpactScope.Group, PotentialRisk.High, "Media picked it up."));
        var level2 = Get(scanner.DeadlinesOf(incident), "resolution");
        Assert.Equal(incident.ReportedAt.AddDays(7) + pausedFor, level2.DueAt);
        Assert.Equal(pausedFor, level2.PausedFor);
        Assert.Equal(IncidentErrors.DeadlinesNotPaused, scenario.Refuse(incident, new ResumeDeadlines(People.CustomerServiceRep)).Code);
    }

    [Fact]
    public void A_deadline_met_before_a_pause_is_not_moved_by_it()
    {
        var scenario = new Scenario();
        var incident = scenario.Drive(IncidentState.Assessed);
        var scanner = new DeadlineScanner(DeadlinePolicy.Default, scenario.Time);
        var acknowledged = Get(scanner.DeadlinesOf(incident), "acknowledge");
        scenario.Do(incident, new PauseDeadlines(People.CustomerServiceRep, "Waiting for the petitioner."));
        scenario.Time.Advance(TimeSpan.FromDays(2));
        var after = Get(scanner.DeadlinesOf(incident), "acknowledge");
        Assert.Equal((acknowledged.DueAt, acknowledged.State, acknowledged.MetAt, TimeSpan.Zero), (after.DueAt, after.State, after.MetAt, after.PausedFor));
    }

    [Fact]
    public void Directive_deadlines_belong_to_the_assignee_group_and_are_met_by_completion()
    {
        var scenario = new Scenario();
        var incident = scenario.Drive(IncidentState.Assessed);
        scenario.Do(incident, scenario.IssueCommand(WellKnownGroups.OpinionMonitoringGroup, DirectiveKind.OpinionMonitoring));
        var scanner = new DeadlineScanner(DeadlinePolicy.Default, scenario.Time);
        var directive = Get(scanner.DeadlinesOf(incident), "directive-1");
        Assert.Equal((DeadlineKind.Directive, WellKnownGroups.OpinionMonitoringGroup, new DirectiveId(1)), (directive.Kind, directive.Owner, directive.Directive));
        Assert.Equal(incident.Directives[0].DueAt, directive.DueAt);

        scenario.Time.SetUtcNow(directive.DueAt);
        var breach = Assert.Single(scanner.Scan(incident), a => a.Deadline.Key.ToString() == "directive-1" && a.Kind == DeadlineAlertKind.Breach);
        Assert.Equal(WellKnownGroups.OpinionMonitoringGroup, breach.NotifyGroup);

        scenario.Do(incident, new AcknowledgeDirective(People.OpinionAnalyst, new DirectiveId(1)));
        scenario.Do(incident, new CompleteDirective(People.OpinionAnalyst, new DirectiveId(1), "Monitored."));
        var met = Get(scanner.DeadlinesOf(incident), "directive-1");
        Assert.Equal(DeadlineState.Met, met.State);
        Assert.False(met.MetOnTime);
    }

    [Fact]
    public void Review_requests_are_refused_after_30_days_and_decided_within_30()
    {
        var scenario = new Scenario();
        var incident = scenario.Drive(IncidentState.Resolved);
        var resolved = incident.ResolvedAt!.Value;
        scenario.Time.SetUtcNow(resolved.AddDays(29));
        scenario.Do(incident, new RequestReview(People.CustomerServiceRep, "The petitioner disputes the refund amount."));
        var scanner = new DeadlineScanner(DeadlinePolicy.Default, scenario.Time);
        var review = Get(scanner.DeadlinesOf(incident), "review-decision-1");
        Assert.Equal(incident.ReviewRequests[0].At.AddDays(30), review.DueAt);
        Assert.Equal(DeadlineState.Pending, review.State);

        scenario.Do(incident, new DecideReview(People.GeneralManager, true, "The refund stands; reasons sent in writing."));
        Assert.Equal(DeadlineState.Met, Get(scanner.DeadlinesOf(incident), "review-decision-1").State);
        Assert.Equal(IncidentErrors.NoPendingReview, scenario.Refuse(incident, new DecideReview(People.GeneralManager, true, "Again.")).Code);

        scenario.Time.SetUtcNow(resolved.AddDays(31));
        Assert.Equal(IncidentErrors.ReviewWindowClosed, scenario.Refuse(incident, new RequestReview(People.CustomerServiceRep, "Late.")).Code);
    }

    [Fact]
    public void Every_deadline_is_listed_not_only_the_nearest_and_settled_incidents_keep_only_what_was_met()
    {
        var scenario = new Scenario();
        var responding = scenario.Drive(IncidentState.Responding, IncidentKind.PetitionAndPublicOpinion, SeverityLevel.II);
        var scanner = new DeadlineScanner(DeadlinePolicy.Default, scenario.Time);
        var keys = scanner.DeadlinesOf(responding).Deadlines.Select(d => d.Key.ToString()).ToList();
        Assert.Equal(["acknowledge", "assessment", "first-statement", "resolution", $"status-update-{responding.Version}", "acceptance-notice", "handling-opinion", "directive-1"], keys);

        scenario.Do(responding, new ResolveIncident(People.CustomerServiceManager, "Refunded and apologised."));
        var settled = scanner.DeadlinesOf(responding).Deadlines;
        Assert.All(settled, d => Assert.Equal(DeadlineState.Met, d.State));
        Assert.DoesNotContain(settled, d => d.Key.ToString() == "first-statement");
        Assert.Null(scanner.DeadlinesOf(responding).Next);
    }

    [Fact]
    public void A_reopened_incident_gets_a_new_resolution_deadline_from_the_reopening()
    {
        var scenario = new Scenario();
        var incident = scenario.Drive(IncidentState.Resolved);
        scenario.Do(incident, new ReopenIncident(People.CustomerServiceManager, "The customer disputes the result."));
        var reopenedAt = incident.History[^1].OccurredAt;
        var deadlines = new DeadlineScanner(DeadlinePolicy.Default, scenario.Time).DeadlinesOf(incident);
        Assert.Equal(DeadlineState.Met, Get(deadlines, "resolution").State);
        Assert.Equal(DeadlineLimit.WorkingDays(15).DueFrom(reopenedAt, WorkingDayCalendar.China, China), Get(deadlines, "resolution-2").DueAt);
    }

    private static Deadline Get(IncidentDeadlines deadlines, string key)
        => deadlines.Deadlines.SingleOrDefault(d => d.Key.ToString() == key) ?? throw new Xunit.Sdk.XunitException($"No deadline '{key}' among {string.Join(", ", deadlines.Deadlines.Select(d => d.Key))}.");

    private static DeadlinePolicy PolicyWith(Action<DeadlineOptions> change)
    {
        var options = new DeadlineOptions();
        change(options);
        return options.Build().Match(p => p, e => throw new InvalidOperationException(e.Message));
    }
}
