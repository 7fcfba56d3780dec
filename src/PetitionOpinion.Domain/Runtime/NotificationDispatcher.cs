using Ardalis.GuardClauses;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Notifications;

/// <summary>
/// Delivers the notifications recorded in the outbox to every <see cref="INotificationChannel"/>, and acknowledges a
/// message once every channel has delivered it (<c>docs/deadlines.md</c>: record first, deliver after, retry with back-off,
/// deliver at least once, de-duplicate by key).
/// </summary>
/// <remarks>
/// <para>
/// A pass (<see cref="DispatchPendingAsync"/>) reads the pending outbox messages, oldest first: <see cref="NotificationOptions.BatchSize"/>
/// plus the number the previous pass left pending (backing off, unreadable, of another kind, or not acknowledged),
/// so that messages held back never crowd out new ones — up to ten batches in all. Messages of other kinds are left
/// alone and never acknowledged. For each notification message, every channel that has not delivered it yet and whose
/// next attempt is due is given it; the channels of one message are tried at the same time.
/// </para>
/// <para>
/// A channel that throws, or takes longer than <see cref="NotificationOptions.DeliveryTimeout"/> (measured on the
/// <see cref="TimeProvider"/>; its token is then cancelled and its task abandoned), has failed this attempt: the next is
/// due after <c>min(MaxRetryDelay, InitialRetryDelay × BackoffMultiplier^(attempt − 1))</c> times a random factor in
/// <c>[1 − JitterRatio, 1 + JitterRatio]</c>. The dispatcher never gives up: a channel that always fails leaves its
/// message pending. A channel that timed out is not given any other message in the same pass, so that one hanging
/// channel costs a pass at most one time-out. A channel that blocks its caller's thread instead of returning a pending
/// task cannot be timed out.
/// </para>
/// <para>
/// The (de-duplication key, channel) pairs delivered are remembered (the latest <see cref="NotificationOptions.DeliveredKeysRemembered"/>):
/// a message whose key a channel has delivered already is not given to that channel again — the same notification
/// recorded twice, or a message read again because its acknowledgement failed. Attempts and the memory live in this
/// instance, not in the store: after a restart a channel may be given a notification again (at least once, never lost).
/// </para>
/// <para>
/// A payload that cannot be read is reported as undeliverable and left pending; it is looked at again only as the
/// back-off allows. Its log line names the message, never its content.
/// </para>
/// <para>
/// Confidentiality: the log carries the message id, the de-duplication key, the incident, the topic, the channel, the
/// attempt, the next attempt's time and an exception's type name — never a subject, body, recipient name, or an
/// exception's message (a channel's error may quote the body). Exceptions are handed to the caller in the
/// <see cref="NotificationDispatchReport"/>.
/// </para>
/// <para>
/// Several instances: when the store is an <see cref="ISharedOutbox"/> (a database server several application instances
/// share), a pass <em>claims</em> its messages under <see cref="InstanceName"/> for
/// <see cref="InstanceCoordinationOptions.OutboxClaimDuration"/> instead of reading them, so that the dispatchers of the instances
/// deliver disjoint messages; each pass renews the claims of the messages it still holds (backing off). A dispatcher
/// starts no delivery when less than <see cref="NotificationOptions.DeliveryTimeout"/> of its claim is left. If an
/// instance dies, its claims run out and another instance delivers its messages — those it had delivered but not yet
/// acknowledged a second time (at least once).
/// </para>
/// <para>
/// Retention: a delivered message keeps the notification's full text in the outbox until <see cref="PurgeDeliveredAsync"/>
/// deletes it, <see cref="NotificationOptions.OutboxRetention"/> after its acknowledgement. <see cref="RunAsync"/> purges
/// after its first pass and then once an hour (at once again while a purge leaves more behind); a host that calls
/// <see cref="DispatchPendingAsync"/> itself calls <see cref="PurgeDeliveredAsync"/> on its own timer. A message not yet
/// delivered is never purged.
/// </para>
/// <para>Thread-safe: passes run one at a time (a concurrent call waits for the running pass).</para>
/// </remarks>
public sealed partial class NotificationDispatcher
{
    /// <summary>The most messages one pass reads, in batches: held-back messages beyond it may delay new ones.</summary>
    private const int ReadCapInBatches = 10;

