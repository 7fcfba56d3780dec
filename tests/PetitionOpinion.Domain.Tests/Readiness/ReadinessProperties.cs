using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PetitionOpinion.Assessment;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Readiness;
using PetitionOpinion.Reporting;
using static PetitionOpinion.Tests.Readiness.ReadinessWorld;

namespace PetitionOpinion.Tests.Readiness;

/// <summary>
/// The readiness report's invariants over random setups (resources of every kind and status, owners known or not, training
/// of every age, category owners, custom directive kinds and categories, revoked grants): adding an available resource or
/// a fresh training record never adds a gap; the report is deterministic, every gap has English and Chinese text and a
/// documented code with its documented severity, in the documented order; and it is ready exactly when no gap is an error.
/// </summary>
public sealed class ReadinessProperties
{
    private const int Cases = 500;

    [Property(MaxTest = Cases, Arbitrary = new[] { typeof(ReadinessArbitraries) })]
    public void Check_AddingAnAvailableResourceOrAFreshTrainingRecord_NeverAddsAGap(ReadinessCase c, ReadinessAddition addition)
    {
        var before = c.Checker(c.Setup()).Check();
        var after = c.Checker(addition.ApplyTo(c.Setup())).Check();

        var added = Identities(after).Except(Identities(before)).ToArray();
        Assert.True(added.Length == 0, $"Adding {addition} added {string.Join(", ", added)}.");
    }

    [Property(MaxTest = Cases, Arbitrary = new[] { typeof(ReadinessArbitraries) })]
    public void Check_AnySetup_IsDeterministicWithDocumentedBilingualGapsInOrder(ReadinessCase c)
    {
        var first = c.Checker(c.Setup()).Check();
        var again = c.Checker(c.Setup()).Check();

        Assert.Equal(first.Gaps, again.Gaps);
        Assert.Equal(first.ToMarkdown(ReportLanguage.English), again.ToMarkdown(ReportLanguage.English));
        Assert.Equal(first.ToMarkdown(ReportLanguage.Chinese), again.ToMarkdown(ReportLanguage.Chinese));
        var documented = ReadinessGapCodes.All.ToDictionary(p => p.Key, p => p.Value);
        foreach (var gap in first.Gaps)
        {
            Assert.True(documented.TryGetValue(gap.Code, out var severity), $"{gap.Code} is not documented.");
            Assert.Equal(severity, gap.Severity);
            Assert.False(string.IsNullOrWhiteSpace(gap.English));
            Assert.False(string.IsNullOrWhiteSpace(gap.Chinese));
            Assert.Contains(gap.Chinese, ch => ch is >= '\u4e00' and <= '\u9fff');
            Assert.False(string.IsNullOrWhiteSpace(gap.Subject.Id));
        }

        var ordered = first.Gaps
            .OrderBy(g => g.Severity).ThenBy(g => g.Code, StringComparer.Ordinal).ThenBy(g => g.Subject.Kind).ThenBy(g => g.Subject.Id, StringComparer.Ordinal);
        Assert.Equal(ordered, first.Gaps);
        Assert.Equal(first.Gaps.Count, Identities(first).Distinct().Count());
    }

    [Property(MaxTest = Cases, Arbitrary = new[] { typeof(ReadinessArbitraries) })]
    public void IsReady_AnySetup_IsTrueExactlyWhenNoGapIsAnError(ReadinessCase c)
    {
        var report = c.Checker(c.Setup()).Check();

        Assert.Equal(report.Gaps.All(g => g.Severity != GapSeverity.Error), report.IsReady);
        Assert.Equal(report.Gaps.Count(g => g.Severity == GapSeverity.Error), report.ErrorCount);
        Assert.Equal(report.Gaps.Count, report.ErrorCount + report.WarningCount);
        Assert.Equal(report.IsReady ? "**Ready**" : "**Not ready**", report.ToMarkdown(ReportLanguage.English).Split('\n')[4].Split(':')[0]);
    }
}

/// <summary>A resource to put in the catalogue: its kind, status, whether it has a contact, its owner (an index into <see cref="ReadinessCase.Owners"/>) and the custom kinds it also serves (a bit mask).</summary>
public sealed record ResourceSpec(ResourceKind Kind, ResourceStatus Status, bool HasContact, int Owner, int Serves)
{
    public Resource ToResource(int index)
        => new(
            new ResourceId($"r{index}"),
            Kind,
            $"{Kind} {index}",
            ReadinessCase.Owners[Owner],
            Status,
            HasContact ? $"contact-{index}@example.com" : null,
            index % 2 == 0 ? $"资源{index}" : null,
            ReadinessCase.CustomKinds.Where((_, bit) => (Serves & (1 << bit)) != 0));
}

/// <summary>A training record: whose (an index into <see cref="ReadinessWorld.Staff"/> plus the outsider) and how many days before the as-of day (negative: after it).</summary>
public sealed record TrainingSpec(int Person, int DaysAgo)
{
    public TrainingRecord ToRecord()
        => new(Person < Staff.Count ? Staff[Person] : Support.People.Outsider, CourseId, Today.AddDays(-DaysAgo));
}

