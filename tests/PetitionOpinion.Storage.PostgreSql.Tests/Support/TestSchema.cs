using PetitionOpinion.Storage.Conformance;
using Npgsql;

namespace PetitionOpinion.Storage.PostgreSql.Tests.Support;

/// <summary>
/// A schema of its own for one test (a random name, dropped with everything in it on dispose), on the shared data source;
/// plus raw SQL for what a test does behind the store's back.
/// </summary>
public sealed class TestSchema : IAsyncDisposable
{
    private TestSchema(NpgsqlDataSource dataSource)
    {
        DataSource = dataSource;
        Name = "po_test_" + Guid.NewGuid().ToString("N");
    }

    /// <summary>Gets the schema's name (not created yet: the first store creates it).</summary>
    public string Name { get; }

    /// <summary>Gets the schema's name, quoted.</summary>
    public string Quoted => $"\"{Name}\"";

    /// <summary>Gets the shared data source.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Creates a schema name on the shared server (fails clearly when the server is expected but missing).</summary>
    /// <returns>The schema.</returns>
    public static async Task<TestSchema> CreateAsync() => new(await PostgreSqlServer.DataSourceAsync());

    /// <summary>Gets store options for the schema.</summary>
    /// <param name="autoMigrate">Whether the store may create and migrate the schema.</param>
    /// <param name="prepareStatements">Whether the store prepares its statements.</param>
    /// <returns>The options.</returns>
    public PostgreSqlStoreOptions Options(bool autoMigrate = true, bool prepareStatements = true) => new() { Schema = Name, AutoMigrate = autoMigrate, PrepareStatements = prepareStatements };

    /// <summary>Opens a store on the schema, on the shared data source.</summary>
    /// <param name="time">The clock; <see langword="null"/> for the system clock.</param>
    /// <param name="autoMigrate">Whether the store may create and migrate the schema.</param>
    /// <param name="prepareStatements">Whether the store prepares its statements.</param>
    /// <returns>The store.</returns>
    public PostgreSqlIncidentStore OpenStore(TimeProvider? time = null, bool autoMigrate = true, bool prepareStatements = true)
        => new(DataSource, Options(autoMigrate, prepareStatements), time ?? TimeProvider.System);

