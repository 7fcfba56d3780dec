using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using PetitionOpinion.Storage.PostgreSql.Tests.Support;

namespace PetitionOpinion.Storage.PostgreSql.Tests.Storage;

/// <summary>The waits between attempts after a deadlock or a serialization failure: short, jittered, on the store's clock, cancellable. No server needed.</summary>
[RunsWithoutPostgreSql]
public sealed class PostgreSqlTransientRetryTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 8, 30, 0, TimeSpan.Zero));
    private readonly PostgreSqlIncidentStore _store;

    public PostgreSqlTransientRetryTests()
        => _store = new PostgreSqlIncidentStore(new PostgreSqlStoreOptions { ConnectionString = "Host=db.invalid" }, _time) { Jitter = () => 1.0 };

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    private static PostgresException Deadlock() => new("deadlock detected", "ERROR", "ERROR", PostgresErrorCodes.DeadlockDetected);

    [Fact]
    public async Task RetryTransientAsync_Deadlocks_WaitsAnExponentialJitteredDelayOnTheStoresClockBetweenAttempts()
    {
        var attempts = 0;
        using var tried = new SemaphoreSlim(0);
        var result = _store.RetryTransientAsync(
            () =>
            {
                var attempt = Interlocked.Increment(ref attempts);
                tried.Release();
                return attempt < 3 ? Task.FromException<int>(Deadlock()) : Task.FromResult(42);
            },
            CancellationToken.None);
        Assert.True(await tried.WaitAsync(TimeSpan.FromSeconds(10)));

        // The first attempt failed; the second waits 10 ms (the jitter at its top), the third 20 ms more. Before its
        // time no timer is due, so nothing can run.
        _time.Advance(TimeSpan.FromMilliseconds(9));
        Assert.Equal(1, Volatile.Read(ref attempts));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await tried.WaitAsync(TimeSpan.FromSeconds(10)));
        _time.Advance(TimeSpan.FromMilliseconds(19));
        Assert.Equal(2, Volatile.Read(ref attempts));
        Assert.False(result.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(42, await result);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task RetryTransientAsync_NoJitterDrawn_TriesAgainAtOnce()
    {
        _store.Jitter = () => 0.0;
        var attempts = 0;

        Assert.Equal(7, await _store.RetryTransientAsync(() => ++attempts < 5 ? Task.FromException<int>(Deadlock()) : Task.FromResult(7), CancellationToken.None));
        Assert.Equal(5, attempts);
    }

    [Fact]
    public async Task RetryTransientAsync_StillTransientAfterFiveAttempts_Throws()
    {
        _store.Jitter = () => 0.0;
        var attempts = 0;

        var error = await Assert.ThrowsAsync<PostgresException>(() => _store.RetryTransientAsync<int>(() => { attempts++; throw Deadlock(); }, CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.DeadlockDetected, error.SqlState);
        Assert.Equal(5, attempts);
    }

    [Fact]
    public async Task RetryTransientAsync_OtherError_IsThrownAtOnce()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<PostgresException>(() => _store.RetryTransientAsync<int>(
            () => { attempts++; throw new PostgresException("duplicate", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation); },
            CancellationToken.None));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task RetryTransientAsync_CancelledWhileWaiting_StopsWithoutAnotherAttempt()
    {
        using var cancellation = new CancellationTokenSource();
        var attempts = 0;
        var result = _store.RetryTransientAsync(() => { attempts++; return Task.FromException<int>(Deadlock()); }, cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => result);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, attempts);
    }

    [FsCheck.Xunit.Property]
    public Property RetryDelay_IsFullJitterOfACappedExponential(PositiveInt attempt, NormalFloat fraction)
    {
        var jitter = Math.Abs(fraction.Get) % 1;
        var delay = PostgreSqlIncidentStore.RetryDelay(attempt.Get, jitter);
        var ceiling = Math.Min(PostgreSqlIncidentStore.RetryMaxDelay.Ticks, PostgreSqlIncidentStore.RetryBaseDelay.Ticks * Math.Pow(2, Math.Min(attempt.Get - 1, 30)));

        return (delay >= TimeSpan.Zero && delay <= PostgreSqlIncidentStore.RetryMaxDelay && Math.Abs(delay.Ticks - (jitter * ceiling)) <= 1).ToProperty();
    }

    [Fact]
    public void RetryDelay_AtTheTopOfTheJitter_DoublesFromTenMillisecondsUpTo200()
        => Assert.Equal(
            [10, 20, 40, 80, 160, 200, 200],
            Enumerable.Range(1, 7).Select(a => PostgreSqlIncidentStore.RetryDelay(a, 1.0).TotalMilliseconds));
}
