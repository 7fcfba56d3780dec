using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PetitionOpinion.Incidents;
using PetitionOpinion.Notifications;
using PetitionOpinion.Storage;
using PetitionOpinion.Storage.Conformance;

namespace PetitionOpinion.Tests.Notifications;

/// <summary>
/// The dispatcher's test world: a real <see cref="InMemoryIncidentStore"/> (behind a thin double that can fail
/// acknowledgements), incidents reported through the conformance kit's scenario so that outbox messages go in with a
/// real append, a fake clock and a capturing log.
/// </summary>
public sealed class NotificationWorld
{
    public const string Subject = "Level II: customer data shown to another customer";
    public const string RecipientName = "Zhang Wei 张伟";
    public const string Body = "Petitioner Wang Fang 王芳 (+86 138 0000 0000) reports that her order history was shown to another customer.";

    public NotificationWorld(NotificationOptions? options = null)
    {
        Options = options ?? new NotificationOptions();
        Store = new OutboxTestStore(new InMemoryIncidentStore(Scenario.Time));
        Time = Scenario.Time;
    }

    public ConformanceScenario Scenario { get; } = new();

    public FakeTimeProvider Time { get; }

    public NotificationOptions Options { get; }

    public OutboxTestStore Store { get; }

    public CapturingLogger<NotificationDispatcher> Log { get; } = new();

    public Random Random { get; } = new(20260302);

    public IncidentId Incident { get; private set; }

    public NotificationDispatcher Dispatcher(params INotificationChannel[] channels)
        => new(Store, channels, Time, Options, Log, Random);

    public TestChannel Channel(string name) => new(name, Time);

    /// <summary>A notification about the world's incident (reported on first use).</summary>
    public Notification Notification(string key, NotificationTopic topic = NotificationTopic.IncidentEscalated)
        => new(key, Incident, topic, SeverityLevel.II, KitPeople.GeneralManager, RecipientName, Subject, Body, CreatedAt);

    /// <summary>When every notification of the world was recorded (fixed, so that notifications made later compare equal).</summary>
    public static DateTimeOffset CreatedAt { get; } = new(2026, 3, 2, 17, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Reports the world's incident and records <paramref name="messages"/> with it, in one real append.</summary>
    public async Task<IncidentId> ReportWithAsync(Func<IncidentId, IEnumerable<OutboxMessage>> messages)
    {
        var incident = Scenario.Report();
        Incident = incident.Id;
        var outbox = messages(incident.Id).ToList();
        var result = await Store.Inner.AppendAsync(new AppendRequest([Scenario.Append(incident, null)], outbox), CancellationToken.None);
        Assert.Equal(AppendResult.Appended, result);
        return incident.Id;
    }

    /// <summary>Reports the world's incident with one notification message per key.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> ReportWithNotificationsAsync(params string[] keys)
    {
        var messages = new List<OutboxMessage>();
        await ReportWithAsync(id =>
        {
            Incident = id;
            messages.AddRange(keys.Select(k => NotificationSerializer.ToOutboxMessage(Notification(k), Guid.NewGuid())));
            return messages;
        });
        return messages;
    }

    /// <summary>Reads the pending messages from the real store (not counted as the dispatcher's reads).</summary>
    public async Task<IReadOnlyList<OutboxMessage>> PendingAsync() => await Store.Inner.ReadOutboxAsync(int.MaxValue, CancellationToken.None);
}

/// <summary>A store that passes everything to the in-memory store, but can be told to fail acknowledgements.</summary>
public sealed class OutboxTestStore(InMemoryIncidentStore inner) : IIncidentStore
{
    private int _acknowledgeFailures;
    private int _readFailures;
    private int _purgeFailures;

    public InMemoryIncidentStore Inner { get; } = inner;

    public int ReadCalls { get; private set; }

    public List<int> ReadCounts { get; } = [];

    /// <summary>Makes the next <paramref name="count"/> acknowledgements throw an exception whose message is <paramref name="message"/>.</summary>
    public void FailAcknowledgements(int count, string message = "The database is read-only.")
    {
        _acknowledgeFailures = count;
        AcknowledgeFailureMessage = message;
    }

    public string AcknowledgeFailureMessage { get; private set; } = string.Empty;

    public ValueTask<AppendResult> AppendAsync(AppendRequest request, CancellationToken cancellationToken) => Inner.AppendAsync(request, cancellationToken);

    public ValueTask<IReadOnlyList<StoredEvent>> LoadAsync(IncidentId incident, CancellationToken cancellationToken) => Inner.LoadAsync(incident, cancellationToken);

    public ValueTask<IncidentHistory> LoadHistoryAsync(IncidentId incident, CancellationToken cancellationToken) => Inner.LoadHistoryAsync(incident, cancellationToken);

    public ValueTask<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(long fromSequence, int maxCount, CancellationToken cancellationToken) => Inner.ReadLedgerAsync(fromSequence, maxCount, cancellationToken);

    public ValueTask<IncidentId?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken) => Inner.FindByIdempotencyKeyAsync(idempotencyKey, cancellationToken);

    public ValueTask<IncidentSummaryPage> QueryAsync(IncidentQuery query, CancellationToken cancellationToken) => Inner.QueryAsync(query, cancellationToken);