/// <summary>
/// A random readiness world over the staffed seed organisation: resources, training, who owns each category (an index into
/// <see cref="Owners"/>, or none), which custom categories the rule set has, which custom directive kinds the company
/// issues, and which actions nobody may perform.
/// </summary>
public sealed record ReadinessCase(
    ResourceSpec[] Resources,
    TrainingSpec[] Training,
    int[] CategoryOwners,
    int CustomCategories,
    int DirectiveKinds,
    IncidentAction[] Revoked)
{
    /// <summary>The owners a resource or category may have: the four seed groups, then a group the organisation lacks.</summary>
    public static readonly GroupId[] Owners =
        [WellKnownGroups.LeadingGroup, WellKnownGroups.PetitionHandlingGroup, WellKnownGroups.OpinionMonitoringGroup, WellKnownGroups.LogisticsSupportGroup, new("ghost-group")];

    public static readonly DirectiveKind[] CustomKinds = [new("Compensation"), new("Recall")];

    public static readonly RiskCategory[] Categories =
        [RiskCategory.ProductQuality, RiskCategory.ServiceAttitude, RiskCategory.DataPrivacy, RiskCategory.SocialResponsibility, new("Logistics"), new("Pricing")];

    // One rule set per subset of the two custom categories, compiled once.
    private static readonly RiskRuleSet[] RuleSets =
        [.. Enumerable.Range(0, 4).Select(mask => RiskRuleSet.Create($"prop-{mask}", DefaultRiskRules.All, [.. DefaultRiskRules.Categories, .. Categories[4..].Where((_, bit) => (mask & (1 << bit)) != 0)]).AsT0)];

    public ReadinessSetup Setup()
    {
        var ownership = CategoryOwnership.None;
        for (var i = 0; i < Categories.Length; i++)
        {
            if (CategoryOwners[i] < Owners.Length)
            {
                ownership = ownership.With(Categories[i], Owners[CategoryOwners[i]]);
            }
        }

        return new ReadinessSetup(
            Catalog(Resources.Select((r, i) => r.ToResource(i))),
            new TrainingLog(Training.Select(t => t.ToRecord())),
            ownership,
            CustomKinds.Where((_, bit) => (DirectiveKinds & (1 << bit)) != 0));
    }

    public ReadinessChecker Checker(ReadinessSetup setup)
    {
        var matrix = Revoked.Aggregate(AuthorityMatrix.Default, (m, action) => m.With(action));
        return ReadinessWorld.Checker(setup, matrix, rules: RuleSets[CustomCategories]);
    }

    public override string ToString()
        => $"{Resources.Length} resources [{string.Join("; ", Resources.Select(r => r.ToString()))}], {Training.Length} training records, owners [{string.Join(",", CategoryOwners)}], categories {CustomCategories}, kinds {DirectiveKinds}, revoked [{string.Join(",", Revoked)}]";
}

/// <summary>What a monotonicity case adds: an available resource owned by a group the organisation has, or a training record at most 12 months old.</summary>
public sealed record ReadinessAddition(ResourceSpec? Resource, TrainingSpec? Training)
{
    public ReadinessSetup ApplyTo(ReadinessSetup setup)
        => Resource is { } resource
            ? setup.WithResources(setup.Resources.With(resource.ToResource(1_000)).AsT0)
            : setup.WithTraining(setup.Training.With(Training!.ToRecord()));
}

public static class ReadinessArbitraries
{
    private static readonly ResourceKind[] Kinds = Enum.GetValues<ResourceKind>();
    private static readonly IncidentAction[] Actions = Enum.GetValues<IncidentAction>();

    public static Arbitrary<ReadinessCase> Cases() => Arb.From(CaseGen());

    public static Arbitrary<ReadinessAddition> Additions() => Arb.From(AdditionGen());

    private static Gen<ResourceSpec> ResourceGen(bool available, bool knownOwner)
        => from kind in Gen.Elements(Kinds)
           from status in available ? Gen.Constant(ResourceStatus.Available) : Gen.Frequency((3, Gen.Constant(ResourceStatus.Available)), (2, Gen.Constant(ResourceStatus.Degraded)), (2, Gen.Constant(ResourceStatus.Unavailable)))
           from contact in Gen.Elements(true, true, false)
           from owner in knownOwner ? Gen.Choose(0, 3) : Gen.Frequency((9, Gen.Choose(0, 3)), (1, Gen.Constant(4)))
           from serves in Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Choose(1, 3)))
           select new ResourceSpec(kind, status, contact, owner, serves);

    private static Gen<TrainingSpec> TrainingGen(int maxDaysAgo)
        => from person in Gen.Choose(0, Staff.Count)
           from daysAgo in Gen.Choose(maxDaysAgo > 365 ? -30 : 0, maxDaysAgo)
           select new TrainingSpec(person, daysAgo);

    private static Gen<ReadinessCase> CaseGen()
        => from resourceCount in Gen.Choose(0, 14)
           from resources in Gen.ArrayOf(ResourceGen(available: false, knownOwner: false), resourceCount)
           from trainingCount in Gen.Choose(0, 24)
           from training in Gen.ArrayOf(TrainingGen(900), trainingCount)
           from owners in Gen.ArrayOf(Gen.Frequency((6, Gen.Choose(0, 3)), (1, Gen.Constant(4)), (2, Gen.Constant(5))), ReadinessCase.Categories.Length)
           from customCategories in Gen.Choose(0, 3)
           from directiveKinds in Gen.Choose(0, 3)
           from revokedCount in Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Choose(1, 2)))
           from revoked in Gen.ArrayOf(Gen.Elements(Actions), revokedCount)
           select new ReadinessCase(resources, training, owners, customCategories, directiveKinds, revoked);

    private static Gen<ReadinessAddition> AdditionGen()
        => Gen.OneOf(
            ResourceGen(available: true, knownOwner: true).Select(r => new ReadinessAddition(r, null)),
            TrainingGen(365).Select(t => new ReadinessAddition(null, t)));
}
