using Microsoft.Extensions.DependencyInjection;
using PetitionOpinion;
using PetitionOpinion.Assessment;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Notifications;
using PetitionOpinion.Organization;
using PetitionOpinion.Reporting;
using PetitionOpinion.Samples;

namespace GoesPublicSample;

/// <summary>
/// A petition that goes public: a data leak reported on the hotline, assessed from its facts, then re-assessed from the
/// same facts once the story reaches 15 million views and the mainstream media. The lifecycle records that the petition
/// went public; the incident then carries the deadlines of both natures and the opinion monitoring group is told.
/// </summary>
internal static class GoesPublicExample
{
    public static async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var china = TimeSpan.FromHours(8);
        var clock = new StoryClock(new DateTimeOffset(2026, 11, 16, 9, 30, 0, china));
        var services = new ServiceCollection().AddSingleton<TimeProvider>(clock)
            .AddPetitionOpinion(options => options.ConfigureOrganization(SampleOrganization.Staff))
            .AddNotificationChannel(new ConsoleChannel(output))
            .Services.BuildServiceProvider();
        var repository = services.GetRequiredService<IncidentRepository>();
        var dispatcher = services.GetRequiredService<NotificationDispatcher>();
        var scanner = services.GetRequiredService<DeadlineScanner>();
        var rules = services.GetRequiredService<RiskRuleSet>();
        var cs = SampleOrganization.CustomerServiceManager;

        var reported = await repository.ReportAsync(new ReportIncident(SampleOrganization.CustomerServiceRepresentative, IncidentKind.Petition, IntakeChannel.Hotline,
            RiskCategory.DataPrivacy, "A customer calls: her order history, address and phone number appear in a file shared online.",
            new PetitionerDetails("Ms. Lin", "+86 138 0000 0000")), cancellationToken);
        if (reported.TryPickT1(out var refused, out var incident))
        {
            output.WriteLine($"refused: {refused}");
            return 1;
        }

        // The first assessment, from the facts known on the day: 1.2 million customers' records in the file.
        clock.Advance(TimeSpan.FromMinutes(40));
        var facts = new RiskFacts { Category = RiskCategory.DataPrivacy, Channel = IntakeChannel.Hotline, PersonalDataRecordsAffected = 1_200_000 };
        incident = (await repository.ExecuteAsync(incident.Id, AssessIncident.From(cs, rules.Assess(facts).AsT0), cancellationToken)).AsT0;
        output.WriteLine($"Assessed: level {incident.Level}, kind {incident.Kind}.");
        await dispatcher.DispatchPendingAsync(cancellationToken);

        // Two days later the file is on the trending lists: re-assess from the facts kept on the incident.
        clock.Advance(TimeSpan.FromDays(2));
        var spread = incident.Facts! with { Reach = 15_000_000, MainstreamMediaCoverage = true };
        var version = incident.Version;
        incident = (await repository.ExecuteAsync(incident.Id, ReassessIncident.From(cs, rules.Assess(spread).AsT0), cancellationToken)).AsT0;
        output.WriteLine($"Re-assessed at reach {spread.Reach:N0} with mainstream media coverage: {string.Join(", ", incident.History.Skip(version).Select(e => e.GetType().Name))}.");
        output.WriteLine($"Kind now: {incident.Kind} (a petition since {Time(incident.PetitionSince)}, public opinion since {Time(incident.PublicOpinionSince)}).");
        await dispatcher.DispatchPendingAsync(cancellationToken);

        output.WriteLine("Deadlines of both natures:");
        foreach (var deadline in scanner.DeadlinesOf(incident).Deadlines)
        {
            output.WriteLine($"  {deadline.Key,-18} {deadline.State,-9} from {Time(deadline.StartedAt)} due {Time(deadline.DueAt)} ({deadline.Limit})");
        }

        var report = ClosureReportDocument.Build(incident, services.GetRequiredService<ResponseOrganization>(), scanner);
        output.WriteLine($"Closure report (draft): kind {report.Kind}, reported as {report.ReportedKind}, went public {Time(report.NatureAdded?.At)}.");
        return incident.Kind == IncidentKind.PetitionAndPublicOpinion ? 0 : 1;

        string Time(DateTimeOffset? at) => at?.ToOffset(china).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) ?? "-";
    }

    // A real host sends e-mail, SMS or a WeCom/DingTalk/Feishu message here.
    private sealed class ConsoleChannel(TextWriter output) : INotificationChannel
    {
        public string Name => "console";

        public ValueTask DeliverAsync(Notification notification, CancellationToken cancellationToken)
        {
            output.WriteLine($"  ✉ {notification.Topic} to {notification.RecipientName.Split(" (")[0]}: {notification.Subject}");
            return ValueTask.CompletedTask;
        }
    }
}
