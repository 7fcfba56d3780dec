using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using PetitionOpinion.Incidents;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Samples.WebApi.Incidents;

/// <summary>
/// The filters of <see cref="IncidentQuery"/> as query-string parameters (<c>GET /incidents</c> and <c>GET /statistics</c>).
/// A repeated parameter matches any of its values (<c>?state=Reported&amp;state=Assessed</c>); different parameters must
/// all match. They are taken as text and checked here, so that every problem is reported at once, keyed by parameter, in
/// a 400 validation problem (<c>request.invalid_query</c>).
/// </summary>
/// <remarks>No [Description] on these parameters: ASP.NET Core 10's OpenAPI generator fails on attributes of [AsParameters] members.</remarks>
/// <param name="State">States to match: Reported, Assessed, Directed, Responding, Resolved, Closed, Dismissed.</param>
/// <param name="Level">Levels to match: I, II, III, IV (unassessed incidents match none).</param>
/// <param name="Category">Risk categories to match, e.g. DataPrivacy.</param>
/// <param name="Channel">Intake channels to match, e.g. Hotline.</param>
/// <param name="ReportedFrom">Earliest report time (inclusive), ISO 8601, e.g. 2026-03-01T00:00:00Z.</param>
/// <param name="ReportedBefore">Report time to match before (exclusive), ISO 8601.</param>
/// <param name="OverdueAt">Only incidents with an open directive due before this instant, ISO 8601.</param>
public sealed record IncidentFilterParameters(
    [FromQuery(Name = "state")] string[]? State,
    [FromQuery(Name = "level")] string[]? Level,
    [FromQuery(Name = "category")] string[]? Category,
    [FromQuery(Name = "channel")] string[]? Channel,
    [FromQuery(Name = "reportedFrom")] string? ReportedFrom,
    [FromQuery(Name = "reportedBefore")] string? ReportedBefore,
    [FromQuery(Name = "overdueAt")] string? OverdueAt)
{
    /// <summary>Builds the query, or adds every problem to <paramref name="errors"/> (keyed by parameter) and returns <see langword="null"/>.</summary>
    public IncidentQuery? ToQuery(Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var query = new IncidentQuery
        {
            States = Enums<IncidentState>("state", State, errors),
            Levels = Enums<SeverityLevel>("level", Level, errors),
            Categories = Categories(Category, errors),
            Channels = Enums<IntakeChannel>("channel", Channel, errors),
            ReportedFrom = Instant("reportedFrom", ReportedFrom, errors),
            ReportedBefore = Instant("reportedBefore", ReportedBefore, errors),
            OverdueAt = Instant("overdueAt", OverdueAt, errors),
        };
        if (query.ReportedFrom is { } from && query.ReportedBefore is { } before && from >= before)
        {
            errors["reportedBefore"] = [$"reportedBefore ({before:O}) must be later than reportedFrom ({from:O})."];
        }

        return errors.Count == 0 ? query : null;
    }

    /// <summary>Applies the paging (<c>skip</c>, default 0; <c>take</c>, default 50, at most 1,000), adding a problem to <paramref name="errors"/> when it is out of range.</summary>
    public static IncidentQuery Page(IncidentQuery query, int? skip, int? take, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(errors);
        var paged = query with { Skip = skip ?? 0, Take = take ?? 50 };
        if (paged.Problem() is { } problem)
        {
            errors[paged.Skip < 0 ? "skip" : "take"] = [problem];
        }

        return paged;
    }

    /// <summary>
    /// Applies <c>count</c> (default <see langword="true"/>; <see langword="false"/> skips the exact total, which costs a
    /// count of every match) and <c>after</c> (the <c>next</c> token of the previous page), adding a problem to
    /// <paramref name="errors"/> when the token is not one.
    /// </summary>
    public static IncidentQuery Continue(IncidentQuery query, bool? count, string? after, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(errors);
        IncidentPageCursor? cursor = null;
        if (!string.IsNullOrEmpty(after) && !PageTokens.TryDecode(after, out cursor))
        {
            errors["after"] = ["after is not a page token: pass the next of a previous page."];
        }

        return query with { CountTotal = count ?? true, After = cursor };
    }

    private static TEnum[]? Enums<TEnum>(string name, string[]? values, Dictionary<string, string[]> errors)
        where TEnum : struct, Enum
    {
        if (values is null || values.Length == 0)
        {
            return null;
        }

        var parsed = new List<TEnum>();
        var problems = new List<string>();
        foreach (var value in values)
        {
            // Names only: Enum.TryParse also takes numbers, even undefined ones ("99").
            if (!int.TryParse(value, out _) && Enum.TryParse<TEnum>(value, ignoreCase: true, out var item) && Enum.IsDefined(item))
            {
                parsed.Add(item);
            }
            else
            {
                problems.Add($"'{value}' is not one of {string.Join(", ", Enum.GetNames<TEnum>())}.");
            }
        }

        if (problems.Count > 0)
        {
            errors[name] = [.. problems];
        }

        return [.. parsed];
    }

    private static RiskCategory[]? Categories(string[]? values, Dictionary<string, string[]> errors)
    {
        if (values is null || values.Length == 0)
        {
            return null;
        }

        var problems = values.Where(v => IdentifierRules.Explain(v) is not null).Select(v => $"'{v}' is not a risk category: {IdentifierRules.Explain(v)}.").ToArray();
        if (problems.Length > 0)
        {
            errors["category"] = problems;
            return null;
        }

        return [.. values.Select(v => new RiskCategory(v))];
    }

    private static DateTimeOffset? Instant(string name, string? value, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        // An unencoded '+' of an offset arrives as a space ("...T08:00:00 08:00"): read it as the '+' the caller meant.
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            || DateTimeOffset.TryParse(value.Replace(' ', '+'), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant))
        {
            return instant;
        }

        errors[name] = [$"'{value}' is not a date and time (ISO 8601, e.g. 2026-03-01T00:00:00Z)."];
        return null;
    }
}
