using Microsoft.Data.Sqlite;

namespace PetitionOpinion.Storage;

/// <summary>Reads the ledger tables (<c>ledger</c>, <c>ledger_heads</c>, schema version 3).</summary>
internal static class SqliteLedger
{
    /// <summary>Reads entries from <paramref name="fromSequence"/> on, with their heads (ordered by incident id).</summary>
    public static IReadOnlyList<LedgerEntry> Read(SqliteConnection connection, SqliteTransaction? transaction, long fromSequence, int maxCount)
    {
        var entries = new List<(long Sequence, string? KeyId, byte[] Hash)>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT sequence, key_id, hash FROM ledger WHERE sequence >= $from ORDER BY sequence LIMIT $max";
            command.Parameters.AddWithValue("$from", fromSequence);
            command.Parameters.AddWithValue("$max", maxCount);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                entries.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), SqliteValues.ReadBlob(reader, 2)));
            }
        }

        if (entries.Count == 0)
        {
            return [];
        }

        var heads = new Dictionary<long, List<IncidentHead>>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT sequence, incident_id, version, hash FROM ledger_heads WHERE sequence BETWEEN $first AND $last ORDER BY sequence, incident_id";
            command.Parameters.AddWithValue("$first", entries[0].Sequence);
            command.Parameters.AddWithValue("$last", entries[^1].Sequence);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var sequence = reader.GetInt64(0);
                if (!heads.TryGetValue(sequence, out var list))
                {
                    heads[sequence] = list = [];
                }

                list.Add(new IncidentHead(new IncidentId(SqliteValues.ReadId(reader, 1)), reader.GetInt32(2), SqliteValues.ReadBlob(reader, 3)));
            }
        }

        return [.. entries.Select(e => new LedgerEntry(e.Sequence, heads.TryGetValue(e.Sequence, out var h) ? h : [], e.KeyId, e.Hash))];
    }

    /// <summary>Reads one entry's heads, ordered by incident id.</summary>
    public static IReadOnlyList<IncidentHead> ReadHeads(SqliteConnection connection, SqliteTransaction? transaction, long sequence)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT incident_id, version, hash FROM ledger_heads WHERE sequence = $sequence ORDER BY incident_id";
        command.Parameters.AddWithValue("$sequence", sequence);
        using var reader = command.ExecuteReader();
        var heads = new List<IncidentHead>();
        while (reader.Read())
        {
            heads.Add(new IncidentHead(new IncidentId(SqliteValues.ReadId(reader, 0)), reader.GetInt32(1), SqliteValues.ReadBlob(reader, 2)));
        }

        return heads;
    }
}
