using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Incidents.Lifecycle;

/// <summary>Bad input at every entry of <see cref="IncidentLifecycle"/>: a clear error (or, for a programmer error, an exception) and no change.</summary>
public sealed class BadInputTests
{
    private const string Required = "validation.required";
    private const string TooLong = "validation.too_long";
    private const string Invalid = "validation.invalid";
    private const string Failed = "validation.failed";
    private static readonly string TooLongShort = new('x', TextLimits.Short + 1);
    private static readonly string TooLongName = new('x', TextLimits.Name + 1);
    private static readonly string TooLongLong = new('x', TextLimits.Long + 1);
    private readonly Scenario _scenario = new();

    public static TheoryData<string?, string> BadTexts => new()
    {
        { null, Required },
        { string.Empty, Required },
        { "   ", Required },
        { "\t\r\n", Required },
        { TooLongShort, TooLong },
    };

    [Fact]
    public void Execute_MalformedUtf16Text_IsRefusedAsInvalid()
    {
        // Built here, not passed as theory data: the test runner would replace lone surrogates when it serializes data.
        string[] malformed = ["lone high surrogate " + (char)0xD83D + " here", "lone low surrogate " + (char)0xDE00, "reversed pair " + (char)0xDE00 + (char)0xD83D, ((char)0xD800).ToString()];
        var incident = _scenario.Drive(IncidentState.Responding);

        foreach (var text in malformed)
        {
            var error = _scenario.Refuse(incident, new RecordCommunication(People.CustomerServiceRep, IntakeChannel.Hotline, text, "Outcome."));

            Assert.Equal(Invalid, error.Code);
            Assert.Contains("surrogate", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("emoji \uD83D\uDE00 paired")]
    [InlineData("中文 投诉")]
    [InlineData("\uD83D\uDE00")]
    public void Execute_WellFormedUnicodeText_IsAccepted(string text)
    {
        var incident = _scenario.Drive(IncidentState.Responding);

        _scenario.Do(incident, new RecordCommunication(People.CustomerServiceRep, IntakeChannel.Hotline, text, text));

        Assert.Equal(text, incident.Communications[^1].Summary);
    }

    [Fact]
    public void Constructor_NullArguments_Throw()
    {
        var organization = _scenario.Organization;
        var authority = _scenario.Authority;
        var ids = new SequentialIncidentIds();

        Assert.Throws<ArgumentNullException>(() => new IncidentLifecycle(null!, authority, _scenario.Time, ids));
        Assert.Throws<ArgumentNullException>(() => new IncidentLifecycle(organization, null!, _scenario.Time, ids));
        Assert.Throws<ArgumentNullException>(() => new IncidentLifecycle(organization, authority, null!, ids));
        Assert.Throws<ArgumentNullException>(() => new IncidentLifecycle(organization, authority, _scenario.Time, null!));
        Assert.Same(LifecycleTable.Default, new IncidentLifecycle(organization, authority, _scenario.Time, ids).Table);
    }

    [Fact]
    public void PublicEntries_NullArguments_ThrowArgumentNullException()
    {
        var incident = _scenario.Report();
        var before = Snapshot.Of(incident);
        var lifecycle = _scenario.Lifecycle;
        var merge = new MergeAsDuplicate(People.CustomerServiceRep, "Same.");

        Assert.Throws<ArgumentNullException>(() => lifecycle.Report(null!));
        Assert.Throws<ArgumentNullException>(() => lifecycle.Execute(null!, new StartResponse(People.CustomerServiceRep)));
        Assert.Throws<ArgumentNullException>(() => lifecycle.Execute(incident, null!));
        Assert.Throws<ArgumentNullException>(() => lifecycle.MergeAsDuplicate(null!, incident, merge));
        Assert.Throws<ArgumentNullException>(() => lifecycle.MergeAsDuplicate(incident, null!, merge));
        Assert.Throws<ArgumentNullException>(() => lifecycle.MergeAsDuplicate(incident, _scenario.Report(), null!));
        Assert.Throws<ArgumentNullException>(() => lifecycle.PermittedActions(null!));
        Assert.Throws<ArgumentNullException>(() => lifecycle.PermittedActions(null!, People.CustomerServiceRep));
        Assert.Throws<ArgumentNullException>(() => lifecycle.WhyNot(null!, IncidentAction.Assess));
        before.AssertUnchanged(incident);
    }

    [Fact]
    public void Execute_CommandTypeTheLifecycleDoesNotKnow_ThrowsAndChangesNothing()
    {
        var incident = _scenario.Drive(IncidentState.Responding);
        var before = Snapshot.Of(incident);

        Assert.Throws<ArgumentException>(() => _scenario.Lifecycle.Execute(incident, new ForeignCommand(People.CustomerServiceManager)));
        before.AssertUnchanged(incident);
    }

    [Fact]
    public void Report_DefaultActor_ReturnsValidationRequired()
    {
        var error = _scenario.Lifecycle.Report(Scenario.ReportCommand() with { Actor = default }).AsT1;

        Assert.Equal(Required, error.Code);
        Assert.Contains("actor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_UnknownActor_ReturnsUnknownActor()
    {
        var error = _scenario.Lifecycle.Report(Scenario.ReportCommand(actor: People.Stranger)).AsT1;

        Assert.Equal(AuthorityErrors.UnknownActor, error.Code);
    }

    [Theory]
    [InlineData(null, Required)]
    [InlineData("", Required)]
    [InlineData(" \t ", Required)]
    public void Report_MissingDescription_ReturnsValidationRequired(string? description, string code)
        => Assert.Equal(code, _scenario.Lifecycle.Report(Scenario.ReportCommand() with { Description = description! }).AsT1.Code);

    [Fact]
    public void Report_DescriptionAtAndOverTheLimit_AcceptsTheLimitAndRefusesMore()
    {
        var atLimit = _scenario.Lifecycle.Report(Scenario.ReportCommand() with { Description = new string('d', TextLimits.Long) });
        var overLimit = _scenario.Lifecycle.Report(Scenario.ReportCommand() with { Description = TooLongLong });

        Assert.True(atLimit.IsT0);
        Assert.Equal(TooLong, overLimit.AsT1.Code);
        Assert.Contains(TextLimits.Long.ToString(System.Globalization.CultureInfo.InvariantCulture), overLimit.AsT1.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_UndefinedEnumsAndDefaultCategory_AreRefused()
    {
        Assert.Equal(Invalid, _scenario.Lifecycle.Report(Scenario.ReportCommand() with { Kind = 0 }).AsT1.Code);
        Assert.Equal(Invalid, _scenario.Lifecycle.Report(Scenario.ReportCommand() with { Kind = (IncidentKind)4 }).AsT1.Code);
        Assert.Equal(Invalid, _scenario.Lifecycle.Report(Scenario.ReportCommand() with { Channel = (IntakeChannel)99 }).AsT1.Code);
        Assert.Equal(Required, _scenario.Lifecycle.Report(Scenario.ReportCommand() with { Category = default }).AsT1.Code);
    }

    [Fact]
    public void Report_BadPetitionerAndComplainedParty_AreRefused()
    {
        Assert.Equal(Required, _scenario.Lifecycle.Report(Scenario.ReportCommand() with { Petitioner = new PetitionerDetails(" ", null) }).AsT1.Code);
        Assert.Equal(TooLong, _scenario.Lifecycle.Report(Scenario.ReportCommand() with { Petitioner = new PetitionerDetails("Wang", TooLongName) }).AsT1.Code);
        Assert.Equal(Required, _scenario.Lifecycle.Report(Scenario.ReportCommand() with { Petitioner = new PetitionerDetails("Wang", "") }).AsT1.Code);
        Assert.Equal(Required, _scenario.Lifecycle.Report(Scenario.ReportCommand() with { ComplainedAbout = new ComplainedParty(null, null) }).AsT1.Code);
        Assert.Equal(Required, _scenario.Lifecycle.Report(Scenario.ReportCommand() with { ComplainedAbout = new ComplainedParty(default(PersonId), null) }).AsT1.Code);
        Assert.Equal(TooLong, _scenario.Lifecycle.Report(Scenario.ReportCommand() with { ComplainedAbout = new ComplainedParty(null, TooLongName) }).AsT1.Code);
        Assert.True(_scenario.Lifecycle.Report(Scenario.ReportCommand() with { Petitioner = new PetitionerDetails("Wang", null), ComplainedAbout = new ComplainedParty(People.LegalSpecialist, null) }).IsT0);
        Assert.True(_scenario.Lifecycle.Report(Scenario.ReportCommand() with { Petitioner = null, ComplainedAbout = null }).IsT0);
    }

    [Fact]
    public void Report_SeveralProblems_ListsThemAll()
    {
        var command = new ReportIncident(default, (IncidentKind)0, (IntakeChannel)0, default, " ", new PetitionerDetails("", null), new ComplainedParty(null, null));

        var error = _scenario.Lifecycle.Report(command).AsT1;

        Assert.Equal(Failed, error.Code);
        Assert.Equal([Required, Invalid, Invalid, Required, Required, Required, Required], error.Details.Select(d => d.Code));
    }

    [Fact]
    public void PetitionerDetails_ToString_IsRedacted()
    {
        var details = new PetitionerDetails("Wang Fang", "+86 138 0000 0000");

        Assert.DoesNotContain("Wang", details.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("138", details.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllCommands))]
    public void Execute_DefaultActor_ReturnsValidationRequiredAndChangesNothing(IncidentAction action)
    {
        var (incident, command) = Ready(action);

        var error = _scenario.Refuse(incident, command with { Actor = default });

        Assert.Equal(Required, error.Code);
        Assert.Contains("actor", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllCommands))]
    public void Execute_UnknownActor_ReturnsUnknownActorAndChangesNothing(IncidentAction action)
    {
        var (incident, command) = Ready(action);

        var error = _scenario.Refuse(incident, command with { Actor = People.Stranger });

        Assert.Equal(AuthorityErrors.UnknownActor, error.Code);
    }

    [Theory]
    [MemberData(nameof(AllCommands))]
    public void Execute_ReadyCommand_IsAccepted(IncidentAction action)
    {
        // The commands the bad-input tests spoil are themselves valid: the refusals above come from the one change.
        var (incident, command) = Ready(action);

        Assert.True(_scenario.Lifecycle.Execute(incident, command).IsT0);
    }

    public static TheoryData<IncidentAction> AllCommands => new(Enum.GetValues<IncidentAction>().Where(a => a is not (IncidentAction.Report or IncidentAction.MergeAsDuplicate)));

    [Theory]
    [MemberData(nameof(BadTexts))]
    public void Execute_BadShortTexts_AreRefusedWithTheirCode(string? text, string code)
    {
        var t = text!;
        foreach (var (action, spoil) in ShortTextFields(t))
        {
            var (incident, command) = Ready(action);

            var error = _scenario.Refuse(incident, spoil(command));

            Assert.True(code == error.Code, $"{action}: expected {code}, got {error}");
        }
    }

    [Fact]
    public void Execute_OptionalReviewNotes_MayBeMissingButNotBlankOrTooLong()
    {
        var (incident, _) = Ready(IncidentAction.ReviewStatement);

        Assert.Equal(Required, _scenario.Refuse(incident, new ReviewStatement(People.HeadOfLegal, new StatementId(1), " ")).Code);
        Assert.Equal(TooLong, _scenario.Refuse(incident, new ReviewStatement(People.HeadOfLegal, new StatementId(1), TooLongShort)).Code);
        Assert.True(_scenario.Lifecycle.Execute(incident, new ReviewStatement(People.HeadOfLegal, new StatementId(1))).IsT0);
    }

    [Fact]
    public void Execute_NameAndLongTexts_AreLimitedByTheirOwnLimits()
    {
        var (responding, _) = Ready(IncidentAction.DraftStatement);
        var (approved, _) = Ready(IncidentAction.PublishStatement);

        Assert.Equal(TooLong, _scenario.Refuse(responding, new DraftStatement(People.PrManager, TooLongName, "Body")).Code);
        Assert.Equal(TooLong, _scenario.Refuse(responding, new DraftStatement(People.PrManager, "Title", TooLongLong)).Code);
        Assert.Equal(Required, _scenario.Refuse(responding, new DraftStatement(People.PrManager, "", "Body")).Code);
        Assert.Equal(TooLong, _scenario.Refuse(approved, new PublishStatement(People.SocialMediaSpecialist, new StatementId(1), TooLongName)).Code);
        Assert.Equal(Required, _scenario.Refuse(approved, new PublishStatement(People.SocialMediaSpecialist, new StatementId(1), " ")).Code);
        Assert.True(_scenario.Lifecycle.Execute(responding, new DraftStatement(People.PrManager, new string('t', TextLimits.Name), new string('b', TextLimits.Long))).IsT0);
    }

    [Fact]
    public void Assess_UndefinedEnums_AreRefused()
    {
        var incident = _scenario.Report();
        var valid = new AssessIncident(People.CustomerServiceRep, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.Low, "Why.");

        Assert.Equal(Invalid, _scenario.Refuse(incident, valid with { Level = 0 }).Code);
        Assert.Equal(Invalid, _scenario.Refuse(incident, valid with { Level = (SeverityLevel)5 }).Code);
        Assert.Equal(Invalid, _scenario.Refuse(incident, valid with { Scope = (ImpactScope)9 }).Code);
        Assert.Equal(Invalid, _scenario.Refuse(incident, valid with { PotentialRisk = 0 }).Code);
        var all = _scenario.Refuse(incident, valid with { Level = 0, Scope = 0, PotentialRisk = 0, Rationale = "" });
        Assert.Equal(Failed, all.Code);
        Assert.Equal([Invalid, Invalid, Invalid, Required], all.Details.Select(d => d.Code));
    }

    [Fact]
    public void Reassess_UndefinedLevel_IsRefused()
    {
        var incident = _scenario.Drive(IncidentState.Directed);

        var error = _scenario.Refuse(incident, new ReassessIncident(People.CustomerServiceRep, (SeverityLevel)7, ImpactScope.Individual, PotentialRisk.Low, "Why."));

        Assert.Equal(Invalid, error.Code);
    }

    [Fact]
    public void IssueDirective_BadArguments_AreRefused()
    {
        var incident = _scenario.Drive(IncidentState.Assessed);
        var valid = _scenario.IssueCommand();

        Assert.Equal(Required, _scenario.Refuse(incident, valid with { Kind = default }).Code);
        Assert.Equal(Required, _scenario.Refuse(incident, valid with { Assignee = default }).Code);
        Assert.Equal(IncidentErrors.UnknownGroup, _scenario.Refuse(incident, valid with { Assignee = new GroupId("no-such-group") }).Code);
        Assert.Equal(Invalid, _scenario.Refuse(incident, valid with { DueAt = _scenario.Now.AddMinutes(-1) }).Code);
        Assert.Equal(Invalid, _scenario.Refuse(incident, valid with { DueAt = _scenario.Now.Add(Scenario.Step) }).Code);
        Assert.Equal(Invalid, _scenario.Refuse(incident, valid with { DueAt = default }).Code);
    }

    [Fact]
    public void IssueDirective_CustomKindToAUserDefinedGroup_IsAccepted()
    {
        var organization = Scenario.SeedBuilderWithPeople()
            .AddGroup(new GroupId("legal-affairs"), "Legal Affairs", "法务组", "Handle lawsuits.")
            .AddPosition(new GroupId("legal-affairs"), new PositionId("legal-affairs.leader"), "Counsel", "法律顾问", GroupRole.Leader, Departments.Legal)
            .Assign(new PositionId("legal-affairs.leader"), People.HeadOfLegal)
            .Build().AsT0;
        var scenario = new Scenario(organization: organization);
        var incident = scenario.Drive(IncidentState.Assessed);

        scenario.Do(incident, scenario.IssueCommand(new GroupId("legal-affairs"), new DirectiveKind("Litigation")));
        scenario.Do(incident, new AcknowledgeDirective(People.HeadOfLegal, new DirectiveId(1)));

        Assert.Equal(new DirectiveKind("Litigation"), incident.Directives[0].Kind);
        Assert.Equal(DirectiveStatus.Acknowledged, incident.Directives[0].Status);
    }

    [Fact]
    public void RecordCommunicationAndRequestSupport_UndefinedEnums_AreRefused()
    {
        var incident = _scenario.Drive(IncidentState.Responding);

        Assert.Equal(Invalid, _scenario.Refuse(incident, new RecordCommunication(People.CustomerServiceRep, (IntakeChannel)0, "Called.", "Fine.")).Code);
        Assert.Equal(Invalid, _scenario.Refuse(incident, new RequestSupport(People.CustomerServiceRep, (SupportKind)3, "Help.")).Code);
    }

    [Fact]
    public void Execute_InvalidInputOnAForbiddenAction_ReportsTheInputFirst()
    {
        var incident = _scenario.Report();

        var error = _scenario.Refuse(incident, new ResolveIncident(People.CustomerServiceManager, ""));

        Assert.Equal(Required, error.Code);
    }

    [Fact]
    public void Execute_ActorWithoutTheRole_ReturnsAuthorityDeniedAndChangesNothing()
    {
        var incident = _scenario.Report();

        var error = _scenario.Refuse(incident, new AssessIncident(People.OpinionAnalyst, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.Low, "Why."));

        Assert.Equal(AuthorityErrors.Denied, error.Code);
        Assert.Contains(People.OpinionAnalyst.Value, error.Message, StringComparison.Ordinal);
        Assert.Contains(WellKnownGroups.PetitionHandlingGroup.Value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DomainTypes_InvalidIdentifiers_Throw()
    {
        Assert.Throws<ArgumentException>(() => new DirectiveKind("has space"));
        Assert.Throws<ArgumentException>(() => new DirectiveKind(""));
        Assert.Throws<ArgumentException>(() => new RiskCategory("x/y"));
        Assert.Throws<ArgumentException>(() => new RiskCategory(null!));
        Assert.True(default(RiskCategory).IsEmpty);
        Assert.Equal(string.Empty, default(DirectiveKind).Value);
        Assert.Equal("ProductQuality", RiskCategory.ProductQuality.ToString());
        Assert.Equal(new RiskCategory("Environment"), new RiskCategory("Environment"));
    }

    private static IEnumerable<(IncidentAction Action, Func<IncidentCommand, IncidentCommand> Spoil)> ShortTextFields(string text)
    {
        yield return (IncidentAction.Assess, c => (AssessIncident)c with { Rationale = text });
        yield return (IncidentAction.Reassess, c => (ReassessIncident)c with { Rationale = text });
        yield return (IncidentAction.IssueDirective, c => (IssueDirective)c with { Instructions = text });
        yield return (IncidentAction.CompleteDirective, c => (CompleteDirective)c with { Outcome = text });
        yield return (IncidentAction.CancelDirective, c => (CancelDirective)c with { Reason = text });
        yield return (IncidentAction.RecordCommunication, c => (RecordCommunication)c with { Summary = text });
        yield return (IncidentAction.RecordCommunication, c => (RecordCommunication)c with { Outcome = text });
        yield return (IncidentAction.RequestSupport, c => (RequestSupport)c with { Details = text });
        yield return (IncidentAction.FulfilSupport, c => (FulfilSupport)c with { Resolution = text });
        yield return (IncidentAction.Resolve, c => (ResolveIncident)c with { Summary = text });
        yield return (IncidentAction.Reopen, c => (ReopenIncident)c with { Reason = text });
        yield return (IncidentAction.RequestReview, c => (RequestReview)c with { Grounds = text });
        yield return (IncidentAction.Dismiss, c => (DismissIncident)c with { Reason = text });
        yield return (IncidentAction.AddNature, c => (AddIncidentNature)c with { Reason = text });
        yield return (IncidentAction.SubmitClosureReport, c => (SubmitClosureReport)c with { Report = Scenario.CompleteReport() with { Causes = [text] } });
        yield return (IncidentAction.SubmitClosureReport, c => (SubmitClosureReport)c with { Report = Scenario.CompleteReport() with { Lessons = [text] } });
        yield return (IncidentAction.SubmitClosureReport, c => (SubmitClosureReport)c with { Report = Scenario.CompleteReport() with { Improvements = [new Improvement(text, People.GeneralManager, new DateOnly(2026, 6, 30))] } });
    }

    // An incident in a state where the action is permitted, and a valid command for it by an authorised actor.
    private (Incident Incident, IncidentCommand Command) Ready(IncidentAction action)
    {
        Incident incident;
        switch (action)
        {
            case IncidentAction.Assess:
                incident = _scenario.Report();
                break;
            case IncidentAction.Reassess:
            case IncidentAction.IssueDirective:
                incident = _scenario.Drive(IncidentState.Assessed);
                break;
            case IncidentAction.AcknowledgeDirective:
            case IncidentAction.CancelDirective:
            case IncidentAction.StartResponse:
                incident = _scenario.Drive(IncidentState.Directed);
                break;
            case IncidentAction.CompleteDirective:
                incident = _scenario.Drive(IncidentState.Directed);
                _scenario.Do(incident, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)));
                break;
            case IncidentAction.ReviewStatement:
            case IncidentAction.ApproveStatement:
            case IncidentAction.PublishStatement:
                incident = _scenario.Drive(IncidentState.Responding);
                _scenario.Do(incident, TransitionTests.CommandFor(_scenario, IncidentAction.DraftStatement));
                if (action != IncidentAction.ReviewStatement)
                {
                    _scenario.Do(incident, TransitionTests.CommandFor(_scenario, IncidentAction.ReviewStatement));
                }

                if (action == IncidentAction.PublishStatement)
                {
                    _scenario.Do(incident, TransitionTests.CommandFor(_scenario, IncidentAction.ApproveStatement));
                }

                break;
            case IncidentAction.FulfilSupport:
                incident = _scenario.Drive(IncidentState.Responding);
                _scenario.Do(incident, TransitionTests.CommandFor(_scenario, IncidentAction.RequestSupport));
                break;
            case IncidentAction.SubmitClosureReport:
            case IncidentAction.RequestReview:
            case IncidentAction.Reopen:
                incident = _scenario.Drive(IncidentState.Resolved);
                break;
            case IncidentAction.AcceptClosureReport:
                incident = _scenario.Drive(IncidentState.Resolved);
                _scenario.Do(incident, TransitionTests.CommandFor(_scenario, IncidentAction.SubmitClosureReport));
                break;
            case IncidentAction.PauseDeadlines:
            case IncidentAction.ExtendHandlingTime:
                incident = _scenario.Drive(IncidentState.Responding);
                break;
            case IncidentAction.ResumeDeadlines:
                incident = _scenario.Drive(IncidentState.Responding);
                _scenario.Do(incident, TransitionTests.CommandFor(_scenario, IncidentAction.PauseDeadlines));
                break;
            case IncidentAction.DecideReview:
                incident = _scenario.Drive(IncidentState.Resolved);
                _scenario.Do(incident, TransitionTests.CommandFor(_scenario, IncidentAction.RequestReview));
                break;
            case IncidentAction.Dismiss:
                incident = _scenario.Report();
                break;
            default:
                incident = _scenario.Drive(IncidentState.Responding);
                break;
        }

        return (incident, TransitionTests.CommandFor(_scenario, action));
    }

    private sealed record ForeignCommand(PersonId Actor) : IncidentCommand(Actor)
    {
        public override IncidentAction Action => IncidentAction.Resolve;
    }
}
