using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PetitionOpinion.Incidents;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Common;

/// <summary>
/// <see cref="InputLimitsOptions"/>: documented defaults, validated at start-up with their configuration path, bound from
/// <c>PetitionOpinion:Limits</c> and used by the lifecycle for every count, length and due time.
/// </summary>
public sealed class InputLimitsOptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var limits = new PetitionOpinionOptions().Limits;

        Assert.Equal((200, 2_000, 20_000), (limits.NameLength, limits.ShortTextLength, limits.LongTextLength));
        Assert.Equal((50, 200, 200, 10_000), (limits.ClosureReportItems, limits.DirectivesPerIncident, limits.RecordsPerIncident, limits.EventsPerIncident));
        Assert.Equal(TimeSpan.FromDays(1_826), limits.DueTimeHorizon);
        Assert.Empty(limits.Validate("Limits").Lines());
    }

    [Theory]
    [InlineData("NameLength", "0")]
    [InlineData("ShortTextLength", "-1")]
    [InlineData("LongTextLength", "200001")]
    [InlineData("ClosureReportItems", "0")]
    [InlineData("DirectivesPerIncident", "10001")]
    [InlineData("RecordsPerIncident", "0")]
    [InlineData("EventsPerIncident", "9")]
    [InlineData("DueTimeHorizon", "36526.00:00:00")]
    [InlineData("DueTimeHorizon", "00:59:00")]
    public async Task StartAsync_LimitOutOfRange_FailsNamingThePath(string key, string value)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(People.ConfigurationValues()) { [$"PetitionOpinion:Limits:{key}"] = value });
        builder.Services.AddPetitionOpinion(builder.Configuration.GetSection("PetitionOpinion"));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, f => f.StartsWith($"[limits.invalid] Limits:{key}:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NameLongerThanShortText_FailsNamingBoth()
    {
        var limits = new InputLimitsOptions { NameLength = 500, ShortTextLength = 400 };

        var failure = Assert.Single(limits.Validate("Limits").Lines());

        Assert.Contains("NameLength (500)", failure, StringComparison.Ordinal);
        Assert.Contains("ShortTextLength (400)", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidLimits_Throws()
    {
        var scenario = new Scenario();

        Assert.Throws<ArgumentException>(() => new IncidentLifecycle(scenario.Organization, scenario.Authority, scenario.Time, new SequentialIncidentIds(), limits: new InputLimitsOptions { ClosureReportItems = 0 }));
    }

    [Fact]
    public void AddPetitionOpinion_LimitsFromConfiguration_AreUsedByTheLifecycle()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(People.ConfigurationValues())
        {
            ["PetitionOpinion:Limits:NameLength"] = "10",
            ["PetitionOpinion:Limits:DirectivesPerIncident"] = "1",
        }).Build();
        using var provider = new ServiceCollection().AddPetitionOpinion(configuration.GetSection("PetitionOpinion")).Services.BuildServiceProvider();
        var lifecycle = provider.GetRequiredService<IncidentLifecycle>();

        var error = lifecycle.Report(Scenario.ReportCommand() with { Petitioner = new PetitionerDetails("Wang Fang the Elder", null), ComplainedAbout = null }).AsT1;

        Assert.Equal("validation.too_long", error.Code);
        Assert.Contains("at most 10", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, lifecycle.Limits.DirectivesPerIncident);
    }

    [Fact]
    public void IssueDirective_OverTheDirectivesLimit_ReturnsTooMany()
    {
        var scenario = new Scenario();
        var lifecycle = new IncidentLifecycle(scenario.Organization, scenario.Authority, scenario.Time, new SequentialIncidentIds(), limits: new InputLimitsOptions { DirectivesPerIncident = 2 });
        var incident = lifecycle.Report(Scenario.ReportCommand()).AsT0;
        lifecycle.Execute(incident, new AssessIncident(People.CustomerServiceRep, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.Low, "One customer."));
        Assert.True(lifecycle.Execute(incident, scenario.IssueCommand()).IsT0);
        Assert.True(lifecycle.Execute(incident, scenario.IssueCommand()).IsT0);

        var error = lifecycle.Execute(incident, scenario.IssueCommand()).AsT1;

        Assert.Equal("validation.too_many", error.Code);
        Assert.Contains("at most 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, incident.Directives.Count);
    }

    [Fact]
    public void DraftStatement_OverTheRecordsLimit_ReturnsTooMany()
    {
        var scenario = new Scenario();
        var lifecycle = new IncidentLifecycle(scenario.Organization, scenario.Authority, scenario.Time, new SequentialIncidentIds(), limits: new InputLimitsOptions { RecordsPerIncident = 1 });
        var incident = Responding(scenario, lifecycle);
        Assert.True(lifecycle.Execute(incident, new DraftStatement(People.PrManager, "First", "Body.")).IsT0);

        var error = lifecycle.Execute(incident, new DraftStatement(People.PrManager, "Second", "Body.")).AsT1;

        Assert.Equal("validation.too_many", error.Code);
        Assert.Contains("Statements per incident", error.Message, StringComparison.Ordinal);
        Assert.True(lifecycle.Execute(incident, new RecordCommunication(People.CustomerServiceRep, IntakeChannel.Hotline, "Called.", "Reassured.")).IsT0);
        Assert.Equal("validation.too_many", lifecycle.Execute(incident, new RecordCommunication(People.CustomerServiceRep, IntakeChannel.Hotline, "Called.", "Reassured.")).AsT1.Code);
    }

    [Fact]
    public void Execute_HistoryAtTheEventsLimit_ReturnsTooManyAndRecordsNothing()
    {
        var scenario = new Scenario();
        var lifecycle = new IncidentLifecycle(scenario.Organization, scenario.Authority, scenario.Time, new SequentialIncidentIds(), limits: new InputLimitsOptions { EventsPerIncident = 10 });
        var incident = lifecycle.Report(Scenario.ReportCommand()).AsT0;
        for (var i = 0; i < 9; i++)
        {
            var step = i % 2 == 0 ? (IncidentCommand)new PauseDeadlines(People.CustomerServiceRep, "Waiting.") : new ResumeDeadlines(People.CustomerServiceRep);
            Assert.True(lifecycle.Execute(incident, step).IsT0);
        }

        var error = lifecycle.Execute(incident, new ResumeDeadlines(People.CustomerServiceRep)).AsT1;

        Assert.Equal("validation.too_many", error.Code);
        Assert.Contains("Events per incident: at most 10", error.Message, StringComparison.Ordinal);
        Assert.Equal(10, incident.Version);
    }

    [Fact]
    public void IssueDirective_JustWithinAndJustBeyondTheHorizon_AcceptedThenRefused()
    {
        var scenario = new Scenario();
        var incident = scenario.Drive(IncidentState.Assessed);
        var horizon = new InputLimitsOptions().DueTimeHorizon;

        Assert.True(scenario.Lifecycle.Execute(incident, scenario.IssueCommand() with { DueAt = scenario.Now + horizon }).IsT0);
        Assert.Equal("validation.out_of_range", scenario.Lifecycle.Execute(incident, scenario.IssueCommand() with { DueAt = scenario.Now + horizon + TimeSpan.FromMinutes(1) }).AsT1.Code);
    }

    private static Incident Responding(Scenario scenario, IncidentLifecycle lifecycle)
    {
        var incident = lifecycle.Report(Scenario.ReportCommand()).AsT0;
        foreach (IncidentCommand command in new IncidentCommand[]
        {
            new AssessIncident(People.CustomerServiceRep, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.Low, "One customer."),
            scenario.IssueCommand(),
            new CancelDirective(People.CustomerServiceRep, new DirectiveId(1), "Not needed."),
            new StartResponse(People.CustomerServiceRep),
        })
        {
            lifecycle.Execute(incident, command).Switch(_ => { }, e => throw new InvalidOperationException(e.ToString()));
        }

        return incident;
    }
}
