using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using Ardalis.GuardClauses;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;
using PetitionOpinion.Assessment;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Diagnostics;
using PetitionOpinion.Monitoring;
using PetitionOpinion.Notifications;
using PetitionOpinion;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Readiness;
using PetitionOpinion.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers PetitionOpinion in a service collection.</summary>
public static class PetitionOpinionServiceCollectionExtensions
{
    /// <summary>
    /// Registers the organisation, the authority policy, the incident lifecycle, the risk rule set, the repository over the
    /// in-memory store, the deadline policy (China's working-day calendar), scanner and monitor, the notification router and
    /// dispatcher (give it channels with <c>AddNotificationChannel</c>), the opinion monitor and the <see cref="PostIntake"/> that
    /// feeds it posts (with the registered <see cref="ISentimentScorer"/>, <see cref="LexiconSentimentScorer"/> unless the host registered one first, and an <see cref="ITextSegmenter"/> if one is registered), the readiness setup (with its
    /// <see cref="ResourceCatalog"/>) and <see cref="ReadinessChecker"/>, the <see cref="PetitionOpinionTelemetry"/> they report
    /// to (its meter from the host's <see cref="IMeterFactory"/> when there is one), and their defaults (each with
    /// <c>TryAdd</c>, so a host's own registration wins; <see cref="TimeProvider.System"/> unless the host registered a
    /// <see cref="TimeProvider"/>). Options are validated at start-up with every error listed.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Code that sets the options.</param>
    /// <returns>A builder for further registrations.</returns>
    public static IPetitionOpinionBuilder AddPetitionOpinion(this IServiceCollection services, Action<PetitionOpinionOptions> configure)
    {
        Guard.Against.Null(services);
        Guard.Against.Null(configure);
        return AddCore(services, services.AddOptions<PetitionOpinionOptions>().Configure(configure));
    }

    /// <summary>Registers PetitionOpinion with default options: the seed's organisation (which still needs its people, so configure them elsewhere) and the default matrix.</summary>
    /// <param name="services">The services.</param>
    /// <returns>A builder for further registrations.</returns>
    public static IPetitionOpinionBuilder AddPetitionOpinion(this IServiceCollection services)
    {
        Guard.Against.Null(services);
        return AddCore(services, services.AddOptions<PetitionOpinionOptions>());
    }

    /// <summary>Registers PetitionOpinion with options bound from <paramref name="configuration"/> (a section shaped like <see cref="PetitionOpinionOptions"/>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration section, e.g. <c>configuration.GetSection("PetitionOpinion")</c>.</param>
    /// <returns>A builder for further registrations.</returns>
    /// <remarks>Code that adjusts the bound options can follow: <c>services.Configure&lt;PetitionOpinionOptions&gt;(o =&gt; ...)</c>.</remarks>
    public static IPetitionOpinionBuilder AddPetitionOpinion(this IServiceCollection services, IConfiguration configuration)
    {
        Guard.Against.Null(services);
        Guard.Against.Null(configuration);
        return AddCore(services, services.AddOptions<PetitionOpinionOptions>().Bind(configuration));
    }

