using Microsoft.Extensions.DependencyInjection;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Reporting;
using static PetitionOpinion.Samples.SampleOrganization;

namespace PetitionOpinion.Samples;

/// <summary>
/// The <c>stats</c> command: the leading group's figures (docs/statistics.md) over the incidents a SQLite file holds — the story's
/// file beside the app, or, with <c>--demo</c>, a year of generated incidents driven through the real lifecycle into a
/// file of their own. Prints the Markdown (English, or Chinese with <c>--zh</c>) and writes the CSV with <c>--csv file</c>.
/// </summary>
internal static class StatisticsDemo
{
    private static readonly DateTimeOffset YearStart = new(2026, 1, 1, 9, 0, 0, TimeSpan.FromHours(8));

    public static async Task<int> RunAsync(TextWriter output, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var demo = args.Contains("--demo");
        var language = args.Contains("--zh") ? ReportLanguage.Chinese : ReportLanguage.English;
        var csvIndex = args.ToList().IndexOf("--csv");
        var csvPath = csvIndex >= 0 && csvIndex + 1 < args.Count ? args[csvIndex + 1] : null;
        if (csvIndex >= 0 && csvPath is null)
        {
            Console.Error.WriteLine("--csv needs a file name.");
            return 2;
        }

        var database = Path.Combine(AppContext.BaseDirectory, demo ? "petition-opinion-demo.db" : "petition-opinion.db");
        var clock = new StoryClock(demo ? YearStart : TimeProvider.System.GetUtcNow());
        if (demo)
        {
            // A new file each run, so that the figures are the same every time.
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
            {
                File.Delete(file);
            }
        }

        await using var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddPetitionOpinion(options => options.ConfigureOrganization(Staff))
            .UseSqliteStore(database)
            .Services.BuildServiceProvider();
        var repository = services.GetRequiredService<IncidentRepository>();
        if (demo)
        {
            var count = await new DemoYear(repository, clock, seed: 2026).RunAsync(cancellationToken);
            output.WriteLine($"Generated {count} incidents over 2026 through the lifecycle into {database}.");
            output.WriteLine();
        }

        // Months and "as of" in China's offset, as the deadline policy counts them.
        var statistics = await IncidentStatistics.ComputeAsync(repository.Store, null, clock.GetUtcNow(), TimeSpan.FromHours(8), cancellationToken);
        if (statistics.Total == 0)
        {
            output.WriteLine($"{database} holds no incidents yet: run the story first (no argument), or `stats --demo` for a generated year.");
            output.WriteLine();
        }

        output.Write(statistics.ToMarkdown(language));
        if (csvPath is not null)
        {
            await File.WriteAllTextAsync(csvPath, statistics.ToCsv(), cancellationToken);
            output.WriteLine($"CSV written to {Path.GetFullPath(csvPath)}.");
        }

        return 0;
    }

    /// <summary>
    /// A year of a company's complaints and opinion incidents, each a plan of steps at times drawn from its level's pace;
    /// the steps of all incidents run in time order on one clock, so every event really happens at its time.
    /// </summary>
    private sealed class DemoYear(IncidentRepository repository, StoryClock clock, int seed)
    {
        private readonly Random _random = new(seed);
        private readonly DateTimeOffset _end = YearStart.AddDays(365);

        public async Task<int> RunAsync(CancellationToken cancellationToken)
        {
            var steps = new PriorityQueue<Step, (DateTimeOffset, int)>();
            var order = 0;
            var reportAt = YearStart;
            var incidents = 0;
            while (true)
            {
                // About 1.2 incidents a day, more in the spring after a product launch.
                reportAt += TimeSpan.FromHours(Exponential(reportAt.Month is 3 or 4 ? 12 : 22));
                if (reportAt >= _end.AddDays(-1))
                {
                    break;
                }

                incidents++;
                var plan = new Plan(incidents);
                steps.Enqueue(new Step(plan, 0), (reportAt, order++));
            }

            while (steps.TryDequeue(out var step, out var priority))
            {
                var (at, _) = priority;
                if (at >= _end)
                {
                    continue; // still open when the year ends
                }

                clock.Advance(at - clock.GetUtcNow());
                if (await RunAsync(step, cancellationToken) is { } next)
                {
                    steps.Enqueue(next.Step, (at + next.After, order++));
                }
            }

            clock.Advance(_end - clock.GetUtcNow());
            return incidents;
        }

