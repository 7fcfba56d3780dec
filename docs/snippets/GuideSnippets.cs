using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PetitionOpinion.Assessment;
using PetitionOpinion.Hosting;
using PetitionOpinion.Incidents;
using PetitionOpinion.Monitoring;
using PetitionOpinion.Notifications;
using PetitionOpinion.Organization;
using PetitionOpinion.Storage;
using PetitionOpinion.Storage.Conformance;

namespace PetitionOpinion.Docs.Snippets;

/// <summary>The guide's examples: getting started, the CRM, operating the background loops.</summary>
internal static class GuideSnippets
{
    public static async Task GettingStarted(string[] args)
    {
        // <getting-started-host>
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services
            .AddPetitionOpinion(builder.Configuration.GetSection("PetitionOpinion")) // organisation, rules, deadlines...
            .UseSqliteStore("incidents.db")                                          // package PetitionOpinion.Storage.Sqlite
            .AddNotificationChannel<MailChannel>()                                   // your INotificationChannel
            .AddPetitionOpinionHosting();                                            // package PetitionOpinion.Hosting: the two loops
        using var host = builder.Build();
        await host.StartAsync();                                                     // validates every option first
        // </getting-started-host>
    }

    public static OrganizationBuilder DepartmentGroups()
    {
        // <department-groups>
        var technicalSupport = GroupId.From("technical-support");
        var organization = OrganizationTemplates.Seed()
            .AddGroup(technicalSupport, "Technical Support Department", "技术支持部", "Carry out the directives it is given.")
            .AddPosition(technicalSupport, PositionId.From("technical-support.head"), "Head of Technical Support", "技术支持部负责人", GroupRole.Leader, Departments.TechnicalSupport)
            .AddPosition(technicalSupport, PositionId.From("technical-support.engineer"), "Support Engineer", "技术支持工程师", GroupRole.Member, Departments.TechnicalSupport, required: false);
        // the same for "legal" and "public-relations"; then add people and assign them, as for the plan's groups
        // </department-groups>
        return organization;
    }

    public static async Task Crm(IncidentRepository repository, PersonId csManager, IncidentId incidentId, CancellationToken cancellationToken)
    {
        // <crm-grade>
        // One complaint record of the CRM, as facts. Nothing else is needed: no storage, no DI, no incident.
        var facts = new RiskFacts
        {
            Category = RiskCategory.ProductQuality,
            Channel = IntakeChannel.OnlineService,
            Complainants = 12,                 // a group complaint (≥ 5)
            Injuries = 1,
            PriorPetitionsWithin90Days = 2,
        };

        var outcome = RiskRuleSet.Default.Assess(facts);
        if (outcome.TryPickT1(out var unknownCategory, out var assessment))
        {
            Console.WriteLine(unknownCategory.Message);   // a category the rule set does not know
            return;
        }

        Console.WriteLine($"Level {assessment.Level}, scope {assessment.Scope}, acknowledge within {assessment.Targets.Acknowledge}");
        Console.WriteLine(string.Join(", ", assessment.GroupsToActivate));   // the groups that must act
        foreach (var rule in assessment.FiredRules)
        {
            Console.WriteLine($"  {rule.Id}: {rule.Description}");          // why: every rule that fired
        }
        // </crm-grade>

        // <crm-record>
        // Later, in the case-handling back end: the same assessment recorded on the incident, rationale and rule-set hash included.
        await repository.ExecuteAsync(incidentId, AssessIncident.From(csManager, assessment), cancellationToken);
        // </crm-record>
    }

    public static async Task IntakeKeys(IncidentRepository repository, ReportIncident report, CancellationToken cancellationToken)
    {
        // <storage-intake-key>
        // The CRM's case number, scoped by the CRM: another source's "case-4711" is another intake.
        var intake = await repository.ReportOnceAsync(report, new IntakeKey("crm", "case-4711"), cancellationToken);
        intake.Switch(
            outcome => Console.WriteLine(outcome.Replayed
                ? $"{outcome.Incident.Id} was reported before: nothing new"      // a retry of the same report
                : $"{outcome.Incident.Id} reported"),                            // exactly one caller sees this
            error => Console.WriteLine($"{error.Code}: {error.Message}"));         // intake.idempotency_mismatch: same key, other report
        // </storage-intake-key>
    }

