// <deadlines-usings>
using Microsoft.Extensions.DependencyInjection;
using PetitionOpinion;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Notifications;
// </deadlines-usings>
using PetitionOpinion.Samples;

namespace DeadlinesSample;

/// <summary>The README's deadlines example, compiled here and checked against the README by a test.</summary>
internal static class DeadlinesExample
{
    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        var clock = new StoryClock(new DateTimeOffset(2026, 9, 30, 18, 0, 0, TimeSpan.FromHours(8)));
        var services = new ServiceCollection().AddSingleton<TimeProvider>(clock)
            .AddPetitionOpinion(options => options.ConfigureOrganization(SampleOrganization.Staff))
            .AddNotificationChannel(new ConsoleChannel())
            .Services.BuildServiceProvider();
        var cs = SampleOrganization.CustomerServiceManager;

        // <deadlines>
        var repository = services.GetRequiredService<IncidentRepository>();
        var monitor = services.GetRequiredService<DeadlineMonitor>();            // records due alerts once, with their notifications
        var dispatcher = services.GetRequiredService<NotificationDispatcher>();  // delivers the outbox: back-off, jitter, de-duplication
        var scanner = services.GetRequiredService<DeadlineScanner>();

        var reported = await repository.ReportAsync(new ReportIncident(cs, IncidentKind.Petition, IntakeChannel.Letter,
            RiskCategory.ServiceAttitude, "A customer writes that his refund was refused three times."), cancellationToken);
        if (reported.TryPickT1(out var refused, out var incident))
        {
            Console.WriteLine($"refused: {refused}");
            return;
        }

        await repository.ExecuteAsync(incident.Id, new AssessIncident(cs, SeverityLevel.III, ImpactScope.Individual,
            PotentialRisk.Medium, "One customer, a repeated refusal."), cancellationToken);

        clock.Advance(TimeSpan.FromDays(40));   // the eve of National Day, then 40 days on: nobody resolved it
        await monitor.ScanAsync(cancellationToken);
        await dispatcher.DispatchPendingAsync(cancellationToken);

        foreach (var deadline in scanner.DeadlinesOf((await repository.FindAsync(incident.Id, cancellationToken))!).Deadlines)
        {
            Console.WriteLine($"{deadline.Key,-18} {deadline.State,-9} due {deadline.DueAt.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm} ({deadline.Limit})");
        }
        // </deadlines>
    }

    // A real host sends e-mail, SMS or a WeCom/DingTalk/Feishu message here; throwing makes the dispatcher retry later.
    private sealed class ConsoleChannel : INotificationChannel
    {
        public string Name => "console";

        public ValueTask DeliverAsync(Notification notification, CancellationToken cancellationToken)
        {
            Console.WriteLine($"✉ to {notification.RecipientName.Split(" (")[0]}: {notification.Subject}");
            return ValueTask.CompletedTask;
        }
    }
}
