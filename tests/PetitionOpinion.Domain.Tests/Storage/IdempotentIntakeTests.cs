using Microsoft.Extensions.Options;
using PetitionOpinion.Incidents;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Storage;

/// <summary>
/// Idempotent intake through <see cref="IncidentRepository.ReportAsync(ReportIncident, string?, CancellationToken)"/>: a key
/// reused with a different report is refused (<c>intake.idempotency_mismatch</c>), also when the key landed between the
/// look-up and the append.
/// </summary>
public sealed class IdempotentIntakeTests
{
    private const string Mismatch = "intake.idempotency_mismatch";
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

    private IncidentRepository Repository()
        => new(_store, _scenario.Lifecycle, new IncidentEventSerializer(), Options.Create(new PetitionOpinionOptions()));
}
