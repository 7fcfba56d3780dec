using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Storage;
using PetitionOpinion.Storage.Conformance;

namespace PetitionOpinion.Notifications.Webhooks.Tests;

/// <summary>
/// The library end to end: the conformance kit's seed organisation and lifecycle, a repository that records the
/// notifications of the <see cref="NotificationRouter"/> in an in-memory store's outbox with the events that cause
/// them, and dispatchers over it.
/// </summary>
public sealed class Story
{
    public Story()
    {
        Repository = new IncidentRepository(Store, Scenario.Lifecycle, Scenario.Serializer, new IncidentStorageOptions(), new NotificationRouter(Scenario.Organization));
    }

    public ConformanceScenario Scenario { get; } = new();

    public InMemoryIncidentStore Store { get; } = new();

    public IncidentRepository Repository { get; }

    /// <summary>Reports an incident with this petitioner and description, complaining about a person or the technical support department.</summary>
    public async Task<IncidentId> ReportAsync(PetitionerDetails petitioner, string description, PersonId? complained = null)
    {
        Scenario.Time.Advance(ConformanceScenario.Step);
        var command = new ReportIncident(
            complained == KitPeople.CustomerServiceRep ? KitPeople.LegalSpecialist : KitPeople.CustomerServiceRep,
            IncidentKind.Petition,
            IntakeChannel.Hotline,
            RiskCategory.DataPrivacy,
            description,
            petitioner,
            complained is { } person ? new ComplainedParty(person, null) : new ComplainedParty(null, Departments.TechnicalSupport));
        return (await Repository.ReportAsync(command, null, CancellationToken.None)).Match(i => i.Id, e => throw new InvalidOperationException($"The report was refused: {e}"));
    }

    /// <summary>Runs a command that must be accepted, after advancing the clock a step.</summary>
    public async Task DoAsync(IncidentId id, IncidentCommand command)
    {
        Scenario.Time.Advance(ConformanceScenario.Step);
        (await Repository.ExecuteAsync(id, command, CancellationToken.None)).Switch(_ => { }, e => throw new InvalidOperationException($"{command.GetType().Name} was refused: {e}"));
    }

    /// <summary>The notifications pending in the outbox.</summary>
    public async Task<IReadOnlyList<Notification>> PendingAsync()
        => [.. (await Store.ReadOutboxAsync(int.MaxValue, CancellationToken.None)).Select(m => NotificationSerializer.Deserialize(m.Payload.Span))];

    /// <summary>A dispatcher over the store, without jitter.</summary>
    public NotificationDispatcher Dispatcher(params INotificationChannel[] channels)
        => new(Store, channels, Scenario.Time, new NotificationOptions { JitterRatio = 0 });

    /// <summary>The first assessment, at <paramref name="level"/>, by the customer service representative.</summary>
    public static AssessIncident Assess(SeverityLevel level)
        => new(KitPeople.CustomerServiceRep, level, ImpactScope.Individual, PotentialRisk.Medium, "One customer, personal data shown to another.");
}
