// <quick-start-usings>
using Microsoft.Extensions.DependencyInjection;
using PetitionOpinion;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
// </quick-start-usings>

namespace QuickStartSample;

/// <summary>The README's example, compiled here and checked against the README by a test.</summary>
internal static class QuickStart
{
    public static void Run()
    {
        // <quick-start>
        var services = new ServiceCollection().AddPetitionOpinion(options =>
        {
            options.Organization.UseSeedTemplate = false; // a one-person organisation, to keep the example short
            options.ConfigureOrganization(org => org
                .AddPerson(PersonId.From("zhou.min"), "Zhou Min")
                .AddGroup(WellKnownGroups.PetitionHandlingGroup, "Petition Handling Group", "信访处理小组")
                .AddPosition(WellKnownGroups.PetitionHandlingGroup, PositionId.From("petition.leader"), "Customer Service Manager", "客服部经理", GroupRole.Leader)
                .Assign(PositionId.From("petition.leader"), PersonId.From("zhou.min")));
        }).Services.BuildServiceProvider();

        var lifecycle = services.GetRequiredService<IncidentLifecycle>();
        var actor = PersonId.From("zhou.min");
        var reported = lifecycle.Report(new ReportIncident(
            actor, IncidentKind.Petition, IntakeChannel.Hotline, RiskCategory.DataPrivacy,
            "A customer says a phishing SMS quoted her order history."));
        if (reported.TryPickT1(out var refused, out var incident))   // .AsT0 would throw here and lose the error
        {
            Console.WriteLine($"refused: {refused.Code}: {refused.Message}");
            return;
        }

        lifecycle.Execute(incident, new AssessIncident(
            actor, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.High,
            "Personal data may have leaked; other customers may be affected."))
            .Switch(
                events => Console.WriteLine($"{incident.State}, level {incident.Level}, {events.Count} event(s) recorded"),
                error => Console.WriteLine($"refused: {error.Code}: {error.Message}"));

        foreach (var reason in lifecycle.WhyNot(incident, IncidentAction.Resolve, actor))
        {
            Console.WriteLine($"cannot resolve yet: [{reason.Code}] {reason.Message}");
        }
        // </quick-start>
    }
}
