// An application on the packed PetitionOpinion packages, as a company writes one (eng/consume-packages.sh builds, runs
// and publishes it from a local folder feed). Its output holds no ids, times or paths, so that the output of a native
// AOT or trimmed build can be compared with the normal build's line for line.
//   crm      the rules alone (PetitionOpinion.Domain): complaints graded by the default risk rules, no container
//   backend  a generic host: options bound from appsettings.json, a SQLite store, the hosted loops and the health checks;
//            an incident reported, assessed and sent to the departments, the notifications delivered, the audit trail
//            read back and verified, a signed webhook's signature checked
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using PetitionOpinion;
using PetitionOpinion.Assessment;
using PetitionOpinion.Incidents;
using PetitionOpinion.Notifications;
using PetitionOpinion.Notifications.Webhooks;
using PetitionOpinion.Organization;

Console.OutputEncoding = Encoding.UTF8;
return args switch
{
    ["crm"] => Crm(),
    ["backend"] => await BackendAsync(),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: PetitionOpinion.PackageConsumer crm|backend");
    return 2;
}

static int Crm()
{
    var rules = RiskRuleSet.Default;
    Console.WriteLine($"CRM: rule set {rules.Id}, {rules.Rules.Count} rules");
    var complaints = new (string Id, RiskFacts Facts)[]
    {
        ("late-parcel", new RiskFacts { Category = RiskCategory.ServiceAttitude, Channel = IntakeChannel.Hotline, Kind = IncidentKind.Petition }),
        ("data-leak", new RiskFacts { Category = RiskCategory.DataPrivacy, Channel = IntakeChannel.Email, Kind = IncidentKind.Petition, Complainants = 40, PersonalDataRecordsAffected = 12_000 }),
        ("viral-post", new RiskFacts { Category = RiskCategory.ProductQuality, Channel = IntakeChannel.SocialMedia, Kind = IncidentKind.PublicOpinion, Reach = 2_600_000, NegativeShare = 0.8, MainstreamMediaCoverage = true }),
        ("injury", new RiskFacts { Category = RiskCategory.ProductQuality, Channel = IntakeChannel.Hotline, Kind = IncidentKind.Petition, Injuries = 3, RegulatorInvolved = true }),
    };
    foreach (var (id, facts) in complaints)
    {
        rules.Assess(facts).Switch(
            assessment => Console.WriteLine($"  {id}: level {assessment.Level}, scope {assessment.Scope}, rules {(assessment.FiredRules.Count == 0 ? "none" : string.Join(" ", assessment.FiredRules.Select(r => r.Id)))}, groups {string.Join(" ", assessment.GroupsToActivate)}"),
            error => Console.WriteLine($"  {id}: refused [{error.Code}]"));
    }

    return 0;
}

