using PetitionOpinion.Samples.WebApi.Tests.Support;
using static PetitionOpinion.Samples.WebApi.Tests.Support.People;

namespace PetitionOpinion.Samples.WebApi.Tests.Incidents;

/// <summary>
/// The petitioner's name and contact (docs/security.md): shown to the petition handling and leading groups, redacted for
/// everyone else — in the petitioner field and in every free text of the answer, also the answer to a command.
/// </summary>
public sealed class ConfidentialityTests
{
    [Theory]
    [InlineData(CustomerServiceRepresentative)]
    [InlineData(CustomerServiceManager)]
    [InlineData(GeneralManager)]
    [InlineData(MarketingManager)]
    public async Task Get_PetitionHandlingOrLeadingGroup_SeesThePetitioner(string person)
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        using var client = api.As(person);

        var incident = await client.GetOkAsync($"/incidents/{id}");

        Assert.Equal(Story.PetitionerName, (string?)incident["petitioner"]!["name"]);
        Assert.Equal(Story.PetitionerPhone, (string?)incident["petitioner"]!["contact"]);
        Assert.False((bool)incident["petitionerRedacted"]!);
        Assert.Contains(Story.PetitionerName, (string?)incident["description"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OpinionAnalyst)]
    [InlineData(SocialMediaSpecialist)]
    [InlineData(ItSupport)]
    public async Task Get_AnyoneElse_PetitionerRedactedEverywhere(string person)
    {
        using var api = new SampleApi();
        var id = await Story.RespondingAsync(api);
        using var rep = api.As(CustomerServiceRepresentative);
        await rep.PostOkAsync($"/incidents/{id}/communications", new { channel = "Hotline", summary = $"Called {Story.PetitionerName} on {Story.PetitionerPhone}.", outcome = $"{Story.PetitionerName} is reassured." });
        using var client = api.As(person);

        using var response = await client.GetAsync($"/incidents/{id}");
        var text = await response.Content.ReadAsStringAsync();
        var incident = await response.JsonAsync(System.Net.HttpStatusCode.OK);

        Assert.Null(incident["petitioner"]);
        Assert.True((bool)incident["petitionerRedacted"]!);
        Assert.DoesNotContain(Story.PetitionerName, text, StringComparison.Ordinal);
        Story.AssertNoPhone(text);
        Assert.Contains("[redacted]", (string?)incident["communications"]![0]!["summary"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_ByAnOutsiderOfThePetitionGroups_AnswerIsRedacted()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        await Story.AssessAsync(api, id);
        await Story.DirectAsync(api, id, kind: "OpinionMonitoring", group: "opinion-monitoring-group");
        using var analyst = api.As(OpinionAnalyst);

        using var response = await analyst.PostAsync($"/incidents/{id}/directives/1/acknowledgement", null);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(Story.PetitionerName, text, StringComparison.Ordinal);
        Assert.Contains("\"petitionerRedacted\":true", text, StringComparison.Ordinal);
    }
}
