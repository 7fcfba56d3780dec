using PetitionOpinion.Reporting;
using PetitionOpinion.Samples.WebApi.Errors;

namespace PetitionOpinion.Samples.WebApi.Hosting;

/// <summary>A representation a report endpoint can answer with.</summary>
internal enum Representation
{
    Json = 1,
    Markdown = 2,
    Csv = 3,
}

/// <summary>
/// Chooses a report's representation — <c>?format=json|markdown|csv</c> first, else the <c>Accept</c> header
/// (<c>application/json</c>, <c>text/markdown</c>, <c>text/csv</c>; JSON when there is none) — and its language
/// (<c>?lang=en|zh-CN</c>, English by default).
/// </summary>
internal static class Negotiation
{
    public const string MarkdownType = "text/markdown; charset=utf-8";
    public const string CsvType = "text/csv; charset=utf-8";

    private static readonly Dictionary<string, Representation> MediaTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application/json"] = Representation.Json,
        ["text/markdown"] = Representation.Markdown,
        ["text/csv"] = Representation.Csv,
    };

    /// <summary>Chooses among <paramref name="offered"/> (the first is the default); <paramref name="problem"/> says why none fits.</summary>
    public static bool TryChoose(HttpRequest request, string? format, Representation[] offered, out Representation chosen, out IResult? problem)
    {
        chosen = offered[0];
        problem = null;
        if (!string.IsNullOrEmpty(format))
        {
            Representation? asked = format.ToLowerInvariant() switch
            {
                "json" => Representation.Json,
                "markdown" or "md" => Representation.Markdown,
                "csv" => Representation.Csv,
                _ => null,
            };
            if (asked is { } fits && offered.Contains(fits))
            {
                chosen = fits;
                return true;
            }

            problem = Problems.InvalidQuery(new Dictionary<string, string[]> { ["format"] = [$"'{format}' is not one of {string.Join(", ", offered.Select(Name))}."] });
            return false;
        }

        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0)
        {
            return true;
        }

        foreach (var range in accept.Where(a => (a.Quality ?? 1) > 0).OrderByDescending(a => a.Quality ?? 1))
        {
            var type = range.MediaType.Value ?? string.Empty;
            if (MediaTypes.TryGetValue(type, out var exact) && offered.Contains(exact))
            {
                chosen = exact;
                return true;
            }

            if (range.MatchesAllTypes || (range.MatchesAllSubTypes && offered.Any(o => MediaTypeOf(o).StartsWith(range.Type.Value + "/", StringComparison.OrdinalIgnoreCase))))
            {
                chosen = range.MatchesAllTypes ? offered[0] : offered.First(o => MediaTypeOf(o).StartsWith(range.Type.Value + "/", StringComparison.OrdinalIgnoreCase));
                return true;
            }
        }

        problem = Problems.Of(SampleErrors.NotAcceptable, $"Accept: {request.Headers.Accept} names none of {string.Join(", ", offered.Select(MediaTypeOf))}; or use ?format={string.Join("|", offered.Select(Name))}.");
        return false;
    }

    /// <summary>Reads <c>?lang=</c>: <c>en</c> (default) or <c>zh-CN</c> (also <c>zh</c>, <c>zh-Hans</c>).</summary>
    public static bool TryLanguage(string? lang, out ReportLanguage language, out IResult? problem)
    {
        problem = null;
        language = ReportLanguage.English;
        switch (lang?.ToLowerInvariant())
        {
            case null or "" or "en" or "en-us" or "en-gb":
                return true;
            case "zh" or "zh-cn" or "zh-hans" or "zh-hans-cn":
                language = ReportLanguage.Chinese;
                return true;
            default:
                problem = Problems.InvalidQuery(new Dictionary<string, string[]> { ["lang"] = [$"'{lang}' is not a report language: use en or zh-CN."] });
                return false;
        }
    }

    /// <summary>A Markdown response in <paramref name="language"/>.</summary>
    public static IResult Markdown(HttpContext context, string text, ReportLanguage language)
    {
        context.Response.Headers.ContentLanguage = language == ReportLanguage.Chinese ? "zh-CN" : "en";
        return Results.Text(text, MarkdownType);
    }

    private static string Name(Representation r) => r.ToString().ToLowerInvariant();

    private static string MediaTypeOf(Representation r) => r switch
    {
        Representation.Markdown => "text/markdown",
        Representation.Csv => "text/csv",
        _ => "application/json",
    };
}
