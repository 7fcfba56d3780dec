using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PetitionOpinion.Hosting.Tests.Support;
using PetitionOpinion.Notifications;

namespace PetitionOpinion.Hosting.Tests;

/// <summary>
/// The acceptance of issue 19's hosting part: a host of <c>AddPetitionOpinion</c>, a store, <c>AddPetitionOpinionHosting</c>
/// and a channel raises the seed story's warnings, breach and escalation on a fake clock; a store outage is logged, backed
/// off and reported unhealthy, and the loops catch up afterwards with nothing lost and nothing delivered twice. Here the
/// store is the in-memory one failing on demand (<see cref="FlakyStore"/>: every call, acknowledgements only, or writes
/// only), which pins each behaviour down quickly; <see cref="SqliteStoreOutageTests"/> and
/// <see cref="PostgreSqlStoreOutageTests"/> take the real stores through real outages.
/// </summary>
public sealed class HostedLoopsTests
{
    [Fact]
    public async Task AddPetitionOpinionHosting_SeedComplaintLeftAlone_DeliversWarningsBreachAndEscalation()
    {
        await using var story = new HostedStory();
        await story.StartAsync();
        await story.ReportAsync();

        await story.RunForAsync(TimeSpan.FromDays(3));

        var topics = story.DeliveredTopics.ToList();
        Assert.Contains(NotificationTopic.DeadlineWarning, topics);
        Assert.Contains(NotificationTopic.DeadlineBreached, topics);
        Assert.Contains(NotificationTopic.DeadlineEscalated, topics);
        Assert.Equal(story.Channel.Delivered.Count, story.Channel.Delivered.Select(n => n.DeduplicationKey).Distinct().Count());
        Assert.Empty(await story.PendingAsync());
        Assert.Equal(HealthStatus.Healthy, (await story.HealthAsync(PetitionOpinionHealthChecks.LiveTag)).Status);
    }

    [Fact]
    public async Task AddPetitionOpinionHosting_StoreDownForHours_LogsBacksOffReportsUnhealthyAndCatchesUpOnce()
    {
        await using var story = new HostedStory();
        await story.StartAsync();
        await story.ReportAsync();
        await story.RunUntilAsync(story.Clock.GetUtcNow().AddDays(1), () => !story.Channel.Delivered.IsEmpty); // the first warning
        var beforeOutage = story.Channel.Delivered.Count;

        // Acknowledgements fail first (delivered messages stay pending), then the whole store is gone for four hours.
        story.Store.Outage = Outage.Acknowledgements;
        await story.RunForAsync(TimeSpan.FromMinutes(30));
        story.Store.Outage = Outage.Full;
        await story.RunForAsync(TimeSpan.FromHours(4));
        var ready = await story.HealthAsync(PetitionOpinionHealthChecks.ReadyTag);
        var live = await story.HealthAsync(PetitionOpinionHealthChecks.LiveTag);
        var deadlineFailures = story.State.Deadlines.Failures;
        var wait = story.State.Deadlines.WakeAt!.Value - story.Clock.GetUtcNow();
        story.Store.Outage = Outage.None;
        await story.RunForAsync(TimeSpan.FromDays(3));

        Assert.True(beforeOutage > 0, "the first warning is delivered before the outage");
        Assert.Equal(HealthStatus.Unhealthy, ready.Status);
        Assert.Equal(HealthStatus.Unhealthy, ready.Entries[PetitionOpinionHealthChecks.Store].Status);
        Assert.Equal(HealthStatus.Unhealthy, ready.Entries[PetitionOpinionHealthChecks.DeadlineScan].Status);
        Assert.DoesNotContain("locked", ready.Entries[PetitionOpinionHealthChecks.Store].Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, live.Status);
        // Backed off: 5 s, 10 s, 20 s, ... up to MaxRetryDelay (2 minutes), so about 120 failed passes in four hours, not 2,880.
        Assert.InRange(deadlineFailures, 110, 125);
        Assert.True(wait > TimeSpan.Zero && wait <= TimeSpan.FromMinutes(2), $"the scanner waits at most MaxRetryDelay (waits {wait})");
        Assert.Contains(story.Logs.Events, e => e.Category == typeof(DeadlineMonitorService).FullName && e.Id == 1 && e.Level == LogLevel.Warning);
        Assert.Contains(story.Logs.Events, e => e.Category == typeof(NotificationDispatcherService).FullName && e.Id == 1 && e.Level == LogLevel.Warning);
        Assert.Contains(story.Logs.Events, e => e.Category == typeof(DeadlineMonitorService).FullName && e.Id == 2);
        Assert.DoesNotContain(story.Logs.Events, e => e.Message.Contains("locked", StringComparison.Ordinal));

        var topics = story.DeliveredTopics.ToList();
        Assert.Contains(NotificationTopic.DeadlineWarning, topics);
        Assert.Contains(NotificationTopic.DeadlineBreached, topics);
        Assert.Contains(NotificationTopic.DeadlineEscalated, topics);
        Assert.Equal(story.Channel.Delivered.Count, story.Channel.Delivered.Select(n => n.DeduplicationKey).Distinct().Count());
        Assert.Empty(await story.PendingAsync());
        var after = await story.HealthAsync(PetitionOpinionHealthChecks.ReadyTag);
        Assert.All(after.Entries.Where(e => e.Key != PetitionOpinionHealthChecks.AuditKey), e => Assert.Equal(HealthStatus.Healthy, e.Value.Status));
    }

