using Ardalis.GuardClauses;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using PetitionOpinion.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL store in place of the default in-memory one.</summary>
public static class PostgreSqlStorePetitionOpinionBuilderExtensions
{
    /// <summary>The name of the <see cref="PostgreSqlStoreOptions"/> that the overloads taking an <see cref="IConfiguration"/> bind: <c>PetitionOpinion.Storage.PostgreSql</c>.</summary>
    public const string OptionsName = "PetitionOpinion.Storage.PostgreSql";

    /// <summary>
    /// Stores incidents in a PostgreSQL database, in the schema <c>petition_opinion</c> (created on first use): replaces
    /// any registered <see cref="IIncidentStore"/>, <see cref="ISharedOutbox"/> and <see cref="ILeaseStore"/> with one
    /// singleton <see cref="PostgreSqlIncidentStore"/> on the registered <see cref="TimeProvider"/>. The container disposes it.
    /// </summary>
    /// <param name="builder">What <c>AddPetitionOpinion</c> returned.</param>
    /// <param name="connectionString">The Npgsql connection string, e.g. <c>configuration.GetConnectionString("Incidents")</c>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The connection string is not usable (the message never quotes it).</exception>
    public static IPetitionOpinionBuilder UsePostgreSqlStore(this IPetitionOpinionBuilder builder, string connectionString)
    {
        Guard.Against.Null(builder);
        Guard.Against.Null(connectionString);
        return builder.UsePostgreSqlStore(o => o.ConnectionString = connectionString);
    }

    /// <summary>
    /// Stores incidents in a PostgreSQL database given by options (the connection string, the schema, whether to migrate
    /// it, the command timeout): replaces any registered <see cref="IIncidentStore"/>, <see cref="ISharedOutbox"/> and
    /// <see cref="ILeaseStore"/> with one singleton <see cref="PostgreSqlIncidentStore"/>, which creates its own data
    /// source. The options are checked now.
    /// </summary>
    /// <param name="builder">What <c>AddPetitionOpinion</c> returned.</param>
    /// <param name="configure">Sets the options, e.g. <c>o =&gt; configuration.GetSection("Incidents").Bind(o)</c>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The options are not usable (the message never quotes the connection string).</exception>
    public static IPetitionOpinionBuilder UsePostgreSqlStore(this IPetitionOpinionBuilder builder, Action<PostgreSqlStoreOptions> configure)
    {
        Guard.Against.Null(builder);
        Guard.Against.Null(configure);
        var options = Configure(configure, connectionStringRequired: true);
        return Register(builder, sp => new PostgreSqlIncidentStore(options, Time(sp)));
    }

    /// <summary>
    /// Stores incidents in a PostgreSQL database reached through a data source the application registers (e.g. with
    /// Npgsql.DependencyInjection's <c>AddNpgsqlDataSource</c>, which also brings its logging and metrics): replaces any
    /// registered <see cref="IIncidentStore"/>, <see cref="ISharedOutbox"/> and <see cref="ILeaseStore"/> with one
    /// singleton <see cref="PostgreSqlIncidentStore"/> that uses the data source and leaves its disposal to whoever owns
    /// it. <see cref="PostgreSqlStoreOptions.ConnectionString"/> is ignored. The options are checked now.
    /// </summary>
    /// <param name="builder">What <c>AddPetitionOpinion</c> returned.</param>
    /// <param name="dataSource">Gets the data source, e.g. <c>sp =&gt; sp.GetRequiredService&lt;NpgsqlDataSource&gt;()</c>.</param>
    /// <param name="configure">Sets the options (the schema and the rest).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The options are not usable.</exception>
    public static IPetitionOpinionBuilder UsePostgreSqlStore(this IPetitionOpinionBuilder builder, Func<IServiceProvider, NpgsqlDataSource> dataSource, Action<PostgreSqlStoreOptions> configure)
    {
        Guard.Against.Null(builder);
        Guard.Against.Null(dataSource);
        Guard.Against.Null(configure);
        var options = Configure(configure, connectionStringRequired: false);
        return Register(builder, sp => new PostgreSqlIncidentStore(dataSource(sp), options, Time(sp)));
    }

    /// <summary>
    /// Stores incidents in a PostgreSQL database given by a configuration section (keys <c>ConnectionString</c>,
    /// <c>Schema</c>, <c>AutoMigrate</c>, <c>CommandTimeout</c>, <c>PrepareStatements</c>, as
    /// <see cref="PostgreSqlStoreOptions"/>): replaces any registered <see cref="IIncidentStore"/>,
    /// <see cref="ISharedOutbox"/> and <see cref="ILeaseStore"/> with one singleton <see cref="PostgreSqlIncidentStore"/>.
    /// The options are bound as the named options <see cref="OptionsName"/> and validated at start-up
    /// (<c>ValidateOnStart</c>): a problem fails the host's start with the key at fault, e.g.
    /// <c>PetitionOpinion:Storage:PostgreSql:Schema: …</c> (a connection string is never quoted).
    /// </summary>
    /// <param name="builder">What <c>AddPetitionOpinion</c> returned.</param>
    /// <param name="configuration">The section, e.g. <c>configuration.GetSection("PetitionOpinion:Storage:PostgreSql")</c>.</param>
    /// <returns>The builder.</returns>
    public static IPetitionOpinionBuilder UsePostgreSqlStore(this IPetitionOpinionBuilder builder, IConfiguration configuration)
    {
        Guard.Against.Null(builder);
        Guard.Against.Null(configuration);
        Bind(builder, configuration, connectionStringRequired: true);
        return Register(builder, sp => new PostgreSqlIncidentStore(Bound(sp), Time(sp)));
    }

