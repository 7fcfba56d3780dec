using System.Collections.Frozen;
using Ardalis.GuardClauses;
using OneOf;
using PetitionOpinion.Organization;

namespace PetitionOpinion.Readiness;

/// <summary>
/// The plan's materials and resources (物资与资源): information-collection tools, communication channels, legal support,
/// training courses and IT support. Immutable and always valid: obtain one from <see cref="Create"/>, which reports every
/// problem at once, or from configuration (<see cref="ReadinessOptions"/>).
/// </summary>
public sealed class ResourceCatalog
{
    private readonly FrozenDictionary<ResourceId, Resource> _byId;

    private ResourceCatalog(IReadOnlyList<Resource> resources)
    {
        Resources = resources;
        _byId = resources.ToFrozenDictionary(r => r.Id);
    }

    /// <summary>Gets the empty catalogue: every resource is missing.</summary>
    public static ResourceCatalog Empty { get; } = new([]);

    /// <summary>Gets the resources, in the order they were given.</summary>
    public IReadOnlyList<Resource> Resources { get; }

    /// <summary>Finds a resource.</summary>
    /// <param name="id">The resource's id.</param>
    /// <returns>The resource, or <see langword="null"/> when the catalogue has none with that id.</returns>
    public Resource? Find(ResourceId id) => id.IsEmpty ? null : _byId.GetValueOrDefault(id);

    /// <summary>Gets the resources of one kind, in catalogue order.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The resources; empty when there is none.</returns>
    public IEnumerable<Resource> OfKind(ResourceKind kind) => Resources.Where(r => r.Kind == kind);

    /// <summary>
    /// Checks <paramref name="resources"/> and makes a catalogue of them: every id given and unique, kind and status
    /// defined, the name not empty and at most <see cref="TextLimits.Name"/> characters (the Chinese name likewise, and
    /// the contact at most <see cref="TextLimits.Short"/>; both optional, but not white space), an owner group (one
    /// <paramref name="organization"/> has, when given), no empty directive kind among those served.
    /// </summary>
    /// <param name="resources">The resources.</param>
    /// <param name="organization">The organisation the owner groups must belong to; <see langword="null"/> to skip that check (the readiness report still flags an unknown owner).</param>
    /// <returns>The catalogue, or an error (<see cref="ReadinessErrors.InvalidCatalog"/>) whose details list every problem.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="resources"/> or one of them is <see langword="null"/>.</exception>
    public static OneOf<ResourceCatalog, DomainError> Create(IEnumerable<Resource> resources, ResponseOrganization? organization = null)
    {
        Guard.Against.Null(resources);
        var list = resources.Select(r => r ?? throw new ArgumentNullException(nameof(resources), "The resources contain a null.")).ToArray();
        var problems = new List<DomainError>();
        var groupExists = organization is null ? null : (Func<GroupId, bool>)(g => organization.FindGroup(g) is not null);
        for (var i = 0; i < list.Length; i++)
        {
            Check(list[i], list[i].Id.IsEmpty ? $"Resource {i}" : $"Resource '{list[i].Id}'", groupExists, problems);
        }

        foreach (var duplicate in list.Where(r => !r.Id.IsEmpty).GroupBy(r => r.Id).Where(g => g.Count() > 1))
        {
            problems.Add(new DomainError(ReadinessErrors.DuplicateResource, $"Resource '{duplicate.Key}' is defined {duplicate.Count()} times."));
        }

        return problems.Count == 0
            ? new ResourceCatalog(list)
            : new DomainError(ReadinessErrors.InvalidCatalog, $"The resource catalogue is not valid: {problems.Count} problem(s).", problems);
    }

    /// <summary>Returns a catalogue with <paramref name="resource"/> added, or replacing the resource with the same id.</summary>
    /// <param name="resource">The resource.</param>
    /// <param name="organization">The organisation the owner group must belong to; <see langword="null"/> to skip that check.</param>
    /// <returns>The new catalogue, or an error when the resource is not valid.</returns>
    public OneOf<ResourceCatalog, DomainError> With(Resource resource, ResponseOrganization? organization = null)
    {
        Guard.Against.Null(resource);
        var index = Resources.ToList().FindIndex(r => r.Id == resource.Id);
        return Create(index < 0 ? Resources.Append(resource) : Resources.Select((r, i) => i == index ? resource : r), organization);
    }

    private static void Check(Resource resource, string what, Func<GroupId, bool>? groupExists, List<DomainError> problems)
    {
        void Add(string message) => problems.Add(new DomainError(ReadinessErrors.InvalidResource, message));

        if (resource.Id.IsEmpty)
        {
            Add($"{what} has no id.");
        }

        if (!Enum.IsDefined(resource.Kind))
        {
            Add($"{what}: {(int)resource.Kind} is not a resource kind.");
        }

        if (!Enum.IsDefined(resource.Status))
        {
            Add($"{what}: {(int)resource.Status} is not a resource status.");
        }

        CheckText(resource.Name, required: true, $"{what}: the name", Add);
        CheckText(resource.NameZh, required: false, $"{what}: the Chinese name", Add);
        CheckText(resource.Contact, required: false, $"{what}: the contact", Add, TextLimits.Short);
        if (resource.Owner.IsEmpty)
        {
            Add($"{what} has no owner group.");
        }
        else if (groupExists is not null && !groupExists(resource.Owner))
        {
            problems.Add(new DomainError(ReadinessErrors.UnknownGroup, $"{what} is owned by group '{resource.Owner}', which the organisation does not have."));
        }

        if (resource.Serves.Any(k => k.IsEmpty))
        {
            Add($"{what} serves an empty directive kind.");
        }
    }

    private static void CheckText(string? text, bool required, string what, Action<string> add, int limit = TextLimits.Name)
    {
        if (text is null ? required : string.IsNullOrWhiteSpace(text))
        {
            add($"{what} is empty.");
        }
        else if (text is not null && text.Length > limit)
        {
            add($"{what} is longer than {limit} characters.");
        }
    }
}
