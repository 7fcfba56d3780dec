using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Notifications;
using PetitionOpinion.Organization;
using PetitionOpinion.Tests.Notifications;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Deadlines;

/// <summary>
/// Issue 20, a scan that runs late: a scanner that ran on time up to some point of the acknowledgement deadline (level
/// III before assessment: 4 hours, so 50% at 2 h, 75% at 3 h, the breach at 4 h, the escalation at 5 h), then stopped
/// across one or several points and ran once, records every point it passed once, in the order they were reached, each
/// to its own recipients, marked late with the instant it became due; a second scan records nothing more; on-time scans
/// are not marked late.
/// </summary>
public sealed class DeadlineScannerLateScanTests
{
    private static readonly (DeadlineAlertKind Kind, int Percent, int Hours)[] Points =
    [
        (DeadlineAlertKind.Warning, 50, 2),
        (DeadlineAlertKind.Warning, 75, 3),
        (DeadlineAlertKind.Breach, 100, 4),
        (DeadlineAlertKind.Escalation, 125, 5),
    ];

    private readonly Scenario _scenario = new();
    private readonly DeadlineScanner _scanner;
    private readonly NotificationRouter _router;

    public DeadlineScannerLateScanTests()
    {
        _scanner = new DeadlineScanner(DeadlinePolicy.Default, _scenario.Time);
        _router = new NotificationRouter(_scenario.Organization);
    }

