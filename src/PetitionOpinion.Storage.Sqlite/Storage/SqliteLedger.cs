using Microsoft.Data.Sqlite;

namespace PetitionOpinion.Storage;

/// <summary>Reads the ledger tables (<c>ledger</c>, <c>ledger_genesis</c>, schema version 3).</summary>
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

        return entries;
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
