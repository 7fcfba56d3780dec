using Microsoft.Data.Sqlite;

namespace PetitionOpinion.Storage;

/// <summary>
/// Reads the ledger: the entries of the <c>ledger</c> table (entry 0 and those written at schema versions 3 and 4, with the
/// genesis heads in <c>ledger_genesis</c>), then those carried by the events' rows from <c>ledger_carriers</c> on (schema
/// version 5), in row order.
/// </summary>
internal static class SqliteLedger
{
    /// <summary>Reads entries from <paramref name="fromSequence"/> on, with their heads (ordered by incident id).</summary>
    public static IReadOnlyList<LedgerEntry> Read(SqliteConnection connection, SqliteTransaction? transaction, long fromSequence, int maxCount)
    {
        var entries = new List<LedgerEntry>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT sequence, key_id, hash, heads FROM ledger WHERE sequence >= $from ORDER BY sequence LIMIT $max";
            command.Parameters.AddWithValue("$from", fromSequence);
            command.Parameters.AddWithValue("$max", maxCount);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var sequence = reader.GetInt64(0);
                var heads = sequence == 0 ? [] : AuditLedger.DecodeHeads(SqliteValues.ReadBlob(reader, 3));
                entries.Add(new LedgerEntry(sequence, heads, reader.IsDBNull(1) ? null : reader.GetString(1), SqliteValues.ReadBlob(reader, 2)));
            }
        }

        if (entries is [{ Sequence: 0 } genesis, ..])
        {
            entries[0] = genesis with { Heads = ReadGenesis(connection, transaction) };
        }

        if (entries.Count < maxCount)
        {
            var next = entries.Count > 0 ? entries[^1].Sequence + 1 : fromSequence;
            ReadCarried(connection, transaction, next, maxCount - entries.Count, entries);
        }

        return entries;
    }

    /// <summary>Reads the entries the events' rows carry from <paramref name="fromSequence"/> on, in row order.</summary>
    private static void ReadCarried(SqliteConnection connection, SqliteTransaction? transaction, long fromSequence, int maxCount, List<LedgerEntry> entries)
    {
        var start = FirstCarrier(connection, transaction, fromSequence);
        if (start is null)
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {SqliteWriter.LedgerColumns} FROM events WHERE rowid >= $start AND ledger_sequence IS NOT NULL ORDER BY rowid LIMIT $max";
        command.Parameters.AddWithValue("$start", start.Value);
        command.Parameters.AddWithValue("$max", maxCount);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(new LedgerEntry(reader.GetInt64(0), AuditLedger.DecodeHeads(SqliteValues.ReadBlob(reader, 3)), reader.IsDBNull(1) ? null : reader.GetString(1), SqliteValues.ReadBlob(reader, 2)));
        }
    }

    /// <summary>
    /// Finds the row of the first carried entry whose sequence is <paramref name="fromSequence"/> or more: a binary search
    /// over the rows from <c>ledger_carriers</c> on, each probe one seek by rowid (the carried sequences grow with the
    /// rows; were they edited not to, the entries read are out of order and the verification says so).
    /// </summary>
    /// <returns>The rowid to read from, or <see langword="null"/> when no row carries such an entry.</returns>
    private static long? FirstCarrier(SqliteConnection connection, SqliteTransaction? transaction, long fromSequence)
    {
        long low, high;
        using (var bounds = connection.CreateCommand())
        {
            bounds.Transaction = transaction;
            bounds.CommandText = "SELECT (SELECT first_rowid FROM ledger_carriers), (SELECT MAX(rowid) FROM events)";
            using var reader = bounds.ExecuteReader();
            if (!reader.Read() || reader.IsDBNull(0) || reader.IsDBNull(1))
            {
                return null;
            }

            (low, high) = (reader.GetInt64(0), reader.GetInt64(1) + 1);
        }

        using var probe = connection.CreateCommand();
        probe.Transaction = transaction;
        probe.CommandText = "SELECT rowid, ledger_sequence FROM events WHERE rowid >= $rowid AND ledger_sequence IS NOT NULL ORDER BY rowid LIMIT 1";
        var parameter = probe.Parameters.Add("$rowid", SqliteType.Integer);

        // The smallest row in [low, high) whose next carrier has a sequence >= fromSequence; high when there is none.
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            parameter.Value = middle;
            using var reader = probe.ExecuteReader();
            if (!reader.Read() || reader.GetInt64(1) >= fromSequence)
            {
                high = middle;
            }
            else
            {
                low = reader.GetInt64(0) + 1;
            }
        }

        return low;
    }

    /// <summary>Reads the genesis entry's heads (the incidents stored when the ledger began), ordered by incident id.</summary>
    public static IReadOnlyList<IncidentHead> ReadGenesis(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT incident_id, version, hash FROM ledger_genesis ORDER BY incident_id";
        using var reader = command.ExecuteReader();
        var heads = new List<IncidentHead>();
        while (reader.Read())
        {
            heads.Add(new IncidentHead(new IncidentId(SqliteValues.ReadId(reader, 0)), reader.GetInt32(1), SqliteValues.ReadBlob(reader, 2)));
        }

        return heads;
    }
}
