using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Hosting;

// The checks say what is wrong in counts, ages, names and exception types — never an exception's message, which may
// quote a connection string or a record.

/// <summary>
/// The store answers a one-row query and takes a write: the acknowledgement of an outbox message that does not exist, which
/// the store ignores (<see cref="IIncidentStore.AcknowledgeOutboxAsync"/>) after taking its write lock or transaction — a
/// SQLite file another process holds the write lock of answers reads, but can record nothing.
/// </summary>
internal sealed class StoreHealthCheck(IIncidentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // One summary, uncounted: a probe must not count every summary of a large store.
            await store.QueryAsync(new IncidentQuery { Take = 1, CountTotal = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The store could not be queried ({e.GetType().Name}).");
        }

        try
        {
            // A new id each time: no message can have it, so nothing is acknowledged.
            await store.AcknowledgeOutboxAsync([Guid.NewGuid()], cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("The store answers and takes writes.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The store answers queries but takes no writes ({e.GetType().Name}): a locked database file, or a role that may not write.");
        }
    }
}

/// <summary>The oldest pending outbox message is younger than the threshold.</summary>
internal sealed class OutboxHealthCheck(IIncidentStore store, TimeProvider time, IOptions<PetitionOpinionHostingOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<OutboxMessage> oldest;
        try
        {
            oldest = await store.ReadOutboxAsync(1, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The outbox could not be read ({e.GetType().Name}).");
        }

        if (oldest.Count == 0)
        {
            return HealthCheckResult.Healthy("The outbox is empty.");
        }

        var age = time.GetUtcNow() - oldest[0].CreatedAt;
        var data = new Dictionary<string, object> { ["oldest_pending_seconds"] = Math.Max(0, (long)age.TotalSeconds) };
        var threshold = options.Value.OutboxAgeThreshold;
        return age > threshold
            ? new HealthCheckResult(context.Registration.FailureStatus, $"The oldest pending outbox message is {age} old (threshold {threshold}): a channel is down, or no dispatcher runs.", data: data)
            : HealthCheckResult.Healthy($"The oldest pending outbox message is {age} old.", data);
    }
}

/// <summary>The last deadline scan (or lease check, on an instance standing by) completed within the threshold.</summary>
internal sealed class DeadlineScanHealthCheck(HostingState state, TimeProvider time, IOptions<PetitionOpinionHostingOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var loop = state.Deadlines;
        if (!loop.Registered)
        {
            return Task.FromResult(HealthCheckResult.Healthy("This host does not run the deadline monitor."));
        }

        var last = loop.LastCompletedAt ?? state.StartedAt;
        var age = time.GetUtcNow() - last;
        var threshold = options.Value.ScanAgeThreshold;
        var data = new Dictionary<string, object>
        {
            ["last_scan_seconds_ago"] = Math.Max(0, (long)age.TotalSeconds),
            ["failures_in_a_row"] = loop.Failures,
            ["leading"] = state.Leading?.ToString() ?? "unknown",
        };
        if (age > threshold)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, $"No deadline scan completed for {age} (threshold {threshold}); {loop.Failures} failed pass(es) in a row.", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy(state.Leading == false ? "Another instance runs the deadline scanner; this one stands by." : $"The last deadline scan completed {age} ago.", data));
    }
}

/// <summary>No channel has failed the configured number of passes in a row.</summary>
internal sealed class ChannelsHealthCheck(HostingState state, IOptions<PetitionOpinionHostingOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var threshold = options.Value.ChannelFailureStreak;
        var failing = state.ChannelStreaks.Where(s => s.Value >= threshold).Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
        var data = state.ChannelStreaks.ToDictionary(s => s.Key, s => (object)s.Value, StringComparer.Ordinal);
        return Task.FromResult(failing.Count == 0
            ? HealthCheckResult.Healthy("No channel keeps failing.", data)
            : HealthCheckResult.Degraded($"Failing {threshold} or more passes in a row: {string.Join(", ", failing)}. Their notifications stay pending and are retried.", data: data));
    }
}

/// <summary>An audit key seals new records.</summary>
internal sealed class AuditKeyHealthCheck(IncidentRepository repository) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(repository.AuditKeys.IsKeyed
            ? HealthCheckResult.Healthy("An audit key seals new records.")
            : HealthCheckResult.Degraded("No audit key seals new records: the hash chain can be recomputed by anyone who can write the store (set Storage:AuditKeys and Storage:AuditKeyId)."));
}

/// <summary>
/// The working-day calendar has a holiday schedule for today and the next 60 days (degraded otherwise: deadlines counted
/// in working days through a year without one would ignore its public holidays), and from 1 November for next year too.
/// </summary>
internal sealed class CalendarHealthCheck(DeadlinePolicy policy, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().ToOffset(policy.UtcOffset).DateTime);
        var coverage = CalendarCoverage.Check(policy.Calendar, today);
        var years = string.Join(", ", coverage.MissingYears);
        return Task.FromResult(coverage.Severity switch
        {
            CalendarCoverageSeverity.None => HealthCheckResult.Healthy("The working-day calendar has a holiday schedule for every year deadlines now run into."),
            CalendarCoverageSeverity.Warning => new HealthCheckResult(context.Registration.FailureStatus, $"The working-day calendar has no holiday schedule for {years} yet: add it (Deadlines:CalendarFiles) when the State Council publishes it."),
            _ => new HealthCheckResult(context.Registration.FailureStatus, $"The working-day calendar has no holiday schedule for {years}, which deadlines run into now: working days are counted without its public holidays. Add it (Deadlines:CalendarFiles)."),
        });
    }
}

/// <summary>Every hosted loop registered in the container is running.</summary>
internal sealed class LoopsHealthCheck(HostingState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stopped = new[] { ("deadline monitor", state.Deadlines), ("notification dispatcher", state.Dispatcher), ("opinion feed", state.Feed), ("partitioned opinion feed", state.PartitionedFeed), ("opinion partitions", state.Partitions) }
            .Where(l => l.Item2.Registered && l.Item2.Stopped)
            .Select(l => l.Item1)
            .ToList();
        return Task.FromResult(stopped.Count == 0
            ? HealthCheckResult.Healthy("The hosted loops run.")
            : new HealthCheckResult(context.Registration.FailureStatus, $"Not running: {string.Join(", ", stopped)}."));
    }
}
