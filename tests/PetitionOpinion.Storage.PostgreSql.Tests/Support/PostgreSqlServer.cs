using Npgsql;

namespace PetitionOpinion.Storage.PostgreSql.Tests.Support;

/// <summary>
/// The PostgreSQL server the tests use: its connection string comes from <see cref="Variable"/>. One data source (one
/// pool) serves every test of the run, so that parallel test classes do not open a pool each; every test works in a
/// schema of its own (<see cref="TestSchema"/>), so that runs, and other users of the server, do not see each other.
/// </summary>
public static class PostgreSqlServer
{
    /// <summary>The environment variable that holds the connection string.</summary>
    public const string Variable = "PETITIONOPINION_TEST_POSTGRES";

    private const string HowToRun =
        "run `eng/postgres.sh start` (a throw-away server on 127.0.0.1:55432; `eng/postgres.sh stop` removes it), then "
        + "`export " + Variable + "='Host=127.0.0.1;Port=55432;Username=postgres;Database=petition_opinion_test;Pooling=true;Maximum Pool Size=50'` "
        + "(`eng/postgres.sh env` prints that line) and run the tests again";

    private static readonly Lazy<Task<NpgsqlDataSource>> Shared = new(ConnectAsync);

    /// <summary>Gets the connection string, or <see langword="null"/> when the variable is not set.</summary>
    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Gets a value indicating whether this is a CI run (<c>CI=true</c>): then the server is expected, and its absence fails the tests.</summary>
    public static bool InContinuousIntegration => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Gets why the tests that need the server are left out of the run: no server is configured on a developer's machine; <see langword="null"/> when they run.</summary>
    public static string? SkipReason => ConnectionString is null && !InContinuousIntegration
        ? $"No PostgreSQL server configured ({Variable} is not set): to run the PostgreSQL store's tests, {HowToRun}. In CI (CI=true) they fail instead of being left out."
        : null;

    /// <summary>Gets the shared data source, once the server answered; throws the same clear error in every test when it is not configured in CI or not reachable.</summary>
    /// <returns>The data source.</returns>
    /// <exception cref="InvalidOperationException">CI without the variable, or a server that cannot be reached.</exception>
    public static Task<NpgsqlDataSource> DataSourceAsync() => Shared.Value;

    private static async Task<NpgsqlDataSource> ConnectAsync()
    {
        var connectionString = ConnectionString
            ?? throw new InvalidOperationException($"CI=true, so the PostgreSQL store's tests must run, but {Variable} is not set: .ci/run must start a server and export it; locally, {HowToRun}.");
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            return dataSource;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await dataSource.DisposeAsync();
            throw new InvalidOperationException(
                $"{Variable} is set, but the PostgreSQL server at {builder.Host}:{builder.Port} (database '{builder.Database}', user '{builder.Username}') cannot be reached: {e.Message.TrimEnd('.')}. "
                + $"Start it ({HowToRun}), or unset {Variable} to skip these tests.",
                e);
        }
    }
}

/// <summary>Marks a test class that needs no PostgreSQL server: it runs even when the others are left out.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RunsWithoutPostgreSqlAttribute : Attribute;
