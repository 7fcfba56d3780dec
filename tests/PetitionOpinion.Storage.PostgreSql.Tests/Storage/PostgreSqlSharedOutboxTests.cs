using System.Collections.Concurrent;
using Npgsql;
using PetitionOpinion.Storage.PostgreSql.Tests.Support;

namespace PetitionOpinion.Storage.PostgreSql.Tests.Storage;

/// <summary>
/// <see cref="ISharedOutbox"/> on PostgreSQL: dispatchers of several instances claim pending messages without getting
/// the same one, expired claims move on, a holder renews and releases its own. Times are the callers' (a fixed start).
/// </summary>
public sealed class PostgreSqlSharedOutboxTests : SeveralStoreInstances
{

    [Fact]
    public async Task ClaimOutboxAsync_EightHoldersOnFourInstancesAtOnce_ShareTheMessagesWithoutOverlap()
    {
        var messages = await Raw.SeedOutboxAsync(Store, 300);
        var claimedBy = new ConcurrentDictionary<Guid, string>();
        var overlaps = new ConcurrentBag<Guid>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var holders = Enumerable.Range(0, 8).Select(h => Task.Run(async () =>
        {
            await start.Task;
            var holder = $"node-{h}";
            var store = Stores[h % 4];
            var mine = new List<OutboxMessage>();
            while (true)
            {
                // As a dispatcher does: claim a batch (the claims do not expire here), deliver it, acknowledge it.
                var batch = await store.ClaimOutboxAsync(new OutboxClaim(holder, 7, T0, T0.AddHours(1)), None);
                if (batch.Count == 0)
                {
                    return mine;
                }

                foreach (var message in batch)
                {
                    if (!claimedBy.TryAdd(message.Id, holder))
                    {
                        overlaps.Add(message.Id);
                    }
                }

                mine.AddRange(batch);
                await store.AcknowledgeOutboxAsync([.. batch.Select(m => m.Id)], None);
            }
        })).ToList();
        start.SetResult();
        var claimed = await Task.WhenAll(holders);

        Assert.Empty(overlaps);
        Assert.Equal(messages.Select(m => m.Id).Order(), claimedBy.Keys.Order());
        var order = messages.Select((m, i) => (m.Id, i)).ToDictionary(p => p.Id, p => p.i);
        Assert.All(claimed, mine => Assert.Equal(mine.OrderBy(m => order[m.Id]), mine));
        Assert.True(claimed.Count(mine => mine.Count > 0) > 1, "The work was not shared.");
        Assert.Empty(await Store.ReadOutboxAsync(10, None));
    }

    [Fact]
    public async Task ClaimOutboxAsync_ClaimOfAnother_IsPassedOverUntilItEndsThenTakenOver()
    {
        var messages = await Raw.SeedOutboxAsync(Store, 5);
        Assert.Equal(messages.Take(3), await Stores[0].ClaimOutboxAsync(new OutboxClaim("node-a", 3, T0, T0.AddSeconds(30)), None));

        Assert.Equal(messages.Skip(3), await Stores[1].ClaimOutboxAsync(new OutboxClaim("node-b", 10, T0.AddSeconds(29), T0.AddSeconds(60)), None));
        Assert.Empty(await Stores[2].ClaimOutboxAsync(new OutboxClaim("node-c", 10, T0.AddSeconds(29).AddTicks(9_999_999), T0.AddSeconds(90)), None));

        // node-a died: its claim ended at T0+30 s, which counts as ended at that very instant.
        Assert.Equal(messages.Take(3), await Stores[2].ClaimOutboxAsync(new OutboxClaim("node-c", 10, T0.AddSeconds(30), T0.AddSeconds(90)), None));
        Assert.Equal(
            ["node-c", "node-c", "node-c", "node-b", "node-b"],
            await Schema.RowsAsync("SELECT claimed_by FROM {schema}.outbox ORDER BY sequence"));
    }

