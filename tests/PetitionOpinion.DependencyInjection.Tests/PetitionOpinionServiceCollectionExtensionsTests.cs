using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.DependencyInjection;

/// <summary><c>AddPetitionOpinion</c>: what it registers, how a host's registrations win, and start-up validation listing every problem.</summary>
public sealed class PetitionOpinionServiceCollectionExtensionsTests
{
    [Fact]
    public void AddPetitionOpinion_Action_ResolvesTheLifecycleAndItsParts()
    {
        var services = new ServiceCollection();

        var builder = services.AddPetitionOpinion(o => o.ConfigureOrganization(b => Scenario.AddPeople(b)));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.Same(services, builder.Services);
        var lifecycle = provider.GetRequiredService<IncidentLifecycle>();
        var organization = provider.GetRequiredService<ResponseOrganization>();
        Assert.IsType<MatrixAuthorityPolicy>(provider.GetRequiredService<IAuthorityPolicy>());
        Assert.IsType<GuidV7IncidentIdGenerator>(provider.GetRequiredService<IIncidentIdGenerator>());
        Assert.Same(lifecycle, provider.GetRequiredService<IncidentLifecycle>());
        Assert.Same(organization, lifecycle.Organization);
        Assert.Same(LifecycleTable.Default, lifecycle.Table);
        Assert.Equal(4, organization.Groups.Count);
        Assert.True(organization.Knows(People.GeneralManager));
        Assert.True(lifecycle.Report(Scenario.ReportCommand()).IsT0);
    }

    [Fact]
    public void AddPetitionOpinion_NoSentimentScorerRegistered_ThePostIntakeScoresWithTheBuiltInLexicon()
    {
        var services = new ServiceCollection();
        services.AddPetitionOpinion(o => o.ConfigureOrganization(b => Scenario.AddPeople(b)));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.Same(Monitoring.LexiconSentimentScorer.Instance, provider.GetRequiredService<Monitoring.ISentimentScorer>());
        Assert.NotNull(provider.GetRequiredService<Monitoring.PostIntake>());
    }

    [Fact]
    public void AddPetitionOpinion_HostRegisteredItsOwnSentimentScorer_TheIntakeUsesIt()
    {
        var services = new ServiceCollection();
        var own = new ConstantScorer();
        services.AddSingleton<Monitoring.ISentimentScorer>(own);
        services.AddPetitionOpinion(o => o.ConfigureOrganization(b => Scenario.AddPeople(b)));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.Same(own, provider.GetRequiredService<Monitoring.ISentimentScorer>());
    }

    private sealed class ConstantScorer : Monitoring.ISentimentScorer
    {
        public double Score(ReadOnlySpan<char> text) => -1;
    }

