using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using PetitionOpinion.Samples.WebApi.ClientTests.Authentication;
using PetitionOpinion.Samples.WebApi.ClientTests.Client;

namespace PetitionOpinion.Samples.WebApi.ClientTests.Support;

/// <summary>
/// The web sample on Kestrel, listening on a free port of 127.0.0.1 chosen by the system, in the Development environment
/// (the X-Dev-User scheme), over a SQLite file in a temporary folder, on a fake clock that starts on 2026-03-02
/// 09:00 +08:00 and moves only when a test says so. The generated client reaches it over TCP like any other client.
/// </summary>
/// <remarks>
/// In-process rather than `dotnet run` in a child process: the same real socket and HTTP stack for the client, but the
/// test owns the clock (directives' due times, deadlines) and the store, needs no second build, and the host cannot
/// outlive the test run. Dispose it to stop the host and delete the folder.
/// </remarks>
public sealed class RunningSample : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "petition-opinion-client-tests", Guid.NewGuid().ToString("N"));
    private readonly List<HttpClient> _clients = [];

    /// <summary>Starts the sample on a free loopback port.</summary>
    public RunningSample()
    {
        Directory.CreateDirectory(_folder);
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Address = new Uri(Assert.Single(addresses));
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(Address.Host)), $"The sample listens on {Address}, not on loopback.");
        Assert.NotEqual(0, Address.Port);
    }

    /// <summary>Gets the fake clock every service of the host reads.</summary>
    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>Gets the address the sample listens on, e.g. http://127.0.0.1:41234.</summary>
    public Uri Address { get; }

    /// <summary>A generated client that acts as <paramref name="person"/> (the X-Dev-User header).</summary>
    public PetitionOpinionClient As(string person) => Client(new DevelopmentUserAuthenticationProvider(person));

    /// <summary>A generated client that sends no identity.</summary>
    public PetitionOpinionClient Anonymous() => Client(new AnonymousAuthenticationProvider());

    /// <summary>A generated client over <paramref name="authentication"/>, on an HttpClient that goes through the socket.</summary>
    /// <param name="authentication">What identifies the caller.</param>
    /// <param name="handler">A last handler before the socket, to alter what the generated client sends.</param>
    public PetitionOpinionClient Client(IAuthenticationProvider authentication, DelegatingHandler? handler = null)
    {
        // Kiota's default handler chain (retry, redirect, ...) over a plain socket handler: not the factory's in-memory one.
        var handlers = KiotaClientFactory.CreateDefaultHandlers();
        if (handler is not null)
        {
            handlers.Add(handler);
        }

        var http = KiotaClientFactory.Create(handlers);
        _clients.Add(http);
        return new PetitionOpinionClient(new HttpClientRequestAdapter(authentication, httpClient: http) { BaseUrl = Address.ToString().TrimEnd('/') });
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Store:Provider", "Sqlite");
        builder.UseSetting("Store:Path", Path.Combine(_folder, "incidents.db"));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

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
