using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using PetitionOpinion.Samples.WebApi.Authentication;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Samples.WebApi.Tests.Support;

/// <summary>
/// The sample host in-process, as configured by its appsettings.json (the sample company's organisation and readiness),
/// over a SQLite file of its own in a temporary folder (or the in-memory store), on a fake clock that starts on
/// 2026-03-02 09:00 +08:00 and moves only when a test says so. Dispose it to stop the host and delete the folder.
/// </summary>
public sealed class SampleApi : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "petition-opinion-webapi-tests", Guid.NewGuid().ToString("N"));
    private readonly bool _inMemory;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Func<IIncidentStore, IIncidentStore>? _wrapStore;
    private readonly Action<IServiceCollection>? _services;

    /// <summary>Initializes a new host.</summary>
    /// <param name="inMemory">Use the in-memory store instead of a SQLite file.</param>
    /// <param name="settings">Configuration values that override appsettings.json.</param>
    /// <param name="wrapStore">Wraps the configured store (to inject conflicts or failures).</param>
    /// <param name="databasePath">The SQLite file; default: a new file in a temporary folder of this host.</param>
    /// <param name="services">Further registrations, after the host's own.</param>
    public SampleApi(bool inMemory = false, IReadOnlyDictionary<string, string?>? settings = null, Func<IIncidentStore, IIncidentStore>? wrapStore = null, string? databasePath = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        _inMemory = inMemory;
        _settings = settings ?? new Dictionary<string, string?>();
        _wrapStore = wrapStore;
        Directory.CreateDirectory(_folder);
        DatabasePath = databasePath ?? Path.Combine(_folder, "incidents.db");
    }

    /// <summary>Gets the fake clock every service of the host reads.</summary>
    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>Gets the SQLite file (unused with the in-memory store).</summary>
    public string DatabasePath { get; }

    /// <summary>A client that authenticates as <paramref name="person"/> with the development header.</summary>
    public HttpClient As(string person)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(DevelopmentAuthenticationHandler.HeaderName, person);
        return client;
    }

    /// <summary>A client without identity.</summary>
    public HttpClient Anonymous() => CreateClient();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Store:Provider", _inMemory ? "InMemory" : "Sqlite");
        builder.UseSetting("Store:Path", DatabasePath);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            if (_wrapStore is not null)
            {
                var registered = services.Last(d => d.ServiceType == typeof(IIncidentStore));
                services.Remove(registered);
                services.AddSingleton(sp => _wrapStore(registered.ImplementationFactory is { } make
                    ? (IIncidentStore)make(sp)
                    : (IIncidentStore)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!)));
            }

            _services?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on another platform; the temporary folder is cleaned by the system.
            }
        }
    }
}
