using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Reporting;

/// <summary>How far <see cref="ReportStories.Full"/> takes its incident.</summary>
public enum StoryEnd
{
    /// <summary>Resolved, no report submitted.</summary>
    Resolved,

    /// <summary>The closure report submitted, not accepted.</summary>
    Submitted,

    /// <summary>The closure report accepted: closed.</summary>
    Closed,
}

/// <summary>
/// An incident with something of every kind a closure report shows: an assessment and an escalating re-assessment, a
/// directive completed on time, one completed late and one cancelled, a customer communication, a statement taken
/// through review, approval and publication, a fulfilled support request, the resolution and the closure report. The
/// petitioner (<see cref="PetitionerName"/>, <see cref="PetitionerPhone"/>) is quoted in the description and in texts.
/// </summary>
public static class ReportStories
{
    public const string PetitionerName = "Wang Fang";
    public const string PetitionerPhone = "+86 138 0000 0000";

    /// <summary>The report command: the description quotes the petitioner.</summary>
    public static ReportIncident ReportCommand(ComplainedParty? complained = null)
        => Scenario.ReportCommand() with
        {
            Description = $"{PetitionerName} (phone {PetitionerPhone}) says another customer's order history appeared in her account.",
            ComplainedAbout = complained ?? new ComplainedParty(null, Departments.TechnicalSupport),
        };

    /// <summary>The closure report: texts quote the petitioner too.</summary>
    public static ClosureReport Report()
        => new(
            $"{PetitionerName}'s account page showed another customer's orders; the cache was fixed and she accepted the apology.",
            ["A caching bug in the account page.", $"No test covered what {PetitionerName} saw."],
            [
                new Improvement("Add a review step for cache changes.", People.HeadOfTechnicalSupport, new DateOnly(2026, 6, 30)),
                new Improvement("Test cache invalidation on every release.", People.ItSupport, new DateOnly(2026, 4, 15)),
            ],
            ["Call the customer back within the hour."]);

    /// <summary>Drives the full story on <paramref name="scenario"/> (every step 5 minutes after the one before).</summary>
    public static Incident Full(Scenario scenario, StoryEnd end = StoryEnd.Closed, ComplainedParty? complained = null)
    {
        scenario.Time.Advance(Scenario.Step);
        var incident = scenario.Lifecycle.Report(ReportCommand(complained)).AsT0;
        foreach (var command in Commands(scenario, end))
        {
            scenario.Lifecycle.Execute(incident, command).Switch(_ => { }, e => throw new InvalidOperationException($"{command.GetType().Name} was refused: {e}"));
        }

        return incident;
    }

    /// <summary>The story's commands after the report, each taken when the clock has moved on by <see cref="Scenario.Step"/>.</summary>
    public static IEnumerable<IncidentCommand> Commands(Scenario scenario, StoryEnd end = StoryEnd.Closed)
    {
        // The clock moves on before a command is handed out (its due times are taken before, as Scenario.Do does).
        IncidentCommand Step(IncidentCommand command)
        {
            scenario.Time.Advance(Scenario.Step);
            return command;
        }

        yield return Step(new AssessIncident(People.CustomerServiceRep, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.Medium, "One customer; personal data shown to another."));
        yield return Step(new IssueDirective(People.CustomerServiceRep, DirectiveKind.InformationCollection, WellKnownGroups.PetitionHandlingGroup, "Collect the account history.", scenario.Now.AddDays(1)));
        yield return Step(new IssueDirective(People.CustomerServiceRep, DirectiveKind.CustomerCommunication, WellKnownGroups.PetitionHandlingGroup, $"Call {PetitionerName} back.", scenario.Now.AddMinutes(20)));
        yield return Step(new IssueDirective(People.CustomerServiceRep, DirectiveKind.TechnicalSupport, WellKnownGroups.LogisticsSupportGroup, "Check the cache.", scenario.Now.AddDays(1)));
        yield return Step(new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)));
        yield return Step(new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(2)));
        yield return Step(new CancelDirective(People.CustomerServiceRep, new DirectiveId(3), "Covered by the support request."));
        yield return Step(new StartResponse(People.CustomerServiceManager));
        yield return Step(new RecordCommunication(People.CustomerServiceRep, IntakeChannel.Hotline, $"Called {PetitionerName} on {PetitionerPhone}.", "She accepted the apology."));
        yield return Step(new ReassessIncident(People.CustomerServiceRep, SeverityLevel.II, ImpactScope.Group, PotentialRisk.High, "Others report the same."));
        yield return Step(new DraftStatement(People.PrManager, "On the account page error", "We apologise."));
        yield return Step(new ReviewStatement(People.HeadOfLegal, new StatementId(1), "No admission of liability."));
        yield return Step(new ApproveStatement(People.GeneralManager, new StatementId(1)));
        yield return Step(new PublishStatement(People.SocialMediaSpecialist, new StatementId(1), "Weibo"));
        yield return Step(new RequestSupport(People.CustomerServiceRep, SupportKind.ItSupport, "Flush the cache."));
        yield return Step(new FulfilSupport(People.ItSupport, new SupportRequestId(1), "Flushed."));
        yield return Step(new CompleteDirective(People.CustomerServiceRep, new DirectiveId(1), "History collected."));
        yield return Step(new CompleteDirective(People.CustomerServiceRep, new DirectiveId(2), "Called back."));
        yield return Step(new ResolveIncident(People.CustomerServiceManager, "Cache fixed; the customer accepted the apology."));
        if (end == StoryEnd.Resolved)
        {
            yield break;
        }

        yield return Step(new SubmitClosureReport(People.CustomerServiceManager, Report()));
        if (end == StoryEnd.Closed)
        {
            yield return Step(new AcceptClosureReport(People.GeneralManager));
        }
    }
}