static async Task<int> BackendAsync()
{
    var database = Path.Combine(Path.GetTempPath(), $"petition-opinion-consumer-{Guid.NewGuid():N}.db");
    try
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        var channel = new RecordingChannel();
        builder.Services.AddPetitionOpinion(builder.Configuration.GetSection("PetitionOpinion"))
            .UseSqliteStore(database)
            .AddNotificationChannel(channel)
            .AddPetitionOpinionHosting(builder.Configuration.GetSection("PetitionOpinion:Hosting"));
        builder.Services.AddHealthChecks().AddPetitionOpinionChecks();
        using var host = builder.Build();

        var organization = host.Services.GetRequiredService<ResponseOrganization>();
        Console.WriteLine($"Back end: {organization.People.Count} people bound from appsettings.json; groups {string.Join(", ", organization.Groups.Select(g => g.NameZh))}");

        var repository = host.Services.GetRequiredService<IncidentRepository>();
        var dispatcher = host.Services.GetRequiredService<NotificationDispatcher>();
        var representative = PersonId.From("zhou.min");
        var manager = PersonId.From("zhang.wei");

        var reported = await repository.ReportAsync(new ReportIncident(
            representative, IncidentKind.Petition, IntakeChannel.Hotline, RiskCategory.DataPrivacy,
            "A customer says a phishing SMS quoted her order history.",
            new PetitionerDetails("Ms. Lin", "+86 138 0000 0000")));
        if (reported.TryPickT1(out var refused, out var incident))
        {
            Console.WriteLine($"refused: [{refused.Code}] {refused.Message}");
            return 1;
        }

        Console.WriteLine($"Reported: {incident.State}, kind {incident.Kind}");
        var assessed = await repository.AssessAsync(incident.Id, manager, new RiskFacts
        {
            Category = RiskCategory.DataPrivacy, Channel = IntakeChannel.Hotline, Kind = IncidentKind.Petition,
            Complainants = 3, PersonalDataRecordsAffected = 200,
        });
        Console.WriteLine(assessed.Match(i => $"Assessed: {i.State}, level {i.Level}, version {i.Version}", error => $"refused: [{error.Code}]"));
        var directive = await repository.ExecuteAsync(incident.Id, new IssueDirective(
            manager, DirectiveKind.TechnicalSupport, WellKnownGroups.LogisticsSupportGroup, "Find the source of the leaked order data.",
            DateTimeOffset.UtcNow.AddHours(4)));
        Console.WriteLine(directive.Match(i => $"Directive: {i.Directives.Count} issued, version {i.Version}", error => $"refused: [{error.Code}]"));

        var dispatched = await dispatcher.DispatchPendingAsync();
        Console.WriteLine($"Delivered: {dispatched.Delivered} notification(s), clean: {dispatched.IsClean}");
        foreach (var topic in channel.Delivered.GroupBy(n => n.Topic).OrderBy(g => g.Key.ToString(), StringComparer.Ordinal))
        {
            Console.WriteLine($"  {topic.Key}: {string.Join(", ", topic.Select(n => n.Recipient.ToString()).Order(StringComparer.Ordinal))}");
        }

        if (channel.Delivered.Any(n => n.SharedBody is { } shared && shared.Contains("Ms. Lin", StringComparison.Ordinal)))
        {
            Console.WriteLine("the petitioner's name reached a shared text");
            return 1;
        }

        var stored = await repository.FindAsync(incident.Id);
        var verified = await repository.VerifyAsync(incident.Id);
        var store = await repository.VerifyStoreAsync();
        Console.WriteLine($"Read back: {stored?.State}, level {stored?.Level}, {stored?.Version} events, hash chain {(verified.IsIntact ? "intact" : "BROKEN")}, store {(store.IsIntact ? "intact" : "BROKEN")}");

        // A receiver of the signed webhook checks what it got as Standard Webhooks prescribe.
        var body = Encoding.UTF8.GetBytes("""{"type":"DirectiveIssued"}""");
        var now = DateTimeOffset.UtcNow;
        var signature = SignedWebhook.Sign("consumer-secret", "msg_1", now.ToUnixTimeSeconds(), body);
        var accepted = SignedWebhook.Verify("consumer-secret", "msg_1", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), signature, body, now, TimeSpan.FromMinutes(5));
        var forged = SignedWebhook.Verify("consumer-secret", "msg_2", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), signature, body, now, TimeSpan.FromMinutes(5));
        Console.WriteLine($"Signed webhook ({SignedWebhook.SignatureHeader}: {signature.Split(',')[0]},…): genuine accepted {accepted}, another id accepted {forged}");

        await host.StartAsync();
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Name == "petition-opinion.store");
        Console.WriteLine($"Host started: the loops run; store health {health.Status}");
        await host.StopAsync();
        Console.WriteLine("Host stopped");
        return 0;
    }
    finally
    {
        foreach (var file in new[] { database, database + "-wal", database + "-shm" })
        {
            File.Delete(file);
        }
    }
}

/// <summary>Keeps what it is given: a real application sends e-mail, SMS or a chat message here.</summary>
internal sealed class RecordingChannel : INotificationChannel
{
    private readonly List<Notification> _delivered = [];

    public string Name => "recording";

    public IReadOnlyList<Notification> Delivered
    {
        get
        {
            lock (_delivered)
            {
                return [.. _delivered];
            }
        }
    }

    public ValueTask DeliverAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        lock (_delivered)
        {
            _delivered.Add(notification);
        }

        return ValueTask.CompletedTask;
    }
}
