using PetitionOpinion.Incidents;
using PetitionOpinion.Reporting;
using PetitionOpinion.Samples;
using PetitionOpinion.Tests.Notifications;

namespace PetitionOpinion.Tests.Reporting;

/// <summary>
/// The console sample's seed story (samples/PetitionOpinion.Samples.Console/SeedStory.cs) ends with a closed incident;
/// its closure report, in English and in Chinese, is kept in <c>Golden/</c> and must come out exactly the same. The
/// story runs on its own clock; its incident id is fixed here (a generator registered before <c>AddPetitionOpinion</c>,
/// which keeps it), so the files hold the whole report, id included. After an intended change, run the tests once with
/// <see cref="WriteVariable"/>=1, review the diff of the files and commit them.
/// </summary>
public sealed class ClosureReportGoldenTests
{
    /// <summary>Set to <c>1</c> to rewrite the golden files from the story.</summary>
    public const string WriteVariable = "PETITIONOPINION_WRITE_GOLDEN";

    /// <summary>The story's incident id: a version-7 GUID of the story's start (2026-03-02 09:00 +08:00) with fixed random bits.</summary>
    public static readonly IncidentId StoryIncident = new(Guid.Parse("019cac0f-2680-7a3e-9f21-3b6d5e0c4a17"));

    private static readonly string[] Folder = ["tests", "PetitionOpinion.Domain.Tests", "Reporting", "Golden"];

    // The story takes a moment (a day and a half of deadline scans over SQLite): it runs once for every test here.
    private static readonly Lazy<Task<ClosureReportDocument>> Story = new(RunStoryAsync);

    public static string GoldenPath(string file) => Path.Combine([RepositoryFiles.Root, .. Folder, file]);

    [Theory]
    [InlineData(ReportLanguage.English, "seed-story.closure-report.en.md")]
    [InlineData(ReportLanguage.Chinese, "seed-story.closure-report.zh-CN.md")]
    public async Task ToMarkdown_SeedStory_IsTheGoldenFile(ReportLanguage language, string file)
    {
        var document = await Story.Value;
        var markdown = document.ToMarkdown(language);
        var path = GoldenPath(file);
        if (Environment.GetEnvironmentVariable(WriteVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, markdown);
        }

        Assert.True(File.Exists(path), $"No golden file {path}. Run the tests once with {WriteVariable}=1, review it and commit it. The report is:\n{markdown}");
        var golden = (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n");
        if (golden != markdown)
        {
            var lines = (Golden: golden.Split('\n'), Now: markdown.Split('\n'));
            var first = Enumerable.Range(0, Math.Min(lines.Golden.Length, lines.Now.Length)).FirstOrDefault(i => lines.Golden[i] != lines.Now[i], Math.Min(lines.Golden.Length, lines.Now.Length));
            Assert.Fail(
                $"The {language} closure report of the seed story differs from {path} at line {first + 1}:\n"
                + $"golden: {lines.Golden.ElementAtOrDefault(first)}\nnow:    {lines.Now.ElementAtOrDefault(first)}\n"
                + $"If the change is intended, run the tests with {WriteVariable}=1, review the diff and commit it.");
        }
    }

    [Fact]
    public async Task Build_SeedStory_IsTheFinalReportOfTheClosedIncidentWithoutThePetitioner()
    {
        var document = await Story.Value;

        Assert.Equal(StoryIncident, document.IncidentId);
        Assert.Equal((ClosureReportStatus.Final, IncidentState.Closed, SeverityLevel.II), (document.Status, document.State, document.FinalLevel));
        Assert.NotNull(document.Deadlines);
        foreach (var language in new[] { ReportLanguage.English, ReportLanguage.Chinese })
        {
            var markdown = document.ToMarkdown(language);
            Assert.DoesNotContain("Lin", markdown, StringComparison.Ordinal);
            Assert.False(SecretText.ContainsPhone(markdown, "13800000000"), markdown);
        }
    }

    private static async Task<ClosureReportDocument> RunStoryAsync()
    {
        var database = Path.Combine(Path.GetTempPath(), $"petition-opinion-golden-{Guid.NewGuid():N}.db");
        try
        {
            var story = new SeedStory(TextWriter.Null, database, new FixedIncidentId(StoryIncident));
            Assert.Equal(0, await story.RunAsync(CancellationToken.None));
            return ClosureReportDocument.Build(story.Incident!, story.Organization, story.Scanner);
        }
        finally
        {
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                    // A pooled connection may still hold the file on some systems; it is a temporary file.
                }
            }
        }
    }

    /// <summary>Gives one incident id (the story reports one incident).</summary>
    private sealed class FixedIncidentId(IncidentId id) : IIncidentIdGenerator
    {
        public IncidentId NewIncidentId() => id;
    }
}
