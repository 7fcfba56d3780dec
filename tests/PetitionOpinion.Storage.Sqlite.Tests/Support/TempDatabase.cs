using Microsoft.Data.Sqlite;

namespace PetitionOpinion.Storage.Sqlite.Tests.Support;

/// <summary>A database file in a fresh temporary folder, deleted (with the folder) on dispose.</summary>
public sealed class TempDatabase : IDisposable
{
    /// <summary>Initializes a new instance of the <see cref="TempDatabase"/> class. The file does not exist yet.</summary>
    public TempDatabase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "petition-opinion-sqlite-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        FilePath = Path.Combine(Folder, "incidents.db");
    }

    /// <summary>Gets the folder.</summary>
    public string Folder { get; }

    /// <summary>Gets the database file's path.</summary>
    public string FilePath { get; }

    /// <summary>Gets options for the file.</summary>
    public SqliteStoreOptions Options => SqliteStoreOptions.ForFile(FilePath);

    /// <summary>Opens a store on the file.</summary>
    /// <param name="time">The clock; <see langword="null"/> for the system clock.</param>
    /// <returns>The store.</returns>
    public SqliteIncidentStore OpenStore(TimeProvider? time = null) => new(Options, time ?? TimeProvider.System);

    /// <summary>Opens a raw connection to the file, outside the store's pool (as someone editing the database would).</summary>
    /// <returns>The open connection.</returns>
    public SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Runs SQL on a raw connection.</summary>
    /// <param name="sql">The SQL.</param>
    /// <param name="parameters">Named parameters.</param>
    /// <returns>The first column of the first row, or <see langword="null"/>.</returns>
    public object? Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteScalar();
    }

    /// <summary>Runs SQL on a raw connection and returns the first column of every row as text.</summary>
    /// <param name="sql">The SQL.</param>
    /// <returns>The values.</returns>
    public List<string> Column(string sql)
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
        }

        return values;
    }

    /// <summary>Alters one stored event behind the store's back: flips a byte of its payload (or of its hash), keeping everything else.</summary>
    /// <param name="id">The incident.</param>
    /// <param name="version">The event's version.</param>
    /// <param name="column"><c>payload</c> or <c>hash</c>.</param>
    public void Tamper(IncidentId id, int version, string column = "payload")
    {
        using var connection = OpenRaw();
        using var transaction = connection.BeginTransaction();
        var key = IdBytes(id.Value);
        byte[] bytes;
        using (var read = connection.CreateCommand())
        {
            read.CommandText = $"SELECT {column} FROM events WHERE incident_id = $id AND version = $version";
            read.Parameters.AddWithValue("$id", key);
            read.Parameters.AddWithValue("$version", version);
            bytes = (byte[])(read.ExecuteScalar() ?? throw new InvalidOperationException($"No event {id} v{version}."));
        }

        bytes[bytes.Length / 2] ^= 0x01;
        using (var write = connection.CreateCommand())
        {
            // The store's append-only trigger stands in the way of an honest mistake, not of someone with the file: drop it, edit, put it back.
            write.CommandText = $"""
                DROP TRIGGER events_are_append_only_update;
                UPDATE events SET {column} = $bytes WHERE incident_id = $id AND version = $version;
                CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
                BEGIN SELECT RAISE(ABORT, 'events are the audit trail: they are never updated'); END;
                """;
            write.Parameters.AddWithValue("$bytes", bytes);
            write.Parameters.AddWithValue("$id", key);
            write.Parameters.AddWithValue("$version", version);
            write.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>A GUID as the store keeps it: 16 big-endian bytes.</summary>
    /// <param name="value">The GUID.</param>
    /// <returns>The bytes.</returns>
    public static byte[] IdBytes(Guid value) => value.ToByteArray(bigEndian: true);

    /// <inheritdoc/>
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary file is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
