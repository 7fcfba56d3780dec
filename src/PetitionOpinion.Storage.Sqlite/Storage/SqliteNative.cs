using Microsoft.Data.Sqlite;

namespace PetitionOpinion.Storage;

/// <summary>
/// Checks that a native SQLite library is set up. The store takes Microsoft.Data.Sqlite.Core, which brings none: the
/// application chooses the build (a bundle package such as SQLitePCLRaw.bundle_e_sqlite3, or an encrypting one). Without
/// one, the first call into SQLite fails with an exception that does not say which package is missing; this check says it.
/// </summary>
internal static class SqliteNative
{
    /// <summary>The bundle most applications take: SQLite built as e_sqlite3, for every platform .NET runs on.</summary>
    internal const string DefaultBundle = "SQLitePCLRaw.bundle_e_sqlite3";

    private static volatile bool s_available;

    /// <summary>Throws a clear <see cref="InvalidOperationException"/> when no native SQLite library is set up (checked once per process when it is).</summary>
    /// <exception cref="InvalidOperationException">No SQLite provider: the message names the package to reference.</exception>
    public static void EnsureAvailable()
    {
        if (!s_available)
        {
            Ensure(static () =>
            {
                // SqliteConnection's static constructor initialises a bundle's provider when one is referenced.
                using var connection = new SqliteConnection();
                return SQLitePCL.raw.sqlite3_libversion_number();
            });
            s_available = true;
        }
    }

    /// <summary>Runs a probe into SQLite and turns a missing provider or library into a clear error.</summary>
    /// <param name="probe">A call into SQLite.</param>
    /// <exception cref="InvalidOperationException">No SQLite provider: the message names the package to reference.</exception>
    internal static void Ensure(Func<int> probe)
    {
        try
        {
            probe();
        }
        catch (Exception e) when (IsMissingProvider(e))
        {
            throw new InvalidOperationException(
                $"No native SQLite library is set up: PetitionOpinion.Storage.Sqlite uses Microsoft.Data.Sqlite.Core, and the application chooses the SQLite build. "
                + $"Add a package reference to {DefaultBundle} (<PackageReference Include=\"{DefaultBundle}\" Version=\"2.1.11\" />), or to the bundle of another build "
                + "(e.g. an encrypting SQLCipher build), or call SQLitePCL.raw.SetProvider(...) before the store is created.",
                e);
        }
    }

    /// <summary>Whether an exception is SQLitePCLRaw's "no provider", a native library that cannot be loaded, or either inside a type initializer.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns><see langword="true"/> when no usable SQLite is set up.</returns>
    private static bool IsMissingProvider(Exception exception) => exception switch
    {
        TypeInitializationException { InnerException: { } inner } => IsMissingProvider(inner),
        DllNotFoundException or EntryPointNotFoundException or BadImageFormatException => true,
        _ => exception.Message.Contains("SQLitePCL.raw.SetProvider", StringComparison.Ordinal),
    };
}
