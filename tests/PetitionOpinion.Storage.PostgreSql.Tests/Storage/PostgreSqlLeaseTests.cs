using PetitionOpinion.Storage.PostgreSql.Tests.Support;

namespace PetitionOpinion.Storage.PostgreSql.Tests.Storage;

/// <summary><see cref="ILeaseStore"/> on PostgreSQL: one holder at a time, expiry, renewal, release. Times are the callers'.</summary>
public sealed class PostgreSqlLeaseTests : SeveralStoreInstances
{
    private const string Scanner = "deadline-scanner";

    [Fact]
    public async Task TryAcquireLeaseAsync_SixteenHoldersOnFourInstancesAtOnce_ExactlyOneGetsIt()
    {
        for (var round = 0; round < 20; round++)
        {
            // A fresh lease each round (first acquisition: an insert race), and every round the expired one again (an update race).
            foreach (var (name, now) in new[] { ($"lease-{round}", T0), (Scanner, T0.AddMinutes(round)) })
            {
                var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var asking = Enumerable.Range(0, 16).Select(h => Task.Run(async () =>
                {
                    await start.Task;
                    return await Stores[h % 4].TryAcquireLeaseAsync(new LeaseRequest(name, $"node-{round}-{h}", now, now.AddMinutes(1)), None);
                })).ToList();
                start.SetResult();
                var granted = await Task.WhenAll(asking);

                var winner = Assert.Single(Enumerable.Range(0, 16), h => granted[h]);
                Assert.Equal([$"node-{round}-{winner}"], await Schema.RowsAsync("SELECT holder FROM {schema}.leases WHERE name = $1", name));
            }
        }
    }

    [Fact]
    public async Task TryAcquireLeaseAsync_HeldByAnother_RefusedUntilItEndsThenGranted()
    {
        Assert.True(await Store.TryAcquireLeaseAsync(new LeaseRequest(Scanner, "node-a", T0, T0.AddSeconds(30)), None));

        Assert.False(await Stores[1].TryAcquireLeaseAsync(new LeaseRequest(Scanner, "node-b", T0.AddSeconds(30).AddTicks(-1), T0.AddSeconds(60)), None));
        Assert.True(await Stores[1].TryAcquireLeaseAsync(new LeaseRequest(Scanner, "node-b", T0.AddSeconds(30), T0.AddSeconds(60)), None));

        // node-a comes back after a pause: the lease is node-b's now.
        Assert.False(await Store.TryAcquireLeaseAsync(new LeaseRequest(Scanner, "node-a", T0.AddSeconds(31), T0.AddSeconds(61)), None));
        Assert.Equal(["node-b"], await Schema.RowsAsync("SELECT holder FROM {schema}.leases"));
    }

    [Fact]
    public async Task TryAcquireLeaseAsync_HolderAgain_RenewsAndMovesTheEnd()
    {
        Assert.True(await Store.TryAcquireLeaseAsync(new LeaseRequest(Scanner, "node-a", T0, T0.AddSeconds(30)), None));
        Assert.True(await Stores[1].TryAcquireLeaseAsync(new LeaseRequest(Scanner, "node-a", T0.AddSeconds(20), T0.AddSeconds(50)), None));

        Assert.False(await Stores[2].TryAcquireLeaseAsync(new LeaseRequest(Scanner, "node-b", T0.AddSeconds(40), T0.AddSeconds(70)), None));
        Assert.True(await Stores[2].TryAcquireLeaseAsync(new LeaseRequest(Scanner, "node-b", T0.AddSeconds(50), T0.AddSeconds(70)), None));
    }

    [Fact]
    public async Task TryAcquireLeaseAsync_HolderNamesAndLeaseNames_AreComparedOrdinally()
    {
        Assert.True(await Store.TryAcquireLeaseAsync(new LeaseRequest(Scanner, "Node-A", T0, T0.AddMinutes(1)), None));

        Assert.False(await Store.TryAcquireLeaseAsync(new LeaseRequest(Scanner, "node-a", T0, T0.AddMinutes(1)), None));
        Assert.False(await Store.TryAcquireLeaseAsync(new LeaseRequest(Scanner, "Node-A ", T0, T0.AddMinutes(1)), None));
        Assert.True(await Store.TryAcquireLeaseAsync(new LeaseRequest("Deadline-Scanner", "node-a", T0, T0.AddMinutes(1)), None));
        Assert.True(await Store.TryAcquireLeaseAsync(new LeaseRequest("调度-🙂", "节点-甲", T0, T0.AddMinutes(1)), None));
        Assert.False(await Store.TryAcquireLeaseAsync(new LeaseRequest("调度-🙂", "节点-乙", T0, T0.AddMinutes(1)), None));
    }

    [Fact]
    public async Task ReleaseLeaseAsync_ByItsHolder_FreesItAtOnceAndByAnotherDoesNothing()
    {
        Assert.True(await Store.TryAcquireLeaseAsync(new LeaseRequest(Scanner, "node-a", T0, T0.AddMinutes(5)), None));

        await Stores[1].ReleaseLeaseAsync(Scanner, "node-b", None);
        Assert.False(await Stores[1].TryAcquireLeaseAsync(new LeaseRequest(Scanner, "node-b", T0.AddSeconds(1), T0.AddMinutes(1)), None));

        await Stores[2].ReleaseLeaseAsync(Scanner, "node-a", None);
        Assert.True(await Stores[1].TryAcquireLeaseAsync(new LeaseRequest(Scanner, "node-b", T0.AddSeconds(1), T0.AddMinutes(1)), None));
        await Store.ReleaseLeaseAsync("never-taken", "node-a", None);
    }

    [Fact]
    public async Task TryAcquireLeaseAsync_CancelledToken_ThrowsAndTakesNothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.TryAcquireLeaseAsync(new LeaseRequest(Scanner, "node-a", T0, T0.AddMinutes(1)), cancelled.Token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.ReleaseLeaseAsync(Scanner, "node-a", cancelled.Token).AsTask());

        Assert.True(await Stores[1].TryAcquireLeaseAsync(new LeaseRequest(Scanner, "node-b", T0, T0.AddMinutes(1)), None));
    }

    [Fact]
    public async Task TryAcquireLeaseAsync_MalformedRequest_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.TryAcquireLeaseAsync(null!, None).AsTask());
        foreach (var request in new[]
        {
            new LeaseRequest(Scanner, "node-a", T0, T0),
            new LeaseRequest(Scanner, "node-a", T0, T0.AddTicks(-1)),
            new LeaseRequest("", "node-a", T0, T0.AddMinutes(1)),
            new LeaseRequest(Scanner, " ", T0, T0.AddMinutes(1)),
            new LeaseRequest(new string('n', OutboxClaim.MaxHolderLength + 1), "node-a", T0, T0.AddMinutes(1)),
            new LeaseRequest(Scanner, null!, T0, T0.AddMinutes(1)),
        })
        {
            await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.TryAcquireLeaseAsync(request, None).AsTask());
        }

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ReleaseLeaseAsync(" ", "node-a", None).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ReleaseLeaseAsync(Scanner, "", None).AsTask());
        Assert.Null(await Schema.ScalarAsync("SELECT to_regnamespace($1)::text", Schema.Name));
    }
}
