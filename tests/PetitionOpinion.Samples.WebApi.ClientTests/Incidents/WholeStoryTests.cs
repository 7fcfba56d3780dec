using PetitionOpinion.Samples.WebApi.ClientTests.Client.Models;
using PetitionOpinion.Samples.WebApi.ClientTests.Support;
using static PetitionOpinion.Samples.WebApi.Tests.Support.People;

namespace PetitionOpinion.Samples.WebApi.ClientTests.Incidents;

/// <summary>
/// The seed plan's story through the Kiota client generated from the sample's OpenAPI document, against the sample on a
/// loopback port: each step by the person the organisation allows, and every value sent read back equal.
/// </summary>
public sealed class WholeStoryTests
{
    [Fact]
    public async Task SeedStory_ThroughTheGeneratedClient_EndsClosedWithEverySentValueReadBack()
    {
        using var sample = new RunningSample();
        var rep = sample.As(CustomerServiceRepresentative);
        var manager = sample.As(CustomerServiceManager);
        var gm = sample.As(GeneralManager);
        var pr = sample.As(PublicRelationsManager);
        var legal = sample.As(HeadOfLegal);
        var deputy = sample.As(MarketingSpecialist);
        var social = sample.As(SocialMediaSpecialist);
        var it = sample.As(ItSupport);

        // 1. Identification and report: the hotline call, about a person of the marketing department.
        var report = Story.Report(new ComplainedPartyRequest { Person = MarketingManager, Department = "Marketing" });
        var incident = ReadBack.Present(await rep.Incidents.PostAsync(report));
        var id = ReadBack.Present(incident.Id);
        Assert.Equal(IncidentState.Reported, incident.State);
        Assert.Equal(IncidentKind.Petition, incident.Kind);
        Assert.Equal(IntakeChannel.Hotline, incident.Channel);
        Assert.Equal(report.Category, incident.Category);
        Assert.Equal(report.Description, incident.Description);
        Assert.Equal(Story.PetitionerName, incident.Petitioner?.Name);
        Assert.Equal(Story.PetitionerPhone, incident.Petitioner?.Contact);
        Assert.Equal(CustomerServiceRepresentative, incident.ReportedBy);
        Assert.Equal(RunningSample.Start, incident.ReportedAt);
        Assert.Equal("Marketing", incident.ComplainedAbout?.Department);
        ReadBack.Same(MarketingManager, incident.ComplainedAbout?.Person, "complainedAbout.person");
        var path = manager.Incident(id);

        // 2. Assessment by the petition handling group.
        sample.Clock.Advance(TimeSpan.FromMinutes(20));
        var assessment = new AssessmentRequest { Level = SeverityLevel.III, Scope = ImpactScope.Group, PotentialRisk = PotentialRisk.High, Rationale = "Three similar calls this morning: possible leak of order data." };
        incident = ReadBack.Present(await path.Assessment.PostAsync(assessment));
        Assert.Equal(IncidentState.Assessed, incident.State);
        Assert.Equal(SeverityLevel.III, incident.Level);
        var assessed = Assert.Single(ReadBack.Present(incident.Assessments));
        Assert.Equal((assessment.Level, assessment.Scope, assessment.PotentialRisk, assessment.Rationale, CustomerServiceManager), (assessed.Level, assessed.Scope, assessed.PotentialRisk, assessed.Rationale, assessed.AssessedBy));

        // 3. Directives to the groups concerned, acknowledged by each assignee group.
        sample.Clock.Advance(TimeSpan.FromMinutes(15));
        var due = sample.Clock.GetUtcNow().AddHours(12);
        IssueDirectiveRequest[] directives =
        [
            new() { Kind = "InformationCollection", Assignee = "petition-handling-group", Instructions = "Collect every report of the phishing SMS.", DueAt = due },
            new() { Kind = "PublicStatement", Assignee = "opinion-monitoring-group", Instructions = "Prepare a statement that clarifies the facts.", DueAt = due },
            new() { Kind = "TechnicalSupport", Assignee = "logistics-support-group", Instructions = "Find the source of the leaked order data.", DueAt = sample.Clock.GetUtcNow().AddHours(4) },
        ];
        foreach (var directive in directives)
        {
            incident = ReadBack.Present(await path.Directives.PostAsync(directive));
        }

        Assert.Equal(IncidentState.Directed, incident.State);
        Assert.Equal(
            directives.Select((d, i) => (i + 1, d.Kind, d.Assignee, d.Instructions, d.DueAt, (string?)CustomerServiceManager)),
            ReadBack.Present(incident.Directives).Select(d => (d.Number ?? 0, d.Kind, d.Assignee, d.Instructions, d.DueAt, d.IssuedBy)));
        sample.Clock.Advance(TimeSpan.FromMinutes(10));
        await rep.Incident(id).Directives[1].Acknowledgement.PostAsync();
        await pr.Incident(id).Directives[2].Acknowledgement.PostAsync();
        incident = ReadBack.Present(await it.Incident(id).Directives[3].Acknowledgement.PostAsync());
        Assert.All(ReadBack.Present(incident.Directives), d => Assert.Equal(DirectiveStatus.Acknowledged, d.Status));

        // 4. Emergency response: customer service talks with the customer.
        sample.Clock.Advance(TimeSpan.FromMinutes(5));
        incident = ReadBack.Present(await path.Response.PostAsync());
        Assert.Equal(IncidentState.Responding, incident.State);
        var call = new CommunicationRequest { Channel = IntakeChannel.Hotline, Summary = $"Called {Story.PetitionerName} back, confirmed the SMS content.", Outcome = "Customer reassured; follow-up agreed." };
        incident = ReadBack.Present(await rep.Incident(id).Communications.PostAsync(call));
        var communication = Assert.Single(ReadBack.Present(incident.Communications));
        Assert.Equal((call.Channel, call.Summary, call.Outcome, CustomerServiceRepresentative), (communication.Channel, communication.Summary, communication.Outcome, communication.By));

        // The topic spreads: re-assessment to level II escalates.
        sample.Clock.Advance(TimeSpan.FromHours(1));
        incident = ReadBack.Present(await path.Reassessment.PostAsync(new AssessmentRequest { Level = SeverityLevel.II, Scope = ImpactScope.RegionalOrIndustry, PotentialRisk = PotentialRisk.High, Rationale = "Posts reached 12 million views; media asked for comment." }));
        Assert.Equal(SeverityLevel.II, incident.Level);
        Assert.Contains(ReadBack.Present(incident.History), e => e.Type == "IncidentEscalated");

        // A statement: PR drafts, legal reviews, the leading group approves (level II), the opinion monitoring group publishes.
        var draft = new DraftStatementRequest { Title = "Statement on phishing messages quoting order data", Body = "We are investigating reports of phishing messages. Customers should not click links." };
        incident = ReadBack.Present(await pr.Incident(id).Statements.PostAsync(draft));
        var statement = Assert.Single(ReadBack.Present(incident.Statements));
        Assert.Equal((StatementStatus.Draft, draft.Title, draft.Body, PublicRelationsManager), (statement.Status, statement.Title, statement.Body, statement.DraftedBy));
        incident = ReadBack.Present(await legal.Incident(id).Statements[1].LegalReview.PostAsync(new LegalReviewRequest { Notes = "No admission of liability before the investigation ends." }));
        statement = Assert.Single(ReadBack.Present(incident.Statements));
        Assert.Equal(StatementStatus.LegallyReviewed, statement.Status);
        ReadBack.Same(HeadOfLegal, statement.ReviewedBy, "statements[0].reviewedBy");
        await ReadBack.ProblemAsync(() => deputy.Incident(id).Statements[1].Approval.PostAsync(), 403, "incident.leading_group_approval_required");
        incident = ReadBack.Present(await gm.Incident(id).Statements[1].Approval.PostAsync());
        statement = Assert.Single(ReadBack.Present(incident.Statements));
        Assert.Equal(StatementStatus.Approved, statement.Status);
        ReadBack.Same(GeneralManager, statement.ApprovedBy, "statements[0].approvedBy");
        var publication = new PublicationRequest { Channel = "Official Weibo and WeChat accounts" };
        incident = ReadBack.Present(await social.Incident(id).Statements[1].Publication.PostAsync(publication));
        statement = Assert.Single(ReadBack.Present(incident.Statements));
        Assert.Equal((StatementStatus.Published, publication.Channel, sample.Clock.GetUtcNow()), (statement.Status, statement.Channel, statement.PublishedAt));
        ReadBack.Same(SocialMediaSpecialist, statement.PublishedBy, "statements[0].publishedBy");

        // 5. Logistics support.
        var support = new SupportRequestRequest { Kind = SupportKind.ItSupport, Details = "Audit access logs of the order system for bulk exports." };
        incident = ReadBack.Present(await path.SupportRequests.PostAsync(support));
        var request = Assert.Single(ReadBack.Present(incident.SupportRequests));
        Assert.Equal((support.Kind, support.Details, CustomerServiceManager), (request.Kind, request.Details, request.RequestedBy));
        sample.Clock.Advance(TimeSpan.FromHours(3));
        var fulfilment = new FulfilmentRequest { Resolution = "A courier partner's API key was used for bulk exports; key revoked." };
        incident = ReadBack.Present(await it.Incident(id).SupportRequests[1].Fulfilment.PostAsync(fulfilment));
        request = Assert.Single(ReadBack.Present(incident.SupportRequests));
        Assert.Equal(fulfilment.Resolution, request.Resolution);
        ReadBack.Same(ItSupport, request.FulfilledBy, "supportRequests[0].fulfilledBy");

        await rep.Incident(id).Directives[1].Completion.PostAsync(new OutcomeRequest { Outcome = "42 reports collected." });
        incident = ReadBack.Present(await pr.Incident(id).Directives[2].Completion.PostAsync(new OutcomeRequest { Outcome = "Statement S1 published." }));
        Assert.Equal(["42 reports collected.", "Statement S1 published.", null], ReadBack.Present(incident.Directives).Select(d => d.Outcome));

        // Resolving while D3 is open is refused, and the caller can ask why.
        await ReadBack.ProblemAsync(() => path.Resolution.PostAsync(new ResolutionRequest { Summary = "Handled." }), 409, "incident.open_directives");
        var whyNot = ReadBack.Present(await path.PermittedActions["Resolve"].GetAsync());
        Assert.False(whyNot.Permitted);
        Assert.Equal("incident.open_directives", ReadBack.Present(whyNot.Reasons)[0].Code);

        await it.Incident(id).Directives[3].Completion.PostAsync(new OutcomeRequest { Outcome = "Partner API key revoked and rotated." });
        var permitted = ReadBack.Present(await path.PermittedActions.GetAsync());
        Assert.Contains(IncidentAction.Resolve, ReadBack.Present(permitted.Actions));
        Assert.Equal(CustomerServiceManager, permitted.Actor);
        var resolution = new ResolutionRequest { Summary = "Leak source closed, customers informed, statement published." };
        incident = ReadBack.Present(await path.Resolution.PostAsync(resolution));
        Assert.Equal(IncidentState.Resolved, incident.State);

        // 6. The closure report goes to the leading group, which accepts it: closed.
        sample.Clock.Advance(TimeSpan.FromDays(1));
        var closure = Story.ClosureReport();
        incident = ReadBack.Present(await path.ClosureReport.PostAsync(closure));
        var submitted = ReadBack.Present(incident.SubmittedReport);
        Assert.Equal(closure.Summary, submitted.Summary);
        Assert.Equal(closure.Causes, submitted.Causes);
        Assert.Equal(closure.Lessons, submitted.Lessons);
        Assert.Equal(
            ReadBack.Present(closure.Improvements).Select(i => (i.Description, i.Owner, i.DueOn)),
            ReadBack.Present(submitted.Improvements).Select(i => (i.Description, i.Owner, i.DueOn)));
        sample.Clock.Advance(TimeSpan.FromHours(2));
        incident = ReadBack.Present(await gm.Incident(id).ClosureReport.Acceptance.PostAsync());
        Assert.Equal(IncidentState.Closed, incident.State);
        Assert.Equal(sample.Clock.GetUtcNow(), incident.ClosedAt);
        Assert.Equal(closure.Summary, incident.AcceptedReport?.Summary);

        // Read back: the audit trail names who did each step, its hash chain is intact, the report is final.
        incident = ReadBack.Present(await gm.Incident(id).GetAsync());
        var history = ReadBack.Present(incident.History);
        Assert.Equal(incident.Version, history.Count);
        Assert.Equal((GeneralManager, "ClosureReportAccepted"), (history[^1].Actor, history[^1].Type));
        var verification = ReadBack.Present(await gm.Incident(id).Verification.GetAsync());
        Assert.True(verification.Intact);
        Assert.Equal(history.Count, verification.Version);
        using var markdown = new StreamReader(ReadBack.Present(await gm.Incident(id).ClosureReport.GetAsync()));
        var text = await markdown.ReadToEndAsync();
        Assert.StartsWith($"# Closure report — incident {id}", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Story.PetitionerName, text, StringComparison.Ordinal);
        var deadlines = ReadBack.Present(await gm.Incident(id).Deadlines.GetAsync());
        Assert.Equal(SeverityLevel.II, deadlines.Level);
        Assert.Contains(ReadBack.Present(deadlines.Deadlines), d => d.Key == "resolution" && d.State == DeadlineState.Met);
    }

