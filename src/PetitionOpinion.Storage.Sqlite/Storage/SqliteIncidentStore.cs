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
/// Thread-safe, and safe with several processes on one file: each operation opens its own (pooled) connection, appends take
/// the write lock up front (<c>BEGIN IMMEDIATE</c>) and check expected versions and idempotency keys inside the
/// transaction, and a busy database is waited for up to <see cref="SqliteStoreOptions.BusyTimeout"/>. Microsoft.Data.Sqlite
/// has no truly asynchronous I/O, so the operations complete synchronously; they honour the token between statements.
/// </para>
/// </remarks>
public sealed class SqliteIncidentStore : IIncidentStore, IDisposable, IAsyncDisposable
{
    private const string EventColumns = "incident_id, version, event_type, schema_version, occurred_at, occurred_at_offset, actor, payload, hash";
    private const string SummaryColumns = "id, version, kind, channel, category, state, level, reported_at, reported_at_offset, updated_at, updated_at_offset, next_due_at, next_due_at_offset";
    private const string OutboxColumns = "message_id, incident_id, kind, deduplication_key, payload, created_at, created_at_offset";

    private readonly string _connectionString;
    private readonly string _connectionSetup;
    private readonly string _dataSource;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<SqliteMigration> _migrations;
    private readonly Lock _initializationGate = new();
    private volatile bool _initialized;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="SqliteIncidentStore"/> class, with the system clock.</summary>
    /// <param name="options">Where the database is (<see cref="SqliteStoreOptions.ForFile"/>).</param>
    /// <exception cref="ArgumentException">The options do not name a usable database file.</exception>
    public SqliteIncidentStore(SqliteStoreOptions options)
        : this(options, TimeProvider.System)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SqliteIncidentStore"/> class. Nothing is opened until first use.</summary>
    /// <param name="options">Where the database is (<see cref="SqliteStoreOptions.ForFile"/>).</param>
    /// <param name="timeProvider">The clock, for when outbox messages are acknowledged and migrations applied.</param>
    /// <exception cref="ArgumentException">The options do not name a usable database file.</exception>
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

        var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
        _dataSource = builder.DataSource;
        _connectionString = builder.ToString();

