using PetitionOpinion.Reporting;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Docs.Snippets;

/// <summary>docs/statistics.md's example.</summary>
internal static class StatisticsSnippets
{
    public static async Task Compute(IncidentRepository repository, TimeProvider time, DateTimeOffset endOfYear, DateTimeOffset asOf, IEnumerable<IncidentSummary> summaries, CancellationToken cancellationToken)
    {
        // <statistics>
        // Over the repository's store, a page of 1,000 summaries at a time, as of now (the library's clock), months in the
        // deadline policy's offset (+08:00 by default). IncidentStatistics.ComputeAsync does the same over any store.
        var statistics = await repository.GetStatisticsAsync(new IncidentQuery { ReportedBefore = endOfYear }, cancellationToken);
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
