using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("PetitionOpinion.Storage.PostgreSql.Tests.Support.PostgreSqlTestFramework", "PetitionOpinion.Storage.PostgreSql.Tests")]

namespace PetitionOpinion.Storage.PostgreSql.Tests.Support;

/// <summary>
/// xunit's own framework, except that when no PostgreSQL server is configured on a developer's machine
/// (<see cref="PostgreSqlServer.SkipReason"/>), the tests that need one are left out of the run, and one line says so and
/// how to run them: reported one by one as skipped, they made `dotnet test PetitionOpinion.sln` print hundreds of
/// lines. xunit 2 has no dynamic skip, and the conformance kit's inherited tests cannot be given a skip reason: so their
/// test cases are dropped as they are discovered. Classes marked <see cref="RunsWithoutPostgreSqlAttribute"/> run anyway.
/// In CI, or with the variable set, nothing is left out: a missing or unreachable server fails the tests
/// (<see cref="PostgreSqlServer.DataSourceAsync"/>), and .ci/run checks that this project's tests ran.
/// </summary>
public sealed class PostgreSqlTestFramework : XunitTestFramework
{
    /// <summary>Initializes a new instance of the <see cref="PostgreSqlTestFramework"/> class.</summary>
    /// <param name="messageSink">The diagnostic message sink.</param>
    public PostgreSqlTestFramework(IMessageSink messageSink)
        : base(messageSink)
    {
    }

    /// <inheritdoc/>
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo)
        => new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    /// <inheritdoc/>
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName)
        => new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    /// <summary>Discovers as xunit does, but leaves out the test cases of a class that needs the server.</summary>
    private sealed class Discoverer(IAssemblyInfo assemblyInfo, ISourceInformationProvider sourceProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkDiscoverer(assemblyInfo, sourceProvider, diagnosticMessageSink)
    {
        private static int _announced;

        protected override bool FindTestsForType(ITestClass testClass, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            if (PostgreSqlServer.SkipReason is not { } reason || testClass.Class.GetCustomAttributes(typeof(RunsWithoutPostgreSqlAttribute)).Any())
            {
                return base.FindTestsForType(testClass, includeSourceInformation, messageBus, discoveryOptions);
            }

            // Said once, on its own line (xunit.runner.json turns diagnostic messages on).
            if (Interlocked.Exchange(ref _announced, 1) == 0)
            {
                DiagnosticMessageSink.OnMessage(new DiagnosticMessage("NOT RUN: the PostgreSQL store's tests that need a server. " + reason));
            }

            using var leavingOut = new LeavingOutMessageBus(messageBus);
            return base.FindTestsForType(testClass, includeSourceInformation, leavingOut, discoveryOptions);
        }
    }

    /// <summary>Runs tests as xunit does, discovering them with <see cref="Discoverer"/> (a run without a prior discovery discovers again).</summary>
    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        protected override ITestFrameworkDiscoverer CreateDiscoverer()
            => new Discoverer(AssemblyInfo, SourceInformationProvider, DiagnosticMessageSink);
    }

    /// <summary>Passes messages on, except the discovered test cases, which are left out of the run.</summary>
    private sealed class LeavingOutMessageBus(IMessageBus inner) : IMessageBus
    {
        public bool QueueMessage(IMessageSinkMessage message)
            => message is ITestCaseDiscoveryMessage || inner.QueueMessage(message);

        public void Dispose()
        {
            // The inner bus belongs to the caller.
        }
    }
}
