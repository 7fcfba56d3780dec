namespace PetitionOpinion.Samples.WebApi.Hosting;

/// <summary>
/// Where the sample keeps its incidents: the <c>Store</c> section of the configuration. <c>Provider</c> is <c>Sqlite</c>
/// (default; the file <c>Path</c>, relative to the app's folder: <c>petition-opinion-web.db</c> beside the app),
/// <c>PostgreSql</c> (the database of <c>ConnectionString</c>, which several instances of the host can share) or
/// <c>InMemory</c> (the library's default store, forgotten at exit).
/// </summary>
internal sealed class StoreSettings
{
    public const string SectionName = "Store";

    public string Provider { get; set; } = "Sqlite";

    public string Path { get; set; } = "petition-opinion-web.db";

    public string? ConnectionString { get; set; }

    public bool UsesSqlite => string.Equals(Provider, "Sqlite", StringComparison.OrdinalIgnoreCase);

    public bool UsesPostgreSql => string.Equals(Provider, "PostgreSql", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the section and checks it: an unknown provider stops the host at start-up rather than storing nowhere.</summary>
    public static StoreSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(SectionName).Get<StoreSettings>() ?? new StoreSettings();
        if (!settings.UsesSqlite && !settings.UsesPostgreSql && !string.Equals(settings.Provider, "InMemory", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{SectionName}:Provider: '{settings.Provider}' is not a store; use Sqlite, PostgreSql or InMemory.");
        }

        if (settings.UsesPostgreSql && string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            throw new InvalidOperationException($"{SectionName}:ConnectionString: the PostgreSQL store needs a connection string.");
        }

        if (settings.UsesSqlite && string.IsNullOrWhiteSpace(settings.Path))
        {
            throw new InvalidOperationException($"{SectionName}:Path: the SQLite store needs a file path.");
        }

        return settings;
    }

    /// <summary>Says where incidents are stored, for the start-up log (never the connection string: it may hold a password).</summary>
    public string Describe()
        => UsesSqlite ? $"in the SQLite file {FullPath}"
        : UsesPostgreSql ? $"in PostgreSQL ({new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString).Host}, database {new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString).Database})"
        : "in memory";

    /// <summary>The database file: an absolute path as given, a relative one beside the app.</summary>
    public string FullPath => System.IO.Path.GetFullPath(Path, AppContext.BaseDirectory);
}