    /// <summary>Makes the next <paramref name="count"/> reads of the outbox throw an exception whose message is <paramref name="message"/>.</summary>
    public void FailReads(int count, string message)
    {
        _readFailures = count;
        ReadFailureMessage = message;
    }

    public string ReadFailureMessage { get; private set; } = string.Empty;

    public ValueTask<IReadOnlyList<OutboxMessage>> ReadOutboxAsync(int maxCount, CancellationToken cancellationToken)
    {
        ReadCalls++;
        ReadCounts.Add(maxCount);
        if (_readFailures > 0)
        {
            _readFailures--;
            throw new InvalidOperationException(ReadFailureMessage);
        }

        return Inner.ReadOutboxAsync(maxCount, cancellationToken);
    }

    public ValueTask AcknowledgeOutboxAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken)
    {
        if (_acknowledgeFailures > 0)
        {
            _acknowledgeFailures--;
            throw new InvalidOperationException(AcknowledgeFailureMessage);
        }

        AcknowledgedIds.UnionWith(messageIds);
        return Inner.AcknowledgeOutboxAsync(messageIds, cancellationToken);
    }

    /// <summary>Gets every id passed to an acknowledgement that did not fail.</summary>
    public HashSet<Guid> AcknowledgedIds { get; } = [];

    /// <summary>Gets the cut-offs of every purge asked for, in order.</summary>
    public List<DateTimeOffset> PurgeCutoffs { get; } = [];

    /// <summary>Makes the next <paramref name="count"/> purges throw an exception.</summary>
    public void FailPurges(int count) => _purgeFailures = count;

    public ValueTask<int> PurgeOutboxAsync(DateTimeOffset acknowledgedBefore, int maxCount, CancellationToken cancellationToken)
    {
        PurgeCutoffs.Add(acknowledgedBefore);
        if (_purgeFailures > 0)
        {
            _purgeFailures--;
            throw new InvalidOperationException("Injected purge failure.");
        }

        return Inner.PurgeOutboxAsync(acknowledgedBefore, maxCount, cancellationToken);
    }
}

/// <summary>A channel test double: records every call, and fails, hangs or waits as scripted.</summary>
public sealed class TestChannel(string name, TimeProvider time) : INotificationChannel
{
    private readonly ConcurrentQueue<(Notification Notification, DateTimeOffset At, CancellationToken Token)> _calls = new();
    private readonly ConcurrentQueue<Notification> _delivered = new();

    public string Name => name;

    /// <summary>Gets or sets how many calls fail (throwing an exception that quotes the notification) before the channel works.</summary>
    public int FailFirst { get; set; }

    /// <summary>Gets or sets which notifications always fail.</summary>
    public Func<Notification, bool> AlwaysFails { get; set; } = _ => false;

    /// <summary>Gets or sets a value indicating whether every call returns a task that never completes and ignores its token.</summary>
    public bool Hangs { get; set; }

    /// <summary>Gets or sets a task every call waits for (with its token) before it delivers.</summary>
    public Task? WaitFor { get; set; }

    /// <summary>Gets or sets a value indicating whether the channel waits for its token to be cancelled (a slow but cooperative channel).</summary>
    public bool WaitsForCancellation { get; set; }

    public IReadOnlyList<(Notification Notification, DateTimeOffset At, CancellationToken Token)> Calls => [.. _calls];

    public IReadOnlyList<Notification> Delivered => [.. _delivered];

    /// <summary>Gets a task that completes at the first delivery.</summary>
    public TaskCompletionSource FirstDelivery { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DeliverAsync(Notification notification, CancellationToken cancellationToken)
    {
        _calls.Enqueue((notification, time.GetUtcNow(), cancellationToken));
        if (Hangs)
        {
            await new TaskCompletionSource().Task;
        }

        if (WaitsForCancellation)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        if (WaitFor is { } gate)
        {
            await gate.WaitAsync(cancellationToken);
        }

        if (AlwaysFails(notification) || _calls.Count <= FailFirst)
        {
            // A channel's error text may quote what it was sending: the dispatcher must never log it.
            throw new InvalidOperationException($"SMTP 550 for {notification.RecipientName}: '{notification.Subject}' — {notification.Body}");
        }

        _delivered.Enqueue(notification);
        FirstDelivery.TrySetResult();
    }
}

/// <summary>An <see cref="ILogger{T}"/> that keeps every entry: its level, formatted text, structured values and exception.</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
        => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IReadOnlyList<KeyValuePair<string, object?>> pairs
            ? pairs.Select(p => (p.Key, Value: Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty)).ToList()
            : [];
        _entries.Enqueue(new Entry(logLevel, eventId, formatter(state, exception), values, exception));
    }

    public sealed record Entry(LogLevel Level, EventId EventId, string Text, IReadOnlyList<(string Key, string Value)> Values, Exception? Exception)
    {
        /// <summary>Gets everything the entry would carry to a log sink.</summary>
        public string Everything => $"{Text} | {string.Join(" | ", Values.Select(v => $"{v.Key}={v.Value}"))} | {Exception}";
    }
}