        private async Task<(Step Step, TimeSpan After)?> RunAsync(Step step, CancellationToken cancellationToken)
        {
            var plan = step.Plan;
            if (step.Number == 0)
            {
                var kind = Pick((IncidentKind.Petition, 80), (IncidentKind.PublicOpinion, 15), (IncidentKind.PetitionAndPublicOpinion, 5));
                var channel = kind == IncidentKind.PublicOpinion
                    ? Pick((IntakeChannel.SocialMedia, 60), (IntakeChannel.OpinionMonitoring, 30), (IntakeChannel.Media, 10))
                    : Pick((IntakeChannel.Hotline, 40), (IntakeChannel.OnlineService, 25), (IntakeChannel.FeedbackSystem, 10), (IntakeChannel.Email, 10), (IntakeChannel.Letter, 5), (IntakeChannel.Visit, 5), (IntakeChannel.Regulator, 5));
                var category = Pick((RiskCategory.ProductQuality, 40), (RiskCategory.ServiceAttitude, 35), (RiskCategory.DataPrivacy, 15), (RiskCategory.SocialResponsibility, 10));
                var reported = await repository.ReportAsync(
                    new ReportIncident(CustomerServiceRepresentative, kind, channel, category, $"Complaint {plan.Number}: {category} via {channel}.", Petitioner(kind), null),
                    $"demo-{plan.Number}",
                    cancellationToken);
                plan.Id = reported.Match(i => i.Id, e => throw new InvalidOperationException(e.ToString()));
                plan.Level = Pick((SeverityLevel.IV, 50), (SeverityLevel.III, 33), (SeverityLevel.II, 13), (SeverityLevel.I, 4));
                return (step with { Number = 1 }, TimeSpan.FromMinutes(Exponential(plan.Level switch { SeverityLevel.I => 8, SeverityLevel.II => 15, SeverityLevel.III => 100, _ => 400 })));
            }

            IncidentCommand command;
            (int Number, TimeSpan After)? next;
            switch (step.Number)
            {
                case 1 when _random.Next(100) < 6:
                    command = new DismissIncident(CustomerServiceManager, "Not a complaint about the company's products or services.");
                    next = null;
                    break;
                case 1:
                    command = new AssessIncident(CustomerServiceRepresentative, plan.Level, ImpactScope.Individual, PotentialRisk.Medium, "Assessed from the report.");
                    next = (2, TimeSpan.FromMinutes(10));
                    break;
                case 2:
                    command = new IssueDirective(CustomerServiceManager, DirectiveKind.CustomerCommunication, WellKnownGroups.PetitionHandlingGroup, "Contact the customer and find a solution.", clock.GetUtcNow().AddDays(2));
                    next = (3, TimeSpan.FromMinutes(30));
                    break;
                case 3:
                    command = new AcknowledgeDirective(CustomerServiceRepresentative, new DirectiveId(1));
                    next = (4, TimeSpan.FromHours(Exponential(12)));
                    break;
                case 4:
                    command = new CompleteDirective(CustomerServiceRepresentative, new DirectiveId(1), "Customer contacted; solution offered.");
                    next = (5, TimeSpan.FromMinutes(20));
                    break;
                case 5:
                    command = new StartResponse(CustomerServiceManager);
                    next = (6, TimeSpan.FromDays(Exponential(plan.Level switch { SeverityLevel.I => 1.5, SeverityLevel.II => 4, SeverityLevel.III => 10, _ => 18 })));
                    break;
                case 6:
                    command = new ResolveIncident(CustomerServiceManager, "Handled; the customer accepted the solution.");
                    next = !plan.Reopened && _random.Next(100) < 8 ? (7, TimeSpan.FromDays(2 + _random.Next(10))) : _random.Next(100) < 60 ? (8, TimeSpan.FromDays(1)) : null;
                    break;
                case 7:
                    plan.Reopened = true;
                    command = new ReopenIncident(CustomerServiceManager, "The customer reports the problem again.");
                    next = (6, TimeSpan.FromDays(Exponential(3)));
                    break;
                case 8:
                    command = new SubmitClosureReport(CustomerServiceManager, new ClosureReport(
                        "Handled by the petition handling group.", ["Found in the handling."], [new Improvement("Follow up with the department concerned.", CustomerServiceManager, DateOnly.FromDateTime(clock.GetUtcNow().AddDays(30).DateTime))], []));
                    next = (9, TimeSpan.FromDays(1));
                    break;
                default:
                    command = new AcceptClosureReport(GeneralManager);
                    next = null;
                    break;
            }

            (await repository.ExecuteAsync(plan.Id, command, cancellationToken)).Switch(_ => { }, e => throw new InvalidOperationException($"Demo incident {plan.Number}, {command.Action}: {e}"));
            return next is { } n ? (step with { Number = n.Number }, n.After) : null;
        }

        // A pool of 300 customers, some of whom complain more than once; their phone numbers written in several ways.
        private PetitionerDetails? Petitioner(IncidentKind kind)
        {
            if (kind == IncidentKind.PublicOpinion)
            {
                return null;
            }

            var customer = _random.Next(300);
            var number = $"139{customer:D8}";
            var written = ((customer + _random.Next(3)) % 3) switch
            {
                0 => $"+86 {number[..3]} {number[3..7]} {number[7..]}",
                1 => number,
                _ => $"{number[..3]}-{number[3..7]}-{number[7..]}",
            };
            return new PetitionerDetails($"Customer {customer:D3}", written);
        }

        private double Exponential(double mean) => -mean * Math.Log(1 - _random.NextDouble());

        private T Pick<T>(params ReadOnlySpan<(T Value, int Weight)> choices)
        {
            var total = 0;
            foreach (var (_, weight) in choices)
            {
                total += weight;
            }

            var draw = _random.Next(total);
            foreach (var (value, weight) in choices)
            {
                if ((draw -= weight) < 0)
                {
                    return value;
                }
            }

            throw new InvalidOperationException("Weights must be positive.");
        }

        private sealed class Plan(int number)
        {
            public int Number { get; } = number;

            public IncidentId Id { get; set; }

            public SeverityLevel Level { get; set; }

            public bool Reopened { get; set; }
        }

        private sealed record Step(Plan Plan, int Number);
    }
}
