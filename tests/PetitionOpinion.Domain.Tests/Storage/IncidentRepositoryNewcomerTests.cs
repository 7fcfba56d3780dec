using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Storage;

/// <summary>
/// The repository as a back end's first code calls it (issue 18's consumer frictions): no cancellation token or
/// idempotency key to pass, a directive due "within four hours" whose id comes back, "why not?" asked of the stored
/// incident, statistics without a clock or an offset to resolve — each error kept, never thrown.
/// </summary>
public sealed class IncidentRepositoryNewcomerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(Scenario.Start);
    private readonly ServiceProvider _services;
    private readonly IncidentRepository _repository;

    public IncidentRepositoryNewcomerTests()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(People.ConfigurationValues()).Build();
        _services = new ServiceCollection()
            .AddSingleton<TimeProvider>(_time)
            .AddPetitionOpinion(configuration.GetSection("PetitionOpinion")).Services
            .BuildServiceProvider();
        _repository = _services.GetRequiredService<IncidentRepository>();
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task ReportAsync_CommandOnly_ReportsWithoutAKeyOrAToken()
    {
        var reported = await _repository.ReportAsync(Scenario.ReportCommand());

        Assert.True(reported.TryPickT0(out var incident, out _));
        Assert.Equal(IncidentState.Reported, incident.State);
    }

    [Fact]
    public async Task ReportAsync_CommandAndToken_ReportsWithoutANullKey()
    {
        using var cancellation = new CancellationTokenSource();

        var reported = await _repository.ReportAsync(Scenario.ReportCommand(), cancellation.Token);

        Assert.True(reported.IsT0);
    }

    [Fact]
    public async Task ReportAsync_CommandAndKey_ReplaysWithoutAToken()
    {
        var first = await _repository.ReportAsync(Scenario.ReportCommand(), "crm:case-1");
        var second = await _repository.ReportAsync(Scenario.ReportCommand(), "crm:case-1");

        Assert.Equal(first.AsT0.Id, second.AsT0.Id);
    }

    [Fact]
    public async Task IssueDirectiveAsync_RelativeDueTime_AnswersTheDirectiveDueOnTheLibraryClock()
    {
        var id = await AssessedIncidentAsync();
        _time.Advance(TimeSpan.FromMinutes(7));

        var issued = await _repository.IssueDirectiveAsync(id, new IssueDirective(
            People.CustomerServiceRep, DirectiveKind.InformationCollection, WellKnownGroups.PetitionHandlingGroup, "Collect the account history.", TimeSpan.FromHours(4)));

        Assert.True(issued.TryPickT0(out var outcome, out var error), error?.ToString());
        Assert.Equal(new DirectiveId(1), outcome.Directive.Id);
        Assert.Equal(_time.GetUtcNow().AddHours(4), outcome.Directive.DueAt);
        Assert.Equal(IncidentState.Directed, outcome.Incident.State);
        var acknowledged = await _repository.ExecuteAsync(id, new AcknowledgeDirective(People.CustomerServiceRep, outcome.Directive.Id));
        Assert.True(acknowledged.IsT0, acknowledged.IsT1 ? acknowledged.AsT1.ToString() : null);
    }

    [Fact]
    public async Task IssueDirectiveAsync_Refused_ReturnsTheErrorAndStoresNothing()
    {
        var id = await AssessedIncidentAsync();
        var before = (await _repository.GetAsync(id)).AsT0.Version;

        var issued = await _repository.IssueDirectiveAsync(id, new IssueDirective(
            People.CustomerServiceRep, DirectiveKind.InformationCollection, new GroupId("no-such-group"), "Collect.", TimeSpan.FromHours(4)));

        Assert.Equal(IncidentErrors.UnknownGroup, issued.AsT1.Code);
        Assert.Equal(before, (await _repository.GetAsync(id)).AsT0.Version);
    }

    [Fact]
    public async Task WhyNotAsync_StoredIncident_GivesTheLifecycleReasons()
    {
        var id = (await _repository.ReportAsync(Scenario.ReportCommand())).AsT0.Id;
        var incident = (await _repository.GetAsync(id)).AsT0;
        var lifecycle = _services.GetRequiredService<IncidentLifecycle>();

        var reasons = await _repository.WhyNotAsync(id, IncidentAction.Resolve, People.CustomerServiceRep);

        Assert.NotEmpty(reasons);
        Assert.Equal(lifecycle.WhyNot(incident, IncidentAction.Resolve, People.CustomerServiceRep), reasons);
        Assert.Equal(reasons, _repository.WhyNot(incident, IncidentAction.Resolve, People.CustomerServiceRep));
        Assert.Empty(await _repository.WhyNotAsync(id, IncidentAction.Assess, People.CustomerServiceRep));
    }

    [Fact]
    public async Task WhyNotAsync_UnknownIncident_TheReasonIsNotFound()
    {
        var reasons = await _repository.WhyNotAsync(IncidentId.From(Guid.NewGuid()), IncidentAction.Resolve);

        Assert.Equal([StorageErrors.NotFound], reasons.Select(r => r.Code));
    }

    [Fact]
    public async Task GetStatisticsAsync_NoArguments_CountsTheStoredIncidentsAsOfTheLibraryClock()
    {
        await _repository.ReportAsync(Scenario.ReportCommand());
        await AssessedIncidentAsync();

        var statistics = await _repository.GetStatisticsAsync();

        Assert.Equal(2, statistics.Total);
        Assert.Equal(_time.GetUtcNow(), statistics.AsOf);
    }

    private async Task<IncidentId> AssessedIncidentAsync()
    {
        var id = (await _repository.ReportAsync(Scenario.ReportCommand())).AsT0.Id;
        var assessed = await _repository.ExecuteAsync(id, new AssessIncident(
            People.CustomerServiceRep, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.Medium, "One customer."));
        Assert.True(assessed.IsT0, assessed.IsT1 ? assessed.AsT1.ToString() : null);
        return id;
    }
}
