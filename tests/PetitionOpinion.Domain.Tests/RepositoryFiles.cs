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

    /// <summary>The text between "// &lt;name&gt;" and "// &lt;/name&gt;" of a source file, with the common indentation removed.</summary>
    public static string Region(string source, string name)
    {
        var lines = source.Split('\n');
        var start = Array.FindIndex(lines, l => l.Trim() == $"// <{name}>");
        var end = Array.FindIndex(lines, l => l.Trim() == $"// </{name}>");
        Assert.True(start >= 0 && end > start, $"region {name} not found");
        var body = lines[(start + 1)..end];
        var indent = body.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Concat(body.Select(l => (l.Length >= indent ? l[indent..] : l.TrimStart()) + "\n"));
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
