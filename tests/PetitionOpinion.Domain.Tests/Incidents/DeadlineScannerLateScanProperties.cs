using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Deadlines;

/// <summary>
/// Issue 20, a scan that runs late, as a property: for any schedule of scans over an incident's deadlines — gaps of a
/// minute, of hours, of days (an outage, a host stopped overnight) — the alerts recorded are exactly the points whose
/// instant has passed by the last scan, each once, each deadline's in order and every scan's in the order they were
/// reached, each with the instant it was reached, marked late exactly when it was recorded more than
/// <see cref="DeadlinePolicy.LateAlertAfter"/> after it or after the deadline's next point.
/// </summary>
public sealed class DeadlineScannerLateScanProperties
{
    private const int Cases = 200;

    [Property(MaxTest = Cases, Arbitrary = new[] { typeof(ScanScheduleArbitraries) })]
    public void Scan_AnyScheduleOfScans_RecordsExactlyThePassedPointsEachOnceInOrderMarkedLateWhenLate(ScanSchedule schedule)
    {
        var scenario = new Scenario();
        var policy = DeadlinePolicy.Default;
        var scanner = new DeadlineScanner(policy, scenario.Time);
        var incident = scenario.Report(schedule.Kind);
        var scans = new List<(DateTimeOffset At, IReadOnlyList<DeadlineAlertRaised> Recorded)>();
        foreach (var gap in schedule.GapsInMinutes)
        {
            scenario.Time.Advance(TimeSpan.FromMinutes(gap));
            scans.Add((scenario.Now, [.. scanner.Record(incident, scanner.Scan(incident)).Cast<DeadlineAlertRaised>()]));
        }

        var last = scenario.Now;
        var alerts = incident.History.OfType<DeadlineAlertRaised>().ToList();

        // Exactly the points passed by the last scan, each once. No handling action was recorded, so the deadlines and
        // their points are the same at every scan.
        var points = scanner.DeadlinesOf(incident, last).Deadlines
            .SelectMany(d => PointsOf(policy, d).Select(p => (d.Key, p.Kind, p.Percent, p.At, Next: p.Next)))
            .ToList();
        var passed = points.Where(p => p.At <= last).Select(p => (p.Key, p.Kind, p.Percent)).ToHashSet();
        Assert.Equal(alerts.Count, alerts.Select(a => (a.Deadline, a.Alert, a.Percent)).Distinct().Count());
        Assert.True(passed.SetEquals(alerts.Select(a => (a.Deadline, a.Alert, a.Percent))), $"passed {passed.Count} points, recorded {alerts.Count} alerts");

        foreach (var alert in alerts)
        {
            var point = points.Single(p => p.Key == alert.Deadline && p.Kind == alert.Alert && p.Percent == alert.Percent);
            Assert.Equal(point.At, alert.ReachedAt);
            Assert.True(point.At <= alert.OccurredAt, $"{alert.Deadline} {alert.Alert} {alert.Percent}% recorded before it was reached");

            // Recorded by the first scan at or after its instant, late exactly when that scan came late for it.
            var scan = scans.First(s => s.At >= point.At);
            Assert.Contains(alert, scan.Recorded);
            var late = alert.OccurredAt - point.At > policy.LateAlertAfter || (point.Next is { } next && next <= alert.OccurredAt);
            Assert.Equal(late, alert.Late);
        }

        // In order: each deadline's points by their percent, and each scan's alerts by the instant they were reached.
        foreach (var group in alerts.GroupBy(a => a.Deadline))
        {
            Assert.Equal(group.Select(a => (a.Alert, a.Percent)).Order(), group.Select(a => (a.Alert, a.Percent)));
        }

        foreach (var (_, recorded) in scans)
        {
            Assert.Equal(recorded.Select(a => a.ReachedAt).Order(), recorded.Select(a => a.ReachedAt));
        }

        // A scan straight after the last records nothing more.
        Assert.Empty(scanner.Scan(incident));
    }

    private static IEnumerable<(DeadlineAlertKind Kind, int Percent, DateTimeOffset At, DateTimeOffset? Next)> PointsOf(DeadlinePolicy policy, Deadline deadline)
    {
        var points = policy.WarningPercents.Select((p, i) => (Kind: DeadlineAlertKind.Warning, Percent: p, At: deadline.WarningsAt[i]))
            .Append((Kind: DeadlineAlertKind.Breach, Percent: 100, At: deadline.DueAt))
            .Append((Kind: DeadlineAlertKind.Escalation, Percent: policy.EscalationPercent, At: deadline.EscalationAt))
            .ToList();
        return points.Select((p, i) => (p.Kind, p.Percent, p.At, i + 1 < points.Count ? points[i + 1].At : (DateTimeOffset?)null));
    }
}

/// <summary>The kind of incident reported and the minutes between its scans.</summary>
/// <param name="Kind">The kind of incident.</param>
/// <param name="GapsInMinutes">The time before each scan.</param>
public sealed record ScanSchedule(IncidentKind Kind, int[] GapsInMinutes)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Kind}: scans after {string.Join(", ", GapsInMinutes)} min";
}

/// <summary>Schedules of scans a minute apart, a few hours apart, and after outages of up to ten days.</summary>
public static class ScanScheduleArbitraries
{
    private const int Day = 24 * 60;

    public static Arbitrary<ScanSchedule> Schedules() => Arb.From(ScheduleGen());

    public static Gen<ScanSchedule> ScheduleGen()
        => from kind in Gen.Elements(IncidentKind.Petition, IncidentKind.PublicOpinion, IncidentKind.PetitionAndPublicOpinion)
           from gaps in Gen.ListOf(Gen.Frequency((6, Gen.Choose(1, 15)), (3, Gen.Choose(15, 8 * 60)), (1, Gen.Choose(8 * 60, 10 * Day))))
           select new ScanSchedule(kind, [.. gaps.Take(60)]);
}