    private static PetitionOpinionBuilder AddCore(IServiceCollection services, OptionsBuilder<PetitionOpinionOptions> options)
    {
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PetitionOpinionOptions>, PetitionOpinionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IIncidentIdGenerator>(sp => new GuidV7IncidentIdGenerator(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<PetitionOpinionOptions>>().Value.BuildOrganization().AsT0);
        services.TryAddSingleton<IAuthorityPolicy>(sp =>
        {
            var organization = sp.GetRequiredService<ResponseOrganization>();
            var matrix = sp.GetRequiredService<IOptions<PetitionOpinionOptions>>().Value.BuildAuthorityMatrix(organization).AsT0;
            return new MatrixAuthorityPolicy(organization, matrix);
        });
        services.TryAddSingleton<IWorkingDayCalendar>(WorkingDayCalendar.China);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<PetitionOpinionOptions>>().Value.Deadlines.Build(sp.GetRequiredService<IWorkingDayCalendar>()).Match(
            policy => policy,
            error => throw new InvalidOperationException($"The deadline policy cannot be built: {error.Message}")));
        services.TryAddSingleton(sp => new IncidentLifecycle(
            sp.GetRequiredService<ResponseOrganization>(),
            sp.GetRequiredService<IAuthorityPolicy>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IIncidentIdGenerator>(),
            deadlines: sp.GetRequiredService<DeadlinePolicy>(),
            limits: sp.GetRequiredService<IOptions<PetitionOpinionOptions>>().Value.Limits));
        services.TryAddSingleton(sp => new DeadlineScanner(sp.GetRequiredService<DeadlinePolicy>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<DeadlineScanner>>()));
        services.TryAddSingleton(sp => new NotificationRouter(sp.GetRequiredService<ResponseOrganization>(), sp.GetRequiredService<DeadlinePolicy>().UtcOffset));
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<PetitionOpinionOptions>>().Value.Assessment.BuildRuleSet(sp.GetServices<IRiskRule>(), "Assessment").Match(
            set => set,
            error => throw new InvalidOperationException($"The risk rule set cannot be built: {error.Message}")));
        services.TryAddSingleton<IncidentEventSerializer>();
        services.TryAddSingleton<IIncidentStore, InMemoryIncidentStore>();
        // Metric tags name only the categories the rule set knows (any other is "other"); the container disposes it.
        services.TryAddSingleton(sp => new PetitionOpinionTelemetry(sp.GetService<IMeterFactory>(), sp.GetRequiredService<RiskRuleSet>().Categories));
        services.TryAddSingleton(sp => new IncidentRepository(
            sp.GetRequiredService<IIncidentStore>(),
            sp.GetRequiredService<IncidentLifecycle>(),
            sp.GetRequiredService<IncidentEventSerializer>(),
            sp.GetRequiredService<IOptions<PetitionOpinionOptions>>().Value.Storage,
            sp.GetRequiredService<NotificationRouter>(),
            sp.GetRequiredService<PetitionOpinionTelemetry>(),
            sp.GetService<ILogger<IncidentRepository>>()));
        // A store several instances share coordinates them: the dispatchers claim disjoint outbox batches and one
        // instance at a time runs the deadline scanner, both under the same instance name (the options resolve it once).
        services.TryAddSingleton(sp => new DeadlineMonitor(
            sp.GetRequiredService<IncidentRepository>(),
            sp.GetRequiredService<DeadlineScanner>(),
            sp.GetService<ILogger<DeadlineMonitor>>(),
            sp.GetRequiredService<IIncidentStore>() as ILeaseStore,
            sp.GetRequiredService<IOptions<PetitionOpinionOptions>>().Value.Coordination));
        services.TryAddSingleton(sp => new NotificationDispatcher(
            sp.GetRequiredService<IIncidentStore>(),
            sp.GetServices<INotificationChannel>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<PetitionOpinionOptions>>().Value.Notifications,
            sp.GetRequiredService<IOptions<PetitionOpinionOptions>>().Value.Coordination,
            sp.GetRequiredService<PetitionOpinionTelemetry>(),
            sp.GetService<ILogger<NotificationDispatcher>>()));
        services.TryAddSingleton(sp =>
        {
            var monitoring = sp.GetRequiredService<IOptions<PetitionOpinionOptions>>().Value.Monitoring;
            return new OpinionMonitor(
                sp.GetRequiredService<IncidentRepository>(),
                monitoring,
                sp.GetRequiredService<TimeProvider>(),
                new RiskCategory(monitoring.DefaultCategory),
                sp.GetService<ILogger<OpinionMonitor>>());
        });
        // The checkpointed monitor, for stores that keep checkpoints (in memory, SQLite, PostgreSQL): partitions over the
        // store's leases when it has them (several instances), every partition otherwise.
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<PetitionOpinionOptions>>().Value;
            var store = sp.GetRequiredService<IIncidentStore>();
            return new PartitionedOpinionMonitor(
                sp.GetRequiredService<IncidentRepository>(),
                store as IMonitorCheckpointStore ?? throw new InvalidOperationException($"The registered store ({store.GetType().Name}) keeps no monitor checkpoints (IMonitorCheckpointStore): PartitionedOpinionMonitor needs one. Use OpinionMonitor, or a store that keeps them (in memory, SQLite, PostgreSQL)."),
                options.Monitoring,
                sp.GetRequiredService<TimeProvider>(),
                new RiskCategory(options.Monitoring.DefaultCategory),
                options.Coordination.ResolveInstanceName(),
                store as ILeaseStore,
                sp.GetService<ILogger<PartitionedOpinionMonitor>>());
        });
        // Posts to signals: the schemes matched on the registered segmenter (words anywhere in the text without one) and
        // the registered sentiment scorer: the built-in lexicon unless the application registered its own (a trained
        // SentimentModel, say).
        services.TryAddSingleton<ISentimentScorer>(LexiconSentimentScorer.Instance);
        services.TryAddSingleton(sp => new PostIntake(
            sp.GetRequiredService<OpinionMonitor>(),
            sp.GetRequiredService<IOptions<PetitionOpinionOptions>>().Value.Posts,
            sp.GetRequiredService<ISentimentScorer>(),
            sp.GetService<ITextSegmenter>()));
        AddReadiness(services);
        return new PetitionOpinionBuilder(services);
    }

    // The readiness setup comes from the options (checked at start-up) with the registered catalogue, so that a host's own
    // ResourceCatalog is the one checked. Start-up validation cannot tell whose catalogue will be used, so it checks training
    // courses against the configured resources only when there are any; building the setup checks them against the
    // catalogue in use, and fails on a course it does not have as a training course. The checker takes the organisation's
    // UTC offset from the deadline policy, so that training is judged on the organisation's date, and checks the policy's
    // calendar (with its calendar files) for years without a holiday schedule.
    private static void AddReadiness(IServiceCollection services)
    {
        static ReadinessSetup Configured(IServiceProvider sp, ResourceCatalog? catalog)
        {
            var organization = sp.GetRequiredService<ResponseOrganization>();
            return sp.GetRequiredService<IOptions<PetitionOpinionOptions>>().Value.Readiness.BuildChecking("Readiness", g => organization.FindGroup(g) is not null, organization.Knows, catalog).Match(
                setup => setup,
                error => throw new InvalidOperationException($"The readiness setup cannot be built: {error.Message}"));
        }

        services.TryAddSingleton(sp => Configured(sp, null).Resources);
        services.TryAddSingleton(sp => Configured(sp, sp.GetRequiredService<ResourceCatalog>()));
        services.TryAddSingleton(sp => new ReadinessChecker(
            sp.GetRequiredService<ResponseOrganization>(),
            sp.GetRequiredService<IAuthorityPolicy>(),
            sp.GetRequiredService<RiskRuleSet>(),
            sp.GetRequiredService<ReadinessSetup>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<DeadlinePolicy>().UtcOffset,
            sp.GetRequiredService<IOptions<PetitionOpinionOptions>>().Value.Storage.BuildAuditKeyRing(),
            sp.GetRequiredService<DeadlinePolicy>().Calendar));
    }

    /// <summary>Adds a risk rule written in code to the rule set (after the default and configured rules).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="rule">The rule.</param>
    /// <returns>The builder.</returns>
    public static IPetitionOpinionBuilder AddRiskRule(this IPetitionOpinionBuilder builder, IRiskRule rule)
    {
        Guard.Against.Null(builder);
        Guard.Against.Null(rule);
        builder.Services.AddSingleton(rule);
        return builder;
    }

    /// <summary>Adds a notification channel: every notification is delivered to every channel added.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="channel">The channel.</param>
    /// <returns>The builder.</returns>
    public static IPetitionOpinionBuilder AddNotificationChannel(this IPetitionOpinionBuilder builder, INotificationChannel channel)
    {
        Guard.Against.Null(builder);
        Guard.Against.Null(channel);
        builder.Services.AddSingleton(channel);
        return builder;
    }

    /// <summary>Adds a notification channel made by the container (a singleton).</summary>
    /// <typeparam name="TChannel">The channel's type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IPetitionOpinionBuilder AddNotificationChannel<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TChannel>(this IPetitionOpinionBuilder builder)
        where TChannel : class, INotificationChannel
    {
        Guard.Against.Null(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationChannel, TChannel>());
        return builder;
    }

    private sealed class PetitionOpinionBuilder(IServiceCollection services) : IPetitionOpinionBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
