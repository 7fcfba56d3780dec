using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Options;
using PetitionOpinion.Incidents;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Storage;

/// <summary>
/// Idempotent intake as a property: for random sequences of (source, key, report) intakes, each (source, key) maps to
/// exactly one incident, a replay of the same report returns that incident, a different report returns the mismatch,
/// and different sources never share an incident.
/// </summary>
public sealed class IdempotentIntakeProperties
{
    private const int Sequences = 500;
    private static readonly CancellationToken None = CancellationToken.None;

    [Property(MaxTest = Sequences, Arbitrary = new[] { typeof(IntakeArbitraries) })]
    public async Task ReportAsync_RandomIntakes_EachScopedKeyIsExactlyOneIncident(IntakeSequence sequence)
    {
        var scenario = new Scenario();
        var store = new InMemoryIncidentStore();
        var repository = new IncidentRepository(store, scenario.Lifecycle, new IncidentEventSerializer(), Options.Create(new PetitionOpinionOptions()));
        var first = new Dictionary<(string Source, string Key), (int Report, IncidentId Incident)>();
        var sources = new Dictionary<IncidentId, string>();
        foreach (var intake in sequence.Intakes)
        {
            scenario.Time.Advance(TimeSpan.FromMinutes(1));
            var result = await repository.ReportOnceAsync(IntakeArbitraries.Reports[intake.Report], new IntakeKey(intake.Source, intake.Key), None);
            if (!first.TryGetValue((intake.Source, intake.Key), out var known))
            {
                var created = result.Match(o => o, e => throw new InvalidOperationException($"{intake}: refused {e}"));
                Assert.False(created.Replayed, $"{intake}: a first intake was answered as a replay.");
                Assert.True(sources.TryAdd(created.Incident.Id, intake.Source), $"{intake}: answered with an incident another key created.");
                first[(intake.Source, intake.Key)] = (intake.Report, created.Incident.Id);
            }
            else if (known.Report == intake.Report)
            {
                var replayed = result.Match(o => o, e => throw new InvalidOperationException($"{intake}: refused {e}"));
                Assert.True(replayed.Replayed, $"{intake}: a repeated intake was not answered as a replay.");
                Assert.Equal(known.Incident, replayed.Incident.Id);
                Assert.Equal(intake.Source, sources[replayed.Incident.Id]);
            }
            else
            {
                Assert.True(result.IsT1, $"{intake}: a different report with a known key was not refused.");
                Assert.Equal(IntakeErrors.IdempotencyMismatch, result.AsT1.Code);
            }
        }

        var stored = await store.QueryAsync(new IncidentQuery { Take = 1000 }, None);
        Assert.Equal(first.Count, stored.TotalCount);
        foreach (var ((source, key), (_, incident)) in first)
        {
            Assert.Equal(incident, await store.FindByIdempotencyKeyAsync(new IntakeKey(source, key).StoreKey, None));
        }
    }
}

/// <summary>One report with an idempotency key: the key's source, the key, and which of <see cref="IntakeArbitraries.Reports"/> it sends.</summary>
public sealed record Intake(string Source, string Key, int Report);

/// <summary>A sequence of intakes.</summary>
public sealed record IntakeSequence(IReadOnlyList<Intake> Intakes)
{
    public override string ToString() => string.Join(" ; ", Intakes);
}

public static class IntakeArbitraries
{
    /// <summary>Reports that differ pairwise in exactly one fact each from the first: description, kind, channel, category, petitioner, party complained about, actor.</summary>
    public static readonly ReportIncident[] Reports =
    [
        Scenario.ReportCommand(),
        Scenario.ReportCommand() with { Description = "A customer says another customer's order history appeared in her account!" },
        Scenario.ReportCommand(IncidentKind.PublicOpinion),
        Scenario.ReportCommand() with { Channel = IntakeChannel.SocialMedia },
        Scenario.ReportCommand() with { Category = RiskCategory.ProductQuality },
        Scenario.ReportCommand() with { Petitioner = new PetitionerDetails("Wang Fang", "+86 138 0000 0001") },
        Scenario.ReportCommand() with { ComplainedAbout = null },
        Scenario.ReportCommand(actor: People.CustomerServiceManager),
    ];

    // Few sources and keys, so that sequences reuse them often; sources and keys that differ only in case or white space
    // are different (ordinal).
    private static readonly string[] Sources = ["crm", "CRM", "web", "crm "];
    private static readonly string[] Keys = ["4711", "4712", "k", "K", "键"];

    public static Arbitrary<IntakeSequence> Sequences() => Arb.From(
        from count in Gen.Choose(1, 30)
        from intakes in Gen.ArrayOf(IntakeGen(), count)
        select new IntakeSequence(intakes));

    private static Gen<Intake> IntakeGen()
        => from source in Gen.Elements(Sources)
           from key in Gen.Elements(Keys)
           from report in Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(1, Reports.Length - 1)))
           select new Intake(source, key, report);
}
