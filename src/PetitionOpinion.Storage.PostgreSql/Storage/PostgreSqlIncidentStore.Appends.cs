using Npgsql;
using NpgsqlTypes;
using static PetitionOpinion.Storage.PostgreSqlValues;

namespace PetitionOpinion.Storage;

/// <content>Appends: one batch, one transaction; a refusal by the database is read back as a conflict or a duplicate intake.</content>
public sealed partial class PostgreSqlIncidentStore
{
    /// <inheritdoc/>
    /// <remarks>
    /// A plain race (another append to the same incident, the same idempotency key reported at once) is never thrown: it
    /// is a <see cref="AppendStatus.Conflict"/> or a <see cref="AppendStatus.DuplicateIntake"/>. A deadlock or a
    /// serialization failure is tried again. If the connection breaks while the append is in flight, the
    /// <see cref="NpgsqlException"/> leaves open whether it was written (as with any database): load the incident to see.
    /// </remarks>
    public async ValueTask<AppendResult> AppendAsync(AppendRequest request, CancellationToken cancellationToken = default)
    {
        AppendValidation.ThrowIfInvalid(request);
        cancellationToken.ThrowIfCancellationRequested();

        // Every incident's rows in the order of its id, in every append: two requests that touch the same incidents
        // (merges) lock them in the same order, so they wait for each other instead of deadlocking.
        var incidents = request.Incidents.OrderBy(a => a.IncidentId.Value).ToArray();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            for (var attempt = 1; ; attempt++)
            {
                PostgresException refusal;
                try
                {
                    await WriteAsync(connection, request, incidents, cancellationToken).ConfigureAwait(false);
                    return AppendResult.Appended;
                }
                catch (PostgresException e) when (IsRefusal(e))
                {
                    refusal = e;
                    await RollBackAsync(connection).ConfigureAwait(false);
                }
                catch
                {
                    await RollBackAsync(connection).ConfigureAwait(false);
                    throw;
                }

                // The batch was rolled back whole. Where do the incidents and keys stand now (committed state)?
                if (await StandingAsync(connection, request, cancellationToken).ConfigureAwait(false) is { } result)
                {
                    return result;
                }

                // Every incident is at its expected version and no key is taken: the refusal was transient (a deadlock,
                // or a writer that has since rolled back). Try again, a few times, after a short jittered wait.
                if (attempt >= MaxAppendAttempts)
                {
                    throw new InvalidOperationException(
                        $"An append was refused by {_where} {attempt} times ({refusal.SqlState}: {refusal.MessageText}), yet every incident of it is at its expected version and no idempotency key of it is taken. "
                        + $"The schema {_sql.Schema} may have been changed by hand (e.g. a summary's version that does not match its events).",
                        refusal);
                }

                await WaitBeforeRetryAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Whether an append's failure is the database refusing it the way the schema means it to (see
    /// <see cref="PostgreSqlStatements.UpdateSummary"/>): another version checked in, a version, an id or an idempotency
    /// key taken, an unknown incident — or a transient conflict between transactions. Any other error (a NULL where a
    /// value is needed, a server failure) is not a race, and is thrown as it is.
    /// </summary>
    /// <param name="exception">The error.</param>
    /// <returns><see langword="true"/> when the append is to be read back and resolved.</returns>
    private static bool IsRefusal(PostgresException exception)
        => exception.SqlState switch
        {
            PostgresErrorCodes.NotNullViolation => exception is { TableName: "incidents", ColumnName: "version" },
            PostgresErrorCodes.UniqueViolation => exception.ConstraintName is "incidents_pkey" or "incidents_idempotency_key_unique" or "events_pkey",
            PostgresErrorCodes.ForeignKeyViolation => exception.ConstraintName is "events_incident_fkey",
            _ => IsTransient(exception),
        };

    /// <summary>
    /// Writes the append in one transaction of two round trips: first the summaries, events and outbox messages with the
    /// ledger's tail locked and read at the end; then the ledger entry chained to that tail, and the commit. Appends take
    /// turns only from their tail lock to their commit, and an append refused by its incidents never takes the lock.
    /// </summary>
    /// <param name="connection">The open connection, not in a transaction.</param>
    /// <param name="request">The request (its audit key seals the ledger entry).</param>
    /// <param name="incidents">The incidents' appends, in lock order.</param>
    /// <param name="cancellationToken">Cancels the append (the caller then rolls it back).</param>
    /// <returns>A task that completes when the transaction is committed.</returns>
    private async Task WriteAsync(NpgsqlConnection connection, AppendRequest request, IncidentAppend[] incidents, CancellationToken cancellationToken)
    {
        long previousSequence;
        ReadOnlyMemory<byte> previousHash;
        var batch = new NpgsqlBatch(connection) { Timeout = _timeout };
        await using (batch.ConfigureAwait(false))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
            foreach (var append in incidents)
            {
                // The summary first: it takes the incident's row lock (or its key) before the events reference it.
                batch.BatchCommands.Add(SummaryCommand(append));
                foreach (var e in append.Events)
                {
                    batch.BatchCommands.Add(EventCommand(e));
                    if (OnStaged?.Invoke(e) is { } injected)
                    {
                        batch.BatchCommands.Add(new NpgsqlBatchCommand(injected));
                    }
                }
            }

            foreach (var message in request.Outbox)
            {
                batch.BatchCommands.Add(MessageCommand(message));
            }

            batch.BatchCommands.Add(new NpgsqlBatchCommand(_sql.MoveLedgerTail));
            if (_prepare)
            {
                await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
            }

            long? tail = null;
            previousHash = ReadOnlyMemory<byte>.Empty;
            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                // The writes return no rows; the tail's update returns one (found by its column's name).
                do
                {
                    if (reader.FieldCount == 2 && reader.GetName(0) == "previous_sequence" && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        tail = reader.GetInt64(0);
                        previousHash = reader.GetFieldValue<byte[]>(1);
                    }
                }
                while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));
            }

