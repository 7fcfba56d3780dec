using System.Data;
using System.Globalization;
using System.Text;
using Ardalis.GuardClauses;
using Microsoft.Data.Sqlite;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Storage;

/// <summary>
/// An <see cref="IIncidentStore"/> in one SQLite database file: durable, embedded, nothing to install. The events are
/// append-only rows (the database refuses to update or delete them); the incidents' summaries and the outbox live
/// beside them, and every append is one transaction.
/// </summary>
/// <remarks>
/// <para>
/// The schema is created, or migrated, on first use (or by <see cref="InitializeAsync"/>); a database written by a newer
/// release is refused. The database runs in WAL mode (readers never wait for the writer) with <c>synchronous=FULL</c>:
/// a committed append survives a crash of the process and of the machine — the audit trail is worth an fsync per commit.
/// </para>
/// <para>
/// Thread-safe, and safe with several processes on one file. Appends go through one write connection that the store
/// opens on the first append and keeps open until it is disposed, with its statements prepared once; appends in one
/// process take turns on it (SQLite allows one writer at a time anyway). Each append takes the database's write lock up
/// front (<c>BEGIN IMMEDIATE</c>), so that other processes' writers wait for it, and checks expected versions and
/// idempotency keys inside the transaction. A failed append is rolled back; if even that fails, the write connection is
/// closed and the next append opens a new one. A summary is rewritten whole only when its kind, channel, category or
/// reporting instant changed; otherwise only the columns that change as an incident moves on are, which leaves the
/// entries of the indexes on the others alone. Reads and outbox acknowledgements run on read connections the store keeps
/// open between them (as many as ran at once, up to twice the processor count), with its settings applied once and each
/// statement prepared once per connection.
/// A busy database is waited for up to <see cref="SqliteStoreOptions.BusyTimeout"/> (at least about a second), then the
/// operation throws <see cref="SqliteException"/> (<c>SQLITE_BUSY</c>); a write lock another process holds does not stop
/// reads (WAL), only appends and outbox acknowledgements. Microsoft.Data.Sqlite has no truly
/// asynchronous I/O, so the operations complete synchronously; they honour the token between statements.
/// </para>
/// </remarks>
public sealed class SqliteIncidentStore : IIncidentStore, IMonitorCheckpointStore, IDisposable, IAsyncDisposable
{
    internal const string EventColumns = "incident_id, version, event_type, schema_version, occurred_at, occurred_at_offset, actor, payload, hash, hash_key_id";
    internal const string SummaryColumns = "id, version, kind, channel, category, state, level, reported_at, reported_at_offset, updated_at, updated_at_offset, next_due_at, next_due_at_offset, acknowledged_at, acknowledged_at_offset, acknowledge_due_at, acknowledge_due_at_offset, first_resolved_at, first_resolved_at_offset, resolution_due_at, resolution_due_at_offset, reopen_count, petitioner_key";
    internal const string OutboxColumns = "message_id, incident_id, kind, deduplication_key, payload, created_at, created_at_offset";
    private const string ReadEventsSql = $"SELECT {EventColumns} FROM events WHERE incident_id = $id AND version >= $from ORDER BY version";

    private readonly string _connectionString;
    private readonly string _writeConnectionString;
    private readonly string _connectionSetup;
    private readonly string _dataSource;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<SqliteMigration> _migrations;
    private readonly Lock _initializationGate = new();
    private readonly Lock _writeGate = new();
    private volatile bool _initialized;
    private int _disposed;
    private readonly SqliteReaders _readers;
    private SqliteWriter? _writer;