    [Fact]
    public async Task ClaimOutboxAsync_SameHolderAgain_RenewsItsClaimAndGetsItsMessagesFirst()
    {
        var messages = await Raw.SeedOutboxAsync(Store, 4);
        await Stores[0].ClaimOutboxAsync(new OutboxClaim("node-a", 2, T0, T0.AddSeconds(30)), None);

        // Before its claim ends, node-a claims again (from another connection of its own): its two, then two more, until +60 s.
        Assert.Equal(messages, await Stores[1].ClaimOutboxAsync(new OutboxClaim("node-a", 10, T0.AddSeconds(10), T0.AddSeconds(60)), None));

        Assert.Empty(await Stores[2].ClaimOutboxAsync(new OutboxClaim("node-b", 10, T0.AddSeconds(45), T0.AddSeconds(90)), None));
        Assert.Equal(messages, await Stores[2].ClaimOutboxAsync(new OutboxClaim("node-b", 10, T0.AddSeconds(60), T0.AddSeconds(90)), None));
    }

    [Fact]
    public async Task ClaimOutboxAsync_InstantsWithOffsets_AreComparedAsInstants()
    {
        var messages = await Raw.SeedOutboxAsync(Store, 2);
        var china = TimeSpan.FromHours(8);
        await Store.ClaimOutboxAsync(new OutboxClaim("node-a", 10, T0.ToOffset(china), T0.AddMinutes(1).ToOffset(china)), None);

        Assert.Empty(await Store.ClaimOutboxAsync(new OutboxClaim("node-b", 10, T0.AddSeconds(59), T0.AddMinutes(2)), None));
        Assert.Equal(messages, await Store.ClaimOutboxAsync(new OutboxClaim("node-b", 10, T0.AddMinutes(1).ToOffset(-china), T0.AddMinutes(2)), None));
    }

    [Fact]
    public async Task ReleaseOutboxAsync_Holder_FreesItsOwnUnacknowledgedClaimsAtOnce()
    {
        var messages = await Raw.SeedOutboxAsync(Store, 6);
        await Store.ClaimOutboxAsync(new OutboxClaim("node-a", 3, T0, T0.AddHours(1)), None);
        await Store.ClaimOutboxAsync(new OutboxClaim("node-b", 2, T0, T0.AddHours(1)), None);
        await Store.AcknowledgeOutboxAsync([messages[0].Id], None);

        await Stores[1].ReleaseOutboxAsync("node-a", None);
        await Stores[1].ReleaseOutboxAsync("node-unknown", None);

        Assert.Equal([messages[1], messages[2], messages[5]], await Stores[2].ClaimOutboxAsync(new OutboxClaim("node-c", 10, T0.AddSeconds(1), T0.AddHours(1)), None));
        Assert.Equal(
            ["node-a", "node-c", "node-c", "node-b", "node-b", "node-c"],
            await Schema.RowsAsync("SELECT claimed_by FROM {schema}.outbox ORDER BY sequence"));
    }

    [Fact]
    public async Task ClaimOutboxAsync_AcknowledgedMessages_AreNeverClaimedWhoeverAcknowledgedThem()
    {
        var messages = await Raw.SeedOutboxAsync(Store, 4);
        var claimed = await Stores[0].ClaimOutboxAsync(new OutboxClaim("node-a", 2, T0, T0.AddSeconds(30)), None);

        // Another instance acknowledges one of node-a's messages (it delivered it before node-a's claim, say) and a free one.
        await Stores[1].AcknowledgeOutboxAsync([claimed[0].Id, messages[3].Id], None);

        Assert.Equal([messages[1], messages[2]], await Stores[2].ClaimOutboxAsync(new OutboxClaim("node-b", 10, T0.AddHours(1), T0.AddHours(2)), None));
        Assert.Equal([messages[1], messages[2]], await Stores[3].ReadOutboxAsync(10, None));
        await Stores[3].AcknowledgeOutboxAsync([.. messages.Select(m => m.Id)], None);
        Assert.Empty(await Stores[0].ClaimOutboxAsync(new OutboxClaim("node-a", 10, T0.AddHours(3), T0.AddHours(4)), None));
    }

