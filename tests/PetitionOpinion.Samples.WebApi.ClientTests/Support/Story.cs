using PetitionOpinion.Samples.WebApi.ClientTests.Client;
using PetitionOpinion.Samples.WebApi.ClientTests.Client.Incidents.Item;
using PetitionOpinion.Samples.WebApi.ClientTests.Client.Models;
using static PetitionOpinion.Samples.WebApi.Tests.Support.People;

namespace PetitionOpinion.Samples.WebApi.ClientTests.Support;

/// <summary>Steps of the seed plan's story through the generated client, to bring an incident to the state a test needs.</summary>
public static class Story
{
    public const string PetitionerName = "Ms. Lin";
    public const string PetitionerPhone = "+86 138 0000 0000";

    /// <summary>The request builder of one incident (the one place that knows how the client types the id in the path).</summary>
    public static IncidentsItemRequestBuilder Incident(this PetitionOpinionClient client, Guid id) => client.Incidents[id];

    /// <summary>The hotline petition of the seed story, as the customer service representative reports it.</summary>
    public static ReportIncidentRequest Report(ComplainedPartyRequest? complainedAbout = null) => new()
    {
        Kind = IncidentKind.Petition,
        Channel = IntakeChannel.Hotline,
        Category = "DataPrivacy",
        Description = "Caller says a phishing SMS quoted her recent order history and delivery address; she suspects a data leak.",
        Petitioner = new PetitionerRequest { Name = PetitionerName, Contact = PetitionerPhone },
        ComplainedAbout = complainedAbout,
    };

    /// <summary>Reported by the customer service representative; its id.</summary>
    public static async Task<Guid> ReportAsync(RunningSample sample, ComplainedPartyRequest? complainedAbout = null)
    {
        var incident = ReadBack.Present(await sample.As(CustomerServiceRepresentative).Incidents.PostAsync(Report(complainedAbout)));
        return ReadBack.Present(incident.Id);
    }

    /// <summary>Assessed at <paramref name="level"/> by the petition handling group's leader.</summary>
    public static async Task<IncidentView> AssessAsync(RunningSample sample, Guid id, SeverityLevel level = SeverityLevel.III)
        => ReadBack.Present(await sample.As(CustomerServiceManager).Incident(id).Assessment.PostAsync(new AssessmentRequest
        {
            Level = level,
            Scope = ImpactScope.Group,
            PotentialRisk = PotentialRisk.High,
            Rationale = "Three similar calls this morning.",
        }));

    /// <summary>One directive to the petition handling group, due in 12 hours.</summary>
    public static async Task<IncidentView> DirectAsync(RunningSample sample, Guid id)
        => ReadBack.Present(await sample.As(CustomerServiceManager).Incident(id).Directives.PostAsync(new IssueDirectiveRequest
        {
            Kind = "InformationCollection",
            Assignee = "petition-handling-group",
            Instructions = "Collect every report of the SMS.",
            DueAt = sample.Clock.GetUtcNow().AddHours(12),
        }));

    /// <summary>Reported, assessed at <paramref name="level"/>, D1 issued to the petition handling group and the response started.</summary>
    public static async Task<Guid> RespondingAsync(RunningSample sample, SeverityLevel level = SeverityLevel.III)
    {
        var id = await ReportAsync(sample);
        await AssessAsync(sample, id, level);
        await DirectAsync(sample, id);
        await sample.As(CustomerServiceManager).Incident(id).Response.PostAsync();
        return id;
    }

    /// <summary>Responding, D1 acknowledged and completed, and resolved.</summary>
    public static async Task<Guid> ResolvedAsync(RunningSample sample)
    {
        var id = await RespondingAsync(sample);
        var manager = sample.As(CustomerServiceManager).Incident(id);
        var rep = sample.As(CustomerServiceRepresentative).Incident(id);
        await rep.Directives[1].Acknowledgement.PostAsync();
        await rep.Directives[1].Completion.PostAsync(new OutcomeRequest { Outcome = "42 reports collected." });
        await manager.Resolution.PostAsync(new ResolutionRequest { Summary = "Leak source closed, customers informed." });
        return id;
    }

    /// <summary>A complete closure report.</summary>
    public static ClosureReportRequest ClosureReport() => new()
    {
        Summary = "A courier partner's API key leaked and fed a phishing campaign; the key was revoked within one working day.",
        Causes = ["A long-lived API key shared with a courier partner had no IP restriction."],
        Improvements = [new ImprovementRequest { Description = "Rotate partner API keys every 90 days.", Owner = HeadOfTechnicalSupport, DueOn = new Microsoft.Kiota.Abstractions.Date(2026, 4, 1) }],
        Lessons = ["Hotline calls were the first signal."],
    };
}
