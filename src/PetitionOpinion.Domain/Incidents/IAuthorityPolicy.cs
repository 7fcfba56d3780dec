using PetitionOpinion.Incidents;

namespace PetitionOpinion.Organization;

/// <summary>The answer to "may this actor perform this action on this incident?".</summary>
public readonly record struct AuthorityDecision
{
    private AuthorityDecision(DomainError? denial) => Denial = denial;

    /// <summary>Gets the decision that allows the action.</summary>
    public static AuthorityDecision Allowed => default;

    /// <summary>Gets a value indicating whether the action is allowed.</summary>
    public bool IsAllowed => Denial is null;

    /// <summary>Gets why the action is refused; <see langword="null"/> when allowed.</summary>
    public DomainError? Denial { get; }

    /// <summary>Creates a refusal.</summary>
    /// <param name="denial">Why (codes in <see cref="AuthorityErrors"/>).</param>
    /// <returns>The decision.</returns>
    public static AuthorityDecision Deny(DomainError denial)
        => new(denial ?? throw new ArgumentNullException(nameof(denial)));
}

/// <summary>The codes of authority refusals.</summary>
public static class AuthorityErrors
{
    /// <summary>The actor is not a person the organisation knows.</summary>
    public const string UnknownActor = "authority.unknown_actor";

    /// <summary>The actor's positions do not allow the action.</summary>
    public const string Denied = "authority.denied";

    /// <summary>
    /// The actor is the person the incident complains about: they may neither report a complaint about themselves nor act
    /// on one, whatever their positions, so that the record of a complaint never passes through the hands of the person it is about.
    /// </summary>
    public const string ComplainedParty = "authority.complained_party";
}

/// <summary>
/// Decides whether an actor may perform an action, from the organisation — never from the caller's word. Replace the
/// default (<see cref="MatrixAuthorityPolicy"/>) by registering another implementation, or change its matrix through options.
/// </summary>
public interface IAuthorityPolicy
{
    /// <summary>Decides whether <paramref name="actor"/> may perform <paramref name="action"/>.</summary>
    /// <param name="actor">The person acting.</param>
    /// <param name="action">The action.</param>
    /// <param name="incident">The incident acted on; <see langword="null"/> for <see cref="IncidentAction.Report"/>.</param>
    /// <param name="targetGroup">The group the action concerns, if any (a directive's assignee group).</param>
    /// <returns>The decision.</returns>
    AuthorityDecision Authorize(PersonId actor, IncidentAction action, Incident? incident, GroupId? targetGroup = null);

    /// <summary>Gets every action <paramref name="actor"/> may perform on <paramref name="incident"/>, whatever its state.</summary>
    /// <param name="actor">The person acting.</param>
    /// <param name="incident">The incident.</param>
    /// <returns>The actions.</returns>
    ActionSet AuthorizedActions(PersonId actor, Incident incident)
    {
        var set = ActionSet.Empty;
        foreach (var action in Enum.GetValues<IncidentAction>())
        {
            if (Authorize(actor, action, incident).IsAllowed)
            {
                set = set.With(action);
            }
        }

        return set;
    }
}
