using System.Reflection;
using System.Text.RegularExpressions;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Readiness;
using PetitionOpinion.Samples.WebApi.Errors;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Samples.WebApi.Tests.Errors;

/// <summary>The one mapping from error code to HTTP status: every code the library can return has a deliberate status.</summary>
public sealed partial class ErrorStatusesTests
{
    // The library's assemblies: Abstractions, Domain, and the SQLite store.
    private static readonly Assembly[] Library = [typeof(DomainError).Assembly, typeof(IncidentLifecycle).Assembly, typeof(SqliteIncidentStore).Assembly];

    // Codes are dotted snake case: area.problem.
    [GeneratedRegex("^[a-z]+(_[a-z]+)*\\.[a-z]+(_[a-z]+)*$")]
    private static partial Regex CodePattern();

    // An error code written inline where the error is made: new DomainError("authority.invalid", ...).
    [GeneratedRegex("new( DomainError)?\\(\\s*\"([a-z_]+\\.[a-z_]+)\",")]
    private static partial Regex InlineCode();

    /// <summary>
    /// Every const string of the library shaped like an error code, but the readiness gap codes (a report's findings, never
    /// a <see cref="DomainError"/>) and the telemetry's attribute names (<c>error.type</c> is OpenTelemetry's, not a code).
    /// </summary>
    public static TheoryData<string, string> LibraryCodes()
    {
        var data = new TheoryData<string, string>();
        foreach (var field in Library.SelectMany(a => a.GetTypes())
                     .Where(t => t != typeof(ReadinessGapCodes) && t.Namespace != "PetitionOpinion.Diagnostics")
                     .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
                     .Where(f => f.IsLiteral && f.FieldType == typeof(string) && CodePattern().IsMatch((string)f.GetRawConstantValue()!))
                     .OrderBy(f => f.DeclaringType!.FullName, StringComparer.Ordinal).ThenBy(f => f.Name, StringComparer.Ordinal))
        {
            data.Add($"{field.DeclaringType!.FullName}.{field.Name}", (string)field.GetRawConstantValue()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LibraryCodes))]
    public void Of_EveryErrorCodeConstantOfTheLibrary_IsListedWithADeliberateStatus(string constant, string code)
    {
        Assert.True(ErrorStatuses.IsListed(code), $"{constant} = \"{code}\" is not listed in ErrorStatuses: decide its status there.");
        var status = ErrorStatuses.Of(code);
        Assert.Contains(status, new[] { 400, 401, 403, 404, 406, 409, 415, 422, 500 });
        if (status == 500)
        {
            // Only configuration, checked at start-up, and stored data that is not as the library wrote it may be a server
            // error: nothing a request can cause.
            Assert.Matches("^((organization|authority|assessment|deadlines|calendar|readiness|audit)\\.|storage\\.(tampered|unreadable)$|monitoring\\.checkpoint_unreadable$)", code);
        }
    }

    [Fact]
    public void LibraryCodes_FindTheKnownFamilies()
    {
        var codes = LibraryCodes().Select(row => (string)row[1]).ToHashSet(StringComparer.Ordinal);

        Assert.Contains(IncidentErrors.TransitionNotAllowed, codes);
        Assert.Contains(AuthorityErrors.Denied, codes);
        Assert.Contains(StorageErrors.NotFound, codes);
        Assert.Contains(StorageErrors.Conflict, codes);
        Assert.Contains(OrganizationErrors.Invalid, codes);
        Assert.Contains(ReadinessErrors.InvalidOptions, codes);
        Assert.Contains("validation.required", codes); // the library's internal InputValidation constants
        Assert.Contains("deadlines.scan_failed", codes); // DeadlineMonitor.ScanFailed, outside an *Errors class
        Assert.DoesNotContain(ReadinessGapCodes.Untrained, codes);
        Assert.True(codes.Count >= 60, $"Only {codes.Count} codes found: did the reflection miss an assembly?");
    }

    [Fact]
    public void Of_CodesWrittenInlineInTheLibrarySource_AreListed()
    {
        var root = RepositoryRoot();
        var inline = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => InlineCode().Matches(File.ReadAllText(file)).Select(m => (File: Path.GetRelativePath(root, file), Code: m.Groups[2].Value)))
            .ToList();

        Assert.Contains(inline, c => c.Code == "authority.unknown_action");
        Assert.All(inline, c => Assert.True(ErrorStatuses.IsListed(c.Code), $"{c.File}: \"{c.Code}\" is not listed in ErrorStatuses."));
    }

    [Fact]
    public void Of_EveryListedCode_IsAValidStatusAndTitled()
    {
        Assert.All(ErrorStatuses.Listed, pair =>
        {
            Assert.Matches(CodePattern(), pair.Key);
            Assert.InRange(pair.Value, 400, 599);
            Assert.False(string.IsNullOrWhiteSpace(ErrorStatuses.TitleOf(pair.Value)));
        });
    }

    [Theory]
    [InlineData("validation.something_new", 400)]
    [InlineData("request.something_new", 400)]
    [InlineData("authentication.something_new", 401)]
    [InlineData("authority.something_new", 403)]
    [InlineData("incident.something_new", 409)]
    [InlineData("storage.something_new", 409)]
    [InlineData("nobody.knows", 500)]
    public void Of_UnlistedCode_TakesItsFamilysStatus(string code, int expected)
    {
        Assert.False(ErrorStatuses.IsListed(code));
        Assert.Equal(expected, ErrorStatuses.Of(code));
    }

    [Fact]
    public void Of_BlockedByStateAndAuthority_IsForbidden()
    {
        var error = new DomainError(IncidentErrors.ActionBlocked, "Resolve is blocked for 2 reasons.",
            [new(IncidentErrors.TransitionNotAllowed, "Not now."), new(AuthorityErrors.Denied, "Not you.")]);

        Assert.Equal(403, ErrorStatuses.Of(error));
    }

    [Fact]
    public void Of_BlockedByStateAndGuard_IsConflict()
    {
        var error = new DomainError(IncidentErrors.ActionBlocked, "AcceptClosureReport is blocked for 2 reasons.",
            [new(IncidentErrors.TransitionNotAllowed, "Not now."), new(IncidentErrors.NoSubmittedReport, "No report.")]);

        Assert.Equal(409, ErrorStatuses.Of(error));
    }

    [Fact]
    public void Of_SeveralInputProblems_IsBadRequest()
    {
        var error = new DomainError("validation.failed", "2 problems.",
            [new("validation.required", "The rationale is required."), new(IncidentErrors.ClosureReportIncomplete, "No cause.")]);

        Assert.Equal(400, ErrorStatuses.Of(error));
    }

    [Fact]
    public void Of_CompositeWithoutDetails_TakesItsOwnStatus()
        => Assert.Equal(409, ErrorStatuses.Of(new DomainError(IncidentErrors.ActionBlocked, "Blocked.")));

    private static string RepositoryRoot()
        => typeof(ErrorStatusesTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
}
