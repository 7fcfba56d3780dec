using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Storage;

/// <summary>
/// Idempotent intake through <see cref="IncidentRepository"/>: keys scoped by their source (another source's key of the
/// same text is another intake), a key reused with a different report refused (<c>intake.idempotency_mismatch</c>), also
/// when the key landed between the look-up and the append, and exactly one of simultaneous reports told it created the
/// incident. The store holds a hash of source and key.
/// </summary>
public sealed class IdempotentIntakeTests
{
    private const string Mismatch = "intake.idempotency_mismatch";

    // SHA-256 of 03 00 00 00 and "crmcase-4711" in UTF-16LE, worked out outside .NET.
    private const string GoldenStoreKey = "intake-v1:d2a7314f511255467d1688e0ebc57ef17d4efecbd0677f8b3926f29d1f5fa9ad";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly Scenario _scenario = new();
    private readonly ScriptedIncidentStore _store = new();

    [Fact]
    public async Task ReportAsync_SameKeyDifferentDescription_ReturnsIdempotencyMismatchAndStoresNothing()
    {
        var repository = Repository();
        var first = await repository.ReportAsync(Scenario.ReportCommand(), "crm:case-4711", None);

        _scenario.Time.Advance(Scenario.Step);
        var second = await repository.ReportAsync(Scenario.ReportCommand() with { Description = "Another case altogether." }, "crm:case-4711", None);

        Assert.True(first.IsT0);
        Assert.Equal(Mismatch, second.AsT1.Code);
        Assert.DoesNotContain("order history", second.AsT1.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await _store.Inner.QueryAsync(new IncidentQuery(), None)).TotalCount);
    }

    [Fact]
    public async Task ReportAsync_SameKeyDifferentKind_ReturnsIdempotencyMismatch()
    {
        var repository = Repository();
        await repository.ReportAsync(Scenario.ReportCommand(), "crm:case-4711", None);

        var second = await repository.ReportAsync(Scenario.ReportCommand(IncidentKind.PublicOpinion), "crm:case-4711", None);

        Assert.Equal(Mismatch, second.AsT1.Code);
    }

    [Fact]
    public async Task ReportAsync_SameKeyDifferentReportLandedAfterTheLookUp_ReturnsIdempotencyMismatch()
    {
        var repository = Repository();
        await repository.ReportAsync(Scenario.ReportCommand(), "crm:race", None);
        _store.ForgetIdempotencyKeys = true;

        _scenario.Time.Advance(Scenario.Step);
        var result = await repository.ReportAsync(Scenario.ReportCommand() with { Channel = IntakeChannel.SocialMedia }, "crm:race", None);

        Assert.Equal(Mismatch, result.AsT1.Code);
        Assert.Equal(2, _store.AppendCalls);
        Assert.Equal(1, (await _store.Inner.QueryAsync(new IncidentQuery(), None)).TotalCount);
    }

    [Fact]
    public async Task ReportAsync_IntakeKeySameReportTwice_FirstCreatesSecondReplaysTheSameIncident()
    {
        var repository = Repository();
        var key = new IntakeKey("crm", "case-4711");

        var first = (await repository.ReportOnceAsync(Scenario.ReportCommand(), key, None)).AsT0;
        _scenario.Time.Advance(Scenario.Step);
        var second = (await repository.ReportOnceAsync(Scenario.ReportCommand(), key, None)).AsT0;

        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal(first.Incident.Id, second.Incident.Id);
        Assert.Equal(first.Incident.ReportedAt, second.Incident.ReportedAt);

        // The key is not looked up before a report: the retry's append is refused by the store (DuplicateIntake) and
        // nothing of it is stored.
        Assert.Equal(2, _store.AppendCalls);
        Assert.Equal(1, (await _store.Inner.QueryAsync(new IncidentQuery(), None)).TotalCount);
        Assert.Equal(first.Incident.Id, await _store.Inner.FindByIdempotencyKeyAsync(key.StoreKey, None));
        Assert.Null(await _store.Inner.FindByIdempotencyKeyAsync("case-4711", None));
    }

    [Fact]
    public async Task ReportAsync_RetryOfAReportTheLifecycleNowRefuses_IsAnsweredAsItsReplay()
    {
        // A refused report looks its key up: a retry of one reported before is answered as what it was, whatever the
        // lifecycle would say of it now (here nobody may report any more).
        var key = new IntakeKey("crm", "4711");
        var first = (await Repository().ReportOnceAsync(Scenario.ReportCommand(), key, None)).AsT0;
        var strict = new Scenario(AuthorityMatrix.Default.With(IncidentAction.Report));
        var later = new IncidentRepository(_store, strict.Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions());

        var retry = (await later.ReportOnceAsync(Scenario.ReportCommand(), key, None)).AsT0;
        var fresh = await later.ReportOnceAsync(Scenario.ReportCommand(), new IntakeKey("crm", "4712"), None);

        Assert.True(retry.Replayed);
        Assert.Equal(first.Incident.Id, retry.Incident.Id);
        Assert.True(fresh.IsT1, "a report with a new key is refused, not replayed");
        Assert.Equal(1, _store.AppendCalls);
    }

    [Fact]
    public async Task ReportAsync_SameKeyFromAnotherSource_CreatesAnotherIncident()
    {
        var repository = Repository();

        var crm = (await repository.ReportOnceAsync(Scenario.ReportCommand(), new IntakeKey("crm", "4711"), None)).AsT0;
        var web = (await repository.ReportOnceAsync(Scenario.ReportCommand(), new IntakeKey("web", "4711"), None)).AsT0;
        var other = (await repository.ReportOnceAsync(Scenario.ReportCommand() with { Description = "Something else." }, new IntakeKey("mail", "4711"), None)).AsT0;

        Assert.False(crm.Replayed || web.Replayed || other.Replayed);
        Assert.Equal(3, new[] { crm.Incident.Id, web.Incident.Id, other.Incident.Id }.Distinct().Count());
        Assert.Equal(3, (await _store.Inner.QueryAsync(new IncidentQuery(), None)).TotalCount);
    }

    [Fact]
    public async Task ReportAsync_PlainKeyAndIntakeKeyOfTheDefaultSource_AreTheSameIntake()
    {
        var repository = Repository();

        var plain = (await repository.ReportAsync(Scenario.ReportCommand(), "crm-1", None)).AsT0;
        var scoped = (await repository.ReportOnceAsync(Scenario.ReportCommand(), new IntakeKey(IncidentStorageOptions.DefaultIdempotencySource, "crm-1"), None)).AsT0;

        Assert.True(scoped.Replayed);
        Assert.Equal(plain.Id, scoped.Incident.Id);
    }

    [Fact]
    public async Task ReportAsync_ConfiguredIdempotencySource_ScopesPlainKeys()
    {
        var crm = Repository(source: "crm");
        var web = Repository(source: "web");

        var first = (await crm.ReportAsync(Scenario.ReportCommand(), "4711", None)).AsT0;
        var second = (await web.ReportAsync(Scenario.ReportCommand(), "4711", None)).AsT0;
        var replay = (await web.ReportOnceAsync(Scenario.ReportCommand(), new IntakeKey("crm", "4711"), None)).AsT0;

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(first.Id, replay.Incident.Id);
        Assert.True(replay.Replayed);
    }

    [Fact]
    public async Task ReportAsync_SameReportLandedAfterTheLookUp_AnswersAReplayOfTheirIncident()
    {
        var repository = Repository();
        var key = new IntakeKey("crm", "race");
        var theirs = (await repository.ReportOnceAsync(Scenario.ReportCommand(), key, None)).AsT0;
        _store.ForgetIdempotencyKeys = true;

        _scenario.Time.Advance(Scenario.Step);
        var mine = (await repository.ReportOnceAsync(Scenario.ReportCommand(), key, None)).AsT0;

        Assert.True(mine.Replayed);
        Assert.Equal(theirs.Incident.Id, mine.Incident.Id);
        Assert.Equal(2, _store.AppendCalls);
        Assert.Equal(1, (await _store.Inner.QueryAsync(new IncidentQuery(), None)).TotalCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReportAsync_SixteenSimultaneousReportsWithOneKey_OneCreatesFifteenReplayOneIncident(bool everyLookUpMisses)
    {
        // everyLookUpMisses: each report misses the look-up, as if all sixteen looked before any appended, so that the
        // store's DuplicateIntake decides.
        _store.ForgetIdempotencyKeys = everyLookUpMisses;
        var repository = Repository();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reports = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return (await repository.ReportOnceAsync(Scenario.ReportCommand(), new IntakeKey("crm", "burst"), None)).Match(o => o, e => throw new InvalidOperationException(e.ToString()));
        })).ToArray();

        start.SetResult();
        var outcomes = await Task.WhenAll(reports);

        Assert.Single(outcomes, o => !o.Replayed);
        Assert.Single(outcomes.Select(o => o.Incident.Id).Distinct());
        Assert.Equal(1, (await _store.Inner.QueryAsync(new IncidentQuery(), None)).TotalCount);
        if (everyLookUpMisses)
        {
            Assert.Equal(16, _store.AppendCalls);
        }
    }

    [Fact]
    public async Task ReportAsync_KeyStoredBeforeKeysWereScoped_IsAnotherIntake()
    {
        // An incident stored with the raw, unscoped key (as before scoping): the scoped look-up does not find it, so a retry
        // creates a new incident — never a replay of whoever used that raw key.
        var old = _scenario.Report();
        Assert.Equal(AppendStatus.Appended, (await _store.Inner.AppendAsync(new AppendRequest([new IncidentAppend(old.Id, 0, new IncidentEventSerializer().SerializeAll(old.PendingEvents, null), IncidentSummaries.Of(old), "crm-1")], []), None)).Status);

        var outcome = (await Repository().ReportAsync(Scenario.ReportCommand(), "crm-1", None)).AsT0;

        Assert.NotEqual(old.Id, outcome.Id);
        Assert.Equal(old.Id, await _store.Inner.FindByIdempotencyKeyAsync("crm-1", None));
        Assert.Equal(2, (await _store.Inner.QueryAsync(new IncidentQuery(), None)).TotalCount);
    }

    [Theory]
    [InlineData("", "k")]
    [InlineData(" \t", "k")]
    [InlineData("crm", "")]
    [InlineData("crm", " ")]
    [InlineData(null, "k", 201)]
    [InlineData("crm", null, 201)]
    public async Task ReportAsync_InvalidSourceOrKey_ReturnsValidationInvalidAndStoresNothing(string? source, string? key, int length = 0)
    {
        var intake = new IntakeKey(source ?? new string('s', length), key ?? new string('k', length));

        var result = await Repository().ReportOnceAsync(Scenario.ReportCommand(), intake, None);

        Assert.Equal("validation.invalid", result.AsT1.Code);
        Assert.Equal(0, _store.AppendCalls);
    }

    [Fact]
    public async Task ReportAsync_DefaultIntakeKey_ThrowsArgumentNullException()
        => await Assert.ThrowsAsync<ArgumentNullException>(async () => await Repository().ReportOnceAsync(Scenario.ReportCommand(), default(IntakeKey), None));

    [Fact]
    public async Task ReportAsync_SameKeyReportedByAnotherActor_ReturnsIdempotencyMismatch()
    {
        var repository = Repository();
        await repository.ReportOnceAsync(Scenario.ReportCommand(), new IntakeKey("crm", "4711"), None);

        var other = await repository.ReportOnceAsync(Scenario.ReportCommand(actor: People.CustomerServiceManager), new IntakeKey("crm", "4711"), None);

        Assert.Equal(Mismatch, other.AsT1.Code);
    }

    [Fact]
    public void StoreKey_AnySourceAndKey_IsAFixedLengthHashThatNeverHoldsTheRawKey()
    {
        var key = new IntakeKey("crm", "13800000000");
        var longest = new IntakeKey(new string('s', IntakeKey.MaxLength), new string('键', IntakeKey.MaxLength));

        Assert.StartsWith(IntakeKey.StoreKeyPrefix, key.StoreKey, StringComparison.Ordinal);
        Assert.Equal(74, key.StoreKey.Length);
        Assert.Equal(74, longest.StoreKey.Length);
        Assert.DoesNotContain("13800000000", key.StoreKey, StringComparison.Ordinal);
        Assert.Equal(key.StoreKey, new IntakeKey("crm", "13800000000").StoreKey);
    }

    [Fact]
    public void StoreKey_KnownSourceAndKey_IsStableAcrossVersions()
        // Stored keys must keep meaning the same intake after an upgrade: a change here forgets every stored key.
        => Assert.Equal(GoldenStoreKey, new IntakeKey("crm", "case-4711").StoreKey);

    [Theory]
    [InlineData("ab", "c", "a", "bc")]
    [InlineData("crm", "Case-1", "crm", "case-1")]
    [InlineData("crm", "case-1", "CRM", "case-1")]
    [InlineData("crm", "\\ud800", "crm", "\\ufffd")]
    [InlineData("crm", "k ", "crm", "k")]
    public void StoreKey_DifferentSourcesOrKeys_Differ(string source1, string key1, string source2, string key2)
        => Assert.NotEqual(new IntakeKey(Unescape(source1), Unescape(key1)).StoreKey, new IntakeKey(Unescape(source2), Unescape(key2)).StoreKey);

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(null, 201)]
    public void Validate_InvalidIdempotencySource_FailsListingThePath(string? source, int length = 0)
    {
        var services = new ServiceCollection();
        services.AddPetitionOpinion(o =>
        {
            o.ConfigureOrganization(b => Scenario.AddPeople(b));
            o.Storage.IdempotencySource = source ?? new string('s', length);
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal("[storage.invalid] Storage:IdempotencySource: must be 1 to 200 characters and not white space.", Assert.Single(error.Failures));
    }

    private static string Unescape(string text) => System.Text.RegularExpressions.Regex.Unescape(text);

    private IncidentRepository Repository(string? source = null)
        => new(_store, _scenario.Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions { IdempotencySource = source ?? IncidentStorageOptions.DefaultIdempotencySource });
}