    /// <summary>Initializes a new instance of the <see cref="SqliteIncidentStore"/> class, with the system clock.</summary>
    /// <param name="options">Where the database is (<see cref="SqliteStoreOptions.ForFile"/>).</param>
    /// <exception cref="ArgumentException">The options do not name a usable database file.</exception>
    /// <exception cref="InvalidOperationException">No native SQLite library is set up: the application references no SQLite bundle (e.g. SQLitePCLRaw.bundle_e_sqlite3).</exception>
    public SqliteIncidentStore(SqliteStoreOptions options)
        : this(options, TimeProvider.System)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SqliteIncidentStore"/> class. Nothing is opened until first use.</summary>
    /// <param name="options">Where the database is (<see cref="SqliteStoreOptions.ForFile"/>).</param>
    /// <param name="timeProvider">The clock, for when outbox messages are acknowledged and migrations applied.</param>
    /// <exception cref="ArgumentException">The options do not name a usable database file.</exception>
    /// <exception cref="InvalidOperationException">No native SQLite library is set up: the application references no SQLite bundle (e.g. SQLitePCLRaw.bundle_e_sqlite3).</exception>
    public SqliteIncidentStore(SqliteStoreOptions options, TimeProvider timeProvider)
        : this(options, timeProvider, SqliteSchema.Migrations)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SqliteIncidentStore"/> class with given migrations (tests of the migration runner).</summary>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="migrations">The migrations.</param>
    internal SqliteIncidentStore(SqliteStoreOptions options, TimeProvider timeProvider, IReadOnlyList<SqliteMigration> migrations)
    {
        Guard.Against.Null(options);
        _time = Guard.Against.Null(timeProvider);
        _migrations = Guard.Against.Null(migrations);
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        SqliteNative.EnsureAvailable();
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString)
        {
            // Microsoft.Data.Sqlite retries a statement SQLite reports busy, every 150 ms, until its command timeout (30 s
            // unless set) has passed: that, not SQLite's busy_timeout, would bound the wait for a locked database. In whole
            // seconds, at most BusyTimeout (SQLite's own wait then outlasts it: no retry), at least one (0 retries forever).
            DefaultTimeout = Math.Max(1, (int)options.BusyTimeout.TotalSeconds),
        };
        _dataSource = builder.DataSource;
        _connectionString = builder.ToString();

        // The write connection lives as long as the store: a pool would only keep it from being closed when it must be.
        builder.Pooling = false;
        _writeConnectionString = builder.ToString();

        // Per-connection settings, applied to every connection the store opens (a pooled connection keeps them; re-applying is cheap).
        // synchronous=FULL: in WAL mode NORMAL may lose the last commits on power loss; an audit trail must not.
        _connectionSetup = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(int)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");

