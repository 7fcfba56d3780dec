using Ardalis.GuardClauses;
using OneOf;
using PetitionOpinion.Assessment;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Monitoring;
using PetitionOpinion.Notifications;
using PetitionOpinion.Organization;
using PetitionOpinion.Readiness;

namespace PetitionOpinion;

/// <summary>
/// Everything <c>AddPetitionOpinion</c> configures, bindable from configuration (every section and setting in <c>docs/configuration.md</c> of the repository).
/// Validated at start-up; every problem is listed with its configuration path.
/// </summary>
public sealed class PetitionOpinionOptions
{
    private readonly List<Action<OrganizationBuilder>> _organizationSetup = [];

    /// <summary>Gets or sets how incidents are stored.</summary>
    public IncidentStorageOptions Storage { get; set; } = new();

    /// <summary>Gets or sets the risk rules: the default rule set, configured rules and categories.</summary>
    public RiskAssessmentOptions Assessment { get; set; } = new();

    /// <summary>Gets or sets the deadline policy: the targets per level, the petition profile, warnings, escalation and the calendar.</summary>
    public DeadlineOptions Deadlines { get; set; } = new();

    /// <summary>Gets or sets how the notification dispatcher delivers: batch size, retry back-off, time-out, polling.</summary>
    public NotificationOptions Notifications { get; set; } = new();

    /// <summary>Gets or sets how several application instances sharing one store split the outbox and the deadline scanner.</summary>
    public InstanceCoordinationOptions Coordination { get; set; } = new();

    /// <summary>Gets or sets how the opinion monitor detects surges and opens incidents.</summary>
    public OpinionMonitorOptions Monitoring { get; set; } = new();

    /// <summary>Gets or sets how posts become the monitor's signals: the monitoring schemes (监测方案) and the folding of reposts and near-duplicates.</summary>
    public PostMonitoringOptions Posts { get; set; } = new();

    /// <summary>Gets or sets the limits on what one command may bring into an incident: text lengths, list sizes, records and events per incident, how far ahead a due time may be.</summary>
    public InputLimitsOptions Limits { get; set; } = new();

    /// <summary>Gets or sets the organisation: the seed template, people, assignments and extra groups.</summary>
    public ResponseOrganizationOptions Organization { get; set; } = new();

    /// <summary>Gets or sets the readiness setup: the resource catalogue, training records, category owners and custom directive kinds.</summary>
    public ReadinessOptions Readiness { get; set; } = new();

