using Microsoft.Extensions.Configuration;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Readiness;
using PetitionOpinion.Tests.Support;
using static PetitionOpinion.Tests.Readiness.ReadinessWorld;

namespace PetitionOpinion.Tests.Readiness;

/// <summary><see cref="ReadinessOptions"/>: binding from configuration, the defaults, and validation listing every problem with its path.</summary>
public sealed class ReadinessOptionsTests
{
    [Fact]
    public void Build_Defaults_IsAnEmptyCatalogueNoTrainingAndTheSeedOwners()
    {
        var setup = new ReadinessOptions().Build(SeedOrganization).AsT0;

        Assert.Empty(setup.Resources.Resources);
        Assert.Empty(setup.Training.Records);
        Assert.Equal(12, setup.Training.RefreshMonths);
        Assert.Equal(
            ["DataPrivacy", "ProductQuality", "ServiceAttitude", "SocialResponsibility"],
            setup.CategoryOwners.Categories.Select(c => c.Value));
        Assert.All(setup.CategoryOwners.Owners.Values, g => Assert.Equal(WellKnownGroups.PetitionHandlingGroup, g));
        Assert.Empty(setup.DirectiveKinds);
    }

    [Fact]
    public void Bind_InMemoryConfiguration_BuildsTheSetupItDescribes()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PetitionOpinion:Readiness:Resources:0:Id"] = "hotline",
            ["PetitionOpinion:Readiness:Resources:0:Kind"] = "Hotline",
            ["PetitionOpinion:Readiness:Resources:0:Name"] = "Customer service hotline",
            ["PetitionOpinion:Readiness:Resources:0:NameZh"] = "客服热线",
            ["PetitionOpinion:Readiness:Resources:0:Owner"] = "petition-handling-group",
            ["PetitionOpinion:Readiness:Resources:0:Contact"] = "400-800-1234",
            ["PetitionOpinion:Readiness:Resources:1:Id"] = "refund-desk",
            ["PetitionOpinion:Readiness:Resources:1:Kind"] = "other",
            ["PetitionOpinion:Readiness:Resources:1:Name"] = "Refund desk",
            ["PetitionOpinion:Readiness:Resources:1:Owner"] = "petition-handling-group",
            ["PetitionOpinion:Readiness:Resources:1:Status"] = "Degraded",
            ["PetitionOpinion:Readiness:Resources:1:Serves:0"] = "Compensation",
            ["PetitionOpinion:Readiness:Resources:2:Id"] = "crisis-course",
            ["PetitionOpinion:Readiness:Resources:2:Kind"] = "TrainingCourse",
            ["PetitionOpinion:Readiness:Resources:2:Name"] = "Crisis response training",
            ["PetitionOpinion:Readiness:Resources:2:Owner"] = "leading-group",
            ["PetitionOpinion:Readiness:Training:0:Person"] = "cs-rep",
            ["PetitionOpinion:Readiness:Training:0:Course"] = "crisis-course",
            ["PetitionOpinion:Readiness:Training:0:CompletedOn"] = "2026-01-15",
            ["PetitionOpinion:Readiness:TrainingRefreshMonths"] = "6",
            ["PetitionOpinion:Readiness:CategoryOwners:Logistics"] = "logistics-support-group",
            ["PetitionOpinion:Readiness:CategoryOwners:DataPrivacy"] = "leading-group",
            ["PetitionOpinion:Readiness:DirectiveKinds:0"] = "Compensation",
        }).Build();
        var options = new ReadinessOptions();

        configuration.GetSection("PetitionOpinion:Readiness").Bind(options);
        var setup = options.Build(SeedOrganization).AsT0;

        Assert.Equal(
            [
                new Resource(new ResourceId("hotline"), ResourceKind.Hotline, "Customer service hotline", WellKnownGroups.PetitionHandlingGroup, contact: "400-800-1234", nameZh: "客服热线"),
                new Resource(new ResourceId("refund-desk"), ResourceKind.Other, "Refund desk", WellKnownGroups.PetitionHandlingGroup, ResourceStatus.Degraded, alsoServes: [new DirectiveKind("Compensation")]),
                new Resource(new ResourceId("crisis-course"), ResourceKind.TrainingCourse, "Crisis response training", WellKnownGroups.LeadingGroup),
            ],
            setup.Resources.Resources);
        Assert.Equal([new TrainingRecord(People.CustomerServiceRep, new ResourceId("crisis-course"), new DateOnly(2026, 1, 15))], setup.Training.Records);
        Assert.Equal(6, setup.Training.RefreshMonths);
        Assert.Equal(WellKnownGroups.LogisticsSupportGroup, setup.CategoryOwners.OwnerOf(new RiskCategory("Logistics")));
        Assert.Equal(WellKnownGroups.LeadingGroup, setup.CategoryOwners.OwnerOf(RiskCategory.DataPrivacy));
        Assert.Equal(WellKnownGroups.PetitionHandlingGroup, setup.CategoryOwners.OwnerOf(RiskCategory.ProductQuality));
        Assert.Equal<DirectiveKind>([new DirectiveKind("Compensation")], setup.DirectiveKinds);
    }

    [Fact]
    public void Build_WithoutDefaultCategoryOwners_OwnsOnlyTheConfiguredOnes()
    {
        var options = new ReadinessOptions { UseDefaultCategoryOwners = false, CategoryOwners = new() { ["DataPrivacy"] = "leading-group" } };

        var owners = options.Build(SeedOrganization).AsT0.CategoryOwners;

        Assert.Equal([RiskCategory.DataPrivacy], owners.Categories);
    }

    [Fact]
    public void Build_ManyProblems_ListsEveryOneWithItsPath()
    {
        var options = new ReadinessOptions
        {
            Resources =
            [
                new() { Id = "hotline", Kind = "Hotline", Name = "Hotline", Owner = "petition-handling-group", Status = "Broken" },
                new() { Id = "hotline", Kind = "Hotlin", Name = "Hotline again", Owner = "petition-handling-group" },
                new() { Id = "bad id", Kind = "7", Name = " ", NameZh = "", Owner = "ghost-group", Contact = " ", Serves = ["bad kind"] },
                new() { Id = "course", Kind = "TrainingCourse", Owner = "bad group" },
                null!,
            ],
            Training =
            [
                new() { Person = "cs-rep", Course = "crisis-course", CompletedOn = "2026-02-30" },
                new() { Person = "nobody", Course = "hotline", CompletedOn = "2026-01-01" },
                new() { Person = "bad person", Course = "course", CompletedOn = "15/01/2026" },
                null!,
            ],
            TrainingRefreshMonths = 0,
            CategoryOwners = new() { ["bad category"] = "leading-group", ["Logistics"] = "ghost-group", ["DataPrivacy"] = null },
            DirectiveKinds = ["Compensation", "bad kind"],
        };

        var error = options.Build(SeedOrganization).AsT1;

        var expected = new (string Code, string Path)[]
        {
            (ReadinessErrors.InvalidResource, "Readiness:Resources:0:Status: 'Broken' is not a resource status"),
            (ReadinessErrors.DuplicateResource, "Readiness:Resources:1:Id: 'hotline' is already the id of Readiness:Resources:0."),
            (ReadinessErrors.InvalidResource, "Readiness:Resources:1:Kind: 'Hotlin' is not a resource kind"),
            (ReadinessErrors.InvalidResource, "Readiness:Resources:2:Id: 'bad id'"),
            (ReadinessErrors.InvalidResource, "Readiness:Resources:2:Kind: '7' is not a resource kind"),
            (ReadinessErrors.InvalidResource, "Readiness:Resources:2:Name: must not be empty."),
            (ReadinessErrors.InvalidResource, "Readiness:Resources:2:NameZh: must not be empty."),
            (ReadinessErrors.InvalidResource, "Readiness:Resources:2:Contact: must not be empty."),
            (ReadinessErrors.UnknownGroup, "Readiness:Resources:2:Owner: the organisation has no group 'ghost-group'."),
            (ReadinessErrors.InvalidResource, "Readiness:Resources:2:Serves:0: 'bad kind'"),
            (ReadinessErrors.InvalidResource, "Readiness:Resources:3:Name: must not be empty."),
            (ReadinessErrors.InvalidResource, "Readiness:Resources:3:Owner: 'bad group'"),
            (ReadinessErrors.InvalidResource, "Readiness:Resources:4: the resource is empty."),
            (ReadinessErrors.UnknownCourse, "Readiness:Training:0:Course: 'crisis-course' is not a resource of Readiness:Resources."),
            (ReadinessErrors.InvalidTraining, "Readiness:Training:0:CompletedOn: '2026-02-30' is not a date written yyyy-MM-dd."),
            (ReadinessErrors.UnknownPerson, "Readiness:Training:1:Person: the organisation does not know 'nobody'."),
            (ReadinessErrors.UnknownCourse, "Readiness:Training:1:Course: 'hotline' is a Hotline, not a TrainingCourse."),
            (ReadinessErrors.InvalidTraining, "Readiness:Training:2:Person: 'bad person'"),
            (ReadinessErrors.InvalidTraining, "Readiness:Training:2:CompletedOn: '15/01/2026'"),
            (ReadinessErrors.InvalidTraining, "Readiness:Training:3: the training record is empty."),
            (ReadinessErrors.InvalidTraining, "Readiness:TrainingRefreshMonths: must be from 1 to 120 (was 0)."),
            (ReadinessErrors.InvalidCategoryOwner, "Readiness:CategoryOwners:DataPrivacy: '' is not a valid group id"),
            (ReadinessErrors.UnknownGroup, "Readiness:CategoryOwners:Logistics: the organisation has no group 'ghost-group'."),
            (ReadinessErrors.InvalidCategoryOwner, "Readiness:CategoryOwners:bad category: 'bad category' is not a valid risk category"),
            (ReadinessErrors.InvalidDirectiveKind, "Readiness:DirectiveKinds:1: 'bad kind'"),
        };
        Assert.Equal(ReadinessErrors.InvalidOptions, error.Code);
        Assert.All(expected, e => Assert.Contains(error.Details, d => d.Code == e.Code && d.Located().StartsWith(e.Path, StringComparison.Ordinal)));
        Assert.Equal(expected.Length, error.Details.Count);
        Assert.All(error.Details, d => Assert.Contains(d.Message, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Build_WithoutOrganisation_SkipsGroupAndPersonChecks()
    {
        var options = new ReadinessOptions
        {
            Resources = [new() { Id = "course", Kind = "TrainingCourse", Name = "Course", Owner = "ghost-group" }],
            Training = [new() { Person = "nobody", Course = "course", CompletedOn = "2026-01-01" }],
            CategoryOwners = new() { ["Logistics"] = "ghost-group" },
        };

        Assert.True(options.Build().IsT0);
        Assert.Equal(3, options.Build(SeedOrganization).AsT1.Details.Count);
    }

    [Fact]
    public void Build_TrainingWithoutConfiguredResources_LeavesTheCourseToTheCatalogueInUse()
    {
        // No resources configured: the catalogue comes from elsewhere (a host's own), which configuration cannot see.
        var options = new ReadinessOptions { Training = [new() { Person = "cs-rep", Course = "crisis-course", CompletedOn = "2026-01-15" }] };

        var setup = options.Build(SeedOrganization).AsT0;

        Assert.Equal([new TrainingRecord(People.CustomerServiceRep, CourseId, new DateOnly(2026, 1, 15))], setup.Training.Records);
    }

    [Fact]
    public void Build_OtherPath_PrefixesIt()
    {
        var options = new ReadinessOptions { TrainingRefreshMonths = 121 };

        var error = options.Build(null, "App:Readiness").AsT1;

        Assert.StartsWith("App:Readiness:TrainingRefreshMonths: must be from 1 to 120 (was 121).", Assert.Single(error.Details).Located(), StringComparison.Ordinal);
    }

    [Fact]
    public void CategoryOwnership_WithWithoutAndFrom()
    {
        var logistics = new RiskCategory("Logistics");
        var owners = CategoryOwnership.From([KeyValuePair.Create(logistics, WellKnownGroups.LeadingGroup), KeyValuePair.Create(logistics, WellKnownGroups.LogisticsSupportGroup)]);

        Assert.Equal(WellKnownGroups.LogisticsSupportGroup, owners.OwnerOf(logistics));
        Assert.Null(owners.Without(logistics).OwnerOf(logistics));
        Assert.Null(CategoryOwnership.None.OwnerOf(RiskCategory.DataPrivacy));
        Assert.Equal(4, CategoryOwnership.Default.Owners.Count);
        Assert.Throws<ArgumentException>(() => owners.With(default, WellKnownGroups.LeadingGroup));
        Assert.Throws<ArgumentException>(() => owners.With(logistics, default));
    }
}
