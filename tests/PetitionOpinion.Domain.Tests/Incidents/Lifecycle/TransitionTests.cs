using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Incidents.Lifecycle;

/// <summary>Every row of <see cref="LifecycleTable.Default"/> accepted once, and every action refused from a state it is not allowed in.</summary>
public sealed class TransitionTests
{
    private static readonly IncidentState[] AllStates = Enum.GetValues<IncidentState>();

    // The lifecycle of docs/lifecycle.md, written out independently of the table: action, from, to.
    public static TheoryData<IncidentAction, IncidentState, IncidentState> Rows => new()
    {
        { IncidentAction.Assess, IncidentState.Reported, IncidentState.Assessed },
        { IncidentAction.Reassess, IncidentState.Assessed, IncidentState.Assessed },
        { IncidentAction.Reassess, IncidentState.Directed, IncidentState.Directed },
        { IncidentAction.Reassess, IncidentState.Responding, IncidentState.Responding },
        { IncidentAction.IssueDirective, IncidentState.Assessed, IncidentState.Directed },
        { IncidentAction.IssueDirective, IncidentState.Directed, IncidentState.Directed },
        { IncidentAction.IssueDirective, IncidentState.Responding, IncidentState.Responding },
        { IncidentAction.AcknowledgeDirective, IncidentState.Directed, IncidentState.Directed },
        { IncidentAction.AcknowledgeDirective, IncidentState.Responding, IncidentState.Responding },
        { IncidentAction.CompleteDirective, IncidentState.Directed, IncidentState.Directed },
        { IncidentAction.CompleteDirective, IncidentState.Responding, IncidentState.Responding },
        { IncidentAction.CancelDirective, IncidentState.Directed, IncidentState.Directed },
        { IncidentAction.CancelDirective, IncidentState.Responding, IncidentState.Responding },
        { IncidentAction.StartResponse, IncidentState.Directed, IncidentState.Responding },
        { IncidentAction.RecordCommunication, IncidentState.Responding, IncidentState.Responding },
        { IncidentAction.DraftStatement, IncidentState.Responding, IncidentState.Responding },
        { IncidentAction.ReviewStatement, IncidentState.Responding, IncidentState.Responding },
        { IncidentAction.ApproveStatement, IncidentState.Responding, IncidentState.Responding },
        { IncidentAction.PublishStatement, IncidentState.Responding, IncidentState.Responding },
        { IncidentAction.RequestSupport, IncidentState.Responding, IncidentState.Responding },
        { IncidentAction.FulfilSupport, IncidentState.Responding, IncidentState.Responding },
        { IncidentAction.Resolve, IncidentState.Responding, IncidentState.Resolved },
        { IncidentAction.SubmitClosureReport, IncidentState.Resolved, IncidentState.Resolved },
        { IncidentAction.AcceptClosureReport, IncidentState.Resolved, IncidentState.Closed },
        { IncidentAction.Reopen, IncidentState.Resolved, IncidentState.Responding },
        { IncidentAction.Reopen, IncidentState.Closed, IncidentState.Responding },
        { IncidentAction.RequestReview, IncidentState.Resolved, IncidentState.Resolved },
        { IncidentAction.RequestReview, IncidentState.Closed, IncidentState.Closed },
        { IncidentAction.Dismiss, IncidentState.Reported, IncidentState.Dismissed },
        { IncidentAction.Dismiss, IncidentState.Assessed, IncidentState.Dismissed },
        { IncidentAction.Dismiss, IncidentState.Directed, IncidentState.Dismissed },
        { IncidentAction.MergeAsDuplicate, IncidentState.Reported, IncidentState.Dismissed },
        { IncidentAction.MergeAsDuplicate, IncidentState.Assessed, IncidentState.Dismissed },
        { IncidentAction.MergeAsDuplicate, IncidentState.Directed, IncidentState.Dismissed },
        { IncidentAction.PauseDeadlines, IncidentState.Reported, IncidentState.Reported },
        { IncidentAction.PauseDeadlines, IncidentState.Assessed, IncidentState.Assessed },
        { IncidentAction.PauseDeadlines, IncidentState.Directed, IncidentState.Directed },
        { IncidentAction.PauseDeadlines, IncidentState.Responding, IncidentState.Responding },
        { IncidentAction.ResumeDeadlines, IncidentState.Reported, IncidentState.Reported },
        { IncidentAction.ResumeDeadlines, IncidentState.Assessed, IncidentState.Assessed },
        { IncidentAction.ResumeDeadlines, IncidentState.Directed, IncidentState.Directed },
        { IncidentAction.ResumeDeadlines, IncidentState.Responding, IncidentState.Responding },
        { IncidentAction.ExtendHandlingTime, IncidentState.Assessed, IncidentState.Assessed },
        { IncidentAction.ExtendHandlingTime, IncidentState.Directed, IncidentState.Directed },
        { IncidentAction.ExtendHandlingTime, IncidentState.Responding, IncidentState.Responding },
        { IncidentAction.DecideReview, IncidentState.Resolved, IncidentState.Resolved },
        { IncidentAction.DecideReview, IncidentState.Closed, IncidentState.Closed },
        { IncidentAction.AddNature, IncidentState.Reported, IncidentState.Reported },
        { IncidentAction.AddNature, IncidentState.Assessed, IncidentState.Assessed },
        { IncidentAction.AddNature, IncidentState.Directed, IncidentState.Directed },
        { IncidentAction.AddNature, IncidentState.Responding, IncidentState.Responding },
    };

