using PetitionOpinion.Samples.WebApi.Tests.Support;
using static PetitionOpinion.Samples.WebApi.Tests.Support.People;

namespace PetitionOpinion.Samples.WebApi.Tests.Incidents;

/// <summary>
/// Typed contacts (phones and e-mails) in both places a petitioner enters through the API: the report, and the
/// petitioner who comes forward on a public-opinion incident (<c>POST /incidents/{id}/nature</c>), which once dropped them.
/// </summary>
public sealed class PetitionerContactTests
{
    [Fact]
    public async Task Report_TypedPhonesAndEmails_AreKeptAsGiven()
    {
        using var api = new SampleApi();
        using var rep = api.As(CustomerServiceRepresentative);

        var incident = await rep.PostOkAsync("/incidents", new
        {
            kind = "Petition",
            channel = "Hotline",
            category = "DataPrivacy",
            description = "A customer says a phishing SMS quoted her order history.",
            petitioner = new { name = "Han Meimei", phones = new[] { "+86 138 0013 8000", "010 6512 3456" }, emails = new[] { "han@example.com" } },
        }, System.Net.HttpStatusCode.Created);

        Assert.Equal(["+86 138 0013 8000", "010 6512 3456"], incident["petitioner"]!["phones"]!.AsArray().Select(p => (string?)p));
        Assert.Equal(["han@example.com"], incident["petitioner"]!["emails"]!.AsArray().Select(e => (string?)e));
    }

    [Fact]
    public async Task Nature_PetitionerComesForwardWithTypedContacts_KeepsThemOnTheIncident()
    {
        using var api = new SampleApi();
        using var rep = api.As(CustomerServiceRepresentative);
        var reported = await rep.PostOkAsync("/incidents", new
        {
            kind = "PublicOpinion",
            channel = "OpinionMonitoring",
            category = "ProductQuality",
            description = "Posts say a heater caught fire.",
        }, System.Net.HttpStatusCode.Created);
        var id = (string)reported["id"]!;
        await Story.AssessAsync(api, id);

        var incident = await rep.PostOkAsync($"/incidents/{id}/nature", new
        {
            nature = "Petition",
            reason = "The customer in the posts called the hotline.",
            petitioner = new { name = "Li Lei", phones = new[] { "139 0000 0000" }, emails = new[] { "li.lei@example.com" } },
        });

        Assert.Equal("PetitionAndPublicOpinion", (string?)incident["kind"]);
        Assert.Equal("Li Lei", (string?)incident["petitioner"]!["name"]);
        Assert.Equal(["139 0000 0000"], incident["petitioner"]!["phones"]!.AsArray().Select(p => (string?)p));
        Assert.Equal(["li.lei@example.com"], incident["petitioner"]!["emails"]!.AsArray().Select(e => (string?)e));
    }
}