    [Fact]
    public async Task ReadOutboxAsync_ClaimedMessages_AreStillReadInInsertionOrder()
    {
        var messages = await Raw.SeedOutboxAsync(Store, 5);
        await Store.ClaimOutboxAsync(new OutboxClaim("node-a", 2, T0, T0.AddHours(1)), None);

        Assert.Equal(messages, await Stores[1].ReadOutboxAsync(10, None));
    }

    [Fact]
    public async Task ClaimOutboxAsync_MessagesAnotherDispatcherIsClaimingNow_ArePassedOverNotWaitedFor()
    {
        var messages = await Raw.SeedOutboxAsync(Store, 4);

        // A transaction in flight holds the first two rows (as another dispatcher's claim does while it runs).
        await using var other = await Schema.DataSource.OpenConnectionAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await using (var lockRows = new NpgsqlCommand($"SELECT 1 FROM {Schema.Quoted}.outbox WHERE sequence IN (SELECT sequence FROM {Schema.Quoted}.outbox ORDER BY sequence LIMIT 2) FOR UPDATE", other, transaction))
        {
            await lockRows.ExecuteNonQueryAsync();
        }

        Assert.Equal(messages.Skip(2), await Store.ClaimOutboxAsync(new OutboxClaim("node-b", 10, T0, T0.AddMinutes(1)), None));

        await transaction.RollbackAsync();
        Assert.Equal(messages.Take(2), await Store.ClaimOutboxAsync(new OutboxClaim("node-c", 10, T0, T0.AddMinutes(1)), None));
    }

    [Fact]
    public async Task ClaimOutboxAsync_MaxCount_TakesTheOldestOnly()
    {
        var messages = await Raw.SeedOutboxAsync(Store, 5);
        var second = Raw.NewId();
        var later = Raw.Message(second, "later");
        await Store.AppendAsync(Raw.Request(Raw.Append(second, 0), later), None);

        Assert.Equal(messages.Take(1), await Store.ClaimOutboxAsync(new OutboxClaim("node-a", 1, T0, T0.AddMinutes(1)), None));
        Assert.Equal(messages.Skip(1).Take(3), await Store.ClaimOutboxAsync(new OutboxClaim("node-b", 3, T0, T0.AddMinutes(1)), None));
        Assert.Equal([messages[4], later], await Store.ClaimOutboxAsync(new OutboxClaim("node-c", 100, T0, T0.AddMinutes(1)), None));
    }

    [Fact]
    public async Task ClaimOutboxAsync_CancelledToken_ThrowsAndClaimsNothing()
    {
        await Raw.SeedOutboxAsync(Store, 3);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.ClaimOutboxAsync(new OutboxClaim("node-a", 10, T0, T0.AddMinutes(1)), cancelled.Token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.ReleaseOutboxAsync("node-a", cancelled.Token).AsTask());

        Assert.Equal(["NULL", "NULL", "NULL"], await Schema.RowsAsync("SELECT claimed_by FROM {schema}.outbox ORDER BY sequence"));
    }

    [Fact]
    public async Task ClaimOutboxAsync_MalformedClaim_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.ClaimOutboxAsync(null!, None).AsTask());
        foreach (var claim in new[]
        {
            new OutboxClaim("node-a", 0, T0, T0.AddMinutes(1)),
            new OutboxClaim("node-a", 1, T0, T0),
            new OutboxClaim("node-a", 1, T0, T0.AddTicks(-1)),
            new OutboxClaim(" ", 1, T0, T0.AddMinutes(1)),
            new OutboxClaim(new string('h', OutboxClaim.MaxHolderLength + 1), 1, T0, T0.AddMinutes(1)),
            new OutboxClaim(null!, 1, T0, T0.AddMinutes(1)),
        })
        {
            await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ClaimOutboxAsync(claim, None).AsTask());
        }

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ReleaseOutboxAsync("", None).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ReleaseOutboxAsync(null!, None).AsTask());
        Assert.True(await Store.ClaimOutboxAsync(new OutboxClaim(new string('h', OutboxClaim.MaxHolderLength), 1, T0, T0.AddMinutes(1)), None) is { Count: 0 });
    }
}
