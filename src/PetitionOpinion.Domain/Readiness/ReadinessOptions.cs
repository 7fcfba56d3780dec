using System.Globalization;
using OneOf;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;

namespace PetitionOpinion.Readiness;

/// <summary>
/// The readiness part of the configuration (section <c>PetitionOpinion:Readiness</c>): the resource catalogue, the
/// training records and their refresh interval, who owns each risk category, and custom directive kinds.
/// <see cref="Build(ResponseOrganization?, string)"/> checks everything and lists every problem with its configuration path.
/// </summary>
/// <example>
/// <code language="json">
/// "Readiness": {
///   "Resources": [
///     { "Id": "hotline", "Kind": "Hotline", "Name": "Customer service hotline", "NameZh": "客服热线",
///       "Owner": "petition-handling-group", "Contact": "400-800-1234" },
///     { "Id": "legal", "Kind": "LegalSupport", "Name": "Legal department", "NameZh": "法务部",
///       "Owner": "logistics-support-group", "Contact": "legal@example.com", "Status": "Degraded" },
///     { "Id": "crisis-course", "Kind": "TrainingCourse", "Name": "Crisis response training", "Owner": "leading-group" },
///     { "Id": "refund-desk", "Kind": "Other", "Name": "Refund desk", "Owner": "petition-handling-group", "Serves": [ "Compensation" ] }
///   ],
///   "Training": [ { "Person": "zhou.min", "Course": "crisis-course", "CompletedOn": "2026-01-15" } ],
///   "TrainingRefreshMonths": 12,
///   "CategoryOwners": { "Logistics": "logistics-support-group" },
///   "DirectiveKinds": [ "Compensation" ]
/// }
/// </code>
/// </example>
public sealed class ReadinessOptions
{
    /// <summary>
    /// Gets or sets the resources; <see langword="null"/> (the default) for none. (Null rather than an empty list
    /// because configuration binding appends to a list.)
    /// </summary>
    public List<ResourceOptions>? Resources { get; set; }

    /// <summary>Gets or sets the training records; <see langword="null"/> (the default) for none.</summary>
    public List<TrainingRecordOptions>? Training { get; set; }

    /// <summary>Gets or sets how long a training counts, in months, from 1 to <see cref="TrainingLog.MaxRefreshMonths"/>. Default: 12.</summary>
    public int TrainingRefreshMonths { get; set; } = TrainingLog.DefaultRefreshMonths;

    /// <summary>
    /// Gets or sets a value indicating whether the seed's four risk categories start owned by the petition handling group
    /// (<see cref="CategoryOwnership.Default"/>). Default: <see langword="true"/>.
    /// </summary>
    public bool UseDefaultCategoryOwners { get; set; } = true;

    /// <summary>
    /// Gets or sets who owns which risk category: category → group id, added to (or replacing) the default owners;
    /// <see langword="null"/> (the default) for none beyond them.
    /// </summary>
    public Dictionary<string, string?>? CategoryOwners { get; set; }

    /// <summary>Gets or sets custom directive kinds the company issues, checked besides the six of the plan; <see langword="null"/> (the default) for none.</summary>
    public List<string>? DirectiveKinds { get; set; }

    /// <summary>Builds the readiness setup these options describe.</summary>
    /// <param name="organization">The organisation that resource owners, category owners and trained people must belong to; <see langword="null"/> to skip those checks.</param>
    /// <param name="path">The configuration path of these options, prefixed to every problem. Default: <c>Readiness</c>.</param>
    /// <returns>The setup, or an error (<see cref="ReadinessErrors.InvalidOptions"/>) whose details list every problem, each message starting with its path.</returns>
    /// <remarks>
    /// A training record's course must be a <see cref="ResourceKind.TrainingCourse"/> of <see cref="Resources"/> when
    /// resources are configured. When none are, the catalogue comes from elsewhere (a host's own
    /// <see cref="ResourceCatalog"/>) or there is none, so the course is not checked here; <c>AddPetitionOpinion</c>
    /// checks it against the catalogue in use when it builds the <see cref="ReadinessSetup"/>.
    /// </remarks>
    public OneOf<ReadinessSetup, DomainError> Build(ResponseOrganization? organization = null, string path = "Readiness")
        => BuildChecking(path, organization is null ? null : g => organization.FindGroup(g) is not null, organization is null ? null : organization.Knows, null);

