using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PetitionOpinion.Samples.WebApi.Tests.Support;

namespace PetitionOpinion.Samples.WebApi.Tests.Hosting;

/// <summary>The OpenAPI document at /openapi/v1.json describes every route and declares the development security scheme.</summary>
public sealed class OpenApiTests : IDisposable
{
    /// <summary>Set to 1 to rewrite openapi/v1.json beside the sample from what it serves, instead of comparing.</summary>
    private const string RewriteDocument = "PETITIONOPINION_WRITE_OPENAPI";

    private readonly SampleApi _api = new();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task Document_ListsThePathsOfTheStory()
    {
        var document = await DocumentAsync();

        var paths = document["paths"]!.AsObject();
        foreach (var path in new[]
                 {
                     "/incidents", "/incidents/{id}", "/incidents/{id}/assessment", "/incidents/{id}/reassessment",
                     "/incidents/{id}/directives", "/incidents/{id}/directives/{n}/acknowledgement", "/incidents/{id}/directives/{n}/completion",
                     "/incidents/{id}/directives/{n}/cancellation", "/incidents/{id}/response", "/incidents/{id}/communications",
                     "/incidents/{id}/statements", "/incidents/{id}/statements/{n}/legal-review", "/incidents/{id}/statements/{n}/approval",
                     "/incidents/{id}/statements/{n}/publication", "/incidents/{id}/support-requests", "/incidents/{id}/support-requests/{n}/fulfilment",
                     "/incidents/{id}/resolution", "/incidents/{id}/closure-report", "/incidents/{id}/closure-report/acceptance",
                     "/incidents/{id}/reopening", "/incidents/{id}/dismissal", "/incidents/{id}/reviews", "/incidents/{id}/reviews/decision",
                     "/incidents/{id}/deadlines", "/incidents/{id}/permitted-actions", "/incidents/{id}/permitted-actions/{action}",
                     "/incidents/{id}/verification", "/readiness", "/statistics",
                 })
        {
            Assert.True(paths.ContainsKey(path), $"{path} is not in the OpenAPI document.");
        }

        Assert.NotNull(paths["/incidents"]!["post"]);
        Assert.NotNull(paths["/incidents"]!["get"]);
        Assert.NotNull(paths["/incidents/{id}/closure-report"]!["get"]);
        Assert.NotNull(paths["/incidents/{id}/closure-report"]!["post"]);
    }

    [Fact]
    public async Task Document_DescribesEveryMappedRoute()
    {
        var document = await DocumentAsync();
        var routes = _api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !e.RoutePattern.RawText!.StartsWith("/openapi", StringComparison.Ordinal))
            .Where(e => !e.RoutePattern.RawText!.StartsWith("/health", StringComparison.Ordinal)) // open to all, outside the API (HostedLoopsTests)
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => $"{m.ToLowerInvariant()} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .Order(StringComparer.Ordinal);

        var operations = document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => $"{o.Key} {p.Key}")).Order(StringComparer.Ordinal);

        Assert.Equal(routes, operations);
    }

    [Fact]
    public async Task Document_DeclaresTheDevelopmentSchemeAndRequiresIt()
    {
        var document = await DocumentAsync();

        var scheme = document["components"]!["securitySchemes"]!["DevUser"]!;
        Assert.Equal("apiKey", (string?)scheme["type"]);
        Assert.Equal("header", (string?)scheme["in"]);
        Assert.Equal("X-Dev-User", (string?)scheme["name"]);
        Assert.Contains("DEVELOPMENT ONLY", (string?)scheme["description"], StringComparison.Ordinal);
        Assert.Contains(document["security"]!.AsArray(), requirement => requirement!.AsObject().ContainsKey("DevUser"));
    }

    [Fact]
    public async Task Document_RequestBodiesNameNoActor()
    {
        var document = await DocumentAsync();

        foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject().Where(s => s.Key.EndsWith("Request", StringComparison.Ordinal)))
        {
            var properties = schema!["properties"]?.AsObject().Select(p => p.Key) ?? [];
            Assert.DoesNotContain("actor", properties);
            Assert.NotNull(name);
        }
    }

    [Fact]
    public async Task Document_IdentifiersAreStrings()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!;

        Assert.Equal("string", (string?)schemas["PersonId"]!["type"]);
        Assert.Equal("string", (string?)schemas["GroupId"]!["type"]);
        Assert.Equal("uuid", (string?)schemas["IncidentId"]!["format"]);
        Assert.Contains("III", schemas["SeverityLevel"]!["enum"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public async Task Document_QueryIncidentsOffersCountAndTheAfterToken()
    {
        var document = await DocumentAsync();
        var parameters = document["paths"]!["/incidents"]!["get"]!["parameters"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => p!);
        var page = document["components"]!["schemas"]!["IncidentPage"]!["properties"]!;

        Assert.Equal("boolean", (string?)parameters["count"]["schema"]!["type"]);
        Assert.Equal("string", (string?)parameters["after"]["schema"]!["type"]);
        Assert.Contains("next", (string?)parameters["after"]["description"], StringComparison.Ordinal);
        Assert.Equal("boolean", (string?)page["hasMore"]!["type"]);
        Assert.NotNull(page["next"]);
    }

    /// <summary>
    /// The document clients are generated from (the Kiota client tests, openapi-typescript, the linters in CI) is the
    /// file beside the sample, and it is exactly what the sample serves: a change to the API shows as a diff of it.
    /// </summary>
    [Fact]
    public async Task Document_Served_IsTheOneKeptBesideTheSample()
    {
        var served = (await DocumentAsync()).ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        var path = Path.Combine(RepositoryRoot(), "samples", "PetitionOpinion.Samples.WebApi", "openapi", "v1.json");
        if (Environment.GetEnvironmentVariable(RewriteDocument) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, served);
        }

        var kept = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        Assert.True(served == kept, $"{path} is not the document the sample serves: run these tests with {RewriteDocument}=1 to rewrite it, and review the diff.");
    }

    private static string RepositoryRoot()
        => typeof(OpenApiTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    private async Task<JsonObject> DocumentAsync()
    {
        using var client = _api.Anonymous();
        using var response = await client.GetAsync("/openapi/v1.json");
        var document = await response.JsonAsync(HttpStatusCode.OK);
        Assert.StartsWith("3.", (string?)document["openapi"], StringComparison.Ordinal);
        return document;
    }
}