            previousSequence = tail ?? throw new InvalidOperationException($"The ledger's tail row is missing in {_where}: the schema {_sql.Schema} was changed by hand.");
        }

        if (previousSequence == 0)
        {
            previousHash = AuditLedger.GenesisHash(await ReadHeadsAsync(connection, 0, cancellationToken).ConfigureAwait(false));
        }

        var entry = AuditLedger.Next(request, previousSequence, previousHash.Span);
        var seal = new NpgsqlBatch(connection) { Timeout = _timeout };
        await using (seal.ConfigureAwait(false))
        {
            seal.BatchCommands.Add(Command(_sql.InsertLedgerEntry, Bigint(entry.Sequence), NullableText(entry.KeyId), Bytea(entry.Hash)));
            foreach (var head in entry.Heads)
            {
                seal.BatchCommands.Add(Command(_sql.InsertLedgerHead, Bigint(entry.Sequence), Uuid(head.Incident.Value), Integer(head.Version), Bytea(head.Hash)));
            }

            seal.BatchCommands.Add(Command(_sql.SetLedgerTailHash, Bytea(entry.Hash)));
            seal.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
            if (_prepare)
            {
                await seal.PrepareAsync(cancellationToken).ConfigureAwait(false);
            }

            await seal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Ends a failed or abandoned append's transaction, if one is open; a broken connection is left to the pool to discard.</summary>
    private static async Task RollBackAsync(NpgsqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            var rollback = new NpgsqlCommand("ROLLBACK", connection);
            await using (rollback.ConfigureAwait(false))
            {
                await rollback.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (NpgsqlException)
        {
            // The connection broke: it is not returned to the pool in a transaction.
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private NpgsqlBatchCommand SummaryCommand(IncidentAppend append)
    {
        var fresh = append.ExpectedVersion == 0;
        var command = new NpgsqlBatchCommand(fresh ? _sql.InsertSummary : _sql.UpdateSummary);
        var parameters = command.Parameters;
        var s = append.Summary;
        parameters.Add(Uuid(s.Id.Value));
        parameters.Add(Integer(s.Version));
        parameters.Add(Integer((int)s.Kind));
        parameters.Add(Integer((int)s.Channel));
        parameters.Add(Text(s.Category.Value));
        parameters.Add(Integer((int)s.State));
        parameters.Add(NullableInteger(s.Level is { } level ? (int)level : null));
        AddRequiredInstant(parameters, s.ReportedAt);
        AddRequiredInstant(parameters, s.UpdatedAt);
        AddInstant(parameters, s.NextDueAt);
        AddInstant(parameters, s.AcknowledgedAt);
        AddInstant(parameters, s.AcknowledgeDueAt);
        AddInstant(parameters, s.FirstResolvedAt);
        AddInstant(parameters, s.ResolutionDueAt);
        parameters.Add(Integer(s.ReopenCount));
        parameters.Add(NullableText(s.PetitionerKey));
        parameters.Add(fresh ? NullableBytea(append.IdempotencyKey is { } key ? KeyBytes(key) : null) : Integer(append.ExpectedVersion));
        return command;
    }

    private NpgsqlBatchCommand EventCommand(StoredEvent e)
    {
        var command = new NpgsqlBatchCommand(_sql.InsertEvent);
        var parameters = command.Parameters;
        parameters.Add(Uuid(e.IncidentId.Value));
        parameters.Add(Integer(e.Version));
        parameters.Add(Text(e.EventType));
        parameters.Add(Integer(e.SchemaVersion));
        AddRequiredInstant(parameters, e.OccurredAt);
        parameters.Add(Text(e.Actor.Value));
        parameters.Add(Bytea(e.Payload));
        parameters.Add(Bytea(e.Hash));
        parameters.Add(NullableText(e.HashKeyId));
        return command;
    }

    private NpgsqlBatchCommand MessageCommand(OutboxMessage message)
    {
        var command = new NpgsqlBatchCommand(_sql.InsertMessage);
        var parameters = command.Parameters;
        parameters.Add(Uuid(message.Id));
        parameters.Add(Uuid(message.IncidentId.Value));
        parameters.Add(Text(message.Kind));
        parameters.Add(Text(message.DeduplicationKey));
        parameters.Add(Bytea(message.Payload));
        AddRequiredInstant(parameters, message.CreatedAt);
        return command;
    }

    /// <summary>
    /// After a refused append: reads the request's incidents' versions and the owners of its keys, and returns the
    /// refusal they explain — the first incident (in request order) not at its expected version, else the first key
    /// already taken — or <see langword="null"/> when they explain none. Versions and keys only ever grow, so a
    /// refusal seen here is still true.
    /// </summary>
    /// <param name="connection">The open connection.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The result, or <see langword="null"/>.</returns>
    private async Task<AppendResult?> StandingAsync(NpgsqlConnection connection, AppendRequest request, CancellationToken cancellationToken)
    {
        var ids = request.Incidents.Select(a => a.IncidentId.Value).ToArray();
        var keys = request.Incidents.Where(a => a.IdempotencyKey is not null).Select(a => KeyBytes(a.IdempotencyKey!)).ToArray();
        var versions = new Dictionary<Guid, int>();
        var owners = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var command = await CommandAsync(connection, _sql.ReadStanding, cancellationToken, ArrayOf(NpgsqlDbType.Uuid, ids), ArrayOf(NpgsqlDbType.Bytea, keys)).ConfigureAwait(false);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var id = reader.GetGuid(0);
                    versions[id] = reader.GetInt32(1);
                    if (!reader.IsDBNull(2))
                    {
                        owners[Convert.ToHexString(reader.GetFieldValue<byte[]>(2))] = id;
                    }
                }
            }
        }

        foreach (var append in request.Incidents)
        {
            var actual = versions.GetValueOrDefault(append.IncidentId.Value);
            if (actual != append.ExpectedVersion)
            {
                return AppendResult.Conflict(append.IncidentId, actual);
            }
        }

        foreach (var append in request.Incidents)
        {
            if (append.IdempotencyKey is { } key && owners.TryGetValue(Convert.ToHexString(KeyBytes(key)), out var owner))
            {
                return AppendResult.DuplicateIntake(new IncidentId(owner));
            }
        }

        return null;
    }
}
