using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Storage.Sqlite.Tests.Support;

namespace PetitionOpinion.Storage.Sqlite.Tests.DependencyInjection;

public sealed class SqliteStorePetitionOpinionBuilderExtensionsTests : IDisposable
{
    private static readonly PersonId Actor = PersonId.From("zhou.min");
    private readonly TempDatabase _database = new();

    [Fact]
    public async Task UseSqliteStore_Path_ReplacesTheInMemoryStoreAndPersists()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        IncidentId id;
        await using (var services = Services(time, b => b.UseSqliteStore(_database.FilePath)))
        {
            var store = services.GetRequiredService<IIncidentStore>();
            Assert.IsType<SqliteIncidentStore>(store);
            Assert.Same(store, services.GetRequiredService<SqliteIncidentStore>());
            Assert.Single(services.GetServices<IIncidentStore>());
            var repository = services.GetRequiredService<IncidentRepository>();
            Assert.Same(store, repository.Store);
            var reported = await repository.ReportAsync(Report(), "crm-42", CancellationToken.None);
            id = reported.AsT0.Id;
        }

        await using (var services = Services(time, b => b.UseSqliteStore(o => o.ConnectionString = $"Data Source={_database.FilePath}")))
        {
            var repository = services.GetRequiredService<IncidentRepository>();
            var again = await repository.ReportAsync(Report(), "crm-42", CancellationToken.None);
            Assert.Equal(id, again.AsT0.Id);
            Assert.True((await repository.VerifyAsync(id, CancellationToken.None)).IsIntact);
            Assert.Equal(time.GetUtcNow(), (await repository.FindAsync(id, CancellationToken.None))!.ReportedAt);
        }
    }

    [Fact]
    public void UseSqliteStore_UnusableOptions_ThrowsAtRegistration()
    {
        var builder = new ServiceCollection().AddPetitionOpinion();
        Assert.Throws<ArgumentException>(() => builder.UseSqliteStore(o => o.ConnectionString = "Data Source=:memory:"));
        Assert.Throws<ArgumentException>(() => builder.UseSqliteStore(" "));
    }

    [Fact]
    public async Task UseSqliteStore_Configuration_BindsTheSameOptionsAsCodeAndPersists()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var configuration = Configuration(
            ("PetitionOpinion:Storage:Sqlite:ConnectionString", $"Data Source={_database.FilePath}"),
            ("PetitionOpinion:Storage:Sqlite:BusyTimeout", "00:00:05"));
        await using var services = Services(time, b => b.UseSqliteStore(configuration.GetSection("PetitionOpinion:Storage:Sqlite")));

        services.GetRequiredService<IStartupValidator>().Validate();
        var bound = services.GetRequiredService<IOptionsMonitor<SqliteStoreOptions>>().Get(SqliteStorePetitionOpinionBuilderExtensions.OptionsName);
        var code = new SqliteStoreOptions { ConnectionString = $"Data Source={_database.FilePath}", BusyTimeout = TimeSpan.FromSeconds(5) };
        Assert.Equal((code.ConnectionString, code.BusyTimeout), (bound.ConnectionString, bound.BusyTimeout));
        Assert.Same(services.GetRequiredService<SqliteIncidentStore>(), Assert.Single(services.GetServices<IIncidentStore>()));
        var repository = services.GetRequiredService<IncidentRepository>();
        var id = (await repository.ReportAsync(Report(), "crm-42", CancellationToken.None)).AsT0.Id;
        Assert.True((await repository.VerifyAsync(id, CancellationToken.None)).IsIntact);
        Assert.True(File.Exists(_database.FilePath));
    }

    [Theory]
    [InlineData("Data Source=:memory:", "00:00:05", "PetitionOpinion:Storage:Sqlite:ConnectionString: ")]
    [InlineData(null, "00:00:05", "PetitionOpinion:Storage:Sqlite:ConnectionString: ")]
    [InlineData("Data Source=x.db", "-00:00:01", "PetitionOpinion:Storage:Sqlite:BusyTimeout: ")]
    public void UseSqliteStore_ConfigurationWithABadValue_FailsAtStartUpNamingTheKey(string? connectionString, string busyTimeout, string expected)
    {
        var configuration = Configuration(
            ("PetitionOpinion:Storage:Sqlite:ConnectionString", connectionString),
            ("PetitionOpinion:Storage:Sqlite:BusyTimeout", busyTimeout));
        using var services = Services(TimeProvider.System, b => b.UseSqliteStore(configuration.GetSection("PetitionOpinion:Storage:Sqlite")));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.StartsWith(expected, Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    public void Dispose() => _database.Dispose();

    private static IConfiguration Configuration(params (string Key, string? Value)[] values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static ServiceProvider Services(TimeProvider time, Action<IPetitionOpinionBuilder> store)
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
