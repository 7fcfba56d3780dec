using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PetitionOpinion.Assessment;
using PetitionOpinion.Deadlines;

namespace PetitionOpinion.Tests.DependencyInjection;

/// <summary>One validation style: every options check returns <see cref="DomainError"/>s with a code and a path, and the start-up validator only formats them.</summary>
public sealed class OptionsValidationTests
{
    // One problem (or a few) in every section the start-up validator checks.
    private static void Break(PetitionOpinionOptions o)
    {
        o.Organization.UseSeedTemplate = false;
        o.Organization.People = [new OrganizationPersonOptions { Id = "p1", Name = "P One" }];
        o.Organization.Assignments = new() { ["nowhere"] = ["p1"] };
        o.Authority["Nope"] = ["anyone"];
        o.Authority["Report"] = ["group:ghosts"];
        o.Storage.MaxConflictRetries = -1;
        o.Storage.AuditKeyId = "missing";
        o.Storage.IdempotencySource = " ";
        o.Assessment.Rules = [new RiskRuleOptions { Id = "bad id!", Description = "d", Source = "s" }];
        o.Deadlines.Levels["II"].Resolution = "soon";
        o.Deadlines.UtcOffset = TimeSpan.FromHours(20);
        o.Limits.NameLength = 0;
        o.Notifications.BatchSize = 0;
        o.Coordination.OutboxClaimDuration = TimeSpan.Zero;
        o.Monitoring.BaselineDays = 0;
        o.Posts.RecentPosts = 0;
        o.Posts.Schemes.Add(new PetitionOpinion.Monitoring.MonitoringSchemeOptions { Topic = "x7" });
        o.Readiness.TrainingRefreshMonths = 0;
    }

    // What start-up reported for Break before validation returned DomainErrors: the text is kept.
    private static readonly string[] ExpectedStartUpFailures =
    [
        "[organization.no_groups] Organization: The organisation has no response group.",
        "[organization.unknown_group_or_position] Organization: Person 'p1' was assigned to position 'nowhere', which does not exist.",
        "[authority.unknown_action] Authority:Nope: 'Nope' is not an action; use one of Report, Assess, Reassess, IssueDirective, AcknowledgeDirective, CompleteDirective, CancelDirective, StartResponse, RecordCommunication, DraftStatement, ReviewStatement, ApproveStatement, PublishStatement, RequestSupport, FulfilSupport, Resolve, SubmitClosureReport, AcceptClosureReport, Reopen, RequestReview, Dismiss, MergeAsDuplicate, PauseDeadlines, ResumeDeadlines, ExtendHandlingTime, DecideReview, AddNature.",
        "[authority.unknown_group] Authority:Report:0: the organisation has no group 'ghosts'.",
        "[storage.invalid] Storage:MaxConflictRetries: must be from 0 to 100 (was -1).",
        "[storage.invalid] Storage:AuditKeyId: names no key of AuditKeys.",
        "[storage.invalid] Storage:IdempotencySource: must be 1 to 200 characters and not white space.",
        "[assessment.invalid_rule] Assessment:Rules:0:Id: 'bad id!' is not a valid rule id: an identifier may contain only letters, digits, '-', '_', '.', '@' and ':' (found ' ').",
        "[assessment.invalid_rule] Assessment:Rules:0:When: a rule needs at least one condition.",
        "[deadlines.invalid_policy] Deadlines:Levels:II:Resolution: 'soon' is not a time limit: write an amount and a unit, e.g. '15 minutes', '4 hours', '15 days' or '3 working days'.",
        "[deadlines.invalid_policy] Deadlines:UtcOffset: must be whole minutes from -14:00 to +14:00 (was 20:00:00).",
        "[limits.invalid] Limits:NameLength: must be from 1 to 200000 (was 0).",
        "[notifications.invalid] Notifications:BatchSize: must be from 1 to 10000 (was 0).",
        "[coordination.invalid] Coordination:OutboxClaimDuration: must be more than zero and at most 1.00:00:00 (was 00:00:00).",
        "[monitoring.invalid] Monitoring:BaselineDays: must be from 1 to 28 (was 0).",
        "[monitoring.invalid] Monitoring:MinBaselineDays: must be from 1 to BaselineDays (was 1).",
        "[monitoring.invalid] Posts:RecentPosts: must be from 1 to 1,000,000 (was 0).",
        "[monitoring.invalid] Posts:Schemes:0: must have at least one word, alias or phrase that brings a post in (AnyOf, AllOf, Aliases or Phrases).",
        "[readiness.invalid_training] Readiness:TrainingRefreshMonths: must be from 1 to 120 (was 0).",
    ];

