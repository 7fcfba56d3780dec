using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Storage.PostgreSql.Tests.Support;

namespace PetitionOpinion.Storage.PostgreSql.Tests.DependencyInjection;

/// <summary>The store registered in a container, on a real server: one instance behind the three contracts.</summary>
public sealed class PostgreSqlStorePetitionOpinionBuilderExtensionsTests : IAsyncLifetime
{
    private static readonly PersonId Actor = PersonId.From("zhou.min");
    private TestSchema _schema = null!;

    public async Task InitializeAsync() => _schema = await TestSchema.CreateAsync();

    public async Task DisposeAsync() => await _schema.DisposeAsync();

    [Fact]
    public async Task UsePostgreSqlStore_Options_ReplacesTheInMemoryStoreForEveryContractAndPersists()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        IncidentId id;
        await using (var services = Services(time, b => b.UsePostgreSqlStore(o =>
        {
            o.ConnectionString = PostgreSqlServer.ConnectionString!;
            o.Schema = _schema.Name;
        })))
        {
            var store = services.GetRequiredService<IIncidentStore>();
            Assert.IsType<PostgreSqlIncidentStore>(store);
            Assert.Same(store, services.GetRequiredService<PostgreSqlIncidentStore>());
            Assert.Same(store, services.GetRequiredService<ISharedOutbox>());
            Assert.Same(store, services.GetRequiredService<ILeaseStore>());
            Assert.Single(services.GetServices<IIncidentStore>());
            var repository = services.GetRequiredService<IncidentRepository>();
            Assert.Same(store, repository.Store);
            id = (await repository.ReportAsync(Report(), "crm-42", CancellationToken.None)).AsT0.Id;
        }

        // A second "instance" of the application, on the same schema.
        await using (var services = Services(time, b => b.UsePostgreSqlStore(o =>
        {
            o.ConnectionString = PostgreSqlServer.ConnectionString!;
            o.Schema = _schema.Name;
            o.AutoMigrate = false;
        })))
        {
            var repository = services.GetRequiredService<IncidentRepository>();
            Assert.Equal(id, (await repository.ReportAsync(Report(), "crm-42", CancellationToken.None)).AsT0.Id);
            Assert.True((await repository.VerifyAsync(id, CancellationToken.None)).IsIntact);
            Assert.Equal(time.GetUtcNow(), (await repository.FindAsync(id, CancellationToken.None))!.ReportedAt);
        }
    }

    [Fact]
    public async Task UsePostgreSqlStore_DataSourceFromTheContainer_UsesItAndLeavesItToItsOwner()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        await using var dataSource = NpgsqlDataSource.Create(PostgreSqlServer.ConnectionString!);
        await using (var services = Services(time, b =>
        {
            b.Services.AddSingleton(dataSource);
            b.UsePostgreSqlStore(sp => sp.GetRequiredService<NpgsqlDataSource>(), o => o.Schema = _schema.Name);
        }))
        {
            var repository = services.GetRequiredService<IncidentRepository>();
            var id = (await repository.ReportAsync(Report(), null, CancellationToken.None)).AsT0.Id;
            Assert.NotNull(await repository.FindAsync(id, CancellationToken.None));
        }

        // The container disposed the store, not the data source it was given.
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal(1L, await _schema.ScalarAsync("SELECT count(*) FROM {schema}.incidents"));
    }

    [Fact]
    public async Task UsePostgreSqlStore_ConnectionString_UsesTheDefaultSchemaName()
    {
        await using var services = Services(TimeProvider.System, b => b.UsePostgreSqlStore(PostgreSqlServer.ConnectionString!));

        Assert.Equal(PostgreSqlStoreOptions.DefaultSchema, services.GetRequiredService<PostgreSqlIncidentStore>().Schema);
    }

    internal static ServiceProvider Services(TimeProvider time, Action<IPetitionOpinionBuilder> store)
    {
        var services = new ServiceCollection().AddSingleton(time);
        var builder = services.AddPetitionOpinion(options =>
        {
            options.Organization.UseSeedTemplate = false;
            options.ConfigureOrganization(org => org
                .AddPerson(Actor, "Zhou Min")
                .AddGroup(WellKnownGroups.PetitionHandlingGroup, "Petition Handling Group", "信访处理小组")
                .AddPosition(WellKnownGroups.PetitionHandlingGroup, PositionId.From("petition.leader"), "Customer Service Manager", "客服部经理", GroupRole.Leader)
                .Assign(PositionId.From("petition.leader"), Actor));
        });
        store(builder);
        return services.BuildServiceProvider();
    }

    private static ReportIncident Report()
        => new(Actor, IncidentKind.Petition, IntakeChannel.Hotline, RiskCategory.DataPrivacy, "A customer says a phishing SMS quoted her order history.");
}

