namespace PetitionOpinion.Storage.Conformance;

/// <content>Idempotent intake: a key seen before names the existing incident and creates nothing.</content>
public abstract partial class IncidentStoreConformanceTests
{
    /// <summary>Checks <c>AppendAsync</c> — new incident with key: key finds it.</summary>
    [Fact]
    public async Task AppendAsync_NewIncidentWithKey_KeyFindsIt()
    {
        var incident = await ReportAndSaveAsync("crm:case/4711");

        Assert.Equal(incident.Id, await Store.FindByIdempotencyKeyAsync("crm:case/4711", None));
        Assert.Null(await Store.FindByIdempotencyKeyAsync("crm:case/4712", None));
    }

    /// <summary>Checks <c>AppendAsync</c> — key seen before: returns duplicate intake with the existing incident and writes nothing.</summary>
    [Fact]
    public async Task AppendAsync_KeySeenBefore_ReturnsDuplicateIntakeWithTheExistingIncidentAndWritesNothing()
    {
        var existing = await ReportAndSaveAsync("crm-1");
        var second = Scenario.Report();
        var before = await DescribeStoreAsync([existing.Id, second.Id], ["crm-1"]);

        var result = await AppendAsync([Scenario.Append(second, null, "crm-1")], Message(second.Id, "duplicate"));

        Assert.Equal(AppendResult.DuplicateIntake(existing.Id), result);
        Assert.Equal(before, await DescribeStoreAsync([existing.Id, second.Id], ["crm-1"]));
        Assert.Empty(await Store.LoadAsync(second.Id, None));
    }

    /// <summary>Checks <c>AppendAsync</c> — key seen before in amulti incident request: writes none of it.</summary>
    [Fact]
    public async Task AppendAsync_KeySeenBeforeInAMultiIncidentRequest_WritesNoneOfIt()
    {
        var existing = await ReportAndSaveAsync("crm-1");
        var other = await ReportAndSaveAsync();
        var second = Scenario.Report();
        var before = await DescribeStoreAsync([existing.Id, other.Id, second.Id], ["crm-1"]);
        Scenario.Assess(other);
        var otherAppend = Scenario.Append(other, (await Store.LoadAsync(other.Id, None))[^1]);

        var result = await AppendAsync([otherAppend, Scenario.Append(second, null, "crm-1")], Message(other.Id, "x"));

        Assert.Equal(AppendResult.DuplicateIntake(existing.Id), result);
        Assert.Equal(before, await DescribeStoreAsync([existing.Id, other.Id, second.Id], ["crm-1"]));
    }

    /// <summary>Checks <c>FindByIdempotencyKeyAsync</c> — keys differing only in case or white space: are different keys.</summary>
    [Fact]
    public async Task FindByIdempotencyKeyAsync_KeysDifferingOnlyInCaseOrWhiteSpace_AreDifferentKeys()
    {
        // Keys compare ordinally: a store must not fold case, trim or normalise them.
        var upper = await ReportAndSaveAsync("CRM-1");
        var lower = await ReportAndSaveAsync("crm-1");
        var padded = await ReportAndSaveAsync(" crm-1 ");

        Assert.Equal(upper.Id, await Store.FindByIdempotencyKeyAsync("CRM-1", None));
        Assert.Equal(lower.Id, await Store.FindByIdempotencyKeyAsync("crm-1", None));
        Assert.Equal(padded.Id, await Store.FindByIdempotencyKeyAsync(" crm-1 ", None));
        Assert.Null(await Store.FindByIdempotencyKeyAsync("Crm-1", None));
        Assert.Null(await Store.FindByIdempotencyKeyAsync("crm-1 ", None));
    }

    /// <summary>Checks <c>FindByIdempotencyKeyAsync</c> — long unicode key: round trips.</summary>
    [Fact]
    public async Task FindByIdempotencyKeyAsync_LongUnicodeKey_RoundTrips()
    {
        var key = string.Concat(Enumerable.Repeat("投诉-🙂-ß", 40))[..200];
        var incident = await ReportAndSaveAsync(key);

        Assert.Equal(incident.Id, await Store.FindByIdempotencyKeyAsync(key, None));
        Assert.Null(await Store.FindByIdempotencyKeyAsync(key[..199], None));
    }

    /// <summary>Checks <c>AppendAsync</c> — incident without key: registers no key.</summary>
    [Fact]
    public async Task AppendAsync_IncidentWithoutKey_RegistersNoKey()
    {
        var incident = await ReportAndSaveAsync();
        Scenario.Assess(incident);
        await SaveAsync(incident);

        Assert.Null(await Store.FindByIdempotencyKeyAsync(incident.Id.ToString(), None));
        Assert.Null(await Store.FindByIdempotencyKeyAsync(string.Empty, None));
    }

    /// <summary>Checks <c>ReportAsync</c> — same key and report twice: returns the first incident and stores one.</summary>
    [Fact]
    public async Task ReportAsync_SameKeyTwice_ReturnsTheFirstIncidentAndStoresOne()
    {
        var repository = Scenario.Repository(Store);
        var command = ConformanceScenario.ReportCommand();

        var first = (await repository.ReportAsync(command, "crm-77", None)).AsT0;
        Scenario.Time.Advance(TimeSpan.FromMinutes(1));
        var second = (await repository.ReportAsync(command, "crm-77", None)).AsT0;

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.ReportedAt, second.ReportedAt);
        Assert.Equal(1, (await Store.QueryAsync(new IncidentQuery(), None)).TotalCount);
        Assert.Single(await Store.LoadAsync(first.Id, None));
    }

    /// <summary>Checks <c>ReportAsync</c> — same key from eight callers at once: all get one incident, and exactly one is told it created it.</summary>
    [Fact]
    public async Task ReportAsync_SameKeyFromEightCallersAtOnce_AllGetOneIncident()
    {
        var repository = Scenario.Repository(Store);
        var command = ConformanceScenario.ReportCommand();
        var key = new IntakeKey("crm", "crm-race");
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return (await repository.ReportOnceAsync(command, key, None)).Match(o => o, e => throw new InvalidOperationException(e.ToString()));
        })).ToList();

        start.SetResult();
        var outcomes = await Task.WhenAll(callers);

        var id = Assert.Single(outcomes.Select(o => o.Incident.Id).Distinct());
        Assert.Single(outcomes, o => !o.Replayed);
        Assert.Equal(id, await Store.FindByIdempotencyKeyAsync(key.StoreKey, None));
        Assert.Equal(1, (await Store.QueryAsync(new IncidentQuery(), None)).TotalCount);
        Assert.Single(await Store.LoadAsync(id, None));
    }
}
