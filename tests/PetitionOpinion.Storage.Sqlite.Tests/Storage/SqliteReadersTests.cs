using Microsoft.Data.Sqlite;
using PetitionOpinion.Storage.Sqlite.Tests.Support;

namespace PetitionOpinion.Storage.Sqlite.Tests.Storage;

/// <summary>The store's kept read connections: reused with their statements, never kept in a doubtful state, all closed on dispose.</summary>
public sealed class SqliteReadersTests : IDisposable
{
    private readonly TempDatabase _database = new();
    private readonly List<SqliteConnection> _opened = [];

    [Fact]
    public void Rent_AfterAReadWasGivenBack_ReusesItsConnectionAndItsPreparedCommand()
    {
        using var readers = Readers(maxIdle: 4);
        SqliteConnection first;
        SqliteCommand command;
        using (var reader = readers.Rent())
        {
            first = reader.Connection;
            command = reader.Command("SELECT $x + 1");
            command.Parameters.AddWithValue("$x", 1);
            Assert.Equal(2L, command.ExecuteScalar());
        }

        Assert.Equal(1, readers.IdleCount);
        using (var again = readers.Rent())
        {
            Assert.Same(first, again.Connection);
            var same = again.Command("SELECT $x + 1");
            Assert.Same(command, same);
            Assert.Empty(same.Parameters); // cleared: the last read's values are not bound again
            same.Parameters.AddWithValue("$x", 41);
            Assert.Equal(42L, same.ExecuteScalar());
        }

        Assert.Single(_opened);
    }

    [Fact]
    public void Rent_WhileOthersAreRented_OpensAnotherConnection()
    {
        using var readers = Readers(maxIdle: 4);
        using var one = readers.Rent();
        using var two = readers.Rent();
        Assert.NotSame(one.Connection, two.Connection);
        Assert.Equal(2, _opened.Count);
    }

    [Fact]
    public void Dispose_OfAReaderLeftInsideATransaction_ClosesItsConnectionInsteadOfKeepingIt()
    {
        using var readers = Readers(maxIdle: 4);
        var reader = readers.Rent();
        using (var begin = reader.Connection.CreateCommand())
        {
            begin.CommandText = "BEGIN";
            begin.ExecuteNonQuery();
        }

        reader.Dispose();

        Assert.Equal(System.Data.ConnectionState.Closed, reader.Connection.State);
        Assert.Equal(0, readers.IdleCount);
        using var next = readers.Rent();
        Assert.NotSame(reader.Connection, next.Connection);
    }

    [Fact]
    public void Dispose_OfAReaderWhoseConnectionWasClosed_DoesNotKeepIt()
    {
        using var readers = Readers(maxIdle: 4);
        var reader = readers.Rent();
        reader.Connection.Close();

        reader.Dispose();

        Assert.Equal(0, readers.IdleCount);
    }

    [Fact]
    public void Dispose_OfMoreReadersThanMaxIdle_KeepsMaxIdleAndClosesTheRest()
    {
        using var readers = Readers(maxIdle: 2);
        var rented = Enumerable.Range(0, 5).Select(_ => readers.Rent()).ToList();

        rented.ForEach(r => r.Dispose());

        Assert.Equal(2, readers.IdleCount);
        Assert.Equal(3, rented.Count(r => r.Connection.State == System.Data.ConnectionState.Closed));
    }

    [Fact]
    public void Dispose_Twice_GivesTheConnectionBackOnce()
    {
        using var readers = Readers(maxIdle: 4);
        var reader = readers.Rent();
        reader.Dispose();
        reader.Dispose();

        Assert.Equal(1, readers.IdleCount);
        using var one = readers.Rent();
        using var two = readers.Rent();
        Assert.NotSame(one.Connection, two.Connection);
    }

    [Fact]
    public void Dispose_OfThePool_ClosesIdleConnectionsThenThoseGivenBackLaterAndRefusesRents()
    {
        var readers = Readers(maxIdle: 4);
        var idle = readers.Rent();
        var busy = readers.Rent();
        idle.Dispose();

        readers.Dispose();

        Assert.Equal(System.Data.ConnectionState.Closed, idle.Connection.State);
        Assert.Equal(System.Data.ConnectionState.Open, busy.Connection.State);
        busy.Dispose();
        Assert.Equal(System.Data.ConnectionState.Closed, busy.Connection.State);
        Assert.Equal(0, readers.IdleCount);
        Assert.Throws<ObjectDisposedException>(() => readers.Rent());
    }

    [Fact]
    public void Command_MoreDistinctStatementsThanItKeeps_RunsEachCorrectly()
    {
        using var readers = Readers(maxIdle: 4);
        using var reader = readers.Rent();
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 150; i++)
            {
                var command = reader.Command($"SELECT {i} + $x");
                command.Parameters.AddWithValue("$x", round);
                Assert.Equal((long)(i + round), command.ExecuteScalar());
            }
        }
    }

    [Fact]
    public void Command_WithATransaction_RunsInIt()
    {
        using var readers = Readers(maxIdle: 4);
        using var reader = readers.Rent();
        using (var transaction = reader.Connection.BeginTransaction(deferred: true))
        {
            Assert.Equal(1L, reader.Command("SELECT 1", transaction).ExecuteScalar());
            transaction.Commit();
        }

        // The same command again outside any transaction: its transaction is reset, not left pointing at the finished one.
        Assert.Equal(1L, reader.Command("SELECT 1").ExecuteScalar());
    }

    public void Dispose()
    {
        foreach (var connection in _opened)
        {
            connection.Dispose();
        }

        SqliteConnection.ClearAllPools();
        _database.Dispose();
    }

    private SqliteReaders Readers(int maxIdle)
        => new(
            () =>
            {
                var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _database.FilePath }.ToString());
                connection.Open();
                _opened.Add(connection);
                return connection;
            },
            maxIdle);
}
