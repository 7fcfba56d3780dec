using PetitionOpinion.Assessment;
using PetitionOpinion.Organization;
using PetitionOpinion.Readiness;
using PetitionOpinion.Reporting;

namespace PetitionOpinion.Docs.Snippets;

/// <summary>docs/readiness.md's example.</summary>
internal static class ReadinessSnippets
{
    public static void Check(ResponseOrganization organization, IAuthorityPolicy authorityPolicy)
    {
        // <readiness>
        var catalog = ResourceCatalog.Create(
        [
            new(ResourceId.From("hotline"), ResourceKind.Hotline, "Customer service hotline", WellKnownGroups.PetitionHandlingGroup, contact: "400-800-1234", nameZh: "客服热线"),
            new(ResourceId.From("legal"), ResourceKind.LegalSupport, "Legal department", WellKnownGroups.LogisticsSupportGroup, contact: "legal@example.com", nameZh: "法务部"),
            // ... the other kinds the plan lists
        ], organization).Match(created => created, error => throw new InvalidOperationException(error.ToString())); // a setup error: stop
        var training = new TrainingLog([new TrainingRecord(PersonId.From("zhou.min"), ResourceId.From("crisis-course"), new DateOnly(2026, 1, 15))]);
        var checker = new ReadinessChecker(organization, authorityPolicy, RiskRuleSet.Default, new ReadinessSetup(catalog, training), TimeProvider.System);

        ReadinessReport report = checker.Check();          // as of now; Check(instant) for another instant
        Console.WriteLine(report.ToMarkdown(ReportLanguage.Chinese));
        if (!report.IsReady) { /* at least one error */ }
        // </readiness>
    }
}