    /// <summary>Runs SQL in which <c>{schema}</c> stands for the quoted schema name; parameters are <c>$1</c>….</summary>
    /// <param name="sql">The SQL.</param>
    /// <param name="parameters">The parameters' values.</param>
    /// <returns>The first column of the first row, or <see langword="null"/>.</returns>
    public async Task<object?> ScalarAsync(string sql, params object[] parameters)
    {
        await using var command = Command(sql, parameters);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    /// <summary>Runs SQL (see <see cref="ScalarAsync"/>) and returns the number of rows it changed.</summary>
    /// <param name="sql">The SQL.</param>
    /// <param name="parameters">The parameters' values.</param>
    /// <returns>The rows changed.</returns>
    public async Task<int> ExecuteAsync(string sql, params object[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs SQL (see <see cref="ScalarAsync"/>) and returns every row as text, its columns joined by <c>|</c>.</summary>
    /// <param name="sql">The SQL.</param>
    /// <param name="parameters">The parameters' values.</param>
    /// <returns>The rows.</returns>
    public async Task<List<string>> RowsAsync(string sql, params object[] parameters)
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    /// <summary>
    /// Describes the schema as the catalogue sees it — columns, constraints, indexes, triggers, functions, comments — so
    /// that two schemas built differently (the script, the migrations) can be compared.
    /// </summary>
    /// <param name="schema">The schema to describe (by default this one).</param>
    /// <returns>One line per object, sorted.</returns>
    public async Task<List<string>> CatalogueAsync(string? schema = null)
    {
        const string Sql = """
            SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                   || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                   || coalesce(' collate ' || co.collname, '')
                   || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
                   || CASE WHEN a.attidentity <> '' THEN ' identity ' || a.attidentity::text ELSE '' END
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> 100
            WHERE n.nspname = $1 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
            UNION ALL
            SELECT 'constraint ' || c.relname || '.' || k.conname || ' ' || replace(pg_get_constraintdef(k.oid), '"' || $1 || '".', '')
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1
            UNION ALL
            SELECT 'index ' || replace(pg_get_indexdef(i.indexrelid), '"' || $1 || '".', '')
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1
            UNION ALL
            SELECT 'trigger ' || replace(pg_get_triggerdef(t.oid), '"' || $1 || '".', '')
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND NOT t.tgisinternal
            UNION ALL
            SELECT 'function ' || p.proname || ' ' || md5(p.prosrc)
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = $1
            UNION ALL
            SELECT 'comment ' || c.relname || ' ' || obj_description(c.oid, 'pg_class')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND obj_description(c.oid, 'pg_class') IS NOT NULL
            ORDER BY 1
            """;
        var rows = await RowsAsync(Sql, schema ?? Name);
        return [.. rows.Select(r => r.Replace(schema ?? Name, "<schema>", StringComparison.Ordinal))];
    }

    /// <summary>
    /// Alters one stored event behind the store's back, as someone with the table owner's rights would: flips a byte of
    /// its payload (or hash), with the append-only trigger disabled for that one statement.
    /// </summary>
    /// <param name="id">The incident.</param>
    /// <param name="version">The event's version.</param>
    /// <param name="column"><c>payload</c> or <c>hash</c>.</param>
    /// <returns>A task that completes when altered.</returns>
    public async Task TamperAsync(IncidentId id, int version, string column = "payload")
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var read = new NpgsqlCommand($"SELECT {column} FROM {Quoted}.events WHERE incident_id = $1 AND version = $2", connection, transaction))
        {
            read.Parameters.Add(new NpgsqlParameter { Value = id.Value });
            read.Parameters.Add(new NpgsqlParameter { Value = version });
            var bytes = (byte[])(await read.ExecuteScalarAsync() ?? throw new InvalidOperationException($"No event {id} v{version}."));
            bytes[bytes.Length / 2] ^= 0x01;
            await using var write = new NpgsqlCommand(
                $"""
                ALTER TABLE {Quoted}.events DISABLE TRIGGER events_are_append_only;
                UPDATE {Quoted}.events SET {column} = @bytes WHERE incident_id = @id AND version = @version;
                ALTER TABLE {Quoted}.events ENABLE TRIGGER events_are_append_only;
                """,
                connection,
                transaction);
            write.Parameters.AddWithValue("bytes", bytes);
            write.Parameters.AddWithValue("id", id.Value);
            write.Parameters.AddWithValue("version", version);
            await write.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>
    /// Changes the schema behind the store's back, as a superuser would: triggers (the append-only ones and the foreign
    /// keys' alike) are off for the transaction (<c>session_replication_role = replica</c>).
    /// </summary>
    /// <param name="tampering">What to change.</param>
    /// <returns>A task that completes when changed.</returns>
    public async Task TamperAsync(StoreTampering tampering)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await RunAsync("SET LOCAL session_replication_role = replica");
        switch (tampering)
        {
            case ReplaceEvents replace:
                foreach (var e in replace.Events)
                {
                    await RunAsync(
                        $"UPDATE {Quoted}.events SET event_type = $1, schema_version = $2, occurred_at = $3, occurred_at_offset = $4, actor = $5, payload = $6, hash = $7, hash_key_id = $8 WHERE incident_id = $9 AND version = $10",
                        e.EventType, e.SchemaVersion, e.OccurredAt.UtcTicks, (int)e.OccurredAt.Offset.TotalMinutes, e.Actor.Value, e.Payload.ToArray(), e.Hash.ToArray(), (object?)e.HashKeyId ?? DBNull.Value, e.IncidentId.Value, e.Version);
                }

                break;
            case DeleteEvents delete:
                await RunAsync($"DELETE FROM {Quoted}.events WHERE incident_id = $1 AND version >= $2", delete.Incident.Value, delete.FromVersion);
                break;
            case SetSummaryLevel level:
                await RunAsync($"UPDATE {Quoted}.incidents SET level = $1 WHERE id = $2", level.Level is { } l ? (int)l : DBNull.Value, level.Incident.Value);
                break;
            case DeleteIncident incident:
                await RunAsync($"DELETE FROM {Quoted}.events WHERE incident_id = $1", incident.Incident.Value);
                await RunAsync($"DELETE FROM {Quoted}.incidents WHERE id = $1", incident.Incident.Value);
                break;
            case InsertIncident insert:
                var summary = insert.Summary;
                await RunAsync(
                    $"INSERT INTO {Quoted}.incidents (id, version, kind, channel, category, state, level, reported_at, reported_at_offset, updated_at, updated_at_offset) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $8, 0)",
                    summary.Id.Value, summary.Version, (int)summary.Kind, (int)summary.Channel, summary.Category.Value, (int)summary.State, summary.Level is { } sl ? (int)sl : DBNull.Value, summary.ReportedAt.UtcTicks);
                foreach (var e in insert.Events)
                {
                    await RunAsync(
                        $"INSERT INTO {Quoted}.events (incident_id, version, event_type, schema_version, occurred_at, occurred_at_offset, actor, payload, hash, hash_key_id) VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $8, $9)",
                        e.IncidentId.Value, e.Version, e.EventType, e.SchemaVersion, e.OccurredAt.UtcTicks, e.Actor.Value, e.Payload.ToArray(), e.Hash.ToArray(), (object?)e.HashKeyId ?? DBNull.Value);
                }

                break;
            case ReplaceLedger replace:
                foreach (var entry in replace.Entries)
                {
                    await RunAsync($"UPDATE {Quoted}.ledger SET key_id = $1, hash = $2 WHERE sequence = $3", (object?)entry.KeyId ?? DBNull.Value, entry.Hash.ToArray(), entry.Sequence);
                    await RunAsync($"DELETE FROM {Quoted}.ledger_heads WHERE sequence = $1", entry.Sequence);
                    foreach (var head in entry.Heads)
                    {
                        await RunAsync($"INSERT INTO {Quoted}.ledger_heads (sequence, incident_id, version, hash) VALUES ($1, $2, $3, $4)", entry.Sequence, head.Incident.Value, head.Version, head.Hash.ToArray());
                    }
                }

                break;
            case DeleteLedger ledger:
                await RunAsync($"DELETE FROM {Quoted}.ledger_heads WHERE sequence >= $1", ledger.FromSequence);
                await RunAsync($"DELETE FROM {Quoted}.ledger WHERE sequence >= $1", ledger.FromSequence);
                break;
            default:
                throw new ArgumentException($"Unknown tampering {tampering}.", nameof(tampering));
        }

        await transaction.CommitAsync();

        async Task RunAsync(string sql, params object[] values)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            await command.ExecuteNonQueryAsync();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await ExecuteAsync($"DROP SCHEMA IF EXISTS {Quoted} CASCADE");

    private NpgsqlCommand Command(string sql, object[] parameters)
    {
        var command = DataSource.CreateCommand(sql.Replace("{schema}", Quoted, StringComparison.Ordinal));
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
