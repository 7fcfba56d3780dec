using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using PetitionOpinion.Incidents;
using PetitionOpinion.Notifications;

namespace PetitionOpinion.Hosting.Tests.Support;

/// <summary>What a host reported at the end of a store outage: its health, and each loop's failed passes in a row and wait.</summary>
/// <param name="Ready">The ready checks.</param>
/// <param name="Live">The live check.</param>
/// <param name="DeadlineFailures">The deadline monitor's failed passes in a row.</param>
/// <param name="DeadlineWait">The time until its next pass.</param>
/// <param name="DispatcherFailures">The dispatcher's failed passes in a row.</param>
/// <param name="DispatcherWait">The time until its next pass.</param>
/// <param name="Delivered">How many notifications its channel had delivered.</param>
public sealed record OutageReport(HealthReport Ready, HealthReport Live, int DeadlineFailures, TimeSpan DeadlineWait, int DispatcherFailures, TimeSpan DispatcherWait, int Delivered)
{
    /// <inheritdoc/>
    public override string ToString()
        => $"ready {Ready.Status} ({string.Join(", ", Ready.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => $"{e.Key} {e.Value.Status}"))}), "
            + $"deadline monitor {DeadlineFailures} failed pass(es) in a row (next in {DeadlineWait}), dispatcher {DispatcherFailures} (next in {DispatcherWait}), {Delivered} delivered";
}

/// <summary>
/// What issue 19's acceptance asks of hosts through a store outage, whatever the store: during it, the loops log, back off
/// and report unhealthy (and the live check healthy: nothing to restart); afterwards every alert that fell due is recorded
/// once, every notification recorded is delivered once, the outbox is empty and the checks are healthy; and no log line
/// or health description quotes the seed complaint or the store's error.
/// </summary>
public static class StoreOutage
{
    /// <summary>What the seed complaint holds that must never show in a log line or a health description.</summary>
    private static readonly string[] Stored = ["Ms. Lin", "138 0000 0000", "phishing", "order history"];

    /// <summary>Reads a host's health and its loops' state now.</summary>
    /// <param name="story">The host.</param>
    /// <returns>The report.</returns>
    public static async Task<OutageReport> ObserveAsync(HostedStory story)
    {
        var ready = await story.HealthAsync(PetitionOpinionHealthChecks.ReadyTag);
        var live = await story.HealthAsync(PetitionOpinionHealthChecks.LiveTag);
        var now = story.Clock.GetUtcNow();
        return new OutageReport(
            ready,
            live,
            story.State.Deadlines.Failures,
            story.State.Deadlines.WakeAt!.Value - now,
            story.State.Dispatcher.Failures,
            story.State.Dispatcher.WakeAt!.Value - now,
            story.Channel.Delivered.Count);
    }

    /// <summary>Asserts what holds at the end of an outage: unhealthy (store, scans), alive, backed off, logged, nothing quoted.</summary>
    /// <param name="story">The host.</param>
    /// <param name="during">What it reported then.</param>
    /// <param name="maxRetryDelay">The hosting options' <c>MaxRetryDelay</c>.</param>
    public static void AssertDuring(HostedStory story, OutageReport during, TimeSpan maxRetryDelay)
    {
        Assert.Equal(HealthStatus.Unhealthy, during.Ready.Status);
        Assert.Equal(HealthStatus.Unhealthy, during.Ready.Entries[PetitionOpinionHealthChecks.Store].Status);
        Assert.Equal(HealthStatus.Unhealthy, during.Ready.Entries[PetitionOpinionHealthChecks.DeadlineScan].Status);
        Assert.Equal(HealthStatus.Healthy, during.Live.Status);
        Assert.True(during.DeadlineWait > TimeSpan.Zero && during.DeadlineWait <= maxRetryDelay, $"the scanner waits at most MaxRetryDelay (waits {during.DeadlineWait})");
        Assert.True(during.DispatcherWait > TimeSpan.Zero && during.DispatcherWait <= maxRetryDelay, $"the dispatcher waits at most MaxRetryDelay (waits {during.DispatcherWait})");
        Assert.Contains(story.Logs.Events, e => e.Category == typeof(DeadlineMonitorService).FullName && e.Id == 1 && e.Level == LogLevel.Warning);
        Assert.Contains(story.Logs.Events, e => e.Category == typeof(NotificationDispatcherService).FullName && e.Id == 1 && e.Level == LogLevel.Warning);
        foreach (var (name, entry) in during.Ready.Entries.Concat(during.Live.Entries))
        {
            Assert.False(Stored.Any(s => entry.Description?.Contains(s, StringComparison.Ordinal) == true), $"The check {name} quotes the complaint: {entry.Description}");
        }
    }

