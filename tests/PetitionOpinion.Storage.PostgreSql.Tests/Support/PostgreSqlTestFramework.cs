using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("PetitionOpinion.Storage.PostgreSql.Tests.Support.PostgreSqlTestFramework", "PetitionOpinion.Storage.PostgreSql.Tests")]

namespace PetitionOpinion.Storage.PostgreSql.Tests.Support;

/// <summary>
/// xunit's own framework, except that when no PostgreSQL server is configured on a developer's machine
/// (<see cref="PostgreSqlServer.SkipReason"/>), every test that needs one is reported skipped with a message saying how to
/// run it. xunit 2 has no dynamic skip, and the conformance kit's inherited tests cannot be given a skip reason: so the
/// test cases are replaced, as they are discovered, by skipped ones of the same method and arguments (the same names).
/// Classes marked <see cref="RunsWithoutPostgreSqlAttribute"/> run anyway. In CI, or with the variable set, nothing is
/// skipped: a missing or unreachable server fails the tests (<see cref="PostgreSqlServer.DataSourceAsync"/>).
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

    /// <summary>Discovers as xunit does, then swaps each test case of a class that needs the server for a skipped one.</summary>
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

            // Said once, on its own line (xunit.runner.json turns diagnostic messages on): a skipped test's reason shows only at detailed verbosity.
            if (Interlocked.Exchange(ref _announced, 1) == 0)
            {
                DiagnosticMessageSink.OnMessage(new DiagnosticMessage("SKIPPED (the tests that need a PostgreSQL server): " + reason));
            }

            using var skipping = new SkippingMessageBus(messageBus, reason, DiagnosticMessageSink, discoveryOptions);
            return base.FindTestsForType(testClass, includeSourceInformation, skipping, discoveryOptions);
        }
    }

    /// <summary>Runs tests as xunit does, discovering them with <see cref="Discoverer"/> (a run without a prior discovery discovers again).</summary>
    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        protected override ITestFrameworkDiscoverer CreateDiscoverer()
            => new Discoverer(AssemblyInfo, SourceInformationProvider, DiagnosticMessageSink);
    }

    /// <summary>Passes messages on, with each discovered test case replaced by a skipped one of the same method and arguments.</summary>
    private sealed class SkippingMessageBus(IMessageBus inner, string reason, IMessageSink diagnosticMessageSink, ITestFrameworkDiscoveryOptions options) : IMessageBus
    {
        public bool QueueMessage(IMessageSinkMessage message)
        {
            if (message is ITestCaseDiscoveryMessage { TestCase: var testCase } && testCase.SkipReason is null)
            {
                var skipped = new XunitSkippedDataRowTestCase(
                    diagnosticMessageSink,
                    options.MethodDisplayOrDefault(),
                    options.MethodDisplayOptionsOrDefault(),
                    testCase.TestMethod,
                    reason,
                    testCase.TestMethodArguments)
                {
                    SourceInformation = testCase.SourceInformation,
                };
                message = new TestCaseDiscoveryMessage(skipped);
            }

            return inner.QueueMessage(message);
        }

        public void Dispose()
        {
            // The inner bus belongs to the caller.
        }
    }
}
