using System.Text;
using PetitionOpinion.Assessment;
using PetitionOpinion.Incidents;
using PetitionOpinion.Samples.CrmEmbedding;

// A CRM embeds only the risk assessment: each complaint record becomes RiskFacts and RiskRuleSet.Default grades it,
// explaining the level. No storage, no DI container, no incident lifecycle.
//   dotnet run --project samples/PetitionOpinion.Samples.CrmEmbedding [-- path/to/other.csv]
// Without an argument it grades complaints.csv, shipped beside the app.
Console.OutputEncoding = Encoding.UTF8;
var path = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "complaints.csv");
if (!File.Exists(path))
{
    Console.Error.WriteLine($"No such file: {path}");
    return 2;
}

var rules = RiskRuleSet.Default;
Console.WriteLine($"Rule set {rules.Id} sha256:{rules.ContentHash[..12]} ({rules.Rules.Count} rules); grading {Path.GetFileName(path)}");
Console.WriteLine();

var perLevel = Enum.GetValues<SeverityLevel>().ToDictionary(level => level, _ => 0);
var rejected = 0;
try
{
    using var reader = File.OpenText(path);
    foreach (var row in ComplaintCsv.Read(reader))
    {
        if (row.Complaint is not { } complaint)
        {
            rejected++;
            Console.WriteLine($"{row.Id,-14} rejected (line {row.Line}): {row.Error}");
            continue;
        }

        var outcome = rules.Assess(complaint.Facts);
        if (outcome.TryPickT1(out var error, out var assessment))
        {
            rejected++;
            Console.WriteLine($"{row.Id,-14} rejected (line {row.Line}): [{error.Code}] {error.Message}");
            continue;
        }

        perLevel[assessment.Level]++;
        var facts = complaint.Facts;
        Console.WriteLine($"{complaint.Id,-14} {Display(assessment.Level),-8} scope {assessment.Scope} · {facts.Category} · {facts.Channel} · {facts.Kind}");
        Console.WriteLine($"    {Preview(complaint.Description)}");
        Console.WriteLine($"    rules:  {(assessment.FiredRules.Count == 0 ? "none fired" : string.Join("; ", assessment.FiredRules.Select(Short)))}");
        Console.WriteLine($"    groups: {string.Join(", ", assessment.GroupsToActivate)}");
    }
}
catch (FormatException e)
{
    Console.Error.WriteLine($"{path}: {e.Message}");
    return 1;
}

Console.WriteLine();
Console.WriteLine($"Summary: {perLevel.Values.Sum()} graded, {rejected} rejected");
foreach (var (level, count) in perLevel)
{
    Console.WriteLine($"  {Display(level)}: {count}");
}

return 0;

// The level with its Chinese name (事件等级).
static string Display(SeverityLevel level) => level switch
{
    SeverityLevel.I => "I 特别重大",
    SeverityLevel.II => "II 重大",
    SeverityLevel.III => "III 较大",
    _ => "IV 一般",
};

// A rule id with the fact values that triggered it, e.g. "reach-1m (Reach=2600000)".
static string Short(FiredRule rule)
    => $"{rule.Id} ({string.Join(", ", rule.Triggers.Select(t => t.Condition == "set" ? t.Fact : $"{t.Fact}={t.Value}"))})";

static string Preview(string text)
{
    var oneLine = text.ReplaceLineEndings(" ");
    return oneLine.Length <= 60 ? oneLine : string.Concat(oneLine.AsSpan(0, 59), "…");
}