/// <summary>Registration checks the options at once: no server needed.</summary>
[RunsWithoutPostgreSql]
public sealed class PostgreSqlStoreRegistrationTests
{
    [Fact]
    public void UsePostgreSqlStore_UnusableOptions_ThrowsAtRegistrationWithoutThePassword()
    {
        var builder = new ServiceCollection().AddPetitionOpinion();

        Assert.Throws<ArgumentException>(() => builder.UsePostgreSqlStore(" "));
        Assert.Throws<ArgumentException>(() => builder.UsePostgreSqlStore(o => o.ConnectionString = "Host=db;Schema=x"));
        Assert.Throws<ArgumentException>(() => builder.UsePostgreSqlStore(o => { o.ConnectionString = "Host=db"; o.Schema = "Bad-Name"; }));
        Assert.Throws<ArgumentException>(() => builder.UsePostgreSqlStore(_ => NpgsqlDataSource.Create("Host=db"), o => o.CommandTimeout = TimeSpan.FromSeconds(-1)));
        var error = Assert.Throws<ArgumentException>(() => builder.UsePostgreSqlStore("Host=db;Password=hunter2;2;Port=x"));
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => builder.UsePostgreSqlStore((string)null!));
        Assert.Throws<ArgumentNullException>(() => builder.UsePostgreSqlStore((Action<PostgreSqlStoreOptions>)null!));
        Assert.Throws<ArgumentNullException>(() => builder.UsePostgreSqlStore(null!, _ => { }));
        Assert.Throws<ArgumentNullException>(() => ((IPetitionOpinionBuilder)null!).UsePostgreSqlStore("Host=db"));
    }

    [Fact]
    public async Task UsePostgreSqlStore_Registered_ReplacesEveryEarlierStoreRegistration()
    {
        var services = new ServiceCollection();
        var builder = services.AddPetitionOpinion();
        builder.UsePostgreSqlStore("Host=first.internal");
        builder.UsePostgreSqlStore(o => { o.ConnectionString = "Host=second.internal"; o.Schema = "second"; });

        await using var provider = services.BuildServiceProvider();
        Assert.Equal("second", Assert.IsType<PostgreSqlIncidentStore>(Assert.Single(provider.GetServices<IIncidentStore>())).Schema);
        Assert.Single(provider.GetServices<ISharedOutbox>());
        Assert.Single(provider.GetServices<ILeaseStore>());
        Assert.Single(provider.GetServices<PostgreSqlIncidentStore>());
    }

    [Fact]
    public async Task UsePostgreSqlStore_Configuration_BindsTheSameOptionsAsCode()
    {
        var configuration = Configuration(
            ("PetitionOpinion:Storage:PostgreSql:ConnectionString", "Host=db.internal;Database=app;Username=app"),
            ("PetitionOpinion:Storage:PostgreSql:Schema", "tenant_a"),
            ("PetitionOpinion:Storage:PostgreSql:AutoMigrate", "false"),
            ("PetitionOpinion:Storage:PostgreSql:CommandTimeout", "00:00:45"),
            ("PetitionOpinion:Storage:PostgreSql:PrepareStatements", "false"));
        var services = new ServiceCollection();
        new Builder(services).UsePostgreSqlStore(configuration.GetSection("PetitionOpinion:Storage:PostgreSql"));
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var bound = provider.GetRequiredService<IOptionsMonitor<PostgreSqlStoreOptions>>().Get(PostgreSqlStorePetitionOpinionBuilderExtensions.OptionsName);
        var code = new PostgreSqlStoreOptions
        {
            ConnectionString = "Host=db.internal;Database=app;Username=app",
            Schema = "tenant_a",
            AutoMigrate = false,
            CommandTimeout = TimeSpan.FromSeconds(45),
            PrepareStatements = false,
        };
        Assert.Equal(Shape(code), Shape(bound));
        Assert.Equal("tenant_a", Assert.IsType<PostgreSqlIncidentStore>(Assert.Single(provider.GetServices<IIncidentStore>())).Schema);
        Assert.Single(provider.GetServices<ISharedOutbox>());
    }

    [Fact]
    public async Task UsePostgreSqlStore_DataSourceAndConfiguration_NeedsNoConnectionString()
    {
        var configuration = Configuration(("Store:Schema", "tenant_b"));
        var services = new ServiceCollection();
        await using var dataSource = NpgsqlDataSource.Create("Host=db.internal");
        new Builder(services).UsePostgreSqlStore(_ => dataSource, configuration.GetSection("Store"));
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal("tenant_b", provider.GetRequiredService<PostgreSqlIncidentStore>().Schema);
    }

    [Theory]
    [InlineData("ConnectionString", "", "PetitionOpinion:Storage:PostgreSql:ConnectionString: ")]
    [InlineData("Schema", "Bad-Name", "PetitionOpinion:Storage:PostgreSql:Schema: ")]
    [InlineData("CommandTimeout", "-00:00:01", "PetitionOpinion:Storage:PostgreSql:CommandTimeout: ")]
    public void UsePostgreSqlStore_ConfigurationWithABadValue_FailsAtStartUpNamingTheKey(string key, string value, string expected)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal) { ["PetitionOpinion:Storage:PostgreSql:ConnectionString"] = "Host=db;Password=hunter2" };
        values["PetitionOpinion:Storage:PostgreSql:" + key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        new Builder(services).UsePostgreSqlStore(configuration.GetSection("PetitionOpinion:Storage:PostgreSql"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        var failure = Assert.Single(error.Failures);
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IIncidentStore>());
        Assert.StartsWith(expected, failure, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure, StringComparison.Ordinal);
    }

    // The builder alone, without AddPetitionOpinion: only the store's options are validated here.
    private sealed class Builder(IServiceCollection services) : IPetitionOpinionBuilder
    {
        public IServiceCollection Services { get; } = services;
    }

    private static (string, string, bool, TimeSpan, bool) Shape(PostgreSqlStoreOptions o)
        => (o.ConnectionString, o.Schema, o.AutoMigrate, o.CommandTimeout, o.PrepareStatements);

    private static IConfiguration Configuration(params (string Key, string? Value)[] values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
