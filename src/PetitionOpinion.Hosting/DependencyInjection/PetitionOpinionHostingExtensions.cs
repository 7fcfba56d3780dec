using System.Diagnostics.CodeAnalysis;
using Ardalis.GuardClauses;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PetitionOpinion.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Runs PetitionOpinion's loops as hosted services, and registers its health checks.</summary>
public static class PetitionOpinionHostingExtensions
{
    /// <summary>
    /// Runs the deadline monitor and the notification dispatcher as hosted services (<see cref="AddDeadlineMonitorService"/>
    /// and <see cref="AddNotificationDispatcherService"/>) with the default <see cref="PetitionOpinionHostingOptions"/>.
    /// </summary>
    /// <param name="builder">The builder <c>AddPetitionOpinion</c> returned.</param>
    /// <returns>The builder.</returns>
    public static IPetitionOpinionBuilder AddPetitionOpinionHosting(this IPetitionOpinionBuilder builder)
    {
        Guard.Against.Null(builder);
        return builder.AddDeadlineMonitorService().AddNotificationDispatcherService();
    }

    /// <summary>Runs the deadline monitor and the notification dispatcher as hosted services, with options set in code.</summary>
    /// <param name="builder">The builder <c>AddPetitionOpinion</c> returned.</param>
    /// <param name="configure">Code that sets the options (validated at start-up).</param>
    /// <returns>The builder.</returns>
    public static IPetitionOpinionBuilder AddPetitionOpinionHosting(this IPetitionOpinionBuilder builder, Action<PetitionOpinionHostingOptions> configure)
    {
        Guard.Against.Null(builder);
        Guard.Against.Null(configure);
        AddOptions(builder.Services).Configure(configure);
        return builder.AddPetitionOpinionHosting();
    }

    /// <summary>Runs the deadline monitor and the notification dispatcher as hosted services, with options bound from <paramref name="configuration"/>.</summary>
    /// <param name="builder">The builder <c>AddPetitionOpinion</c> returned.</param>
    /// <param name="configuration">A section shaped like <see cref="PetitionOpinionHostingOptions"/>, e.g. <c>configuration.GetSection("PetitionOpinion:Hosting")</c>.</param>
    /// <returns>The builder.</returns>
    public static IPetitionOpinionBuilder AddPetitionOpinionHosting(this IPetitionOpinionBuilder builder, IConfiguration configuration)
    {
        Guard.Against.Null(builder);
        Guard.Against.Null(configuration);
        AddOptions(builder.Services).Bind(configuration);
        return builder.AddPetitionOpinionHosting();
    }

    /// <summary>
    /// Runs the deadline monitor as a hosted service: a scan every <see cref="PetitionOpinionHostingOptions.ScanInterval"/>,
    /// on one instance at a time when the store is shared (the scanner's lease), backing off while the store fails; on stop
    /// the lease is given up.
    /// </summary>
    /// <param name="builder">The builder <c>AddPetitionOpinion</c> returned.</param>
    /// <returns>The builder.</returns>
    public static IPetitionOpinionBuilder AddDeadlineMonitorService(this IPetitionOpinionBuilder builder)
    {
        Guard.Against.Null(builder);
        AddOptions(builder.Services);
        builder.Services.AddHostedService<DeadlineMonitorService>();
        return builder;
    }

    /// <summary>
    /// Runs the notification dispatcher as a hosted service: a pass every <c>Notifications:PollInterval</c> (claiming
    /// disjoint batches when the store is shared), backing off while the store fails; on stop the running pass is cancelled
    /// and the claims are released. Register at least one channel (<c>AddNotificationChannel</c>).
    /// </summary>
    /// <param name="builder">The builder <c>AddPetitionOpinion</c> returned.</param>
    /// <returns>The builder.</returns>
    public static IPetitionOpinionBuilder AddNotificationDispatcherService(this IPetitionOpinionBuilder builder)
    {
        Guard.Against.Null(builder);
        AddOptions(builder.Services);
        builder.Services.AddHostedService<NotificationDispatcherService>();
        return builder;
    }