    [Fact]
    public async Task AddPetitionOpinionHosting_StoreTakesReadsButNoWrites_CountsScansThatCouldNotRecordAlertsAsFailed()
    {
        await using var story = new HostedStory();
        await story.StartAsync();
        await story.ReportAsync();
        await story.RunUntilAsync(story.Clock.GetUtcNow().AddDays(1), () => !story.Channel.Delivered.IsEmpty); // the first warning, 2 hours in
        var beforeOutage = story.Channel.Delivered.Count;

        // A SQLite file another process holds the write lock of: reads work, so every scan runs, but the warning that falls
        // due an hour later cannot be recorded. Such a scan did not do its work: it backs off and the scan check fails.
        story.Store.Outage = Outage.Writes;
        await story.RunForAsync(TimeSpan.FromHours(2));
        var failures = story.State.Deadlines.Failures;
        var scan = (await story.HealthAsync(PetitionOpinionHealthChecks.ReadyTag)).Entries[PetitionOpinionHealthChecks.DeadlineScan];
        story.Store.Outage = Outage.None;
        await story.RunUntilAsync(story.Clock.GetUtcNow().AddHours(1), () => story.Channel.Delivered.Count > beforeOutage);

        // Backed off from 5 s to MaxRetryDelay (2 minutes): about 40 failed passes in the 70-odd minutes from the warning's
        // due time to the end of the outage, not 850.
        Assert.InRange(failures, 30, 45);
        Assert.Equal(HealthStatus.Unhealthy, scan.Status);
        Assert.Contains(story.Logs.Events, e => e.Category == typeof(DeadlineMonitorService).FullName && e.Id == 1 && e.Level == LogLevel.Warning);
        Assert.Contains(story.Logs.Events, e => e.Category == typeof(DeadlineMonitorService).FullName && e.Id == 2);
        Assert.True(story.Channel.Delivered.Count > beforeOutage, "the warning that fell due during the outage is recorded and delivered afterwards");
        Assert.Equal(0, story.State.Deadlines.Failures);
    }

