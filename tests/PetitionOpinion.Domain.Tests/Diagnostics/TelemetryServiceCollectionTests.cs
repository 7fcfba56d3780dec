using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Diagnostics;
using PetitionOpinion.Incidents;
using PetitionOpinion.Monitoring;
using PetitionOpinion.Notifications;
using PetitionOpinion.Tests.Notifications;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Diagnostics;

/// <summary><c>AddPetitionOpinion</c> registers one telemetry, its meter from the host's <see cref="IMeterFactory"/> when there is one, and every service reports to it.</summary>
public sealed class TelemetryServiceCollectionTests
{
    [Fact]
    public async Task AddPetitionOpinion_HostHasAMeterFactory_MeterFromTheFactoryAndEveryServiceReportsToOneTelemetry()
    {
        var services = new ServiceCollection().AddMetrics();
        services.AddPetitionOpinion(o => o.ConfigureOrganization(b => Scenario.AddPeople(b))).AddNotificationChannel(new TestChannel("email", TimeProvider.System));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var telemetry = provider.GetRequiredService<PetitionOpinionTelemetry>();
        var repository = provider.GetRequiredService<IncidentRepository>();
        Assert.Same(provider.GetRequiredService<IMeterFactory>(), telemetry.Meter.Scope);
        Assert.Equal(PetitionOpinionTelemetry.MeterName, telemetry.Meter.Name);
        Assert.Same(telemetry, repository.Telemetry);
        Assert.Same(telemetry, provider.GetRequiredService<NotificationDispatcher>().Telemetry);
        Assert.NotNull(provider.GetRequiredService<DeadlineMonitor>());
        Assert.NotNull(provider.GetRequiredService<OpinionMonitor>());

        using var capture = new TelemetryCapture(telemetry);
        await repository.ReportAsync(Scenario.ReportCommand(), null, CancellationToken.None);
        Assert.Equal("DataPrivacy", Assert.Single(capture.Of("petition_opinion.incidents.reported")).Tag("petition_opinion.incident.category"));
        Assert.Single(capture.Activities);
    }

    [Fact]
    public void AddPetitionOpinion_NoMeterFactory_TelemetryOwnsItsMeter()
    {
        var services = new ServiceCollection();
        services.AddPetitionOpinion(o => o.ConfigureOrganization(b => Scenario.AddPeople(b)));
        using var provider = services.BuildServiceProvider();

        var telemetry = provider.GetRequiredService<PetitionOpinionTelemetry>();

        Assert.Null(telemetry.Meter.Scope);
        Assert.NotSame(PetitionOpinionTelemetry.Shared, telemetry);
        Assert.Same(telemetry, provider.GetRequiredService<IncidentRepository>().Telemetry);
    }

    [Fact]
    public void AddPetitionOpinion_HostRegisteredItsOwnTelemetry_ItWins()
    {
        using var own = new PetitionOpinionTelemetry(categories: [RiskCategory.DataPrivacy]);
        var services = new ServiceCollection().AddSingleton(own);
        services.AddPetitionOpinion(o => o.ConfigureOrganization(b => Scenario.AddPeople(b)));
        using var provider = services.BuildServiceProvider();

        Assert.Same(own, provider.GetRequiredService<IncidentRepository>().Telemetry);
    }
}