    /// <summary>
    /// Feeds the opinion monitor from <typeparamref name="TFeed"/> in a hosted service (each alert logged); a feed that
    /// throws or ends is read again after the back-off.
    /// </summary>
    /// <typeparam name="TFeed">The feed (a singleton made by the container).</typeparam>
    /// <param name="builder">The builder <c>AddPetitionOpinion</c> returned.</param>
    /// <returns>The builder.</returns>
    public static IPetitionOpinionBuilder AddOpinionFeedService<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TFeed>(this IPetitionOpinionBuilder builder)
        where TFeed : class, IMentionFeed
    {
        Guard.Against.Null(builder);
        AddOptions(builder.Services);
        builder.Services.TryAddSingleton<IMentionFeed, TFeed>();
        builder.Services.AddHostedService<OpinionFeedService>();
        return builder;
    }

    /// <summary>
    /// Feeds the partitioned opinion monitor (<see cref="PetitionOpinion.Monitoring.PartitionedOpinionMonitor"/>: topic states checkpointed in the
    /// store, partitions shared by the instances over its leases) from <typeparamref name="TFeed"/> in a hosted service, and
    /// keeps its leases in a second one: renewed every third of <c>Monitoring:PartitionLeaseDuration</c> while the feed
    /// is quiet, and given up with every changed topic saved when the host stops, so that other instances take over at once.
    /// The store must keep monitor checkpoints (in memory, SQLite, PostgreSQL).
    /// </summary>
    /// <typeparam name="TFeed">The feed (a singleton made by the container).</typeparam>
    /// <param name="builder">The builder <c>AddPetitionOpinion</c> returned.</param>
    /// <returns>The builder.</returns>
    public static IPetitionOpinionBuilder AddPartitionedOpinionFeedService<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TFeed>(this IPetitionOpinionBuilder builder)
        where TFeed : class, ISequencedMentionFeed
    {
        Guard.Against.Null(builder);
        AddOptions(builder.Services);
        builder.Services.TryAddSingleton<ISequencedMentionFeed, TFeed>();

        // Stopped in reverse order: the feed first, then the leases (after a last save).
        builder.Services.AddHostedService<OpinionPartitionsService>();
        builder.Services.AddHostedService<PartitionedFeedService>();
        return builder;
    }

    /// <summary>
    /// Adds PetitionOpinion's health checks (names in <see cref="PetitionOpinionHealthChecks"/>): the store, the outbox's
    /// oldest pending message, the last deadline scan, the channels' failure streaks and the audit key, tagged
    /// <see cref="PetitionOpinionHealthChecks.ReadyTag"/>; the hosted loops, tagged <see cref="PetitionOpinionHealthChecks.LiveTag"/>.
    /// </summary>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <returns>The health checks builder, for further checks.</returns>
    public static IHealthChecksBuilder AddPetitionOpinionChecks(this IHealthChecksBuilder builder)
    {
        Guard.Against.Null(builder);
        AddOptions(builder.Services);
        string[] ready = [PetitionOpinionHealthChecks.ReadyTag];
        return builder
            .AddCheck<StoreHealthCheck>(PetitionOpinionHealthChecks.Store, HealthStatus.Unhealthy, ready)
            .AddCheck<OutboxHealthCheck>(PetitionOpinionHealthChecks.Outbox, HealthStatus.Unhealthy, ready)
            .AddCheck<DeadlineScanHealthCheck>(PetitionOpinionHealthChecks.DeadlineScan, HealthStatus.Unhealthy, ready)
            .AddCheck<ChannelsHealthCheck>(PetitionOpinionHealthChecks.Channels, HealthStatus.Degraded, ready)
            .AddCheck<AuditKeyHealthCheck>(PetitionOpinionHealthChecks.AuditKey, HealthStatus.Degraded, ready)
            .AddCheck<CalendarHealthCheck>(PetitionOpinionHealthChecks.Calendar, HealthStatus.Degraded, ready)
            .AddCheck<LoopsHealthCheck>(PetitionOpinionHealthChecks.Loops, HealthStatus.Unhealthy, [PetitionOpinionHealthChecks.LiveTag]);
    }

    private static OptionsBuilder<PetitionOpinionHostingOptions> AddOptions(IServiceCollection services)
    {
        services.TryAddSingleton(sp => new HostingState(sp.GetRequiredService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PetitionOpinionHostingOptions>, HostingOptionsValidator>());
        return services.AddOptions<PetitionOpinionHostingOptions>().ValidateOnStart();
    }
}
