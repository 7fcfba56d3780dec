using System.Text;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Reporting;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Storage;

/// <summary>
/// <see cref="IncidentRepository"/> over the in-memory store: what it stores, idempotent intake, refusals that store
/// nothing, conflicts retried by reloading (and given up on as configured), the atomic two-sided merge, verify, query.
/// </summary>
public sealed class IncidentRepositoryTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly Scenario _scenario = new();
    private readonly IncidentEventSerializer _serializer = new();
    private readonly ScriptedIncidentStore _store = new();

    // ---------- report ----------
    [Fact]
    public async Task ReportAsync_NewIncident_StoresItSoThatLoadingGivesAnEqualIncident()
    {
        var incident = await ReportAsync();

        var loaded = await Repository().FindAsync(incident.Id, None);
        var stored = await _store.Inner.LoadAsync(incident.Id, None);
        Assert.NotNull(loaded);
        Assert.Equal(Scenario.Describe(incident), Scenario.Describe(loaded));
        Assert.Empty(incident.PendingEvents);
        Assert.Equal([nameof(IncidentReported)], stored.Select(e => e.EventType));
        Assert.True(EventHashChain.Verify(stored).IsIntact);
        var page = await _store.Inner.QueryAsync(new IncidentQuery(), None);
        Assert.Equal([IncidentSummaries.Of(incident)], page.Items);
    }

    [Fact]
    public async Task ReportAsync_SameIdempotencyKeyTwice_ReturnsTheSameIncidentAndStoresOnlyOne()
    {
        var repository = Repository();
        var first = await ReportAsync(repository, "crm:case-4711");

        _scenario.Time.Advance(Scenario.Step);
        var second = await repository.ReportAsync(Scenario.ReportCommand(), "crm:case-4711", None);

        Assert.Equal(first.Id, second.AsT0.Id);
        Assert.Equal(Scenario.Describe(first), Scenario.Describe(second.AsT0));
        Assert.Equal(1, (await _store.Inner.QueryAsync(new IncidentQuery(), None)).TotalCount);
        Assert.Equal(2, _store.AppendCalls); // the retry's append, refused by the store: the key is not looked up first
        Assert.Equal(first.Id, await _store.Inner.FindByIdempotencyKeyAsync(StoreKey("crm:case-4711"), None));
    }

    [Fact]
    public async Task ReportAsync_DifferentKeysOrNoKey_StoreSeparateIncidents()
    {
        var repository = Repository();

        var a = await ReportAsync(repository, "crm:1");
        var b = await ReportAsync(repository, "crm:2");
        var c = await ReportAsync(repository);
        var d = await ReportAsync(repository);

        Assert.Equal(4, new[] { a.Id, b.Id, c.Id, d.Id }.Distinct().Count());
        Assert.Equal(4, (await _store.Inner.QueryAsync(new IncidentQuery(), None)).TotalCount);
    }

    [Fact]
    public async Task ReportAsync_KeyOf200Characters_IsAccepted()
    {
        var key = new string('键', 200);

        var incident = await ReportAsync(key: key);

        Assert.Equal(incident.Id, await _store.Inner.FindByIdempotencyKeyAsync(StoreKey(key), None));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\n")]
    [InlineData(null, 201)]
    public async Task ReportAsync_InvalidIdempotencyKey_ReturnsValidationInvalidAndStoresNothing(string? key, int length = 0)
    {
        key ??= new string('k', length);

        var result = await Repository().ReportAsync(Scenario.ReportCommand(), key, None);

        Assert.Equal("validation.invalid", result.AsT1.Code);
        Assert.Equal(0, _store.AppendCalls);
        Assert.Equal(0, (await _store.Inner.QueryAsync(new IncidentQuery(), None)).TotalCount);
    }

    [Fact]
    public async Task ReportAsync_AnotherCallerStoredTheSameKeyAfterTheLookUp_ReturnsTheirIncidentAndStoresNothingMore()
    {
        var theirs = await ReportAsync(Repository(), "crm:race");
        _store.ForgetIdempotencyKeys = true;

        _scenario.Time.Advance(Scenario.Step);
        var result = await Repository().ReportAsync(Scenario.ReportCommand(), "crm:race", None);

        Assert.Equal(theirs.Id, result.AsT0.Id);
        Assert.Equal(Scenario.Describe(theirs), Scenario.Describe(result.AsT0));
        Assert.Equal(AppendStatus.DuplicateIntake, (await _store.Inner.AppendAsync(_store.Requests[^1], None)).Status);
        Assert.Equal(1, (await _store.Inner.QueryAsync(new IncidentQuery(), None)).TotalCount);
    }

    [Fact]
    public async Task ReportAsync_RefusedReport_ReturnsTheErrorAndStoresNothingNorTheKey()
    {
        var result = await Repository().ReportAsync(Scenario.ReportCommand(actor: People.Stranger), "crm:refused", None);

        Assert.True(result.IsT1);
        Assert.Equal(0, _store.AppendCalls);
        Assert.Null(await _store.Inner.FindByIdempotencyKeyAsync(StoreKey("crm:refused"), None));
    }

    // ---------- execute ----------
    [Fact]
    public async Task ExecuteAsync_AcceptedAction_StoresItsEventsAndReturnsTheIncidentWithNothingPending()
    {
        var incident = await ReportAsync();

        var assessed = await DoAsync(incident.Id, Assess());

        var loaded = await Repository().FindAsync(incident.Id, None);
        var stored = await _store.Inner.LoadAsync(incident.Id, None);
        Assert.Equal(IncidentState.Assessed, assessed.State);
        Assert.Empty(assessed.PendingEvents);
        Assert.Equal(Scenario.Describe(assessed), Scenario.Describe(loaded!));
        Assert.Equal([nameof(IncidentReported), nameof(IncidentAssessed)], stored.Select(e => e.EventType));
        Assert.True(EventHashChain.Verify(stored).IsIntact);
        Assert.Equal([IncidentSummaries.Of(assessed)], (await _store.Inner.QueryAsync(new IncidentQuery { States = [IncidentState.Assessed] }, None)).Items);
    }

    [Fact]
    public async Task ExecuteAsync_ActionThatRecordsTwoEvents_StoresBothInOneAppend()
    {
        var incident = await ReportAsync();
        await DoAsync(incident.Id, Assess());
        var appendsBefore = _store.AppendCalls;

        var escalated = await DoAsync(incident.Id, new ReassessIncident(People.CustomerServiceRep, SeverityLevel.II, ImpactScope.Group, PotentialRisk.High, "More customers affected."));

        var stored = await _store.Inner.LoadAsync(incident.Id, None);
        Assert.Equal([nameof(IncidentReported), nameof(IncidentAssessed), nameof(IncidentAssessed), nameof(IncidentEscalated)], stored.Select(e => e.EventType));
        Assert.Equal(appendsBefore + 1, _store.AppendCalls);
        Assert.Equal(2, _store.Requests[^1].Incidents[0].Events.Count);
        Assert.Equal(SeverityLevel.II, escalated.Level);
    }

    [Fact]
    public async Task ExecuteAsync_WholeLifecycle_StoresAnIncidentThatReloadsEqualAndVerifies()
    {
        var incident = await DriveToRespondingAsync();
        await DoAsync(incident.Id, new ResolveIncident(People.CustomerServiceManager, "已解决 ✅"));
        await DoAsync(incident.Id, new SubmitClosureReport(People.GeneralManager, Scenario.CompleteReport()));
        var closed = await DoAsync(incident.Id, new AcceptClosureReport(People.GeneralManager));

        var expected = _scenario.Drive(IncidentState.Closed);
        var loaded = await Repository().FindAsync(incident.Id, None);
        Assert.Equal(IncidentState.Closed, closed.State);
        Assert.Equal(Scenario.Describe(closed), Scenario.Describe(loaded!));
        Assert.Equal(expected.History.Select(e => e.GetType()), loaded!.History.Select(e => e.GetType()));
        Assert.True((await Repository().VerifyAsync(incident.Id, None)).IsIntact);
    }

    [Fact]
    public async Task ExecuteAsync_StatementReviewedWithoutNotes_ReloadsAndReports()
    {
        // Regression: a review without notes recorded null text, which the store could not read back (found by the web sample's tests).
        var incident = await DriveToRespondingAsync();
        await DoAsync(incident.Id, new DraftStatement(People.PrManager, "Statement", "We are investigating."));
        var statement = new StatementId(incident.Statements.Count + 1);

        var reviewed = await DoAsync(incident.Id, new ReviewStatement(People.HeadOfLegal, statement));

        var loaded = await Repository().FindAsync(incident.Id, None);
        Assert.Equal(Scenario.Describe(reviewed), Scenario.Describe(loaded!));
        Assert.Equal(StatementStatus.LegallyReviewed, loaded!.FindStatement(statement)!.Status);
        var markdown = ClosureReportDocument.Build(loaded, _scenario.Organization).ToMarkdown(ReportLanguage.English);
        Assert.Contains($"Statement {statement} legally reviewed.", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_RefusedAction_ReturnsTheErrorAndStoresNothing()
    {
        var incident = await ReportAsync();
        var before = await HoldingsAsync(incident.Id);

        _scenario.Time.Advance(Scenario.Step);
        var result = await Repository().ExecuteAsync(incident.Id, new ResolveIncident(People.CustomerServiceManager, "Too early."), None);

        Assert.Equal(IncidentErrors.TransitionNotAllowed, result.AsT1.Code);
        Assert.Equal(1, _store.AppendCalls);
        Assert.Equal(before, await HoldingsAsync(incident.Id));
    }

    [Fact]
    public async Task ExecuteAsync_UnknownIncident_ReturnsNotFound()
    {
        var unknown = new IncidentId(Guid.Parse("0195a1b2-c3d4-7e5f-8a9b-000000000404"));

        var result = await Repository().ExecuteAsync(unknown, Assess(), None);

        Assert.Equal(StorageErrors.NotFound, result.AsT1.Code);
        Assert.Contains(unknown.ToString(), result.AsT1.Message, StringComparison.Ordinal);
        Assert.Null(await Repository().FindAsync(unknown, None));
        Assert.Equal(0, _store.AppendCalls);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(3, 3)]
    [InlineData(10, 10)]
    public async Task ExecuteAsync_ConflictsWithinTheRetries_ReloadsAndStoresTheEventsOnce(int retries, int conflicts)
    {
        var incident = await ReportAsync();
        var (appends, loads) = (_store.AppendCalls, _store.LoadCalls);
        _store.BeforeAppend = ScriptedIncidentStore.ConflictFirst(conflicts);

        var result = await Repository(retries).ExecuteAsync(incident.Id, Assess(), None);

        Assert.Equal(IncidentState.Assessed, result.AsT0.State);
        Assert.Equal(appends + conflicts + 1, _store.AppendCalls);
        Assert.Equal(loads + conflicts + 1, _store.LoadCalls);
        Assert.Equal([nameof(IncidentReported), nameof(IncidentAssessed)], (await _store.Inner.LoadAsync(incident.Id, None)).Select(e => e.EventType));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(3, 4)]
    [InlineData(3, int.MaxValue)]
    public async Task ExecuteAsync_MoreConflictsThanRetries_ReturnsStorageConflictAndStoresNothing(int retries, int conflicts)
    {
        var incident = await ReportAsync();
        var before = await HoldingsAsync(incident.Id);
        var appends = _store.AppendCalls;
        _store.BeforeAppend = ScriptedIncidentStore.ConflictFirst(conflicts);

        var result = await Repository(retries).ExecuteAsync(incident.Id, Assess(), None);

        Assert.Equal(StorageErrors.Conflict, result.AsT1.Code);
        Assert.Contains(incident.Id.ToString(), result.AsT1.Message, StringComparison.Ordinal);
        Assert.Equal(appends + retries + 1, _store.AppendCalls);
        Assert.Equal(before, await HoldingsAsync(incident.Id));
    }

    [Fact]
    public async Task ExecuteAsync_AnotherWriterAppendsBetweenLoadAndAppend_DecidesAgainOnTheReloadedIncident()
    {
        var incident = await DriveToRespondingAsync();
        var version = incident.Version;
        var other = Repository(store: _store.Inner);
        var interferences = 0;
        _store.BeforeAppend = async (_, _) =>
        {
            if (interferences < 2)
            {
                interferences++;
                await DoAsync(incident.Id, new RecordCommunication(People.PetitionDeputy, IntakeChannel.Email, $"other writer {interferences}", "ok"), other);
            }

            return null;
        };
        var appends = _store.AppendCalls;

        var result = await Repository(retries: 2).ExecuteAsync(incident.Id, new RecordCommunication(People.CustomerServiceRep, IntakeChannel.Hotline, "ours", "ok"), None);

        var ours = result.AsT0;
        Assert.Equal(version + 3, ours.Version);
        Assert.Equal(["other writer 1", "other writer 2", "ours"], ours.Communications.Select(c => c.Summary));
        Assert.Equal(appends + 3, _store.AppendCalls);
        Assert.Equal(Scenario.Describe(ours), Scenario.Describe((await Repository().FindAsync(incident.Id, None))!));
        Assert.True((await Repository().VerifyAsync(incident.Id, None)).IsIntact);
    }

    [Fact]
    public async Task ExecuteAsync_AnotherWriterMadeTheActionInvalid_ReturnsTheRefusalOfTheReloadedIncident()
    {
        var incident = await ReportAsync();
        await DoAsync(incident.Id, Assess());
        await DoAsync(incident.Id, _scenario.IssueCommand());
        var other = Repository(store: _store.Inner);
        _store.BeforeAppend = async (_, _) =>
        {
            if ((await _store.Inner.LoadAsync(incident.Id, None))[^1].EventType != nameof(DirectiveCancelled))
            {
                await DoAsync(incident.Id, new CancelDirective(People.CustomerServiceManager, new DirectiveId(1), "Superseded."), other);
            }

            return null;
        };

        var result = await Repository().ExecuteAsync(incident.Id, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)), None);

        Assert.NotEqual(StorageErrors.Conflict, result.AsT1.Code);
        Assert.StartsWith("incident.", result.AsT1.Code, StringComparison.Ordinal);
        Assert.Equal(nameof(DirectiveCancelled), (await _store.Inner.LoadAsync(incident.Id, None))[^1].EventType);
        Assert.DoesNotContain(await _store.Inner.LoadAsync(incident.Id, None), e => e.EventType == nameof(DirectiveAcknowledged));
    }

    [Fact]
    public async Task ExecuteAsync_Cancelled_ThrowsAndStoresNothing()
    {
        var incident = await ReportAsync();
        var before = await HoldingsAsync(incident.Id);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Repository().ExecuteAsync(incident.Id, Assess(), new CancellationToken(canceled: true)));

        Assert.Equal(before, await HoldingsAsync(incident.Id));
    }

    // ---------- merge ----------
    [Fact]
    public async Task MergeAsDuplicateAsync_BothExist_StoresBothSidesInOneAtomicAppend()
    {
        var original = await ReportAsync();
        var duplicate = await ReportAsync();
        var appends = _store.AppendCalls;

        _scenario.Time.Advance(Scenario.Step);
        var result = await Repository().MergeAsDuplicateAsync(duplicate.Id, original.Id, new MergeAsDuplicate(People.CustomerServiceRep, "同一客户的同一投诉。"), None);

        var merge = result.AsT0;
        Assert.Equal(appends + 1, _store.AppendCalls);
        Assert.Equal([duplicate.Id, original.Id], _store.Requests[^1].Incidents.Select(i => i.IncidentId));
        var dup = (await Repository().FindAsync(duplicate.Id, None))!;
        var orig = (await Repository().FindAsync(original.Id, None))!;
        Assert.Equal(IncidentState.Dismissed, dup.State);
        Assert.Equal(original.Id, dup.DuplicateOf);
        Assert.Equal([duplicate.Id], orig.Duplicates);
        Assert.Equal(Scenario.DescribeEvents(merge.DuplicateEvents).ToJsonString(), Scenario.DescribeEvents(dup.History.Skip(1)).ToJsonString());
        Assert.Equal(Scenario.DescribeEvents(merge.OriginalEvents).ToJsonString(), Scenario.DescribeEvents(orig.History.Skip(1)).ToJsonString());
        Assert.True((await Repository().VerifyAsync(duplicate.Id, None)).IsIntact);
        Assert.True((await Repository().VerifyAsync(original.Id, None)).IsIntact);
        Assert.Equal([duplicate.Id], (await _store.Inner.QueryAsync(new IncidentQuery { States = [IncidentState.Dismissed] }, None)).Items.Select(s => s.Id));
    }

    [Fact]
    public async Task MergeAsDuplicateAsync_StoreFailsMidAppend_LeavesNeitherIncidentChanged()
    {
        var original = await ReportAsync();
        var duplicate = await ReportAsync();
        var before = await HoldingsAsync(duplicate.Id, original.Id);
        _store.Inner.OnStaged = e =>
        {
            if (e.EventType == nameof(DuplicateLinked))
            {
                throw new IOException("The disk is full.");
            }
        };

        _scenario.Time.Advance(Scenario.Step);
        await Assert.ThrowsAsync<IOException>(async () => await Repository().MergeAsDuplicateAsync(duplicate.Id, original.Id, new MergeAsDuplicate(People.CustomerServiceRep, "Same complaint."), None));

        _store.Inner.OnStaged = null;
        Assert.Equal(before, await HoldingsAsync(duplicate.Id, original.Id));
        Assert.Equal(IncidentState.Reported, (await Repository().FindAsync(duplicate.Id, None))!.State);
    }

    [Fact]
    public async Task MergeAsDuplicateAsync_StoreThrowsOnAppend_LeavesNeitherIncidentChanged()
    {
        var original = await ReportAsync();
        var duplicate = await ReportAsync();
        var before = await HoldingsAsync(duplicate.Id, original.Id);
        _store.BeforeAppend = (_, _) => throw new TimeoutException("The database did not answer.");

        _scenario.Time.Advance(Scenario.Step);
        await Assert.ThrowsAsync<TimeoutException>(async () => await Repository().MergeAsDuplicateAsync(duplicate.Id, original.Id, new MergeAsDuplicate(People.CustomerServiceRep, "Same complaint."), None));

        Assert.Equal(before, await HoldingsAsync(duplicate.Id, original.Id));
    }

    [Fact]
    public async Task MergeAsDuplicateAsync_ConflictsWithinTheRetries_Succeeds()
    {
        var original = await ReportAsync();
        var duplicate = await ReportAsync();
        var appends = _store.AppendCalls;
        _store.BeforeAppend = ScriptedIncidentStore.ConflictFirst(2);

        _scenario.Time.Advance(Scenario.Step);
        var result = await Repository(retries: 2).MergeAsDuplicateAsync(duplicate.Id, original.Id, new MergeAsDuplicate(People.CustomerServiceRep, "Same complaint."), None);

        Assert.True(result.IsT0);
        Assert.Equal(appends + 3, _store.AppendCalls);
        Assert.Equal(2, (await _store.Inner.LoadAsync(original.Id, None)).Count);
        Assert.Equal(2, (await _store.Inner.LoadAsync(duplicate.Id, None)).Count);
    }

    [Fact]
    public async Task MergeAsDuplicateAsync_MoreConflictsThanRetries_ReturnsStorageConflictAndStoresNothing()
    {
        var original = await ReportAsync();
        var duplicate = await ReportAsync();
        var before = await HoldingsAsync(duplicate.Id, original.Id);
        var appends = _store.AppendCalls;
        _store.BeforeAppend = ScriptedIncidentStore.ConflictFirst(int.MaxValue);

        _scenario.Time.Advance(Scenario.Step);
        var result = await Repository(retries: 1).MergeAsDuplicateAsync(duplicate.Id, original.Id, new MergeAsDuplicate(People.CustomerServiceRep, "Same complaint."), None);

        Assert.Equal(StorageErrors.Conflict, result.AsT1.Code);
        Assert.Equal(appends + 2, _store.AppendCalls);
        Assert.Equal(before, await HoldingsAsync(duplicate.Id, original.Id));
    }

    [Fact]
    public async Task MergeAsDuplicateAsync_RefusedOrUnknown_StoresNothing()
    {
        var original = await ReportAsync();
        var duplicate = await ReportAsync();
        var unknown = new IncidentId(Guid.Parse("0195a1b2-c3d4-7e5f-8a9b-000000000404"));
        var before = await HoldingsAsync(duplicate.Id, original.Id);
        var appends = _store.AppendCalls;
        var repository = Repository();
        var command = new MergeAsDuplicate(People.CustomerServiceRep, "Same complaint.");

        var self = await repository.MergeAsDuplicateAsync(duplicate.Id, duplicate.Id, command, None);
        var stranger = await repository.MergeAsDuplicateAsync(duplicate.Id, original.Id, new MergeAsDuplicate(People.Stranger, "Same."), None);
        var unknownOriginal = await repository.MergeAsDuplicateAsync(duplicate.Id, unknown, command, None);
        var unknownDuplicate = await repository.MergeAsDuplicateAsync(unknown, original.Id, command, None);

        Assert.Equal(IncidentErrors.MergeIntoSelf, self.AsT1.Code);
        Assert.True(stranger.IsT1);
        Assert.Equal(StorageErrors.NotFound, unknownOriginal.AsT1.Code);
        Assert.Contains(unknown.ToString(), unknownOriginal.AsT1.Message, StringComparison.Ordinal);
        Assert.Equal(StorageErrors.NotFound, unknownDuplicate.AsT1.Code);
        Assert.Contains(unknown.ToString(), unknownDuplicate.AsT1.Message, StringComparison.Ordinal);
        Assert.Equal(appends, _store.AppendCalls);
        Assert.Equal(before, await HoldingsAsync(duplicate.Id, original.Id));
    }

    // ---------- verify and query ----------
    [Fact]
    public async Task VerifyAsync_StoredIncident_IsIntact()
    {
        var incident = await DriveToRespondingAsync();

        var report = await Repository().VerifyAsync(incident.Id, None);

        Assert.True(report.IsIntact);
    }

    [Fact]
    public async Task VerifyAsync_EventAlteredInTheStore_ReportsItsVersion()
    {
        var incident = await DriveToRespondingAsync();
        _store.AfterLoad = events => [.. events.Select(e => e.Version == 3 ? e with { Actor = new PersonId("mallory") } : e)];

        var report = await Repository().VerifyAsync(incident.Id, None);

        Assert.False(report.IsIntact);
        Assert.Equal(3, report.FirstBrokenVersion);
        Assert.NotNull(report.Problem);
    }

    [Fact]
    public async Task VerifyAsync_UnknownIncident_IsAnIntactEmptyChain()
        => Assert.True((await Repository().VerifyAsync(new IncidentId(Guid.Parse("0195a1b2-c3d4-7e5f-8a9b-000000000404")), None)).IsIntact);

    [Fact]
    public async Task QueryAsync_PassesTheQueryToTheStoreAndReturnsItsPage()
    {
        var page = new IncidentSummaryPage([], 42);
        _store.QueryAnswer = page;
        var query = new IncidentQuery { States = [IncidentState.Responding], Skip = 5, Take = 7 };

        var result = await Repository().QueryAsync(query, None);

        Assert.Same(page, result);
        Assert.Same(query, _store.LastQuery);
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Repository().QueryAsync(null!, None));
    }

    [Fact]
    public async Task QueryAsync_InMemoryStore_FiltersTheStoredSummaries()
    {
        var reported = await ReportAsync();
        var assessed = await ReportAsync();
        await DoAsync(assessed.Id, Assess());

        var page = await Repository().QueryAsync(new IncidentQuery { States = [IncidentState.Assessed] }, None);

        Assert.Equal([assessed.Id], page.Items.Select(s => s.Id));
        Assert.Equal(1, page.TotalCount);
        Assert.NotEqual(reported.Id, assessed.Id);
    }

    [Fact]
    public void Constructor_NullArguments_Throw()
    {
        var options = new IncidentStorageOptions();

        Assert.Throws<ArgumentNullException>(() => new IncidentRepository(null!, _scenario.Lifecycle, _serializer, options));
        Assert.Throws<ArgumentNullException>(() => new IncidentRepository(_store, null!, _serializer, options));
        Assert.Throws<ArgumentNullException>(() => new IncidentRepository(_store, _scenario.Lifecycle, null!, options));
        Assert.Throws<ArgumentNullException>(() => new IncidentRepository(_store, _scenario.Lifecycle, _serializer, null!));
        Assert.Same(_store, new IncidentRepository(_store, _scenario.Lifecycle, _serializer, options).Store);
    }

    [Fact]
    public async Task Methods_NullCommands_Throw()
    {
        var repository = Repository();
        var id = new IncidentId(Guid.Parse("0195a1b2-c3d4-7e5f-8a9b-000000000404"));

        await Assert.ThrowsAsync<ArgumentNullException>(async () => await repository.ReportAsync(null!, null, None));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await repository.ExecuteAsync(id, null!, None));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await repository.MergeAsDuplicateAsync(id, id, null!, None));
    }

    // The key the store holds for a plain-string key: scoped by the default source, hashed.
    private static string StoreKey(string key) => new IntakeKey(IncidentStorageOptions.DefaultIdempotencySource, key).StoreKey;

    private static AssessIncident Assess()
        => new(People.CustomerServiceRep, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.Medium, "One customer, personal data shown to another.");

    private IncidentRepository Repository(int retries = 3, IIncidentStore? store = null)
        => new(store ?? _store, _scenario.Lifecycle, _serializer, new IncidentStorageOptions { MaxConflictRetries = retries });

    private async Task<Incident> ReportAsync(IncidentRepository? repository = null, string? key = null)
    {
        _scenario.Time.Advance(Scenario.Step);
        var result = await (repository ?? Repository()).ReportAsync(Scenario.ReportCommand(), key, None);
        return result.Match(i => i, e => throw new InvalidOperationException($"The report was refused: {e}"));
    }

    private async Task<Incident> DoAsync(IncidentId id, IncidentCommand command, IncidentRepository? repository = null)
    {
        _scenario.Time.Advance(Scenario.Step);
        var result = await (repository ?? Repository()).ExecuteAsync(id, command, None);
        return result.Match(i => i, e => throw new InvalidOperationException($"{command.GetType().Name} was refused: {e}"));
    }

    private async Task<Incident> DriveToRespondingAsync()
    {
        var incident = await ReportAsync();
        await DoAsync(incident.Id, Assess());
        await DoAsync(incident.Id, _scenario.IssueCommand());
        await DoAsync(incident.Id, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)));
        await DoAsync(incident.Id, new CompleteDirective(People.CustomerServiceRep, new DirectiveId(1), "Collected."));
        return await DoAsync(incident.Id, new StartResponse(People.CustomerServiceManager));
    }

    // Everything the store holds about the incidents: every event (version, type, hash) and every summary.
    private async Task<string> HoldingsAsync(params IncidentId[] ids)
    {
        var text = new StringBuilder();
        foreach (var id in ids)
        {
            foreach (var e in await _store.Inner.LoadAsync(id, None))
            {
                text.Append($"{e.IncidentId}/{e.Version}/{e.EventType}/{Convert.ToHexString(e.Hash.Span)}\n");
            }
        }

        foreach (var summary in (await _store.Inner.QueryAsync(new IncidentQuery { Take = IncidentQuery.MaxPageSize }, None)).Items)
        {
            text.Append(summary).Append('\n');
        }

        return text.ToString();
    }
}
