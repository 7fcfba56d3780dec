using System.Text;
using Ardalis.GuardClauses;
using Npgsql;
using NpgsqlTypes;
using PetitionOpinion.Incidents;
using static PetitionOpinion.Storage.PostgreSqlValues;

namespace PetitionOpinion.Storage;

/// <summary>
/// An <see cref="IIncidentStore"/> in a PostgreSQL database (Npgsql), for applications that run on several instances:
/// it is also an <see cref="ISharedOutbox"/> (the instances' dispatchers claim outbox messages without delivering one
/// twice in the normal case) and an <see cref="ILeaseStore"/> (work that runs on one instance at a time).
/// </summary>
/// <remarks>
/// <para>
/// The events are append-only rows (triggers refuse UPDATE, DELETE and TRUNCATE); the incidents' summaries, the outbox
/// and the leases live beside them, in one schema (<see cref="PostgreSqlStoreOptions.Schema"/>). The schema is created,
/// or migrated, on first use (or by <see cref="InitializeAsync"/>), in a transaction that holds an advisory lock, so that
/// instances starting at once are safe; with <see cref="PostgreSqlStoreOptions.AutoMigrate"/> off, a DBA creates it with
/// <see cref="SchemaScript"/> (the package's <c>schema.sql</c>) and the store only checks its version. A schema written by
/// a newer release is refused.
/// </para>
/// <para>
/// Every append is one round trip: the summaries' writes, the events and the outbox messages are sent as one batch, which
/// PostgreSQL runs as one transaction. Optimistic concurrency is enforced by the database: an incident's summary row is
/// locked and its version checked by the update itself, the events' primary key (incident, version) refuses a version
/// twice, and the idempotency keys are a UNIQUE column. A refused append (a conflict, a duplicate intake, a deadlock) is
/// rolled back whole, and the store then reads where the request's incidents and keys stand to return
/// <see cref="AppendStatus.Conflict"/> or <see cref="AppendStatus.DuplicateIntake"/>, or tries again when the refusal
/// was a transient one. Incidents of one request are written in the order of their ids, so that two merges cannot
/// deadlock on each other.
/// </para>
/// <para>
/// Thread-safe; every operation takes a connection from the data source's pool for its duration. Times of claims and
/// leases are the callers', never the database server's.
/// </para>
/// </remarks>
public sealed partial class PostgreSqlIncidentStore : IIncidentStore, ISharedOutbox, ILeaseStore, IDisposable, IAsyncDisposable
{
    /// <summary>How many times an append refused for a transient reason (a deadlock, a serialization failure) is tried in all.</summary>
    private const int MaxAppendAttempts = 5;

