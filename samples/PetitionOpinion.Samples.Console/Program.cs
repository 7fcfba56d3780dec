using PetitionOpinion.Samples;
using DeadlinesSample;
using GoesPublicSample;
using QuickStartSample;
using WalkThroughSample;

// The sample host. With no argument it runs the seed plan's story end to end (the README's first command).
//   story       the seed story: report → assess → directives → response → statement → support → resolve → close,
//               stored in petition-opinion.db (SQLite) beside the app
//   quickstart  the README's short example
//   walkthrough docs/getting-started.md's walk-through: report → assess → direct → why not → resolve → close
//   monitor     reads a file of Chinese posts (data/posts.csv by default) through the monitoring schemes: topics, sentiment,
//               folded reposts, alerts and incidents; --plot FILE.svg: the alerted topics' volume (--topic T: one topic);
//               --report FILE.md: the first incident's closure report with its chart; --series FILE: replays a real
//               mention series (samples/data/opinion-dev) instead
//   deadlines   the README's deadlines example: a petition left alone for 40 days, its deadlines and notifications
//   goes-public a data-leak petition re-assessed at 15 million views with mainstream media coverage: it goes public,
//               carries the deadlines of both natures, and the opinion monitoring group is told
//   diagram     the lifecycle as a Mermaid state diagram, generated from the transition table
//   readiness   is the plan staffed and equipped? the sample company's resources and training (readiness.json); --zh
//   report <id|last>  the closure report of an incident in the story's file (the story prints its id); --zh
//   stats       the leading group's statistics over the story's file; --demo: over a generated year of incidents;
//               --zh: in Chinese; --csv <file>: also as CSV
var command = args.Length == 0 ? "story" : args[0];
switch (command)
{
    case "story":
        // The embedded default store: a SQLite file beside the app, created on first use (nothing to install).
        return await new SeedStory(Console.Out, Path.Combine(AppContext.BaseDirectory, "petition-opinion.db")).RunAsync(CancellationToken.None);
    case "quickstart":
        QuickStart.Run();
        return 0;
    case "walkthrough":
        return await WalkThrough.RunAsync() == PetitionOpinion.Incidents.IncidentState.Closed ? 0 : 1;
    case "monitor":
        return await MonitorCommand(args[1..]);
    case "deadlines":
        await DeadlinesExample.RunAsync(CancellationToken.None);
        return 0;
    case "goes-public":
        return await GoesPublicExample.RunAsync(Console.Out, CancellationToken.None);
    case "diagram":
        Console.Write(PetitionOpinion.Incidents.LifecycleTable.Default.ToMermaid());
        return 0;
    case "readiness":
        return LeadingGroupCommands.Readiness(Console.Out, args[1..]);
    case "report":
        return await LeadingGroupCommands.ReportAsync(Console.Out, args[1..], CancellationToken.None);
    case "stats":
        return await StatisticsDemo.RunAsync(Console.Out, args[1..], CancellationToken.None);
    default:
        Console.Error.WriteLine($"Unknown command '{command}'. Commands: story (default), quickstart, walkthrough, monitor [posts.csv] [--plot file.svg] [--topic t] [--report file.md] [--series file], deadlines, goes-public, diagram, readiness [--zh], report <id|last> [--zh], stats [--demo] [--zh] [--csv file].");
        return 2;
}

static async Task<int> MonitorCommand(string[] args)
{
    string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    var data = Path.Combine(AppContext.BaseDirectory, "data");
    if (Array.IndexOf(args, "--series") >= 0)
    {
        return await MonitorReplay.RunAsync(Console.Out, Option("--series") ?? Path.Combine(data, "mentions_CRM.csv"), CancellationToken.None);
    }

    var file = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : Path.Combine(data, "posts.csv");
    return await MonitorPosts.RunAsync(Console.Out, file, Option("--plot"), Option("--topic"), Option("--report"), CancellationToken.None);
}
