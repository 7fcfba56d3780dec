using Ardalis.GuardClauses;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Storage;

/// <summary>Builds the <see cref="IncidentSummary"/> a store keeps for queries.</summary>
public static class IncidentSummaries
{
    /// <summary>Summarises an incident as it is now.</summary>
    /// <param name="incident">The incident.</param>
    /// <returns>The summary.</returns>
    public static IncidentSummary Of(Incident incident)
    {
        Guard.Against.Null(incident);
        DateTimeOffset? nextDue = null;
        foreach (var directive in incident.Directives)
        {
            if (directive.IsOpen && (nextDue is null || directive.DueAt < nextDue))
            {
                nextDue = directive.DueAt;
            }
        }

        return new IncidentSummary(
            incident.Id,
            incident.Kind,
            incident.Channel,
            incident.Category,
            incident.State,
            incident.Level,
            incident.ReportedAt,
            incident.History[^1].OccurredAt,
            nextDue,
            incident.Version);
    }
}
