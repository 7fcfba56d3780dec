using Ardalis.GuardClauses;
using OneOf;

namespace PetitionOpinion.Organization;

/// <summary>
/// Assembles an <see cref="ResponseOrganization"/>. The builder accepts anything that is not a programmer error, so that
/// <see cref="Validate"/> can report every problem at once; <see cref="Build"/> returns the organisation only when
/// there is none.
/// </summary>
public sealed class OrganizationBuilder
{
    private readonly List<Person> _people = [];
    private readonly List<GroupDraft> _groups = [];
    private readonly List<(GroupId Group, PositionId Position)> _orphans = [];
    private readonly List<(PositionId Position, PersonId Person)> _unknownAssignments = [];

    /// <summary>Adds a person.</summary>
    /// <param name="id">The person's id.</param>
    /// <param name="name">The display name.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    public OrganizationBuilder AddPerson(PersonId id, string name)
    {
        Guard.Against.Null(name);
        _people.Add(new Person(id, name));
        return this;
    }

    /// <summary>Adds a group, user-defined or one of <see cref="WellKnownGroups"/>.</summary>
    /// <param name="id">The group's id.</param>
    /// <param name="name">The English name.</param>
    /// <param name="nameZh">The Chinese name.</param>
    /// <param name="duties">The group's duties, as text.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public OrganizationBuilder AddGroup(GroupId id, string name, string nameZh, params IEnumerable<string> duties)
    {
        Guard.Against.Null(name);
        Guard.Against.Null(nameZh);
        Guard.Against.Null(duties);
        _groups.Add(new GroupDraft(id, name, nameZh, [.. duties]));
        return this;
    }

    /// <summary>Adds a position to a group added before.</summary>
    /// <param name="group">The group.</param>
    /// <param name="id">The position's id, unique across the organisation.</param>
    /// <param name="title">The English title.</param>
    /// <param name="titleZh">The Chinese title.</param>
    /// <param name="role">The group role the position carries.</param>
    /// <param name="department">The holder's department (see <see cref="Departments"/>), if any.</param>
    /// <param name="required">Whether the position must be filled. Default: <see langword="true"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="title"/> or <paramref name="titleZh"/> is <see langword="null"/>.</exception>
    public OrganizationBuilder AddPosition(GroupId group, PositionId id, string title, string titleZh, GroupRole role, string? department = null, bool required = true)
    {
        Guard.Against.Null(title);
        Guard.Against.Null(titleZh);
        Guard.Against.EnumOutOfRange(role);
        var draft = _groups.FirstOrDefault(g => g.Id == group);
        if (draft is null)
        {
            _orphans.Add((group, id));
            return this;
        }

        draft.Positions.Add(new PositionDraft(id, title, titleZh, role, department, required));
        return this;
    }

    /// <summary>Makes <paramref name="person"/> a holder of <paramref name="position"/>. One person may hold several positions.</summary>
    /// <param name="position">The position.</param>
    /// <param name="person">The person.</param>
    /// <returns>This builder.</returns>
    public OrganizationBuilder Assign(PositionId position, PersonId person)
    {
        var draft = _groups.SelectMany(g => g.Positions).FirstOrDefault(p => p.Id == position);
        if (draft is null)
        {
            _unknownAssignments.Add((position, person));
            return this;
        }

        draft.Holders.Add(person);
        return this;
    }

    /// <summary>Tells whether a group with this id has been added so far, valid or not (for checks made before <see cref="Build"/>).</summary>
    /// <param name="id">The group's id.</param>
    /// <returns><see langword="true"/> when a group of that id has been added.</returns>
    public bool HasGroup(GroupId id) => _groups.Exists(g => g.Id == id);