    /// <summary>Gets every (points scanned on time, last point passed while stopped): the scanner stopped across one or several points.</summary>
    public static TheoryData<int, int> StoppedAcross
    {
        get
        {
            var data = new TheoryData<int, int>();
            for (var onTime = 0; onTime < Points.Length; onTime++)
            {
                for (var last = onTime; last < Points.Length; last++)
                {
                    data.Add(onTime, last);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(StoppedAcross))]
    public void Scan_AfterTheScannerStoppedAcrossPoints_RecordsEveryPassedPointOnceInOrderMarkedLateWithItsInstant(int onTime, int last)
    {
        var incident = _scenario.Report();
        var reported = incident.ReportedAt;
        for (var i = 0; i < onTime; i++)
        {
            var alerts = ScanAt(incident, reported.AddHours(Points[i].Hours));
            Assert.All(alerts.Acknowledge, a => Assert.False(a.Late));
        }

        // Stopped from just after the last on-time point until 30 minutes after point `last`.
        var resumedAt = reported.AddHours(Points[last].Hours).AddMinutes(30);
        var late = ScanAt(incident, resumedAt);

        var passed = Points[onTime..(last + 1)];
        Assert.Equal(passed.Select(p => (p.Kind, p.Percent)), late.Acknowledge.Select(a => (a.Alert, a.Percent)));
        Assert.Equal(passed.Select(p => (DateTimeOffset?)reported.AddHours(p.Hours)), late.Acknowledge.Select(a => a.ReachedAt));
        Assert.All(late.Acknowledge, a => Assert.True(a.Late, $"{a.Alert} {a.Percent}% recorded at {a.OccurredAt:o} is not marked late"));
        Assert.All(late.Acknowledge, a => Assert.Equal(resumedAt, a.OccurredAt));

        // Each to its own recipients: the owner group's members, its leader, the leading group — each saying when it became due.
        var expected = passed.SelectMany(p => Recipients(p.Kind).Select(r => (Topic(p.Kind), r))).ToList();
        Assert.Equal(expected, late.Notifications.Select(n => (n.Topic, n.Recipient)));
        foreach (var (notification, point) in late.Notifications.Select(n => (n, passed.Single(p => Topic(p.Kind) == n.Topic && n.Subject.Contains(Subject(p), StringComparison.Ordinal)))))
        {
            var due = reported.AddHours(point.Hours).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture);
            Assert.EndsWith($"(late: became due {due})", notification.Subject, StringComparison.Ordinal);
            Assert.Contains($"Late alert: it became due {due}", notification.Body, StringComparison.Ordinal);
        }

        // The history is what a rebuilt incident and a second scan see: nothing more is recorded.
        Assert.DoesNotContain(_scanner.Scan(incident), a => a.Deadline.Key == DeadlineKey.Acknowledge);
        var rebuilt = Incident.FromHistory(incident.History);
        Assert.DoesNotContain(_scanner.Scan(rebuilt), a => a.Deadline.Key == DeadlineKey.Acknowledge);
        Assert.Equal(
            Points[..(last + 1)].Select(p => (p.Kind, p.Percent, (DateTimeOffset?)reported.AddHours(p.Hours))),
            rebuilt.DeadlineAlerts.Where(a => a.Deadline == DeadlineKey.Acknowledge).Select(a => (a.Alert, a.Percent, a.ReachedAt)));
        Assert.Equal(
            Enumerable.Range(0, last + 1).Select(i => i >= onTime),
            rebuilt.DeadlineAlerts.Where(a => a.Deadline == DeadlineKey.Acknowledge).Select(a => a.Late));
    }

    [Fact]
    public void Scan_OnTimeAtEveryPoint_MarksNothingLateAndTellsEachPointPlainly()
    {
        var incident = _scenario.Report();
        var reported = incident.ReportedAt;

        foreach (var point in Points)
        {
            var scan = ScanAt(incident, reported.AddHours(point.Hours).AddMinutes(1));

            var alert = Assert.Single(scan.Acknowledge);
            Assert.Equal((point.Kind, point.Percent, (DateTimeOffset?)reported.AddHours(point.Hours), false), (alert.Alert, alert.Percent, alert.ReachedAt, alert.Late));
            Assert.Equal(Recipients(point.Kind), scan.Notifications.Select(n => n.Recipient));
            Assert.All(scan.Notifications, n => Assert.DoesNotContain("(late", n.Subject, StringComparison.Ordinal));
            Assert.All(scan.Notifications, n => Assert.DoesNotContain("Late alert", n.Body, StringComparison.Ordinal));
        }

        Assert.All(incident.DeadlineAlerts.Where(a => a.Deadline == DeadlineKey.Acknowledge), a => Assert.False(a.Late));
    }

    [Fact]
    public void Scan_JustWithinTheLateAlertTime_IsOnTimeAndJustBeyondIsLate()
    {
        var incident = _scenario.Report();
        var reported = incident.ReportedAt;
        var tolerance = DeadlinePolicy.Default.LateAlertAfter;
        Assert.Equal(TimeSpan.FromMinutes(10), tolerance);

        var onTime = Assert.Single(ScanAt(incident, reported.AddHours(2) + tolerance).Acknowledge);
        var late = Assert.Single(ScanAt(incident, reported.AddHours(3) + tolerance + TimeSpan.FromTicks(1)).Acknowledge);

        Assert.Equal((50, false), (onTime.Percent, onTime.Late));
        Assert.Equal((75, true), (late.Percent, late.Late));
    }

    [Fact]
    public void Scan_ThatPassedTwoPointsWithinTheLateAlertTime_MarksTheEarlierLate()
    {
        // Unassessed incidents under level I targets: the acknowledgement is 15 minutes, 50% at 7.5, 75% at 11.25 — a scan
        // at 12 minutes passed the first, well within the hour this policy allows.
        var policy = new DeadlineOptions { LateAlertAfter = TimeSpan.FromHours(1), UnassessedLevel = SeverityLevel.I }.Build().AsT0;
        var scanner = new DeadlineScanner(policy, _scenario.Time);
        var incident = _scenario.Report();
        _scenario.Time.SetUtcNow(incident.ReportedAt.AddMinutes(12));

        var alerts = scanner.Scan(incident).Where(a => a.Deadline.Key == DeadlineKey.Acknowledge).ToList();

        Assert.Equal([(50, true), (75, false)], alerts.Select(a => (a.Percent, a.Late)));
        Assert.Equal([incident.ReportedAt.AddMinutes(7.5), incident.ReportedAt.AddMinutes(11.25)], alerts.Select(a => a.ReachedAt));
    }

    [Fact]
    public void Scan_LateAcrossSeveralDeadlines_ReturnsTheAlertsInTheOrderTheyBecameDue()
    {
        var incident = _scenario.Report();
        _scenario.Time.SetUtcNow(incident.ReportedAt.AddDays(40));

        var alerts = _scanner.Scan(incident);

        Assert.True(alerts.Select(a => a.Deadline.Key).Distinct().Count() > 1);
        Assert.Equal(alerts.Select(a => a.ReachedAt).Order(), alerts.Select(a => a.ReachedAt));
        Assert.All(alerts, a => Assert.True(a.Late));
        var recorded = _scanner.Record(incident, alerts).Cast<DeadlineAlertRaised>().ToList();
        Assert.Equal(alerts.Select(a => (a.Deadline.Key, a.Kind, a.Percent, (DateTimeOffset?)a.ReachedAt, a.Late)), recorded.Select(e => (e.Deadline, e.Alert, e.Percent, e.ReachedAt, e.Late)));
    }

    [Fact]
    public void Record_AlertBuiltByHandWithoutItsInstant_TakesTheInstantFromTheDeadline()
    {
        var incident = _scenario.Report();
        _scenario.Time.SetUtcNow(incident.ReportedAt.AddHours(4).AddMinutes(30));
        var breach = _scanner.Scan(incident).Single(a => a.Deadline.Key == DeadlineKey.Acknowledge && a.Kind == DeadlineAlertKind.Breach);

        var recorded = (DeadlineAlertRaised)Assert.Single(_scanner.Record(incident, [breach with { ReachedAt = default, Late = false }]));

        Assert.Equal(((DateTimeOffset?)incident.ReportedAt.AddHours(4), true), (recorded.ReachedAt, recorded.Late));
    }

    private static NotificationTopic Topic(DeadlineAlertKind kind) => kind switch
    {
        DeadlineAlertKind.Warning => NotificationTopic.DeadlineWarning,
        DeadlineAlertKind.Breach => NotificationTopic.DeadlineBreached,
        _ => NotificationTopic.DeadlineEscalated,
    };

    private static IReadOnlyList<PersonId> Recipients(DeadlineAlertKind kind) => kind switch
    {
        DeadlineAlertKind.Warning => SeedRecipients.Members(WellKnownGroups.PetitionHandlingGroup),
        DeadlineAlertKind.Breach => [People.CustomerServiceManager],
        _ => SeedRecipients.Members(WellKnownGroups.LeadingGroup),
    };

    private static string Subject((DeadlineAlertKind Kind, int Percent, int Hours) point) => point.Kind switch
    {
        DeadlineAlertKind.Warning => $"Deadline acknowledge: {point.Percent}% of its time has run",
        DeadlineAlertKind.Breach => "Deadline acknowledge: it is breached",
        _ => "Deadline acknowledge: it is breached and still not met",
    };

    private (List<DeadlineAlertRaised> Acknowledge, List<Notification> Notifications) ScanAt(Incident incident, DateTimeOffset at)
    {
        _scenario.Time.SetUtcNow(at);
        var recorded = _scanner.Record(incident, _scanner.Scan(incident));
        var notifications = _router.Route(incident, recorded);
        return (
            [.. recorded.OfType<DeadlineAlertRaised>().Where(a => a.Deadline == DeadlineKey.Acknowledge)],
            [.. notifications.Where(n => n.Subject.StartsWith("Deadline acknowledge:", StringComparison.Ordinal))]);
    }
}
