using System.Globalization;
using BenchmarkDotNet.Running;
using PetitionOpinion.Benchmarks;

// Not a BenchmarkDotNet run: the SQLite append ratio measured in alternating rounds in one process (see SqliteAppendPairs).
if (args is ["--sqlite-append-pairs", .. var rest])
{
    return SqliteAppendPairs.Run(rest is [var rounds] ? int.Parse(rounds, CultureInfo.InvariantCulture) : 20);
}

// Not a BenchmarkDotNet run either: the telemetry ratios measured in alternating rounds in one process (see TelemetryPairs).
if (args is ["--telemetry-pairs", .. var pairs])
{
    return TelemetryPairs.Run(pairs is [var rounds] ? int.Parse(rounds, CultureInfo.InvariantCulture) : 21);
}

// Not a BenchmarkDotNet run: appends per second with concurrent writers on the local PostgreSQL server (see PostgreSqlWriters).
if (args is ["--postgres-writers", .. var seconds])
{
    return PostgreSqlWriters.Run(TimeSpan.FromSeconds(seconds is [var s] ? int.Parse(s, CultureInfo.InvariantCulture) : 5));
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

// A benchmark that could not run (its build failed, or a setup check found the two models disagree) fails the process,
// so that CI's dry run catches it.
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