    /// <summary>
    /// Builds the setup, checking groups and people with the functions given (each check skipped when <see langword="null"/>),
    /// and training courses against <paramref name="catalog"/>, the catalogue in use, which the setup then has instead of
    /// the configured resources; without it, against the configured resources if there are any (see the other overload).
    /// For a host that checks these options before the organisation is built (against an <see cref="OrganizationBuilder"/>).
    /// </summary>
    /// <param name="path">The configuration path of these options, prefixed to every problem.</param>
    /// <param name="groupExists">Tells whether a group exists; <see langword="null"/> to skip the check of owners.</param>
    /// <param name="personKnown">Tells whether a person belongs to the organisation; <see langword="null"/> to skip the check of trained people.</param>
    /// <param name="catalog">The resource catalogue in use; <see langword="null"/> for the configured resources.</param>
    /// <returns>The setup, or an error (<see cref="ReadinessErrors.InvalidOptions"/>) whose details list every problem.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    public OneOf<ReadinessSetup, DomainError> BuildChecking(string path, Func<GroupId, bool>? groupExists, Func<PersonId, bool>? personKnown, ResourceCatalog? catalog)
    {
        ArgumentNullException.ThrowIfNull(path);
        var problems = new List<DomainError>();
        var resources = BuildResources(path, groupExists, problems, out var kinds);
        // A configured resource whose kind is not valid is reported already: a course naming it is taken as a course.
        var courses = catalog is not null
            ? new Courses(id => catalog.Find(new ResourceId(id))?.Kind, "the resource catalogue in use")
            : Resources is { Count: > 0 } ? new Courses(id => kinds.TryGetValue(id, out var kind) ? kind ?? ResourceKind.TrainingCourse : null, $"{path}:Resources") : null;
        var records = BuildTraining(path, courses, personKnown, problems);
        if (TrainingRefreshMonths is < 1 or > TrainingLog.MaxRefreshMonths)
        {
            problems.Add(new(ReadinessErrors.InvalidTraining, string.Create(CultureInfo.InvariantCulture, $"must be from 1 to {TrainingLog.MaxRefreshMonths} (was {TrainingRefreshMonths}).")) { Path = $"{path}:TrainingRefreshMonths" });
        }

        var owners = BuildCategoryOwners(path, groupExists, problems);
        var directiveKinds = new List<DirectiveKind>();
        var configuredKinds = DirectiveKinds ?? [];
        for (var i = 0; i < configuredKinds.Count; i++)
        {
            if (IdentifierRules.Explain(configuredKinds[i]) is { } problem)
            {
                problems.Add(new(ReadinessErrors.InvalidDirectiveKind, $"'{configuredKinds[i]}' is not a valid directive kind: {problem}.") { Path = $"{path}:DirectiveKinds:{i}" });
            }
            else
            {
                directiveKinds.Add(new DirectiveKind(configuredKinds[i]));
            }
        }

        if (problems.Count > 0)
        {
            return new DomainError(ReadinessErrors.InvalidOptions, $"{problems.Count} problem(s) in the readiness configuration: {string.Join(" ", problems.Select(p => p.Located()))}", problems) { Path = path };
        }

        // Every check of the catalogue was made above with its path, so creating it cannot fail.
        var configured = catalog ?? ResourceCatalog.Create(resources).Match(c => c, e => throw new InvalidOperationException(e.Message));
        return new ReadinessSetup(configured, new TrainingLog(records, TrainingRefreshMonths), owners, directiveKinds);
    }

