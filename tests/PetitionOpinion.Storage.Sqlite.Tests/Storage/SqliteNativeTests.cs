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

/// <summary>
/// The store loaded with its own copies of Microsoft.Data.Sqlite and SQLitePCLRaw.core, where no bundle has set a
/// provider (the bundle this process references initialises the default context's copy only): as in an application
/// that forgot the bundle, creating the store fails naming the package.
/// </summary>
public sealed class SqliteWithoutBundleTests
{
    [Fact]
    public void NewSqliteIncidentStore_NoSqliteProvider_ThrowsNamingTheBundlePackage()
    {
        var context = new WithoutBundle();
        try
        {
            var store = context.LoadFromAssemblyPath(typeof(SqliteIncidentStore).Assembly.Location);
            var options = store.GetType("PetitionOpinion.Storage.SqliteStoreOptions", throwOnError: true)!
                .GetMethod(nameof(SqliteStoreOptions.ForFile))!
                .Invoke(null, [Path.Combine(Path.GetTempPath(), $"no-bundle-{Guid.NewGuid():N}.db")]);

            var error = Assert.Throws<System.Reflection.TargetInvocationException>(
                () => Activator.CreateInstance(store.GetType("PetitionOpinion.Storage.SqliteIncidentStore", throwOnError: true)!, options));

            var missing = Assert.IsType<InvalidOperationException>(error.InnerException);
            Assert.Contains("SQLitePCLRaw.bundle_e_sqlite3", missing.Message, StringComparison.Ordinal);
            Assert.Contains("SetProvider", missing.InnerException!.Message, StringComparison.Ordinal);
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Loads the store, Microsoft.Data.Sqlite and SQLitePCLRaw.core afresh; everything else (the bundle included) from the default context.</summary>
    private sealed class WithoutBundle() : System.Runtime.Loader.AssemblyLoadContext(isCollectible: true)
    {
        protected override System.Reflection.Assembly? Load(System.Reflection.AssemblyName assemblyName)
            => assemblyName.Name is "Microsoft.Data.Sqlite" or "SQLitePCLRaw.core"
                ? LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, assemblyName.Name + ".dll"))
                : null;
    }
}
