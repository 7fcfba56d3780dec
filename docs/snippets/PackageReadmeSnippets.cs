using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PetitionOpinion.Incidents;
using PetitionOpinion.Monitoring;
using PetitionOpinion.Notifications;
using PetitionOpinion.Organization;

namespace PetitionOpinion.Docs.Snippets;

/// <summary>The packages' README examples (src/*/README.md).</summary>
internal static class PackageReadmeSnippets
{
    // <abstractions-readme>
    /// <summary>Registers the mail channel on what <c>services.AddPetitionOpinion(...)</c> returns.</summary>
    public static IPetitionOpinionBuilder AddMailChannel(this IPetitionOpinionBuilder builder)
    {
        builder.Services.AddHttpClient(nameof(MailChannel));
        builder.Services.AddSingleton<INotificationChannel>(provider =>
            new MailChannel(provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(MailChannel))));
        return builder;
    }
    // </abstractions-readme>

    public static void Domain(PersonId actor)
    {
        // <domain-readme>
        var organization = new OrganizationBuilder() // or OrganizationTemplates.Seed(): the plan's four groups
            .AddPerson(actor, "Zhou Min")
            .AddGroup(WellKnownGroups.PetitionHandlingGroup, "Petition Handling Group", "信访处理小组")
            .AddPosition(WellKnownGroups.PetitionHandlingGroup, PositionId.From("petition.leader"), "Customer Service Manager", "客服部经理", GroupRole.Leader)
            .Assign(PositionId.From("petition.leader"), actor)
            .Build().Match(built => built, error => throw new InvalidOperationException(error.Message));
        var lifecycle = new IncidentLifecycle(organization, new MatrixAuthorityPolicy(organization, AuthorityMatrix.Default),
            TimeProvider.System, new GuidV7IncidentIdGenerator(TimeProvider.System));

        var reported = lifecycle.Report(new ReportIncident(actor, IncidentKind.Petition, IntakeChannel.Hotline,
            RiskCategory.DataPrivacy, "A customer says a phishing SMS quoted her order history."));
        reported.Switch(
            incident => Console.WriteLine($"{incident.Id}: {incident.State}"),
            error => Console.WriteLine($"refused: {error.Code}: {error.Message}")); // .AsT0 would throw and lose the error
        // </domain-readme>
    }

    public static void DependencyInjection(IServiceCollection services, IConfiguration configuration)
    {
        // <dependency-injection-readme>
        services.AddPetitionOpinion(configuration.GetSection("PetitionOpinion")) // validated at start-up, every problem listed
            .UseSqliteStore("incidents.db");                                    // or any store; in-memory without one
        // then resolve IncidentRepository (report, act, why-not), DeadlineMonitor, NotificationDispatcher, ReadinessChecker
        // </dependency-injection-readme>
    }

    public static void Sqlite(IServiceCollection services, IConfiguration configuration)
    {
        // <sqlite-readme>
        services.AddPetitionOpinion(configuration.GetSection("PetitionOpinion"))
            .UseSqliteStore(Path.Combine(AppContext.BaseDirectory, "incidents.db"));
        // </sqlite-readme>
    }

    public static void SqliteConfiguration(IServiceCollection services, IConfiguration configuration)
    {
        // <sqlite-readme-configuration>
        // "PetitionOpinion": { "Storage": { "Sqlite": { "ConnectionString": "Data Source=/var/lib/app/incidents.db", "BusyTimeout": "00:00:30" } } }
        services.AddPetitionOpinion(configuration.GetSection("PetitionOpinion"))
            .UseSqliteStore(configuration.GetSection("PetitionOpinion:Storage:Sqlite")); // validated at start-up
        // </sqlite-readme-configuration>
    }

    public static void SqliteEncrypted(IServiceCollection services, IConfiguration configuration)
    {
        // <sqlite-readme-encrypted>
        // With an encrypting SQLite build (SQLCipher) as the application's bundle, the key goes in the connection string:
        services.AddPetitionOpinion(configuration.GetSection("PetitionOpinion"))
            .UseSqliteStore(o => o.ConnectionString = $"Data Source=/var/lib/app/incidents.db;Password={configuration["IncidentsDbKey"]}");
        // </sqlite-readme-encrypted>
    }

    public static void PostgreSql(IServiceCollection services, IConfiguration configuration)
    {
        // <postgresql-readme>
        services.AddPetitionOpinion(configuration.GetSection("PetitionOpinion"))
            .UsePostgreSqlStore(configuration.GetConnectionString("Incidents")!);
        // </postgresql-readme>
    }

    public static void PostgreSqlOptions(IServiceCollection services, IConfiguration configuration)
    {
        // <postgresql-readme-options>
        services.AddPetitionOpinion(configuration.GetSection("PetitionOpinion"))
            .UsePostgreSqlStore(o =>
            {
                o.ConnectionString = configuration.GetConnectionString("Incidents")!;
                o.Schema = "complaints";
                o.AutoMigrate = false; // a DBA created the schema with schema.sql
            });
        // </postgresql-readme-options>
    }

    public static void PostgreSqlConfiguration(IServiceCollection services, IConfiguration configuration)
    {
        // <postgresql-readme-configuration>
        // "PetitionOpinion": { "Storage": { "PostgreSql": { "ConnectionString": "Host=db;…", "Schema": "complaints" } } }
        services.AddPetitionOpinion(configuration.GetSection("PetitionOpinion"))
            .UsePostgreSqlStore(configuration.GetSection("PetitionOpinion:Storage:PostgreSql")); // validated at start-up
        // </postgresql-readme-configuration>
    }

    public static void Webhooks(IServiceCollection services, IConfiguration configuration)
    {
        // <webhooks-readme>
        services.AddPetitionOpinion(configuration.GetSection("PetitionOpinion"))
            .UseSqliteStore("incidents.db")
            .AddWeComRobot(configuration.GetSection("Webhooks:WeCom"))
            .AddDingTalkRobot(configuration.GetSection("Webhooks:DingTalk"))
            .AddFeishuBot(configuration.GetSection("Webhooks:Feishu"))
            .AddSignedWebhook(configuration.GetSection("Webhooks:Ops"))
            .AddPetitionOpinionHosting(); // package PetitionOpinion.Hosting: the dispatcher delivers the outbox to every channel
        // </webhooks-readme>
    }

    public static void Jieba(IServiceCollection services, IConfiguration configuration)
    {
        // <jieba-readme>
        services.AddPetitionOpinion(configuration.GetSection("PetitionOpinion")) // PetitionOpinion:Posts holds the schemes
            .UseSqliteStore("incidents.db")
            .AddJiebaSegmenter(configuration.GetSection("PetitionOpinion:Jieba"));
        services.AddSingleton<ISentimentScorer, MySentimentScorer>(); // the post intake scores posts with it
        // </jieba-readme>
    }

    private sealed class MySentimentScorer : ISentimentScorer
    {
        public double Score(ReadOnlySpan<char> text) => 0;
    }

    public static void Hosting(IServiceCollection services, IConfiguration configuration)
    {
        // <hosting-readme>
        services.AddPetitionOpinion(configuration.GetSection("PetitionOpinion"))
            .UseSqliteStore("incidents.db")
            .AddWeComRobot(configuration.GetSection("Webhooks:WeCom"))
            .AddPetitionOpinionHosting(configuration.GetSection("PetitionOpinion:Hosting")); // the deadline monitor and the dispatcher
        services.AddHealthChecks().AddPetitionOpinionChecks();                              // tags "ready" and "live"
        // </hosting-readme>
    }
}
