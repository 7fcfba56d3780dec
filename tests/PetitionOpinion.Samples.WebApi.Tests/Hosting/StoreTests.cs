using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PetitionOpinion.Samples.WebApi.Tests.Support;
using PetitionOpinion.Storage;
using static PetitionOpinion.Samples.WebApi.Tests.Support.People;

namespace PetitionOpinion.Samples.WebApi.Tests.Hosting;

/// <summary>The store comes from configuration: the SQLite file (by default), a PostgreSQL database, or memory.</summary>
public sealed class StoreTests
{
    [Fact]
    public async Task Sqlite_IncidentsSurviveARestartOnTheSameFile()
    {
        var folder = Path.Combine(Path.GetTempPath(), "petition-opinion-webapi-tests", Guid.NewGuid().ToString("N"));
        var file = Path.Combine(folder, "nested", "incidents.db");
        try
        {
            string id;
            using (var first = new SampleApi(databasePath: file))
            {
                id = await Story.ReportAsync(first);
                Assert.IsType<SqliteIncidentStore>(first.Services.GetRequiredService<IIncidentStore>());
            }

            Assert.True(File.Exists(file));
            using var second = new SampleApi(databasePath: file);
            using var client = second.As(CustomerServiceManager);
            var incident = await client.GetOkAsync($"/incidents/{id}");
            Assert.Equal("Reported", (string?)incident["state"]);
            Assert.True((bool)(await client.GetOkAsync($"/incidents/{id}/verification"))["intact"]!);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task InMemory_ConfiguredByStoreProvider_NoFile()
    {
        using var api = new SampleApi(inMemory: true);

        var id = await Story.ReportAsync(api);

        Assert.IsType<InMemoryIncidentStore>(api.Services.GetRequiredService<IIncidentStore>());
        Assert.False(File.Exists(api.DatabasePath));
        using var client = api.As(CustomerServiceManager);
        Assert.Equal(id, (string?)(await client.GetOkAsync($"/incidents/{id}"))["id"]);
    }

    [Fact]
    public void UnknownProvider_HostDoesNotStart()
    {
        using var api = new SampleApi(settings: new Dictionary<string, string?> { ["Store:Provider"] = "Oracle" });

        var error = Assert.ThrowsAny<Exception>(() => api.CreateClient());

        Assert.Contains("Store:Provider", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void PostgreSql_ConfiguredByStoreProvider_TheSharedStoreIsRegistered()
    {
        // Nothing connects before the first request that needs the store, so no server is needed to check the wiring.
        using var api = new SampleApi(settings: new Dictionary<string, string?>
        {
            ["Store:Provider"] = "PostgreSql",
            ["Store:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=app;Password=secret;Database=incidents",
        });

        using var client = api.CreateClient();
        var store = Assert.IsType<PostgreSqlIncidentStore>(api.Services.GetRequiredService<IIncidentStore>());

        Assert.Same(store, api.Services.GetRequiredService<ISharedOutbox>());
        Assert.Same(store, api.Services.GetRequiredService<ILeaseStore>());
    }

    [Fact]
    public void PostgreSql_WithoutConnectionString_HostDoesNotStart()
    {
        using var api = new SampleApi(settings: new Dictionary<string, string?> { ["Store:Provider"] = "PostgreSql" });

        var error = Assert.ThrowsAny<Exception>(() => api.CreateClient());

        Assert.Contains("Store:ConnectionString", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidOrganisation_HostDoesNotStartAndSaysWhere()
    {
        using var api = new SampleApi(settings: new Dictionary<string, string?> { ["PetitionOpinion:Organization:Assignments:petition.leader:0"] = "nobody.known" });

        var error = Assert.ThrowsAny<Exception>(() => api.CreateClient());

        Assert.Contains("nobody.known", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ProductionEnvironment_WithoutRealAuthentication_HostDoesNotStart()
    {
        using var api = new ProductionApi();

        var error = Assert.ThrowsAny<Exception>(() => api.CreateClient());

        Assert.Contains("X-Dev-User", error.ToString(), StringComparison.Ordinal);
    }

    private sealed class ProductionApi : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Store:Provider", "InMemory");
        }
    }
}