    private List<Resource> BuildResources(string path, Func<GroupId, bool>? groupExists, List<DomainError> problems, out Dictionary<string, ResourceKind?> kinds)
    {
        var resources = new List<Resource>();
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        kinds = new Dictionary<string, ResourceKind?>(StringComparer.Ordinal);
        var configured = Resources ?? [];
        for (var i = 0; i < configured.Count; i++)
        {
            var at = $"{path}:Resources:{i}";
            var options = configured[i];
            if (options is null)
            {
                problems.Add(new(ReadinessErrors.InvalidResource, "the resource is empty.") { Path = at });
                continue;
            }

            var before = problems.Count;
            void Add(string code, string at, string message) => problems.Add(new(code, message) { Path = at });

            var idProblem = IdentifierRules.Explain(options.Id);
            var idValid = idProblem is null;
            if (!idValid)
            {
                Add(ReadinessErrors.InvalidResource, $"{at}:Id", $"'{options.Id}' is not a valid resource id: {idProblem}.");
            }
            else if (!first.TryAdd(options.Id!, i))
            {
                Add(ReadinessErrors.DuplicateResource, $"{at}:Id", $"'{options.Id}' is already the id of {path}:Resources:{first[options.Id!]}.");
            }

            var kind = ParseEnum<ResourceKind>(options.Kind, required: true, $"{at}:Kind", "resource kind", problems);
            if (idValid)
            {
                kinds.TryAdd(options.Id!, kind);
            }

            var status = ParseEnum<ResourceStatus>(options.Status, required: false, $"{at}:Status", "resource status", problems) ?? ResourceStatus.Available;
            Text(options.Name, required: true, TextLimits.Name, $"{at}:Name", problems);
            Text(options.NameZh, required: false, TextLimits.Name, $"{at}:NameZh", problems);
            Text(options.Contact, required: false, TextLimits.Short, $"{at}:Contact", problems);
            if (IdentifierRules.Explain(options.Owner) is { } ownerProblem)
            {
                Add(ReadinessErrors.InvalidResource, $"{at}:Owner", $"'{options.Owner}' is not a valid group id: {ownerProblem}.");
            }
            else if (groupExists is not null && !groupExists(new GroupId(options.Owner!)))
            {
                Add(ReadinessErrors.UnknownGroup, $"{at}:Owner", $"the organisation has no group '{options.Owner}'.");
            }

            var serves = new List<DirectiveKind>();
            var listed = options.Serves ?? [];
            for (var j = 0; j < listed.Count; j++)
            {
                if (IdentifierRules.Explain(listed[j]) is { } problem)
                {
                    Add(ReadinessErrors.InvalidResource, $"{at}:Serves:{j}", $"'{listed[j]}' is not a valid directive kind: {problem}.");
                }
                else
                {
                    serves.Add(new DirectiveKind(listed[j]));
                }
            }

            if (problems.Count == before)
            {
                resources.Add(new Resource(new ResourceId(options.Id!), kind!.Value, options.Name!, new GroupId(options.Owner!), status, options.Contact, options.NameZh, serves));
            }
        }

        return resources;
    }

    private List<TrainingRecord> BuildTraining(string path, Courses? courses, Func<PersonId, bool>? personKnown, List<DomainError> problems)
    {
        var records = new List<TrainingRecord>();
        var configured = Training ?? [];
        for (var i = 0; i < configured.Count; i++)
        {
            var at = $"{path}:Training:{i}";
            var options = configured[i];
            if (options is null)
            {
                problems.Add(new(ReadinessErrors.InvalidTraining, "the training record is empty.") { Path = at });
                continue;
            }

            var before = problems.Count;
            if (IdentifierRules.Explain(options.Person) is { } personProblem)
            {
                problems.Add(new(ReadinessErrors.InvalidTraining, $"'{options.Person}' is not a valid person id: {personProblem}.") { Path = $"{at}:Person" });
            }
            else if (personKnown is not null && !personKnown(new PersonId(options.Person!)))
            {
                problems.Add(new(ReadinessErrors.UnknownPerson, $"the organisation does not know '{options.Person}'.") { Path = $"{at}:Person" });
            }

            if (IdentifierRules.Explain(options.Course) is { } courseProblem)
            {
                problems.Add(new(ReadinessErrors.InvalidTraining, $"'{options.Course}' is not a valid resource id: {courseProblem}.") { Path = $"{at}:Course" });
            }
            else if (courses?.KindOf(options.Course!) is not { } kind)
            {
                if (courses is not null)
                {
                    problems.Add(new(ReadinessErrors.UnknownCourse, $"'{options.Course}' is not a resource of {courses.Where}.") { Path = $"{at}:Course" });
                }
            }
            else if (kind != ResourceKind.TrainingCourse)
            {
                problems.Add(new(ReadinessErrors.UnknownCourse, $"'{options.Course}' is a {kind}, not a {nameof(ResourceKind.TrainingCourse)}.") { Path = $"{at}:Course" });
            }

            if (!DateOnly.TryParseExact(options.CompletedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var completedOn))
            {
                problems.Add(new(ReadinessErrors.InvalidTraining, $"'{options.CompletedOn}' is not a date written yyyy-MM-dd.") { Path = $"{at}:CompletedOn" });
            }

            if (problems.Count == before)
            {
                records.Add(new TrainingRecord(new PersonId(options.Person!), new ResourceId(options.Course!), completedOn));
            }
        }

        return records;
    }

