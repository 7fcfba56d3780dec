using System.Text.RegularExpressions;
using Npgsql;

namespace PetitionOpinion.Storage;

/// <summary>Which PostgreSQL database and schema a <see cref="PostgreSqlIncidentStore"/> uses, and how.</summary>
public sealed partial class PostgreSqlStoreOptions
{
    /// <summary>The default <see cref="Schema"/>: <c>petition_opinion</c>.</summary>
    public const string DefaultSchema = "petition_opinion";

    /// <summary>The default <see cref="CommandTimeout"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets the Npgsql connection string, e.g. <c>Host=db;Database=app;Username=app;Password=…</c>. Required,
    /// unless the store is given an <see cref="NpgsqlDataSource"/> (then it is ignored). Pooling is on unless the string
    /// turns it off: size the pool (<c>Maximum Pool Size</c>, default 100) for the appends and reads running at once.
    /// Default: empty (required).
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets the PostgreSQL schema that holds the store's tables: 1 to 63 lower-case ASCII letters, digits and
    /// underscores, starting with a letter or an underscore, not <c>pg_</c>…. Several stores (applications, tenants,
    /// test runs) can share a database in different schemas. Default: <see cref="DefaultSchema"/> (<c>petition_opinion</c>).
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>
    /// Gets or sets whether the store creates the schema, or migrates it to the current version, on first use. Turn it
    /// off where the application's database role may not change the schema and a DBA applies <c>schema.sql</c>
    /// (<see cref="PostgreSqlIncidentStore.SchemaScript"/>) instead: the store then only checks the schema's version
    /// and fails clearly when it is missing or older. Default: <see langword="true"/>.
    /// </summary>
    public bool AutoMigrate { get; set; } = true;

    /// <summary>
    /// Gets or sets how long one database command may run before it fails (it includes waiting for a lock another
    /// transaction holds); rounded up to whole seconds, <see cref="TimeSpan.Zero"/> for no limit. Default:
    /// <see cref="DefaultCommandTimeout"/> (30 seconds).
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = DefaultCommandTimeout;

    /// <summary>
    /// Gets or sets whether the store prepares its statements on each connection (PostgreSQL then parses and plans
    /// them once per connection instead of per call). Turn it off behind a connection pooler in transaction mode that does
    /// not support prepared statements (PgBouncer before 1.21); it is off anyway with Npgsql's multiplexing.
    /// Default: <see langword="true"/>.
    /// </summary>
    public bool PrepareStatements { get; set; } = true;

    /// <summary>Explains what is wrong with these options, or returns <see langword="null"/>.</summary>
    /// <param name="connectionStringRequired">Whether <see cref="ConnectionString"/> is used (no data source was given).</param>
    /// <returns>The problem, or <see langword="null"/>.</returns>
    internal string? Problem(bool connectionStringRequired) => KeyedProblem(connectionStringRequired)?.Message;

    /// <summary>Explains what is wrong with these options and names the option at fault, or returns <see langword="null"/>.</summary>
    /// <param name="connectionStringRequired">Whether <see cref="ConnectionString"/> is used (no data source was given).</param>
    /// <returns>The option's key and the problem, or <see langword="null"/>.</returns>
    internal (string Key, string Message)? KeyedProblem(bool connectionStringRequired)
    {
        if (SchemaProblem(Schema) is { } schema)
        {
            return (nameof(Schema), schema);
        }

        if (CommandTimeout < TimeSpan.Zero || Math.Ceiling(CommandTimeout.TotalSeconds) > int.MaxValue)
        {
            return (nameof(CommandTimeout), $"CommandTimeout must be from zero (no limit) to {TimeSpan.FromSeconds(int.MaxValue)} (was {CommandTimeout}).");
        }

        return connectionStringRequired && ConnectionStringProblem(ConnectionString) is { } problem ? (nameof(ConnectionString), problem) : null;
    }

    /// <summary>Gets <see cref="CommandTimeout"/> in whole seconds, as Npgsql takes it (0: no limit).</summary>
    internal int CommandTimeoutSeconds => (int)Math.Ceiling(CommandTimeout.TotalSeconds);

    /// <summary>Explains what is wrong with a schema name, or returns <see langword="null"/>.</summary>
    /// <param name="schema">The name.</param>
    /// <returns>The problem, or <see langword="null"/>.</returns>
    internal static string? SchemaProblem(string? schema)
        => schema is not null && SchemaName().IsMatch(schema) && !schema.StartsWith("pg_", StringComparison.Ordinal)
            ? null
            : $"Schema must be 1 to 63 lower-case ASCII letters, digits and underscores, start with a letter or an underscore and not with 'pg_' (was {(schema is null ? "null" : $"'{schema}'")}).";

    /// <summary>
    /// Explains what is wrong with a connection string without quoting it: a malformed string may cut a password in two, so
    /// that a piece of it would be reported as an unknown keyword. The message names the first bad part by its position, and
    /// by its keyword only when Npgsql knows that keyword.
    /// </summary>
    /// <param name="connectionString">The connection string.</param>
    /// <returns>The problem, or <see langword="null"/>.</returns>
    internal static string? ConnectionStringProblem(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "A connection string is required (e.g. 'Host=db;Database=app;Username=app;Password=…'), or give the store an NpgsqlDataSource.";
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (IsParseFailure(e))
        {
            return $"The connection string is not a valid Npgsql connection string: {FirstBadPart(connectionString)} (its text is not repeated here: it may hold a password).";
        }

        return string.IsNullOrWhiteSpace(builder.Host) ? "The connection string names no Host." : null;
    }

    private static string FirstBadPart(string connectionString)
    {
        var parts = connectionString.Split(';');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Trim().Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return $"part {i + 1} (of {parts.Length}, split at ';') has no 'keyword=value' shape — is a value containing ';' left unquoted?";
            }

            var keyword = part[..equals].Trim();
            try
            {
                _ = new NpgsqlConnectionStringBuilder(part);
            }
            catch (Exception e) when (IsParseFailure(e))
            {
                // Only a keyword Npgsql knows is named: an unknown one may be the rest of a password cut at a ';'.
                return new NpgsqlConnectionStringBuilder().ContainsKey(keyword)
                    ? $"the value of '{keyword}' is malformed"
                    : $"part {i + 1} (of {parts.Length}, split at ';') has an unknown keyword — is a value containing ';' left unquoted?";
            }
        }

        return "it could not be parsed";
    }

    /// <summary>Whether an exception from parsing a connection string means that the text is malformed (Npgsql throws several kinds, e.g. <see cref="KeyNotFoundException"/> for <c>Unknown=</c>).</summary>
    /// <param name="exception">The exception.</param>
    /// <returns><see langword="true"/> for a malformed text.</returns>
    private static bool IsParseFailure(Exception exception)
        => exception is ArgumentException or FormatException or KeyNotFoundException or InvalidCastException or OverflowException or NotSupportedException;

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();
}