    public static async Task<List<IncidentSummary>> WalkClosedIncidents(IIncidentStore store, CancellationToken cancellationToken)
    {
        // <storage-keyset-walk>
        // Every closed incident, 500 at a time: no count, each page starting after the previous page's last summary.
        var closed = new List<IncidentSummary>();
        IncidentPageCursor? after = null;
        do
        {
            var query = new IncidentQuery { States = [IncidentState.Closed], Take = 500, CountTotal = false, After = after };
            var page = await store.QueryAsync(query, cancellationToken);
            closed.AddRange(page.Items);
            after = page.Next;                                                   // null on the last page (HasMore false)
        }
        while (after is not null);
        // </storage-keyset-walk>
        return closed;
    }
}

internal static class OperationsSnippets
{
    public static void Hosting(string[] args)
    {
        // <operations-hosting>
        var builder = WebApplication.CreateBuilder(args);
        builder.Services
            .AddPetitionOpinion(builder.Configuration.GetSection("PetitionOpinion"))
            .UsePostgreSqlStore(builder.Configuration["ConnectionStrings:Incidents"]!)
            .AddWeComRobot(builder.Configuration.GetSection("Notifications:WeCom"))
            .AddPetitionOpinionHosting(builder.Configuration.GetSection("PetitionOpinion:Hosting")); // both loops, options checked at start-up
        builder.Services.AddHealthChecks().AddPetitionOpinionChecks();                             // store, outbox, scans, channels, audit key, loops

        var app = builder.Build();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(PetitionOpinionHealthChecks.ReadyTag) });
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains(PetitionOpinionHealthChecks.LiveTag) });
        app.Run();
        // </operations-hosting>
    }

    public static void Feed(IPetitionOpinionBuilder petitionOpinion)
    {
        // <operations-feed>
        petitionOpinion.AddOpinionFeedService<VendorMentionFeed>(); // the opinion monitor reads it in a hosted service
        // </operations-feed>
    }
}

// <operations-monitor>
/// <summary>Where mentions come from: your crawler or your monitoring vendor's API.</summary>
public sealed class VendorMentionFeed(HttpClient vendor) : IMentionFeed
{
    /// <summary>Reads mentions as the vendor's stream delivers them.</summary>
    public async IAsyncEnumerable<MentionSignal> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var mention in vendor.GetFromJsonAsAsyncEnumerable<MentionSignal>("mentions/stream", cancellationToken))
        {
            yield return mention;
        }
    }
}
// </operations-monitor>

// <notification-channel>
/// <summary>Posts each notification to the company's mail gateway (an HTTP API).</summary>
public sealed class MailChannel(HttpClient http) : INotificationChannel
{
    public string Name => "mail";

    public async ValueTask DeliverAsync(Notification notification, CancellationToken cancellationToken)
    {
        // The body is already redacted for this recipient; the key lets the gateway drop a repeated delivery.
        using var response = await http.PostAsJsonAsync("https://mail.example.com/api/send", new
        {
            id = notification.DeduplicationKey,
            to = notification.Recipient.Value,
            subject = notification.Subject,
            text = notification.Body,
        }, cancellationToken);
        response.EnsureSuccessStatusCode();   // throwing = failed: the dispatcher retries with back-off
    }
}
// </notification-channel>

// <storage-adapter-tests>
/// <summary>A new store passes the same contract tests as the library's own: inherit the kit, say how to make a store.</summary>
public sealed class MyStoreConformanceTests : IncidentStoreConformanceTests
{
    protected override ValueTask<IIncidentStore> CreateStoreAsync()
        => ValueTask.FromResult<IIncidentStore>(new InMemoryIncidentStore(Scenario.Time));   // your store, empty, on the kit's clock

    // Optional: let the kit break things to check atomicity and tamper detection.
    protected override ValueTask<bool> TryTamperAsync(IIncidentStore store, IncidentId id, int version)
        => ValueTask.FromResult(false);
}
// </storage-adapter-tests>
