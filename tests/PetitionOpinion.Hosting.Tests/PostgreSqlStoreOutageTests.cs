using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PetitionOpinion.Hosting.Tests.Support;
using PetitionOpinion.Storage.Conformance;
using Xunit.Abstractions;

namespace PetitionOpinion.Hosting.Tests;

/// <summary>
/// Issue 19's store outage with the real PostgreSQL store: for four hours of the fake clock the server is gone, as far as
/// the hosts can tell — a forwarder between them and the shared test server (which keeps running: other test projects use
/// it) closes every connection and refuses new ones. The loops log, back off and report unhealthy, and catch up once the
/// server is back (see <see cref="StoreOutage"/>); two instances on one store deliver each notification once between them,
/// one of them scanning. Each test works in a schema of its own; without a server (<see cref="PostgreSqlServer"/>) they are
/// skipped, except in CI, where they fail.
/// </summary>
public sealed class PostgreSqlStoreOutageTests(ITestOutputHelper output)
{
    private static readonly string[] Secrets = ["Host=", "Username=", "Exception while", "po_hosting_"];

    [PostgreSqlFact]
    public async Task AddPetitionOpinionHosting_PostgreSqlServerUnreachableForFourHours_LogsBacksOffReportsUnhealthyAndCatchesUpOnce()
    {
        await using var schema = await PostgreSqlServer.CreateSchemaAsync();
        await using var forwarder = new TcpForwarder(schema.Server);
        await using var story = new HostedStory(petitionOpinion: b => UsePostgreSql(b, schema, forwarder));
        await story.StartAsync();
        var incident = await story.ReportAsync();
        await story.RunUntilAsync(story.Clock.GetUtcNow().AddDays(1), () => !story.Channel.Delivered.IsEmpty); // the first warning
        var beforeOutage = story.Channel.Delivered.Count;

        var real = Stopwatch.StartNew();
        forwarder.Cut();
        await story.RunForAsync(TimeSpan.FromHours(4));
        var during = await StoreOutage.ObserveAsync(story);
        forwarder.Restore();
        var cut = real.Elapsed;
        await story.RunUntilAsync(ConformanceScenario.Start.AddHours(31)); // past the seed story's second deadline's escalation
        output.WriteLine($"{during}; {forwarder.Refused} connection(s) refused; {cut.TotalSeconds:F1} s of real time for the four hours");

        Assert.True(beforeOutage > 0, "the first warning is delivered before the outage");
        Assert.Equal(beforeOutage, during.Delivered);
        Assert.True(forwarder.Refused > 0, "the store tried to connect during the outage");
        // Backed off: 5 s, 10 s, 20 s, ... up to MaxRetryDelay (2 minutes), so about 120 failed passes in four hours, not 2,880.
        Assert.InRange(during.DeadlineFailures, 110, 125);
        Assert.InRange(during.DispatcherFailures, 110, 125);
        StoreOutage.AssertDuring(story, during, TimeSpan.FromMinutes(2));
        await StoreOutage.AssertCaughtUpOnceAsync([story], incident, await schema.OutboxKeysAsync(), Secrets);
        await StoreOutage.AssertHealthyAsync(story);
    }

    [PostgreSqlFact]
    public async Task AddPetitionOpinionHosting_TwoInstancesThroughAPostgreSqlOutage_DeliverEachNotificationOnceBetweenThemWithOneScanner()
    {
        await using var schema = await PostgreSqlServer.CreateSchemaAsync();
        await using var toFirst = new TcpForwarder(schema.Server);
        await using var toSecond = new TcpForwarder(schema.Server);
        var clock = new FakeTimeProvider(ConformanceScenario.Start);
        await using var first = new HostedStory(petitionOpinion: b => UsePostgreSql(b, schema, toFirst), clock: clock);
        await using var second = new HostedStory(petitionOpinion: b => UsePostgreSql(b, schema, toSecond), clock: clock);
        HostedStory[] instances = [first, second];
        await first.StartAsync();
        await second.StartAsync();
        var incident = await first.ReportAsync();
        await HostedStory.RunUntilAsync(instances, clock.GetUtcNow().AddDays(1), () => instances.Any(i => !i.Channel.Delivered.IsEmpty)); // the first warning
        var leadingBefore = instances.Count(i => i.State.Leading == true);

        toFirst.Cut();
        toSecond.Cut();
        await HostedStory.RunUntilAsync(instances, clock.GetUtcNow().AddHours(4));
        var during = await Task.WhenAll(instances.Select(StoreOutage.ObserveAsync));
        toFirst.Restore();
        toSecond.Restore();
        await HostedStory.RunUntilAsync(instances, ConformanceScenario.Start.AddHours(31));
        output.WriteLine($"{string.Join(" | ", during.Select(d => d.ToString()))}; delivered {first.Channel.Delivered.Count} + {second.Channel.Delivered.Count}");

        Assert.Equal(1, leadingBefore);
        foreach (var (instance, observed) in instances.Zip(during))
        {
            StoreOutage.AssertDuring(instance, observed, TimeSpan.FromMinutes(2));
        }

        // One instance scans at a time (the lease), the dispatchers claim disjoint messages: between them, each key once.
        await StoreOutage.AssertCaughtUpOnceAsync(instances, incident, await schema.OutboxKeysAsync(), Secrets);
        Assert.Single(instances, i => i.State.Leading == true);
        foreach (var instance in instances)
        {
            await StoreOutage.AssertHealthyAsync(instance);
        }
    }

    private static IPetitionOpinionBuilder UsePostgreSql(IPetitionOpinionBuilder builder, PostgreSqlTestSchema schema, TcpForwarder forwarder)
        => builder.UsePostgreSqlStore(o =>
        {
            o.ConnectionString = schema.ConnectionStringThrough(forwarder.Port);
            o.Schema = schema.Name;
            o.CommandTimeout = TimeSpan.FromSeconds(5);
        });
}
