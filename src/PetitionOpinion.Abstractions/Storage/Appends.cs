namespace PetitionOpinion.Storage;

/// <summary>New events for one incident, appended only if the incident is still at <paramref name="ExpectedVersion"/>.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="ExpectedVersion">The version the events were decided on: 0 for a new incident.</param>
/// <param name="Events">The new events, versions <c>ExpectedVersion + 1</c> onwards, in order; at least one.</param>
/// <param name="Summary">The incident's summary after these events.</param>
/// <param name="IdempotencyKey">For a new incident, the intake's idempotency key, if any: a key seen before makes the append a <see cref="AppendStatus.DuplicateIntake"/>.</param>
public sealed record IncidentAppend(
    IncidentId IncidentId,
    int ExpectedVersion,
    IReadOnlyList<StoredEvent> Events,
    IncidentSummary Summary,
    string? IdempotencyKey = null);

/// <summary>
/// One atomic write: the events of one or more incidents (a merge changes two) and the outbox messages they cause.
/// A store writes all of it in one transaction, or nothing.
/// </summary>
/// <param name="Incidents">The incidents' new events.</param>
/// <param name="Outbox">The outbox messages written with them; may be empty.</param>
public sealed record AppendRequest(IReadOnlyList<IncidentAppend> Incidents, IReadOnlyList<OutboxMessage> Outbox)
{
    /// <summary>
    /// Gets the key the store seals this append's ledger entry with (<see cref="AuditLedger.Next"/>); <see langword="null"/>
    /// (the default) for an unkeyed entry. The store keeps only its id.
    /// </summary>
    public AuditKey? AuditKey { get; init; }

    /// <summary>Creates a request for one incident and no outbox message.</summary>
    /// <param name="append">The incident's new events.</param>
    /// <returns>The request.</returns>
    public static AppendRequest For(IncidentAppend append) => new([append], []);
}

/// <summary>How an append ended.</summary>
public enum AppendStatus
{
    /// <summary>Everything was written.</summary>
    Appended = 1,

    /// <summary>An incident was no longer at its expected version: nothing was written.</summary>
    Conflict = 2,

    /// <summary>A new incident's idempotency key was seen before: nothing was written; <see cref="AppendResult.Incident"/> names the existing incident.</summary>
    DuplicateIntake = 3,
}

/// <summary>The outcome of <see cref="IIncidentStore.AppendAsync"/>.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Incident">For a conflict, the incident that conflicted; for a duplicate intake, the existing incident.</param>
/// <param name="ActualVersion">For a conflict, the incident's version in the store.</param>
public sealed record AppendResult(AppendStatus Status, IncidentId? Incident = null, int? ActualVersion = null)
{
    /// <summary>Gets the result of a successful append.</summary>
    public static AppendResult Appended { get; } = new(AppendStatus.Appended);

    /// <summary>Creates a conflict result.</summary>
    /// <param name="incident">The incident whose version did not match.</param>
    /// <param name="actualVersion">Its version in the store.</param>
    /// <returns>The result.</returns>
    public static AppendResult Conflict(IncidentId incident, int actualVersion) => new(AppendStatus.Conflict, incident, actualVersion);

    /// <summary>Creates a duplicate-intake result.</summary>
    /// <param name="existing">The incident the idempotency key already belongs to.</param>
    /// <returns>The result.</returns>
    public static AppendResult DuplicateIntake(IncidentId existing) => new(AppendStatus.DuplicateIntake, existing);
}

/// <summary>
/// A message recorded in the same transaction as the change that causes it, for a dispatcher to deliver afterwards
/// (the notifications release fills it). Read back with <see cref="IIncidentStore.ReadOutboxAsync"/>, removed from the
/// pending set with <see cref="IIncidentStore.AcknowledgeOutboxAsync"/>.
/// </summary>
/// <param name="Id">The message's id.</param>
/// <param name="IncidentId">The incident that caused it.</param>
/// <param name="Kind">What kind of message it is, e.g. <c>notification</c>.</param>
/// <param name="DeduplicationKey">A key that is the same for the same message, so that delivery can be de-duplicated.</param>
/// <param name="Payload">The message (UTF-8 JSON, opaque to the store).</param>
/// <param name="CreatedAt">When it was recorded.</param>
public sealed record OutboxMessage(Guid Id, IncidentId IncidentId, string Kind, string DeduplicationKey, ReadOnlyMemory<byte> Payload, DateTimeOffset CreatedAt)
{
    /// <summary>Compares every field, the payload by content.</summary>
    /// <param name="other">The other message.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(OutboxMessage? other)
        => other is not null && Id == other.Id && IncidentId == other.IncidentId && Kind == other.Kind
        && DeduplicationKey == other.DeduplicationKey && CreatedAt == other.CreatedAt && Payload.Span.SequenceEqual(other.Payload.Span);

    /// <inheritdoc/>
    public override int GetHashCode() => Id.GetHashCode();
}