        // Reads keep their connections open, settings applied and statements prepared, as many as run at once (up to a bound).
        _readers = new SqliteReaders(OpenConnection, Math.Max(4, 2 * Environment.ProcessorCount));
    }

    /// <summary>Gets or sets a hook called inside the append transaction after each event row is written (tests inject failures with it).</summary>
    internal Action<StoredEvent>? OnStaged { get; set; }

    /// <summary>Gets the write connection, if one is open (tests break it to exercise the recovery).</summary>
    internal SqliteConnection? WriteConnection => _writer?.Connection;

    /// <summary>Gets the database's data source (its file), as the connection string names it.</summary>
    public string DataSource => _dataSource;

    /// <summary>
    /// Creates or migrates the schema now instead of on first use, e.g. at start-up so that a problem shows early.
    /// Calling it again does nothing.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call before it starts.</param>
    /// <returns>A task that completes when the schema is current.</returns>
    /// <exception cref="InvalidOperationException">The database was written by a newer release (its schema is newer than this code's).</exception>
    /// <exception cref="SqliteException">The database cannot be opened or is not a SQLite database.</exception>
    public ValueTask InitializeAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureInitialized();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<AppendResult> AppendAsync(AppendRequest request, CancellationToken cancellationToken = default)
    {
        AppendValidation.ThrowIfInvalid(request);
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        EnsureInitialized();
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            var writer = _writer ??= new SqliteWriter(OpenConnection(_writeConnectionString));
            var usable = false;
            try
            {
                var result = Append(writer, request, cancellationToken, out usable);
                return ValueTask.FromResult(result);
            }
            finally
            {
                if (!usable || writer.Connection.State != ConnectionState.Open)
                {
                    // A rollback failed or the connection broke: the next append starts afresh on a new connection.
                    _writer = null;
                    writer.Dispose();
                }
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<StoredEvent>> LoadAsync(IncidentId incident, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = Rent();
        return ValueTask.FromResult<IReadOnlyList<StoredEvent>>(ReadEvents(lease, null, incident, 1));
    }

    /// <inheritdoc/>
    public ValueTask<IncidentHistory> LoadHistoryAsync(IncidentId incident, CancellationToken cancellationToken = default)
        => LoadHistoryFromAsync(incident, 1, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<IncidentHistory> LoadHistoryFromAsync(IncidentId incident, int fromVersion, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromVersion, 1);
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = Rent();

        // One read transaction: the events and the anchor come from the same snapshot.
        using var transaction = lease.Connection.BeginTransaction(deferred: true);
        var events = ReadEvents(lease, transaction, incident, fromVersion);
        var command = lease.Command("SELECT version, head_hash FROM incidents WHERE id = $id", transaction);
        command.Parameters.AddWithValue("$id", SqliteValues.Id(incident.Value));
        IncidentHead? anchor = null;
        using (var reader = command.ExecuteReader())
        {
            if (reader.Read() && !reader.IsDBNull(1))
            {
                anchor = new IncidentHead(incident, reader.GetInt32(0), SqliteValues.ReadBlob(reader, 1));
            }
        }

        transaction.Commit();
        return ValueTask.FromResult(events.Count == 0 && anchor is null ? IncidentHistory.Empty : new IncidentHistory(events, anchor));
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(long fromSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromSequence);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = Rent();
        using var transaction = lease.Connection.BeginTransaction(deferred: true);
        return ValueTask.FromResult(SqliteLedger.Read(lease.Connection, transaction, fromSequence, maxCount));
    }

    private static List<StoredEvent> ReadEvents(SqliteReader lease, SqliteTransaction? transaction, IncidentId incident, int fromVersion)
    {
        var command = lease.Command(ReadEventsSql, transaction);
        command.Parameters.AddWithValue("$id", SqliteValues.Id(incident.Value));
        command.Parameters.AddWithValue("$from", fromVersion);
        using var reader = command.ExecuteReader();
        var events = new List<StoredEvent>();
        while (reader.Read())
        {
            events.Add(new StoredEvent(
                new IncidentId(SqliteValues.ReadId(reader, 0)),
                reader.GetInt32(1),
                reader.GetString(2),
                reader.GetInt32(3),
                SqliteValues.ReadRequiredInstant(reader, 4),
                SqliteValues.ReadActor(reader, 6, incident, reader.GetInt32(1)),
                SqliteValues.ReadBlob(reader, 7),
                SqliteValues.ReadBlob(reader, 8),
                reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return events;
    }

    /// <inheritdoc/>
    public ValueTask<IncidentId?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(idempotencyKey);
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = Rent();
        var command = lease.Command("SELECT id FROM incidents WHERE idempotency_key = $key");
        command.Parameters.AddWithValue("$key", idempotencyKey);
        using var reader = command.ExecuteReader();
        return ValueTask.FromResult(reader.Read() ? new IncidentId(SqliteValues.ReadId(reader, 0)) : (IncidentId?)null);
    }

    /// <inheritdoc/>
    public ValueTask<IncidentSummaryPage> QueryAsync(IncidentQuery query, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(query);
        if (query.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(query));
        }

        cancellationToken.ThrowIfCancellationRequested();
        using var lease = Rent();
        var parameters = new List<KeyValuePair<string, object>>();
        var where = Where(parameters, query);

        // One read transaction: the count and the page see the same snapshot.
        using var transaction = lease.Connection.BeginTransaction(deferred: true);
        var total = IncidentSummaryPage.NotCounted;
        if (query.CountTotal)
        {
            var count = lease.Command($"SELECT COUNT(*) FROM incidents WHERE {where}", transaction);
            Bind(count, parameters);
            total = Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        // One row more than the page: whether another page follows, without counting.
        var items = new List<IncidentSummary>();
        var hasMore = false;
        if (!query.CountTotal || query.Skip < total)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = lease.Command($"SELECT {SummaryColumns} FROM incidents WHERE {where} ORDER BY reported_at, id LIMIT $take OFFSET $skip", transaction);
            Bind(page, parameters);
            page.Parameters.AddWithValue("$take", query.Take + 1);
            page.Parameters.AddWithValue("$skip", query.Skip);
            using var reader = page.ExecuteReader();
            while (reader.Read())
            {
                if (items.Count == query.Take)
                {
                    hasMore = true;
                    break;
                }

                items.Add(ReadSummary(reader));
            }
        }

        transaction.Commit();
        return ValueTask.FromResult(IncidentSummaryPage.Of(items, total, hasMore));
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<OutboxMessage>> ReadOutboxAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        Guard.Against.NegativeOrZero(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = Rent();
        var connection = lease.Connection;
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {OutboxColumns} FROM outbox WHERE acknowledged_at IS NULL ORDER BY sequence LIMIT $max";
        command.Parameters.AddWithValue("$max", maxCount);
        using var reader = command.ExecuteReader();
        var messages = new List<OutboxMessage>();
        while (reader.Read())
        {
            messages.Add(new OutboxMessage(
                SqliteValues.ReadId(reader, 0),
                new IncidentId(SqliteValues.ReadId(reader, 1)),
                reader.GetString(2),
                reader.GetString(3),
                SqliteValues.ReadBlob(reader, 4),
                SqliteValues.ReadRequiredInstant(reader, 5)));
        }

        return ValueTask.FromResult<IReadOnlyList<OutboxMessage>>(messages);
    }

    /// <inheritdoc/>
    public ValueTask AcknowledgeOutboxAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(messageIds);
        cancellationToken.ThrowIfCancellationRequested();
        if (messageIds.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        using var lease = Rent();
        var connection = lease.Connection;
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE outbox SET acknowledged_at = $now WHERE message_id = $id AND acknowledged_at IS NULL";
        var now = command.Parameters.AddWithValue("$now", _time.GetUtcNow().UtcTicks);
        var id = command.Parameters.Add("$id", SqliteType.Blob);
        foreach (var messageId in messageIds)
        {
            id.Value = SqliteValues.Id(messageId);
            command.ExecuteNonQuery();
        }

        cancellationToken.ThrowIfCancellationRequested();
        transaction.Commit();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<int> PurgeOutboxAsync(DateTimeOffset acknowledgedBefore, int maxCount, CancellationToken cancellationToken = default)
    {
        Guard.Against.NegativeOrZero(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = Rent();
        var connection = lease.Connection;
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;

        // Through the outbox_acknowledged index: pending messages (acknowledged_at NULL) are never candidates.
        command.CommandText = """
            DELETE FROM outbox WHERE sequence IN (
                SELECT sequence FROM outbox
                WHERE acknowledged_at IS NOT NULL AND acknowledged_at < $before
                ORDER BY acknowledged_at, sequence
                LIMIT $max)
            """;
        command.Parameters.AddWithValue("$before", acknowledgedBefore.UtcTicks);
        command.Parameters.AddWithValue("$max", maxCount);
        var purged = command.ExecuteNonQuery();
        cancellationToken.ThrowIfCancellationRequested();
        transaction.Commit();
        return ValueTask.FromResult(purged);
    }

    /// <inheritdoc/>
    public ValueTask<MonitorCheckpoint?> LoadMonitorCheckpointAsync(string key, CancellationToken cancellationToken = default)
    {
        MonitorCheckpoint.ThrowIfInvalidKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = Rent();
        var connection = lease.Connection;
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, saved_at, saved_at_offset, state FROM monitor_checkpoints WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        return ValueTask.FromResult(reader.Read()
            ? new MonitorCheckpoint(key, reader.GetInt64(0), SqliteValues.ReadRequiredInstant(reader, 1), SqliteValues.ReadBlob(reader, 3))
            : null);
    }

    /// <inheritdoc/>
    /// <remarks>One statement: an insert of the first version where there is no row, or an update of the version before it.</remarks>
    public ValueTask<bool> SaveMonitorCheckpointAsync(MonitorCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        MonitorCheckpoint.ThrowIfInvalid(checkpoint);
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = Rent();
        var connection = lease.Connection;
        using var command = connection.CreateCommand();
        command.CommandText = checkpoint.Version == 1
            ? "INSERT INTO monitor_checkpoints (key, version, saved_at, saved_at_offset, state) VALUES ($key, $version, $savedAt, $savedAt_offset, $state) ON CONFLICT (key) DO NOTHING"
            : "UPDATE monitor_checkpoints SET version = $version, saved_at = $savedAt, saved_at_offset = $savedAt_offset, state = $state WHERE key = $key AND version = $version - 1";
        command.Parameters.AddWithValue("$key", checkpoint.Key);
        command.Parameters.AddWithValue("$version", checkpoint.Version);
        SqliteValues.AddInstant(command, "$savedAt", checkpoint.SavedAt);
        command.Parameters.Add("$state", SqliteType.Blob).Value = checkpoint.State.ToArray();
        return ValueTask.FromResult(command.ExecuteNonQuery() == 1);
    }

    /// <summary>
    /// Closes the store's write connection (after an append in progress) and releases its pooled connections, and so its
    /// hold on the database file. Operations after it throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            lock (_writeGate)
            {
                _writer?.Dispose();
                _writer = null;
            }

            _readers.Dispose();

            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }
    }

    /// <inheritdoc cref="Dispose"/>
    /// <returns>A task that completes when disposed.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static void Bind(SqliteCommand command, List<KeyValuePair<string, object>> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
    }

    private static string Where(List<KeyValuePair<string, object>> parameters, IncidentQuery query)
    {
        // Translates IncidentQuery.Matches: filters combine with AND, values within one filter with OR (IN);
        // an empty set matches nothing, a NULL level matches no level filter, instants compare as UTC ticks.
        var where = new StringBuilder("1 = 1");
        AddIn(where, parameters, "state", query.States?.Select(s => (object)(long)s));
        AddIn(where, parameters, "level", query.Levels?.Select(l => (object)(long)l));
        AddIn(where, parameters, "category", query.Categories?.Select(c => (object)c.Value));
        AddIn(where, parameters, "channel", query.Channels?.Select(c => (object)(long)c));
        if (query.ReportedFrom is { } from)
        {
            where.Append(" AND reported_at >= $reportedFrom");
            parameters.Add(new("$reportedFrom", from.UtcTicks));
        }

        if (query.ReportedBefore is { } before)
        {
            where.Append(" AND reported_at < $reportedBefore");
            parameters.Add(new("$reportedBefore", before.UtcTicks));
        }

        if (query.OverdueAt is { } overdue)
        {
            where.Append(" AND next_due_at IS NOT NULL AND next_due_at < $overdueAt");
            parameters.Add(new("$overdueAt", overdue.UtcTicks));
        }

        if (query.After is { } after)
        {
            // Keyset paging: (reported_at, id) > cursor, the ORDER BY's own order (UTC ticks, then big-endian id bytes,
            // memcmp); a row value, so that the (…, reported_at, id) indexes bound the scan.
            where.Append(" AND (reported_at, id) > ($afterAt, $afterId)");
            parameters.Add(new("$afterAt", after.ReportedAt.UtcTicks));
            parameters.Add(new("$afterId", SqliteValues.Id(after.Id.Value)));
        }

        if (query.ByPetitioner is { } keys)
        {
            // Through the pseudonym index (petitioner_keys, schema version 6): any of the petitioner's pseudonyms.
            var names = new List<string>();
            foreach (var key in keys.Distinct(StringComparer.Ordinal))
            {
                var name = $"$petitioner{names.Count}";
                names.Add(name);
                parameters.Add(new(name, key));
            }

            where.Append(names.Count == 0 ? " AND 0 = 1" : $" AND id IN (SELECT incident_id FROM petitioner_keys WHERE petitioner_key IN ({string.Join(", ", names)}))");
        }

        return where.ToString();
    }

    private static void AddIn(StringBuilder where, List<KeyValuePair<string, object>> parameters, string column, IEnumerable<object>? values)
    {
        if (values is null)
        {
            return;
        }

        var names = new List<string>();
        foreach (var value in values.Distinct())
        {
            var name = $"${column}{names.Count}";
            names.Add(name);
            parameters.Add(new(name, value));
        }

        where.Append(names.Count == 0 ? " AND 0 = 1" : $" AND {column} IN ({string.Join(", ", names)})");
    }

    // A summary's category as stored; one that breaks the rules is reported without being quoted (it may be anything).
    private static RiskCategory Category(string value)
        => value.Length == 0 ? default
        : IdentifierRules.Explain(value) is null ? new RiskCategory(value)
        : throw new InvalidDataException("A stored incident summary's category is not a valid risk category (the value is not quoted).");

    private static IncidentSummary ReadSummary(SqliteDataReader reader)
        => new(
            new IncidentId(SqliteValues.ReadId(reader, 0)),
            (IncidentKind)reader.GetInt32(2),
            (IntakeChannel)reader.GetInt32(3),
            Category(reader.GetString(4)),
            (IncidentState)reader.GetInt32(5),
            reader.IsDBNull(6) ? null : (SeverityLevel)reader.GetInt32(6),
            SqliteValues.ReadRequiredInstant(reader, 7),
            SqliteValues.ReadRequiredInstant(reader, 9),
            SqliteValues.ReadInstant(reader, 11),
            reader.GetInt32(1),
            SqliteValues.ReadInstant(reader, 13),
            SqliteValues.ReadInstant(reader, 15),
            SqliteValues.ReadInstant(reader, 17),
            SqliteValues.ReadInstant(reader, 19),
            reader.GetInt32(21),
            reader.IsDBNull(22) ? null : reader.GetString(22));

    /// <summary>
    /// One append on the write connection, in one transaction: the checks, then the writes, then the commit. A conflict or
    /// a duplicate intake rolls back; so does an exception (a cancellation, a failure), which is then rethrown.
    /// </summary>
    /// <param name="writer">The write connection.</param>
    /// <param name="request">The validated request.</param>
    /// <param name="cancellationToken">Checked between statements.</param>
    /// <param name="usable">Whether the write connection can be used again (<see langword="false"/> when a failure left it in doubt).</param>
    /// <returns>The result.</returns>
    private AppendResult Append(SqliteWriter writer, AppendRequest request, CancellationToken cancellationToken, out bool usable)
    {
        usable = true;

        // BEGIN IMMEDIATE: the write lock is taken before the checks, so nothing can change between check and write.
        // If it cannot be had (a busy database), nothing was started and the connection stays as it was.
        var transaction = writer.Begin();
        try
        {
            var result = Check(writer, request, out var writes) ?? Write(writer, request, writes, cancellationToken);
            if (ReferenceEquals(result, AppendResult.Appended))
            {
                transaction.Commit();
            }
            else
            {
                transaction.Rollback();
            }

            return result;
        }
        catch
        {
            usable = TryRollBack(transaction) && writer.Connection.State == ConnectionState.Open;
            throw;
        }
        finally
        {
            transaction.Dispose();
        }
    }

    /// <summary>Checks every incident's version and idempotency key, and notes how each summary is to be written.</summary>
    /// <param name="writer">The write connection, in its transaction.</param>
    /// <param name="request">The request.</param>
    /// <param name="writes">How each incident's summary is to be written, in request order.</param>
    /// <returns>The refusal, or <see langword="null"/> when everything may be written.</returns>
    private static AppendResult? Check(SqliteWriter writer, AppendRequest request, out SummaryWrite[] writes)
    {
        writes = new SummaryWrite[request.Incidents.Count];
        for (var i = 0; i < request.Incidents.Count; i++)
        {
            var append = request.Incidents[i];
            var (current, write) = writer.ReadCurrent(append.Summary);
            if (current != append.ExpectedVersion)
            {
                return AppendResult.Conflict(append.IncidentId, current);
            }

            if (append.IdempotencyKey is { } key && writer.FindByIdempotencyKey(key) is { } known)
            {
                return AppendResult.DuplicateIntake(known);
            }

            writes[i] = write;
        }

        return null;
    }

    private AppendResult Write(SqliteWriter writer, AppendRequest request, SummaryWrite[] writes, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // The ledger entry that anchors the incidents' new heads, chained to the entry before it; the append's last event
        // row carries it (so it is read before any of this append's rows exist).
        var entry = writer.NextLedgerEntry(request);
        for (var i = 0; i < request.Incidents.Count; i++)
        {
            // The summary first: the events reference their incident's row.
            var append = request.Incidents[i];
            writer.WriteSummary(append, writes[i]);
            var carrier = i == request.Incidents.Count - 1 ? append.Events.Count - 1 : -1;
            for (var j = 0; j < append.Events.Count; j++)
            {
                var e = append.Events[j];
                writer.InsertEvent(e, j == carrier ? entry : null);
                OnStaged?.Invoke(e);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        foreach (var message in request.Outbox)
        {
            writer.InsertOutboxMessage(message);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return AppendResult.Appended;
    }

    private static bool TryRollBack(SqliteTransaction transaction)
    {
        try
        {
            transaction.Rollback();
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // The transaction is over already (a failed COMMIT may have ended it) or the connection is closed.
            return false;
        }
    }

    // A read connection of the store's own pool, open, with its settings (after the schema check).
    private SqliteReader Rent()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        EnsureInitialized();
        return _readers.Rent();
    }

    /// <summary>Opens a connection with the store's per-connection settings (no schema check: <see cref="Rent"/> does that).</summary>
    /// <returns>The open connection.</returns>
    internal SqliteConnection OpenConnection() => OpenConnection(_connectionString);

    private SqliteConnection OpenConnection(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var setup = connection.CreateCommand();
            setup.CommandText = _connectionSetup;
            setup.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void EnsureInitialized()
    {
        if (_initialized)
        {
            return;
        }

        lock (_initializationGate)
        {
            if (_initialized)
            {
                return;
            }

            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (!_dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && Path.GetDirectoryName(Path.GetFullPath(_dataSource)) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }

            using var connection = OpenConnection();
            using (var journal = connection.CreateCommand())
            {
                // WAL is a property of the file: set once, it stays. It needs no transaction and briefly an exclusive lock.
                journal.CommandText = "PRAGMA journal_mode = WAL";
                var mode = journal.ExecuteScalar() as string;
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"The database '{_dataSource}' could not be switched to WAL mode (it reports '{mode}'); the store needs a local file system that supports it.");
                }
            }

            SqliteSchema.Migrate(connection, _migrations, _time);
            _initialized = true;
        }
    }
}