    /// <summary>
    /// Gets changes to the default <see cref="AuthorityMatrix"/>: for an action name (see <see cref="IncidentAction"/>),
    /// the grants (text form of <see cref="AuthorityGrant"/>) that replace the default ones. Default: empty (the
    /// matrix tabled in <c>docs/organization.md</c>).
    /// </summary>
    public Dictionary<string, List<string>> Authority { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds code that shapes the organisation after the configured parts are applied (add people, groups, assignments).</summary>
    /// <param name="configure">The code.</param>
    /// <returns>These options.</returns>
    public PetitionOpinionOptions ConfigureOrganization(Action<OrganizationBuilder> configure)
    {
        _organizationSetup.Add(Guard.Against.Null(configure));
        return this;
    }

    /// <summary>Replaces the grants of <paramref name="action"/> in the authority matrix.</summary>
    /// <param name="action">The action.</param>
    /// <param name="grants">Who may perform it; none means nobody.</param>
    /// <returns>These options.</returns>
    public PetitionOpinionOptions Grant(IncidentAction action, params IEnumerable<AuthorityGrant> grants)
    {
        Guard.Against.EnumOutOfRange(action);
        Guard.Against.Null(grants);
        Authority[action.ToString()] = [.. grants.Select(g => (g ?? throw new ArgumentException("A grant must not be null.", nameof(grants))).ToString())];
        return this;
    }

    /// <summary>Builds the organisation these options describe.</summary>
    /// <returns>The organisation, or an error whose details list every problem, each message starting with its configuration path.</returns>
    public OneOf<ResponseOrganization, DomainError> BuildOrganization() => BuildOrganization(out _);

    /// <summary>Builds the organisation, and hands out the builder so that a caller can still ask which groups were defined when it is invalid.</summary>
    internal OneOf<ResponseOrganization, DomainError> BuildOrganization(out OrganizationBuilder builder)
    {
        var problems = new List<DomainError>();
        builder = Organization.UseSeedTemplate ? OrganizationTemplates.Seed() : new OrganizationBuilder();
        var people = Organization.People ?? [];
        for (var i = 0; i < people.Count; i++)
        {
            var person = people[i];
            if (person is null)
            {
                continue;
            }

            if (ParseId(person.Id, $"Organization:People:{i}:Id", problems) is { } id)
            {
                builder.AddPerson(new PersonId(id), person.Name ?? string.Empty);
            }
        }

        var groups = Organization.Groups ?? [];
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            if (group is null || ParseId(group.Id, $"Organization:Groups:{g}:Id", problems) is not { } groupId)
            {
                continue;
            }

            builder.AddGroup(new GroupId(groupId), group.Name ?? string.Empty, group.NameZh ?? string.Empty, (group.Duties ?? []).Select(d => d ?? string.Empty));
            var positions = group.Positions ?? [];
            for (var p = 0; p < positions.Count; p++)
            {
                var position = positions[p];
                var path = $"Organization:Groups:{g}:Positions:{p}";
                if (position is null || ParseId(position.Id, $"{path}:Id", problems) is not { } positionId)
                {
                    continue;
                }

                if (!Enum.IsDefined(position.Role))
                {
                    problems.Add(new DomainError(OrganizationErrors.InvalidText, $"{(int)position.Role} is not a role (Leader, DeputyLeader or Member).") { Path = $"{path}:Role" });
                    continue;
                }

                builder.AddPosition(new GroupId(groupId), new PositionId(positionId), position.Title ?? string.Empty, position.TitleZh ?? string.Empty, position.Role, position.Department, position.Required);
            }
        }

        foreach (var (position, holders) in Organization.Assignments ?? [])
        {
            if (ParseId(position, $"Organization:Assignments:{position}", problems) is not { } positionId)
            {
                continue;
            }

            var list = holders ?? [];
            for (var i = 0; i < list.Count; i++)
            {
                if (ParseId(list[i], $"Organization:Assignments:{position}:{i}", problems) is { } holder)
                {
                    builder.Assign(new PositionId(positionId), new PersonId(holder));
                }
            }
        }

        foreach (var setup in _organizationSetup)
        {
            setup(builder);
        }

        var built = builder.Build();
        if (built.TryPickT1(out var invalid, out var organization))
        {
            problems.AddRange(invalid.Details.Select(d => d with { Path = "Organization" }));
        }

        return problems.Count == 0
            ? organization
            : new DomainError(OrganizationErrors.Invalid, $"The organisation is not valid: {problems.Count} problem(s).", problems);
    }

    /// <summary>Builds the authority matrix: the default with <see cref="Authority"/> applied.</summary>
    /// <param name="organization">The organisation, to check that granted groups exist; <see langword="null"/> to skip that check.</param>
    /// <returns>The matrix, or an error whose details list every problem with its configuration path.</returns>
    public OneOf<AuthorityMatrix, DomainError> BuildAuthorityMatrix(ResponseOrganization? organization = null)
        => BuildAuthorityMatrix(organization is null ? null : group => organization.FindGroup(group) is not null);

