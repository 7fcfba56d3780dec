// <walkthrough-usings>
using Microsoft.Extensions.DependencyInjection;
using PetitionOpinion;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
// </walkthrough-usings>

namespace WalkThroughSample;

/// <summary>
/// docs/getting-started.md's walk-through, compiled here, checked against the page by a test and run by another:
/// report → assess → a directive due in four hours → why not resolve yet, asked of the repository → resolve → close,
/// every refusal kept as the <see cref="DomainError"/> it is.
/// </summary>
public static class WalkThrough
{
    /// <summary>Runs the walk-through on an in-memory store, printing each step.</summary>
    /// <param name="cancellationToken">Cancels it.</param>
    /// <returns>The incident's state at the end (<see cref="IncidentState.Closed"/>), or <see langword="null"/> when a step was refused.</returns>
    public static async Task<IncidentState?> RunAsync(CancellationToken cancellationToken = default)
    {
        // <walkthrough-setup>
        using var services = new ServiceCollection().AddPetitionOpinion(options =>
        {
            options.Organization.UseSeedTemplate = false; // two people, to keep it short; the plan's four groups are the template
            options.ConfigureOrganization(org => org
                .AddPerson(PersonId.From("zhou.min"), "Zhou Min")
                .AddPerson(PersonId.From("li.na"), "Li Na")
                .AddGroup(WellKnownGroups.PetitionHandlingGroup, "Petition Handling Group", "信访处理小组")
                .AddPosition(WellKnownGroups.PetitionHandlingGroup, PositionId.From("petition.leader"), "Customer Service Manager", "客服部经理", GroupRole.Leader)
                .Assign(PositionId.From("petition.leader"), PersonId.From("zhou.min"))
                .AddGroup(WellKnownGroups.LeadingGroup, "Leading Group", "领导小组")
                .AddPosition(WellKnownGroups.LeadingGroup, PositionId.From("leading.leader"), "General Manager", "总经理", GroupRole.Leader)
                .Assign(PositionId.From("leading.leader"), PersonId.From("li.na")));
        }).Services.BuildServiceProvider();

        var repository = services.GetRequiredService<IncidentRepository>();
        var handler = PersonId.From("zhou.min"); // leads the petition handling group: assesses, directs, resolves
        var manager = PersonId.From("li.na");    // leads the leading group: accepts the closure report
        // </walkthrough-setup>

        // <walkthrough-report>
        var reported = await repository.ReportAsync(new ReportIncident(
            handler, IncidentKind.Petition, IntakeChannel.Hotline, RiskCategory.DataPrivacy,
            "A customer says a phishing SMS quoted her order history."), cancellationToken);
        if (reported.TryPickT1(out var refused, out var incident))
        {
            Console.WriteLine($"report refused: {refused}"); // the code, the message and every detail
            return null;
        }

        // Every action answers the incident as stored, or the error that refused it (and then nothing was stored).
        async Task<bool> Do(IncidentCommand command)
        {
            var outcome = await repository.ExecuteAsync(incident.Id, command, cancellationToken);
            outcome.Switch(
                stored => Console.WriteLine($"{command.Action}: now {stored.State}"),
                error => Console.WriteLine($"{command.Action} refused: {error}"));
            return outcome.IsT0;
        }
        // </walkthrough-report>

        // <walkthrough-assess-and-direct>
        if (!await Do(new AssessIncident(handler, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.High,
            "Personal data may have leaked; other customers may be affected.")))
        {
            return null;
        }

        var issued = await repository.IssueDirectiveAsync(incident.Id, new IssueDirective(
            handler, DirectiveKind.InformationCollection, WellKnownGroups.PetitionHandlingGroup,
            "Find where the order history leaked from.", TimeSpan.FromHours(4)), cancellationToken); // due in 4 hours
        if (issued.TryPickT1(out var notIssued, out var directive))
        {
            Console.WriteLine($"directive refused: {notIssued}");
            return null;
        }

        Console.WriteLine($"directive {directive.Directive.Id} due {directive.Directive.DueAt:u}");
        // </walkthrough-assess-and-direct>

        // <walkthrough-why-not>
        foreach (var reason in await repository.WhyNotAsync(incident.Id, IncidentAction.Resolve, handler, cancellationToken))
        {
            Console.WriteLine($"cannot resolve yet: {reason.Code}: {reason.Message}");
        }
        // </walkthrough-why-not>

        // <walkthrough-resolve-and-close>
        var closed = await Do(new AcknowledgeDirective(handler, directive.Directive.Id))
            && await Do(new CompleteDirective(handler, directive.Directive.Id, "A partner's SMS gateway leaked it."))
            && await Do(new StartResponse(handler))
            && await Do(new ResolveIncident(handler, "Gateway credentials rotated; the customer was called back."))
            && await Do(new SubmitClosureReport(handler, new ClosureReport(
                "An SMS gateway leaked order histories; credentials rotated, the customer informed.",
                Causes: ["A partner's gateway kept order details it did not need."],
                Improvements: [new Improvement("Send partners no order details.", handler, new DateOnly(2026, 12, 31))],
                Lessons: ["Ask what a partner stores before sending it anything."])))
            && await Do(new AcceptClosureReport(manager));

        var final = await repository.GetAsync(incident.Id, cancellationToken);
        return final.Match<IncidentState?>(
            stored => stored.State,                       // Closed when every step was accepted
            error => { Console.WriteLine($"cannot load: {error}"); return null; });
        // </walkthrough-resolve-and-close>
    }
}