    /// <summary>
    /// Asserts the catch-up: the incident recorded the same alerts, each once, as on a host of the in-memory store without
    /// an outage run as far (those that fell due during the outage late, in one append, each notified to its own
    /// recipients); every notification the store recorded was delivered once by the channels together; the outbox is empty;
    /// the deadline monitor logged its recovery; no log line quotes the complaint or <paramref name="secrets"/>.
    /// </summary>
    /// <param name="stories">The hosts (one, or the instances of an application, on one clock), whose channels together deliver.</param>
    /// <param name="incident">The seed complaint.</param>
    /// <param name="recordedKeys">The de-duplication keys of every outbox message the store holds, acknowledged or not.</param>
    /// <param name="secrets">What else must not show in a log line: the store's error, its file or connection details.</param>
    /// <returns>A task that completes when asserted.</returns>
    public static async Task AssertCaughtUpOnceAsync(IReadOnlyList<HostedStory> stories, IncidentId incident, IReadOnlyList<string> recordedKeys, params string[] secrets)
    {
        await using var baseline = new HostedStory();
        await baseline.StartAsync();
        var baselineIncident = await baseline.ReportAsync();
        await baseline.RunUntilAsync(stories[0].Clock.GetUtcNow());
        var expected = await AlertsAsync(baseline, baselineIncident);
        var alerts = await AlertsAsync(stories[0], incident);
        Assert.True(expected.Count > 0, "the seed complaint's deadlines raise alerts");
        Assert.Equal(expected.Select(a => (a.Deadline.ToString(), a.Alert, a.Percent, a.DueAt)).Order(), alerts.Select(a => (a.Deadline.ToString(), a.Alert, a.Percent, a.DueAt)).Order());

        var delivered = stories.SelectMany(s => s.Channel.Delivered).ToList();
        var keys = delivered.Select(n => n.DeduplicationKey).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(recordedKeys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
        var topics = delivered.Select(n => n.Topic).ToList();
        Assert.Contains(NotificationTopic.DeadlineWarning, topics);
        Assert.Contains(NotificationTopic.DeadlineBreached, topics);
        Assert.Contains(NotificationTopic.DeadlineEscalated, topics);
        Assert.Empty(await stories[0].PendingAsync());

        Assert.Contains(stories.SelectMany(s => s.Logs.Events), e => e.Category == typeof(DeadlineMonitorService).FullName && e.Id == 2); // recovered
        foreach (var text in Stored.Concat(secrets))
        {
            Assert.DoesNotContain(stories.SelectMany(s => s.Logs.Events), e => e.Message.Contains(text, StringComparison.Ordinal));
        }
    }

    /// <summary>Asserts that every ready check but the audit key's (no key is configured) is healthy again.</summary>
    /// <param name="story">The host.</param>
    /// <returns>A task that completes when asserted.</returns>
    public static async Task AssertHealthyAsync(HostedStory story)
    {
        var after = await story.HealthAsync(PetitionOpinionHealthChecks.ReadyTag);
        Assert.All(after.Entries.Where(e => e.Key != PetitionOpinionHealthChecks.AuditKey), e => Assert.Equal(HealthStatus.Healthy, e.Value.Status));
    }

    /// <summary>The deadline alerts an incident recorded, in order.</summary>
    private static async Task<IReadOnlyList<RecordedDeadlineAlert>> AlertsAsync(HostedStory story, IncidentId incident)
    {
        var loaded = await story.Host.Services.GetRequiredService<IncidentRepository>().GetAsync(incident, CancellationToken.None);
        var alerts = loaded.Match(i => i.DeadlineAlerts, e => throw new InvalidOperationException($"The incident could not be loaded: {e}"));
        Assert.Equal(alerts.Count, alerts.Select(a => (a.Deadline, a.Alert, a.Percent)).Distinct().Count());
        return alerts;
    }
}
