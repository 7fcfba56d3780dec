namespace PetitionOpinion.Monitoring;

/// <summary>What the monitor did about one alert.</summary>
/// <param name="Alert">The alert.</param>
/// <param name="Incident">The incident it opened or was attached to, if incidents are opened.</param>
/// <param name="Opened">Whether this alert opened the incident (otherwise it was attached to the topic's incident).</param>
/// <param name="Error">Why no incident could be opened or attached to, if so (the alert stands).</param>
public sealed record MonitorAlert(OpinionAlert Alert, IncidentId? Incident, bool Opened, DomainError? Error);

/// <summary>How many signals the monitor accepted and dropped, by outcome.</summary>
/// <param name="Accepted">Counted.</param>
/// <param name="Duplicates">Dropped as duplicates.</param>
/// <param name="Late">Dropped as older than their topic's current bucket.</param>
/// <param name="Invalid">Dropped as malformed.</param>
/// <param name="TooFarAhead">Dropped as later than the clock allows.</param>
public readonly record struct MonitorCounts(long Accepted, long Duplicates, long Late, long Invalid, long TooFarAhead);
