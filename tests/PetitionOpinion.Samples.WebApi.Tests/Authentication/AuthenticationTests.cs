using System.Net;
using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PetitionOpinion.Samples.WebApi.Incidents;
using PetitionOpinion.Samples.WebApi.Tests.Support;
using static PetitionOpinion.Samples.WebApi.Tests.Support.People;

namespace PetitionOpinion.Samples.WebApi.Tests.Authentication;

/// <summary>Who acts comes from the authenticated identity only: every endpoint needs one, and no request body can name another.</summary>
public sealed class AuthenticationTests
{
    [Fact]
    public async Task EveryApiEndpoint_WithoutIdentity_401()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        using var client = api.Anonymous();
        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !e.RoutePattern.RawText!.StartsWith("/openapi", StringComparison.Ordinal))
            .Where(e => !e.RoutePattern.RawText!.StartsWith("/health", StringComparison.Ordinal)) // open to all, outside the API (HostedLoopsTests)
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => (Method: m, Path: e.RoutePattern.RawText!)))
            .ToList();

        Assert.True(endpoints.Count >= 30, $"Only {endpoints.Count} endpoints found.");
        foreach (var (method, pattern) in endpoints)
        {
            var path = pattern.Replace("{id}", id, StringComparison.Ordinal).Replace("{n}", "1", StringComparison.Ordinal).Replace("{action}", "Resolve", StringComparison.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "POST")
            {
                request.Content = System.Net.Http.Json.JsonContent.Create(new { reason = "x" });
            }

            using var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {pattern} answered {(int)response.StatusCode} without an identity.");
            await response.ProblemAsync(HttpStatusCode.Unauthorized, "authentication.required");
        }
    }

    [Fact]
    public async Task Get_IdentityWithoutPersonClaim_403AuthenticationNoPerson()
    {
        // What a real scheme does when its claims transformation maps the user to nobody.
        using var api = new SampleApi(services: s => s.AddSingleton<IClaimsTransformation, DropPersonClaim>());
        using var client = api.As(GeneralManager);

        using var response = await client.GetAsync("/readiness");

        await response.ProblemAsync(HttpStatusCode.Forbidden, "authentication.no_person");
    }

    [Fact]
    public async Task OpenApiDocument_WithoutIdentity_Served()
    {
        using var api = new SampleApi();
        using var client = api.Anonymous();

        using var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Report_BodyNamesAnotherActor_RecordedActorIsTheCaller()
    {
        using var api = new SampleApi();
        using var client = api.As(CustomerServiceRepresentative);

        var incident = await client.PostOkAsync("/incidents", new
        {
            actor = GeneralManager,
            reportedBy = GeneralManager,
            kind = "Petition",
            channel = "Hotline",
            category = "DataPrivacy",
            description = "A complaint.",
        }, HttpStatusCode.Created);

        Assert.Equal(CustomerServiceRepresentative, (string?)incident["reportedBy"]);
        Assert.Equal(CustomerServiceRepresentative, (string?)incident["history"]![0]!["actor"]);
    }

    [Fact]
    public async Task Assess_BodyNamesAnAuthorisedActor_StillRefusedForTheCaller()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        using var analyst = api.As(OpinionAnalyst);

        using var response = await analyst.PostAsync($"/incidents/{id}/assessment", new { actor = CustomerServiceManager, level = "III", scope = "Group", potentialRisk = "High", rationale = "As the manager." });

        await response.ProblemAsync(HttpStatusCode.Forbidden, "authority.denied");
        using var manager = api.As(CustomerServiceManager);
        Assert.Equal("Reported", (string?)(await manager.GetOkAsync($"/incidents/{id}"))["state"]);
    }

    [Fact]
    public void RequestBodies_NameNoActor()
    {
        var requests = typeof(ReportIncidentRequest).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(ReportIncidentRequest).Namespace && t.Name.EndsWith("Request", StringComparison.Ordinal))
            .ToList();
        // People a body may name are the subject of the request, never who performs it.
        var allowed = new[] { (typeof(ComplainedPartyRequest), "Person"), (typeof(ImprovementRequest), "Owner") };

        Assert.True(requests.Count >= 15);
        foreach (var type in requests)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                Assert.False(property.Name.Contains("Actor", StringComparison.OrdinalIgnoreCase), $"{type.Name}.{property.Name}");
                var isPerson = (Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType) == typeof(PersonId);
                Assert.True(!isPerson || allowed.Contains((type, property.Name)), $"{type.Name}.{property.Name} names a person.");
            }
        }
    }

    [Fact]
    public async Task PermittedActions_AreTheCallers()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        using var manager = api.As(CustomerServiceManager);
        using var analyst = api.As(OpinionAnalyst);

        var managers = await manager.GetOkAsync($"/incidents/{id}/permitted-actions");
        var analysts = await analyst.GetOkAsync($"/incidents/{id}/permitted-actions");

        Assert.Contains("Assess", managers["actions"]!.AsArray().Select(a => (string?)a));
        Assert.DoesNotContain("Assess", analysts["actions"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(OpinionAnalyst, (string?)analysts["actor"]);
        var whyNot = await analyst.GetOkAsync($"/incidents/{id}/permitted-actions/assess");
        Assert.Equal("Assess", (string?)whyNot["action"]);
        Assert.Equal(["authority.denied"], whyNot["reasons"]!.AsArray().Select(r => (string)r!["code"]!));
    }

    private sealed class DropPersonClaim : IClaimsTransformation
    {
        public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
            => Task.FromResult(new ClaimsPrincipal(new ClaimsIdentity(principal.Claims.Where(c => c.Type != "petition_opinion:person_id"), "DevUser")));
    }
}