    public static TheoryData<IncidentAction, IncidentState> CommandRows
    {
        get
        {
            var data = new TheoryData<IncidentAction, IncidentState>();
            foreach (var row in Rows)
            {
                var action = (IncidentAction)row[0];
                if (action != IncidentAction.MergeAsDuplicate)
                {
                    data.Add(action, (IncidentState)row[1]);
                }
            }

            return data;
        }
    }

    public static TheoryData<IncidentAction, IncidentState> ForbiddenPairs
    {
        get
        {
            var allowed = Rows.Select(r => ((IncidentAction)r[0], (IncidentState)r[1])).ToHashSet();
            var data = new TheoryData<IncidentAction, IncidentState>();
            foreach (var action in Enum.GetValues<IncidentAction>().Where(a => a is not (IncidentAction.Report or IncidentAction.MergeAsDuplicate)))
            {
                foreach (var state in AllStates.Where(s => !allowed.Contains((action, s))))
                {
                    data.Add(action, state);
                }
            }

            return data;
        }
    }

    [Fact]
    public void Transitions_DefaultTable_AreExactlyTheLifecycleOfTheSpecification()
    {
        var expected = Rows.Select(r => ((IncidentAction)r[0], (IncidentState)r[1], (IncidentState)r[2])).Order().ToArray();

        var actual = LifecycleTable.Default.Transitions.Select(t => (t.Action, t.From, t.To)).Order().ToArray();

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void TargetOf_EveryRow_IsTheRowsTarget(IncidentAction action, IncidentState from, IncidentState to)
        => Assert.Equal(to, LifecycleTable.Default.TargetOf(action, from));

    [Theory]
    [MemberData(nameof(ForbiddenPairs))]
    public void TargetOf_ActionNotAllowedInState_IsNull(IncidentAction action, IncidentState from)
        => Assert.Null(LifecycleTable.Default.TargetOf(action, from));

    [Theory]
    [MemberData(nameof(CommandRows))]
    public void Execute_EveryTransitionOfTheTable_RecordsItsEventsAndReachesItsTarget(IncidentAction action, IncidentState from)
    {
        var scenario = new Scenario();
        var (incident, command) = Prepare(scenario, action, from);
        scenario.Time.Advance(Scenario.Step);
        var version = incident.Version;
        var pending = incident.PendingEvents.Count;
        var expectedTo = Rows.Single(r => (IncidentAction)r[0] == action && (IncidentState)r[1] == from)[2];

        var result = scenario.Lifecycle.Execute(incident, command);

        Assert.True(result.IsT0, result.IsT1 ? result.AsT1.ToString() : null);
        var events = result.AsT0;
        Assert.Equal(ExpectedEvents(action), events.Select(e => e.GetType()));
        Assert.Equal(expectedTo, incident.State);
        Assert.Equal(version + events.Count, incident.Version);
        Assert.Equal(pending + events.Count, incident.PendingEvents.Count);
        Assert.Equal(events, incident.History.TakeLast(events.Count));
        Assert.Equal(events, incident.PendingEvents.TakeLast(events.Count));
        Assert.All(events, e =>
        {
            Assert.Equal(incident.Id, e.IncidentId);
            Assert.Equal(command.Actor, e.Actor);
            Assert.Equal(scenario.Now, e.OccurredAt);
        });
        AssertEffect(action, incident, command, scenario.Now);
    }

    [Theory]
    [InlineData(IncidentState.Reported)]
    [InlineData(IncidentState.Assessed)]
    [InlineData(IncidentState.Directed)]
    public void MergeAsDuplicate_FromEveryStateBeforeTheResponse_DismissesAndLinksBoth(IncidentState from)
    {
        var scenario = new Scenario();
        var original = scenario.Drive(IncidentState.Responding);
        var duplicate = scenario.Drive(from);
        scenario.Time.Advance(Scenario.Step);

        var result = scenario.Lifecycle.MergeAsDuplicate(duplicate, original, new MergeAsDuplicate(People.CustomerServiceRep, "Same customer, same complaint."));

        Assert.True(result.IsT0, result.IsT1 ? result.AsT1.ToString() : null);
        var merged = Assert.IsType<IncidentMergedAsDuplicate>(Assert.Single(result.AsT0.DuplicateEvents));
        var linked = Assert.IsType<DuplicateLinked>(Assert.Single(result.AsT0.OriginalEvents));
        Assert.Equal(IncidentState.Dismissed, duplicate.State);
        Assert.Equal(IncidentState.Responding, original.State);
        Assert.Equal(original.Id, merged.Original);
        Assert.Equal(duplicate.Id, linked.Duplicate);
        Assert.Equal(scenario.Now, merged.OccurredAt);
        Assert.Same(merged, duplicate.History[^1]);
        Assert.Same(linked, original.History[^1]);
    }

    [Fact]
    public void Report_KnownActor_StartsAReportedIncidentWithOnePendingEvent()
    {
        var scenario = new Scenario();
        var command = Scenario.ReportCommand(IncidentKind.PetitionAndPublicOpinion, People.Outsider);

        var incident = scenario.Lifecycle.Report(command).AsT0;

        Assert.Equal(IncidentState.Reported, incident.State);
        Assert.Equal(1, incident.Version);
        var reported = Assert.IsType<IncidentReported>(Assert.Single(incident.PendingEvents));
        Assert.Same(reported, Assert.Single(incident.History));
        Assert.False(incident.Id.IsEmpty);
        Assert.Equal(incident.Id, reported.IncidentId);
        Assert.Equal(People.Outsider, incident.Reporter);
        Assert.Equal(Scenario.Start, incident.ReportedAt);
        Assert.Equal(IncidentKind.PetitionAndPublicOpinion, incident.Kind);
        Assert.Equal(IntakeChannel.Hotline, incident.Channel);
        Assert.Equal(RiskCategory.DataPrivacy, incident.Category);
        Assert.Equal(command.Description, incident.Description);
        Assert.Equal(command.Petitioner, incident.Petitioner);
        Assert.Equal(command.ComplainedAbout, incident.ComplainedAbout);
        Assert.Null(incident.Level);
    }

    [Fact]
    public void Report_TwoIncidents_GetDifferentIds()
    {
        var scenario = new Scenario();

        Assert.NotEqual(scenario.Report().Id, scenario.Report().Id);
    }

    [Theory]
    [InlineData(IncidentAction.Assess, IncidentState.Assessed)]
    [InlineData(IncidentAction.Reassess, IncidentState.Reported)]
    [InlineData(IncidentAction.Reassess, IncidentState.Resolved)]
    [InlineData(IncidentAction.IssueDirective, IncidentState.Reported)]
    [InlineData(IncidentAction.StartResponse, IncidentState.Assessed)]
    [InlineData(IncidentAction.RecordCommunication, IncidentState.Directed)]
    [InlineData(IncidentAction.DraftStatement, IncidentState.Resolved)]
    [InlineData(IncidentAction.RequestSupport, IncidentState.Resolved)]
    [InlineData(IncidentAction.Resolve, IncidentState.Assessed)]
    [InlineData(IncidentAction.SubmitClosureReport, IncidentState.Responding)]
    [InlineData(IncidentAction.Reopen, IncidentState.Responding)]
    [InlineData(IncidentAction.RequestReview, IncidentState.Responding)]
    [InlineData(IncidentAction.Dismiss, IncidentState.Responding)]
    [InlineData(IncidentAction.Dismiss, IncidentState.Resolved)]
    [InlineData(IncidentAction.Dismiss, IncidentState.Closed)]
    [InlineData(IncidentAction.Dismiss, IncidentState.Dismissed)]
    public void Execute_ActionNotAllowedInState_ReturnsTransitionNotAllowedAndChangesNothing(IncidentAction action, IncidentState state)
    {
        var scenario = new Scenario();
        var incident = scenario.Drive(state);

        var error = scenario.Refuse(incident, CommandFor(scenario, action));

        Assert.Equal(IncidentErrors.TransitionNotAllowed, error.Code);
        Assert.Contains(action.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(state.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_DirectiveActionsOnDismissedIncidentWithOpenDirectives_ReturnTransitionNotAllowed()
    {
        var scenario = new Scenario();
        var incident = scenario.Drive(IncidentState.Directed);
        scenario.Do(incident, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)));
        scenario.Do(incident, scenario.IssueCommand());
        scenario.Do(incident, new DismissIncident(People.CustomerServiceRep, "Handled elsewhere."));

        var acknowledge = scenario.Refuse(incident, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(2)));
        var complete = scenario.Refuse(incident, new CompleteDirective(People.CustomerServiceRep, new DirectiveId(1), "Done."));
        var cancel = scenario.Refuse(incident, new CancelDirective(People.CustomerServiceRep, new DirectiveId(1), "Not needed."));
        var issue = scenario.Refuse(incident, scenario.IssueCommand());

        Assert.All([acknowledge, complete, cancel, issue], e => Assert.Equal(IncidentErrors.TransitionNotAllowed, e.Code));
    }

    [Fact]
    public void Execute_StatementAndSupportActionsAfterResolution_ReturnTransitionNotAllowed()
    {
        var scenario = new Scenario();
        var incident = scenario.Drive(IncidentState.Responding);
        scenario.Do(incident, new DraftStatement(People.PrManager, "Statement 1", "We apologise."));
        scenario.Do(incident, new DraftStatement(People.PrManager, "Statement 2", "We apologise again."));
        scenario.Do(incident, new ReviewStatement(People.HeadOfLegal, new StatementId(2)));
        scenario.Do(incident, new DraftStatement(People.PrManager, "Statement 3", "We have fixed it."));
        scenario.Do(incident, new ReviewStatement(People.HeadOfLegal, new StatementId(3)));
        scenario.Do(incident, new ApproveStatement(People.PrManager, new StatementId(3)));
        scenario.Do(incident, new RequestSupport(People.CustomerServiceRep, SupportKind.ItSupport, "Check the cache."));
        scenario.Do(incident, new ResolveIncident(People.CustomerServiceManager, "Fixed."));

        var review = scenario.Refuse(incident, new ReviewStatement(People.HeadOfLegal, new StatementId(1)));
        var approve = scenario.Refuse(incident, new ApproveStatement(People.PrManager, new StatementId(2)));
        var publish = scenario.Refuse(incident, new PublishStatement(People.SocialMediaSpecialist, new StatementId(3), "Weibo"));
        var fulfil = scenario.Refuse(incident, new FulfilSupport(People.ItSupport, new SupportRequestId(1), "Done."));

        Assert.All([review, approve, publish, fulfil], e => Assert.Equal(IncidentErrors.TransitionNotAllowed, e.Code));
    }

    [Fact]
    public void Execute_AcceptClosureReportWhenClosed_IsBlockedByStateAndByTheMissingReport()
    {
        var scenario = new Scenario();
        var incident = scenario.Drive(IncidentState.Closed);

        var error = scenario.Refuse(incident, new AcceptClosureReport(People.GeneralManager));

        Assert.Equal(IncidentErrors.ActionBlocked, error.Code);
        Assert.Equal([IncidentErrors.TransitionNotAllowed, IncidentErrors.NoSubmittedReport], error.Details.Select(d => d.Code));
    }

    [Theory]
    [MemberData(nameof(ForbiddenPairs))]
    public void Execute_AnyActionInAStateWithoutItsRow_IsRefusedForTheStateAndChangesNothing(IncidentAction action, IncidentState state)
    {
        var scenario = new Scenario();
        var incident = scenario.Drive(state);

        var error = scenario.Refuse(incident, CommandFor(scenario, action));

        Assert.Contains(IncidentErrors.TransitionNotAllowed, error.AllCodes);
        Assert.Contains(scenario.Lifecycle.WhyNot(incident, action), e => e.Code == IncidentErrors.TransitionNotAllowed);
        Assert.False(scenario.Lifecycle.PermittedActions(incident).Contains(action));
    }

    [Theory]
    [InlineData(IncidentState.Responding)]
    [InlineData(IncidentState.Resolved)]
    [InlineData(IncidentState.Closed)]
    [InlineData(IncidentState.Dismissed)]
    public void MergeAsDuplicate_OnceTheResponseStarted_IsRefusedAndChangesNeither(IncidentState state)
    {
        var scenario = new Scenario();
        var original = scenario.Drive(IncidentState.Assessed);
        var duplicate = scenario.Drive(state);
        var duplicateBefore = Snapshot.Of(duplicate);
        var originalBefore = Snapshot.Of(original);

        var result = scenario.Lifecycle.MergeAsDuplicate(duplicate, original, new MergeAsDuplicate(People.CustomerServiceRep, "Same complaint."));

        Assert.Equal(IncidentErrors.TransitionNotAllowed, result.AsT1.Code);
        duplicateBefore.AssertUnchanged(duplicate);
        originalBefore.AssertUnchanged(original);
    }

    internal static IncidentCommand CommandFor(Scenario scenario, IncidentAction action) => action switch
    {
        IncidentAction.Assess => new AssessIncident(People.CustomerServiceRep, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.Medium, "One customer."),
        IncidentAction.Reassess => new ReassessIncident(People.CustomerServiceRep, SeverityLevel.IV, ImpactScope.Individual, PotentialRisk.Low, "Smaller than thought."),
        IncidentAction.IssueDirective => scenario.IssueCommand(),
        IncidentAction.AcknowledgeDirective => new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)),
        IncidentAction.CompleteDirective => new CompleteDirective(People.CustomerServiceRep, new DirectiveId(1), "Collected."),
        IncidentAction.CancelDirective => new CancelDirective(People.CustomerServiceRep, new DirectiveId(1), "Not needed."),
        IncidentAction.StartResponse => new StartResponse(People.CustomerServiceManager),
        IncidentAction.RecordCommunication => new RecordCommunication(People.CustomerServiceRep, IntakeChannel.Hotline, "Called the customer.", "She accepts the apology."),
        IncidentAction.DraftStatement => new DraftStatement(People.PrManager, "On a display error", "Some customers saw wrong order histories; fixed."),
        IncidentAction.ReviewStatement => new ReviewStatement(People.HeadOfLegal, new StatementId(1), "Fine."),
        IncidentAction.ApproveStatement => new ApproveStatement(People.PrManager, new StatementId(1)),
        IncidentAction.PublishStatement => new PublishStatement(People.SocialMediaSpecialist, new StatementId(1), "Official Weibo account"),
        IncidentAction.RequestSupport => new RequestSupport(People.CustomerServiceRep, SupportKind.ItSupport, "Check the account cache."),
        IncidentAction.FulfilSupport => new FulfilSupport(People.ItSupport, new SupportRequestId(1), "Cache flushed."),
        IncidentAction.Resolve => new ResolveIncident(People.CustomerServiceManager, "Fixed and apologised."),
        IncidentAction.SubmitClosureReport => new SubmitClosureReport(People.GeneralManager, Scenario.CompleteReport()),
        IncidentAction.AcceptClosureReport => new AcceptClosureReport(People.GeneralManager),
        IncidentAction.Reopen => new ReopenIncident(People.CustomerServiceManager, "The customer disputes the result."),
        IncidentAction.RequestReview => new RequestReview(People.CustomerServiceRep, "The petitioner disputes the outcome."),
        IncidentAction.Dismiss => new DismissIncident(People.CustomerServiceRep, "Out of scope."),
        IncidentAction.PauseDeadlines => new PauseDeadlines(People.CustomerServiceRep, "Waiting for the petitioner's documents."),
        IncidentAction.ResumeDeadlines => new ResumeDeadlines(People.CustomerServiceRep),
        IncidentAction.ExtendHandlingTime => new ExtendHandlingTime(People.CustomerServiceManager, 30, "The bank's records take weeks."),
        IncidentAction.DecideReview => new DecideReview(People.CustomerServiceManager, true, "The outcome stands; reasons sent in writing."),
        IncidentAction.AddNature => new AddIncidentNature(People.CustomerServiceManager, IncidentKind.PublicOpinion, "A newspaper reported the complaint."),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not an IncidentCommand action."),
    };

    private static (Incident Incident, IncidentCommand Command) Prepare(Scenario scenario, IncidentAction action, IncidentState from)
    {
        var incident = scenario.Drive(from);
        DirectiveId Latest() => new(incident.Directives.Count);
        switch (action)
        {
            case IncidentAction.AcknowledgeDirective:
            case IncidentAction.CompleteDirective:
            case IncidentAction.CancelDirective:
                if (from == IncidentState.Responding)
                {
                    scenario.Do(incident, scenario.IssueCommand());
                }

                if (action == IncidentAction.CompleteDirective)
                {
                    scenario.Do(incident, new AcknowledgeDirective(People.CustomerServiceRep, Latest()));
                }

                IncidentCommand command = action switch
                {
                    IncidentAction.AcknowledgeDirective => new AcknowledgeDirective(People.CustomerServiceRep, Latest()),
                    IncidentAction.CompleteDirective => new CompleteDirective(People.CustomerServiceRep, Latest(), "Collected."),
                    _ => new CancelDirective(People.CustomerServiceRep, Latest(), "Not needed any more."),
                };
                return (incident, command);
            case IncidentAction.ReviewStatement:
            case IncidentAction.ApproveStatement:
            case IncidentAction.PublishStatement:
                scenario.Do(incident, CommandFor(scenario, IncidentAction.DraftStatement));
                if (action != IncidentAction.ReviewStatement)
                {
                    scenario.Do(incident, CommandFor(scenario, IncidentAction.ReviewStatement));
                }

                if (action == IncidentAction.PublishStatement)
                {
                    scenario.Do(incident, CommandFor(scenario, IncidentAction.ApproveStatement));
                }

                break;
            case IncidentAction.FulfilSupport:
                scenario.Do(incident, CommandFor(scenario, IncidentAction.RequestSupport));
                break;
            case IncidentAction.AcceptClosureReport:
                scenario.Do(incident, CommandFor(scenario, IncidentAction.SubmitClosureReport));
                break;
            case IncidentAction.ResumeDeadlines:
                scenario.Do(incident, CommandFor(scenario, IncidentAction.PauseDeadlines));
                break;
            case IncidentAction.DecideReview:
                scenario.Do(incident, CommandFor(scenario, IncidentAction.RequestReview));
                break;
        }

        return (incident, CommandFor(scenario, action));
    }

    private static Type[] ExpectedEvents(IncidentAction action) => action switch
    {
        IncidentAction.Assess or IncidentAction.Reassess => [typeof(IncidentAssessed)],
        IncidentAction.IssueDirective => [typeof(DirectiveIssued)],
        IncidentAction.AcknowledgeDirective => [typeof(DirectiveAcknowledged)],
        IncidentAction.CompleteDirective => [typeof(DirectiveCompleted)],
        IncidentAction.CancelDirective => [typeof(DirectiveCancelled)],
        IncidentAction.StartResponse => [typeof(ResponseStarted)],
        IncidentAction.RecordCommunication => [typeof(CustomerCommunicationRecorded)],
        IncidentAction.DraftStatement => [typeof(StatementDrafted)],
        IncidentAction.ReviewStatement => [typeof(StatementLegallyReviewed)],
        IncidentAction.ApproveStatement => [typeof(StatementApproved)],
        IncidentAction.PublishStatement => [typeof(StatementPublished)],
        IncidentAction.RequestSupport => [typeof(SupportRequested)],
        IncidentAction.FulfilSupport => [typeof(SupportFulfilled)],
        IncidentAction.Resolve => [typeof(IncidentResolved)],
        IncidentAction.SubmitClosureReport => [typeof(ClosureReportSubmitted)],
        IncidentAction.AcceptClosureReport => [typeof(ClosureReportAccepted)],
        IncidentAction.Reopen => [typeof(IncidentReopened)],
        IncidentAction.RequestReview => [typeof(ReviewRequested)],
        IncidentAction.Dismiss => [typeof(IncidentDismissed)],
        IncidentAction.PauseDeadlines => [typeof(DeadlinesPaused)],
        IncidentAction.ResumeDeadlines => [typeof(DeadlinesResumed)],
        IncidentAction.ExtendHandlingTime => [typeof(HandlingTimeExtended)],
        IncidentAction.DecideReview => [typeof(ReviewDecided)],
        IncidentAction.AddNature => [typeof(IncidentNatureAdded)],
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    // What each action visibly does to the incident beyond its state.
    private static void AssertEffect(IncidentAction action, Incident incident, IncidentCommand command, DateTimeOffset now)
    {
        switch (command)
        {
            case AssessIncident c:
                Assert.Equal(new PetitionOpinion.Incidents.Assessment(c.Level, c.Scope, c.PotentialRisk, c.Rationale, c.Actor, now), incident.Assessment);
                Assert.Single(incident.Assessments);
                break;
            case ReassessIncident c:
                Assert.Equal(c.Level, incident.Level);
                Assert.Equal(2, incident.Assessments.Count);
                Assert.Equal(SeverityLevel.III, incident.Assessments[0].Level);
                break;
            case IssueDirective c:
                var issued = incident.Directives[^1];
                Assert.Equal(new Directive(new DirectiveId(incident.Directives.Count), c.Kind, c.Assignee, c.Instructions, c.DueAt, c.Actor, now, DirectiveStatus.Issued, null), issued);
                Assert.True(incident.HasOpenDirectives);
                break;
            case AcknowledgeDirective c:
                Assert.Equal(DirectiveStatus.Acknowledged, incident.FindDirective(c.Directive)!.Status);
                break;
            case CompleteDirective c:
                Assert.Equal(DirectiveStatus.Completed, incident.FindDirective(c.Directive)!.Status);
                Assert.Equal(c.Outcome, incident.FindDirective(c.Directive)!.Outcome);
                break;
            case CancelDirective c:
                Assert.Equal(DirectiveStatus.Cancelled, incident.FindDirective(c.Directive)!.Status);
                Assert.Equal(c.Reason, incident.FindDirective(c.Directive)!.Outcome);
                Assert.Equal(c.Reason, incident.History[^1].Reason);
                break;
            case StartResponse:
                Assert.Equal(now, incident.ResponseStartedAt);
                break;
            case RecordCommunication c:
                Assert.Equal(new CustomerCommunication(c.Actor, now, c.Channel, c.Summary, c.Outcome), Assert.Single(incident.Communications));
                break;
            case DraftStatement c:
                Assert.Equal(new PublicStatement(new StatementId(1), c.Title, c.Body, StatementStatus.Draft, c.Actor, null, null, null, null, null) { MostSevereLevel = incident.Level }, Assert.Single(incident.Statements));
                break;
            case ReviewStatement c:
                Assert.Equal(StatementStatus.LegallyReviewed, incident.FindStatement(c.Statement)!.Status);
                Assert.Equal(c.Actor, incident.FindStatement(c.Statement)!.ReviewedBy);
                break;
            case ApproveStatement c:
                Assert.Equal(StatementStatus.Approved, incident.FindStatement(c.Statement)!.Status);
                Assert.Equal(c.Actor, incident.FindStatement(c.Statement)!.ApprovedBy);
                break;
            case PublishStatement c:
                var published = incident.FindStatement(c.Statement)!;
                Assert.Equal((StatementStatus.Published, c.Actor, now, c.Channel), (published.Status, published.PublishedBy!.Value, published.PublishedAt!.Value, published.Channel));
                break;
            case RequestSupport c:
                Assert.Equal(new SupportRequest(new SupportRequestId(1), c.Kind, c.Details, c.Actor, now, null, null), Assert.Single(incident.SupportRequests));
                break;
            case FulfilSupport c:
                var fulfilled = incident.FindSupportRequest(c.Request)!;
                Assert.True(fulfilled.IsFulfilled);
                Assert.Equal((c.Actor, c.Resolution), (fulfilled.FulfilledBy!.Value, fulfilled.Resolution));
                break;
            case ResolveIncident:
                Assert.Equal(now, incident.ResolvedAt);
                break;
            case SubmitClosureReport c:
                Assert.Equivalent(c.Report, incident.SubmittedReport, strict: true);
                Assert.Null(incident.AcceptedReport);
                break;
            case AcceptClosureReport:
                Assert.Equivalent(Scenario.CompleteReport(), incident.AcceptedReport, strict: true);
                Assert.Null(incident.SubmittedReport);
                Assert.Equal(now, incident.ClosedAt);
                break;
            case ReopenIncident c:
                Assert.Equal(1, incident.ReopenCount);
                Assert.Equal(c.Reason, incident.History[^1].Reason);
                break;
            case RequestReview c:
                Assert.Equal(new ReviewRequest(c.Actor, now, c.Grounds), Assert.Single(incident.ReviewRequests));
                break;
            case DismissIncident c:
                Assert.Equal(c.Reason, incident.DismissalReason);
                Assert.Null(incident.DuplicateOf);
                break;
            case PauseDeadlines c:
                Assert.Equal(new DeadlinePause(c.Actor, now, c.Reason, null), Assert.Single(incident.DeadlinePauses));
                Assert.True(incident.DeadlinesPaused);
                break;
            case ResumeDeadlines:
                Assert.Equal(now, Assert.Single(incident.DeadlinePauses).Until);
                Assert.False(incident.DeadlinesPaused);
                break;
            case ExtendHandlingTime c:
                Assert.Equal(new HandlingExtension(c.Actor, now, c.Days, c.Reason), incident.HandlingExtension);
                break;
            case DecideReview c:
                Assert.Equal(new ReviewDecision(c.Actor, now, c.Upheld, c.Decision), Assert.Single(incident.ReviewRequests).Decision);
                break;
            case AddIncidentNature c:
                Assert.Equal(IncidentKind.PetitionAndPublicOpinion, incident.Kind);
                Assert.Equal(now, incident.PublicOpinionSince);
                Assert.Equal(incident.ReportedAt, incident.PetitionSince);
                Assert.Equal(c.Reason, incident.History[^1].Reason);
                break;
            default:
                Assert.Fail($"No effect defined for {action}.");
                break;
        }
    }
}
