using System.Collections.Concurrent;
using System.Data;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PetitionOpinion.Storage;

/// <summary>
/// The store's idle read connections, kept open between reads with the store's settings applied and the statements they
/// ran prepared. Without it every read opened a pooled connection, ran the store's <c>PRAGMA</c>s on it again and had
/// SQLite parse its statements again — about as much work as the read itself for the one-row reads of a command.
/// Thread-safe; a connection is used by one read at a time.
/// </summary>
internal sealed class SqliteReaders : IDisposable
{
    private readonly ConcurrentBag<SqliteReader> _idle = [];
    private readonly Func<SqliteConnection> _open;
    private readonly int _maxIdle;
    private int _idleCount;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="SqliteReaders"/> class.</summary>
    /// <param name="open">Opens a connection with the store's settings.</param>
    /// <param name="maxIdle">How many idle connections to keep; one returned beyond it is closed.</param>
    public SqliteReaders(Func<SqliteConnection> open, int maxIdle)
    {
        _open = open;
        _maxIdle = maxIdle;
    }

    /// <summary>Gets how many idle connections are kept now (tests).</summary>
    internal int IdleCount => Volatile.Read(ref _idleCount);

    /// <summary>Takes an idle connection, or opens one.</summary>
    /// <returns>The reader; dispose it to give the connection back.</returns>
    public SqliteReader Rent()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_idle.TryTake(out var reader))
        {
            Interlocked.Decrement(ref _idleCount);
            reader.Rented();
            return reader;
        }

        return new SqliteReader(_open(), this);
    }

    /// <summary>Takes a connection back: kept when it is open and outside a transaction and there is room, else closed.</summary>
    /// <param name="reader">The reader given back.</param>
    internal void Return(SqliteReader reader)
    {
        if (Volatile.Read(ref _disposed) != 0 || !reader.IsReusable)
        {
            reader.Close();
            return;
        }

        if (Interlocked.Increment(ref _idleCount) > _maxIdle)
        {
            Interlocked.Decrement(ref _idleCount);
            reader.Close();
            return;
        }

        _idle.Add(reader);

        // Disposed meanwhile: Dispose may have drained the bag before this connection went in.
        if (Volatile.Read(ref _disposed) != 0)
        {
            Drain();
        }
    }

    /// <summary>Closes every idle connection; connections in use are closed when given back.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Drain();
        }
    }

    private void Drain()
    {
        while (_idle.TryTake(out var reader))
        {
            Interlocked.Decrement(ref _idleCount);
            reader.Close();
        }
    }
}

/// <summary>
/// One read connection of <see cref="SqliteReaders"/>, rented for one read: its statements stay prepared between reads
/// (<see cref="Command"/>). Dispose it to give the connection back.
/// </summary>
internal sealed class SqliteReader : IDisposable
{
    // Statements built from a query's filters vary: a connection keeps at most this many.
    private const int MaxPrepared = 64;

    private readonly SqliteReaders _owner;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private bool _rented = true;

    /// <summary>Initializes a new instance of the <see cref="SqliteReader"/> class.</summary>
    /// <param name="connection">An open connection with the store's settings.</param>
    /// <param name="owner">Where it goes back to.</param>
    internal SqliteReader(SqliteConnection connection, SqliteReaders owner)
    {
        Connection = connection;
        _owner = owner;
    }

    /// <summary>Gets the open connection.</summary>
    public SqliteConnection Connection { get; }

    /// <summary>Gets a value indicating whether the connection can serve another read: open, no transaction left pending.</summary>
    internal bool IsReusable => Connection.State == ConnectionState.Open && raw.sqlite3_get_autocommit(Connection.Handle) != 0;

    /// <summary>
    /// A command of <paramref name="sql"/> on this connection, prepared the first time and kept: its parameters are
    /// cleared and its transaction set to <paramref name="transaction"/>. Do not dispose it.
    /// </summary>
    /// <param name="sql">The statement.</param>
    /// <param name="transaction">The read transaction it runs in, or <see langword="null"/>.</param>
    /// <returns>The command.</returns>
    public SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            if (_commands.Count == MaxPrepared)
            {
                // Many filter combinations: start the set afresh rather than keep statements nobody runs again.
                DisposeCommands();
            }

            command = Connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }

        command.Parameters.Clear();
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Gives the connection back to its pool.</summary>
    public void Dispose()
    {
        if (_rented)
        {
            _rented = false;
            _owner.Return(this);
        }
    }

    /// <summary>Makes the reader rentable again (the pool, on renting it out).</summary>
    internal void Rented() => _rented = true;

    /// <summary>Closes the connection and its statements.</summary>
    internal void Close()
    {
        DisposeCommands();
        Connection.Dispose();
    }

    private void DisposeCommands()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
