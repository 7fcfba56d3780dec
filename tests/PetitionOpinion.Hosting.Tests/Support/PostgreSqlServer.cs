using Npgsql;

namespace PetitionOpinion.Hosting.Tests.Support;

/// <summary>
/// The PostgreSQL server the tests of hosts on the PostgreSQL store use, as the PostgreSQL store's own tests find it: its
/// connection string is in <see cref="Variable"/>. On a developer's machine without it those tests are skipped; in CI
/// (<c>CI=true</c>) they run, and a missing or unreachable server fails them. Each test works in a schema of its own
/// (<see cref="CreateSchemaAsync"/>), so that it sees neither other tests nor other users of the server.
/// </summary>
public static class PostgreSqlServer
{
    /// <summary>The environment variable that holds the connection string.</summary>
    public const string Variable = "PETITIONOPINION_TEST_POSTGRES";

    private const string HowToRun = "run `export " + Variable + "=$(eng/postgres.sh start)` (a throw-away server on 127.0.0.1:55432) and run the tests again";

    /// <summary>Gets the connection string, or <see langword="null"/> when the variable is not set.</summary>
    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Gets why the tests that need the server are skipped; <see langword="null"/> when they run (the variable is set, or this is CI).</summary>
    public static string? SkipReason => ConnectionString is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        ? $"No PostgreSQL server configured ({Variable} is not set): to run the hosted loops on the PostgreSQL store, {HowToRun}. In CI (CI=true) they fail instead of being skipped."
        : null;

    /// <summary>Creates a schema of its own for a test (dropped, with everything in it, when the result is disposed).</summary>
    /// <returns>The schema.</returns>
    /// <exception cref="InvalidOperationException">CI without the variable, or a server that cannot be reached.</exception>
    public static async Task<PostgreSqlTestSchema> CreateSchemaAsync()
    {
        var connectionString = ConnectionString
            ?? throw new InvalidOperationException($"CI=true, so the hosted loops' PostgreSQL tests must run, but {Variable} is not set: .ci/run must start a server and export it; locally, {HowToRun}.");
        var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        var schema = new PostgreSqlTestSchema(dataSource, connectionString, "po_hosting_" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var command = dataSource.CreateCommand($"CREATE SCHEMA {schema.Name}");
            await command.ExecuteNonQueryAsync();
            return schema;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await dataSource.DisposeAsync();
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            throw new InvalidOperationException($"{Variable} is set, but the PostgreSQL server at {builder.Host}:{builder.Port} cannot be reached ({e.GetType().Name}): {HowToRun}, or unset {Variable} to skip these tests.", e);
        }
    }
}

/// <summary>A schema of one test on the server of <see cref="PostgreSqlServer"/>, dropped on dispose.</summary>
/// <param name="dataSource">Unpooled connections to the server itself (not through a forwarder).</param>
/// <param name="connectionString">The server's connection string.</param>
/// <param name="name">The schema's name.</param>
public sealed class PostgreSqlTestSchema(NpgsqlDataSource dataSource, string connectionString, string name) : IAsyncDisposable
{
    /// <summary>Gets the schema's name (lower-case letters, digits and underscores).</summary>
    public string Name { get; } = name;

    /// <summary>Gets the server's host and port.</summary>
    public System.Net.DnsEndPoint Server
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return new System.Net.DnsEndPoint(builder.Host!, builder.Port);
        }
    }

    /// <summary>The server's connection string with another host and port (a forwarder's), a small pool and short time-outs.</summary>
    /// <param name="port">The port on 127.0.0.1.</param>
    /// <returns>The connection string.</returns>
    public string ConnectionStringThrough(int port)
        => new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = port, Pooling = true, MaxPoolSize = 10, Timeout = 5, CommandTimeout = 5 }.ConnectionString;

    /// <summary>Reads the de-duplication keys of every outbox message in the schema, acknowledged or not.</summary>
    /// <returns>The keys.</returns>
    public async Task<IReadOnlyList<string>> OutboxKeysAsync()
    {
        await using var command = dataSource.CreateCommand($"SELECT deduplication_key FROM {Name}.outbox");
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await using (var command = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {Name} CASCADE"))
        {
            await command.ExecuteNonQueryAsync();
        }

        await dataSource.DisposeAsync();
    }
}

/// <summary>A fact that needs the PostgreSQL server: skipped, saying how to run it, when <see cref="PostgreSqlServer.SkipReason"/> says so.</summary>
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    /// <summary>Initializes a new instance of the <see cref="PostgreSqlFactAttribute"/> class.</summary>
    public PostgreSqlFactAttribute() => Skip = PostgreSqlServer.SkipReason;
}
