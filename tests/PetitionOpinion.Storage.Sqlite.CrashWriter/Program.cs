// Usage: dotnet PetitionOpinion.Storage.Sqlite.CrashWriter.dll <database path> [writers]
// Appends events to a SQLite store through IncidentRepository, with real commands, until it is killed. Each line it
// prints, "<incident id> <version>", is printed only after the append that stored that version returned: a committed
// event. The crash test kills this process mid-run and checks that every printed event survived.
using Microsoft.Extensions.DependencyInjection;
using PetitionOpinion;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;

if (args.Length is < 1 or > 2)
{
    await Console.Error.WriteLineAsync("usage: CrashWriter <database path> [writers]");
    return 2;
}

var writers = args.Length == 2 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2;
var actor = PersonId.From("zhou.min");
await using var services = new ServiceCollection()
    .AddPetitionOpinion(options =>
    {
        options.Organization.UseSeedTemplate = false;
        options.ConfigureOrganization(org => org
            .AddPerson(actor, "Zhou Min")
            .AddGroup(WellKnownGroups.PetitionHandlingGroup, "Petition Handling Group", "信访处理小组")
            .AddPosition(WellKnownGroups.PetitionHandlingGroup, PositionId.From("petition.leader"), "Customer Service Manager", "客服部经理", GroupRole.Leader)
            .Assign(PositionId.From("petition.leader"), actor));
    })
    .UseSqliteStore(args[0])
    .Services.BuildServiceProvider();
var repository = services.GetRequiredService<IncidentRepository>();
var output = TextWriter.Synchronized(Console.Out);
var levels = new[] { SeverityLevel.IV, SeverityLevel.III, SeverityLevel.II };

await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
{
    for (var n = 0; ; n++)
    {
        // Report (with an idempotency key), assess, reassess a few times, dismiss: 6 appends of one event each.
        var report = new ReportIncident(actor, IncidentKind.Petition, IntakeChannel.Hotline, RiskCategory.DataPrivacy, $"Complaint {n} of writer {writer}.");
        var id = Print(await repository.ReportAsync(report, $"crash-writer-{Environment.ProcessId}-{writer}-{n}", CancellationToken.None));
        Print(await repository.ExecuteAsync(id, new AssessIncident(actor, SeverityLevel.IV, ImpactScope.Individual, PotentialRisk.Low, "One customer."), CancellationToken.None));
        foreach (var level in levels)
        {
            Print(await repository.ExecuteAsync(id, new ReassessIncident(actor, level, ImpactScope.Individual, PotentialRisk.Medium, $"Now level {level}."), CancellationToken.None));
        }

        Print(await repository.ExecuteAsync(id, new DismissIncident(actor, "A duplicate of a known complaint."), CancellationToken.None));
    }
})));
return 0;

IncidentId Print(OneOf.OneOf<Incident, DomainError> outcome)
{
    var incident = outcome.Match(i => i, e => throw new InvalidOperationException($"refused: {e.Code}: {e.Message}"));
    output.WriteLine($"{incident.Id} {incident.Version}");
    output.Flush();
    return incident.Id;
}