        // Per-connection settings, applied to every connection the store opens (a pooled connection keeps them; re-applying is cheap).
        // synchronous=FULL: in WAL mode NORMAL may lose the last commits on power loss; an audit trail must not.
        _connectionSetup = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(int)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
    }

    /// <summary>Gets or sets a hook called inside the append transaction after each event row is written (tests inject failures with it).</summary>
    internal Action<StoredEvent>? OnStaged { get; set; }

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
    public ValueTask InitializeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureInitialized();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<AppendResult> AppendAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        AppendValidation.ThrowIfInvalid(request);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();

        // BEGIN IMMEDIATE: the write lock is taken before the checks, so nothing can change between check and write.
        // Leaving without Commit (a conflict, an exception, a cancellation) rolls everything back.
        using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var append in request.Incidents)
        {
            var current = CurrentVersion(connection, transaction, append.IncidentId);
            if (current != append.ExpectedVersion)
            {
                return ValueTask.FromResult(AppendResult.Conflict(append.IncidentId, current));
            }

            if (append.IdempotencyKey is { } key && FindByIdempotencyKey(connection, transaction, key) is { } known)
            {
                return ValueTask.FromResult(AppendResult.DuplicateIntake(known));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        using (var summary = CreateSummaryUpsert(connection, transaction))
        using (var insertEvent = CreateEventInsert(connection, transaction))
        {
            foreach (var append in request.Incidents)
            {
                // The summary first: the events reference their incident's row.
                BindSummary(summary, append);
                summary.ExecuteNonQuery();
                foreach (var e in append.Events)
                {
                    BindEvent(insertEvent, e);
                    insertEvent.ExecuteNonQuery();
                    OnStaged?.Invoke(e);
                }

                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        if (request.Outbox.Count > 0)
        {
            using var insertMessage = CreateOutboxInsert(connection, transaction);
            foreach (var message in request.Outbox)
            {
                BindOutboxMessage(insertMessage, message);
                insertMessage.ExecuteNonQuery();
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        transaction.Commit();
        return ValueTask.FromResult(AppendResult.Appended);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<StoredEvent>> LoadAsync(IncidentId incident, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {EventColumns} FROM events WHERE incident_id = $id ORDER BY version";
        command.Parameters.AddWithValue("$id", SqliteValues.Id(incident.Value));
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
                new PersonId(reader.GetString(6)),
                SqliteValues.ReadBlob(reader, 7),
                SqliteValues.ReadBlob(reader, 8)));
        }

        return ValueTask.FromResult<IReadOnlyList<StoredEvent>>(events);
    }

    /// <inheritdoc/>
    public ValueTask<IncidentId?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        Guard.Against.Null(idempotencyKey);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        return ValueTask.FromResult(FindByIdempotencyKey(connection, null, idempotencyKey));
    }

    /// <inheritdoc/>
    public ValueTask<IncidentSummaryPage> QueryAsync(IncidentQuery query, CancellationToken cancellationToken)
    {
        Guard.Against.Null(query);
        if (query.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(query));
        }

        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();

        // One read transaction: the count and the page see the same snapshot.
        using var transaction = connection.BeginTransaction(deferred: true);
        using var count = connection.CreateCommand();
        count.Transaction = transaction;
        var where = Where(count, query);
        count.CommandText = $"SELECT COUNT(*) FROM incidents WHERE {where}";
        var total = Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);

        var items = new List<IncidentSummary>();
        if (query.Skip < total)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var page = connection.CreateCommand();
            page.Transaction = transaction;
            where = Where(page, query);
            page.CommandText = $"SELECT {SummaryColumns} FROM incidents WHERE {where} ORDER BY reported_at, id LIMIT $take OFFSET $skip";
            page.Parameters.AddWithValue("$take", query.Take);
            page.Parameters.AddWithValue("$skip", query.Skip);
            using var reader = page.ExecuteReader();
            while (reader.Read())
            {
                items.Add(ReadSummary(reader));
            }
        }

        transaction.Commit();
        return ValueTask.FromResult(new IncidentSummaryPage(items, total));
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<OutboxMessage>> ReadOutboxAsync(int maxCount, CancellationToken cancellationToken)
    {
        Guard.Against.NegativeOrZero(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
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
    public ValueTask AcknowledgeOutboxAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken)
    {
        Guard.Against.Null(messageIds);
        cancellationToken.ThrowIfCancellationRequested();
        if (messageIds.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        using var connection = Open();
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

    /// <summary>Releases the store's pooled connections (and so its hold on the database file). Operations after it throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
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

    private static string Where(SqliteCommand command, IncidentQuery query)
    {
        // Translates IncidentQuery.Matches: filters combine with AND, values within one filter with OR (IN);
        // an empty set matches nothing, a NULL level matches no level filter, instants compare as UTC ticks.
        var where = new StringBuilder("1 = 1");
        AddIn(where, command, "state", query.States?.Select(s => (object)(long)s));
        AddIn(where, command, "level", query.Levels?.Select(l => (object)(long)l));
        AddIn(where, command, "category", query.Categories?.Select(c => (object)c.Value));
        AddIn(where, command, "channel", query.Channels?.Select(c => (object)(long)c));
        if (query.ReportedFrom is { } from)
        {
            where.Append(" AND reported_at >= $reportedFrom");
            command.Parameters.AddWithValue("$reportedFrom", from.UtcTicks);
        }

        if (query.ReportedBefore is { } before)
        {
            where.Append(" AND reported_at < $reportedBefore");
            command.Parameters.AddWithValue("$reportedBefore", before.UtcTicks);
        }

        if (query.OverdueAt is { } overdue)
        {
            where.Append(" AND next_due_at IS NOT NULL AND next_due_at < $overdueAt");
            command.Parameters.AddWithValue("$overdueAt", overdue.UtcTicks);
        }

        return where.ToString();
    }

    private static void AddIn(StringBuilder where, SqliteCommand command, string column, IEnumerable<object>? values)
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
            command.Parameters.AddWithValue(name, value);
        }

        where.Append(names.Count == 0 ? " AND 0 = 1" : $" AND {column} IN ({string.Join(", ", names)})");
    }

    private static IncidentSummary ReadSummary(SqliteDataReader reader)
        => new(
            new IncidentId(SqliteValues.ReadId(reader, 0)),
            (IncidentKind)reader.GetInt32(2),
            (IntakeChannel)reader.GetInt32(3),
            reader.GetString(4) is { Length: > 0 } category ? new RiskCategory(category) : default,
            (IncidentState)reader.GetInt32(5),
            reader.IsDBNull(6) ? null : (SeverityLevel)reader.GetInt32(6),
            SqliteValues.ReadRequiredInstant(reader, 7),
            SqliteValues.ReadRequiredInstant(reader, 9),
            SqliteValues.ReadInstant(reader, 11),
            reader.GetInt32(1));

    private static int CurrentVersion(SqliteConnection connection, SqliteTransaction transaction, IncidentId incident)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM incidents WHERE id = $id";
        command.Parameters.AddWithValue("$id", SqliteValues.Id(incident.Value));
        return command.ExecuteScalar() is { } version ? Convert.ToInt32(version, CultureInfo.InvariantCulture) : 0;
    }

    private static IncidentId? FindByIdempotencyKey(SqliteConnection connection, SqliteTransaction? transaction, string key)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id FROM incidents WHERE idempotency_key = $key";
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new IncidentId(SqliteValues.ReadId(reader, 0)) : null;
    }

    private static SqliteCommand CreateSummaryUpsert(SqliteConnection connection, SqliteTransaction transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;

        // The idempotency key is written with the incident's first row and never changed afterwards.
        command.CommandText = $"""
            INSERT INTO incidents ({SummaryColumns}, idempotency_key)
            VALUES ($id, $version, $kind, $channel, $category, $state, $level, $reportedAt, $reportedAt_offset, $updatedAt, $updatedAt_offset, $nextDueAt, $nextDueAt_offset, $idempotencyKey)
            ON CONFLICT (id) DO UPDATE SET
                version = excluded.version, kind = excluded.kind, channel = excluded.channel, category = excluded.category,
                state = excluded.state, level = excluded.level, reported_at = excluded.reported_at, reported_at_offset = excluded.reported_at_offset,
                updated_at = excluded.updated_at, updated_at_offset = excluded.updated_at_offset,
                next_due_at = excluded.next_due_at, next_due_at_offset = excluded.next_due_at_offset
            """;
        return command;
    }

    private static void BindSummary(SqliteCommand command, IncidentAppend append)
    {
        var s = append.Summary;
        command.Parameters.Clear();
        command.Parameters.AddWithValue("$id", SqliteValues.Id(s.Id.Value));
        command.Parameters.AddWithValue("$version", s.Version);
        command.Parameters.AddWithValue("$kind", (long)s.Kind);
        command.Parameters.AddWithValue("$channel", (long)s.Channel);
        command.Parameters.AddWithValue("$category", s.Category.Value);
        command.Parameters.AddWithValue("$state", (long)s.State);
        command.Parameters.AddWithValue("$level", s.Level is { } level ? (long)level : (object)DBNull.Value);
        SqliteValues.AddInstant(command, "$reportedAt", s.ReportedAt);
        SqliteValues.AddInstant(command, "$updatedAt", s.UpdatedAt);
        SqliteValues.AddInstant(command, "$nextDueAt", s.NextDueAt);
        command.Parameters.AddWithValue("$idempotencyKey", (object?)append.IdempotencyKey ?? DBNull.Value);
    }

    private static SqliteCommand CreateEventInsert(SqliteConnection connection, SqliteTransaction transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO events ({EventColumns}) VALUES ($incidentId, $version, $eventType, $schemaVersion, $occurredAt, $occurredAt_offset, $actor, $payload, $hash)";
        return command;
    }

    private static void BindEvent(SqliteCommand command, StoredEvent e)
    {
        command.Parameters.Clear();
        command.Parameters.AddWithValue("$incidentId", SqliteValues.Id(e.IncidentId.Value));
        command.Parameters.AddWithValue("$version", e.Version);
        command.Parameters.AddWithValue("$eventType", e.EventType);
        command.Parameters.AddWithValue("$schemaVersion", e.SchemaVersion);
        SqliteValues.AddInstant(command, "$occurredAt", e.OccurredAt);
        command.Parameters.AddWithValue("$actor", e.Actor.Value);
        command.Parameters.AddWithValue("$payload", SqliteValues.Blob(e.Payload));
        command.Parameters.AddWithValue("$hash", SqliteValues.Blob(e.Hash));
    }

    private static SqliteCommand CreateOutboxInsert(SqliteConnection connection, SqliteTransaction transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO outbox ({OutboxColumns}) VALUES ($messageId, $incidentId, $kind, $deduplicationKey, $payload, $createdAt, $createdAt_offset)";
        return command;
    }

    private static void BindOutboxMessage(SqliteCommand command, OutboxMessage message)
    {
        command.Parameters.Clear();
        command.Parameters.AddWithValue("$messageId", SqliteValues.Id(message.Id));
        command.Parameters.AddWithValue("$incidentId", SqliteValues.Id(message.IncidentId.Value));
        command.Parameters.AddWithValue("$kind", message.Kind);
        command.Parameters.AddWithValue("$deduplicationKey", message.DeduplicationKey);
        command.Parameters.AddWithValue("$payload", SqliteValues.Blob(message.Payload));
        SqliteValues.AddInstant(command, "$createdAt", message.CreatedAt);
    }

    private SqliteConnection Open()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        EnsureInitialized();
        return OpenConnection();
    }

    /// <summary>Opens a connection with the store's per-connection settings (no schema check: <see cref="Open"/> does that).</summary>
    /// <returns>The open connection.</returns>
    internal SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
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
