using Ardalis.GuardClauses;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PetitionOpinion.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite store in place of the default in-memory one.</summary>
public static class SqliteStorePetitionOpinionBuilderExtensions
{
    /// <summary>The name of the <see cref="SqliteStoreOptions"/> that <see cref="UseSqliteStore(IPetitionOpinionBuilder, IConfiguration)"/> binds: <c>PetitionOpinion.Storage.Sqlite</c>.</summary>
    public const string OptionsName = "PetitionOpinion.Storage.Sqlite";

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

        return Register(builder, _ => options);
    }

    /// <summary>
    /// Stores incidents in a SQLite database given by a configuration section (keys <c>ConnectionString</c> and
    /// <c>BusyTimeout</c>, as <see cref="SqliteStoreOptions"/>): replaces any registered <see cref="IIncidentStore"/> with a
    /// singleton <see cref="SqliteIncidentStore"/>. The options are bound as the named options <see cref="OptionsName"/>
    /// and validated at start-up (<c>ValidateOnStart</c>): a problem fails the host's start with the key at fault, e.g.
    /// <c>PetitionOpinion:Storage:Sqlite:ConnectionString: …</c>.
    /// </summary>
    /// <param name="builder">What <c>AddPetitionOpinion</c> returned.</param>
    /// <param name="configuration">The section, e.g. <c>configuration.GetSection("PetitionOpinion:Storage:Sqlite")</c>.</param>
    /// <returns>The builder.</returns>
    public static IPetitionOpinionBuilder UseSqliteStore(this IPetitionOpinionBuilder builder, IConfiguration configuration)
    {
        Guard.Against.Null(builder);
        Guard.Against.Null(configuration);
        var path = configuration is IConfigurationSection section ? section.Path : nameof(SqliteStoreOptions);
        var services = builder.Services;
        services.AddOptions<SqliteStoreOptions>(OptionsName).Bind(configuration).ValidateOnStart();
        for (var i = services.Count - 1; i >= 0; i--)
        {
            // A later call replaces the earlier one's path; the application's own validators stay.
            if (services[i].ImplementationInstance is Validator)
            {
                services.RemoveAt(i);
            }
        }

        services.AddSingleton<IValidateOptions<SqliteStoreOptions>>(new Validator(path));
        return Register(builder, sp => sp.GetRequiredService<IOptionsMonitor<SqliteStoreOptions>>().Get(OptionsName));
    }

    private static IPetitionOpinionBuilder Register(IPetitionOpinionBuilder builder, Func<IServiceProvider, SqliteStoreOptions> options)
    {
        var services = builder.Services;
        services.RemoveAll<IIncidentStore>();
        services.RemoveAll<SqliteIncidentStore>();
        services.AddSingleton(sp => new SqliteIncidentStore(options(sp), sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<IIncidentStore>(sp => sp.GetRequiredService<SqliteIncidentStore>());
        return builder;
    }

    /// <summary>Checks the bound options under their configuration path.</summary>
    private sealed class Validator(string path) : IValidateOptions<SqliteStoreOptions>
    {
        public ValidateOptionsResult Validate(string? name, SqliteStoreOptions options)
            => !string.Equals(name, OptionsName, StringComparison.Ordinal) ? ValidateOptionsResult.Skip
                : options.KeyedProblem() is { } problem ? ValidateOptionsResult.Fail($"{path}:{problem.Key}: {problem.Message}")
                : ValidateOptionsResult.Success;
    }
}
