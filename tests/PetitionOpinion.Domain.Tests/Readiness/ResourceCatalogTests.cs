using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Readiness;
using static PetitionOpinion.Tests.Readiness.ReadinessWorld;

namespace PetitionOpinion.Tests.Readiness;

/// <summary><see cref="Resource"/> and <see cref="ResourceCatalog"/>: the directive kinds a resource serves, and a catalogue's validation listing every problem.</summary>
public sealed class ResourceCatalogTests
{
    public static TheoryData<ResourceKind, string[]> DefaultServes => new()
    {
        { ResourceKind.MonitoringSoftware, ["InformationCollection", "OpinionMonitoring"] },
        { ResourceKind.FeedbackSystem, ["InformationCollection"] },
        { ResourceKind.Hotline, ["CustomerCommunication"] },
        { ResourceKind.OnlineServicePlatform, ["CustomerCommunication"] },
        { ResourceKind.SocialMediaAccount, ["PublicStatement"] },
        { ResourceKind.LegalSupport, ["LegalConsultation"] },
        { ResourceKind.ItSupport, ["TechnicalSupport"] },
        { ResourceKind.TrainingCourse, [] },
        { ResourceKind.Other, [] },
    };

    [Theory]
    [MemberData(nameof(DefaultServes))]
    public void DefaultServes_EachKind_IsTheDocumentedMapping(ResourceKind kind, string[] expected)
    {
        Assert.Equal(expected, Resource.DefaultServes(kind).Select(k => k.Value));
        Assert.Equal(expected, new Resource(new ResourceId("r"), kind, "R", WellKnownGroups.LeadingGroup).Serves.Select(k => k.Value));
    }

    [Fact]
    public void Serves_ExtraKinds_AreAddedToTheDefaultsWithoutRepeats()
    {
        var resource = new Resource(new ResourceId("hotline"), ResourceKind.Hotline, "Hotline", WellKnownGroups.PetitionHandlingGroup, alsoServes: [new DirectiveKind("Compensation"), DirectiveKind.CustomerCommunication, DirectiveKind.InformationCollection]);

        Assert.Equal(["CustomerCommunication", "Compensation", "InformationCollection"], resource.Serves.Select(k => k.Value));
    }

    [Theory]
    [InlineData(ResourceStatus.Available, true)]
    [InlineData(ResourceStatus.Degraded, true)]
    [InlineData(ResourceStatus.Unavailable, false)]
    public void InService_Status_AvailableOrDegraded(ResourceStatus status, bool expected)
        => Assert.Equal(expected, FullResources[0].WithStatus(status).InService);

