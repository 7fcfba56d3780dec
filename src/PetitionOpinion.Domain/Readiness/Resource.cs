using System.Collections.Immutable;
using Ardalis.GuardClauses;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Readiness;

/// <summary>
/// One resource of the plan (物资与资源, materials and resources): a tool, a channel, legal support, a training course or
/// IT support, with the group that owns it, how to reach it and whether it works. Check a set of them with <see cref="ResourceCatalog.Create"/>.
/// </summary>
public sealed record Resource
{
    /// <summary>Initializes a new instance of the <see cref="Resource"/> class. Nothing but <see langword="null"/> is refused here, so that <see cref="ResourceCatalog.Create"/> can report every problem at once.</summary>
    /// <param name="id">The resource's id, unique in its catalogue.</param>
    /// <param name="kind">What it is.</param>
    /// <param name="name">The English name, e.g. "Customer service hotline 400-800-1234".</param>
    /// <param name="owner">The response group that owns and maintains it.</param>
    /// <param name="status">Whether it works. Default: <see cref="ResourceStatus.Available"/>.</param>
    /// <param name="contact">How to reach it: a phone number, an address, a URL, a person to call. Default: none.</param>
    /// <param name="nameZh">The Chinese name, if any. Default: none.</param>
    /// <param name="alsoServes">Directive kinds it serves besides its kind's defaults (<see cref="DefaultServes"/>), e.g. a custom kind. Default: none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    public Resource(
        ResourceId id,
        ResourceKind kind,
        string name,
        GroupId owner,
        ResourceStatus status = ResourceStatus.Available,
        string? contact = null,
        string? nameZh = null,
        IEnumerable<DirectiveKind>? alsoServes = null)
    {
        Guard.Against.Null(name);
        Id = id;
        Kind = kind;
        Name = name;
        Owner = owner;
        Status = status;
        Contact = contact;
        NameZh = nameZh;
        Serves = [.. DefaultServes(kind).Concat(alsoServes ?? []).Distinct()];
    }

    /// <summary>Gets the resource's id.</summary>
    public ResourceId Id { get; }

    /// <summary>Gets what it is.</summary>
    public ResourceKind Kind { get; }

    /// <summary>Gets the English name.</summary>
    public string Name { get; }

    /// <summary>Gets the Chinese name, if any.</summary>
    public string? NameZh { get; }

    /// <summary>Gets the response group that owns it.</summary>
    public GroupId Owner { get; }

    /// <summary>Gets how to reach it, if recorded.</summary>
    public string? Contact { get; }

    /// <summary>Gets whether it works.</summary>
    public ResourceStatus Status { get; }

    /// <summary>Gets the directive kinds it serves: its kind's defaults (<see cref="DefaultServes"/>) and those it was given, without repeats.</summary>
    public ImmutableArray<DirectiveKind> Serves { get; }

    /// <summary>Gets a value indicating whether it is in service: <see cref="ResourceStatus.Available"/> or <see cref="ResourceStatus.Degraded"/>.</summary>
    public bool InService => Status is ResourceStatus.Available or ResourceStatus.Degraded;

    /// <summary>
    /// Gets the directive kinds a resource of <paramref name="kind"/> serves by default: monitoring software
    /// InformationCollection and OpinionMonitoring; the feedback system InformationCollection; the hotline and the online
    /// service platform CustomerCommunication; a social-media account PublicStatement; legal support LegalConsultation;
    /// IT support TechnicalSupport; a training course and <see cref="ResourceKind.Other"/> none.
    /// </summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The directive kinds; empty for a value outside the enumeration.</returns>
    public static ImmutableArray<DirectiveKind> DefaultServes(ResourceKind kind) => kind switch
    {
        ResourceKind.MonitoringSoftware => [DirectiveKind.InformationCollection, DirectiveKind.OpinionMonitoring],
        ResourceKind.FeedbackSystem => [DirectiveKind.InformationCollection],
        ResourceKind.Hotline or ResourceKind.OnlineServicePlatform => [DirectiveKind.CustomerCommunication],
        ResourceKind.SocialMediaAccount => [DirectiveKind.PublicStatement],
        ResourceKind.LegalSupport => [DirectiveKind.LegalConsultation],
        ResourceKind.ItSupport => [DirectiveKind.TechnicalSupport],
        _ => [],
    };

    /// <summary>Returns a copy with another status, e.g. when a channel goes down.</summary>
    /// <param name="status">The new status.</param>
    /// <returns>The copy.</returns>
    public Resource WithStatus(ResourceStatus status)
        => new(Id, Kind, Name, Owner, status, Contact, NameZh, Serves);

    /// <inheritdoc/>
    public bool Equals(Resource? other)
        => other is not null
        && Id == other.Id
        && Kind == other.Kind
        && Name == other.Name
        && NameZh == other.NameZh
        && Owner == other.Owner
        && Contact == other.Contact
        && Status == other.Status
        && Serves.SequenceEqual(other.Serves);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Id, Kind, Name, Owner, Status);
}
