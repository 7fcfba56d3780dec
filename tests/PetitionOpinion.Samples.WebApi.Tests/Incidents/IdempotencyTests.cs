using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using PetitionOpinion.Samples.WebApi.Tests.Support;
using static PetitionOpinion.Samples.WebApi.Tests.Support.People;

namespace PetitionOpinion.Samples.WebApi.Tests.Incidents;

/// <summary>POST /incidents with an Idempotency-Key header is safe to retry: the same key never reports twice.</summary>
public sealed class IdempotencyTests
{
    [Fact]
    public async Task Report_SameKeyTwice_SecondAnswers200WithTheFirstIncidentAndStoresNothing()
    {
        using var api = new SampleApi();
        using var client = api.As(CustomerServiceRepresentative);

        using var first = await SendAsync(client, "crm:case-4711", "The first call.");
        api.Clock.Advance(TimeSpan.FromMinutes(5));
        using var second = await SendAsync(client, "crm:case-4711", "The first call.");

        var created = await first.JsonAsync(HttpStatusCode.Created);
        var replayed = await second.JsonAsync(HttpStatusCode.OK);
        Assert.Equal((string?)created["id"], (string?)replayed["id"]);
        Assert.Equal("The first call.", (string?)replayed["description"]);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, (int)(await client.GetOkAsync("/incidents"))["totalCount"]!);
    }

    [Fact]
    public async Task Report_SameKeyDifferentReport_422IdempotencyMismatchWithoutTheFirstReport()
    {
        using var api = new SampleApi();
        using var client = api.As(CustomerServiceRepresentative);

        using var first = await SendAsync(client, "crm:case-4711", "The first call.");
        using var second = await SendAsync(client, "crm:case-4711", "Another report, same key.");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var problem = await second.ProblemAsync(HttpStatusCode.UnprocessableEntity, "intake.idempotency_mismatch");
        Assert.DoesNotContain("The first call.", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.False(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, (int)(await client.GetOkAsync("/incidents"))["totalCount"]!);
    }

    [Fact]
    public async Task Report_AnotherCallersKey_CreatesTheirOwnIncidentNeverTheFirstCallers()
    {
        using var api = new SampleApi();
        using var representative = api.As(CustomerServiceRepresentative);
        using var manager = api.As(CustomerServiceManager);

        using var mine = await SendAsync(representative, "crm:case-4711", "The same text.");
        using var theirs = await SendAsync(manager, "crm:case-4711", "The same text.");

        var created = await mine.JsonAsync(HttpStatusCode.Created);
        var other = await theirs.JsonAsync(HttpStatusCode.Created);
        Assert.NotEqual((string?)created["id"], (string?)other["id"]);
        Assert.False(theirs.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, (int)(await manager.GetOkAsync("/incidents"))["totalCount"]!);
    }

    [Fact]
    public async Task Report_ConfiguredSourceClaim_CallersOfOneSourceShareItsKeys()
    {
        // Everyone calls through one source system (a client-id claim); its keys are shared, so another person's report with
        // the same key is that key's mismatch — not a second incident, and not the first person's incident either.
        using var api = new SampleApi(
            settings: new Dictionary<string, string?> { ["Idempotency:SourceClaim"] = "client_id" },
            services: services => services.AddSingleton<IClaimsTransformation, CrmClient>());
        using var representative = api.As(CustomerServiceRepresentative);
        using var manager = api.As(CustomerServiceManager);

        using var first = await SendAsync(representative, "crm:case-4711", "The same text.");
        using var retry = await SendAsync(representative, "crm:case-4711", "The same text.");
        using var other = await SendAsync(manager, "crm:case-4711", "The same text.");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        await other.ProblemAsync(HttpStatusCode.UnprocessableEntity, "intake.idempotency_mismatch");
        Assert.Equal(1, (int)(await manager.GetOkAsync("/incidents"))["totalCount"]!);
    }

    [Fact]
    public async Task Report_SixteenSimultaneousRequestsWithOneKey_One201FifteenReplaysOneIncident()
    {
        using var api = new SampleApi();
        using var client = api.As(CustomerServiceRepresentative);

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await SendAsync(client, "crm:burst", "Sixteen at once.");
        })).ToArray();
        start.SetResult();
        var responses = await Task.WhenAll(requests);

        try
        {
            var statuses = responses.Select(r => r.StatusCode).ToArray();
            Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
            Assert.Equal(15, statuses.Count(s => s == HttpStatusCode.OK));
            Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.OK), r => Assert.Equal("true", r.Headers.GetValues("Idempotent-Replayed").Single()));
            var ids = new HashSet<string?>(StringComparer.Ordinal);
            foreach (var response in responses)
            {
                ids.Add((string?)(await response.JsonAsync(response.StatusCode))["id"]);
            }

            Assert.Single(ids);
            Assert.Equal(1, (int)(await client.GetOkAsync("/incidents"))["totalCount"]!);
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task Report_DifferentKeysOrNone_ReportsEach()
    {
        using var api = new SampleApi();
        using var client = api.As(CustomerServiceRepresentative);

        using var a = await SendAsync(client, "crm:1", "One.");
        using var b = await SendAsync(client, "crm:2", "Two.");
        using var c = await SendAsync(client, null, "Three.");
        using var d = await SendAsync(client, null, "Three.");

        foreach (var response in new[] { a, b, c, d })
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        Assert.Equal(4, (int)(await client.GetOkAsync("/incidents"))["totalCount"]!);
    }

    [Fact]
    public async Task Report_KeyOfARefusedReport_CanBeUsedAgain()
    {
        using var api = new SampleApi();
        using var client = api.As(CustomerServiceRepresentative);

        using var refused = await SendAsync(client, "crm:7", "");
        using var accepted = await SendAsync(client, "crm:7", "Now with a description.");

        await refused.ProblemAsync(HttpStatusCode.BadRequest, "validation.required");
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string? key, string description)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/incidents")
        {
            Content = JsonContent.Create(new { kind = "Petition", channel = "Hotline", category = "ServiceAttitude", description }),
        };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return client.SendAsync(request);
    }

    private sealed class CrmClient : IClaimsTransformation
    {
        public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
        {
            if (!principal.HasClaim(c => c.Type == "client_id"))
            {
                principal.AddIdentity(new ClaimsIdentity([new Claim("client_id", "crm")]));
            }

            return Task.FromResult(principal);
        }
    }
}
