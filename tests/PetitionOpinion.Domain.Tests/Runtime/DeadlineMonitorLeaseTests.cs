using Microsoft.Extensions.Options;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Notifications;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Notifications;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Deadlines;

/// <summary>
/// <see cref="DeadlineMonitor"/> on several instances sharing a store with leases (<see cref="ILeaseStore"/>): one instance
/// scans, the others stand by; a stopped or silent leader is replaced; every alert is raised once.
/// </summary>
public sealed class DeadlineMonitorLeaseTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private readonly Scenario _scenario = new();
    private readonly InMemoryIncidentStore _store = new();

    [Fact]
    public async Task ScanIfLeadingAsync_TwoInstances_OneScansTheOtherStandsBy()
    {
        var a = Monitor("instance-a", out var logA);
        var b = Monitor("instance-b", out var logB);
        await ReportAsync();
        _scenario.Time.Advance(TimeSpan.FromDays(3));

        var scanA = await a.ScanIfLeadingAsync(Interval, None);
        var scanB = await b.ScanIfLeadingAsync(Interval, None);
        _scenario.Time.Advance(Interval);
        var again = await Task.WhenAll(a.ScanIfLeadingAsync(Interval, None).AsTask(), b.ScanIfLeadingAsync(Interval, None).AsTask());

        Assert.NotNull(scanA);
        Assert.Contains(scanA.Alerts, x => x.Alert.Kind == DeadlineAlertKind.Escalation);
        Assert.Null(scanB);
        Assert.NotNull(again[0]);
        Assert.Null(again[1]);
        Assert.Contains(logA.Entries, e => e.Text.Contains("instance-a now runs the deadline scanner", StringComparison.Ordinal));
        Assert.Contains(logB.Entries, e => e.Text.Contains("instance-b does not run the deadline scanner", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScanIfLeadingAsync_LeaderFallsSilent_AnotherTakesOverAfterIntervalPlusLeaseAndAlertsStayOnce()
    {
        var a = Monitor("instance-a", out _);
        var b = Monitor("instance-b", out _);
        var id = await ReportAsync();
        _scenario.Time.Advance(TimeSpan.FromHours(1));
        var first = await a.ScanIfLeadingAsync(Interval, None);

        // A dies without a word. B keeps trying at every interval; it takes over once A's lease (interval + 2 min) runs out.
        _scenario.Time.Advance(Interval);
        Assert.Null(await b.ScanIfLeadingAsync(Interval, None));
        _scenario.Time.Advance(new InstanceCoordinationOptions().ScannerLeaseDuration - TimeSpan.FromTicks(1));
        Assert.Null(await b.ScanIfLeadingAsync(Interval, None));
        _scenario.Time.Advance(TimeSpan.FromTicks(1));
        Assert.NotNull(await b.ScanIfLeadingAsync(Interval, None));
        _scenario.Time.Advance(TimeSpan.FromDays(3));
        var takeover = await b.ScanIfLeadingAsync(Interval, None);

        Assert.NotNull(first);
        Assert.NotNull(takeover);
        Assert.Null(await a.ScanIfLeadingAsync(Interval, None)); // A, back, finds B in charge
        var alerts = (await Repository().FindAsync(id, None))!.DeadlineAlerts;
        Assert.Contains(alerts, x => x.Alert == DeadlineAlertKind.Escalation);
        Assert.Equal(alerts.Count, alerts.Select(x => (x.Deadline, x.Alert, x.Percent)).Distinct().Count());
        Assert.True(first.Alerts.Count + takeover.Alerts.Count <= alerts.Count);
    }

    [Fact]
    public async Task RunAsync_Stopped_GivesUpTheLeaseSoAnotherTakesOverAtItsNextScan()
    {
        var a = Monitor("instance-a", out var logA);
        var b = Monitor("instance-b", out _);
        using var stop = new CancellationTokenSource();

        var run = a.RunAsync(Interval, stop.Token);
        await WaitUntilAsync(() => logA.Entries.Any(e => e.Text.Contains("now runs", StringComparison.Ordinal)));
        Assert.Null(await b.ScanIfLeadingAsync(Interval, None));
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotNull(await b.ScanIfLeadingAsync(Interval, None));
        Assert.Contains(logA.Entries, e => e.Text.Contains("instance-a does not run the deadline scanner", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScanIfLeadingAsync_WithoutLeases_AlwaysScans()
    {
        var monitor = new DeadlineMonitor(Repository(), new DeadlineScanner(DeadlinePolicy.Default, _scenario.Time));

        Assert.NotNull(await monitor.ScanIfLeadingAsync(Interval, None));
        Assert.NotNull(await monitor.ScanIfLeadingAsync(Interval, None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await monitor.ScanIfLeadingAsync(TimeSpan.FromMilliseconds(10), None));
    }

    [Fact]
    public void Constructor_InvalidCoordination_IsRefusedWithThePath()
    {
        var error = Assert.Throws<ArgumentException>(() => new DeadlineMonitor(Repository(), new DeadlineScanner(DeadlinePolicy.Default, _scenario.Time), null, _store, new InstanceCoordinationOptions { ScannerLeaseDuration = TimeSpan.Zero }));

        Assert.Contains("Coordination:ScannerLeaseDuration", error.Message, StringComparison.Ordinal);
    }

    private DeadlineMonitor Monitor(string instance, out CapturingLogger<DeadlineMonitor> log)
    {
        log = new CapturingLogger<DeadlineMonitor>();
        return new DeadlineMonitor(Repository(), new DeadlineScanner(DeadlinePolicy.Default, _scenario.Time), log, _store, new InstanceCoordinationOptions { InstanceName = instance });
    }

    private IncidentRepository Repository()
        => new(_store, _scenario.Lifecycle, new IncidentEventSerializer(), Options.Create(new PetitionOpinionOptions()), new NotificationRouter(_scenario.Organization));

    private async Task<IncidentId> ReportAsync()
    {
        _scenario.Time.Advance(Scenario.Step);
        return (await Repository().ReportAsync(Scenario.ReportCommand(), null, None)).Match(i => i.Id, e => throw new InvalidOperationException($"Report was refused: {e}"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        // Waits for another task's progress (not for time to pass): bounded so that a bug fails instead of hanging.
        for (var i = 0; i < 5_000 && !condition(); i++)
        {
            await Task.Delay(1);
        }

        Assert.True(condition());
    }
}
