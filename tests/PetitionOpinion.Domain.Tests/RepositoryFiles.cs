namespace PetitionOpinion.Tests;

/// <summary>Finds files of the repository (docs, README) from the test's output folder.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Read(params string[] relative) => File.ReadAllText(Path.Combine([Root, .. relative])).ReplaceLineEndings("\n");

    /// <summary>Returns the body of the first fenced block of <paramref name="language"/> that follows <paramref name="after"/>.</summary>
    public static string FencedBlock(string markdown, string language, string after = "")
    {
        var start = markdown.IndexOf(after, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{after}' not found");
        var fence = "```" + language + "\n";
        var open = markdown.IndexOf(fence, start, StringComparison.Ordinal);
        Assert.True(open >= 0, $"no ```{language} block after '{after}'");
        var close = markdown.IndexOf("\n```", open + fence.Length - 1, StringComparison.Ordinal);
        return markdown[(open + fence.Length)..(close + 1)];
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PetitionOpinion.sln")))
            {
                return dir.FullName;
            }
        }

        var recorded = typeof(RepositoryFiles).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        return recorded is not null && File.Exists(Path.Combine(recorded, "PetitionOpinion.sln"))
            ? recorded
            : throw new InvalidOperationException($"PetitionOpinion.sln not found above {AppContext.BaseDirectory} nor at {recorded}.");
    }
}
