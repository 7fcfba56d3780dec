using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PetitionOpinion.Notifications;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Tests.Notifications;

/// <summary>
/// <see cref="NotificationDispatcher"/> over the in-memory store: delivery and acknowledgement, back-off within the
/// jitter, never giving up, several channels, time-outs, failed acknowledgements, de-duplication by key, other kinds
/// of messages, unreadable payloads, cancellation, one pass at a time, the polling loop, and a log that never carries
/// a notification's content.
/// </summary>
public sealed class NotificationDispatcherTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    // A safety net against a hanging test run only: the clock the tests assert on is the fake one.
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);

    // ---------- delivery ----------
    [Fact]
    public async Task DispatchPendingAsync_RealStore_DeliversToEveryChannelAndAcknowledges()
    {
        var world = new NotificationWorld();
        var sms = world.Channel("sms");
        var email = world.Channel("email");
        var dispatcher = world.Dispatcher(sms, email);
        var messages = await world.ReportWithNotificationsAsync("k1", "k2");

        var report = await dispatcher.DispatchPendingAsync(None);

        Assert.Equal(new NotificationDispatchReport(4, 2, 0, 0, 0, 0, [], null), report with { Failures = [] });
        Assert.Empty(report.Failures);
        Assert.True(report.IsClean);
        Assert.Equal([world.Notification("k1"), world.Notification("k2")], sms.Delivered);
        Assert.Equal([world.Notification("k1"), world.Notification("k2")], email.Delivered);
        Assert.Empty(await world.PendingAsync());
        Assert.Equal(2, messages.Count);
    }

    [Fact]
    public async Task DispatchPendingAsync_NothingPending_ReportsNothing()
    {
        var world = new NotificationWorld();
        var dispatcher = world.Dispatcher(world.Channel("sms"));

        var report = await dispatcher.DispatchPendingAsync(None);

        Assert.Equal((0, 0, 0, 0, 0, 0), (report.Delivered, report.Acknowledged, report.Failed, report.Waiting, report.Undeliverable, report.Skipped));
        Assert.Null(report.AcknowledgementFailure);
    }

    // ---------- back-off ----------
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task DispatchPendingAsync_ChannelFailsNTimesThenWorks_DeliversOnceWithAttemptsSpacedByTheBackoff(int failures)
    {
        var world = new NotificationWorld();
        var channel = world.Channel("sms");
        channel.FailFirst = failures;
        var dispatcher = world.Dispatcher(channel);
        await world.ReportWithNotificationsAsync("k1");
        var options = world.Options;

        for (var attempt = 1; attempt <= failures; attempt++)
        {
            var report = await dispatcher.DispatchPendingAsync(None);

            Assert.Equal((0, 1, 0), (report.Delivered, report.Failed, report.Acknowledged));
            var failure = Assert.Single(report.Failures);
            Assert.Equal(("sms", attempt, "k1"), (failure.Channel, failure.Attempt, failure.DeduplicationKey));
            Assert.IsType<InvalidOperationException>(failure.Exception);
            var delay = failure.NextAttemptAt - world.Time.GetUtcNow();
            var expected = options.InitialRetryDelay * Math.Pow(options.BackoffMultiplier, attempt - 1);
            Assert.InRange(delay, expected * (1 - options.JitterRatio), expected * (1 + options.JitterRatio));

            // A pass before the next attempt is due tries nothing.
            world.Time.Advance(delay - TimeSpan.FromTicks(1));
            var early = await dispatcher.DispatchPendingAsync(None);
            Assert.Equal((0, 0, 1, 0), (early.Delivered, early.Failed, early.Waiting, early.Acknowledged));
            Assert.Equal(attempt, channel.Calls.Count);

            world.Time.Advance(TimeSpan.FromTicks(1));
        }

        var last = await dispatcher.DispatchPendingAsync(None);

        Assert.Equal((1, 0, 1), (last.Delivered, last.Failed, last.Acknowledged));
        Assert.Equal([world.Notification("k1")], channel.Delivered);
        Assert.Equal(failures + 1, channel.Calls.Count);
        for (var i = 1; i < channel.Calls.Count; i++)
        {
            var spacing = channel.Calls[i].At - channel.Calls[i - 1].At;
            var expected = options.InitialRetryDelay * Math.Pow(options.BackoffMultiplier, i - 1);
            Assert.InRange(spacing, expected * (1 - options.JitterRatio), expected * (1 + options.JitterRatio));
        }

        Assert.Empty(await world.PendingAsync());
        world.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, (await dispatcher.DispatchPendingAsync(None)).Delivered);
        Assert.Single(channel.Delivered);
    }

    [Fact]
    public async Task DispatchPendingAsync_ChannelAlwaysFails_LeavesTheMessagePendingAndTheIncidentUnchanged()
    {
        var world = new NotificationWorld();
        var channel = world.Channel("sms");
        channel.AlwaysFails = _ => true;
        var dispatcher = world.Dispatcher(channel);
        var message = Assert.Single(await world.ReportWithNotificationsAsync("k1"));
        var events = await world.Store.LoadAsync(world.Incident, None);
        var max = world.Options.MaxRetryDelay;

        for (var attempt = 1; attempt <= 12; attempt++)
        {
            var report = await dispatcher.DispatchPendingAsync(None);

            var failure = Assert.Single(report.Failures);
            Assert.Equal((1, 0, attempt), (report.Failed, report.Acknowledged, failure.Attempt));
            Assert.False(report.IsClean);
            var delay = failure.NextAttemptAt - world.Time.GetUtcNow();
            Assert.InRange(delay, TimeSpan.Zero, max * (1 + world.Options.JitterRatio));
            if (attempt >= 9)
            {
                Assert.InRange(delay, max * (1 - world.Options.JitterRatio), max * (1 + world.Options.JitterRatio)); // capped
            }

            world.Time.Advance(delay);
        }

        Assert.Equal([message], await world.PendingAsync());
        Assert.Equal(events, await world.Store.LoadAsync(world.Incident, None));
        Assert.Empty(channel.Delivered);
    }

    // ---------- several channels ----------
    [Fact]
    public async Task DispatchPendingAsync_OneOfTwoChannelsFails_GoodOneDeliversOnceAndAcknowledgesOnlyWhenBothDelivered()
    {
        var world = new NotificationWorld();
        var good = world.Channel("email");
        var bad = world.Channel("sms");
        bad.FailFirst = 2;
        var dispatcher = world.Dispatcher(good, bad);
        await world.ReportWithNotificationsAsync("k1");

        var first = await dispatcher.DispatchPendingAsync(None);
        Assert.Equal((1, 1, 0), (first.Delivered, first.Failed, first.Acknowledged));
        Assert.Single(await world.PendingAsync());

        world.Time.Advance(first.Failures[0].NextAttemptAt - world.Time.GetUtcNow());
        var second = await dispatcher.DispatchPendingAsync(None);
        Assert.Equal((0, 1, 0), (second.Delivered, second.Failed, second.Acknowledged));
        Assert.Single(await world.PendingAsync());

        world.Time.Advance(second.Failures[0].NextAttemptAt - world.Time.GetUtcNow());
        var third = await dispatcher.DispatchPendingAsync(None);
        Assert.Equal((1, 0, 1), (third.Delivered, third.Failed, third.Acknowledged));

        Assert.Single(good.Calls);
        Assert.Single(good.Delivered);
        Assert.Single(bad.Delivered);
        Assert.Empty(await world.PendingAsync());
    }

    [Fact]
    public async Task DispatchPendingAsync_HangingChannel_TimesOutAndThePassCompletes()
    {
        var world = new NotificationWorld();
        var hanging = world.Channel("wecom");
        hanging.Hangs = true;
        var good = world.Channel("sms");
        var dispatcher = world.Dispatcher(hanging, good);
        await world.ReportWithNotificationsAsync("k1", "k2");

        var pass = dispatcher.DispatchPendingAsync(None).AsTask();
        Assert.False(pass.IsCompleted);
        world.Time.Advance(world.Options.DeliveryTimeout);
        var report = await pass.WaitAsync(Safety);

        var failure = Assert.Single(report.Failures);
        Assert.Equal(("wecom", 1, "k1"), (failure.Channel, failure.Attempt, failure.DeduplicationKey));
        Assert.IsType<TimeoutException>(failure.Exception);
        Assert.Equal((2, 1, 0), (report.Delivered, report.Failed, report.Acknowledged));

        // The hanging channel was told to stop, and was not given the second message in the same pass.
        var call = Assert.Single(hanging.Calls);
        Assert.True(call.Token.IsCancellationRequested);
        Assert.Equal(2, good.Delivered.Count);
        Assert.Equal(2, (await world.PendingAsync()).Count);
    }

    [Fact]
    public async Task DispatchPendingAsync_SlowChannelThatHonoursItsToken_TimesOutAsAFailedAttempt()
    {
        var world = new NotificationWorld();
        var slow = world.Channel("webhook");
        slow.WaitsForCancellation = true;
        var dispatcher = world.Dispatcher(slow);
        await world.ReportWithNotificationsAsync("k1");

        var pass = dispatcher.DispatchPendingAsync(None).AsTask();
        world.Time.Advance(world.Options.DeliveryTimeout);
        var report = await pass.WaitAsync(Safety);

        Assert.IsType<TimeoutException>(Assert.Single(report.Failures).Exception);
        Assert.Single(await world.PendingAsync());
    }

    // ---------- acknowledgement and de-duplication ----------
    [Fact]
    public async Task DispatchPendingAsync_AcknowledgementFailed_NextPassAcknowledgesWithoutDeliveringAgain()
    {
        var world = new NotificationWorld();
        var channel = world.Channel("sms");
        var dispatcher = world.Dispatcher(channel);
        await world.ReportWithNotificationsAsync("k1");
        world.Store.FailAcknowledgements(1);

        var first = await dispatcher.DispatchPendingAsync(None);
        Assert.Equal((1, 0), (first.Delivered, first.Acknowledged));
        Assert.IsType<InvalidOperationException>(first.AcknowledgementFailure);
        Assert.False(first.IsClean);
        Assert.Single(await world.PendingAsync());

        var second = await dispatcher.DispatchPendingAsync(None);
        Assert.Equal((0, 1), (second.Delivered, second.Acknowledged));
        Assert.Null(second.AcknowledgementFailure);

        Assert.Single(channel.Calls);
        Assert.Empty(await world.PendingAsync());
    }

    [Fact]
    public async Task DispatchPendingAsync_TwoMessagesWithTheSameKey_DeliversOnceAndAcknowledgesBoth()
    {
        var world = new NotificationWorld();
        var channel = world.Channel("sms");
        var dispatcher = world.Dispatcher(channel);
        await world.ReportWithNotificationsAsync("k1", "k1");

        var report = await dispatcher.DispatchPendingAsync(None);

        Assert.Equal((1, 2), (report.Delivered, report.Acknowledged));
        Assert.Single(channel.Calls);
        Assert.Empty(await world.PendingAsync());
    }

    [Fact]
    public async Task DispatchPendingAsync_SameKeyRecordedLater_IsNotDeliveredAgain()
    {
        var world = new NotificationWorld();
        var channel = world.Channel("sms");
        var dispatcher = world.Dispatcher(channel);
        await world.ReportWithNotificationsAsync("k1");
        await dispatcher.DispatchPendingAsync(None);

        await world.ReportWithAsync(id => [NotificationSerializer.ToOutboxMessage(world.Notification("k1") with { IncidentId = id }, Guid.NewGuid())]);
        var report = await dispatcher.DispatchPendingAsync(None);

        Assert.Equal((0, 1), (report.Delivered, report.Acknowledged));
        Assert.Single(channel.Calls);
    }

    [Fact]
    public async Task DispatchPendingAsync_DeliveredKeysBeyondTheMemory_AreForgottenOldestFirst()
    {
        var world = new NotificationWorld(new NotificationOptions { BatchSize = 2, DeliveredKeysRemembered = 2 });
        var channel = world.Channel("sms");
        var dispatcher = world.Dispatcher(channel);
        await world.ReportWithNotificationsAsync("k1", "k2");
        await dispatcher.DispatchPendingAsync(None);
        await world.ReportWithNotificationsAsync("k3");
        await dispatcher.DispatchPendingAsync(None); // remembers k2 and k3 now

        await world.ReportWithNotificationsAsync("k1", "k3");
        var report = await dispatcher.DispatchPendingAsync(None);

        Assert.Equal((1, 2), (report.Delivered, report.Acknowledged));
        Assert.Equal(["k1", "k2", "k3", "k1"], channel.Delivered.Select(n => n.DeduplicationKey));
    }

    // ---------- what the pass reads ----------
    [Fact]
    public async Task DispatchPendingAsync_MessagesOfAnotherKind_AreLeftAloneAndNeverAcknowledged()
    {
        var world = new NotificationWorld();
        var channel = world.Channel("sms");
        var dispatcher = world.Dispatcher(channel);
        OutboxMessage? other = null;
        await world.ReportWithAsync(id =>
        {
            other = new OutboxMessage(Guid.NewGuid(), id, "webhook.crm", "crm:1", Encoding.UTF8.GetBytes("{\"case\":1}"), world.Scenario.Now);
            return [other, NotificationSerializer.ToOutboxMessage(world.Notification("k1") with { IncidentId = id }, Guid.NewGuid())];
        });

        var first = await dispatcher.DispatchPendingAsync(None);
        var second = await dispatcher.DispatchPendingAsync(None);

        Assert.Equal((1, 1, 1), (first.Skipped, first.Delivered, first.Acknowledged));
        Assert.Equal((1, 0, 0), (second.Skipped, second.Delivered, second.Acknowledged));
        Assert.Equal([other!], await world.PendingAsync());
        Assert.Equal([100, 101], world.Store.ReadCounts); // the message held back does not take a new one's place
    }

    [Fact]
    public async Task DispatchPendingAsync_FailingMessagesFillTheBatch_NewMessagesAreStillDelivered()
    {
        var world = new NotificationWorld(new NotificationOptions { BatchSize = 2, DeliveredKeysRemembered = 2 });
        var channel = world.Channel("sms");
        channel.AlwaysFails = n => n.DeduplicationKey.StartsWith("bad", StringComparison.Ordinal);
        var dispatcher = world.Dispatcher(channel);
        await world.ReportWithNotificationsAsync("bad1", "bad2", "bad3", "good1", "good2");

        var reports = new List<NotificationDispatchReport>();
        for (var i = 0; i < 3; i++)
        {
            reports.Add(await dispatcher.DispatchPendingAsync(None));
        }

        Assert.Equal(["good1", "good2"], channel.Delivered.Select(n => n.DeduplicationKey));
        Assert.Equal([2, 4, 5], world.Store.ReadCounts);
        Assert.Equal(3, (await world.PendingAsync()).Count);
        Assert.Equal(3, reports[2].Waiting);
    }

    [Fact]
    public async Task DispatchPendingAsync_UnreadablePayload_IsReportedLeftPendingAndRetriedOnlyAsTheBackoffAllows()
    {
        var world = new NotificationWorld();
        var channel = world.Channel("sms");
        var dispatcher = world.Dispatcher(channel);
        await world.ReportWithAsync(id => [new OutboxMessage(Guid.NewGuid(), id, OutboxMessageKinds.Notification, "k-bad", Encoding.UTF8.GetBytes($"{{\"body\":\"{NotificationWorld.Body}\"}}"), world.Scenario.Now)]);

        var first = await dispatcher.DispatchPendingAsync(None);
        var failure = Assert.Single(first.Failures);
        Assert.Equal((1, 0, null, 1), (first.Undeliverable, first.Failed, failure.Channel, failure.Attempt));
        Assert.IsType<InvalidDataException>(failure.Exception);

        var early = await dispatcher.DispatchPendingAsync(None);
        Assert.Equal(1, early.Undeliverable);
        Assert.Empty(early.Failures);

        world.Time.Advance(failure.NextAttemptAt - world.Time.GetUtcNow());
        var due = await dispatcher.DispatchPendingAsync(None);
        Assert.Equal(2, Assert.Single(due.Failures).Attempt);

        Assert.Empty(channel.Calls);
        Assert.Single(await world.PendingAsync());
        Assert.Equal(2, world.Log.Entries.Count(e => e.EventId.Id == 3));
    }

    [Fact]
    public async Task DispatchPendingAsync_PayloadOfAnotherIncidentOrKey_IsUndeliverable()
    {
        var world = new NotificationWorld();
        var channel = world.Channel("sms");
        var dispatcher = world.Dispatcher(channel);
        await world.ReportWithAsync(id =>
            [NotificationSerializer.ToOutboxMessage(world.Notification("k1") with { IncidentId = id }, Guid.NewGuid()) with { DeduplicationKey = "k2" }]);

        var report = await dispatcher.DispatchPendingAsync(None);

        Assert.Equal(1, report.Undeliverable);
        Assert.Empty(channel.Calls);
    }

    // ---------- cancellation and concurrency ----------
    [Fact]
    public async Task DispatchPendingAsync_CallerCancels_ThrowsAndDoesNotCountAFailure()
    {
        var world = new NotificationWorld();
        var channel = world.Channel("sms");
        channel.WaitsForCancellation = true;
        var dispatcher = world.Dispatcher(channel);
        await world.ReportWithNotificationsAsync("k1");
        using var cancellation = new CancellationTokenSource();

        var pass = dispatcher.DispatchPendingAsync(cancellation.Token).AsTask();
        Assert.False(pass.IsCompleted);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pass.WaitAsync(Safety));
        Assert.DoesNotContain(world.Log.Entries, e => e.Level >= LogLevel.Warning);

        // Not a failed attempt: the next pass tries at once, as attempt 1.
        channel.WaitsForCancellation = false;
        var report = await dispatcher.DispatchPendingAsync(None);
        Assert.Equal((1, 0, 1), (report.Delivered, report.Failed, report.Acknowledged));
        var delivered = Assert.Single(world.Log.Entries, e => e.EventId.Id == 1);
        Assert.Contains(("Attempt", "1"), delivered.Values);
    }

    [Fact]
    public async Task DispatchPendingAsync_AlreadyCancelled_ThrowsWithoutReading()
    {
        var world = new NotificationWorld();
        var dispatcher = world.Dispatcher(world.Channel("sms"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await dispatcher.DispatchPendingAsync(new CancellationToken(true)));
        Assert.Equal(0, world.Store.ReadCalls);
    }

    [Fact]
    public async Task DispatchPendingAsync_CalledTwiceAtOnce_SecondWaitsForTheFirst()
    {
        var world = new NotificationWorld();
        var channel = world.Channel("sms");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.WaitFor = gate.Task;
        var dispatcher = world.Dispatcher(channel);
        await world.ReportWithNotificationsAsync("k1");

        var first = dispatcher.DispatchPendingAsync(None).AsTask();
        var second = dispatcher.DispatchPendingAsync(None).AsTask();
        Assert.False(second.IsCompleted);
        Assert.Equal(1, world.Store.ReadCalls);

        gate.SetResult();
        var reports = await Task.WhenAll(first, second).WaitAsync(Safety);

        Assert.Equal((1, 1), (reports[0].Delivered, reports[0].Acknowledged));
        Assert.Equal((0, 0), (reports[1].Delivered, reports[1].Acknowledged));
        Assert.Single(channel.Calls);
    }

    // ---------- the loop ----------
    [Fact]
    public async Task RunAsync_StoreFailsOnce_LogsItPollsAgainAndStopsQuietlyWhenCancelled()
    {
        var world = new NotificationWorld(new NotificationOptions { PollInterval = TimeSpan.FromSeconds(7) });
        var channel = world.Channel("sms");
        var dispatcher = world.Dispatcher(channel);
        await world.ReportWithNotificationsAsync("k1");
        world.Store.FailReads(1, $"Cannot read the outbox near '{NotificationWorld.Body}'.");
        using var stop = new CancellationTokenSource();

        var run = dispatcher.RunAsync(stop.Token);
        Assert.Equal(1, world.Store.ReadCalls);
        Assert.Empty(channel.Calls);
        var logged = Assert.Single(world.Log.Entries, e => e.EventId.Id == 6);
        Assert.Contains("InvalidOperationException", logged.Text, StringComparison.Ordinal);

        world.Time.Advance(TimeSpan.FromSeconds(7));
        await channel.FirstDelivery.Task.WaitAsync(Safety);
        await stop.CancelAsync();
        await run.WaitAsync(Safety);

        Assert.True(run.IsCompletedSuccessfully);
        Assert.Single(channel.Delivered);
        Assert.DoesNotContain(world.Log.Entries, e => e.Everything.Contains(NotificationWorld.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_AlreadyCancelled_CompletesWithoutAPass()
    {
        var world = new NotificationWorld();
        var dispatcher = world.Dispatcher(world.Channel("sms"));

        await dispatcher.RunAsync(new CancellationToken(true)).WaitAsync(Safety);

        Assert.Equal(0, world.Store.ReadCalls);
    }

    // ---------- confidentiality ----------
    [Fact]
    public async Task Log_ChannelAndStoreErrorsQuotingTheNotification_NeverCarryItsContent()
    {
        var world = new NotificationWorld();
        var sms = world.Channel("sms");
        sms.AlwaysFails = n => n.DeduplicationKey == "k1";
        var email = world.Channel("email");
        var dispatcher = world.Dispatcher(sms, email);
        await world.ReportWithNotificationsAsync("k1", "k2");
        var incident = world.Incident;
        await world.ReportWithAsync(id => [new OutboxMessage(Guid.NewGuid(), id, OutboxMessageKinds.Notification, "k-bad", Encoding.UTF8.GetBytes($"{{\"recipient\":\"{NotificationWorld.RecipientName}\"}}"), world.Scenario.Now)]);
        world.Store.FailAcknowledgements(1, $"Constraint failed on '{NotificationWorld.Subject}' for {NotificationWorld.RecipientName}");

        var report = await dispatcher.DispatchPendingAsync(None);

        // The exceptions do quote the content (so the test means something) and reach the caller in the report…
        Assert.Contains(NotificationWorld.Body, report.Failures.Single(f => f.Channel == "sms").Exception.Message, StringComparison.Ordinal);
        // (An unreadable stored message is described without quoting it, so that one does not.)
        Assert.DoesNotContain(NotificationWorld.RecipientName, report.Failures.Single(f => f.Channel is null).Exception.Message, StringComparison.Ordinal);
        Assert.Contains(NotificationWorld.Subject, report.AcknowledgementFailure!.Message, StringComparison.Ordinal);

        // …but no log entry carries any of it, nor an exception object.
        var entries = world.Log.Entries;
        Assert.Contains(entries, e => e.EventId.Id == 1); // delivered
        Assert.Contains(entries, e => e.EventId.Id == 2); // delivery failed
        Assert.Contains(entries, e => e.EventId.Id == 3); // unreadable
        Assert.Contains(entries, e => e.EventId.Id == 5); // acknowledgement failed
        Assert.All(entries, e =>
        {
            Assert.Null(e.Exception);
            foreach (var secret in new[] { NotificationWorld.Subject, NotificationWorld.Body, NotificationWorld.RecipientName, "王芳", "138 0000", "张伟", "SMTP 550" })
            {
                Assert.DoesNotContain(secret, e.Everything, StringComparison.Ordinal);
            }
        });

        var failed = Assert.Single(entries, e => e.EventId.Id == 2);
        Assert.Contains(("Channel", "sms"), failed.Values);
        Assert.Contains(("DeduplicationKey", "k1"), failed.Values);
        Assert.Contains(("ExceptionType", nameof(InvalidOperationException)), failed.Values);
        Assert.Contains(("IncidentId", incident.ToString()), failed.Values);
        Assert.DoesNotContain(NotificationWorld.Body, report.ToString(), StringComparison.Ordinal);
        Assert.All(report.Failures, f => Assert.DoesNotContain(NotificationWorld.Body, f.ToString(), StringComparison.Ordinal));
    }

    // ---------- construction ----------
    [Fact]
    public void Constructor_NoChannel_ThrowsArgumentException()
        => Assert.Throws<ArgumentException>(() => new NotificationWorld().Dispatcher());

    [Fact]
    public void Constructor_TwoChannelsWithTheSameName_ThrowsArgumentException()
    {
        var world = new NotificationWorld();

        var e = Assert.Throws<ArgumentException>(() => world.Dispatcher(world.Channel("sms"), world.Channel("sms")));

        Assert.Contains("'sms'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(null)]
    public void Constructor_ChannelWithoutName_ThrowsArgumentException(string? name)
    {
        var world = new NotificationWorld();

        Assert.ThrowsAny<ArgumentException>(() => world.Dispatcher(world.Channel(name!)));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsArgumentExceptionListingTheProblems()
    {
        var world = new NotificationWorld(new NotificationOptions { BatchSize = 0, JitterRatio = 2 });

        var e = Assert.Throws<ArgumentException>(() => world.Dispatcher(world.Channel("sms")));

        Assert.Contains("Notifications:BatchSize", e.Message, StringComparison.Ordinal);
        Assert.Contains("Notifications:JitterRatio", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_PublicOverload_Works()
    {
        var world = new NotificationWorld();

        var dispatcher = new NotificationDispatcher(world.Store, [world.Channel("sms")], new FakeTimeProvider(), new NotificationOptions());

        Assert.NotNull(dispatcher);
    }
}
