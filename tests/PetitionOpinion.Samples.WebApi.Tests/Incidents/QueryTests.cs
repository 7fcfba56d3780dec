using System.Text.Json.Nodes;
using PetitionOpinion.Samples.WebApi.Tests.Support;
using static PetitionOpinion.Samples.WebApi.Tests.Support.People;

namespace PetitionOpinion.Samples.WebApi.Tests.Incidents;

/// <summary>GET /incidents: the filters of IncidentQuery as query parameters, paged with skip and take, oldest report first.</summary>
public sealed class QueryTests : IAsyncLifetime
{
    private readonly SampleApi _api = new();
    private readonly List<string> _ids = [];
    private HttpClient _client = null!;

    // Five incidents an hour apart from 09:00 +08:00 (01:00Z): two assessed (III, then II), categories and channels varied.
    public async Task InitializeAsync()
    {
        _client = _api.As(CustomerServiceManager);
        string[] categories = ["DataPrivacy", "ProductQuality", "DataPrivacy", "ServiceAttitude", "ProductQuality"];
        string[] channels = ["Hotline", "Email", "SocialMedia", "Hotline", "Email"];
        for (var i = 0; i < 5; i++)
        {
            _ids.Add(await Story.ReportAsync(_api, category: categories[i], channel: channels[i]));
            _api.Clock.Advance(TimeSpan.FromHours(1));
        }

        await Story.AssessAsync(_api, _ids[1], "III");
        await Story.AssessAsync(_api, _ids[3], "II");
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        _api.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Query_Pages_InReportOrderWithTheTotal()
    {
        var first = await _client.GetOkAsync("/incidents?take=2");
        var second = await _client.GetOkAsync("/incidents?skip=2&take=2");
        var last = await _client.GetOkAsync("/incidents?skip=4&take=2");
        var beyond = await _client.GetOkAsync("/incidents?skip=10&take=2");

        Assert.Equal(_ids[..2], Ids(first));
        Assert.Equal(_ids[2..4], Ids(second));
        Assert.Equal(_ids[4..], Ids(last));
        Assert.Empty(Ids(beyond));
        Assert.All(new[] { first, second, last, beyond }, page => Assert.Equal(5, (int)page["totalCount"]!));
        Assert.Equal(2, (int)second["skip"]!);
        Assert.Equal(2, (int)second["take"]!);
    }

    [Fact]
    public async Task Query_NoPaging_First50()
    {
        var page = await _client.GetOkAsync("/incidents");

        Assert.Equal(_ids, Ids(page));
        Assert.Equal(50, (int)page["take"]!);
    }

    [Theory]
    [InlineData("state=Assessed", new[] { 1, 3 })]
    [InlineData("state=Assessed&state=Reported", new[] { 0, 1, 2, 3, 4 })]
    [InlineData("state=reported", new[] { 0, 2, 4 })]
    [InlineData("level=II", new[] { 3 })]
    [InlineData("level=I&level=III", new[] { 1 })]
    [InlineData("category=ProductQuality", new[] { 1, 4 })]
    [InlineData("channel=Email&category=ProductQuality&state=Reported", new[] { 4 })]
    [InlineData("reportedFrom=2026-03-02T02:00:00Z", new[] { 1, 2, 3, 4 })]
    [InlineData("reportedBefore=2026-03-02T11:00:00%2B08:00", new[] { 0, 1 })]
    [InlineData("reportedFrom=2026-03-02T10:00:00+08:00&reportedBefore=2026-03-02T03:30:00Z", new[] { 1, 2 })]
    [InlineData("category=Unknown", new int[0])]
    public async Task Query_Filters_MatchTheirIncidents(string query, int[] expected)
    {
        var page = await _client.GetOkAsync($"/incidents?{query}");

        Assert.Equal(expected.Select(i => _ids[i]), Ids(page));
        Assert.Equal(expected.Length, (int)page["totalCount"]!);
    }

    [Fact]
    public async Task Query_OverdueAt_IncidentsWithAnOpenDirectiveDueBefore()
    {
        await Story.DirectAsync(_api, _ids[1]); // due 12 hours from now

        var notYet = await _client.GetOkAsync($"/incidents?overdueAt={Uri.EscapeDataString(_api.Clock.GetUtcNow().AddHours(11).ToString("O"))}");
        var overdue = await _client.GetOkAsync($"/incidents?overdueAt={Uri.EscapeDataString(_api.Clock.GetUtcNow().AddHours(13).ToString("O"))}");

        Assert.Empty(Ids(notYet));
        Assert.Equal([_ids[1]], Ids(overdue));
    }

    [Fact]
    public async Task Query_Summaries_HoldNoTextNorPetitionerData()
    {
        using var response = await _client.GetAsync("/incidents");
        var text = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain(Story.PetitionerName, text, StringComparison.Ordinal);
        Assert.DoesNotContain("petitioner", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("description", text, StringComparison.OrdinalIgnoreCase);
        var summary = JsonNode.Parse(text)!["items"]![3]!;
        Assert.Equal("Assessed", (string?)summary["state"]);
        Assert.Equal("II", (string?)summary["level"]);
        Assert.Equal("ServiceAttitude", (string?)summary["category"]);
    }

    [Theory]
    [InlineData("", new[] { 0, 1, 2, 3, 4 })]
    [InlineData("&category=ProductQuality", new[] { 1, 4 })]
    [InlineData("&state=Reported&reportedFrom=2026-03-02T01:00:00.0000001Z", new[] { 2, 4 })]
    public async Task Query_WithoutCount_WalksByNextToTheEnd(string filter, int[] expected)
    {
        foreach (var take in new[] { 1, 2, expected.Length })
        {
            var walked = new List<string>();
            var page = await _client.GetOkAsync($"/incidents?count=false&take={take}{filter}");
            for (var pages = 1; ; pages++)
            {
                Assert.Equal(-1, (int)page["totalCount"]!);
                walked.AddRange(Ids(page));
                if (!(bool)page["hasMore"]!)
                {
                    Assert.Null(page["next"]);
                    break;
                }

                Assert.True(pages < 10, "The walk did not end.");
                page = await _client.GetOkAsync($"/incidents?count=false&take={take}{filter}&after={(string)page["next"]!}");
            }

            Assert.Equal(expected.Select(i => _ids[i]), walked);
        }
    }

    [Fact]
    public async Task Query_Counted_HasMoreAndNextWithTheTotalAfterTheToken()
    {
        var first = await _client.GetOkAsync("/incidents?take=2");
        var second = await _client.GetOkAsync($"/incidents?take=2&after={(string)first["next"]!}");
        var last = await _client.GetOkAsync($"/incidents?take=2&after={(string)second["next"]!}&skip=0");
        var whole = await _client.GetOkAsync("/incidents?take=5");

        Assert.True((bool)first["hasMore"]!);
        Assert.Equal(_ids[2..4], Ids(second));
        Assert.Equal(3, (int)second["totalCount"]!);
        Assert.Equal(_ids[4..], Ids(last));
        Assert.False((bool)last["hasMore"]!);
        Assert.Null(last["next"]);
        Assert.Equal(5, (int)whole["totalCount"]!);
        Assert.False((bool)whole["hasMore"]!);
    }

    private static List<string> Ids(JsonObject page) => [.. page["items"]!.AsArray().Select(i => (string)i!["id"]!)];
}
