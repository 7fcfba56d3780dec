using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Readiness;
using PetitionOpinion.Reporting;
using PetitionOpinion.Storage;
using static PetitionOpinion.Samples.SampleOrganization;

namespace PetitionOpinion.Samples;

/// <summary>
/// The leading group's commands: <c>readiness</c> (is the plan staffed and equipped? — the sample company's resources and
/// training records come from <c>readiness.json</c>, bound as configuration) and <c>report &lt;incident|last&gt;</c> (the
/// closure report of an incident in the story's SQLite file). <c>--zh</c> prints either in Chinese.
/// </summary>
internal static class LeadingGroupCommands
{
    public static int Readiness(TextWriter output, IReadOnlyList<string> args)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("readiness.json", optional: false)
            .Build();
        var services = new ServiceCollection().AddPetitionOpinion(configuration.GetSection("PetitionOpinion")).Services;
        services.Configure<PetitionOpinionOptions>(options => options.ConfigureOrganization(Staff));
        using var provider = services.BuildServiceProvider();

        var report = provider.GetRequiredService<ReadinessChecker>().Check();
        output.Write(report.ToMarkdown(Language(args)));
        output.WriteLine();
        output.WriteLine(report.ToString());
        return 0;
    }

    public static async Task<int> ReportAsync(TextWriter output, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        if (which is null)
        {
            Console.Error.WriteLine("report needs an incident id (as the story prints it) or 'last'.");
            return 2;
        }

        var database = Path.Combine(AppContext.BaseDirectory, "petition-opinion.db");
        await using var provider = new ServiceCollection()
            .AddPetitionOpinion(options => options.ConfigureOrganization(Staff))
            .UseSqliteStore(database)
            .Services.BuildServiceProvider();
        var repository = provider.GetRequiredService<IncidentRepository>();
        IncidentId id;
        if (which == "last")
        {
            var total = (await repository.QueryAsync(new IncidentQuery { Take = 1 }, cancellationToken)).TotalCount;
            if (total == 0)
            {
                Console.Error.WriteLine($"{database} holds no incidents yet: run the story first (no argument).");
                return 1;
            }

            id = (await repository.QueryAsync(new IncidentQuery { Skip = total - 1, Take = 1 }, cancellationToken)).Items[0].Id;
        }
        else if (Guid.TryParse(which, out var guid))
        {
            id = new IncidentId(guid);
        }
        else
        {
            Console.Error.WriteLine($"'{which}' is not an incident id (a GUID) nor 'last'.");
            return 2;
        }

        var incident = await repository.FindAsync(id, cancellationToken);
        if (incident is null)
        {
            Console.Error.WriteLine($"Incident {id} is not in {database}.");
            return 1;
        }

        // The deadlines as they stand at the incident's last event: a report read later says what was, not what is.
        var document = ClosureReportDocument.Build(incident, provider.GetRequiredService<Organization.ResponseOrganization>(), provider.GetRequiredService<DeadlineScanner>());
        output.Write(document.ToMarkdown(Language(args)));
        return 0;
    }

    private static ReportLanguage Language(IReadOnlyList<string> args) => args.Contains("--zh") ? ReportLanguage.Chinese : ReportLanguage.English;
}
