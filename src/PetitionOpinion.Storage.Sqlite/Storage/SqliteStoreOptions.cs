using Ardalis.GuardClauses;
using Microsoft.Data.Sqlite;

namespace PetitionOpinion.Storage;

/// <summary>Where a <see cref="SqliteIncidentStore"/> keeps its database, and how long it waits for a busy one.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The default <see cref="BusyTimeout"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets the Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=/var/lib/app/incidents.db</c>.
    /// It must name a database file (an in-memory database cannot be shared between the store's connections);
    /// pooling is on unless the string turns it off. Default: empty (required).
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets how long an operation waits for another connection or process that holds the database's write
    /// lock before it fails. Under one second it is about one second: Microsoft.Data.Sqlite retries a busy statement
    /// for whole seconds (the store sets its command timeout from this value, replacing a <c>Default Timeout</c> in the
    /// connection string). Default: <see cref="DefaultBusyTimeout"/> (30 seconds).
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = DefaultBusyTimeout;

    /// <summary>Creates options for a database file, created on first use if missing (its folder too).</summary>
    /// <param name="databasePath">The file's path; a relative path is resolved against the current directory now.</param>
    /// <returns>The options.</returns>
    public static SqliteStoreOptions ForFile(string databasePath)
    {
        Guard.Against.NullOrWhiteSpace(databasePath);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(databasePath),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        };
        return new SqliteStoreOptions { ConnectionString = builder.ToString() };
    }

    /// <summary>Explains what is wrong with these options, or returns <see langword="null"/>.</summary>
    /// <returns>The problem, or <see langword="null"/>.</returns>
    internal string? Problem() => KeyedProblem()?.Message;

    /// <summary>Explains what is wrong with these options and names the option at fault, or returns <see langword="null"/>.</summary>
    /// <returns>The option's key and the problem, or <see langword="null"/>.</returns>
    internal (string Key, string Message)? KeyedProblem()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            return (nameof(ConnectionString), "A connection string (or a database file: SqliteStoreOptions.ForFile) is required.");
        }

        if (BusyTimeout < TimeSpan.Zero || BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            return (nameof(BusyTimeout), $"BusyTimeout must be from zero to {TimeSpan.FromMilliseconds(int.MaxValue)} (was {BusyTimeout}).");
        }

        return ConnectionStringProblem() is { } problem ? (nameof(ConnectionString), problem) : null;
    }

    private string? ConnectionStringProblem()
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(ConnectionString);
        }
        catch (ArgumentException e)
        {
            return $"The connection string is not valid: {e.Message}";
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            return "The store needs a database file: an in-memory or temporary database is not shared between the store's connections.";
        }

        return builder.Mode == SqliteOpenMode.ReadOnly ? "The store writes: a read-only connection string cannot be used." : null;
    }
}
