using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PetitionOpinion.Readiness;
using PetitionOpinion.Tests.Support;
using static PetitionOpinion.Tests.Readiness.ReadinessWorld;

namespace PetitionOpinion.Tests.Readiness;

/// <summary><c>AddPetitionOpinion</c> and readiness: the setup bound from configuration, the registered checker, a host's own catalogue, and start-up validation.</summary>
public sealed class ReadinessServiceCollectionTests
{
    [Fact]
    public void AddPetitionOpinion_ReadinessConfigured_ResolvesACheckerOfTheConfiguredSetup()
    {
        var values = People.ConfigurationValues();
        var i = 0;
        foreach (var resource in FullResources)
        {
            values[$"PetitionOpinion:Readiness:Resources:{i}:Id"] = resource.Id.Value;
            values[$"PetitionOpinion:Readiness:Resources:{i}:Kind"] = resource.Kind.ToString();
            values[$"PetitionOpinion:Readiness:Resources:{i}:Name"] = resource.Name;
            values[$"PetitionOpinion:Readiness:Resources:{i}:NameZh"] = resource.NameZh;
            values[$"PetitionOpinion:Readiness:Resources:{i}:Owner"] = resource.Owner.Value;
            values[$"PetitionOpinion:Readiness:Resources:{i++}:Contact"] = resource.Contact;
        }

        values["PetitionOpinion:Readiness:Resources:2:Status"] = "Unavailable";
        for (var j = 0; j < Staff.Count; j++)
        {
            values[$"PetitionOpinion:Readiness:Training:{j}:Person"] = Staff[j].Value;
            values[$"PetitionOpinion:Readiness:Training:{j}:Course"] = CourseId.Value;
            values[$"PetitionOpinion:Readiness:Training:{j}:CompletedOn"] = "2026-01-31";
        }

        values["PetitionOpinion:Storage:AuditKeys:k1"] = Convert.ToBase64String(new byte[32]);
        values["PetitionOpinion:Storage:AuditKeyId"] = "k1";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(new FakeTimeProvider(AsOf));

        services.AddPetitionOpinion(configuration.GetSection("PetitionOpinion"));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        provider.GetRequiredService<IStartupValidator>().Validate();
        var checker = provider.GetRequiredService<ReadinessChecker>();
        var report = checker.Check();

        Assert.Same(checker, provider.GetRequiredService<ReadinessChecker>());
        Assert.Same(provider.GetRequiredService<ResourceCatalog>(), provider.GetRequiredService<ReadinessSetup>().Resources);
        Assert.Equal(FullResources.Select(r => r.Id == HotlineId ? r.WithStatus(ResourceStatus.Unavailable) : r), checker.Setup.Resources.Resources);
        Assert.Equal(TimeSpan.FromHours(8), checker.UtcOffset);
        Assert.Equal(AsOf, report.AsOf);
        AssertGaps(report, (ReadinessGapCodes.ChannelUnavailable, Kind(ResourceKind.Hotline)));
    }

    [Fact]
    public void AddPetitionOpinion_NoReadinessConfigured_ReportsEverythingMissing()
    {
        var services = new ServiceCollection().AddSingleton<TimeProvider>(new FakeTimeProvider(AsOf));

        services.AddPetitionOpinion(o => o.ConfigureOrganization(b => Scenario.AddPeople(b)));
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        // Everything missing, the audit key included.
        Assert.Equal(
            Identities(Check(ReadinessSetup.Empty)).Append((ReadinessGapCodes.AuditNotKeyed, new GapSubject(GapSubjectKind.Configuration, "Storage:AuditKeyId"))).OrderBy(i => $"{i.Item1} {i.Item2}", StringComparer.Ordinal),
            Identities(provider.GetRequiredService<ReadinessChecker>().Check()).OrderBy(i => $"{i.Item1} {i.Item2}", StringComparer.Ordinal));
    }

    [Fact]
    public void AddPetitionOpinion_HostRegisteredItsOwnCatalogue_TheSetupUsesIt()
    {
        var services = new ServiceCollection().AddSingleton(FullCatalog);

        services.AddPetitionOpinion(o => o.ConfigureOrganization(b => Scenario.AddPeople(b)));
        using var provider = services.BuildServiceProvider();

        Assert.Same(FullCatalog, provider.GetRequiredService<ReadinessSetup>().Resources);
        Assert.Single(services, d => d.ServiceType == typeof(ResourceCatalog));
    }

    [Fact]
    public void AddPetitionOpinion_HostCatalogueHasTheConfiguredCourse_StartsAndCountsTheTraining()
    {
        // The course exists only in the host's catalogue: start-up cannot check it against the (empty) configured resources.
        var services = new ServiceCollection().AddSingleton(FullCatalog).AddSingleton<TimeProvider>(new FakeTimeProvider(AsOf));
        services.AddPetitionOpinion(o =>
        {
            o.ConfigureOrganization(b => Scenario.AddPeople(b));
            o.Storage.AuditKeys["k1"] = Convert.ToBase64String(new byte[32]);
            o.Storage.AuditKeyId = "k1";
            o.Readiness.Training = [.. FreshTraining.Records.Select(r => new TrainingRecordOptions { Person = r.Person.Value, Course = r.Course.Value, CompletedOn = r.CompletedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) })];
        });
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var checker = provider.GetRequiredService<ReadinessChecker>();