    [Fact]
    public async Task Review_RequestedAndDecided_ReadBackWithWhoDecided()
    {
        using var sample = new RunningSample();
        var id = await Story.ResolvedAsync(sample);
        var manager = sample.As(CustomerServiceManager).Incident(id);
        sample.Clock.Advance(TimeSpan.FromDays(3));

        var grounds = "The petitioner says the callback never happened.";
        var requested = ReadBack.Present(await manager.Reviews.PostAsync(new ReviewRequestRequest { Grounds = grounds }));
        var review = Assert.Single(ReadBack.Present(requested.ReviewRequests));
        Assert.Equal((grounds, CustomerServiceManager, sample.Clock.GetUtcNow()), (review.Grounds, review.RecordedBy, review.At));
        Assert.Null(review.Decision);

        var decision = new ReviewDecisionRequest { Upheld = false, Decision = "We will call again and re-check the export logs." };
        var decided = ReadBack.Present(await manager.Reviews.Decision.PostAsync(decision));
        var made = ReadBack.Present(Assert.Single(ReadBack.Present(decided.ReviewRequests)).Decision);
        Assert.Equal((false, decision.Decision, CustomerServiceManager), (made.Upheld, made.Text, made.DecidedBy));
        Assert.Equal(IncidentState.Resolved, decided.State);

        var reopened = ReadBack.Present(await manager.Reopening.PostAsync(new ReasonRequest { Reason = "Review found for the petitioner." }));
        Assert.Equal((IncidentState.Responding, 1), (reopened.State, reopened.ReopenCount));
    }

