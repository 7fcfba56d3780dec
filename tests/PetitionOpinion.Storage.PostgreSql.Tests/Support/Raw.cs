using PetitionOpinion.Incidents;
using PetitionOpinion.Storage.Conformance;

namespace PetitionOpinion.Storage.PostgreSql.Tests.Support;

/// <summary>
/// Appends built by hand (opaque events, minimal summaries), for tests that race many writers: no lifecycle, nothing
/// shared between threads. A store does not interpret events, so these are as good as real ones for it.
/// </summary>
public static class Raw
{
    /// <summary>The instant the hand-made events and summaries carry.</summary>
    public static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    /// <summary>A new incident id.</summary>
    /// <returns>The id.</returns>
    public static IncidentId NewId() => new(Guid.NewGuid());

    /// <summary>An event.</summary>
    /// <param name="id">The incident.</param>
    /// <param name="version">Its version.</param>
    /// <param name="text">Text that makes it recognisable (in its payload).</param>
    /// <returns>The event.</returns>
    public static StoredEvent Event(IncidentId id, int version, string text = "")
        => new(id, version, "IncidentReported", 1, At.AddTicks(version), KitPeople.CustomerServiceRep, System.Text.Encoding.UTF8.GetBytes($"{{\"text\":\"{text}\"}}"), new byte[32]);

    /// <summary>An incident's summary at a version.</summary>
    /// <param name="id">The incident.</param>
    /// <param name="version">Its version.</param>
    /// <returns>The summary.</returns>
    public static IncidentSummary Summary(IncidentId id, int version)
        => new(id, IncidentKind.Petition, IntakeChannel.Hotline, RiskCategory.DataPrivacy, IncidentState.Reported, null, At, At.AddTicks(version), null, version);

    /// <summary>An append of <paramref name="count"/> events to an incident at <paramref name="expected"/>.</summary>
    /// <param name="id">The incident.</param>
    /// <param name="expected">The expected version.</param>
    /// <param name="count">How many events.</param>
    /// <param name="key">The idempotency key (new incidents only).</param>
    /// <param name="text">Text that makes its events recognisable.</param>
    /// <returns>The append.</returns>
    public static IncidentAppend Append(IncidentId id, int expected, int count = 1, string? key = null, string text = "")
        => new(id, expected, [.. Enumerable.Range(expected + 1, count).Select(v => Event(id, v, text))], Summary(id, expected + count), key);

    /// <summary>A request of one append and its messages.</summary>
    /// <param name="append">The append.</param>
    /// <param name="messages">The outbox messages.</param>
    /// <returns>The request.</returns>
    public static AppendRequest Request(IncidentAppend append, params OutboxMessage[] messages) => new([append], messages);

    /// <summary>An outbox message.</summary>
    /// <param name="id">The incident.</param>
    /// <param name="text">Its de-duplication key's tail.</param>
    /// <returns>The message.</returns>
    public static OutboxMessage Message(IncidentId id, string text)
        => new(Guid.NewGuid(), id, "notification", $"dedup:{id}:{text}", System.Text.Encoding.UTF8.GetBytes(text), At);

    /// <summary>Stores a new incident with <paramref name="count"/> messages, and returns them in insertion order.</summary>
    /// <param name="store">The store.</param>
    /// <param name="count">How many messages.</param>
    /// <returns>The messages.</returns>
    public static async Task<IReadOnlyList<OutboxMessage>> SeedOutboxAsync(IIncidentStore store, int count)
    {
        var id = NewId();
        var messages = Enumerable.Range(0, count).Select(i => Message(id, $"m{i:D4}")).ToArray();
        Assert.Equal(AppendResult.Appended, await store.AppendAsync(Request(Append(id, 0), messages), CancellationToken.None));
        return messages;
    }
}