    /// <summary>Builds the authority matrix, checking granted groups with <paramref name="groupExists"/> (skipped when <see langword="null"/>).</summary>
    internal OneOf<AuthorityMatrix, DomainError> BuildAuthorityMatrix(Func<GroupId, bool>? groupExists)
    {
        var problems = new List<DomainError>();
        var matrix = AuthorityMatrix.Default;
        foreach (var (name, texts) in Authority)
        {
            if (!Enum.TryParse<IncidentAction>(name, ignoreCase: true, out var action) || !Enum.IsDefined(action) || int.TryParse(name, out _))
            {
                problems.Add(new DomainError("authority.unknown_action", $"'{name}' is not an action; use one of {string.Join(", ", Enum.GetNames<IncidentAction>())}.") { Path = $"Authority:{name}" });
                continue;
            }

            var grants = new List<AuthorityGrant>();
            var list = texts ?? [];
            for (var i = 0; i < list.Count; i++)
            {
                if (!AuthorityGrant.TryParse(list[i], out var grant, out var problem))
                {
                    problems.Add(new DomainError("authority.invalid_grant", $"{problem}.") { Path = $"Authority:{name}:{i}" });
                }
                else if (grant!.Kind == GrantKind.Group && groupExists is not null && !groupExists(grant.Group))
                {
                    problems.Add(new DomainError("authority.unknown_group", $"the organisation has no group '{grant.Group}'.") { Path = $"Authority:{name}:{i}" });
                }
                else
                {
                    grants.Add(grant);
                }
            }

            matrix = matrix.With(action, grants);
        }

        return problems.Count == 0
            ? matrix
            : new DomainError("authority.invalid", $"The authority matrix is not valid: {problems.Count} problem(s).", problems);
    }

    private static string? ParseId(string? text, string path, List<DomainError> problems)
    {
        if (IdentifierRules.Explain(text) is { } problem)
        {
            problems.Add(new DomainError(OrganizationErrors.InvalidId, $"'{text}' is not a valid id: {problem}.") { Path = path });
            return null;
        }

        return text;
    }
}

/// <summary>The organisation part of <see cref="PetitionOpinionOptions"/>.</summary>
public sealed class ResponseOrganizationOptions
{
    /// <summary>Gets or sets a value indicating whether to start from the seed's four groups (<see cref="OrganizationTemplates.Seed"/>). Default: <see langword="true"/>.</summary>
    public bool UseSeedTemplate { get; set; } = true;

    /// <summary>Gets or sets the people.</summary>
    public List<OrganizationPersonOptions> People { get; set; } = [];

    /// <summary>Gets or sets extra, user-defined groups with their positions.</summary>
    public List<OrganizationGroupOptions> Groups { get; set; } = [];

    /// <summary>Gets or sets who holds which position: position id → person ids.</summary>
    public Dictionary<string, List<string>> Assignments { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A person, in configuration.</summary>
public sealed class OrganizationPersonOptions
{
    /// <summary>Gets or sets the person's id.</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets the display name.</summary>
    public string? Name { get; set; }
}

/// <summary>A user-defined group, in configuration.</summary>
public sealed class OrganizationGroupOptions
{
    /// <summary>Gets or sets the group's id.</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets the English name.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the Chinese name.</summary>
    public string? NameZh { get; set; }

    /// <summary>Gets or sets the duties.</summary>
    public List<string> Duties { get; set; } = [];

    /// <summary>Gets or sets the positions.</summary>
    public List<OrganizationPositionOptions> Positions { get; set; } = [];
}

/// <summary>A position of a user-defined group, in configuration.</summary>
public sealed class OrganizationPositionOptions
{
    /// <summary>Gets or sets the position's id.</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets the English title.</summary>
    public string? Title { get; set; }

    /// <summary>Gets or sets the Chinese title.</summary>
    public string? TitleZh { get; set; }

    /// <summary>Gets or sets the role. Default: <see cref="GroupRole.Member"/>.</summary>
    public GroupRole Role { get; set; } = GroupRole.Member;

    /// <summary>Gets or sets the department, if any.</summary>
    public string? Department { get; set; }

    /// <summary>Gets or sets a value indicating whether the position must be filled. Default: <see langword="true"/>.</summary>
    public bool Required { get; set; } = true;
}