    private static IReadOnlyList<string> StartUpFailures()
    {
        using var services = new ServiceCollection().AddPetitionOpinion(Break).Services.BuildServiceProvider();
        return Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PetitionOpinionOptions>>().Value).Failures.ToList();
    }

    private static IReadOnlyList<DomainError> Problems()
    {
        var options = new PetitionOpinionOptions();
        Break(options);
        return new PetitionOpinionOptionsValidator([], WorkingDayCalendar.China).Problems(options);
    }

    [Fact]
    public void StartUp_ProblemsInEverySection_MessagesAreUnchanged()
        => Assert.Equal(ExpectedStartUpFailures, StartUpFailures());

    [Fact]
    public void Problems_EverySection_AreDomainErrorsWithACodeAPathAndAMessageWithoutThePath()
    {
        var problems = Problems();

        Assert.Equal(ExpectedStartUpFailures.Length, problems.Count);
        Assert.All(problems, p =>
        {
            Assert.Matches("^[a-z_]+\\.[a-z_]+$", p.Code);
            Assert.False(string.IsNullOrWhiteSpace(p.Path), p.ToString());
            Assert.Contains(p.Path!.Split(':')[0], Sections);
            Assert.False(p.Message.StartsWith(p.Path, StringComparison.Ordinal), p.ToString());
            Assert.Empty(p.Details);
        });
    }

    [Fact]
    public void StartUp_EachFailure_IsTheProblemFormattedAsCodePathMessage()
        => Assert.Equal(Problems().Select(p => $"[{p.Code}] {p.Path}: {p.Message}"), StartUpFailures());

    private static readonly string[] Sections =
        ["Organization", "Authority", "Storage", "Assessment", "Deadlines", "Limits", "Notifications", "Coordination", "Monitoring", "Posts", "Readiness"];

    public static TheoryData<Type> OptionsTypes() =>
    [
        .. new[] { typeof(PetitionOpinion.Incidents.Incident).Assembly, typeof(PetitionOpinionOptions).Assembly, typeof(PetitionOpinion.Notifications.Webhooks.WeComRobotOptions).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal) && t.GetMethods().Any(m => m.Name == "Validate" && m.DeclaringType == t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(OptionsTypes))]
    public void Validate_PublicOptions_ReturnsDomainErrors(Type type)
    {
        foreach (var method in type.GetMethods().Where(m => m.Name == "Validate" && m.DeclaringType == type))
        {
            Assert.Equal(typeof(IReadOnlyList<DomainError>), method.ReturnType);
        }
    }

    [Fact]
    public void Validate_NotificationOptions_PutsThePathInThePathAndTheRuleInTheMessage()
    {
        var problem = Assert.Single(new PetitionOpinion.Notifications.NotificationOptions { BatchSize = 0 }.Validate("Notifications"));

        Assert.Equal(new DomainError("notifications.invalid", "must be from 1 to 10000 (was 0).") { Path = "Notifications:BatchSize" }, problem);
        Assert.Equal("[notifications.invalid] Notifications:BatchSize: must be from 1 to 10000 (was 0).", problem.ToValidationFailure());
    }
}