        Assert.Same(FullCatalog, checker.Setup.Resources);
        Assert.Equal(FreshTraining.Records, checker.Setup.Training.Records);
        Assert.Empty(checker.Check().Gaps);
    }

    [Fact]
    public void AddPetitionOpinion_HostCatalogueLacksTheConfiguredCourse_BuildingTheSetupNamesEachRecord()
    {
        var services = new ServiceCollection().AddSingleton(FullCatalog);
        services.AddPetitionOpinion(o =>
        {
            o.ConfigureOrganization(b => Scenario.AddPeople(b));
            o.Readiness.Training =
            [
                new() { Person = People.ItSupport.Value, Course = "no-such-course", CompletedOn = "2026-01-15" },
                new() { Person = People.ItSupport.Value, Course = HotlineId.Value, CompletedOn = "2026-01-15" },
            ];
        });
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ReadinessSetup>());

        Assert.Contains("Readiness:Training:0:Course: 'no-such-course' is not a resource of the resource catalogue in use.", error.Message, StringComparison.Ordinal);
        Assert.Contains("Readiness:Training:1:Course: 'hotline-400' is a Hotline, not a TrainingCourse.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ConfiguredResourcesLackTheCourse_StillFailsAtStartUp()
    {
        var services = new ServiceCollection();
        services.AddPetitionOpinion(o =>
        {
            o.ConfigureOrganization(b => Scenario.AddPeople(b));
            o.Readiness.Resources = [new ResourceOptions { Id = "hotline", Kind = "Hotline", Name = "Hotline", Owner = "petition-handling-group" }];
            o.Readiness.Training = [new TrainingRecordOptions { Person = People.ItSupport.Value, Course = "crisis-cours", CompletedOn = "2026-01-15" }];
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        AssertFailure(error.Failures, ReadinessErrors.UnknownCourse, "Readiness:Training:0:Course: 'crisis-cours' is not a resource of Readiness:Resources.");
    }

    [Fact]
    public void Validate_InvalidReadinessOptions_ListsEveryProblemWithItsPath()
    {
        var services = new ServiceCollection();
        services.AddPetitionOpinion(o =>
        {
            o.ConfigureOrganization(b => Scenario.AddPeople(b));
            o.Readiness.Resources = [new ResourceOptions { Id = "hotline", Kind = "Hotlines", Name = "Hotline", Owner = "ghost-group" }];
            o.Readiness.Training = [new TrainingRecordOptions { Person = "stranger", Course = "hotline", CompletedOn = "2026-13-01" }];
            o.Readiness.TrainingRefreshMonths = -1;
            o.Readiness.CategoryOwners = new() { ["DataPrivacy"] = "ghost-group" };
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var failures = error.Failures.ToArray();
        AssertFailure(failures, ReadinessErrors.InvalidResource, "Readiness:Resources:0:Kind");
        AssertFailure(failures, ReadinessErrors.UnknownGroup, "Readiness:Resources:0:Owner");
        AssertFailure(failures, ReadinessErrors.UnknownPerson, "Readiness:Training:0:Person");
        AssertFailure(failures, ReadinessErrors.InvalidTraining, "Readiness:Training:0:CompletedOn");
        AssertFailure(failures, ReadinessErrors.InvalidTraining, "Readiness:TrainingRefreshMonths");
        AssertFailure(failures, ReadinessErrors.UnknownGroup, "Readiness:CategoryOwners:DataPrivacy");
        Assert.Equal(6, failures.Length);
    }

    [Fact]
    public void Validate_ReadinessOptionsNull_IsReported()
    {
        var services = new ServiceCollection();
        services.AddPetitionOpinion(o =>
        {
            o.ConfigureOrganization(b => Scenario.AddPeople(b));
            o.Readiness = null!;
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        AssertFailure(error.Failures, ReadinessErrors.InvalidOptions, "Readiness: the readiness options must not be null.");
    }

    [Fact]
    public void Validate_OrganisationInvalid_StillChecksReadinessGroups()
    {
        // Without the seed template the organisation has no group (and the assignments name positions that do not exist), so it
        // cannot be built; readiness still checks its groups against those defined.
        var services = new ServiceCollection();
        services.AddPetitionOpinion(o =>
        {
            o.ConfigureOrganization(b => Scenario.AddPeople(b));
            o.Organization.UseSeedTemplate = false;
            o.Readiness.CategoryOwners = new() { ["DataPrivacy"] = "leading-group" };
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        AssertFailure(error.Failures, ReadinessErrors.UnknownGroup, "Readiness:CategoryOwners:DataPrivacy");
    }

    private static void AssertFailure(IEnumerable<string> failures, string code, string fragment)
        => Assert.Contains(failures, f => f.Contains($"[{code}]", StringComparison.Ordinal) && f.Contains(fragment, StringComparison.Ordinal));
}