    [Fact]
    public void AddPetitionOpinion_NoTimeProviderRegistered_UsesTheSystemClock()
    {
        var services = new ServiceCollection();

        services.AddPetitionOpinion(o => o.ConfigureOrganization(b => Scenario.AddPeople(b)));
        using var provider = services.BuildServiceProvider();

        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddPetitionOpinion_HostRegisteredATimeProvider_UsesTheHostsClock()
    {
        var time = new FakeTimeProvider(Scenario.Start);
        var services = new ServiceCollection().AddSingleton<TimeProvider>(time);

        services.AddPetitionOpinion(o => o.ConfigureOrganization(b => Scenario.AddPeople(b)));
        using var provider = services.BuildServiceProvider();
        var incident = provider.GetRequiredService<IncidentLifecycle>().Report(Scenario.ReportCommand()).AsT0;

        Assert.Same(time, provider.GetRequiredService<TimeProvider>());
        Assert.Equal(Scenario.Start, incident.ReportedAt);
        Assert.Equal(Scenario.Start.ToUnixTimeMilliseconds(), UnixMillisecondsOf(incident.Id));
        Assert.Single(services, d => d.ServiceType == typeof(TimeProvider));
    }

    [Fact]
    public void AddPetitionOpinion_HostRegisteredItsOwnPolicyAndIds_TheirsWin()
    {
        var services = new ServiceCollection()
            .AddSingleton<IAuthorityPolicy, NobodyMayPolicy>()
            .AddSingleton<IIncidentIdGenerator, SequentialIncidentIds>();

        services.AddPetitionOpinion(o => o.ConfigureOrganization(b => Scenario.AddPeople(b)));
        using var provider = services.BuildServiceProvider();
        var lifecycle = provider.GetRequiredService<IncidentLifecycle>();

        Assert.IsType<NobodyMayPolicy>(provider.GetRequiredService<IAuthorityPolicy>());
        Assert.Equal(NobodyMayPolicy.Code, lifecycle.Report(Scenario.ReportCommand()).AsT1.Code);
        Assert.Single(services, d => d.ServiceType == typeof(IAuthorityPolicy));
        Assert.Single(services, d => d.ServiceType == typeof(IIncidentIdGenerator));
    }

    [Fact]
    public void AddPetitionOpinion_CalledTwice_RegistersEachServiceOnce()
    {
        var services = new ServiceCollection();

        services.AddPetitionOpinion(o => o.ConfigureOrganization(b => Scenario.AddPeople(b)));
        services.AddPetitionOpinion(_ => { });

        Assert.Single(services, d => d.ServiceType == typeof(IncidentLifecycle));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<PetitionOpinionOptions>));
        Assert.Single(services, d => d.ServiceType == typeof(TimeProvider));
    }

    [Fact]
    public void AddPetitionOpinion_GrantInOptions_ReplacesTheMatrixOfTheResolvedPolicy()
    {
        var services = new ServiceCollection();

        services.AddPetitionOpinion(o => o
            .ConfigureOrganization(b => Scenario.AddPeople(b))
            .Grant(IncidentAction.Assess, AuthorityGrant.GroupMembers(WellKnownGroups.LeadingGroup, GroupRole.Leader)));
        using var provider = services.BuildServiceProvider();
        var policy = provider.GetRequiredService<IAuthorityPolicy>();

        Assert.False(policy.Authorize(People.CustomerServiceRep, IncidentAction.Assess, null).IsAllowed);
        Assert.True(policy.Authorize(People.GeneralManager, IncidentAction.Assess, null).IsAllowed);
        Assert.True(policy.Authorize(People.CustomerServiceRep, IncidentAction.Resolve, null).IsAllowed);
    }

    [Fact]
    public void AddPetitionOpinion_JsonConfiguration_BindsPeopleAssignmentsGroupsAndAuthority()
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(Json(StaffedSection())).Build();
        var services = new ServiceCollection();

        services.AddPetitionOpinion(configuration.GetSection("PetitionOpinion"));
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var organization = provider.GetRequiredService<ResponseOrganization>();
        var policy = provider.GetRequiredService<IAuthorityPolicy>();
        Assert.All(People.Known, p => Assert.True(organization.Knows(p)));
        Assert.Equal([People.CustomerServiceManager], organization.LeadersOf(WellKnownGroups.PetitionHandlingGroup));
        var crisis = organization.FindGroup(new GroupId("crisis-team"))!;
        Assert.Equal("危机沟通组", crisis.NameZh);
        Assert.Equal([People.HeadOfPublicRelations], crisis.HoldersOf(GroupRole.Leader));
        Assert.Equal(["Speak for the company."], crisis.Duties);
        Assert.False(policy.Authorize(People.CustomerServiceRep, IncidentAction.Dismiss, null).IsAllowed);
        Assert.True(policy.Authorize(People.HeadOfLegal, IncidentAction.Dismiss, null).IsAllowed);
        Assert.True(policy.Authorize(People.HeadOfPublicRelations, IncidentAction.Dismiss, null).IsAllowed);
        Assert.True(provider.GetRequiredService<IncidentLifecycle>().Report(Scenario.ReportCommand()).IsT0);
    }

    [Fact]
    public void AddPetitionOpinion_InMemoryConfiguration_BindsTheSameWay()
    {
        var values = People.ConfigurationValues();
        values["PetitionOpinion:Authority:Resolve:0"] = "leader-of-any-group";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();

        services.AddPetitionOpinion(configuration.GetSection("PetitionOpinion"));
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var policy = provider.GetRequiredService<IAuthorityPolicy>();

        Assert.True(policy.Authorize(People.LogisticsLead, IncidentAction.Resolve, null).IsAllowed);
        Assert.False(policy.Authorize(People.CustomerServiceRep, IncidentAction.Resolve, null).IsAllowed);
    }

    [Fact]
    public async Task StartAsync_InvalidOptions_FailsListingEveryProblemWithItsPath()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddPetitionOpinion(o =>
        {
            Staff(o, skip: OrganizationTemplates.SeedPositions.LogisticsLeader);
            o.Organization.People.Add(new OrganizationPersonOptions { Id = "bad id", Name = "Bad" });
            o.Organization.Assignments["no.such.position"] = [People.GeneralManager.Value];
            o.Organization.Groups.Add(new OrganizationGroupOptions
            {
                Id = "empty-group",
                Name = "Empty",
                NameZh = "空组",
                Positions = [new OrganizationPositionOptions { Id = "empty.member", Title = "Member", TitleZh = "成员", Required = false }, new OrganizationPositionOptions { Id = "", Title = "X", TitleZh = "X" }],
            });
            o.Authority["Resolvee"] = ["anyone"];
            o.Authority["Dismiss"] = ["group:ghost-group", "boss", "group:empty-group:member"];
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        var failures = error.Failures.ToArray();
        AssertFailure(failures, OrganizationErrors.InvalidId, $"Organization:People:{People.Known.Count}:Id");
        AssertFailure(failures, OrganizationErrors.InvalidId, "Organization:Groups:0:Positions:1:Id");
        AssertFailure(failures, OrganizationErrors.UnknownGroupOrPosition, "no.such.position");
        AssertFailure(failures, OrganizationErrors.VacantRequiredPosition, "logistics.leader");
        AssertFailure(failures, OrganizationErrors.GroupWithoutLeader, "logistics-support-group");
        AssertFailure(failures, OrganizationErrors.GroupWithoutLeader, "empty-group");
        AssertFailure(failures, "authority.unknown_action", "Authority:Resolvee");
        AssertFailure(failures, "authority.unknown_group", "Authority:Dismiss:0");
        AssertFailure(failures, "authority.invalid_grant", "Authority:Dismiss:1");
        Assert.Equal(9, failures.Length);
    }

    [Fact]
    public void Validate_InvalidCoordination_ReportsEveryProblemWithItsPath()
    {
        var services = new ServiceCollection();
        services.AddPetitionOpinion(o =>
        {
            Staff(o);
            o.Coordination.InstanceName = " ";
            o.Coordination.OutboxClaimDuration = TimeSpan.FromSeconds(60); // not more than twice the 30 s delivery time-out
            o.Coordination.ScannerLeaseDuration = TimeSpan.FromDays(2);
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        AssertFailure(error.Failures, "coordination.invalid", "Coordination:InstanceName");
        AssertFailure(error.Failures, "coordination.invalid", "Coordination:OutboxClaimDuration: must be more than twice Notifications:DeliveryTimeout (00:00:30)");
        AssertFailure(error.Failures, "coordination.invalid", "Coordination:ScannerLeaseDuration");
        Assert.Equal(3, error.Failures.Count());
    }

    [Fact]
    public void AddPetitionOpinion_DispatcherAndMonitor_ShareOneInstanceName()
    {
        var services = new ServiceCollection();
        services.AddPetitionOpinion(o => Staff(o)).AddNotificationChannel(new SilentChannel("sms"));
        using var provider = services.BuildServiceProvider();
        using var other = services.BuildServiceProvider();

        var dispatcher = provider.GetRequiredService<PetitionOpinion.Notifications.NotificationDispatcher>();
        var monitor = provider.GetRequiredService<PetitionOpinion.Deadlines.DeadlineMonitor>();

        Assert.Equal(dispatcher.InstanceName, monitor.InstanceName);
        Assert.NotEqual(dispatcher.InstanceName, other.GetRequiredService<PetitionOpinion.Notifications.NotificationDispatcher>().InstanceName);
    }

    [Fact]
    public void Validate_ValidOrganizationWithUnknownGrantGroup_ReportsItWithItsPath()
    {
        var services = new ServiceCollection();
        services.AddPetitionOpinion(o =>
        {
            Staff(o);
            o.Authority["Assess"] = ["group:ghost-group", "group:petition-handling-group:leader"];
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        AssertFailure(error.Failures, "authority.unknown_group", "Authority:Assess:0");
        Assert.Single(error.Failures);
    }

    [Fact]
    public void Validate_InvalidJsonConfiguration_ReportsEveryProblemWithItsConfigurationPath()
    {
        var section = StaffedSection();
        var organization = (Dictionary<string, object?>)section["Organization"]!;
        ((List<Dictionary<string, object?>>)organization["People"]!)[2]["Id"] = "has space";
        var groups = (List<Dictionary<string, object?>>)organization["Groups"]!;
        var positions = (List<Dictionary<string, object?>>)groups[0]["Positions"]!;
        positions[0]["Role"] = "7";
        organization["Assignments"] = ((Dictionary<string, List<string>>)organization["Assignments"]!)
            .Where(a => a.Key != OrganizationTemplates.SeedPositions.GeneralManager.Value)
            .ToDictionary(a => a.Key, a => a.Value);
        section["Authority"] = new Dictionary<string, object?> { ["Publish"] = new[] { "anyone" }, ["Dismiss"] = new[] { "group:" } };
        var configuration = new ConfigurationBuilder().AddJsonStream(Json(section)).Build();
        var services = new ServiceCollection();
        services.AddPetitionOpinion(configuration.GetSection("PetitionOpinion"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var failures = error.Failures.ToArray();
        AssertFailure(failures, OrganizationErrors.InvalidId, "Organization:People:2:Id");
        AssertFailure(failures, OrganizationErrors.InvalidText, "Organization:Groups:0:Positions:0:Role");
        AssertFailure(failures, OrganizationErrors.VacantRequiredPosition, "leading.leader");
        AssertFailure(failures, OrganizationErrors.GroupWithoutLeader, "crisis-team");
        AssertFailure(failures, OrganizationErrors.GroupWithoutLeader, "leading-group");
        AssertFailure(failures, "authority.unknown_action", "Authority:Publish");
        AssertFailure(failures, "authority.invalid_grant", "Authority:Dismiss:0");
    }

    [Fact]
    public void AddPetitionOpinion_NullArguments_Throw()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentNullException>(() => PetitionOpinionServiceCollectionExtensions.AddPetitionOpinion(null!, _ => { }));
        Assert.Throws<ArgumentNullException>(() => PetitionOpinionServiceCollectionExtensions.AddPetitionOpinion(null!));
        Assert.Throws<ArgumentNullException>(() => PetitionOpinionServiceCollectionExtensions.AddPetitionOpinion(null!, new ConfigurationBuilder().Build()));
        Assert.Throws<ArgumentNullException>(() => services.AddPetitionOpinion((Action<PetitionOpinionOptions>)null!));
        Assert.Throws<ArgumentNullException>(() => services.AddPetitionOpinion((IConfiguration)null!));
        Assert.Empty(services);
    }

    [Fact]
    public void AddPetitionOpinion_WithoutOptions_NeedsPeopleBeforeItStarts()
    {
        var services = new ServiceCollection();
        services.AddPetitionOpinion();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(21, error.Failures.Count());
        services.Configure<PetitionOpinionOptions>(o => o.ConfigureOrganization(b => Scenario.AddPeople(b)));
        using var staffed = services.BuildServiceProvider();
        staffed.GetRequiredService<IStartupValidator>().Validate();
        Assert.True(staffed.GetRequiredService<ResponseOrganization>().Knows(People.CustomerServiceRep));
    }

    private static void Staff(PetitionOpinionOptions options, PositionId? skip = null)
    {
        foreach (var person in People.Known)
        {
            options.Organization.People.Add(new OrganizationPersonOptions { Id = person.Value, Name = $"Person {person}" });
        }

        foreach (var (position, person) in People.Assignments.Where(a => a.Position != skip))
        {
            if (!options.Organization.Assignments.TryGetValue(position.Value, out var holders))
            {
                options.Organization.Assignments[position.Value] = holders = [];
            }

            holders.Add(person.Value);
        }
    }

    // The PetitionOpinion section as a JSON-shaped object: the staffed seed, a crisis team, and one replaced grant.
    private static Dictionary<string, object?> StaffedSection()
        => new()
        {
            ["Organization"] = new Dictionary<string, object?>
            {
                ["UseSeedTemplate"] = true,
                ["People"] = People.Known.Select(p => new Dictionary<string, object?> { ["Id"] = p.Value, ["Name"] = $"Person {p}" }).ToList(),
                ["Assignments"] = People.Assignments
                    .Append((new PositionId("crisis.leader"), People.HeadOfPublicRelations))
                    .GroupBy(a => a.Item1.Value)
                    .ToDictionary(g => g.Key, g => g.Select(a => a.Item2.Value).ToList()),
                ["Groups"] = new List<Dictionary<string, object?>>
                {
                    new()
                    {
                        ["Id"] = "crisis-team",
                        ["Name"] = "Crisis Communication Team",
                        ["NameZh"] = "危机沟通组",
                        ["Duties"] = new[] { "Speak for the company." },
                        ["Positions"] = new List<Dictionary<string, object?>>
                        {
                            new() { ["Id"] = "crisis.leader", ["Title"] = "Crisis Lead", ["TitleZh"] = "组长", ["Role"] = "Leader", ["Department"] = "PublicRelations" },
                        },
                    },
                },
            },
            ["Authority"] = new Dictionary<string, object?> { ["Dismiss"] = new[] { "department:Legal", "group:crisis-team:leader" } },
        };

    private static MemoryStream Json(Dictionary<string, object?> section)
        => new(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object?> { ["PetitionOpinion"] = section })));

    private static void AssertFailure(IEnumerable<string> failures, string code, string fragment)
        => Assert.Contains(failures, f => f.Contains($"[{code}]", StringComparison.Ordinal) && f.Contains(fragment, StringComparison.Ordinal));

    // A version-7 GUID carries its Unix time in milliseconds in its first 48 bits.
    private static long UnixMillisecondsOf(IncidentId id)
    {
        var bytes = id.Value.ToByteArray(bigEndian: true);
        return ((long)bytes[0] << 40) | ((long)bytes[1] << 32) | ((long)bytes[2] << 24) | ((long)bytes[3] << 16) | ((long)bytes[4] << 8) | bytes[5];
    }

    private sealed class SilentChannel(string name) : PetitionOpinion.Notifications.INotificationChannel
    {
        public string Name => name;

        public ValueTask DeliverAsync(PetitionOpinion.Notifications.Notification notification, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }

    private sealed class NobodyMayPolicy : IAuthorityPolicy
    {
        public const string Code = "test.nobody_may";

        public AuthorityDecision Authorize(PersonId actor, IncidentAction action, Incident? incident, GroupId? targetGroup = null)
            => AuthorityDecision.Deny(new DomainError(Code, "Nobody may do anything here."));
    }
}