    /// <summary>Checks the organisation as built so far.</summary>
    /// <returns>Every problem found, each with a code from <see cref="OrganizationErrors"/>; empty when valid.</returns>
    public IReadOnlyList<DomainError> Validate()
    {
        var problems = new List<DomainError>();
        void Add(string code, string message) => problems.Add(new DomainError(code, message));

        if (_groups.Count == 0)
        {
            Add(OrganizationErrors.NoGroups, "The organisation has no response group.");
        }

        var people = new HashSet<PersonId>();
        foreach (var person in _people)
        {
            if (person.Id.IsEmpty)
            {
                Add(OrganizationErrors.InvalidId, "A person has an empty id.");
                continue;
            }

            if (!people.Add(person.Id))
            {
                Add(OrganizationErrors.DuplicatePerson, $"Person '{person.Id}' is defined more than once.");
            }

            CheckText(person.Name, $"The name of person '{person.Id}'", problems);
        }

        var groupIds = new HashSet<GroupId>();
        var positionIds = new HashSet<PositionId>();
        foreach (var group in _groups)
        {
            if (group.Id.IsEmpty)
            {
                Add(OrganizationErrors.InvalidId, "A group has an empty id.");
            }
            else if (!groupIds.Add(group.Id))
            {
                Add(OrganizationErrors.DuplicateGroup, $"Group '{group.Id}' is defined more than once.");
            }

            CheckText(group.Name, $"The name of group '{group.Id}'", problems);
            CheckText(group.NameZh, $"The Chinese name of group '{group.Id}'", problems);
            foreach (var duty in group.Duties)
            {
                CheckText(duty, $"A duty of group '{group.Id}'", problems, TextLimits.Short);
            }

            var hasLeader = false;
            foreach (var position in group.Positions)
            {
                if (position.Id.IsEmpty)
                {
                    Add(OrganizationErrors.InvalidId, $"A position of group '{group.Id}' has an empty id.");
                }
                else if (!positionIds.Add(position.Id))
                {
                    Add(OrganizationErrors.DuplicatePosition, $"Position '{position.Id}' is defined more than once.");
                }

                CheckText(position.Title, $"The title of position '{position.Id}'", problems);
                CheckText(position.TitleZh, $"The Chinese title of position '{position.Id}'", problems);
                if (position.Required && position.Holders.Count == 0)
                {
                    Add(OrganizationErrors.VacantRequiredPosition, $"Required position '{position.Id}' ({position.Title}) in group '{group.Id}' is vacant.");
                }

                var holders = new HashSet<PersonId>();
                foreach (var holder in position.Holders)
                {
                    if (holder.IsEmpty)
                    {
                        Add(OrganizationErrors.InvalidId, $"Position '{position.Id}' is assigned an empty person id.");
                        continue;
                    }

                    if (!holders.Add(holder))
                    {
                        Add(OrganizationErrors.DuplicateHolder, $"Person '{holder}' is assigned to position '{position.Id}' more than once.");
                    }

                    if (!people.Contains(holder))
                    {
                        Add(OrganizationErrors.UnknownPerson, $"Position '{position.Id}' is held by '{holder}', who is not among the organisation's people.");
                    }
                }

                hasLeader |= position.Role == GroupRole.Leader && position.Holders.Any(h => !h.IsEmpty);
            }

            if (!hasLeader)
            {
                Add(OrganizationErrors.GroupWithoutLeader, $"Group '{group.Id}' ({group.Name}) has no leader: add a position with the Leader role and fill it.");
            }
        }

        foreach (var (group, position) in _orphans)
        {
            Add(OrganizationErrors.UnknownGroupOrPosition, $"Position '{position}' was added to group '{group}', which does not exist.");
        }

        foreach (var (position, person) in _unknownAssignments)
        {
            Add(OrganizationErrors.UnknownGroupOrPosition, $"Person '{person}' was assigned to position '{position}', which does not exist.");
        }

        return problems;
    }

    /// <summary>Builds the organisation when it is valid.</summary>
    /// <returns>The organisation, or an error with code <see cref="OrganizationErrors.Invalid"/> whose details list every problem.</returns>
    public OneOf<ResponseOrganization, DomainError> Build()
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            return new DomainError(OrganizationErrors.Invalid, $"The organisation is not valid: {problems.Count} problem(s).", problems);
        }

        var groups = _groups
            .Select(g => new ResponseGroup(
                g.Id,
                g.Name,
                g.NameZh,
                g.Duties.ToArray(),
                g.Positions.Select(p => new Position(p.Id, p.Title, p.TitleZh, p.Role, p.Department, p.Required, p.Holders.ToArray())).ToArray()))
            .ToArray();
        return new ResponseOrganization(groups, _people.ToArray());
    }

    private static void CheckText(string text, string what, List<DomainError> problems, int limit = TextLimits.Name)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(new DomainError(OrganizationErrors.InvalidText, $"{what} is empty."));
        }
        else if (text.Length > limit)
        {
            problems.Add(new DomainError(OrganizationErrors.InvalidText, $"{what} is longer than {limit} characters."));
        }
        else if (new InputValidation().Text(text, what, limit, kind: limit == TextLimits.Name ? TextKind.SingleLine : TextKind.MultiLine).ToError(what) is { } invalid)
        {
            // The rules of every text the lifecycle accepts: no control character or bidirectional override, names on one
            // line, and something visible. Names reach notifications, reports and chat messages.
            problems.Add(new DomainError(OrganizationErrors.InvalidText, invalid.Message));
        }
    }

    private sealed record GroupDraft(GroupId Id, string Name, string NameZh, List<string> Duties)
    {
        public List<PositionDraft> Positions { get; } = [];
    }

    private sealed record PositionDraft(PositionId Id, string Title, string TitleZh, GroupRole Role, string? Department, bool Required)
    {
        public List<PersonId> Holders { get; } = [];
    }
}
