using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Organization;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Incidents.Lifecycle;

/// <summary>
/// Issue 17 §4, "bounded input": lists, texts and instants a command accepts are bounded, each breach a validation error
/// naming the field and the limit; control characters and bidirectional overrides are refused; names must be visible.
/// </summary>
public sealed class BoundedInputTests
{
    private const string TooMany = "validation.too_many";
    private const string OutOfRange = "validation.out_of_range";
    private const string Invalid = "validation.invalid";

    private readonly Scenario _scenario = new();

    [Theory]
    [InlineData(51, 1, 0, "causes")]
    [InlineData(1, 51, 0, "improvements")]
    [InlineData(1, 1, 51, "lessons")]
    public void SubmitClosureReport_MoreThan50Items_ReturnsTooManyNamingFieldAndLimit(int causes, int improvements, int lessons, string field)
    {
        var incident = _scenario.Drive(IncidentState.Resolved);

        var error = _scenario.Refuse(incident, new SubmitClosureReport(People.GeneralManager, Report(causes, improvements, lessons)));

        var problem = Assert.Single(error.Details.Count == 0 ? [error] : error.Details, e => e.Code == TooMany);
        Assert.Contains(field, problem.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("50", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SubmitClosureReport_AMillionCausesAndLessons_IsRefusedWithOneProblemPerList()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);

        var error = _scenario.Refuse(incident, new SubmitClosureReport(People.GeneralManager, Report(1_000_000, 100_000, 1_000_000)));

        Assert.Equal(3, error.AllCodes.Count(c => c == TooMany));
        Assert.True(error.Details.Count <= 3, $"{error.Details.Count} problems.");
    }

    [Fact]
    public void IssueDirective_DueInTheYear9000_ReturnsOutOfRange()
    {
        var incident = _scenario.Drive(IncidentState.Assessed);

        var error = _scenario.Refuse(incident, _scenario.IssueCommand() with { DueAt = new DateTimeOffset(9000, 1, 1, 0, 0, 0, TimeSpan.Zero) });

        Assert.Equal(OutOfRange, error.Code);
        Assert.Contains("due", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(9000)]
    [InlineData(9999)]
    public void Scan_DirectiveDueNearTheEndOfTime_DoesNotThrow(int year)
    {
        var incident = _scenario.Drive(IncidentState.Assessed);
        var due = year == 9999 ? DateTimeOffset.MaxValue : new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var issued = new DirectiveIssued(incident.Id, People.CustomerServiceRep, _scenario.Now, new DirectiveId(1), DirectiveKind.InformationCollection, WellKnownGroups.PetitionHandlingGroup, "Collect.", due);
        var loaded = Incident.FromHistory([.. incident.History, issued]);
        var scanner = new DeadlineScanner(DeadlinePolicy.Default, _scenario.Time);

        var deadlines = scanner.DeadlinesOf(loaded);
        var alerts = scanner.Scan(loaded);

        Assert.Contains(deadlines.Deadlines, d => d.Key.ToString() == "directive-1");
        Assert.DoesNotContain(alerts, a => a.Deadline.Key.ToString() == "directive-1");
    }

    [Theory]
    [InlineData("Wang\0Fang")]
    [InlineData("Wang\u001b[31mFang")]
    [InlineData("Wang\u202EgnaF")]
    [InlineData("Wang\u2066Fang")]
    [InlineData("Wang\u0085Fang")]
    [InlineData("Wang\nFang")]
    [InlineData("Wang\tFang")]
    public void Report_PetitionerNameWithControlOrBidiCharacters_ReturnsInvalidNamingTheField(string name)
    {
        var error = _scenario.Lifecycle.Report(Scenario.ReportCommand() with { Petitioner = new PetitionerDetails(name, null) }).AsT1;

        Assert.Equal(Invalid, error.Code);
        Assert.Contains("name", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("\u200B")]
    [InlineData("\u200B\u200C\u200D\uFEFF")]
    [InlineData(" \u2060 ")]
    public void Report_PetitionerNameWithoutAVisibleCharacter_IsRefused(string name)
    {
        var error = _scenario.Lifecycle.Report(Scenario.ReportCommand() with { Petitioner = new PetitionerDetails(name, null) }).AsT1;

        Assert.StartsWith("validation.", error.Code, StringComparison.Ordinal);
        Assert.Contains("name", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("A leak.\0")]
    [InlineData("A \u001b[2Jleak.")]
    [InlineData("A \u202Eleak.")]
    public void Report_DescriptionWithControlOrBidiCharacters_ReturnsInvalid(string description)
    {
        var error = _scenario.Lifecycle.Report(Scenario.ReportCommand() with { Description = description }).AsT1;

        Assert.Equal(Invalid, error.Code);
        Assert.Contains("description", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Report_MultiLineDescriptionWithTabsAndArabicOrHebrewText_IsAccepted()
    {
        var description = "Line one.\r\nLine two:\tتسريب البيانات\nשורה שלוש. 第四行。";

        Assert.True(_scenario.Lifecycle.Report(Scenario.ReportCommand() with { Description = description }).IsT0);
    }

    [Theory]
    [InlineData("Official\nWeibo")]
    [InlineData("Official \u202EWeibo")]
    public void PublishStatement_ChannelWithNewlineOrBidiOverride_ReturnsInvalid(string channel)
    {
        var incident = _scenario.Drive(IncidentState.Responding);
        _scenario.Do(incident, new DraftStatement(People.PrManager, "On the display error", "We apologise."));
        _scenario.Do(incident, new ReviewStatement(People.HeadOfLegal, new StatementId(1)));
        _scenario.Do(incident, new ApproveStatement(People.PrManager, new StatementId(1)));

        var error = _scenario.Refuse(incident, new PublishStatement(People.PrManager, new StatementId(1), channel));

        Assert.Equal(Invalid, error.Code);
        Assert.Contains("channel", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void DraftStatement_TitleWithANewline_ReturnsInvalid()
    {
        var incident = _scenario.Drive(IncidentState.Responding);

        var error = _scenario.Refuse(incident, new DraftStatement(People.PrManager, "On the\ndisplay error", "We apologise."));

        Assert.Equal(Invalid, error.Code);
        Assert.Contains("title", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("brand\u202E\u0000x", false, "brand\uFFFD\uFFFDx")]
    [InlineData("a\nb\tc", false, "a\nb\tc")]
    [InlineData("a\nb\tc", true, "a\uFFFDb\uFFFDc")]
    public void Clean_ForbiddenCharacters_AreReplacedAndTheRestKept(string text, bool singleLine, string expected)
    {
        var kind = singleLine ? TextKind.SingleLine : TextKind.MultiLine;

        Assert.Equal(expected, InputValidation.Clean(text, kind));
        Assert.False(new InputValidation().Text(expected, "The text", 100, kind: kind).HasProblems);
    }

    [Fact]
    public void Clean_UnpairedSurrogate_IsReplacedAndAPairKept()
    {
        var text = string.Concat("x", "\uD800", "y", "\uD83D\uDE00", "\uDC00");

        Assert.Equal("x\uFFFDy\uD83D\uDE00\uFFFD", InputValidation.Clean(text, TextKind.MultiLine));
    }

    private static ClosureReport Report(int causes, int improvements, int lessons)
        => new(
            "Summary.",
            [.. Enumerable.Repeat("A cause.", causes)],
            [.. Enumerable.Repeat(new Improvement("An improvement.", People.GeneralManager, new DateOnly(2026, 6, 30)), improvements)],
            [.. Enumerable.Repeat("A lesson.", lessons)]);
}
