using System.Net;
using PetitionOpinion.Samples.WebApi.Tests.Support;
using static PetitionOpinion.Samples.WebApi.Tests.Support.People;

namespace PetitionOpinion.Samples.WebApi.Tests.Incidents;

/// <summary>GET /incidents/{id}/closure-report: the library's closure report as Markdown, in English or Chinese, never naming the petitioner.</summary>
public sealed class ClosureReportTests
{
    [Theory]
    [InlineData("", "en", "# Closure report — incident ")]
    [InlineData("?lang=en", "en", "# Closure report — incident ")]
    [InlineData("?lang=zh-CN", "zh-CN", "# 总结报告 — 事件 ")]
    [InlineData("?lang=zh", "zh-CN", "# 总结报告 — 事件 ")]
    public async Task Get_ClosedIncident_MarkdownInTheLanguageAsked(string query, string language, string heading)
    {
        using var api = new SampleApi();
        var id = await ClosedAsync(api);
        using var client = api.As(GeneralManager);

        using var response = await client.GetAsync($"/incidents/{id}/closure-report{query}");
        var markdown = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal([language], response.Content.Headers.ContentLanguage);
        Assert.StartsWith(heading + id, markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(Story.PetitionerName, markdown, StringComparison.Ordinal);
        Story.AssertNoPhone(markdown);
    }

    [Fact]
    public async Task Get_OpenIncident_ADraftForEveryone()
    {
        using var api = new SampleApi();
        var id = await Story.RespondingAsync(api);
        using var client = api.As(OpinionAnalyst);

        var markdown = await client.GetStringAsync($"/incidents/{id}/closure-report");

        Assert.Contains(id, markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(Story.PetitionerName, markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownLanguage_400InvalidQuery()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        using var client = api.As(GeneralManager);

        using var response = await client.GetAsync($"/incidents/{id}/closure-report?lang=fr");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "request.invalid_query");
        Assert.NotNull(problem["errors"]!["lang"]);
    }

    private static async Task<string> ClosedAsync(SampleApi api)
    {
        var id = await Story.ResolvedAsync(api);
        using var manager = api.As(CustomerServiceManager);
        using var gm = api.As(GeneralManager);
        await manager.PostOkAsync($"/incidents/{id}/closure-report", Story.ClosureReport());
        await gm.PostOkAsync($"/incidents/{id}/closure-report/acceptance", null);
        return id;
    }
}