    [Fact]
    public void Equality_SameValues_AreEqual()
    {
        var a = new Resource(new ResourceId("desk"), ResourceKind.Other, "Desk", WellKnownGroups.LeadingGroup, alsoServes: [new DirectiveKind("Compensation")]);
        var b = new Resource(new ResourceId("desk"), ResourceKind.Other, "Desk", WellKnownGroups.LeadingGroup, alsoServes: [new DirectiveKind("Compensation")]);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b.WithStatus(ResourceStatus.Degraded));
        Assert.Equal(a, a.WithStatus(ResourceStatus.Degraded).WithStatus(ResourceStatus.Available));
    }

    [Fact]
    public void Create_FullCatalogue_FindsByIdAndKind()
    {
        Assert.Equal(FullResources, FullCatalog.Resources);
        Assert.Same(FullResources[2], FullCatalog.Find(HotlineId));
        Assert.Null(FullCatalog.Find(new ResourceId("nothing")));
        Assert.Null(FullCatalog.Find(default));
        Assert.Equal([LegalId], FullCatalog.OfKind(ResourceKind.LegalSupport).Select(r => r.Id));
        Assert.Empty(ResourceCatalog.Empty.Resources);
    }

    [Fact]
    public void Create_ManyProblems_ListsEveryOne()
    {
        var ghost = new GroupId("ghost-group");
        var resources = new[]
        {
            new Resource(default, ResourceKind.Hotline, "No id", WellKnownGroups.PetitionHandlingGroup),
            new Resource(new ResourceId("bad-kind"), (ResourceKind)42, "Bad kind", WellKnownGroups.PetitionHandlingGroup, (ResourceStatus)0),
            new Resource(new ResourceId("no-name"), ResourceKind.Hotline, " ", default, nameZh: " ", contact: ""),
            new Resource(new ResourceId("long"), ResourceKind.Hotline, new string('x', TextLimits.Name + 1), ghost, contact: new string('x', TextLimits.Short + 1), alsoServes: [default]),
            new Resource(new ResourceId("twice"), ResourceKind.Hotline, "Twice", WellKnownGroups.PetitionHandlingGroup),
            new Resource(new ResourceId("twice"), ResourceKind.Hotline, "Twice again", WellKnownGroups.PetitionHandlingGroup),
        };

        var error = ResourceCatalog.Create(resources, SeedOrganization).AsT1;

        Assert.Equal(ReadinessErrors.InvalidCatalog, error.Code);
        AssertDetail(error, ReadinessErrors.InvalidResource, "Resource 0 has no id.");
        AssertDetail(error, ReadinessErrors.InvalidResource, "Resource 'bad-kind': 42 is not a resource kind.");
        AssertDetail(error, ReadinessErrors.InvalidResource, "Resource 'bad-kind': 0 is not a resource status.");
        AssertDetail(error, ReadinessErrors.InvalidResource, "Resource 'no-name': the name is empty.");
        AssertDetail(error, ReadinessErrors.InvalidResource, "Resource 'no-name': the Chinese name is empty.");
        AssertDetail(error, ReadinessErrors.InvalidResource, "Resource 'no-name': the contact is empty.");
        AssertDetail(error, ReadinessErrors.InvalidResource, "Resource 'no-name' has no owner group.");
        AssertDetail(error, ReadinessErrors.InvalidResource, $"Resource 'long': the name is longer than {TextLimits.Name} characters.");
        AssertDetail(error, ReadinessErrors.InvalidResource, $"Resource 'long': the contact is longer than {TextLimits.Short} characters.");
        AssertDetail(error, ReadinessErrors.UnknownGroup, "Resource 'long' is owned by group 'ghost-group', which the organisation does not have.");
        AssertDetail(error, ReadinessErrors.InvalidResource, "Resource 'long' serves an empty directive kind.");
        AssertDetail(error, ReadinessErrors.DuplicateResource, "Resource 'twice' is defined 2 times.");
        Assert.Equal(12, error.Details.Count);
    }

    [Fact]
    public void Create_UnknownOwnerWithoutOrganisation_IsAccepted()
    {
        var resource = new Resource(new ResourceId("desk"), ResourceKind.Other, "Desk", new GroupId("ghost-group"));

        Assert.True(ResourceCatalog.Create([resource]).IsT0);
        Assert.True(ResourceCatalog.Create([resource], SeedOrganization).IsT1);
    }

    [Fact]
    public void With_ExistingId_ReplacesAndNewId_Appends()
    {
        var degraded = FullCatalog.Find(HotlineId)!.WithStatus(ResourceStatus.Degraded);
        var desk = new Resource(new ResourceId("desk"), ResourceKind.Other, "Desk", WellKnownGroups.LeadingGroup);

        var replaced = FullCatalog.With(degraded).AsT0;
        var appended = FullCatalog.With(desk).AsT0;

        Assert.Equal(FullResources.Count, replaced.Resources.Count);
        Assert.Equal(ResourceStatus.Degraded, replaced.Find(HotlineId)!.Status);
        Assert.Equal(2, replaced.Resources.ToList().FindIndex(r => r.Id == HotlineId));
        Assert.Same(desk, appended.Resources[^1]);
        Assert.True(FullCatalog.With(new Resource(new ResourceId("x"), ResourceKind.Other, "X", new GroupId("ghost-group")), SeedOrganization).IsT1);
    }

    [Fact]
    public void Create_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => ResourceCatalog.Create(null!));
        Assert.Throws<ArgumentNullException>(() => ResourceCatalog.Create([null!]));
        Assert.Throws<ArgumentNullException>(() => new Resource(new ResourceId("x"), ResourceKind.Other, null!, WellKnownGroups.LeadingGroup));
        Assert.Throws<ArgumentException>(() => new ResourceId("has space"));
        Assert.True(default(ResourceId).IsEmpty);
        Assert.Equal("desk", ResourceId.From("desk").ToString());
    }

    private static void AssertDetail(DomainError error, string code, string message)
        => Assert.Contains(error.Details, d => d.Code == code && d.Message == message);
}
