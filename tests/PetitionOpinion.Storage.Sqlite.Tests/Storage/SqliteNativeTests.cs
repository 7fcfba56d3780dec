namespace PetitionOpinion.Storage.Sqlite.Tests.Storage;

/// <summary>
/// The store takes Microsoft.Data.Sqlite.Core: an application that forgot the SQLite bundle gets an error naming the
/// package, not SQLitePCLRaw's "call SetProvider" or a type initializer's exception. This process has the bundle, so
/// the failures are the ones SQLitePCLRaw and the runtime throw, given to the check.
/// </summary>
public sealed class SqliteNativeTests
{
    private const string NoProvider = "You need to call SQLitePCL.raw.SetProvider().  If you are using a bundle package, this is done by calling SQLitePCL.Batteries.Init().";

    public static TheoryData<Exception> MissingProviderFailures => new()
    {
        new Exception(NoProvider),
        new TypeInitializationException("Microsoft.Data.Sqlite.SqliteConnection", new Exception(NoProvider)),
        new DllNotFoundException("Unable to load shared library 'e_sqlite3' or one of its dependencies."),
        new TypeInitializationException("SQLitePCL.raw", new DllNotFoundException("e_sqlite3")),
    };

    [Theory]
    [MemberData(nameof(MissingProviderFailures))]
    public void Ensure_NoProviderOrLibrary_ThrowsNamingTheBundlePackage(Exception failure)
    {
        var error = Assert.Throws<InvalidOperationException>(() => SqliteNative.Ensure(() => throw failure));

        Assert.Contains("SQLitePCLRaw.bundle_e_sqlite3", error.Message, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Data.Sqlite.Core", error.Message, StringComparison.Ordinal);
        Assert.Same(failure, error.InnerException);
    }

    [Fact]
    public void Ensure_OtherFailure_IsLeftAsItIs()
    {
        var failure = new IOException("disk");

        Assert.Same(failure, Assert.Throws<IOException>(() => SqliteNative.Ensure(() => throw failure)));
    }

    [Fact]
    public void EnsureAvailable_WithTheBundleReferenced_Passes()
    {
        SqliteNative.EnsureAvailable();
        SqliteNative.EnsureAvailable();
    }
}