    private CategoryOwnership BuildCategoryOwners(string path, Func<GroupId, bool>? groupExists, List<DomainError> problems)
    {
        var ownership = UseDefaultCategoryOwners ? CategoryOwnership.Default : CategoryOwnership.None;
        foreach (var (category, group) in (CategoryOwners ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var at = $"{path}:CategoryOwners:{category}";
            var categoryProblem = IdentifierRules.Explain(category);
            if (categoryProblem is not null)
            {
                problems.Add(new(ReadinessErrors.InvalidCategoryOwner, $"'{category}' is not a valid risk category: {categoryProblem}.") { Path = at });
            }

            if (IdentifierRules.Explain(group) is { } groupProblem)
            {
                problems.Add(new(ReadinessErrors.InvalidCategoryOwner, $"'{group}' is not a valid group id: {groupProblem}.") { Path = at });
            }
            else if (groupExists is not null && !groupExists(new GroupId(group!)))
            {
                problems.Add(new(ReadinessErrors.UnknownGroup, $"the organisation has no group '{group}'.") { Path = at });
            }
            else if (categoryProblem is null)
            {
                ownership = ownership.With(new RiskCategory(category), new GroupId(group!));
            }
        }

        return ownership;
    }

    // Where training courses are looked up: the kind of a resource id (null when there is no such resource), and the
    // catalogue's name for a message.
    private sealed record Courses(Func<string, ResourceKind?> KindOf, string Where);

    private static T? ParseEnum<T>(string? text, bool required, string at, string what, List<DomainError> problems)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                problems.Add(new(ReadinessErrors.InvalidResource, $"the {what} is missing; use one of {string.Join(", ", Enum.GetNames<T>())}.") { Path = at });
            }

            return null;
        }

        // Names only: a number would bind to any value, defined or not.
        if (Enum.TryParse<T>(text.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            return value;
        }

        problems.Add(new(ReadinessErrors.InvalidResource, $"'{text}' is not a {what}; use one of {string.Join(", ", Enum.GetNames<T>())}.") { Path = at });
        return null;
    }

    private static void Text(string? text, bool required, int limit, string at, List<DomainError> problems)
    {
        if (text is null ? required : string.IsNullOrWhiteSpace(text))
        {
            problems.Add(new(ReadinessErrors.InvalidResource, "must not be empty.") { Path = at });
        }
        else if (text is not null && text.Length > limit)
        {
            problems.Add(new(ReadinessErrors.InvalidResource, string.Create(CultureInfo.InvariantCulture, $"must be at most {limit} characters (was {text.Length}).")) { Path = at });
        }
    }
}

/// <summary>A resource, in configuration (see <see cref="Resource"/>).</summary>
public sealed class ResourceOptions
{
    /// <summary>Gets or sets the resource's id (an identifier, unique in the catalogue).</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets the kind: a <see cref="ResourceKind"/> name, e.g. <c>Hotline</c>.</summary>
    public string? Kind { get; set; }

    /// <summary>Gets or sets the English name.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the Chinese name, if any.</summary>
    public string? NameZh { get; set; }

    /// <summary>Gets or sets the id of the group that owns it.</summary>
    public string? Owner { get; set; }

    /// <summary>Gets or sets how to reach it: a phone number, an address, a URL, if any.</summary>
    public string? Contact { get; set; }

    /// <summary>Gets or sets the status: <c>Available</c>, <c>Degraded</c> or <c>Unavailable</c>. Default (when not set): <c>Available</c>.</summary>
    public string? Status { get; set; }

    /// <summary>Gets or sets directive kinds it serves besides its kind's defaults (<see cref="Resource.DefaultServes"/>); <see langword="null"/> (the default) for none.</summary>
    public List<string>? Serves { get; set; }
}

/// <summary>A training record, in configuration (see <see cref="TrainingRecord"/>).</summary>
public sealed class TrainingRecordOptions
{
    /// <summary>Gets or sets the id of the person trained.</summary>
    public string? Person { get; set; }

    /// <summary>
    /// Gets or sets the id of the course: a <see cref="ResourceKind.TrainingCourse"/> of the catalogue in use (the configured
    /// resources, or a host's own <see cref="ResourceCatalog"/>).
    /// </summary>
    public string? Course { get; set; }

    /// <summary>Gets or sets the day the course was completed, written <c>yyyy-MM-dd</c>.</summary>
    public string? CompletedOn { get; set; }
}
