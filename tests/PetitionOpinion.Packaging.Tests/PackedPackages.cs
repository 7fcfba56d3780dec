using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;

namespace PetitionOpinion.Packaging.Tests;

/// <summary>
/// The solution's packages, packed once for the tests of a class: <c>dotnet pack PetitionOpinion.sln --no-build</c> in the
/// configuration these tests were built in (what <c>dotnet test PetitionOpinion.sln</c> or CI's <c>-c Release</c> built),
/// into a folder of its own that is deleted afterwards. Other test projects may be running meanwhile: the pack only reads
/// the built assemblies and writes its nuspecs under each package's obj folder.
/// </summary>
public sealed class PackedPackages : IDisposable
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(5);

    public PackedPackages()
    {
        Folder = Directory.CreateTempSubdirectory("petition-opinion-packages-").FullName;
        Configuration = typeof(PackedPackages).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        PackOutput = Pack(Folder, Configuration);
        Packages = Directory.GetFiles(Folder, "*.nupkg").Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The folder the packages were packed into.</summary>
    public string Folder { get; }

    /// <summary>The configuration these tests were built in, and the packages packed from.</summary>
    public string Configuration { get; }

    /// <summary>What <c>dotnet pack</c> printed, for the failure messages.</summary>
    public string PackOutput { get; }

    /// <summary>Every .nupkg packed (the symbol packages beside them are .snupkg).</summary>
    public IReadOnlyList<string> Packages { get; }

    /// <summary>The package of an id, at the version of Directory.Build.props.</summary>
    public string Package(string id)
    {
        var path = Path.Combine(Folder, $"{id}.{Repository.Version}.nupkg");
        Assert.True(File.Exists(path), $"{id}.{Repository.Version}.nupkg was not packed; the folder holds: {string.Join(", ", Directory.GetFiles(Folder).Select(Path.GetFileName))}\n{PackOutput}");
        return path;
    }

    public static XDocument Nuspec(ZipArchive package)
    {
        var entry = Assert.Single(package.Entries, e => !e.FullName.Contains('/', StringComparison.Ordinal) && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is not a test failure.
        }
    }

    private static string Pack(string output, string configuration)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "pack", Path.Combine(Repository.Root, "PetitionOpinion.sln"), "--no-build", "-c", configuration, "-o", output,
            "-nologo", "-nodeReuse:false", "-tl:off", "-v:m",
        })
        {
            start.ArgumentList.Add(argument);
        }

        // The test host runs under MSBuild's environment: a child build must find its own SDK and start no build server.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet pack did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(PackTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet pack took longer than {PackTimeout}");
        }

        var text = stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet pack failed ({process.ExitCode}):\n{text}");
        }

        return text;
    }

    private static string DotnetHost()
    {
        // Set by the dotnet host for the processes it starts; otherwise the one on the PATH.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }
}
