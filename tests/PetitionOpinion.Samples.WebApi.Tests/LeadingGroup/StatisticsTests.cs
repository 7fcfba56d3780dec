using System.Net;
using PetitionOpinion.Samples.WebApi.Tests.Support;
using static PetitionOpinion.Samples.WebApi.Tests.Support.People;

namespace PetitionOpinion.Samples.WebApi.Tests.LeadingGroup;

/// <summary>GET /statistics: the leading group's figures over the stored incidents, as JSON, Markdown or CSV.</summary>
public sealed class StatisticsTests : IAsyncLifetime
{
    private readonly SampleApi _api = new();
    private HttpClient _client = null!;

    // Three incidents: one resolved (data privacy), one assessed (product quality), one reported (data privacy, by email).
    public async Task InitializeAsync()
    {
        _client = _api.As(GeneralManager);
        await Story.ResolvedAsync(_api);
        var assessed = await Story.ReportAsync(_api, category: "ProductQuality");
        await Story.AssessAsync(_api, assessed, "II");
        await Story.ReportAsync(_api, channel: "Email");
        _api.Clock.Advance(TimeSpan.FromHours(1));
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        _api.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Get_NoAcceptHeader_JsonFigures()
    {
        var statistics = await _client.GetOkAsync("/statistics");

        Assert.Equal(3, (int)statistics["total"]!);
        Assert.Equal(2, (int)statistics["byCategory"]!["DataPrivacy"]!);
        Assert.Equal(1, (int)statistics["byCategory"]!["ProductQuality"]!);
        Assert.Equal(1, (int)statistics["byState"]!["Resolved"]!);
        Assert.Equal(3, (int)statistics["byMonth"]!["2026-03"]!);
        Assert.Equal(1, (int)statistics["timeToResolve"]!["count"]!);
        Assert.Equal(1, (int)statistics["resolvedWithinTarget"]!["yes"]!);
        Assert.Equal(_api.Clock.GetUtcNow(), (DateTimeOffset)statistics["asOf"]!);
    }

    [Fact]
    public async Task Get_Filtered_CountsOnlyTheMatchingIncidents()
    {
        var statistics = await _client.GetOkAsync("/statistics?category=DataPrivacy&channel=Hotline");

        Assert.Equal(1, (int)statistics["total"]!);
    }

    [Theory]
    [InlineData("text/markdown", "", "text/markdown", "# ")]
    [InlineData("text/csv", "", "text/csv", "measure,dimension,key,statistic,value")]
    [InlineData("application/json", "?format=csv", "text/csv", "measure,dimension,key,statistic,value")]
    [InlineData("text/csv", "?format=markdown&lang=zh-CN", "text/markdown", "# ")]
    [InlineData("text/html, text/*;q=0.5", "", "text/markdown", "# ")]
    public async Task Get_FormatAsked_ThatFormat(string accept, string query, string mediaType, string start)
    {
        using var client = _api.As(GeneralManager);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Accept", accept);

        using var response = await client.GetAsync($"/statistics{query}");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(start, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_MarkdownInChinese_Chinese()
    {
        var english = await _client.GetStringAsync("/statistics?format=markdown");
        var chinese = await _client.GetStringAsync("/statistics?format=markdown&lang=zh-CN");

        Assert.NotEqual(english, chinese);
        Assert.Matches("\\p{IsCJKUnifiedIdeographs}", chinese);
    }

    [Fact]
    public async Task Get_Csv_OneRowPerFigureWithTheTotal()
    {
        var csv = await _client.GetStringAsync("/statistics?format=csv");

        Assert.Contains("incidents,all,,count,3", csv.Split("\r\n"));
    }

    [Fact]
    public async Task Get_InvalidFilter_400InvalidQuery()
    {
        using var response = await _client.GetAsync("/statistics?state=Open&format=csv");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "request.invalid_query");
        Assert.NotNull(problem["errors"]!["state"]);
    }
}
