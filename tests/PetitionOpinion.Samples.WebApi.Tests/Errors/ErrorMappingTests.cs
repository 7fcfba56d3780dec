using System.Net;
using System.Net.Http.Json;
using System.Text;
using PetitionOpinion.Samples.WebApi.Tests.Support;
using static PetitionOpinion.Samples.WebApi.Tests.Support.People;

namespace PetitionOpinion.Samples.WebApi.Tests.Errors;

/// <summary>
/// Every mapping of Errors/ErrorStatuses.cs through HTTP: each answer is an RFC 9457 problem (application/problem+json) with
/// the status, the code as the <c>code</c> member and, for composite errors, the problems it is made of as <c>details</c>.
/// </summary>
public sealed class ErrorMappingTests
{
    // ---- 400: invalid input ----

    [Fact]
    public async Task Assess_WithoutRationale_400ValidationRequired()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        using var client = api.As(CustomerServiceManager);

        using var response = await client.PostAsync($"/incidents/{id}/assessment", new { level = "III", scope = "Group", potentialRisk = "High" });

        await response.ProblemAsync(HttpStatusCode.BadRequest, "validation.required");
    }

    [Fact]
    public async Task SubmitClosureReport_51Causes_400ValidationTooMany()
    {
        using var api = new SampleApi();
        var id = await Story.ResolvedAsync(api);
        using var manager = api.As(CustomerServiceManager);

        using var response = await manager.PostAsync($"/incidents/{id}/closure-report", new
        {
            summary = "Summary.",
            causes = Enumerable.Repeat("A cause.", 51),
            improvements = new[] { new { description = "Rotate keys.", owner = HeadOfTechnicalSupport, dueOn = "2026-04-01" } },
            lessons = Array.Empty<string>(),
        });

        await response.ProblemAsync(HttpStatusCode.BadRequest, "validation.too_many");
    }

    [Fact]
    public async Task IssueDirective_DueInTheYear9000_400ValidationOutOfRange()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        await Story.AssessAsync(api, id);
        using var manager = api.As(CustomerServiceManager);

        using var response = await manager.PostAsync($"/incidents/{id}/directives", new { kind = "InformationCollection", assignee = "petition-handling-group", instructions = "Collect.", dueAt = "9000-01-01T00:00:00Z" });

        await response.ProblemAsync(HttpStatusCode.BadRequest, "validation.out_of_range");
    }

    [Fact]
    public async Task Report_DescriptionTooLong_400ValidationTooLong()
    {
        using var api = new SampleApi();
        using var client = api.As(CustomerServiceRepresentative);

        using var response = await client.PostAsync("/incidents", new { kind = "Petition", channel = "Hotline", category = "DataPrivacy", description = new string('x', 20_001) });

        await response.ProblemAsync(HttpStatusCode.BadRequest, "validation.too_long");
    }

    [Fact]
    public async Task IssueDirective_DueInThePast_400ValidationInvalid()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        await Story.AssessAsync(api, id);
        using var client = api.As(CustomerServiceManager);

        using var response = await client.PostAsync($"/incidents/{id}/directives", new { kind = "InformationCollection", assignee = "petition-handling-group", instructions = "Collect.", dueAt = api.Clock.GetUtcNow().AddHours(-1) });

        await response.ProblemAsync(HttpStatusCode.BadRequest, "validation.invalid");
    }

    [Fact]
    public async Task Assess_SeveralProblems_400ValidationFailedListingEach()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        using var client = api.As(CustomerServiceManager);

        using var response = await client.PostAsync($"/incidents/{id}/assessment", new { scope = "Group" });

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        Assert.Equal(["validation.invalid", "validation.invalid", "validation.required"], problem.DetailCodes());
    }

    [Theory]
    [InlineData("{\"level\":\"III\",", "malformed JSON")]
    [InlineData("{\"level\":\"V\",\"scope\":\"Group\",\"potentialRisk\":\"High\",\"rationale\":\"x\"}", "an unknown enum name")]
    [InlineData("{\"level\":3,\"scope\":\"Group\",\"potentialRisk\":\"High\",\"rationale\":\"x\"}", "an enum as a number")]
    [InlineData("{\"level\":\"III\",\"scope\":\"Group\",\"potentialRisk\":\"High\",\"rationale\":42}", "a number for text")]
    [InlineData("", "no body")]
    public async Task Assess_UnreadableBody_400RequestMalformed(string json, string what)
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        using var client = api.As(CustomerServiceManager);

        using var response = await client.PostAsync($"/incidents/{id}/assessment", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "request.malformed");
        Assert.True(problem["traceId"] is not null, what);
        Assert.Single((await Story.AssessAsync(api, id))["assessments"]!.AsArray()); // the bad request stored nothing
    }

    /// <summary>
    /// Issue 24: numbers are numbers. The web defaults read "5" as 5, which the OpenAPI document then had to type as
    /// integer or string; now a number in quotes is refused like any other wrong type, and the document says integer.
    /// </summary>
    [Fact]
    public async Task ExtendHandlingTime_DaysInQuotes_400RequestMalformed()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        using var client = api.As(CustomerServiceManager);

        using var response = await client.PostAsync($"/incidents/{id}/deadlines/extension", new StringContent("{\"days\":\"5\",\"reason\":\"Waiting for the bank.\"}", Encoding.UTF8, "application/json"));

        await response.ProblemAsync(HttpStatusCode.BadRequest, "request.malformed");
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task Get_IdNotAGuid_400RequestMalformed(string id)
    {
        using var api = new SampleApi();
        using var client = api.As(CustomerServiceManager);

        using var response = await client.GetAsync($"/incidents/{id}");

        await response.ProblemAsync(HttpStatusCode.BadRequest, "request.malformed");
    }

    [Fact]
    public async Task AcknowledgeDirective_NumberNotAnInteger_400RequestMalformed()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        using var client = api.As(CustomerServiceManager);

        using var response = await client.PostAsync($"/incidents/{id}/directives/first/acknowledgement", null);

        await response.ProblemAsync(HttpStatusCode.BadRequest, "request.malformed");
    }

    [Fact]
    public async Task Merge_OriginalNotAGuid_400RequestMalformed()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        using var client = api.As(CustomerServiceManager);

        using var response = await client.PostAsync($"/incidents/{id}/merge", new { original = "yesterday's", reason = "Same." });

        await response.ProblemAsync(HttpStatusCode.BadRequest, "request.malformed");
    }

    [Fact]
    public async Task SubmitClosureReport_OwnerNotAnIdentifier_400RequestMalformed()
    {
        using var api = new SampleApi();
        var id = await Story.ResolvedAsync(api);
        using var client = api.As(CustomerServiceManager);

        using var response = await client.PostAsync($"/incidents/{id}/closure-report", new
        {
            summary = "s",
            causes = new[] { "c" },
            improvements = new[] { new { description = "d", owner = "Zhao Lei!", dueOn = "2026-04-01" } },
        });

        await response.ProblemAsync(HttpStatusCode.BadRequest, "request.malformed");
    }

    [Fact]
    public async Task IssueDirective_UnknownGroup_400IncidentUnknownGroup()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        await Story.AssessAsync(api, id);
        using var client = api.As(CustomerServiceManager);

        using var response = await client.PostAsync($"/incidents/{id}/directives", new { kind = "InformationCollection", assignee = "no-such-group", instructions = "Collect.", dueAt = api.Clock.GetUtcNow().AddHours(1) });

        await response.ProblemAsync(HttpStatusCode.BadRequest, "incident.unknown_group");
    }

    [Fact]
    public async Task SubmitClosureReport_NoCause_400ClosureReportIncomplete()
    {
        using var api = new SampleApi();
        var id = await Story.ResolvedAsync(api);
        using var client = api.As(CustomerServiceManager);

        using var response = await client.PostAsync($"/incidents/{id}/closure-report", new
        {
            summary = "Handled.",
            causes = Array.Empty<string>(),
            improvements = new[] { new { description = "Rotate keys.", owner = HeadOfTechnicalSupport, dueOn = "2026-04-01" } },
        });

        await response.ProblemAsync(HttpStatusCode.BadRequest, "incident.closure_report_incomplete");
    }

    [Fact]
    public async Task Merge_IntoItself_400MergeIntoSelf()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        using var client = api.As(CustomerServiceManager);

        using var response = await client.PostAsync($"/incidents/{id}/merge", new { original = id, reason = "Same." });

        await response.ProblemAsync(HttpStatusCode.BadRequest, "incident.merge_into_self");
    }

    [Theory]
    [InlineData("state=Open", "state")]
    [InlineData("state=99", "state")]
    [InlineData("level=V", "level")]
    [InlineData("channel=Fax", "channel")]
    [InlineData("category=data%20privacy", "category")]
    [InlineData("reportedFrom=yesterday", "reportedFrom")]
    [InlineData("reportedFrom=2026-03-02T00:00:00Z&reportedBefore=2026-03-01T00:00:00Z", "reportedBefore")]
    [InlineData("take=0", "take")]
    [InlineData("take=1001", "take")]
    [InlineData("skip=-1", "skip")]
    [InlineData("after=abc", "after")]
    [InlineData("after=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%2B", "after")]
    [InlineData("after=________________________________", "after")]
    [InlineData("after=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%3D", "after")]
    public async Task Query_InvalidParameter_400ValidationProblemKeyedByParameter(string query, string parameter)
    {
        using var api = new SampleApi();
        using var client = api.As(CustomerServiceManager);

        using var response = await client.GetAsync($"/incidents?{query}");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "request.invalid_query");
        Assert.NotNull(problem["errors"]![parameter]);
    }

    [Fact]
    public async Task Query_SeveralInvalidParameters_EveryOneReported()
    {
        using var api = new SampleApi();
        using var client = api.As(CustomerServiceManager);

        using var response = await client.GetAsync("/incidents?state=Open&level=V&reportedFrom=soon");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "request.invalid_query");
        Assert.Equal(["level", "reportedFrom", "state"], problem["errors"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WhyNot_UnknownAction_400RequestMalformed()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        using var client = api.As(CustomerServiceManager);

        using var response = await client.GetAsync($"/incidents/{id}/permitted-actions/Escalate");

        await response.ProblemAsync(HttpStatusCode.BadRequest, "request.malformed");
    }

    [Fact]
    public async Task Report_IdempotencyKeyTooLong_400ValidationInvalid()
    {
        using var api = new SampleApi();
        using var client = api.As(CustomerServiceRepresentative);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/incidents") { Content = JsonContent.Create(new { kind = "Petition", channel = "Hotline", category = "DataPrivacy", description = "x" }) };
        request.Headers.Add("Idempotency-Key", new string('k', 201));

        using var response = await client.SendAsync(request);

        await response.ProblemAsync(HttpStatusCode.BadRequest, "validation.invalid");
    }

    // ---- 401: no identity ----

    [Fact]
    public async Task Get_WithoutIdentity_401AuthenticationRequired()
    {
        using var api = new SampleApi();
        using var client = api.Anonymous();

        using var response = await client.GetAsync("/incidents");

        await response.ProblemAsync(HttpStatusCode.Unauthorized, "authentication.required");
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "DevUser");
    }

    [Theory]
    [InlineData("nobody.here")]
    [InlineData("not an id")]
    [InlineData("")]
    public async Task Get_UnknownIdentity_401AuthenticationUnknownUser(string user)
    {
        using var api = new SampleApi();
        using var client = api.Anonymous();
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-Dev-User", user);

        using var response = await client.GetAsync("/incidents");

        await response.ProblemAsync(HttpStatusCode.Unauthorized, user.Length == 0 ? "authentication.required" : "authentication.unknown_user");
    }

    [Fact]
    public async Task Get_TwoIdentities_401AuthenticationUnknownUser()
    {
        using var api = new SampleApi();
        using var client = api.Anonymous();
        client.DefaultRequestHeaders.Add("X-Dev-User", [CustomerServiceRepresentative, GeneralManager]);

        using var response = await client.GetAsync("/incidents");

        await response.ProblemAsync(HttpStatusCode.Unauthorized, "authentication.unknown_user");
    }

    // ---- 403: not allowed ----

    [Fact]
    public async Task Assess_ByTheOpinionAnalyst_403AuthorityDenied()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        using var client = api.As(OpinionAnalyst);

        using var response = await client.PostAsync($"/incidents/{id}/assessment", new { level = "III", scope = "Group", potentialRisk = "High", rationale = "I think so." });

        await response.ProblemAsync(HttpStatusCode.Forbidden, "authority.denied");
    }

    [Fact]
    public async Task Resolve_ByTheOpinionAnalystBeforeTheResponse_403ActionBlockedListingBothReasons()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        using var client = api.As(OpinionAnalyst);

        using var response = await client.PostAsync($"/incidents/{id}/resolution", new { summary = "Done." });

        var problem = await response.ProblemAsync(HttpStatusCode.Forbidden, "incident.action_blocked");
        Assert.Equal(["incident.transition_not_allowed", "authority.denied"], problem.DetailCodes());
    }

    [Fact]
    public async Task ApproveStatement_LevelIIByTheOpinionGroupsDeputy_403LeadingGroupApprovalRequired()
    {
        using var api = new SampleApi();
        var id = await Story.RespondingAsync(api, level: "II");
        using var pr = api.As(PublicRelationsManager);
        await pr.PostOkAsync($"/incidents/{id}/statements", new { title = "Statement", body = "We are investigating." });
        using var legal = api.As(HeadOfLegal);
        await legal.PostOkAsync($"/incidents/{id}/statements/1/legal-review", null);
        using var deputy = api.As(MarketingSpecialist);

        using var response = await deputy.PostAsync($"/incidents/{id}/statements/1/approval", null);

        await response.ProblemAsync(HttpStatusCode.Forbidden, "incident.leading_group_approval_required");
    }

    [Fact]
    public async Task ComplainedAboutPerson_ReadsOrActs_403ComplainedParty()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api, complainedAbout: new { person = ItSupport });
        using var complained = api.As(ItSupport);

        using var read = await complained.GetAsync($"/incidents/{id}");
        using var report = await complained.GetAsync($"/incidents/{id}/closure-report");
        using var act = await complained.PostAsync($"/incidents/{id}/deadlines/pause", new { reason = "Busy." });

        await read.ProblemAsync(HttpStatusCode.Forbidden, "confidentiality.complained_party");
        await report.ProblemAsync(HttpStatusCode.Forbidden, "confidentiality.complained_party");
        await act.ProblemAsync(HttpStatusCode.Forbidden, "authority.complained_party");
        Assert.DoesNotContain(Story.PetitionerName, await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_IntoAComplaintAboutTheCaller_403AuthorityComplainedPartyAndNothingRecorded()
    {
        using var api = new SampleApi();
        var original = await Story.ReportAsync(api, complainedAbout: new { person = MarketingSpecialist });
        var duplicate = await Story.ReportAsync(api);
        using var manager = api.As(CustomerServiceManager);
        var before = await manager.GetOkAsync($"/incidents/{original}");
        using var complained = api.As(MarketingSpecialist);

        using var merge = await complained.PostAsync($"/incidents/{duplicate}/merge", new { original, reason = "Same caller." });

        await merge.ProblemAsync(HttpStatusCode.Forbidden, "authority.complained_party");
        var after = await manager.GetOkAsync($"/incidents/{original}");
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
        Assert.Equal("Reported", (string?)(await manager.GetOkAsync($"/incidents/{duplicate}"))["state"]);
    }

    // ---- 404: unknown ----

    [Fact]
    public async Task GetAndAct_UnknownIncident_404StorageNotFound()
    {
        using var api = new SampleApi();
        using var client = api.As(CustomerServiceManager);
        var unknown = Guid.CreateVersion7();

        using var read = await client.GetAsync($"/incidents/{unknown}");
        using var act = await client.PostAsync($"/incidents/{unknown}/assessment", new { level = "III", scope = "Group", potentialRisk = "High", rationale = "x" });
        using var report = await client.GetAsync($"/incidents/{unknown}/closure-report");
        using var verification = await client.GetAsync($"/incidents/{unknown}/verification");

        await read.ProblemAsync(HttpStatusCode.NotFound, "storage.not_found");
        await act.ProblemAsync(HttpStatusCode.NotFound, "storage.not_found");
        await report.ProblemAsync(HttpStatusCode.NotFound, "storage.not_found");
        await verification.ProblemAsync(HttpStatusCode.NotFound, "storage.not_found");
    }

    [Fact]
    public async Task AcknowledgeDirective_UnknownNumber_404DirectiveNotFound()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        await Story.AssessAsync(api, id);
        await Story.DirectAsync(api, id);
        using var client = api.As(CustomerServiceRepresentative);

        using var response = await client.PostAsync($"/incidents/{id}/directives/9/acknowledgement", null);

        await response.ProblemAsync(HttpStatusCode.NotFound, "incident.directive_not_found");
    }

    [Fact]
    public async Task ReviewStatement_UnknownNumber_404StatementNotFound()
    {
        using var api = new SampleApi();
        var id = await Story.RespondingAsync(api);
        using var pr = api.As(PublicRelationsManager);
        await pr.PostOkAsync($"/incidents/{id}/statements", new { title = "Statement", body = "We are investigating." });
        using var legal = api.As(HeadOfLegal);

        using var response = await legal.PostAsync($"/incidents/{id}/statements/9/legal-review", null);

        await response.ProblemAsync(HttpStatusCode.NotFound, "incident.statement_not_found");
    }

    [Fact]
    public async Task FulfilSupport_UnknownNumber_404SupportRequestNotFound()
    {
        using var api = new SampleApi();
        var id = await Story.RespondingAsync(api);
        using var manager = api.As(CustomerServiceManager);
        await manager.PostOkAsync($"/incidents/{id}/support-requests", new { kind = "ItSupport", details = "Audit the logs." });
        using var it = api.As(ItSupport);

        using var response = await it.PostAsync($"/incidents/{id}/support-requests/9/fulfilment", new { resolution = "Done." });

        await response.ProblemAsync(HttpStatusCode.NotFound, "incident.support_request_not_found");
    }

    [Fact]
    public async Task UnknownRoute_404Problem()
    {
        using var api = new SampleApi();
        using var client = api.As(CustomerServiceManager);

        using var response = await client.GetAsync("/complaints");

        await response.ProblemAsync(HttpStatusCode.NotFound, "request.no_route");
    }

    [Fact]
    public async Task WrongMethod_405RequestMethodNotAllowed()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        using var client = api.As(CustomerServiceManager);

        using var response = await client.GetAsync($"/incidents/{id}/assessment");

        await response.ProblemAsync(HttpStatusCode.MethodNotAllowed, "request.method_not_allowed");
    }

    // ---- 406, 415: representation ----

    [Fact]
    public async Task Statistics_AcceptsOnlyAnImage_406RequestNotAcceptable()
    {
        using var api = new SampleApi();
        using var client = api.As(GeneralManager);
        client.DefaultRequestHeaders.Add("Accept", "image/png");

        using var response = await client.GetAsync("/statistics");

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Contains("request.not_acceptable", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_BodyNotJson_415RequestUnsupportedMediaType()
    {
        using var api = new SampleApi();
        using var client = api.As(CustomerServiceRepresentative);

        using var response = await client.PostAsync("/incidents", new StringContent("kind=Petition", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType, "request.unsupported_media_type");
    }

    // ---- 409: the state forbids it, or the incident kept changing ----

    [Fact]
    public async Task Resolve_BeforeTheResponse_409TransitionNotAllowed()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        using var client = api.As(CustomerServiceManager);

        using var response = await client.PostAsync($"/incidents/{id}/resolution", new { summary = "Done." });

        await response.ProblemAsync(HttpStatusCode.Conflict, "incident.transition_not_allowed");
    }

    [Fact]
    public async Task AcceptClosureReport_WhileResponding_409ActionBlockedByStateAndGuard()
    {
        using var api = new SampleApi();
        var id = await Story.RespondingAsync(api);
        using var client = api.As(GeneralManager);

        using var response = await client.PostAsync($"/incidents/{id}/closure-report/acceptance", null);

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict, "incident.action_blocked");
        Assert.Equal(["incident.transition_not_allowed", "incident.no_submitted_report"], problem.DetailCodes());
    }

    [Fact]
    public async Task Resolve_WithAnOpenDirective_409OpenDirectives()
    {
        using var api = new SampleApi();
        var id = await Story.RespondingAsync(api);
        using var client = api.As(CustomerServiceManager);

        using var response = await client.PostAsync($"/incidents/{id}/resolution", new { summary = "Done." });

        await response.ProblemAsync(HttpStatusCode.Conflict, "incident.open_directives");
    }

    [Fact]
    public async Task AcceptClosureReport_NoneSubmitted_409NoSubmittedReport()
    {
        using var api = new SampleApi();
        var id = await Story.ResolvedAsync(api);
        using var client = api.As(GeneralManager);

        using var response = await client.PostAsync($"/incidents/{id}/closure-report/acceptance", null);

        await response.ProblemAsync(HttpStatusCode.Conflict, "incident.no_submitted_report");
    }

    [Fact]
    public async Task AcknowledgeDirective_Twice_409()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        await Story.AssessAsync(api, id);
        await Story.DirectAsync(api, id);
        using var client = api.As(CustomerServiceRepresentative);
        await client.PostOkAsync($"/incidents/{id}/directives/1/acknowledgement", null);

        // No directive is waiting any more: the guard refuses.
        using (var again = await client.PostAsync($"/incidents/{id}/directives/1/acknowledgement", null))
        {
            await again.ProblemAsync(HttpStatusCode.Conflict, "incident.no_issued_directive");
        }

        // Another directive is waiting, so the guard holds, but D1 is not: the directive's status refuses.
        await Story.DirectAsync(api, id);
        using var response = await client.PostAsync($"/incidents/{id}/directives/1/acknowledgement", null);
        await response.ProblemAsync(HttpStatusCode.Conflict, "incident.directive_wrong_status");
    }

    [Fact]
    public async Task ReviewStatement_Twice_409StatementWrongStatus()
    {
        using var api = new SampleApi();
        var id = await Story.RespondingAsync(api);
        using var pr = api.As(PublicRelationsManager);
        await pr.PostOkAsync($"/incidents/{id}/statements", new { title = "First", body = "We are investigating." });
        await pr.PostOkAsync($"/incidents/{id}/statements", new { title = "Second", body = "Update." });
        using var legal = api.As(HeadOfLegal);
        await legal.PostOkAsync($"/incidents/{id}/statements/1/legal-review", null);

        using var response = await legal.PostAsync($"/incidents/{id}/statements/1/legal-review", null);

        await response.ProblemAsync(HttpStatusCode.Conflict, "incident.statement_wrong_status");
    }

    [Fact]
    public async Task FulfilSupport_Twice_409SupportRequestFulfilled()
    {
        using var api = new SampleApi();
        var id = await Story.RespondingAsync(api);
        using var manager = api.As(CustomerServiceManager);
        await manager.PostOkAsync($"/incidents/{id}/support-requests", new { kind = "ItSupport", details = "Audit the logs." });
        await manager.PostOkAsync($"/incidents/{id}/support-requests", new { kind = "LegalConsultation", details = "May we name the partner?" });
        using var it = api.As(ItSupport);
        await it.PostOkAsync($"/incidents/{id}/support-requests/1/fulfilment", new { resolution = "Key revoked." });

        using var response = await it.PostAsync($"/incidents/{id}/support-requests/1/fulfilment", new { resolution = "Again." });

        await response.ProblemAsync(HttpStatusCode.Conflict, "incident.support_request_fulfilled");
    }

    [Fact]
    public async Task Merge_IntoADismissedIncident_409MergeTargetDismissed()
    {
        using var api = new SampleApi();
        var original = await Story.ReportAsync(api);
        var duplicate = await Story.ReportAsync(api);
        using var client = api.As(CustomerServiceManager);
        await client.PostOkAsync($"/incidents/{original}/dismissal", new { reason = "Out of scope." });

        using var response = await client.PostAsync($"/incidents/{duplicate}/merge", new { original, reason = "Same." });

        await response.ProblemAsync(HttpStatusCode.Conflict, "incident.merge_target_dismissed");
    }

    [Fact]
    public async Task PauseAndResumeDeadlines_Twice_409()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        using var client = api.As(CustomerServiceManager);

        using (var resume = await client.PostAsync($"/incidents/{id}/deadlines/resumption", null))
        {
            await resume.ProblemAsync(HttpStatusCode.Conflict, "incident.deadlines_not_paused");
        }

        await client.PostOkAsync($"/incidents/{id}/deadlines/pause", new { reason = "Waiting." });
        using var pause = await client.PostAsync($"/incidents/{id}/deadlines/pause", new { reason = "Again." });
        await pause.ProblemAsync(HttpStatusCode.Conflict, "incident.deadlines_paused");
    }

    [Fact]
    public async Task ExtendHandlingTime_Twice_409HandlingAlreadyExtended()
    {
        using var api = new SampleApi();
        var id = await Story.ReportAsync(api);
        await Story.AssessAsync(api, id);
        using var client = api.As(CustomerServiceManager);
        await client.PostOkAsync($"/incidents/{id}/deadlines/extension", new { days = 10, reason = "Audit." });

        using var response = await client.PostAsync($"/incidents/{id}/deadlines/extension", new { days = 10, reason = "Again." });

        await response.ProblemAsync(HttpStatusCode.Conflict, "incident.handling_already_extended");
    }

    [Fact]
    public async Task DecideReview_NonePending_409NoPendingReview()
    {
        using var api = new SampleApi();
        var id = await Story.ResolvedAsync(api);
        using var client = api.As(CustomerServiceManager);

        using var response = await client.PostAsync($"/incidents/{id}/reviews/decision", new { upheld = true, decision = "Stands." });

        await response.ProblemAsync(HttpStatusCode.Conflict, "incident.no_pending_review");
    }

    [Fact]
    public async Task RequestReview_OfPublicOpinion_409NotAPetition()
    {
        using var api = new SampleApi();
        var id = await Story.ResolvedAsync(api, kind: "PublicOpinion");
        using var client = api.As(CustomerServiceManager);

        using var response = await client.PostAsync($"/incidents/{id}/reviews", new { grounds = "Disputed." });

        await response.ProblemAsync(HttpStatusCode.Conflict, "incident.not_a_petition");
    }

    [Fact]
    public async Task RequestReview_AfterTheWindow_409ReviewWindowClosed()
    {
        using var api = new SampleApi();
        var id = await Story.ResolvedAsync(api);
        using var client = api.As(CustomerServiceManager);
        api.Clock.Advance(TimeSpan.FromDays(60));

        using var response = await client.PostAsync($"/incidents/{id}/reviews", new { grounds = "Disputed." });

        await response.ProblemAsync(HttpStatusCode.Conflict, "incident.review_window_closed");
    }

    [Fact]
    public async Task Assess_IncidentKeepsChangingUnderneath_409StorageConflictAfterRetries()
    {
        AlwaysConflictingStore? store = null;
        using var api = new SampleApi(wrapStore: inner => store = new AlwaysConflictingStore(inner));
        var id = await Story.ReportAsync(api);
        using var client = api.As(CustomerServiceManager);

        using var response = await client.PostAsync($"/incidents/{id}/assessment", new { level = "III", scope = "Group", potentialRisk = "High", rationale = "x" });

        await response.ProblemAsync(HttpStatusCode.Conflict, "storage.conflict");
        Assert.Equal(4, store!.ConflictingAppends); // the first try and the library's 3 retries (MaxConflictRetries default)
    }

    // ---- 500: a failure of the server, without its internals ----

    [Fact]
    public async Task Get_StoreFails_500ServerUnexpectedWithoutInternals()
    {
        using var api = new SampleApi(wrapStore: inner => new BrokenStore(inner));
        using var client = api.As(CustomerServiceManager);

        using var response = await client.GetAsync($"/incidents/{Guid.CreateVersion7()}");

        await response.ProblemAsync(HttpStatusCode.InternalServerError, "server.unexpected");
        Assert.DoesNotContain("secret", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Get_StoredEventCorrupted_500StorageUnreadableQuotingNothingAndVerificationStillAnswers()
    {
        using var api = new SampleApi(wrapStore: inner => new CorruptingStore(inner));
        var id = await Story.ReportAsync(api);
        using var client = api.As(CustomerServiceManager);

        using var response = await client.GetAsync($"/incidents/{id}");
        var problem = await response.ProblemAsync(HttpStatusCode.InternalServerError, "storage.unreadable");
        using var verification = await client.GetAsync($"/incidents/{id}/verification");
        var verified = await verification.JsonAsync(HttpStatusCode.OK);

        Assert.Contains($"incident {id}", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("'channel'", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(verified["intact"]!.GetValue<bool>());
        Assert.Equal(1, verified["firstBrokenVersion"]!.GetValue<int>());
        foreach (var text in new[] { problem.ToJsonString(), verified.ToJsonString() })
        {
            Assert.DoesNotContain("Lin", text, StringComparison.Ordinal);
            Story.AssertNoPhone(text);
        }
    }
}
