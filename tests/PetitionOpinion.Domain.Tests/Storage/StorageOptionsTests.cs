using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PetitionOpinion.Incidents;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Storage;

/// <summary>
/// <see cref="IncidentStorageOptions"/> and the storage registrations of <c>AddPetitionOpinion</c>: the retry count is
/// validated at start-up with its configuration path, bound from configuration, and used by the repository.
/// </summary>
public sealed class StorageOptionsTests
{
    [Fact]
    public void StorageOptions_Defaults_AreThreeRetriesUpToAHundred()
    {
        Assert.Equal(3, new PetitionOpinionOptions().Storage.MaxConflictRetries);
        Assert.Equal(100, IncidentStorageOptions.MaxRetriesLimit);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public async Task StartAsync_MaxConflictRetriesOutOfRange_FailsListingThePath(int retries)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddPetitionOpinion(o =>
        {
            o.ConfigureOrganization(b => Scenario.AddPeople(b));
            o.Storage.MaxConflictRetries = retries;
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("[storage.invalid] Storage:MaxConflictRetries:", failure, StringComparison.Ordinal);
        Assert.Contains($"(was {retries})", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NullStorageOptions_FailsListingThePath()
    {
        var services = new ServiceCollection();
        services.AddPetitionOpinion(o =>
        {
            o.ConfigureOrganization(b => Scenario.AddPeople(b));
            o.Storage = null!;
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.StartsWith("[storage.invalid] Storage:", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OutOfRangeRetriesAndAnInvalidOrganization_ListsBoth()
    {
        var services = new ServiceCollection();
        services.AddPetitionOpinion(o => o.Storage.MaxConflictRetries = -5);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(error.Failures, f => f.StartsWith("[storage.invalid] Storage:MaxConflictRetries:", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Organization", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void Validate_MaxConflictRetriesAtTheLimits_Passes(int retries)
    {
        var services = new ServiceCollection();
        services.AddPetitionOpinion(o =>
        {
            o.ConfigureOrganization(b => Scenario.AddPeople(b));
            o.Storage.MaxConflictRetries = retries;
        });
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void Validate_OutOfRangeRetriesFromConfiguration_ListsTheConfigurationPath()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PetitionOpinion:Storage:MaxConflictRetries"] = "250",
        }).Build();
        var services = new ServiceCollection();
        services.AddPetitionOpinion(configuration.GetSection("PetitionOpinion"));
        services.Configure<PetitionOpinionOptions>(o => o.ConfigureOrganization(b => Scenario.AddPeople(b)));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal("[storage.invalid] Storage:MaxConflictRetries: must be from 0 to 100 (was 250).", Assert.Single(error.Failures));
    }

    [Fact]
    public async Task AddPetitionOpinion_RetriesBoundFromConfiguration_AreTheRepositorysRetries()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PetitionOpinion:Storage:MaxConflictRetries"] = "5",
        }).Build();
        var store = new ScriptedIncidentStore();
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(Scenario.Start))
            .AddSingleton<IIncidentStore>(store);
        services.AddPetitionOpinion(configuration.GetSection("PetitionOpinion"));
        services.Configure<PetitionOpinionOptions>(o => o.ConfigureOrganization(b => Scenario.AddPeople(b)));
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var repository = provider.GetRequiredService<IncidentRepository>();
        var incident = (await repository.ReportAsync(Scenario.ReportCommand(), null, CancellationToken.None)).AsT0;
        store.BeforeAppend = ScriptedIncidentStore.ConflictFirst(int.MaxValue);

        var result = await repository.ExecuteAsync(incident.Id, new AssessIncident(People.CustomerServiceRep, SeverityLevel.IV, ImpactScope.Individual, PotentialRisk.Low, "Minor."), CancellationToken.None);

        Assert.Equal(StorageErrors.Conflict, result.AsT1.Code);
        Assert.Equal(1 + 5 + 1, store.AppendCalls);
    }

    [Fact]
    public void AddPetitionOpinion_Default_RegistersTheSerializerTheInMemoryStoreAndTheRepositoryAsSingletons()
    {
        var services = new ServiceCollection();
        services.AddPetitionOpinion(o => o.ConfigureOrganization(b => Scenario.AddPeople(b)));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var repository = provider.GetRequiredService<IncidentRepository>();

        Assert.IsType<InMemoryIncidentStore>(provider.GetRequiredService<IIncidentStore>());
        Assert.Same(provider.GetRequiredService<IIncidentStore>(), repository.Store);
        Assert.Same(repository, provider.GetRequiredService<IncidentRepository>());
        Assert.Same(provider.GetRequiredService<IncidentEventSerializer>(), provider.GetRequiredService<IncidentEventSerializer>());
    }

    [Fact]
    public void AddPetitionOpinion_HostRegisteredItsOwnStore_TheirsIsUsed()
    {
        var mine = new ScriptedIncidentStore();
        var services = new ServiceCollection().AddSingleton<IIncidentStore>(mine);
        services.AddPetitionOpinion(o => o.ConfigureOrganization(b => Scenario.AddPeople(b)));
        using var provider = services.BuildServiceProvider();

        Assert.Same(mine, provider.GetRequiredService<IncidentRepository>().Store);
        Assert.Single(services, d => d.ServiceType == typeof(IIncidentStore));
    }
}
