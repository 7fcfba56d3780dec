using System.Diagnostics;
using System.Globalization;
using PetitionOpinion.Storage.Sqlite.Tests.Support;

namespace PetitionOpinion.Storage.Sqlite.Tests.Storage;

/// <summary>
/// A child process (PetitionOpinion.Storage.Sqlite.CrashWriter) writes to the database file through the repository and
/// is killed mid-run; every event it reported as committed must be there when the file is reopened, and verify must pass.
/// </summary>
public sealed class SqliteCrashTests : IDisposable
{
    private const int CommittedPerRun = 200;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly TempDatabase _database = new();

    [Fact]
    public async Task ChildProcessKilledMidRun_Reopen_LosesNoCommittedEventAndVerifies()
    {
        var committed = new List<(IncidentId Id, int Version)>();

        // Twice: the second writer opens the file the first one left mid-transaction (with a hot WAL), then dies too.
        for (var run = 0; run < 2; run++)
        {
            committed.AddRange(await RunWriterUntilKilledAsync());
        }

        Assert.True(committed.Count >= 2 * CommittedPerRun);
        await using var store = _database.OpenStore();
        var loaded = new Dictionary<IncidentId, IReadOnlyList<StoredEvent>>();
        foreach (var (id, version) in committed)
        {
            if (!loaded.TryGetValue(id, out var events))
            {
                loaded[id] = events = await store.LoadAsync(id, CancellationToken.None);
            }

            Assert.True(events.Count >= version, $"Incident {id}: version {version} was reported committed, but only {events.Count} event(s) are stored.");
        }

        var all = await store.QueryAsync(new IncidentQuery { Take = IncidentQuery.MaxPageSize }, CancellationToken.None);
        Assert.True(all.TotalCount <= IncidentQuery.MaxPageSize);
        Assert.Superset(loaded.Keys.ToHashSet(), all.Items.Select(s => s.Id).ToHashSet());
        foreach (var summary in all.Items)
        {
            var events = await store.LoadAsync(summary.Id, CancellationToken.None);
            var report = EventHashChain.Verify(events);
            Assert.True(report.IsIntact, $"Incident {summary.Id}: {report.Problem} at version {report.FirstBrokenVersion}.");
            Assert.Equal(summary.Version, events.Count); // no summary ahead of or behind its events: appends were atomic
        }

        Assert.Equal("ok", _database.Scalar("PRAGMA integrity_check"));
        Assert.Equal(0L, _database.Scalar("SELECT COUNT(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = e.incident_id)"));
    }

    /// <inheritdoc/>
    public void Dispose() => _database.Dispose();

    private async Task<List<(IncidentId Id, int Version)>> RunWriterUntilKilledAsync()
    {
        var writer = Path.Combine(AppContext.BaseDirectory, "crash-writer", "PetitionOpinion.Storage.Sqlite.CrashWriter.dll");
        Assert.True(File.Exists(writer), $"The crash writer is missing: {writer} (the test project copies it there after building it).");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(writer);
        start.ArgumentList.Add(_database.FilePath);
        start.ArgumentList.Add("2");

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The crash writer did not start.");
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var committed = new List<(IncidentId, int)>();
        using var bound = new CancellationTokenSource(Bound);
        try
        {
            while (committed.Count < CommittedPerRun)
            {
                var line = await process.StandardOutput.ReadLineAsync(bound.Token)
                    ?? throw new InvalidOperationException($"The crash writer stopped after {committed.Count} line(s): {await errors}");
                committed.Add(Parse(line));
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        // Lines printed between the last read and the kill were committed too; a torn last line claims nothing.
        var rest = await process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var lines = rest.Split('\n');
        committed.AddRange(lines.Take(lines.Length - 1).Select(Parse));
        await errors;
        return committed;
    }

    private static (IncidentId, int) Parse(string line)
    {
        var parts = line.Trim().Split(' ');
        return parts.Length == 2 && IncidentId.TryParse(parts[0], out var id) && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? (id, version)
            : throw new InvalidOperationException($"The crash writer printed an unexpected line: '{line}'.");
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        return Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
    }
}
