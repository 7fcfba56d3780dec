using System.Text.RegularExpressions;

namespace PetitionOpinion.Architecture.Tests;

/// <summary>
/// Which folder of a project declares each top-level type: the first folder below the project's own (<c>Incidents</c> for
/// <c>Incidents/Events/IncidentEvents.cs</c>), or <c>""</c> for a file at the project's root. Read from the sources, so
/// that a type belongs to the folder it is written in, whatever its namespace.
/// </summary>
public sealed partial class SourceFolders
{
    private readonly Dictionary<string, string> _folders;

    private SourceFolders(Dictionary<string, string> folders) => _folders = folders;

    /// <summary>Reads the C# files of <paramref name="projectDirectory"/> (not <c>bin</c> or <c>obj</c>).</summary>
    /// <param name="projectDirectory">The project's folder.</param>
    /// <returns>The index.</returns>
    /// <exception cref="InvalidOperationException">Two folders declare a type of the same name.</exception>
    public static SourceFolders Read(string projectDirectory)
    {
        var folders = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(projectDirectory, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(projectDirectory, file).Replace('\\', '/');
            if (relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal))
            {
                continue;
            }

            var slash = relative.IndexOf('/', StringComparison.Ordinal);
            var folder = slash < 0 ? "" : relative[..slash];
            string? ns = null;
            var indent = "";
            foreach (var line in File.ReadLines(file))
            {
                if (Namespace().Match(line) is { Success: true } n)
                {
                    ns = n.Groups[1].Value;
                    indent = line.TrimEnd().EndsWith(';') ? "" : "    ";
                }
                else if (ns is not null && line.StartsWith(indent, StringComparison.Ordinal) && !line[indent.Length..].StartsWith(' ')
                    && TypeDeclaration().Match(line[indent.Length..]) is { Success: true } t)
                {
                    var name = $"{ns}.{t.Groups["name"].Value}";
                    if (folders.TryGetValue(name, out var other) && other != folder)
                    {
                        throw new InvalidOperationException($"{name} is declared in both {other} and {folder} of {projectDirectory}.");
                    }

                    folders[name] = folder;
                }
            }
        }

        return new SourceFolders(folders);
    }

    /// <summary>Finds the folder that declares a top-level type.</summary>
    /// <param name="fullName">The type's full name, with or without its generic arity (<c>Ns.Name`1</c>).</param>
    /// <param name="folder">The folder.</param>
    /// <returns>Whether it was found.</returns>
    public bool TryFind(string fullName, out string folder)
    {
        var tick = fullName.IndexOf('`', StringComparison.Ordinal);
        return _folders.TryGetValue(tick < 0 ? fullName : fullName[..tick], out folder!);
    }

    // File-scoped (namespace X;) or block (namespace X {, or alone on its line) namespaces, each at a line's start.
    [GeneratedRegex(@"^namespace\s+([A-Za-z_][A-Za-z0-9_.]*)\s*[;{]?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Namespace();

    // A top-level type's declaration (at a line's start in a file-scoped namespace, indented once in a block one).
    [GeneratedRegex(@"^(?:(?:public|internal|static|sealed|abstract|partial|readonly|ref|unsafe|file)\s+)*(?:class|struct|interface|enum|record(?:\s+struct|\s+class)?|delegate\s+\S+)\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant)]
    private static partial Regex TypeDeclaration();
}
