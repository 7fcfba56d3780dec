using static PetitionOpinion.Storage.PostgreSqlValues;

namespace PetitionOpinion.Storage;

/// <content>Several instances on one database: outbox claims (<see cref="ISharedOutbox"/>), named leases (<see cref="ILeaseStore"/>) and the opinion monitor's checkpoints (<see cref="IMonitorCheckpointStore"/>).</content>
public sealed partial class PostgreSqlIncidentStore : IMonitorCheckpointStore
{
    /// <inheritdoc/>
    /// <remarks>
    /// One statement: the claimable messages are locked oldest first with <c>FOR UPDATE SKIP LOCKED</c> (messages another
    /// dispatcher is claiming at this moment are passed over) and marked with the holder and the claim's end. The times
    /// are the claim's, compared as UTC instants.
    /// </remarks>
    public async ValueTask<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(OutboxClaim claim, CancellationToken cancellationToken = default)
    {
        CoordinationValidation.ThrowIfInvalid(claim);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await RetryTransientAsync<IReadOnlyList<OutboxMessage>>(
                async () =>
                {
                    var command = await CommandAsync(connection, _sql.ClaimOutbox, cancellationToken, Text(claim.Holder), Bigint(claim.Now.UtcTicks), Bigint(claim.Until.UtcTicks), Integer(claim.MaxCount)).ConfigureAwait(false);
                    await using (command.ConfigureAwait(false))
                    {
                        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                        await using (reader.ConfigureAwait(false))
                        {
                            // RETURNING has no order of its own: the messages are put back in insertion order.
                            var claimed = new List<(long Sequence, OutboxMessage Message)>();
                            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                            {
                                claimed.Add((reader.GetInt64(0), ReadMessage(reader, 1)));
                            }

                            return [.. claimed.OrderBy(c => c.Sequence).Select(c => c.Message)];
                        }
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask ReleaseOutboxAsync(string holder, CancellationToken cancellationToken = default)
    {
        CoordinationValidation.ThrowIfInvalidHolder(holder);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await RetryTransientAsync(
                async () =>
                {
                    var command = await CommandAsync(connection, _sql.ReleaseOutbox, cancellationToken, Text(holder)).ConfigureAwait(false);
                    await using (command.ConfigureAwait(false))
                    {
                        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    /// <remarks>One statement (<c>INSERT … ON CONFLICT DO UPDATE … WHERE</c>): of holders asking at once, the database lets one through.</remarks>
    public async ValueTask<bool> TryAcquireLeaseAsync(LeaseRequest request, CancellationToken cancellationToken = default)
    {
        CoordinationValidation.ThrowIfInvalid(request);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await RetryTransientAsync(
                async () =>
                {
                    var command = await CommandAsync(connection, _sql.AcquireLease, cancellationToken, Text(request.Name), Text(request.Holder), Bigint(request.Now.UtcTicks), Bigint(request.Until.UtcTicks)).ConfigureAwait(false);
                    await using (command.ConfigureAwait(false))
                    {
                        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken = default)
    {
        CoordinationValidation.ThrowIfInvalidLease(name, holder);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = await CommandAsync(connection, _sql.ReleaseLease, cancellationToken, Text(name), Text(holder)).ConfigureAwait(false);
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask<MonitorCheckpoint?> LoadMonitorCheckpointAsync(string key, CancellationToken cancellationToken = default)
    {
        MonitorCheckpoint.ThrowIfInvalidKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await RetryTransientAsync<MonitorCheckpoint?>(
                async () =>
                {
                    var command = await CommandAsync(connection, _sql.LoadCheckpoint, cancellationToken, Text(key)).ConfigureAwait(false);
                    await using (command.ConfigureAwait(false))
                    {
                        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                        await using (reader.ConfigureAwait(false))
                        {
                            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                                ? new MonitorCheckpoint(key, reader.GetInt64(0), ReadRequiredInstant(reader, 1), reader.GetFieldValue<byte[]>(3))
                                : null;
                        }
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    /// <remarks>One statement: an insert of the first version where there is no row (<c>ON CONFLICT DO NOTHING</c>), or an update of the version before it.</remarks>
    public async ValueTask<bool> SaveMonitorCheckpointAsync(MonitorCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        MonitorCheckpoint.ThrowIfInvalid(checkpoint);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await RetryTransientAsync(
                async () =>
                {
                    var command = await CommandAsync(
                        connection,
                        checkpoint.Version == 1 ? _sql.InsertCheckpoint : _sql.UpdateCheckpoint,
                        cancellationToken,
                        Text(checkpoint.Key),
                        Bigint(checkpoint.Version),
                        Bigint(checkpoint.SavedAt.UtcTicks),
                        Integer(OffsetMinutes(checkpoint.SavedAt)),
                        Bytea(checkpoint.State)).ConfigureAwait(false);
                    await using (command.ConfigureAwait(false))
                    {
                        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
    }
}