    /// <summary>
    /// Stores incidents in a PostgreSQL database reached through a data source the application registers, with the other
    /// options given by a configuration section (as <see cref="UsePostgreSqlStore(IPetitionOpinionBuilder, IConfiguration)"/>;
    /// <c>ConnectionString</c> is ignored): see
    /// <see cref="UsePostgreSqlStore(IPetitionOpinionBuilder, Func{IServiceProvider, NpgsqlDataSource}, Action{PostgreSqlStoreOptions})"/>.
    /// The options are validated at start-up.
    /// </summary>
    /// <param name="builder">What <c>AddPetitionOpinion</c> returned.</param>
    /// <param name="dataSource">Gets the data source, e.g. <c>sp =&gt; sp.GetRequiredService&lt;NpgsqlDataSource&gt;()</c>.</param>
    /// <param name="configuration">The section, e.g. <c>configuration.GetSection("PetitionOpinion:Storage:PostgreSql")</c>.</param>
    /// <returns>The builder.</returns>
    public static IPetitionOpinionBuilder UsePostgreSqlStore(this IPetitionOpinionBuilder builder, Func<IServiceProvider, NpgsqlDataSource> dataSource, IConfiguration configuration)
    {
        Guard.Against.Null(builder);
        Guard.Against.Null(dataSource);
        Guard.Against.Null(configuration);
        Bind(builder, configuration, connectionStringRequired: false);
        return Register(builder, sp => new PostgreSqlIncidentStore(dataSource(sp), Bound(sp), Time(sp)));
    }

    private static void Bind(IPetitionOpinionBuilder builder, IConfiguration configuration, bool connectionStringRequired)
    {
        var path = configuration is IConfigurationSection section ? section.Path : nameof(PostgreSqlStoreOptions);
        var services = builder.Services;
        services.AddOptions<PostgreSqlStoreOptions>(OptionsName).Bind(configuration).ValidateOnStart();
        for (var i = services.Count - 1; i >= 0; i--)
        {
            // A later call replaces the earlier one's path; the application's own validators stay.
            if (services[i].ImplementationInstance is Validator)
            {
                services.RemoveAt(i);
            }
        }

        services.AddSingleton<IValidateOptions<PostgreSqlStoreOptions>>(new Validator(path, connectionStringRequired));
    }

    private static PostgreSqlStoreOptions Bound(IServiceProvider services)
        => services.GetRequiredService<IOptionsMonitor<PostgreSqlStoreOptions>>().Get(OptionsName);

    private static PostgreSqlStoreOptions Configure(Action<PostgreSqlStoreOptions> configure, bool connectionStringRequired)
    {
        var options = new PostgreSqlStoreOptions();
        configure(options);
        return options.Problem(connectionStringRequired) is { } problem ? throw new ArgumentException(problem, nameof(configure)) : options;
    }

    private static TimeProvider Time(IServiceProvider services) => services.GetService<TimeProvider>() ?? TimeProvider.System;

    private static IPetitionOpinionBuilder Register(IPetitionOpinionBuilder builder, Func<IServiceProvider, PostgreSqlIncidentStore> create)
    {
        var services = builder.Services;
        services.RemoveAll<IIncidentStore>();
        services.RemoveAll<ISharedOutbox>();
        services.RemoveAll<ILeaseStore>();
        services.RemoveAll<PostgreSqlIncidentStore>();
        services.AddSingleton(create);
        services.AddSingleton<IIncidentStore>(sp => sp.GetRequiredService<PostgreSqlIncidentStore>());
        services.AddSingleton<ISharedOutbox>(sp => sp.GetRequiredService<PostgreSqlIncidentStore>());
        services.AddSingleton<ILeaseStore>(sp => sp.GetRequiredService<PostgreSqlIncidentStore>());
        return builder;
    }

    /// <summary>Checks the bound options under their configuration path.</summary>
    private sealed class Validator(string path, bool connectionStringRequired) : IValidateOptions<PostgreSqlStoreOptions>
    {
        public ValidateOptionsResult Validate(string? name, PostgreSqlStoreOptions options)
            => !string.Equals(name, OptionsName, StringComparison.Ordinal) ? ValidateOptionsResult.Skip
                : options.KeyedProblem(connectionStringRequired) is { } problem ? ValidateOptionsResult.Fail($"{path}:{problem.Key}: {problem.Message}")
                : ValidateOptionsResult.Success;
    }
}