    [Fact]
    public async Task Dismiss_BeforeTheResponse_DismissedWithItsReason()
    {
        using var sample = new RunningSample();
        var id = await Story.ReportAsync(sample);

        var reason = "A sales enquiry, not a complaint.";
        var incident = ReadBack.Present(await sample.As(CustomerServiceManager).Incident(id).Dismissal.PostAsync(new ReasonRequest { Reason = reason }));

        Assert.Equal((IncidentState.Dismissed, reason), (incident.State, incident.DismissalReason));
        ReadBack.Same(null, incident.DuplicateOf, "duplicateOf of a plain dismissal");
    }

    [Fact]
    public async Task Merge_DuplicateIntoOriginal_BothLinksReadBack()
    {
        using var sample = new RunningSample();
        var original = await Story.ReportAsync(sample);
        var duplicate = await Story.ReportAsync(sample);
        var manager = sample.As(CustomerServiceManager);

        var merged = ReadBack.Present(await manager.Incident(duplicate).Merge.PostAsync(new MergeRequest { Original = original, Reason = "The same caller, the same SMS." }));

        Assert.Equal(IncidentState.Dismissed, merged.State);
        ReadBack.Same(original, merged.DuplicateOf, "duplicateOf");
        var linked = ReadBack.Present(await manager.Incident(original).GetAsync());
        ReadBack.Ids([duplicate], linked.Duplicates, "duplicates");
        Assert.Null(linked.DuplicateOf);
    }
}
