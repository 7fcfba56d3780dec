using System.Net;
using System.Text.Json.Nodes;
using static PetitionOpinion.Samples.WebApi.Tests.Support.People;

namespace PetitionOpinion.Samples.WebApi.Tests.Support;

/// <summary>Steps of the seed plan's story over HTTP, to bring an incident to the state a test needs.</summary>
public static class Story
{
    public const string PetitionerName = "Ms. Lin";
    public const string PetitionerPhone = "+86 138 0000 0000";

    /// <summary>
    /// Asserts that no form of the petitioner's phone number is in <paramref name="text"/>: as written, without its
    /// spaces, or its last eight digits. (Not "138" alone: ids and hashes are hexadecimal and contain it by chance.)
    /// </summary>
    /// <param name="text">The text a caller received.</param>
    public static void AssertNoPhone(string text)
    {
        foreach (var form in new[] { "138 0000", "1380000", "0000 0000", "00000000" })
        {
            Assert.DoesNotContain(form, text, StringComparison.Ordinal);
        }
    }

    /// <summary>The hotline petition of the seed story, reported by the customer service representative; its id.</summary>
    public static async Task<string> ReportAsync(SampleApi api, string kind = "Petition", object? complainedAbout = null, string? idempotencyKey = null, string category = "DataPrivacy", string channel = "Hotline")
    {
        using var client = api.As(CustomerServiceRepresentative);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/incidents")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new
            {
                kind,
                channel,
                category,
                description = $"Caller {PetitionerName} says a phishing SMS quoted her recent order history; call her back on {PetitionerPhone}.",
                petitioner = new { name = PetitionerName, contact = PetitionerPhone },
                complainedAbout,
            }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await client.SendAsync(request);
        var incident = await response.JsonAsync(HttpStatusCode.Created);
        return (string)incident["id"]!;
    }

    /// <summary>Assessed at <paramref name="level"/> by the petition handling group's leader.</summary>
    public static async Task<JsonObject> AssessAsync(SampleApi api, string id, string level = "III")
    {
        using var client = api.As(CustomerServiceManager);
        return await client.PostOkAsync($"/incidents/{id}/assessment", new { level, scope = "Group", potentialRisk = "High", rationale = "Three similar calls this morning." });
    }

    /// <summary>Issues a directive to <paramref name="group"/>, due in 12 hours.</summary>
    public static async Task<JsonObject> DirectAsync(SampleApi api, string id, string kind = "InformationCollection", string group = "petition-handling-group")
    {
        using var client = api.As(CustomerServiceManager);
        return await client.PostOkAsync($"/incidents/{id}/directives", new { kind, assignee = group, instructions = "Collect every report of the SMS.", dueAt = api.Clock.GetUtcNow().AddHours(12) });
    }

    /// <summary>Reported, assessed, one directive (D1, to the petition handling group) and the response started.</summary>
    public static async Task<string> RespondingAsync(SampleApi api, string level = "III", string kind = "Petition")
    {
        var id = await ReportAsync(api, kind);
        await AssessAsync(api, id, level);
        await DirectAsync(api, id);
        using var client = api.As(CustomerServiceManager);
        await client.PostOkAsync($"/incidents/{id}/response", null);
        return id;
    }

    /// <summary>Responding, D1 acknowledged and completed, and resolved.</summary>
    public static async Task<string> ResolvedAsync(SampleApi api, string kind = "Petition")
    {
        var id = await RespondingAsync(api, kind: kind);
        using var rep = api.As(CustomerServiceRepresentative);
        await rep.PostOkAsync($"/incidents/{id}/directives/1/acknowledgement", null);
        await rep.PostOkAsync($"/incidents/{id}/directives/1/completion", new { outcome = "42 reports collected." });
        using var manager = api.As(CustomerServiceManager);
        await manager.PostOkAsync($"/incidents/{id}/resolution", new { summary = "Leak source closed, customers informed." });
        return id;
    }

    /// <summary>A complete closure report body.</summary>
    public static object ClosureReport() => new
    {
        summary = "A courier partner's API key leaked and fed a phishing campaign; the key was revoked within one working day.",
        causes = new[] { "A long-lived API key shared with a courier partner had no IP restriction." },
        improvements = new[] { new { description = "Rotate partner API keys every 90 days.", owner = HeadOfTechnicalSupport, dueOn = "2026-04-01" } },
        lessons = new[] { "Hotline calls were the first signal." },
    };
}
