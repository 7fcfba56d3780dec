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

    /// <summary>
    /// Issue 24, finding 1: a nullable identifier described as "one of null or a reference to a string schema" was read
    /// by a generated client as an empty object (complainedAbout.person, duplicateOf lost). Identifiers are plain strings
    /// where they are used, nullable ones "type: [null, string]", lists of them with their items.
    /// </summary>
    [Fact]
    public async Task Document_IdentifiersAreStringsWhereTheyAreUsed()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!;
        var incident = schemas["IncidentView"]!["properties"]!;

        foreach (var name in new[] { "PersonId", "GroupId", "IncidentId", "RiskCategory", "DirectiveKind" })
        {
            Assert.Null(schemas[name]);
        }

        Assert.Equal("""{"type":"string","format":"uuid"}""", incident["id"]!.ToJsonString());
        Assert.Equal("""{"type":["null","string"],"format":"uuid"}""", incident["duplicateOf"]!.ToJsonString());
        Assert.Equal("""{"type":"array","items":{"type":"string","format":"uuid"}}""", incident["duplicates"]!.ToJsonString());
        Assert.Equal("""{"type":["null","string"]}""", schemas["ComplainedPartyView"]!["properties"]!["person"]!.ToJsonString());
        Assert.Equal("string", (string?)incident["reportedBy"]!["type"]);
        Assert.Contains("DataPrivacy", (string?)incident["category"]!["description"], StringComparison.Ordinal);
        Assert.DoesNotContain("oneOf", document.ToJsonString().Replace("\"oneOf\":[{\"type\":\"null\"},{\"$ref\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    /// <summary>Finding 2: a shared enum listed null (a nullable property of its type), so clients offered it for a required level.</summary>
    [Fact]
    public async Task Document_EnumsListOnlyTheirValues()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!.AsObject();

        Assert.Equal(["I", "II", "III", "IV"], schemas["SeverityLevel"]!["enum"]!.AsArray().Select(v => (string?)v));
        foreach (var (name, schema) in schemas)
        {
            if (schema!["enum"] is JsonArray values)
            {
                Assert.DoesNotContain(null, values);
                Assert.Equal("string", (string?)schema["type"]);
            }
        }

        // A nullable level says so itself: one of null or the enum.
        Assert.Equal("""{"oneOf":[{"type":"null"},{"$ref":"#/components/schemas/SeverityLevel"}]}""", schemas["IncidentView"]!["properties"]!["level"]!.ToJsonString());
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

    /// <summary>Finding 3: several Produces for one status kept only the last, so the JSON views had no schema.</summary>
    [Fact]
    public async Task Document_ReadinessAndStatistics_DeclareEachOfTheirForms()
    {
        var document = await DocumentAsync();

        var readiness = document["paths"]!["/readiness"]!["get"]!["responses"]!["200"]!["content"]!.AsObject();
        var statistics = document["paths"]!["/statistics"]!["get"]!["responses"]!["200"]!["content"]!.AsObject();

        Assert.Equal(["application/json", "text/markdown"], readiness.Select(c => c.Key));
        Assert.Equal(["application/json", "text/markdown", "text/csv"], statistics.Select(c => c.Key));
        Assert.Equal("#/components/schemas/ReadinessView", (string?)readiness["application/json"]!["schema"]!["$ref"]);
        Assert.Equal("#/components/schemas/StatisticsView", (string?)statistics["application/json"]!["schema"]!["$ref"]);
        Assert.Equal("""{"type":"string"}""", readiness["text/markdown"]!["schema"]!.ToJsonString());
        Assert.Equal("""{"type":"string"}""", statistics["text/csv"]!["schema"]!.ToJsonString());
    }

    /// <summary>Finding 4: the problem's members were not in its schema, and 415 and 500 were declared nowhere.</summary>
    [Fact]
    public async Task Document_EveryOperation_DeclaresItsProblemsWithTheirMembers()
    {
        var document = await DocumentAsync();

        var problem = document["components"]!["schemas"]!["ProblemDetails"]!;
        Assert.Equal(["type", "title", "status", "detail", "instance", "code", "traceId", "details", "errors"], problem["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["code"], problem["required"]!.AsArray().Select(r => (string?)r));
        Assert.Equal("#/components/schemas/ErrorView", (string?)problem["properties"]!["details"]!["items"]!["$ref"]);
        foreach (var (path, method, operation) in Operations(document))
        {
            var responses = operation["responses"]!.AsObject();
            Assert.True(responses.ContainsKey("500"), $"{method} {path} does not declare 500.");
            Assert.Equal(operation["requestBody"] is not null, responses.ContainsKey("415"));
            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
            {
                Assert.Equal("#/components/schemas/ProblemDetails", (string?)response!["content"]!["application/problem+json"]!["schema"]!["$ref"]);
            }
        }
    }

    /// <summary>Finding 5: parameters untyped or loosely typed.</summary>
    [Fact]
    public async Task Document_Parameters_AreTyped()
    {
        var document = await DocumentAsync();
        var parameters = Operations(document).SelectMany(o => o.Operation["parameters"]?.AsArray() ?? []).Select(p => p!).ToList();
        JsonNode Schema(string name) => parameters.First(p => (string?)p["name"] == name)!["schema"]!;

        Assert.All(parameters.Where(p => (string?)p["name"] == "id"), p => Assert.Equal("""{"type":"string","format":"uuid"}""", p["schema"]!.ToJsonString()));
        Assert.Equal("""{"minimum":1,"type":"integer","format":"int32"}""", Schema("n").ToJsonString());
        Assert.Equal("#/components/schemas/IncidentAction", (string?)Schema("action")["$ref"]);
        foreach (var (name, item) in new[] { ("state", "IncidentState"), ("level", "SeverityLevel"), ("channel", "IntakeChannel") })
        {
            var filter = parameters.First(p => (string?)p["name"] == name);
            // Repeated (?state=Reported&state=Assessed): style form, explode true — a query parameter's defaults, which
            // Microsoft.OpenApi leaves out when it writes the document; the description says it too.
            Assert.Equal("form", (string?)filter["style"] ?? "form");
            Assert.True((bool?)filter["explode"] ?? true);
            Assert.Contains("Repeat the parameter", (string?)filter["description"], StringComparison.Ordinal);
            Assert.Equal($"#/components/schemas/{item}", (string?)filter["schema"]!["items"]!["$ref"]);
        }

        Assert.Equal("date-time", (string?)Schema("reportedFrom")["format"]);
        Assert.Equal(["en", "zh-CN"], Schema("lang")["enum"]!.AsArray().Select(v => (string?)v));
        Assert.Equal(["json", "markdown", "csv"], document["paths"]!["/statistics"]!["get"]!["parameters"]!.AsArray().First(p => (string?)p!["name"] == "format")!["schema"]!["enum"]!.AsArray().Select(v => (string?)v));
        Assert.Equal(200, (int)Schema("Idempotency-Key")["maxLength"]!);
        Assert.DoesNotContain("\"integer\",\"string\"", document.ToJsonString(), StringComparison.Ordinal);
    }

    /// <summary>Finding 6: the intake's headers, descriptions, licence, contact and tags.</summary>
    [Fact]
    public async Task Document_DescribesEveryOperationTagAndTheIntakeHeaders()
    {
        var document = await DocumentAsync();

        var report = document["paths"]!["/incidents"]!["post"]!["responses"]!;
        Assert.Equal("uri-reference", (string?)report["201"]!["headers"]!["Location"]!["schema"]!["format"]);
        Assert.NotNull(report["200"]!["headers"]!["Idempotent-Replayed"]);
        Assert.All(Operations(document), o => Assert.False(string.IsNullOrWhiteSpace((string?)o.Operation["description"]), $"{o.Method} {o.Path} has no description."));
        Assert.All(document["tags"]!.AsArray(), t => Assert.False(string.IsNullOrWhiteSpace((string?)t!["description"])));
        Assert.Equal("MIT", (string?)document["info"]!["license"]!["identifier"]);
        Assert.NotNull(document["info"]!["contact"]);
        Assert.Equal("/", (string?)document["servers"]![0]!["url"]);

        // A lifecycle action's description is read from the lifecycle table and the authority matrix.
        var approval = (string)document["paths"]!["/incidents/{id}/statements/{n}/approval"]!["post"]!["description"]!;
        Assert.Contains("incident.leading_group_approval_required", approval, StringComparison.Ordinal);
        Assert.Contains("Leading Group", approval, StringComparison.Ordinal);
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

    private static IEnumerable<(string Path, string Method, JsonNode Operation)> Operations(JsonObject document)
        => document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Where(o => o.Key != "parameters").Select(o => (p.Key, o.Key, o.Value!)));

    private async Task<JsonObject> DocumentAsync()
    {
        using var client = _api.Anonymous();
        using var response = await client.GetAsync("/openapi/v1.json");
        var document = await response.JsonAsync(HttpStatusCode.OK);
        Assert.StartsWith("3.", (string?)document["openapi"], StringComparison.Ordinal);
        return document;
    }
}
