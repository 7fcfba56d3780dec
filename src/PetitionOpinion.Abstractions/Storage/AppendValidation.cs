namespace PetitionOpinion.Storage;

/// <summary>The shape checks every store applies to an <see cref="AppendRequest"/> before writing anything.</summary>
public static class AppendValidation
{
    /// <summary>Throws when the request is malformed; a store calls it first.</summary>
    /// <param name="request">The request.</param>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or a part of it is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The request is malformed; the message names the problem.</exception>
    public static void ThrowIfInvalid(AppendRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Incidents, nameof(request));
        ArgumentNullException.ThrowIfNull(request.Outbox, nameof(request));
        if (request.Incidents.Count == 0)
        {
            throw new ArgumentException("An append request must name at least one incident.", nameof(request));
        }

        var seen = new HashSet<IncidentId>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var append in request.Incidents)
        {
            ArgumentNullException.ThrowIfNull(append, nameof(request));
            if (append.IncidentId.IsEmpty || !seen.Add(append.IncidentId))
            {
                throw new ArgumentException($"Incident {append.IncidentId} is empty or appears twice in one request.", nameof(request));
            }

            if (append.ExpectedVersion < 0 || append.Events is null || append.Events.Count == 0 || append.Summary is null)
            {
                throw new ArgumentException($"The append to {append.IncidentId} needs a non-negative expected version, at least one event and a summary.", nameof(request));
            }

            if (append.IdempotencyKey is not null && (append.ExpectedVersion != 0 || string.IsNullOrWhiteSpace(append.IdempotencyKey) || append.IdempotencyKey.Length > 200))
            {
                throw new ArgumentException($"An idempotency key (1 to 200 characters) belongs only to a new incident's first append (incident {append.IncidentId}).", nameof(request));
            }

            if (append.IdempotencyKey is { } key && !keys.Add(key))
            {
                throw new ArgumentException($"The idempotency key of incident {append.IncidentId} is given to another incident of the same request.", nameof(request));
            }

            for (var i = 0; i < append.Events.Count; i++)
            {
                var e = append.Events[i] ?? throw new ArgumentException($"The append to {append.IncidentId} contains a null event.", nameof(request));
                if (e.IncidentId != append.IncidentId || e.Version != append.ExpectedVersion + i + 1)
                {
                    throw new ArgumentException($"Event {i} of the append to {append.IncidentId} is {e.IncidentId} version {e.Version}; expected version {append.ExpectedVersion + i + 1} of the same incident.", nameof(request));
                }
            }

            if (append.Summary.Id != append.IncidentId || append.Summary.Version != append.ExpectedVersion + append.Events.Count)
            {
                throw new ArgumentException($"The summary of {append.IncidentId} must name the incident and its version after the append.", nameof(request));
            }
        }

        foreach (var message in request.Outbox)
        {
            if (message is null || message.Id == Guid.Empty || string.IsNullOrWhiteSpace(message.Kind) || string.IsNullOrWhiteSpace(message.DeduplicationKey))
            {
                throw new ArgumentException("Every outbox message needs an id, a kind and a de-duplication key.", nameof(request));
            }
        }
    }
}
