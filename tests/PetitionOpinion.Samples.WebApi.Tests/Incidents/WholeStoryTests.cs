using System.Net;
using PetitionOpinion.Samples.WebApi.Tests.Support;
using static PetitionOpinion.Samples.WebApi.Tests.Support.People;

namespace PetitionOpinion.Samples.WebApi.Tests.Incidents;

/// <summary>The seed plan's story (the plan's process, 应急处置流程) through HTTP only, each step by the person the organisation allows, on the SQLite store.</summary>
public sealed class WholeStoryTests
{
    [Fact]
    public async Task SeedStory_ThroughHttp_EndsClosedWithAnIntactAuditTrail()
    {
        using var api = new SampleApi();
        using var rep = api.As(CustomerServiceRepresentative);
        using var manager = api.As(CustomerServiceManager);
        using var gm = api.As(GeneralManager);
        using var pr = api.As(PublicRelationsManager);
        using var legal = api.As(HeadOfLegal);
        using var deputy = api.As(MarketingSpecialist);
        using var social = api.As(SocialMediaSpecialist);
        using var it = api.As(ItSupport);

        // 1. Identification and report: the hotline call, reported by the representative.
        using var reported = await rep.PostAsync("/incidents", new
        {
            kind = "Petition",
            channel = "Hotline",
            category = "DataPrivacy",
            description = "Caller says a phishing SMS quoted her recent order history and delivery address; she suspects a data leak.",
            petitioner = new { name = Story.PetitionerName, contact = Story.PetitionerPhone },
            complainedAbout = new { department = "TechnicalSupport" },
        });
        var incident = await reported.JsonAsync(HttpStatusCode.Created);
        var id = (string)incident["id"]!;
        Assert.Equal($"/incidents/{id}", reported.Headers.Location?.OriginalString);
        Assert.Equal("Reported", (string?)incident["state"]);
        Assert.Equal(CustomerServiceRepresentative, (string?)incident["reportedBy"]);
        Assert.Equal(SampleApi.Start, (DateTimeOffset)incident["reportedAt"]!);
        var path = $"/incidents/{id}";

        // 2. Assessment by the petition handling group.
        api.Clock.Advance(TimeSpan.FromMinutes(20));
        incident = await manager.PostOkAsync($"{path}/assessment", new { level = "III", scope = "Group", potentialRisk = "High", rationale = "Three similar calls this morning: possible leak of order data." });
        Assert.Equal("Assessed", (string?)incident["state"]);
        Assert.Equal("III", (string?)incident["level"]);

        // 3. Directives to the groups concerned, acknowledged by each assignee group.
        api.Clock.Advance(TimeSpan.FromMinutes(15));
        var due = api.Clock.GetUtcNow().AddHours(12);
        await manager.PostOkAsync($"{path}/directives", new { kind = "InformationCollection", assignee = "petition-handling-group", instructions = "Collect every report of the phishing SMS.", dueAt = due });
        await manager.PostOkAsync($"{path}/directives", new { kind = "PublicStatement", assignee = "opinion-monitoring-group", instructions = "Prepare a statement that clarifies the facts.", dueAt = due });
        incident = await manager.PostOkAsync($"{path}/directives", new { kind = "TechnicalSupport", assignee = "logistics-support-group", instructions = "Find the source of the leaked order data.", dueAt = api.Clock.GetUtcNow().AddHours(4) });
        Assert.Equal("Directed", (string?)incident["state"]);
        Assert.Equal(new[] { 1, 2, 3 }, incident["directives"]!.AsArray().Select(d => (int)d!["number"]!));
        api.Clock.Advance(TimeSpan.FromMinutes(10));
        await rep.PostOkAsync($"{path}/directives/1/acknowledgement", null);
        await pr.PostOkAsync($"{path}/directives/2/acknowledgement", null);
        incident = await it.PostOkAsync($"{path}/directives/3/acknowledgement", null);
        Assert.All(incident["directives"]!.AsArray(), d => Assert.Equal("Acknowledged", (string?)d!["status"]));

        // 4. Emergency response: customer service talks with the customer.
        api.Clock.Advance(TimeSpan.FromMinutes(5));
        incident = await manager.PostOkAsync($"{path}/response", null);
        Assert.Equal("Responding", (string?)incident["state"]);
        await rep.PostOkAsync($"{path}/communications", new { channel = "Hotline", summary = $"Called {Story.PetitionerName} back, confirmed the SMS content.", outcome = "Customer reassured; follow-up agreed." });

        // The topic spreads: re-assessment to level II escalates.
        api.Clock.Advance(TimeSpan.FromHours(1));
        incident = await manager.PostOkAsync($"{path}/reassessment", new { level = "II", scope = "RegionalOrIndustry", potentialRisk = "High", rationale = "Posts reached 12 million views; media asked for comment." });
        Assert.Equal("II", (string?)incident["level"]);
        Assert.Contains(incident["history"]!.AsArray(), e => (string?)e!["type"] == "IncidentEscalated");

        // A statement: PR drafts, legal reviews, the leading group approves (level II), PR publishes.
        incident = await pr.PostOkAsync($"{path}/statements", new { title = "Statement on phishing messages quoting order data", body = "We are investigating reports of phishing messages. Customers should not click links." });
        Assert.Equal("Draft", (string?)incident["statements"]![0]!["status"]);
        incident = await legal.PostOkAsync($"{path}/statements/1/legal-review", new { notes = "No admission of liability before the investigation ends." });
        Assert.Equal("LegallyReviewed", (string?)incident["statements"]![0]!["status"]);
        using (var refused = await deputy.PostAsync($"{path}/statements/1/approval", null))
        {
            await refused.ProblemAsync(HttpStatusCode.Forbidden, "incident.leading_group_approval_required");
        }

        incident = await gm.PostOkAsync($"{path}/statements/1/approval", null);
        Assert.Equal(GeneralManager, (string?)incident["statements"]![0]!["approvedBy"]);
        incident = await social.PostOkAsync($"{path}/statements/1/publication", new { channel = "Official Weibo and WeChat accounts" });
        Assert.Equal("Published", (string?)incident["statements"]![0]!["status"]);

        // 5. Logistics support.
        await manager.PostOkAsync($"{path}/support-requests", new { kind = "ItSupport", details = "Audit access logs of the order system for bulk exports." });
        api.Clock.Advance(TimeSpan.FromHours(3));
        incident = await it.PostOkAsync($"{path}/support-requests/1/fulfilment", new { resolution = "A courier partner's API key was used for bulk exports; key revoked." });
        Assert.Equal(ItSupport, (string?)incident["supportRequests"]![0]!["fulfilledBy"]);

        await rep.PostOkAsync($"{path}/directives/1/completion", new { outcome = "42 reports collected." });
        await pr.PostOkAsync($"{path}/directives/2/completion", new { outcome = "Statement S1 published." });

        // Resolving while D3 is open is refused, and the caller can ask why.
        using (var refused = await manager.PostAsync($"{path}/resolution", new { summary = "Handled." }))
        {
            await refused.ProblemAsync(HttpStatusCode.Conflict, "incident.open_directives");
        }

        var whyNot = await manager.GetOkAsync($"{path}/permitted-actions/Resolve");
        Assert.False((bool)whyNot["permitted"]!);
        Assert.Equal("incident.open_directives", (string?)whyNot["reasons"]![0]!["code"]);

        await it.PostOkAsync($"{path}/directives/3/completion", new { outcome = "Partner API key revoked and rotated." });
        var permitted = await manager.GetOkAsync($"{path}/permitted-actions");
        Assert.Contains("Resolve", permitted["actions"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(CustomerServiceManager, (string?)permitted["actor"]);
        incident = await manager.PostOkAsync($"{path}/resolution", new { summary = "Leak source closed, customers informed, statement published." });
        Assert.Equal("Resolved", (string?)incident["state"]);

        // 6. The closure report goes to the leading group, which accepts it: closed.
        api.Clock.Advance(TimeSpan.FromDays(1));
        incident = await manager.PostOkAsync($"{path}/closure-report", Story.ClosureReport());
        Assert.NotNull(incident["submittedReport"]);
        api.Clock.Advance(TimeSpan.FromHours(2));
        incident = await gm.PostOkAsync($"{path}/closure-report/acceptance", null);
        Assert.Equal("Closed", (string?)incident["state"]);
        Assert.Equal(api.Clock.GetUtcNow(), (DateTimeOffset)incident["closedAt"]!);

        // Read back: the audit trail names who did each step, its hash chain is intact, the report is final.
        incident = await gm.GetOkAsync(path);
        var history = incident["history"]!.AsArray();
        Assert.Equal((int)incident["version"]!, history.Count);
        Assert.Equal(GeneralManager, (string?)history[^1]!["actor"]);
        Assert.Equal("ClosureReportAccepted", (string?)history[^1]!["type"]);
        var verification = await gm.GetOkAsync($"{path}/verification");
        Assert.True((bool)verification["intact"]!);
        Assert.Equal(history.Count, (int)verification["version"]!);
        var report = await gm.GetStringAsync($"{path}/closure-report");
        Assert.StartsWith($"# Closure report — incident {id}", report, StringComparison.Ordinal);
        Assert.DoesNotContain(Story.PetitionerName, report, StringComparison.Ordinal);
        var deadlines = await gm.GetOkAsync($"{path}/deadlines");
        Assert.Equal("II", (string?)deadlines["level"]);
        Assert.Contains(deadlines["deadlines"]!.AsArray(), d => (string?)d!["key"] == "resolution" && (string?)d["state"] == "Met");

        // The leading group's statistics count it.
        var statistics = await gm.GetOkAsync("/statistics");
        Assert.Equal(1, (int)statistics["total"]!);
        Assert.Equal(1, (int)statistics["byState"]!["Closed"]!);
    }

    [Fact]
    public async Task Reopen_ClosedIncident_BackToRespondingAndCountsTheReopening()
    {
        using var api = new SampleApi();
        var id = await Story.ResolvedAsync(api);
        using var manager = api.As(CustomerServiceManager);
        using var gm = api.As(GeneralManager);
        await manager.PostOkAsync($"/incidents/{id}/closure-report", Story.ClosureReport());
        await gm.PostOkAsync($"/incidents/{id}/closure-report/acceptance", null);

        var incident = await gm.PostOkAsync($"/incidents/{id}/reopening", new { reason = "The customer disputes the result." });

        Assert.Equal("Responding", (string?)incident["state"]);
        Assert.Equal(1, (int)incident["reopenCount"]!);
    }

    [Fact]
    public async Task Review_RequestedAndDecidedNotUpheld_RecordedAndThePetitionCanBeReopened()
    {
        using var api = new SampleApi();
        var id = await Story.ResolvedAsync(api);
        using var manager = api.As(CustomerServiceManager);
        api.Clock.Advance(TimeSpan.FromDays(3));

        var requested = await manager.PostOkAsync($"/incidents/{id}/reviews", new { grounds = "The petitioner says the callback never happened." });
        Assert.Single(requested["reviewRequests"]!.AsArray());
        var decided = await manager.PostOkAsync($"/incidents/{id}/reviews/decision", new { upheld = false, decision = "We will call again and re-check the export logs." });

        Assert.False((bool)decided["reviewRequests"]![0]!["decision"]!["upheld"]!);
        Assert.Equal("Resolved", (string?)decided["state"]);
        var reopened = await manager.PostOkAsync($"/incidents/{id}/reopening", new { reason = "Review found for the petitioner." });
        Assert.Equal("Responding", (string?)reopened["state"]);
    }

    [Fact]
    public async Task Dismiss_BeforeTheResponse_Dismissed()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        using var manager = api.As(CustomerServiceManager);

        var incident = await manager.PostOkAsync($"/incidents/{id}/dismissal", new { reason = "A sales enquiry, not a complaint." });

        Assert.Equal("Dismissed", (string?)incident["state"]);
        Assert.Equal("A sales enquiry, not a complaint.", (string?)incident["dismissalReason"]);
    }

    [Fact]
    public async Task Merge_DuplicateIntoOriginal_LinksBoth()
    {
        using var api = new SampleApi();
        var original = await Story.ReportAsync(api);
        var duplicate = await Story.ReportAsync(api);
        using var manager = api.As(CustomerServiceManager);

        var merged = await manager.PostOkAsync($"/incidents/{duplicate}/merge", new { original, reason = "The same caller, the same SMS." });

        Assert.Equal("Dismissed", (string?)merged["state"]);
        Assert.Equal(original, (string?)merged["duplicateOf"]);
        var linked = await manager.GetOkAsync($"/incidents/{original}");
        Assert.Equal(new[] { duplicate }, linked["duplicates"]!.AsArray().Select(d => (string?)d));
    }

    [Fact]
    public async Task Deadlines_PauseResumeAndExtend_Recorded()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        await Story.AssessAsync(api, id);
        using var manager = api.As(CustomerServiceManager);

        var paused = await manager.PostOkAsync($"/incidents/{id}/deadlines/pause", new { reason = "Waiting for the petitioner's documents." });
        Assert.True((bool)paused["deadlinesPaused"]!);
        api.Clock.Advance(TimeSpan.FromDays(2));
        var resumed = await manager.PostOkAsync($"/incidents/{id}/deadlines/resumption", null);
        Assert.False((bool)resumed["deadlinesPaused"]!);
        await manager.PostOkAsync($"/incidents/{id}/deadlines/extension", new { days = 30, reason = "The courier partner needs time to audit." });

        var deadlines = await manager.GetOkAsync($"/incidents/{id}/deadlines");
        Assert.Contains(deadlines["deadlines"]!.AsArray(), d => (string?)d!["kind"] == "HandlingOpinion");
        Assert.All(deadlines["deadlines"]!.AsArray(), d => Assert.True(TimeSpan.Parse((string)d!["pausedFor"]!, System.Globalization.CultureInfo.InvariantCulture) <= TimeSpan.FromDays(2)));
    }

    [Fact]
    public async Task CancelDirective_OpenDirective_Cancelled()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        await Story.AssessAsync(api, id);
        await Story.DirectAsync(api, id);
        using var manager = api.As(CustomerServiceManager);

        var incident = await manager.PostOkAsync($"/incidents/{id}/directives/1/cancellation", new { reason = "Merged into D2's work." });

        Assert.Equal("Cancelled", (string?)incident["directives"]![0]!["status"]);
    }

    [Fact]
    public async Task LegalReview_WithoutBody_Reviewed()
    {
        using var api = new SampleApi();
        var id = await Story.RespondingAsync(api);
        using var pr = api.As(PublicRelationsManager);
        await pr.PostOkAsync($"/incidents/{id}/statements", new { title = "Statement", body = "We are investigating." });
        using var legal = api.As(HeadOfLegal);

        var incident = await legal.PostOkAsync($"/incidents/{id}/statements/1/legal-review", null);

        Assert.Equal("LegallyReviewed", (string?)incident["statements"]![0]!["status"]);
        Assert.Equal(HeadOfLegal, (string?)incident["statements"]![0]!["reviewedBy"]);
    }
}
