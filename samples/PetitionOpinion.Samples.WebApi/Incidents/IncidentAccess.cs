using PetitionOpinion.Incidents;
using PetitionOpinion.Notifications;
using PetitionOpinion.Organization;
using PetitionOpinion.Samples.WebApi.Errors;

namespace PetitionOpinion.Samples.WebApi.Incidents;

/// <summary>
/// Loads incidents for a caller and runs commands on their behalf through the <see cref="IncidentRepository"/>. The one
/// rule the sample adds to the library's: the person a complaint is about does not read it (docs/security.md, material about a
/// complaint never goes to the person complained about) — 403 <c>confidentiality.complained_party</c>. That they do not act
/// on it is the library's rule (403 <c>authority.complained_party</c>), also for a merge that names the complaint as the original.
/// </summary>
internal sealed class IncidentAccess(IncidentRepository repository, ResponseOrganization organization)
{
    public ResponseOrganization Organization => organization;

    public IncidentRepository Repository => repository;

    /// <summary>Loads the incident if <paramref name="caller"/> may see it; otherwise the problem to answer with.</summary>
    public async Task<(Incident? Incident, IResult? Refusal)> LoadAsync(IncidentId id, PersonId caller, CancellationToken cancellationToken)
    {
        // A tampered or unreadable history is an error answer (500, naming the incident and version), never a crash.
        var loaded = await repository.GetAsync(id, cancellationToken);
        if (loaded.TryPickT1(out var error, out var incident))
        {
            return (null, Problems.Of(error));
        }

        return Confidentiality.IsComplainedAbout(incident, caller)
            ? (null, Problems.Of(SampleErrors.ComplainedParty, $"Incident {id} is a complaint about you: it is handled without you."))
            : (incident, null);
    }

    /// <summary>Runs a command (its actor is the caller) and answers with the incident as the caller may see it, or the problem.</summary>
    public async Task<IResult> ExecuteAsync(IncidentId id, IncidentCommand command, CancellationToken cancellationToken)
    {
        // The library refuses every action of the person the incident complains about, telling them nothing else about it.
        var result = await repository.ExecuteAsync(id, command, cancellationToken);
        return result.Match(incident => Results.Ok(IncidentView.Of(incident, organization, command.Actor)), Problems.Of);
    }
}
