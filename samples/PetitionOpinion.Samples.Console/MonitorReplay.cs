using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PetitionOpinion.Incidents;
using PetitionOpinion.Monitoring;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Samples;

/// <summary>
/// The <c>monitor</c> command: replays a real mention series (5-minute Twitter counts of a company ticker) through the
/// opinion monitor on a replay clock, prints each alert with its explanation and the incident it opened or joined, then
/// pushes a few live signals on a second topic to show a negative-sentiment surge and a high-reach post.
/// </summary>
internal static class MonitorReplay
{
    public static async Task<int> RunAsync(TextWriter output, string file, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            output.WriteLine($"No mention file at {file}.");
            return 2;
        }

        var clock = new ReplayClock(new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddPetitionOpinion(options => options.ConfigureOrganization(SampleOrganization.Staff))
            .Services.BuildServiceProvider();
        var monitor = services.GetRequiredService<OpinionMonitor>();
        var repository = services.GetRequiredService<IncidentRepository>();
        var topic = Path.GetFileNameWithoutExtension(file).Replace("mentions_", string.Empty, StringComparison.Ordinal);
        monitor.SetCategory(topic, RiskCategory.ProductQuality);

        output.WriteLine($"Replaying {Path.GetFileName(file)} (topic {topic}) through the opinion monitor…");
        using var reader = File.OpenText(file);
        var report = await MentionReplay.ReplayCountsAsync(monitor, topic, reader, clock, cancellationToken);
        foreach (var handled in report.Alerts)
        {
            Print(output, handled);
        }

        output.WriteLine($"Replayed {report.Rows} rows: {report.Counts.Accepted} counted, {report.MalformedCount} not; {report.Alerts.Count} alert(s), {report.Alerts.Count(a => a.Opened)} incident(s) opened; {monitor.Detector.BytesPerTopic} bytes of state per topic.");

        // Live signals on a second topic: a usual mix, then an angry hour, then one post that reaches millions.
        output.WriteLine();
        output.WriteLine("Live signals on topic \"refund-delays\"…");
        var start = clock.GetUtcNow().AddHours(1);
        var alerts = new List<MonitorAlert>();
        for (var i = 0; i < 600; i++)
        {
            var at = start.AddMinutes(i * 5);
            clock.AdvanceTo(at);
            var negative = i >= 590;
            for (var k = 0; k < (negative ? 12 : 4); k++)
            {
                var signal = new MentionSignal("refund-delays", "weibo", at.AddSeconds(k), negative ? -0.8 : (k == 0 ? -0.4 : 0.3), 800 + (k * 50), 120, $"{i}-{k}");
                alerts.AddRange((await monitor.ObserveAsync(signal, cancellationToken)).Alerts);
            }
        }

        var viral = start.AddMinutes(600 * 5);
        clock.AdvanceTo(viral);
        alerts.AddRange((await monitor.ObserveAsync(new MentionSignal("refund-delays", "weibo", viral, -0.9, 3_200_000, 5_000_000, "viral-1"), cancellationToken)).Alerts);
        var duplicate = await monitor.ObserveAsync(new MentionSignal("refund-delays", "weibo", viral, -0.9, 3_200_000, 5_000_000, "viral-1"), cancellationToken);
        foreach (var handled in alerts)
        {
            Print(output, handled);
        }

        output.WriteLine($"The same post fed again: {duplicate.Outcome}.");
        var incidents = await repository.QueryAsync(new IncidentQuery { Take = 100 }, cancellationToken);
        output.WriteLine($"Incidents opened by the monitor: {incidents.TotalCount}; signals: {monitor.Counts}.");
        return report.Alerts.Count > 0 && alerts.Count >= 2 ? 0 : 1;
    }

    internal static void Print(TextWriter output, MonitorAlert handled)
    {
        var alert = handled.Alert;
        var what = handled.Error is { } error ? $"no incident: [{error.Code}] {error.Message}" : handled.Opened ? $"opened incident {handled.Incident}" : $"attached to incident {handled.Incident}";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ALERT {alert.Kind} {alert.At:yyyy-MM-dd HH:mm} — {alert.Explanation}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"        → {what}; facts for the assessor: reach {alert.Reach:N0}, negative share {alert.NegativeShare:P0}, {alert.Mentions} mentions in the window"));
    }
}