    /// <summary>The most messages one purge transaction deletes: short transactions, and short locks on the outbox.</summary>
    internal const int PurgeBatchSize = 1_000;

    /// <summary>The most purge transactions one <see cref="PurgeDeliveredAsync"/> runs: a large backlog is worked off over several calls.</summary>
    internal const int PurgeBatchesPerCall = 10;

    /// <summary>How often <see cref="RunAsync"/> purges when the previous purge left nothing behind (or failed).</summary>
    internal static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);

    private readonly IIncidentStore _store;
    private readonly ISharedOutbox? _shared;
    private readonly TimeSpan _claimDuration;
    private readonly INotificationChannel[] _channels;
    private readonly string[] _names;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly int _batchSize;
    private readonly int _readCap;
    private readonly TimeSpan _initialRetryDelay;
    private readonly TimeSpan _maxRetryDelay;
    private readonly double _backoffMultiplier;
    private readonly double _jitterRatio;
    private readonly TimeSpan _deliveryTimeout;
    private readonly TimeSpan _pollInterval;
    private readonly TimeSpan _outboxRetention;
    private readonly SemaphoreSlim _pass = new(1, 1);
    private readonly Dictionary<Guid, MessageState> _messages = [];
    private readonly DeliveredMemory _delivered;
    private int _heldBack;
    private bool _readCapped;
    private DateTimeOffset _nextPurgeAt = DateTimeOffset.MinValue;

    /// <summary>Gets where the dispatcher's metrics and traces go (the telemetry given; otherwise the process-wide instance).</summary>
    internal Diagnostics.PetitionOpinionTelemetry Telemetry { get; init; }

    /// <summary>Initializes a new instance of the <see cref="NotificationDispatcher"/> class.</summary>
    /// <param name="store">The store whose outbox holds the notifications.</param>
    /// <param name="channels">The channels; at least one, each with a unique, non-empty name (compared ordinally).</param>
    /// <param name="time">The clock, for back-off, time-outs, polling and claims.</param>
    /// <param name="options">The options; read once, here.</param>
    /// <param name="coordination">
    /// For one of several application instances sharing <paramref name="store"/> (when it is an <see cref="ISharedOutbox"/>):
    /// the name this dispatcher claims under and how long a claim lasts. The defaults when <see langword="null"/>; read once, here.
    /// </param>
    /// <param name="telemetry">Where the deliveries are counted; the process-wide <see cref="Diagnostics.PetitionOpinionTelemetry.Shared"/> when <see langword="null"/>.</param>
    /// <param name="logger">The log; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">No channel; a channel that is null or whose name is empty, white space or taken; options that are not valid (see <see cref="NotificationOptions.Validate"/>); or coordination options that are not valid with them (see <see cref="InstanceCoordinationOptions.Validate"/>).</exception>
    public NotificationDispatcher(IIncidentStore store, IEnumerable<INotificationChannel> channels, TimeProvider time, NotificationOptions options, InstanceCoordinationOptions? coordination = null, Diagnostics.PetitionOpinionTelemetry? telemetry = null, ILogger<NotificationDispatcher>? logger = null)
        : this(store, channels, time, options, coordination, logger, Random.Shared)
    {
        Telemetry = telemetry ?? Diagnostics.PetitionOpinionTelemetry.Shared;
    }

    /// <summary>Initializes a new instance of the <see cref="NotificationDispatcher"/> class with the source of the jitter (tests).</summary>
    internal NotificationDispatcher(IIncidentStore store, IEnumerable<INotificationChannel> channels, TimeProvider time, NotificationOptions options, ILogger<NotificationDispatcher>? logger, Random random)
        : this(store, channels, time, options, null, logger, random)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="NotificationDispatcher"/> class with the coordination and the source of the jitter (tests).</summary>
    internal NotificationDispatcher(IIncidentStore store, IEnumerable<INotificationChannel> channels, TimeProvider time, NotificationOptions options, InstanceCoordinationOptions? coordination, ILogger<NotificationDispatcher>? logger, Random random)
    {
        _store = Guard.Against.Null(store);
        Telemetry = Diagnostics.PetitionOpinionTelemetry.Shared;
        _shared = store as ISharedOutbox;
        _time = Guard.Against.Null(time);
        _random = Guard.Against.Null(random);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        Guard.Against.Null(channels);
        _channels = [.. channels];
        if (_channels.Length == 0)
        {
            // With no channel every message would count as delivered to all of them: acknowledged and lost.
            throw new ArgumentException("At least one notification channel is needed.", nameof(channels));
        }

        _names = new string[_channels.Length];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < _channels.Length; i++)
        {
            var channel = _channels[i] ?? throw new ArgumentException($"Channel {i} is null.", nameof(channels));
            var name = channel.Name;
            Guard.Against.NullOrWhiteSpace(name, nameof(channels), $"Channel {i} ({channel.GetType().Name}) has no name.");
            if (!names.Add(name))
            {
                throw new ArgumentException($"Two channels are named '{name}': channel names must be unique.", nameof(channels));
            }

            _names[i] = name;
        }

        var value = Guard.Against.Null(options);
        var problems = value.Validate("Notifications");
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The notification options are not valid: {string.Join(" ", problems.Select(p => p.ToValidationFailure()))}", nameof(options));
        }

        coordination ??= new InstanceCoordinationOptions();
        var coordinationProblems = coordination.Validate("Coordination", value);
        if (coordinationProblems.Count > 0)
        {
            throw new ArgumentException($"The coordination options are not valid: {string.Join(" ", coordinationProblems.Select(p => p.ToValidationFailure()))}", nameof(coordination));
        }

        InstanceName = coordination.ResolveInstanceName();
        _claimDuration = coordination.OutboxClaimDuration;
        _batchSize = value.BatchSize;
        _readCap = (int)Math.Min(int.MaxValue, (long)value.BatchSize * ReadCapInBatches);
        _initialRetryDelay = value.InitialRetryDelay;
        _maxRetryDelay = value.MaxRetryDelay;
        _backoffMultiplier = value.BackoffMultiplier;
        _jitterRatio = value.JitterRatio;
        _deliveryTimeout = value.DeliveryTimeout;
        _pollInterval = value.PollInterval;
        _outboxRetention = value.OutboxRetention;
        _delivered = new DeliveredMemory(value.DeliveredKeysRemembered);
    }

    /// <summary>Gets the name this dispatcher claims outbox messages under, when its store is an <see cref="ISharedOutbox"/>.</summary>
    public string InstanceName { get; }

    /// <summary>Runs one pass: delivers every pending notification whose attempt is due, and acknowledges the messages every channel has delivered.</summary>
    /// <param name="cancellationToken">Cancels the pass (a channel's attempt under way is cancelled too, and not counted as failed).</param>
    /// <returns>What the pass did, with every failure.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <remarks>What the store's <see cref="IIncidentStore.ReadOutboxAsync"/> throws is thrown; a failed acknowledgement is reported instead (<see cref="NotificationDispatchReport.AcknowledgementFailure"/>).</remarks>
    public async ValueTask<NotificationDispatchReport> DispatchPendingAsync(CancellationToken cancellationToken = default)
    {
        await _pass.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var activity = Telemetry.StartDispatch(); // telemetry: one activity per pass, the outbox backlog it left
            var report = await DispatchAsync(cancellationToken).ConfigureAwait(false);
            Telemetry.Dispatched(activity, report, _heldBack);
            return report;
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>
    /// Runs passes until <paramref name="cancellationToken"/> is cancelled, waiting <see cref="NotificationOptions.PollInterval"/>
    /// (on the <see cref="TimeProvider"/>) after each. For a hosted service's <c>ExecuteAsync</c>.
    /// </summary>
    /// <param name="cancellationToken">Stops the loop.</param>
    /// <returns>A task that completes — without an exception — once <paramref name="cancellationToken"/> is cancelled.</returns>
    /// <remarks>
    /// A pass that throws (the store cannot be read) is logged with the exception's type and the loop goes on. After the
    /// first pass, and then once an hour, the delivered messages older than <see cref="NotificationOptions.OutboxRetention"/>
    /// are purged (<see cref="PurgeDeliveredAsync"/>); a purge that throws is logged the same way and tried again an hour
    /// later. When the
    /// loop stops, the claims this dispatcher holds are released (<see cref="ReleaseClaimsAsync"/>), so that other instances
    /// take its messages at once instead of after the claims run out.
    /// </remarks>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await DispatchPendingAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    // The loop must outlive a failing store: the next pass tries again.
                    LogPassFailed(_logger, e.GetType().Name, _pollInterval);
                }

                try
                {
                    await PurgeIfDueAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    await Task.Delay(_pollInterval, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
        finally
        {
            await ReleaseOnStopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Releases the claims this dispatcher holds on outbox messages (when its store is an <see cref="ISharedOutbox"/>;
    /// otherwise does nothing), so that other instances can deliver them at once. For a host that stops calling
    /// <see cref="DispatchPendingAsync"/>; <see cref="RunAsync"/> does it when it stops. What this dispatcher remembers of
    /// attempts and back-off is kept: a later pass claims again.
    /// </summary>
    /// <param name="cancellationToken">Cancels the release.</param>
    /// <returns>A task that completes when the claims are released.</returns>
    public async ValueTask ReleaseClaimsAsync(CancellationToken cancellationToken = default)
    {
        if (_shared is not null)
        {
            await _shared.ReleaseOutboxAsync(InstanceName, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Deletes the delivered (acknowledged) outbox messages acknowledged more than <see cref="NotificationOptions.OutboxRetention"/>
    /// before the <see cref="TimeProvider"/>'s current time (<see cref="IIncidentStore.PurgeOutboxAsync"/>), in
    /// transactions of at most 1 000 messages and at most 10 000 messages in all per call (a larger backlog is worked off
    /// by later calls). A message not yet delivered is never deleted. For a host that runs <see cref="DispatchPendingAsync"/>
    /// itself; <see cref="RunAsync"/> calls it.
    /// </summary>
    /// <param name="cancellationToken">Cancels the purge (the transactions already committed stay committed).</param>
    /// <returns>How many messages were deleted.</returns>
    /// <remarks>What the store's <see cref="IIncidentStore.PurgeOutboxAsync"/> throws is thrown. The log names the count and the cut-off, never a message.</remarks>
    public async ValueTask<int> PurgeDeliveredAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = _time.GetUtcNow() - _outboxRetention;
        var total = 0;
        for (var batch = 0; batch < PurgeBatchesPerCall; batch++)
        {
            var purged = await _store.PurgeOutboxAsync(cutoff, PurgeBatchSize, cancellationToken).ConfigureAwait(false);
            total += purged;
            if (purged < PurgeBatchSize)
            {
                break;
            }
        }

        if (total > 0)
        {
            LogPurged(_logger, total, cutoff, _outboxRetention);
        }

        return total;
    }

    /// <summary>Purges when due (see <see cref="RunAsync"/>); a failure is logged, never thrown.</summary>
    internal async Task PurgeIfDueAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (now < _nextPurgeAt)
        {
            return;
        }

        try
        {
            var purged = await PurgeDeliveredAsync(cancellationToken).ConfigureAwait(false);

            // A purge that hit its cap may have left more behind: the next pass goes on with it.
            _nextPurgeAt = purged >= PurgeBatchSize * PurgeBatchesPerCall ? now : now + PurgeInterval;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Retention is not urgent: a failing purge (a database role without DELETE, say) is retried an hour later,
            // not on every pass.
            _nextPurgeAt = now + PurgeInterval;
            LogPurgeFailed(_logger, e.GetType().Name, PurgeInterval);
        }
    }

    private async Task ReleaseOnStopAsync()
    {
        if (_shared is null)
        {
            return;
        }

        // Best effort, bounded: if it fails, the claims simply run out and another instance takes the messages then.
        using var limit = new CancellationTokenSource(_deliveryTimeout, _time);
        try
        {
            await ReleaseClaimsAsync(limit.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogReleaseFailed(_logger, e.GetType().Name, _claimDuration);
        }
    }

    private async ValueTask<NotificationDispatchReport> DispatchAsync(CancellationToken cancellationToken)
    {
        var (messages, claimUntil) = await ReadBatchAsync(cancellationToken).ConfigureAwait(false);
        var pass = new Pass();
        await DispatchEachAsync(messages, claimUntil, pass, cancellationToken).ConfigureAwait(false);
        await AcknowledgeAsync(pass, cancellationToken).ConfigureAwait(false);
        ForgetUnseen(pass);
        if (pass.LeftForLater > 0)
        {
            LogClaimRanShort(_logger, pass.LeftForLater, _claimDuration);
        }

        _heldBack = messages.Count - pass.Acknowledged;
        return pass.ToReport();
    }

    // Reads the pending messages, oldest first, or claims them when the outbox is shared (the claim's end is then
    // returned; otherwise DateTimeOffset.MaxValue); warns once when the read cap starts holding messages back.
    private async ValueTask<(IReadOnlyList<OutboxMessage> Messages, DateTimeOffset ClaimUntil)> ReadBatchAsync(CancellationToken cancellationToken)
    {
        var wanted = (long)_batchSize + _heldBack;
        var count = (int)Math.Min(_readCap, wanted);
        var claimUntil = DateTimeOffset.MaxValue;
        IReadOnlyList<OutboxMessage> messages;
        if (_shared is null)
        {
            messages = await _store.ReadOutboxAsync(count, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var now = _time.GetUtcNow();
            claimUntil = now + _claimDuration;
            messages = await _shared.ClaimOutboxAsync(new OutboxClaim(InstanceName, count, now, claimUntil), cancellationToken).ConfigureAwait(false);
        }

        var capped = wanted > _readCap && messages.Count >= count;
        if (capped && !_readCapped)
        {
            LogReadCapped(_logger, _heldBack, _readCap);
        }

        _readCapped = capped;
        return (messages, claimUntil);
    }

    // Walks the messages read, oldest first: each notification message not seen yet in this pass goes to its channels;
    // messages of other kinds are skipped, and once the claim runs short the rest are left for the next pass.
    private async ValueTask DispatchEachAsync(IReadOnlyList<OutboxMessage> messages, DateTimeOffset claimUntil, Pass pass, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ClaimRunsShort(claimUntil))
            {
                // A delivery started now could outlast the claim, and another instance could deliver the message too:
                // leave the rest (and its back-off state) for the next pass, which claims again.
                pass.Seen.Add(message.Id);
                pass.Waiting++;
                pass.LeftForLater++;
                continue;
            }

            if (!string.Equals(message.Kind, OutboxMessageKinds.Notification, StringComparison.Ordinal))
            {
                pass.Skipped++;
                continue;
            }

            if (!pass.Seen.Add(message.Id))
            {
                continue;
            }

            if (!_messages.TryGetValue(message.Id, out var state))
            {
                _messages[message.Id] = state = new MessageState(_channels.Length);
            }

            await DispatchAsync(message, state, pass, cancellationToken).ConfigureAwait(false);
        }
    }

    // Less than a delivery time-out is left of the claim (never, when nothing is claimed).
    private bool ClaimRunsShort(DateTimeOffset claimUntil)
        => claimUntil != DateTimeOffset.MaxValue && _time.GetUtcNow() + _deliveryTimeout >= claimUntil;

    // Acknowledges the messages every channel has delivered, and forgets their state; a failure is reported, not thrown.
    private async ValueTask AcknowledgeAsync(Pass pass, CancellationToken cancellationToken)
    {
        if (pass.Done.Count == 0)
        {
            return;
        }

        try
        {
            await _store.AcknowledgeOutboxAsync([.. pass.Done], cancellationToken).ConfigureAwait(false);
            pass.Acknowledged = pass.Done.Count;
            LogAcknowledged(_logger, pass.Acknowledged);
            foreach (var id in pass.Done)
            {
                _messages.Remove(id);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // Reported, not thrown: the deliveries are remembered, and the next pass acknowledges them.
            pass.AcknowledgementFailure = e;
            LogAcknowledgementFailed(_logger, pass.Done.Count, e.GetType().Name);
        }
    }

    // Forget messages no longer pending (acknowledged elsewhere) or no longer read, so that the state stays bounded.
    private void ForgetUnseen(Pass pass)
    {
        foreach (var id in _messages.Keys.Where(id => !pass.Seen.Contains(id)).ToList())
        {
            _messages.Remove(id);
        }
    }

    private async ValueTask DispatchAsync(OutboxMessage message, MessageState state, Pass pass, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var due = new List<int>(_channels.Length);
        if (CollectDue(message.DeduplicationKey, state, pass, now, due) == 0)
        {
            pass.Done.Add(message.Id);
            return;
        }

        if (WaitsForLater(state, pass, now, due.Count))
        {
            return;
        }

        if (ReadNotification(message, state, pass, now) is not { } notification)
        {
            return;
        }

        var outcomes = await Task.WhenAll(due.Select(i => TracedAttemptAsync(i, message.Id, notification, state.Channels[i].Attempts + 1, cancellationToken))).ConfigureAwait(false);

        // Every outcome is recorded before a cancellation is thrown: a delivery that succeeded must be remembered.
        if (RecordOutcomes(message, notification, state, pass, due, outcomes))
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (state.Channels.All(c => c.Delivered))
        {
            pass.Done.Add(message.Id);
        }
    }

    // Lists in due the channels that still owe the message and whose next attempt is due (unless they timed out in this
    // pass); a channel that has delivered the key already counts as delivered. Returns how many channels still owe it.
    private int CollectDue(string key, MessageState state, Pass pass, DateTimeOffset now, List<int> due)
    {
        var owing = 0;
        for (var i = 0; i < _channels.Length; i++)
        {
            var channel = state.Channels[i];
            if (channel.Delivered)
            {
                continue;
            }

            if (_delivered.Contains(key, _names[i]))
            {
                // Delivered under this key already: by this message before its acknowledgement failed, or by another message.
                channel.Delivered = true;
                continue;
            }

            owing++;
            if (channel.NextAttemptAt <= now && !pass.TimedOut.Contains(i))
            {
                due.Add(i);
            }
        }

        return owing;
    }

    // Whether a message still owed waits for a later pass: unreadable and backing off, or no channel due. Counts it: an
    // unreadable message as undeliverable (also when it is read again now), any other as waiting.
    private static bool WaitsForLater(MessageState state, Pass pass, DateTimeOffset now, int due)
    {
        if (state.UnreadableAttempts > 0)
        {
            pass.Undeliverable++;
            if (state.UnreadableNextAttemptAt > now)
            {
                return true;
            }
        }

        if (due == 0)
        {
            if (state.UnreadableAttempts == 0)
            {
                pass.Waiting++; // an unreadable one is counted as undeliverable already
            }

            return true;
        }

        return false;
    }

    // The notification in the message's payload, or null when it cannot be read: then the message backs off, and the
    // failure is logged (never the content) and reported.
    private Notification? ReadNotification(OutboxMessage message, MessageState state, Pass pass, DateTimeOffset now)
    {
        var key = message.DeduplicationKey;
        Notification notification;
        try
        {
            notification = NotificationSerializer.Deserialize(message.Payload.Span);
            if (notification.DeduplicationKey != key || notification.IncidentId != message.IncidentId)
            {
                throw new InvalidDataException("The notification's de-duplication key or incident differs from its outbox message's.");
            }
        }
        catch (InvalidDataException e)
        {
            if (state.UnreadableAttempts == 0)
            {
                pass.Undeliverable++;
            }

            var attempt = ++state.UnreadableAttempts;
            var next = now + Backoff(attempt);
            state.UnreadableNextAttemptAt = next;
            Telemetry.Unreadable(e);
            LogUnreadable(_logger, message.Id, key, message.IncidentId, attempt, e.GetType().Name, next);
            pass.Failures.Add(new NotificationDeliveryFailure(message.Id, key, null, attempt, next, e));
            return null;
        }

        state.UnreadableAttempts = 0;
        return notification;
    }

    // Records how each channel's attempt ended: delivered (remembered under the key), failed (backing off; a time-out
    // also keeps the channel out of the rest of the pass) or cancelled. Returns whether an attempt was cancelled.
    private bool RecordOutcomes(OutboxMessage message, Notification notification, MessageState state, Pass pass, List<int> due, Outcome[] outcomes)
    {
        var key = message.DeduplicationKey;
        var cancelled = false;
        for (var k = 0; k < due.Count; k++)
        {
            var i = due[k];
            var channel = state.Channels[i];
            var outcome = outcomes[k];
            if (outcome.Cancelled)
            {
                cancelled = true;
            }
            else if (outcome.Exception is null)
            {
                channel.Delivered = true;
                _delivered.Add(key, _names[i]);
                pass.Delivered++;
                LogDelivered(_logger, message.Id, key, message.IncidentId, notification.Topic, _names[i], channel.Attempts + 1);
            }
            else
            {
                var attempt = ++channel.Attempts;
                var next = _time.GetUtcNow() + Backoff(attempt);
                channel.NextAttemptAt = next;
                pass.Failed++;
                pass.Failures.Add(new NotificationDeliveryFailure(message.Id, key, _names[i], attempt, next, outcome.Exception));
                LogDeliveryFailed(_logger, message.Id, key, message.IncidentId, notification.Topic, _names[i], attempt, outcome.Exception.GetType().Name, next);
                if (outcome.TimedOut)
                {
                    pass.TimedOut.Add(i);
                }
            }
        }

        return cancelled;
    }

    private async Task<Outcome> AttemptAsync(INotificationChannel channel, Notification notification, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task delivery;
        try
        {
            delivery = channel.DeliverAsync(notification, attempt.Token).AsTask();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Outcome.Cancel;
        }
        catch (Exception e)
        {
            // Whatever a channel throws is a failed attempt, reported to the caller.
            return new Outcome(e, false, false);
        }

        try
        {
            await delivery.WaitAsync(_deliveryTimeout, _time, cancellationToken).ConfigureAwait(false);
            return Outcome.Success;
        }
        catch (TimeoutException) when (delivery.IsCompletedSuccessfully)
        {
            return Outcome.Success; // it finished as the time ran out
        }
        catch (TimeoutException) when (!delivery.IsCompleted)
        {
            Abandon(delivery, attempt);
            return new Outcome(new TimeoutException($"The channel '{channel.Name}' did not deliver within {_deliveryTimeout:c}."), true, false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Abandon(delivery, attempt);
            return Outcome.Cancel;
        }
        catch (Exception e)
        {
            return new Outcome(e, false, false);
        }
    }

    // Telemetry: one activity per attempt, and the attempt counted by its outcome.
    private async Task<Outcome> TracedAttemptAsync(int channel, Guid messageId, Notification notification, int attempt, CancellationToken cancellationToken)
    {
        using var activity = Telemetry.StartDelivery(_names[channel], notification, messageId, attempt);
        var outcome = await AttemptAsync(_channels[channel], notification, cancellationToken).ConfigureAwait(false);
        Telemetry.Attempted(activity, _names[channel], notification.Topic, attempt, outcome.Exception, outcome.TimedOut, outcome.Cancelled);
        return outcome;
    }

    private static void Abandon(Task delivery, CancellationTokenSource attempt)
    {
        try
        {
            attempt.Cancel();
        }
        catch (AggregateException)
        {
            // A channel's cancellation callback threw: the attempt has failed already, and the channel is abandoned.
        }

        // Observe the abandoned task's eventual failure, so that it is not reported as unobserved.
        _ = delivery.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private TimeSpan Backoff(int attempt)
    {
        var ticks = Math.Min(_maxRetryDelay.Ticks, _initialRetryDelay.Ticks * Math.Pow(_backoffMultiplier, attempt - 1));
        var jitter = 1.0 + (_jitterRatio * ((2.0 * _random.NextDouble()) - 1.0));
        return TimeSpan.FromTicks((long)(ticks * jitter));
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Notification {MessageId} ({DeduplicationKey}, incident {IncidentId}, {Topic}) delivered by channel {Channel} on attempt {Attempt}.")]
    private static partial void LogDelivered(ILogger logger, Guid messageId, string deduplicationKey, IncidentId incidentId, NotificationTopic topic, string channel, int attempt);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Notification {MessageId} ({DeduplicationKey}, incident {IncidentId}, {Topic}) was not delivered by channel {Channel} on attempt {Attempt} ({ExceptionType}); next attempt at {NextAttemptAt:O}.")]
    private static partial void LogDeliveryFailed(ILogger logger, Guid messageId, string deduplicationKey, IncidentId incidentId, NotificationTopic topic, string channel, int attempt, string exceptionType, DateTimeOffset nextAttemptAt);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Outbox message {MessageId} ({DeduplicationKey}, incident {IncidentId}) is not a readable notification on attempt {Attempt} ({ExceptionType}); it stays pending and is looked at again at {NextAttemptAt:O}.")]
    private static partial void LogUnreadable(ILogger logger, Guid messageId, string deduplicationKey, IncidentId incidentId, int attempt, string exceptionType, DateTimeOffset nextAttemptAt);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "{Count} notification message(s) acknowledged.")]
    private static partial void LogAcknowledged(ILogger logger, int count);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "{Count} delivered notification message(s) could not be acknowledged ({ExceptionType}); the next pass acknowledges them without delivering them again.")]
    private static partial void LogAcknowledgementFailed(ILogger logger, int count, string exceptionType);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "A notification dispatch pass failed ({ExceptionType}); the next starts in {PollInterval}.")]
    private static partial void LogPassFailed(ILogger logger, string exceptionType, TimeSpan pollInterval);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "{Count} claimed outbox message(s) were left for the next pass: too little of the claim ({ClaimDuration}) was left to start a delivery.")]
    private static partial void LogClaimRanShort(ILogger logger, int count, TimeSpan claimDuration);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "The dispatcher's outbox claims could not be released on stop ({ExceptionType}); other instances take the messages when the claims run out (at most {ClaimDuration}).")]
    private static partial void LogReleaseFailed(ILogger logger, string exceptionType, TimeSpan claimDuration);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "{Count} delivered outbox message(s) acknowledged before {Cutoff:O} purged (retention {Retention}).")]
    private static partial void LogPurged(ILogger logger, int count, DateTimeOffset cutoff, TimeSpan retention);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Delivered outbox messages could not be purged ({ExceptionType}); the next purge is in {PurgeInterval}.")]
    private static partial void LogPurgeFailed(ILogger logger, string exceptionType, TimeSpan purgeInterval);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "{HeldBack} pending outbox message(s) are held back (backing off, unreadable or of another kind) and a pass reads at most {ReadCap}: new notifications may wait behind them.")]
    private static partial void LogReadCapped(ILogger logger, int heldBack, int readCap);

    /// <summary>How one attempt ended: delivered (no exception), failed (with the exception; timed out or not) or cancelled by the caller.</summary>
    private readonly record struct Outcome(Exception? Exception, bool TimedOut, bool Cancelled)
    {
        public static Outcome Success => default;

        public static Outcome Cancel => new(null, false, true);
    }

    /// <summary>What one channel has done with one message.</summary>
    private sealed class ChannelState
    {
        public bool Delivered { get; set; }

        public int Attempts { get; set; }

        public DateTimeOffset NextAttemptAt { get; set; } = DateTimeOffset.MinValue;
    }

    /// <summary>What the dispatcher knows of one pending message.</summary>
    private sealed class MessageState(int channels)
    {
        public ChannelState[] Channels { get; } = [.. Enumerable.Range(0, channels).Select(_ => new ChannelState())];

        public int UnreadableAttempts { get; set; }

        public DateTimeOffset UnreadableNextAttemptAt { get; set; }
    }

    /// <summary>The counts and lists of one pass.</summary>
    private sealed class Pass
    {
        public int Delivered { get; set; }

        public int Failed { get; set; }

        public int Waiting { get; set; }

        public int Undeliverable { get; set; }

        public int Skipped { get; set; }

        public int LeftForLater { get; set; }

        public int Acknowledged { get; set; }

        public Exception? AcknowledgementFailure { get; set; }

        public List<NotificationDeliveryFailure> Failures { get; } = [];

        public List<Guid> Done { get; } = [];

        public HashSet<Guid> Seen { get; } = [];

        public HashSet<int> TimedOut { get; } = [];

        public NotificationDispatchReport ToReport()
            => new(Delivered, Acknowledged, Failed, Waiting, Undeliverable, Skipped, Failures.AsReadOnly(), AcknowledgementFailure);
    }

    /// <summary>The latest (de-duplication key, channel) pairs delivered, oldest forgotten first.</summary>
    private sealed class DeliveredMemory(int capacity)
    {
        private readonly HashSet<(string Key, string Channel)> _pairs = [];
        private readonly Queue<(string Key, string Channel)> _order = new();

        public bool Contains(string key, string channel) => _pairs.Contains((key, channel));

        public void Add(string key, string channel)
        {
            if (!_pairs.Add((key, channel)))
            {
                return;
            }

            _order.Enqueue((key, channel));
            while (_order.Count > capacity)
            {
                _pairs.Remove(_order.Dequeue());
            }
        }
    }
}
