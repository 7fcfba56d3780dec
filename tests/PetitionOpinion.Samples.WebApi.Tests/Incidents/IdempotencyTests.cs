using System.Net;
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
        using var second = await SendAsync(client, "crm:case-4711", "The retry, with a different text.");

        var created = await first.JsonAsync(HttpStatusCode.Created);
        var replayed = await second.JsonAsync(HttpStatusCode.OK);
        Assert.Equal((string?)created["id"], (string?)replayed["id"]);
        Assert.Equal("The first call.", (string?)replayed["description"]);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, (int)(await client.GetOkAsync("/incidents"))["totalCount"]!);
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
}
