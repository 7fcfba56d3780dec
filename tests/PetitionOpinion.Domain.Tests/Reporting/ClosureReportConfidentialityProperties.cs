using FsCheck.Xunit;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Reporting;
using PetitionOpinion.Tests.Notifications;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Reporting;

/// <summary>
/// Confidentiality (docs/security.md) for closure reports, which go beyond the petition handling group: for random petitioners (names, phone
/// numbers in any format, e-mail addresses in any case; <see cref="ConfidentialityArbitraries"/>) quoted in the
/// description and in every free text the lifecycle records, neither the English nor the Chinese Markdown, at any stage
/// of the report, ever shows the petitioner's name, phone digits, e-mail or contact.
/// </summary>
public sealed class ClosureReportConfidentialityProperties
{
    [Property(MaxTest = 100, Arbitrary = new[] { typeof(ConfidentialityArbitraries) })]
    public void ToMarkdown_PetitionerQuotedInEveryText_NeverShowsTheirNameOrContact(ConfidentialCase c)
    {
        var scenario = new Scenario();
        var secret = c.Instructions; // quotes the name and the contact, and fits every short text
        // The person complained about may do nothing on the incident: each step is taken by someone else with the same authority.
        PersonId Other(PersonId preferred, PersonId alternative) => c.Complained == preferred ? alternative : preferred;
        var rep = Other(People.CustomerServiceRep, People.LegalSpecialist);
        scenario.Time.Advance(Scenario.Step);
        var incident = scenario.Lifecycle.Report(c.ReportCommand()).AsT0;
        scenario.Do(incident, new AssessIncident(rep, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.Medium, secret));
        scenario.Do(incident, new IssueDirective(rep, DirectiveKind.CustomerCommunication, WellKnownGroups.PetitionHandlingGroup, secret, scenario.Now.AddHours(1)));
        scenario.Do(incident, new IssueDirective(rep, DirectiveKind.InformationCollection, WellKnownGroups.PetitionHandlingGroup, secret, scenario.Now.AddHours(1)));
        scenario.Do(incident, new AcknowledgeDirective(rep, new DirectiveId(1)));
        scenario.Do(incident, new CancelDirective(rep, new DirectiveId(2), secret));
        scenario.Do(incident, new StartResponse(rep));
        scenario.Do(incident, new RecordCommunication(rep, IntakeChannel.Hotline, secret, secret));
        scenario.Do(incident, new ReassessIncident(rep, SeverityLevel.II, ImpactScope.Group, PotentialRisk.High, secret));
        scenario.Do(incident, new DraftStatement(Other(People.PrManager, People.OpinionDeputy), secret, c.Description));
        scenario.Do(incident, new ReviewStatement(Other(People.HeadOfLegal, People.LegalSpecialist), new StatementId(1), secret));
        scenario.Do(incident, new ApproveStatement(Other(People.GeneralManager, People.MarketingManager), new StatementId(1)));
        scenario.Do(incident, new PublishStatement(Other(People.SocialMediaSpecialist, People.OpinionAnalyst), new StatementId(1), secret));
        scenario.Do(incident, new RequestSupport(rep, SupportKind.LegalConsultation, secret));
        scenario.Do(incident, new FulfilSupport(Other(People.LegalConsultant, People.ItSupport), new SupportRequestId(1), secret));
        scenario.Do(incident, new PauseDeadlines(rep, secret));
        scenario.Do(incident, new ResumeDeadlines(rep));
        scenario.Time.Advance(TimeSpan.FromHours(c.Steps.Length));
        scenario.Do(incident, new CompleteDirective(rep, new DirectiveId(1), secret));
        scenario.Do(incident, new ResolveIncident(rep, secret));
        var scanner = new DeadlineScanner(DeadlinePolicy.Default, scenario.Time);
        scanner.Record(incident, scanner.Scan(incident));
        var stage = c.Steps.Length % 3;
        if (stage > 0)
        {
            scenario.Do(incident, new SubmitClosureReport(Other(People.CustomerServiceManager, People.PrManager), new ClosureReport(c.Description, [secret], [new Improvement(secret, People.ItSupport, new DateOnly(2026, 6, 30))], [secret])));
        }

        if (stage > 1)
        {
            scenario.Do(incident, new AcceptClosureReport(Other(People.GeneralManager, People.MarketingManager)));
            if (incident.Kind != IncidentKind.PublicOpinion)
            {
                scenario.Do(incident, new RequestReview(rep, secret));
                scenario.Do(incident, new DecideReview(Other(People.CustomerServiceManager, People.PetitionDeputy), false, secret));
            }

            scenario.Do(incident, new ReopenIncident(Other(People.CustomerServiceManager, People.PetitionDeputy), secret));
        }

        var document = ClosureReportDocument.Build(incident, scenario.Organization, scanner);

        foreach (var language in new[] { ReportLanguage.English, ReportLanguage.Chinese })
        {
            var markdown = document.ToMarkdown(language);
            Assert.True(c.Leak(markdown) is null, $"The {language} report leaks the petitioner's {c.Leak(markdown)}:\n{markdown}");
        }
    }
}
