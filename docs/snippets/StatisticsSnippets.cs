using PetitionOpinion.Reporting;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Docs.Snippets;

/// <summary>docs/statistics.md's example.</summary>
internal static class StatisticsSnippets
{
    public static async Task Compute(IncidentRepository repository, TimeProvider time, DateTimeOffset endOfYear, DateTimeOffset asOf, IEnumerable<IncidentSummary> summaries, CancellationToken cancellationToken)
    {
        // <statistics>
        // Over a store's summaries, a page of 1,000 at a time; months and "as of" in China's offset (+08:00).
        var statistics = await IncidentStatistics.ComputeAsync(repository.Store, new IncidentQuery { ReportedBefore = endOfYear }, asOf: time.GetUtcNow(), utcOffset: null, cancellationToken);
        Console.Write(statistics.ToMarkdown(ReportLanguage.Chinese));
        File.WriteAllText("statistics.csv", statistics.ToCsv());

        // Over any source (an export, a stream), one summary at a time.
        var builder = new IncidentStatisticsBuilder(asOf);
        foreach (var summary in summaries)
        {
            builder.Add(summary);
        }

        var figures = builder.Build();
        // </statistics>
    }
}
