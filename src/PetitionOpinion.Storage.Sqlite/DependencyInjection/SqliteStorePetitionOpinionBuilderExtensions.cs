using Ardalis.GuardClauses;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PetitionOpinion.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite store in place of the default in-memory one.</summary>
public static class SqliteStorePetitionOpinionBuilderExtensions
{
    /// <summary>
    /// Stores incidents in a SQLite database file (created, with its folder, on first use) instead of memory: replaces any
    /// registered <see cref="IIncidentStore"/> with a singleton <see cref="SqliteIncidentStore"/> on the registered
    /// <see cref="TimeProvider"/>. The container disposes it.
    /// </summary>
    /// <param name="builder">What <c>AddPetitionOpinion</c> returned.</param>
    /// <param name="databasePath">The database file, e.g. <c>Path.Combine(AppContext.BaseDirectory, "incidents.db")</c>; a relative path is resolved against the current directory now.</param>
    /// <returns>The builder.</returns>
    public static IPetitionOpinionBuilder UseSqliteStore(this IPetitionOpinionBuilder builder, string databasePath)
    {
        Guard.Against.Null(builder);
        Guard.Against.NullOrWhiteSpace(databasePath);
        var options = SqliteStoreOptions.ForFile(databasePath);
        return builder.UseSqliteStore(o =>
        {
            o.ConnectionString = options.ConnectionString;
            o.BusyTimeout = options.BusyTimeout;
        });
    }

    /// <summary>
    /// Stores incidents in a SQLite database given by options (a connection string, the busy timeout): replaces any
    /// registered <see cref="IIncidentStore"/> with a singleton <see cref="SqliteIncidentStore"/>. The options are checked now.
    /// </summary>
    /// <param name="builder">What <c>AddPetitionOpinion</c> returned.</param>
    /// <param name="configure">Sets the options, e.g. <c>o =&gt; o.ConnectionString = "Data Source=/var/lib/app/incidents.db"</c>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The options do not name a usable database file.</exception>
    public static IPetitionOpinionBuilder UseSqliteStore(this IPetitionOpinionBuilder builder, Action<SqliteStoreOptions> configure)
    {
        Guard.Against.Null(builder);
        Guard.Against.Null(configure);
        var options = new SqliteStoreOptions();
        configure(options);
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(configure));
        }

        var services = builder.Services;
        services.RemoveAll<IIncidentStore>();
        services.RemoveAll<SqliteIncidentStore>();
        services.AddSingleton(sp => new SqliteIncidentStore(options, sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<IIncidentStore>(sp => sp.GetRequiredService<SqliteIncidentStore>());
        return builder;
    }
}