    [Fact]
    public async Task CheckHealth_StoreTakesReadsButNoWrites_ReportsTheStoreUnhealthyByExceptionType()
    {
        await using var story = new HostedStory();
        await story.StartAsync();
        story.Store.Outage = Outage.Writes;

        var store = (await story.HealthAsync(PetitionOpinionHealthChecks.ReadyTag)).Entries[PetitionOpinionHealthChecks.Store];

        Assert.Equal(HealthStatus.Unhealthy, store.Status);
        Assert.Contains(nameof(IOException), store.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("database is locked", store.Description, StringComparison.Ordinal); // the exception's message
    }

    [Fact]
    public async Task StopAsync_RunningHost_StopsTheLoopsAndReportsThemNotLive()
    {
        var story = new HostedStory();
        await story.StartAsync();

        await story.Host.StopAsync();
        var live = await story.HealthAsync(PetitionOpinionHealthChecks.LiveTag);
        var running = (story.State.Deadlines.Running, story.State.Dispatcher.Running);
        story.Host.Dispose();

        Assert.Equal(HealthStatus.Unhealthy, live.Status);
        Assert.Equal((false, false), running);
    }

    [Fact]
    public async Task CheckHealth_ChannelFailingFivePasses_ReportsItDegradedByName()
    {
        await using var story = new HostedStory();
        await story.StartAsync();
        story.Channel.Failing = true;
        await story.ReportAsync();

        await story.RunForAsync(TimeSpan.FromDays(3));
        var report = await story.HealthAsync(PetitionOpinionHealthChecks.ReadyTag);

        var channels = report.Entries[PetitionOpinionHealthChecks.Channels];
        Assert.Equal(HealthStatus.Degraded, channels.Status);
        Assert.Contains("recording", channels.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries[PetitionOpinionHealthChecks.Outbox].Status);
    }

    [Fact]
    public async Task CheckHealth_DeadlinesRunIntoAYearWithoutHolidaySchedule_ReportsTheCalendarDegradedNamingTheYear()
    {
        await using var story = new HostedStory();
        var covered = (await story.HealthAsync(PetitionOpinionHealthChecks.ReadyTag)).Entries[PetitionOpinionHealthChecks.Calendar];

        // Today, 7 December 2026: 2027 (no published schedule yet) is within the next 60 days.
        story.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero));
        var report = await story.HealthAsync(PetitionOpinionHealthChecks.ReadyTag);

        Assert.Equal(HealthStatus.Healthy, covered.Status);
        var calendar = report.Entries[PetitionOpinionHealthChecks.Calendar];
        Assert.Equal(HealthStatus.Degraded, calendar.Status);
        Assert.Contains("2027", calendar.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealth_NoAuditKey_ReportsTheAuditKeyDegraded()
    {
        await using var story = new HostedStory();
        await story.StartAsync();

        var report = await story.HealthAsync(PetitionOpinionHealthChecks.ReadyTag);

        Assert.Equal(HealthStatus.Degraded, report.Entries[PetitionOpinionHealthChecks.AuditKey].Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries[PetitionOpinionHealthChecks.Store].Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries[PetitionOpinionHealthChecks.Outbox].Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries[PetitionOpinionHealthChecks.DeadlineScan].Status);
    }

    [Fact]
    public async Task StartAsync_InvalidHostingOptions_FailsListingEveryProblem()
    {
        var story = new HostedStory(o =>
        {
            o.ScanInterval = TimeSpan.FromHours(1);
            o.MaxRetryDelay = TimeSpan.FromSeconds(1);
            o.ChannelFailureStreak = 0;
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => story.Host.StartAsync());
        story.Host.Dispose();

        Assert.Equal(3, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("[hosting.invalid] PetitionOpinion:Hosting:ScanAgeThreshold", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("[hosting.invalid] PetitionOpinion:Hosting:MaxRetryDelay", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("[hosting.invalid] PetitionOpinion:Hosting:ChannelFailureStreak", StringComparison.Ordinal));
    }

    [Fact]
    public void AddPetitionOpinionHosting_CalledTwice_RegistersEachLoopOnce()
    {
        var services = new ServiceCollection();
        services.AddPetitionOpinion().AddPetitionOpinionHosting().AddPetitionOpinionHosting().AddDeadlineMonitorService();

        Assert.Single(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(DeadlineMonitorService));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(NotificationDispatcherService));
    }
}
