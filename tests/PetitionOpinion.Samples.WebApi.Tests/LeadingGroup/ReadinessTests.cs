using System.Net;
using PetitionOpinion.Samples.WebApi.Tests.Support;
using static PetitionOpinion.Samples.WebApi.Tests.Support.People;

namespace PetitionOpinion.Samples.WebApi.Tests.LeadingGroup;

/// <summary>GET /readiness: the sample company's readiness (resources and training from appsettings.json) as JSON or Markdown.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Get_NoAcceptHeader_JsonListingEveryGap()
    {
        using var api = new SampleApi();
        using var client = api.As(GeneralManager);

        var report = await client.GetOkAsync("/readiness");

        Assert.Equal(SampleApi.Start, (DateTimeOffset)report["asOf"]!);
        Assert.Equal(9, (int)report["resourceCount"]!);
        var gaps = report["gaps"]!.AsArray();
        Assert.Equal((int)report["errorCount"]! + (int)report["warningCount"]!, gaps.Count);
        var unserved = gaps.Single(g => (string?)g!["code"] == "readiness.unserved_directive_kind")!;
        Assert.Equal("DirectiveKind", (string?)unserved["subjectKind"]);
        Assert.Equal("Compensation", (string?)unserved["subjectId"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)unserved["chinese"]));
        Assert.Contains(gaps, g => (string?)g!["code"] == "readiness.channel_degraded" && (string?)g["severity"] == "Warning");
    }

    [Theory]
    [InlineData("text/markdown", "", "# Readiness report")]
    [InlineData("application/json", "?format=markdown", "# Readiness report")]
    [InlineData("text/markdown", "?lang=zh-CN", "# 应急准备情况报告")]
    [InlineData("text/markdown;q=0.9, application/json;q=0.1", "", "# Readiness report")]
    [InlineData(null, "?format=md&lang=zh-CN", "# 应急准备情况报告")]
    public async Task Get_MarkdownAsked_MarkdownInTheLanguageAsked(string? accept, string query, string heading)
    {
        using var api = new SampleApi();
        using var client = api.As(GeneralManager);
        if (accept is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await client.GetAsync($"/readiness{query}");
        var markdown = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(heading, markdown, StringComparison.Ordinal);
        Assert.Contains("readiness.unserved_directive_kind", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AcceptAnything_Json()
    {
        using var api = new SampleApi();
        using var client = api.As(GeneralManager);
        client.DefaultRequestHeaders.Add("Accept", "*/*");

        using var response = await client.GetAsync("/readiness");

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("?format=csv", "format")]
    [InlineData("?format=xml", "format")]
    [InlineData("?lang=fr", "lang")]
    public async Task Get_UnknownFormatOrLanguage_400InvalidQuery(string query, string parameter)
    {
        using var api = new SampleApi();
        using var client = api.As(GeneralManager);

        using var response = await client.GetAsync($"/readiness{query}");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "request.invalid_query");
        Assert.NotNull(problem["errors"]![parameter]);
    }

    [Fact]
    public async Task Get_AcceptsOnlyCsv_406()
    {
        using var api = new SampleApi();
        using var client = api.As(GeneralManager);
        client.DefaultRequestHeaders.Add("Accept", "text/csv");

        using var response = await client.GetAsync("/readiness");

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    [Fact]
    public async Task Get_TimePasses_TrainingFallsDue()
    {
        using var api = new SampleApi();
        using var client = api.As(GeneralManager);
        api.Clock.Advance(TimeSpan.FromDays(400));

        var report = await client.GetOkAsync("/readiness");

        Assert.Contains(report["gaps"]!.AsArray(), g => (string?)g!["code"] == "readiness.training_overdue");
    }
}