    /// <summary>The longest wait before the first retry after a transient refusal: 10 ms, doubled for each later one.</summary>
    internal static readonly TimeSpan RetryBaseDelay = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest wait before any retry: 200 ms.</summary>
    internal static readonly TimeSpan RetryMaxDelay = TimeSpan.FromMilliseconds(200);

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly bool _autoMigrate;
    private readonly bool _prepare;
    private readonly int _timeout;
    private readonly string _where;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<PostgreSqlMigration> _migrations;
    private readonly PostgreSqlStatements _sql;
    private readonly SemaphoreSlim _initializationGate = new(1, 1);
    private volatile bool _initialized;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlIncidentStore"/> class on a connection string, with the system clock.</summary>
    /// <param name="options">The connection string, the schema and the rest.</param>
    /// <exception cref="ArgumentException">The options are not usable (the message says why, never quoting the connection string).</exception>
    public PostgreSqlIncidentStore(PostgreSqlStoreOptions options)
        : this(options, TimeProvider.System)
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="PostgreSqlIncidentStore"/> class on a connection string: the store creates
    /// its own <see cref="NpgsqlDataSource"/> (and pool) and disposes it with itself. Nothing is opened until first use.
    /// </summary>
    /// <param name="options">The connection string, the schema and the rest.</param>
    /// <param name="timeProvider">The clock, for when outbox messages are acknowledged.</param>
    /// <exception cref="ArgumentException">The options are not usable (the message says why, never quoting the connection string).</exception>
    public PostgreSqlIncidentStore(PostgreSqlStoreOptions options, TimeProvider timeProvider)
        : this(null, options, timeProvider, PostgreSqlSchema.Migrations)
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="PostgreSqlIncidentStore"/> class on a data source the application owns
    /// (e.g. one registered with <c>AddNpgsqlDataSource</c>): the store uses its pool and never disposes it;
    /// <see cref="PostgreSqlStoreOptions.ConnectionString"/> is ignored. Nothing is opened until first use.
    /// </summary>
    /// <param name="dataSource">The data source.</param>
    /// <param name="options">The schema and the rest.</param>
    /// <param name="timeProvider">The clock, for when outbox messages are acknowledged.</param>
    /// <exception cref="ArgumentException">The options are not usable.</exception>
    public PostgreSqlIncidentStore(NpgsqlDataSource dataSource, PostgreSqlStoreOptions options, TimeProvider timeProvider)
        : this(Guard.Against.Null(dataSource), options, timeProvider, PostgreSqlSchema.Migrations)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlIncidentStore"/> class with given migrations (tests of the migration runner).</summary>
    /// <param name="dataSource">The data source, or <see langword="null"/> to create one from the options' connection string.</param>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="migrations">The migrations.</param>
    internal PostgreSqlIncidentStore(NpgsqlDataSource? dataSource, PostgreSqlStoreOptions options, TimeProvider timeProvider, IReadOnlyList<PostgreSqlMigration> migrations)
    {
        Guard.Against.Null(options);
        _time = Guard.Against.Null(timeProvider);
        _migrations = Guard.Against.Null(migrations);
        if (options.Problem(connectionStringRequired: dataSource is null) is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        _ownsDataSource = dataSource is null;
        _dataSource = dataSource ?? NpgsqlDataSource.Create(options.ConnectionString);
        Schema = options.Schema;
        _autoMigrate = options.AutoMigrate;
        _timeout = options.CommandTimeoutSeconds;
        _sql = new PostgreSqlStatements(Schema);

        // The data source's connection string has no password (Npgsql drops it unless told to persist it); only where the
        // database is goes into messages anyway.
        var where = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString);
        _where = $"database '{where.Database}' on {where.Host}:{where.Port}";

        // Multiplexing shares connections between commands, and explicit preparation is not supported there.
        _prepare = options.PrepareStatements && !where.Multiplexing;
    }

    /// <summary>
    /// Gets or sets a hook called as each event's insert is added to an append's batch; SQL it returns is added to the batch
    /// right after that insert (tests make the server fail there, inside the append's transaction).
    /// </summary>
    internal Func<StoredEvent, string?>? OnStaged { get; set; }

    /// <summary>Gets the data source the store uses.</summary>
    internal NpgsqlDataSource DataSource => _dataSource;

    /// <summary>Gets the PostgreSQL schema that holds the store's tables (<see cref="PostgreSqlStoreOptions.Schema"/>).</summary>
    public string Schema { get; }

    /// <summary>
    /// Returns the SQL script that creates the store's schema at the current version, for DBAs who create it themselves
    /// (then set <see cref="PostgreSqlStoreOptions.AutoMigrate"/> to <see langword="false"/>): the statements the store
    /// itself runs on first use, in one transaction, with the grants the application's role needs in its header. The
    /// package's <c>schema.sql</c> is this script for the default schema.
    /// </summary>
    /// <param name="schema">The schema's name (see <see cref="PostgreSqlStoreOptions.Schema"/>).</param>
    /// <returns>The script.</returns>
    /// <exception cref="ArgumentException"><paramref name="schema"/> is not a valid schema name.</exception>
    public static string SchemaScript(string schema)
    {
        if (PostgreSqlStoreOptions.SchemaProblem(schema) is { } problem)
        {
            throw new ArgumentException(problem, nameof(schema));
        }

        return PostgreSqlSchema.Script(schema, PostgreSqlSchema.Migrations);
    }

