namespace PetitionOpinion.Storage.Conformance.XunitV3.Tests;

/// <summary>
/// What xunit v3 adds to the kit: a test whose optional hook the store lacks is reported skipped, with the hook it needs,
/// instead of passing without having checked anything (xunit v2 has no dynamic skip).
/// </summary>
public sealed class InconclusiveTests
{
    [Fact]
    public async Task HookTest_StoreWithoutTheHook_IsSkippedNamingTheHook()
    {
        var kit = new StoreWithoutHooks();
        await kit.InitializeAsync();
        try
        {
            var reopen = await SkipReasonAsync(kit.TryReopenAsync_AfterWrites_EverythingSurvives);
            var failure = await SkipReasonAsync(() => kit.AppendAsync_FailureInjectedMidAppend_LeavesNoPartialWrite(1));

            Assert.EndsWith("Inconclusive: the store is not durable (TryReopenAsync not implemented).", reopen, StringComparison.Ordinal);
            Assert.Contains("TryInjectFailureAfterEventsAsync", failure, StringComparison.Ordinal);
        }
        finally
        {
            await kit.DisposeAsync();
        }
    }

    [Fact]
    public async Task ContractTest_StoreWithoutHooks_RunsAndPasses()
    {
        var kit = new StoreWithoutHooks();
        await kit.InitializeAsync();
        try
        {
            await kit.AppendAsync_NewIncidentWhoseIdExists_ReturnsConflictAndWritesNothing();
        }
        finally
        {
            await kit.DisposeAsync();
        }
    }

    /// <summary>Runs a test of the kit and returns the message it skipped itself with (Assert.ThrowsAsync would pass the skip on to this test).</summary>
    private static async Task<string?> SkipReasonAsync(Func<Task> test)
    {
        try
        {
            await test();
            return null;
        }
        catch (Xunit.Sdk.SkipException skip)
        {
            return skip.Message;
        }
    }

    /// <summary>A store that implements no optional hook (not public: xunit does not run its tests on its own).</summary>
    internal sealed class StoreWithoutHooks : IncidentStoreConformanceTests
    {
        protected override ValueTask<IIncidentStore> CreateStoreAsync() => ValueTask.FromResult<IIncidentStore>(new InMemoryIncidentStore(Scenario.Time));
    }
}
