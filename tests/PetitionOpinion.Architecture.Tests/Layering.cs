using System.Text.RegularExpressions;

namespace PetitionOpinion.Architecture.Tests;

/// <summary>
/// A picture of allowed arrows, read from a Mermaid <c>flowchart</c> block of <c>docs/architecture.md</c>: <c>A --> B</c>
/// means A may use B and everything B may use (arrows point down the layers). A node's name is its label when it has one
/// (<c>Domain[PetitionOpinion.Domain]</c>), else its id: a package's name, or a folder of a project.
/// </summary>
public sealed partial class Layering
{
    private readonly Dictionary<string, HashSet<string>> _arrows;

    private Layering(string scope, Dictionary<string, HashSet<string>> arrows)
    {
        Scope = scope;
        _arrows = arrows;
    }

    /// <summary>Gets what the picture is of: <c>packages</c>, or the assembly whose folders it shows.</summary>
    public string Scope { get; }

    /// <summary>Gets the picture's nodes.</summary>
    public IEnumerable<string> Nodes => _arrows.Keys;

    /// <summary>Reads every picture of <paramref name="markdown"/>: the Mermaid blocks whose first line inside is <c>%% layering: scope</c>.</summary>
    /// <param name="markdown">The document.</param>
    /// <returns>The pictures, by scope.</returns>
    public static IReadOnlyDictionary<string, Layering> ReadAll(string markdown)
    {
        var pictures = new Dictionary<string, Layering>(StringComparer.Ordinal);
        foreach (Match block in MermaidBlock().Matches(markdown))
        {
            var lines = block.Groups[1].Value.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            var scope = lines.Select(l => ScopeLine().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
            if (scope is null)
            {
                continue;
            }

            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            var arrows = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            string Node(string id, string label)
            {
                if (label.Length > 0)
                {
                    names[id] = label;
                }

                var name = names.TryGetValue(id, out var known) ? known : id;
                arrows.TryAdd(name, new HashSet<string>(StringComparer.Ordinal));
                return name;
            }

            foreach (var line in lines)
            {
                if (line.StartsWith("%%", StringComparison.Ordinal) || Keyword().IsMatch(line))
                {
                    continue;
                }

                var nodes = NodeRef().Matches(line).Select(m => Node(m.Groups[1].Value, m.Groups[2].Value.Trim('"'))).ToList();
                if (line.Contains("-->", StringComparison.Ordinal))
                {
                    if (nodes.Count != 2)
                    {
                        throw new FormatException($"Cannot read the arrow '{line}' of the picture '{scope}'.");
                    }

                    arrows[nodes[0]].Add(nodes[1]);
                }
            }

            pictures.Add(scope, new Layering(scope, arrows));
        }

        return pictures;
    }

    /// <summary>Whether <paramref name="from"/> may use <paramref name="to"/>: <paramref name="to"/> is below it in the picture.</summary>
    /// <param name="from">The using part's name.</param>
    /// <param name="to">The used part's name.</param>
    /// <returns><see langword="true"/> when allowed.</returns>
    public bool Allows(string from, string to)
    {
        if (!_arrows.ContainsKey(from))
        {
            return false;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal) { from };
        var queue = new Queue<string>([from]);
        while (queue.TryDequeue(out var node))
        {
            foreach (var next in _arrows[node])
            {
                if (next == to)
                {
                    return true;
                }

                if (seen.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return false;
    }

    /// <summary>Lists the picture's cycles' arrows: a layering has none.</summary>
    /// <returns>Each arrow that closes a cycle, as <c>A → B</c>.</returns>
    public IReadOnlyList<string> Cycles() =>
        [.. _arrows.SelectMany(a => a.Value.Where(b => Allows(b, a.Key)).Select(b => $"{Name(a.Key)} → {Name(b)}"))];

    /// <summary>Lists the uses the picture does not allow.</summary>
    /// <param name="uses">The uses found in the code: (using part, used part, example).</param>
    /// <returns>One line per forbidden use, ordered: <c>A → B (example)</c>.</returns>
    public IReadOnlyList<string> Violations(IEnumerable<(string From, string To, string Example)> uses) =>
        [.. uses.Where(u => u.From != u.To && !Allows(u.From, u.To)).Select(u => $"{Name(u.From)} → {Name(u.To)} ({u.Example})").Order(StringComparer.Ordinal)];

    private static string Name(string part) => part.Length == 0 ? "(project root)" : part;

    [GeneratedRegex(@"```mermaid\s*\n(.*?)```", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex MermaidBlock();

    [GeneratedRegex(@"^(flowchart|graph|subgraph|end|classDef|class|style|direction)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Keyword();

    [GeneratedRegex(@"^%%\s*layering:\s*(\S+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ScopeLine();

    [GeneratedRegex(@"\b([A-Za-z_][A-Za-z0-9_]*)(?:\[([^\]]*)\])?", RegexOptions.CultureInvariant)]
    private static partial Regex NodeRef();
}