    /// <summary>
    /// Creates or migrates the schema now (or, with <see cref="PostgreSqlStoreOptions.AutoMigrate"/> off, checks it)
    /// instead of on first use, e.g. at start-up so that a problem shows early. Calling it again does nothing.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the schema is current.</returns>
    /// <exception cref="InvalidOperationException">The schema is missing or older and the store may not migrate it, or it was written by a newer release.</exception>
    /// <exception cref="NpgsqlException">The database cannot be reached, or refused the migration (e.g. the role may not create the schema).</exception>
    public async ValueTask InitializeAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<StoredEvent>> LoadAsync(IncidentId incident, CancellationToken cancellationToken = default)
        => (await ReadHistoryAsync(incident, anchor: false, 1, cancellationToken).ConfigureAwait(false)).Events;

    /// <inheritdoc/>
    public async ValueTask<IncidentHistory> LoadHistoryAsync(IncidentId incident, CancellationToken cancellationToken = default)
        => await ReadHistoryAsync(incident, anchor: true, 1, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask<IncidentHistory> LoadHistoryFromAsync(IncidentId incident, int fromVersion, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromVersion, 1);
        return await ReadHistoryAsync(incident, anchor: true, fromVersion, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(long fromSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromSequence);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var entries = new List<(long Sequence, string? KeyId, byte[] Hash)>();
            var command = await CommandAsync(connection, _sql.ReadLedger, cancellationToken, Bigint(fromSequence), Integer(maxCount)).ConfigureAwait(false);
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        entries.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetFieldValue<byte[]>(2)));
                    }
                }
            }

            if (entries.Count == 0)
            {
                return [];
            }

            var heads = new Dictionary<long, List<IncidentHead>>();
            var read = await CommandAsync(connection, _sql.ReadLedgerHeads, cancellationToken, Bigint(entries[0].Sequence), Bigint(entries[^1].Sequence)).ConfigureAwait(false);
            await using (read.ConfigureAwait(false))
            {
                var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var sequence = reader.GetInt64(0);
                        if (!heads.TryGetValue(sequence, out var list))
                        {
                            heads[sequence] = list = [];
                        }

                        list.Add(new IncidentHead(new IncidentId(reader.GetGuid(1)), reader.GetInt32(2), reader.GetFieldValue<byte[]>(3)));
                    }
                }
            }

            return [.. entries.Select(e => new LedgerEntry(e.Sequence, heads.TryGetValue(e.Sequence, out var h) ? h : [], e.KeyId, e.Hash))];
        }
    }

    /// <summary>Reads the heads of one ledger entry, ordered by incident id.</summary>
    private async Task<IReadOnlyList<IncidentHead>> ReadHeadsAsync(NpgsqlConnection connection, long sequence, CancellationToken cancellationToken)
    {
        var heads = new List<IncidentHead>();
        var command = await CommandAsync(connection, _sql.ReadLedgerHeads, cancellationToken, Bigint(sequence), Bigint(sequence)).ConfigureAwait(false);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    heads.Add(new IncidentHead(new IncidentId(reader.GetGuid(1)), reader.GetInt32(2), reader.GetFieldValue<byte[]>(3)));
                }
            }
        }

        return heads;
    }

    /// <summary>
    /// Reads an incident's events and, when asked, its anchor, in one round trip; with the anchor, in one REPEATABLE READ
    /// transaction, so that both come from one snapshot.
    /// </summary>
    private async Task<IncidentHistory> ReadHistoryAsync(IncidentId incident, bool anchor, int fromVersion, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var batch = new NpgsqlBatch(connection) { Timeout = _timeout };
            await using (batch.ConfigureAwait(false))
            {
                if (anchor)
                {
                    batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
                }

                batch.BatchCommands.Add(fromVersion == 1 ? Command(_sql.LoadEvents, Uuid(incident.Value)) : Command(_sql.LoadEventsFrom, Uuid(incident.Value), Integer(fromVersion)));
                if (anchor)
                {
                    batch.BatchCommands.Add(Command(_sql.ReadAnchor, Uuid(incident.Value)));
                    batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
                }

                if (_prepare)
                {
                    await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
                }

                var events = new List<StoredEvent>();
                IncidentHead? head = null;
                var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (reader.FieldCount == 0 && await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
                    {
                    }

                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var version = reader.GetInt32(0);
                        events.Add(new StoredEvent(
                            incident,
                            version,
                            reader.GetString(1),
                            reader.GetInt32(2),
                            ReadRequiredInstant(reader, 3),
                            ReadActor(reader, 5, incident, version),
                            reader.GetFieldValue<byte[]>(6),
                            reader.GetFieldValue<byte[]>(7),
                            reader.IsDBNull(8) ? null : reader.GetString(8)));
                    }

                    if (anchor && await reader.NextResultAsync(cancellationToken).ConfigureAwait(false) && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        head = new IncidentHead(incident, reader.GetInt32(0), reader.GetFieldValue<byte[]>(1));
                    }
                }

                return events.Count == 0 && head is null ? IncidentHistory.Empty : new IncidentHistory(events, head);
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask<IncidentId?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(idempotencyKey);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = await CommandAsync(connection, _sql.FindByIdempotencyKey, cancellationToken, Bytea(KeyBytes(idempotencyKey))).ConfigureAwait(false);
            await using (command.ConfigureAwait(false))
            {
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is Guid id ? new IncidentId(id) : null;
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask<IncidentSummaryPage> QueryAsync(IncidentQuery query, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(query);
        if (query.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(query));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One statement, so that the count and the page see the same snapshot; the lateral page always comes with the
            // count row, even when it is empty (a page past the end). Uncounted, the page alone. Either reads one row more
            // than the page: whether another page follows.
            var parameters = new List<NpgsqlParameter>();
            var filter = Filter(query, parameters);
            parameters.Add(Integer(query.Take + 1));
            var take = parameters.Count;
            parameters.Add(Integer(query.Skip));
            var skip = parameters.Count;
            var sql = query.CountTotal
                ? $"""
                    SELECT t.total, p.* FROM (SELECT count(*) AS total FROM {_sql.Schema}.incidents WHERE {filter}) AS t
                    LEFT JOIN LATERAL (
                        SELECT {PostgreSqlStatements.SummaryColumns} FROM {_sql.Schema}.incidents WHERE {filter}
                        ORDER BY reported_at, id LIMIT ${take} OFFSET ${skip}
                    ) AS p ON TRUE
                    ORDER BY p.reported_at, p.id
                    """
                : $"""
                    SELECT NULL::bigint AS total, {PostgreSqlStatements.SummaryColumns} FROM {_sql.Schema}.incidents WHERE {filter}
                    ORDER BY reported_at, id LIMIT ${take} OFFSET ${skip}
                    """;
            var command = new NpgsqlCommand(sql, connection) { CommandTimeout = _timeout };
            await using (command.ConfigureAwait(false))
            {
                foreach (var parameter in parameters)
                {
                    command.Parameters.Add(parameter);
                }

                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var items = new List<IncidentSummary>();
                    var total = query.CountTotal ? 0L : IncidentSummaryPage.NotCounted;
                    var hasMore = false;
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        if (query.CountTotal)
                        {
                            total = reader.GetInt64(0);
                        }

                        if (reader.IsDBNull(1))
                        {
                            continue;
                        }

                        if (items.Count == query.Take)
                        {
                            hasMore = true;
                            break;
                        }

                        items.Add(ReadSummary(reader, 1));
                    }

                    return IncidentSummaryPage.Of(items, (int)total, hasMore);
                }
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<OutboxMessage>> ReadOutboxAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        Guard.Against.NegativeOrZero(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = await CommandAsync(connection, _sql.ReadOutbox, cancellationToken, Integer(maxCount)).ConfigureAwait(false);
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var messages = new List<OutboxMessage>();
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        messages.Add(ReadMessage(reader, 0));
                    }

                    return messages;
                }
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask AcknowledgeOutboxAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(messageIds);
        cancellationToken.ThrowIfCancellationRequested();
        if (messageIds.Count == 0)
        {
            return;
        }

        var ids = messageIds.Distinct().ToArray();
        var now = _time.GetUtcNow().UtcTicks;
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await RetryTransientAsync(
                async () =>
                {
                    var command = await CommandAsync(connection, _sql.AcknowledgeOutbox, cancellationToken, ArrayOf(NpgsqlDbType.Uuid, ids), Bigint(now)).ConfigureAwait(false);
                    await using (command.ConfigureAwait(false))
                    {
                        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<int> PurgeOutboxAsync(DateTimeOffset acknowledgedBefore, int maxCount, CancellationToken cancellationToken = default)
    {
        Guard.Against.NegativeOrZero(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        var before = acknowledgedBefore.UtcTicks;
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await RetryTransientAsync(
                async () =>
                {
                    var command = await CommandAsync(connection, _sql.PurgeOutbox, cancellationToken, Bigint(before), Integer(maxCount)).ConfigureAwait(false);
                    await using (command.ConfigureAwait(false))
                    {
                        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Releases the store's pooled connections when it created its data source (from a connection string); a data source
    /// given to the store is left alone. Operations after it throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        // The initialization gate is not disposed: an initialization in progress still releases it (a SemaphoreSlim
        // holds nothing to release unless its wait handle was asked for).
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            if (_ownsDataSource)
            {
                _dataSource.Dispose();
            }
        }
    }

    /// <inheritdoc cref="Dispose"/>
    /// <returns>A task that completes when disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            if (_ownsDataSource)
            {
                await _dataSource.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Translates <see cref="IncidentQuery.Matches"/>: filters combine with AND, values within one filter with <c>= ANY</c>.</summary>
    /// <param name="query">The query.</param>
    /// <param name="parameters">The parameters, numbered in the order added.</param>
    /// <returns>The WHERE condition.</returns>
    /// <remarks>An empty set matches nothing (<c>= ANY('{}')</c> is false); a NULL level matches no level filter; instants compare as UTC ticks.</remarks>
    private static string Filter(IncidentQuery query, List<NpgsqlParameter> parameters)
    {
        string Add(NpgsqlParameter parameter)
        {
            parameters.Add(parameter);
            return "$" + parameters.Count;
        }

        var where = new StringBuilder("TRUE");
        if (query.States is { } states)
        {
            where.Append(" AND state = ANY(").Append(Add(ArrayOf(NpgsqlDbType.Integer, states.Select(s => (int)s).Distinct().ToArray()))).Append(')');
        }

        if (query.Levels is { } levels)
        {
            where.Append(" AND level = ANY(").Append(Add(ArrayOf(NpgsqlDbType.Integer, levels.Select(l => (int)l).Distinct().ToArray()))).Append(')');
        }

        if (query.Categories is { } categories)
        {
            where.Append(" AND category = ANY(").Append(Add(ArrayOf(NpgsqlDbType.Text, categories.Select(c => c.Value).Distinct(StringComparer.Ordinal).ToArray()))).Append(')');
        }

        if (query.Channels is { } channels)
        {
            where.Append(" AND channel = ANY(").Append(Add(ArrayOf(NpgsqlDbType.Integer, channels.Select(c => (int)c).Distinct().ToArray()))).Append(')');
        }

        if (query.ReportedFrom is { } from)
        {
            where.Append(" AND reported_at >= ").Append(Add(Bigint(from.UtcTicks)));
        }

        if (query.ReportedBefore is { } before)
        {
            where.Append(" AND reported_at < ").Append(Add(Bigint(before.UtcTicks)));
        }

        if (query.OverdueAt is { } overdue)
        {
            where.Append(" AND next_due_at < ").Append(Add(Bigint(overdue.UtcTicks)));
        }

        if (query.After is { } after)
        {
            // Keyset paging: a row comparison in the ORDER BY's own order (bigint UTC ticks, then uuid, which PostgreSQL
            // compares as big-endian bytes: Guid.CompareTo order), which the (…, reported_at, id) indexes serve.
            where.Append(" AND (reported_at, id) > (").Append(Add(Bigint(after.ReportedAt.UtcTicks))).Append(", ").Append(Add(Uuid(after.Id.Value))).Append(')');
        }

        if (query.ByPetitioner is { } keys)
        {
            // The expression of the index incidents_by_petitioner (schema version 4): any of the petitioner's pseudonyms.
            where.Append(" AND petitioner_key IS NOT NULL AND string_to_array(petitioner_key, ' ') && ")
                .Append(Add(ArrayOf(NpgsqlDbType.Text, keys.Distinct(StringComparer.Ordinal).ToArray()))).Append("::text[]");
        }

        return where.ToString();
    }

    // A summary's category as stored; one that breaks the rules is reported without being quoted (it may be anything).
    private static RiskCategory Category(string value)
        => value.Length == 0 ? default
        : IdentifierRules.Explain(value) is null ? new RiskCategory(value)
        : throw new InvalidDataException("A stored incident summary's category is not a valid risk category (the value is not quoted).");

    private static IncidentSummary ReadSummary(NpgsqlDataReader reader, int at)
        => new(
            new IncidentId(reader.GetGuid(at)),
            (IncidentKind)reader.GetInt32(at + 2),
            (IntakeChannel)reader.GetInt32(at + 3),
            Category(reader.GetString(at + 4)),
            (IncidentState)reader.GetInt32(at + 5),
            reader.IsDBNull(at + 6) ? null : (SeverityLevel)reader.GetInt32(at + 6),
            ReadRequiredInstant(reader, at + 7),
            ReadRequiredInstant(reader, at + 9),
            ReadInstant(reader, at + 11),
            reader.GetInt32(at + 1),
            ReadInstant(reader, at + 13),
            ReadInstant(reader, at + 15),
            ReadInstant(reader, at + 17),
            ReadInstant(reader, at + 19),
            reader.GetInt32(at + 21),
            reader.IsDBNull(at + 22) ? null : reader.GetString(at + 22));

    /// <summary>Reads a message from <see cref="PostgreSqlStatements.OutboxColumns"/>.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="at">The first column.</param>
    /// <returns>The message.</returns>
    private static OutboxMessage ReadMessage(NpgsqlDataReader reader, int at)
        => new(
            reader.GetGuid(at),
            new IncidentId(reader.GetGuid(at + 1)),
            reader.GetString(at + 2),
            reader.GetString(at + 3),
            reader.GetFieldValue<byte[]>(at + 4),
            ReadRequiredInstant(reader, at + 5));

    /// <summary>Whether a database error is transient: a deadlock or a serialization failure, after which the same statements may succeed.</summary>
    /// <param name="exception">The error.</param>
    /// <returns><see langword="true"/> when transient.</returns>
    private static bool IsTransient(PostgresException exception)
        => exception.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;

    /// <summary>
    /// Gets or sets where the retries' jitter comes from: a number from 0 (inclusive) to 1 (exclusive) per wait
    /// (tests fix it).
    /// </summary>
    internal Func<double> Jitter { get; set; } = Random.Shared.NextDouble;

    /// <summary>
    /// Gets the wait before trying again after the given failed attempt: exponential back-off with full jitter — a
    /// random part of <see cref="RetryBaseDelay"/> doubled per earlier attempt, capped at <see cref="RetryMaxDelay"/> —
    /// so that the transactions a deadlock set against each other do not meet again at once.
    /// </summary>
    /// <param name="attempt">The attempt that failed, from 1.</param>
    /// <param name="jitter">A number from 0 to 1.</param>
    /// <returns>The wait.</returns>
    internal static TimeSpan RetryDelay(int attempt, double jitter)
    {
        var ceiling = Math.Min(RetryMaxDelay.Ticks, RetryBaseDelay.Ticks * Math.Pow(2, Math.Min(Math.Max(attempt, 1) - 1, 30)));
        return TimeSpan.FromTicks((long)(Math.Clamp(jitter, 0, 1) * ceiling));
    }

    /// <summary>Waits, on the store's clock, before trying again after a transient refusal.</summary>
    /// <param name="attempt">The attempt that failed, from 1.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when it is time to try again.</returns>
    private Task WaitBeforeRetryAsync(int attempt, CancellationToken cancellationToken)
    {
        var delay = RetryDelay(attempt, Jitter());
        return delay > TimeSpan.Zero ? Task.Delay(delay, _time, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>
    /// Runs a single-statement operation (atomic by itself, so safe to repeat), again after a deadlock or a serialization
    /// failure, after a short jittered wait (<see cref="RetryDelay"/>), at most <c>MaxAppendAttempts</c> times in all.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="cancellationToken">Cancels the waits between attempts (the operation takes its own).</param>
    /// <returns>Its result.</returns>
    internal async Task<T> RetryTransientAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation().ConfigureAwait(false);
            }
            catch (PostgresException e) when (IsTransient(e) && attempt < MaxAppendAttempts)
            {
                // The server rolled the statement back; nothing of it remains.
            }

            await WaitBeforeRetryAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Creates a command with typed parameters, prepared on the connection when preparation is on.</summary>
    /// <param name="connection">The open connection.</param>
    /// <param name="sql">The SQL (one of <see cref="PostgreSqlStatements"/>: the same text every call).</param>
    /// <param name="cancellationToken">Cancels the preparation.</param>
    /// <param name="parameters">The parameters, <c>$1</c> onwards.</param>
    /// <returns>The command.</returns>
    private async ValueTask<NpgsqlCommand> CommandAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection) { CommandTimeout = _timeout };
        try
        {
            command.Parameters.AddRange(parameters);
            if (_prepare)
            {
                // A no-op when this physical connection prepared the same SQL before (Npgsql keeps prepared statements per connection).
                await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            }

            return command;
        }
        catch
        {
            await command.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens a pooled connection once the schema is current.</summary>
    /// <param name="cancellationToken">Cancels the opening.</param>
    /// <returns>The open connection.</returns>
    private async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initializationGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // Read first, change only if needed: a role that may not create schemas can still use a current one.
                var current = await PostgreSqlSchema.CurrentVersionAsync(connection, null, Schema, _timeout, cancellationToken).ConfigureAwait(false);
                if (current > _migrations.Count)
                {
                    throw new InvalidOperationException(PostgreSqlSchema.NewerMessage(Schema, current, _migrations.Count));
                }

                if (current < _migrations.Count)
                {
                    if (!_autoMigrate)
                    {
                        throw new InvalidOperationException(current == 0
                            ? $"The PostgreSQL schema {_sql.Schema} in {_where} has no PetitionOpinion tables (no {_sql.Schema}.schema_version), and the store may not create them (PostgreSqlStoreOptions.AutoMigrate is false). "
                                + $"Have a DBA run the package's schema.sql (PostgreSqlIncidentStore.SchemaScript(\"{Schema}\")), or let the store create the schema on first use (AutoMigrate = true)."
                            : $"The PostgreSQL schema {_sql.Schema} in {_where} has schema version {current}, but this release needs version {_migrations.Count}, and the store may not migrate it (PostgreSqlStoreOptions.AutoMigrate is false). "
                                + "Have a DBA apply the newer migrations (PostgreSqlIncidentStore.SchemaScript shows them), or let the store migrate the schema on first use (AutoMigrate = true).");
                    }

                    await PostgreSqlSchema.MigrateAsync(connection, Schema, _migrations, _timeout, cancellationToken).ConfigureAwait(false);
                }
            }

            _initialized = true;
        }
        finally
        {
            _initializationGate.Release();
        }
    }
}
