using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Organization;
using PetitionOpinion.Storage.Conformance;

namespace PetitionOpinion.Tests.Support;

/// <summary>
/// The people of the test organisation: the conformance kit's one person per position of the seed template
/// (<see cref="KitPeople"/>, docs/organization.md), plus a known person without any position and an id the organisation does not know.
/// </summary>
public static class People
{
    public static PersonId GeneralManager => KitPeople.GeneralManager;

    public static PersonId MarketingManager => KitPeople.MarketingManager;

    public static PersonId CustomerServiceManager => KitPeople.CustomerServiceManager;

    public static PersonId HeadOfLegal => KitPeople.HeadOfLegal;

    public static PersonId HeadOfPublicRelations => KitPeople.HeadOfPublicRelations;

    public static PersonId HeadOfTechnicalSupport => KitPeople.HeadOfTechnicalSupport;

    public static PersonId PetitionDeputy => KitPeople.PetitionDeputy;

    public static PersonId CustomerServiceRep => KitPeople.CustomerServiceRep;

    public static PersonId LegalSpecialist => KitPeople.LegalSpecialist;

    public static PersonId PrManager => KitPeople.PrManager;

    public static PersonId OpinionDeputy => KitPeople.OpinionDeputy;

    public static PersonId OpinionAnalyst => KitPeople.OpinionAnalyst;

    public static PersonId SocialMediaSpecialist => KitPeople.SocialMediaSpecialist;

    public static PersonId LogisticsLead => KitPeople.LogisticsLead;

    public static PersonId ItSupport => KitPeople.ItSupport;

    public static PersonId LegalConsultant => KitPeople.LegalConsultant;

    /// <summary>A person the organisation knows who holds no position.</summary>
    public static PersonId Outsider { get; } = new("outsider");

    /// <summary>An id the organisation does not know.</summary>
    public static PersonId Stranger { get; } = new("stranger");

    /// <summary>Gets who holds which seed position in <see cref="Scenario.SeedOrganization"/>.</summary>
    public static IReadOnlyList<(PositionId Position, PersonId Person)> Assignments => KitPeople.Assignments;

    /// <summary>Gets every person the organisation knows (each position holder once, and <see cref="Outsider"/>).</summary>
    public static IReadOnlyList<PersonId> Known { get; } = [.. Assignments.Select(a => a.Person).Distinct().Append(Outsider)];

    /// <summary>Gets every person the organisation knows and <see cref="Stranger"/>: the actors a random test draws from.</summary>
    public static IReadOnlyList<PersonId> All { get; } = [.. Known.Append(Stranger)];

    /// <summary>
    /// Configuration values (keys under <c>PetitionOpinion:Organization</c>) that add <see cref="Known"/> and make the
    /// <see cref="Assignments"/>: the staffed seed organisation as a host's configuration would give it.
    /// </summary>
    /// <returns>A new dictionary, for the test to add its own keys to.</returns>
    public static Dictionary<string, string?> ConfigurationValues()
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var i = 0;
        foreach (var person in Known)
        {
            values[$"PetitionOpinion:Organization:People:{i}:Id"] = person.Value;
            values[$"PetitionOpinion:Organization:People:{i++}:Name"] = $"Person {person}";
        }

        foreach (var group in Assignments.GroupBy(a => a.Position))
        {
            var j = 0;
            foreach (var (_, person) in group)
            {
                values[$"PetitionOpinion:Organization:Assignments:{group.Key}:{j++}"] = person.Value;
            }
        }

        return values;
    }
}

/// <summary>Creates incident ids 1, 2, 3, ... so that tests are reproducible.</summary>
public sealed class SequentialIncidentIds : IIncidentIdGenerator
{
    private int _next;

    /// <inheritdoc/>
    public IncidentId NewIncidentId()
    {
        var n = Interlocked.Increment(ref _next);
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes[12..], n);
        return new IncidentId(new Guid(bytes));
    }
}

/// <summary>
/// A test world: the seed organisation filled with <see cref="People"/>, a <see cref="FakeTimeProvider"/>, the default
/// (or a given) authority matrix, and an <see cref="IncidentLifecycle"/> over them; plus helpers that drive an incident
/// to any state, run commands that must succeed or must be refused, and describe an incident's state for comparison.
/// </summary>
/// <remarks>Each instance is independent; time only moves when a helper (or the test) advances <see cref="Time"/>.</remarks>
public sealed class Scenario
{
    /// <summary>The instant every scenario's clock starts at.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>How far the helpers advance the clock before each step, so that every event has its own time.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(5);

    /// <summary>Initializes a new instance of the <see cref="Scenario"/> class.</summary>
    /// <param name="matrix">The authority matrix; <see langword="null"/> for <see cref="AuthorityMatrix.Default"/>.</param>
    /// <param name="organization">The organisation; <see langword="null"/> for <see cref="SeedOrganization"/>.</param>
    public Scenario(AuthorityMatrix? matrix = null, ResponseOrganization? organization = null)
    {
        Time = new FakeTimeProvider(Start);
        Organization = organization ?? SeedOrganization();
        Matrix = matrix ?? AuthorityMatrix.Default;
        Authority = new MatrixAuthorityPolicy(Organization, Matrix);
        Lifecycle = new IncidentLifecycle(Organization, Authority, Time, new SequentialIncidentIds());
    }

    /// <summary>Gets the clock.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>Gets the organisation.</summary>
    public ResponseOrganization Organization { get; }

    /// <summary>Gets the authority matrix in force.</summary>
    public AuthorityMatrix Matrix { get; }

    /// <summary>Gets the authority policy.</summary>
    public IAuthorityPolicy Authority { get; }

    /// <summary>Gets the lifecycle under test.</summary>
    public IncidentLifecycle Lifecycle { get; }

    /// <summary>Gets the current time.</summary>
    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>The seed template (<see cref="OrganizationTemplates.Seed"/>) with <see cref="People"/> added and assigned.</summary>
    /// <returns>A builder; add more before building if needed.</returns>
    public static OrganizationBuilder SeedBuilderWithPeople() => AddPeople(OrganizationTemplates.Seed());

    /// <summary>Adds <see cref="People.Known"/> to a builder that holds the seed template, and assigns them to the seed positions.</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The same builder.</returns>
    public static OrganizationBuilder AddPeople(OrganizationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var person in People.Known)
        {
            builder.AddPerson(person, $"Person {person}");
        }

        foreach (var (position, person) in People.Assignments)
        {
            builder.Assign(position, person);
        }

        return builder;
    }

    /// <summary>Builds <see cref="SeedBuilderWithPeople"/>; fails the test if it is not valid.</summary>
    /// <returns>The organisation.</returns>
    public static ResponseOrganization SeedOrganization()
    {
        var built = SeedBuilderWithPeople().Build();
        return built.Match(o => o, e => throw new InvalidOperationException($"The test organisation is not valid: {e}"));
    }

    /// <summary>A closure report that satisfies the closure rules: a cause, and an improvement owned by the General Manager with a due date.</summary>
    /// <returns>The report.</returns>
    public static ClosureReport CompleteReport()
        => new(
            "A customer's data were shown to another customer; contacted, fixed and apologised.",
            ["A caching bug in the account page."],
            [new Improvement("Add a review step for cache changes.", People.GeneralManager, new DateOnly(2026, 6, 30))],
            ["Test cache invalidation."]);

    /// <summary>A report command for a data-privacy complaint on the hotline, by the customer service representative.</summary>
    /// <param name="kind">The incident's kind.</param>
    /// <param name="actor">The reporter; <see langword="null"/> for <see cref="People.CustomerServiceRep"/>.</param>
    /// <returns>The command.</returns>
    public static ReportIncident ReportCommand(IncidentKind kind = IncidentKind.Petition, PersonId? actor = null)
        => new(
            actor ?? People.CustomerServiceRep,
            kind,
            IntakeChannel.Hotline,
            RiskCategory.DataPrivacy,
            "A customer says another customer's order history appeared in her account.",
            new PetitionerDetails("Wang Fang", "+86 138 0000 0000"),
            new ComplainedParty(null, Departments.TechnicalSupport));

    /// <summary>Reports an incident (after advancing the clock by <see cref="Step"/>); fails the test if refused.</summary>
    /// <param name="kind">The incident's kind.</param>
    /// <returns>The incident, in <see cref="IncidentState.Reported"/>.</returns>
    public Incident Report(IncidentKind kind = IncidentKind.Petition)
    {
        Time.Advance(Step);
        return Lifecycle.Report(ReportCommand(kind)).Match(i => i, e => throw new InvalidOperationException($"Report was refused: {e}"));
    }

    /// <summary>
    /// Reports an incident and drives it to <paramref name="state"/> with the default actors:
    /// <list type="bullet">
    /// <item>Reported: just reported;</item>
    /// <item>Assessed: assessed at <paramref name="level"/> by the customer service representative;</item>
    /// <item>Directed: directive D1 (information collection, assigned to the petition handling group, due in a day) issued, still open;</item>
    /// <item>Responding: D1 acknowledged and completed, then the response started (no open directive);</item>
    /// <item>Resolved: resolved;</item>
    /// <item>Closed: <see cref="CompleteReport"/> submitted by the General Manager and accepted by him;</item>
    /// <item>Dismissed: dismissed from Reported.</item>
    /// </list>
    /// </summary>
    /// <param name="state">The state to reach.</param>
    /// <param name="kind">The incident's kind.</param>
    /// <param name="level">The assessed level.</param>
    /// <returns>The incident.</returns>
    public Incident Drive(IncidentState state, IncidentKind kind = IncidentKind.Petition, SeverityLevel level = SeverityLevel.III)
    {
        var incident = Report(kind);
        if (state == IncidentState.Reported)
        {
            return incident;
        }

        if (state == IncidentState.Dismissed)
        {
            Do(incident, new DismissIncident(People.CustomerServiceRep, "Out of scope: not about the company."));
            return incident;
        }

        Do(incident, new AssessIncident(People.CustomerServiceRep, level, ImpactScope.Individual, PotentialRisk.Medium, "One customer, personal data shown to another."));
        if (state == IncidentState.Assessed)
        {
            return incident;
        }

        Do(incident, IssueCommand());
        if (state == IncidentState.Directed)
        {
            return incident;
        }

        Do(incident, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)));
        Do(incident, new CompleteDirective(People.CustomerServiceRep, new DirectiveId(1), "The customer's account history was collected."));
        Do(incident, new StartResponse(People.CustomerServiceManager));
        if (state == IncidentState.Responding)
        {
            return incident;
        }

        Do(incident, new ResolveIncident(People.CustomerServiceManager, "Cache fixed; the customer accepted the apology."));
        if (state == IncidentState.Resolved)
        {
            return incident;
        }

        Do(incident, new SubmitClosureReport(People.GeneralManager, CompleteReport()));
        Do(incident, new AcceptClosureReport(People.GeneralManager));
        return state == IncidentState.Closed ? incident : throw new ArgumentOutOfRangeException(nameof(state), state, "Not a state.");
    }

    /// <summary>An issue-directive command by the customer service representative, due a day after now.</summary>
    /// <param name="assignee">The assignee group; <see langword="null"/> for the petition handling group.</param>
    /// <param name="kind">The kind; <see langword="null"/> for information collection.</param>
    /// <returns>The command.</returns>
    public IssueDirective IssueCommand(GroupId? assignee = null, DirectiveKind? kind = null)
        => new(People.CustomerServiceRep, kind ?? DirectiveKind.InformationCollection, assignee ?? WellKnownGroups.PetitionHandlingGroup, "Collect the customer's account history.", Now.AddDays(1));

    /// <summary>Runs a command that must be accepted (after advancing the clock by <see cref="Step"/>); fails the test otherwise.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="command">The command.</param>
    /// <returns>The recorded events.</returns>
    public RecordedEvents Do(Incident incident, IncidentCommand command)
    {
        Time.Advance(Step);
        return Lifecycle.Execute(incident, command).Match(events => events, e => throw new InvalidOperationException($"{command.GetType().Name} was refused: {e}"));
    }

    /// <summary>Runs a command that must be refused and checks that the incident did not change at all (version, state, history, pending events, every public and internal property).</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="command">The command.</param>
    /// <returns>The error.</returns>
    public DomainError Refuse(Incident incident, IncidentCommand command)
    {
        Time.Advance(Step);
        var before = Snapshot.Of(incident);
        var result = Lifecycle.Execute(incident, command);
        Assert.True(result.IsT1, $"{command.GetType().Name} was expected to be refused but recorded {(result.IsT0 ? string.Join(", ", result.AsT0.Select(e => e.GetType().Name)) : string.Empty)}.");
        before.AssertUnchanged(incident);
        return result.AsT1;
    }

    /// <summary>
    /// Describes every property of an incident — public and internal — except <see cref="Incident.PendingEvents"/>, as
    /// JSON, with each event and value serialised by its runtime type. Two incidents with equal descriptions are equal.
    /// </summary>
    /// <param name="incident">The incident.</param>
    /// <returns>The description.</returns>
    public static string Describe(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var node = new JsonObject();
        foreach (var property in typeof(Incident).GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            // Spans cannot be read by reflection; they are views of state that other properties describe.
            if (property.Name == nameof(Incident.PendingEvents) || property.GetIndexParameters().Length > 0 || property.PropertyType.IsByRefLike)
            {
                continue;
            }

            var value = property.GetValue(incident);
            node[property.Name] = value is IEnumerable<IncidentEvent> events ? DescribeEvents(events) : ToNode(value);
        }

        return node.ToJsonString();
    }

    /// <summary>Describes events as JSON, each with its type name and serialised by its runtime type.</summary>
    /// <param name="events">The events.</param>
    /// <returns>The description.</returns>
    public static JsonArray DescribeEvents(IEnumerable<IncidentEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var array = new JsonArray();
        foreach (var e in events)
        {
            array.Add(new JsonObject { ["$type"] = e.GetType().Name, ["event"] = ToNode(e) });
        }

        return array;
    }

    private static JsonNode? ToNode(object? value) => value is null ? null : JsonSerializer.SerializeToNode(value, value.GetType());
}

/// <summary>What a refused action must leave untouched: the whole described state and the pending events.</summary>
/// <param name="Version">The version.</param>
/// <param name="State">The state.</param>
/// <param name="HistoryCount">The number of events in the history.</param>
/// <param name="PendingCount">The number of pending events.</param>
/// <param name="Description">The full description (<see cref="Scenario.Describe"/>).</param>
/// <param name="Pending">The pending events, described.</param>
public sealed record Snapshot(int Version, IncidentState State, int HistoryCount, int PendingCount, string Description, string Pending)
{
    /// <summary>Takes a snapshot.</summary>
    /// <param name="incident">The incident.</param>
    /// <returns>The snapshot.</returns>
    public static Snapshot Of(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return new(incident.Version, incident.State, incident.History.Count, incident.PendingEvents.Count, Scenario.Describe(incident), Scenario.DescribeEvents(incident.PendingEvents).ToJsonString());
    }

    /// <summary>Asserts that <paramref name="incident"/> is exactly as it was when the snapshot was taken.</summary>
    /// <param name="incident">The incident.</param>
    public void AssertUnchanged(Incident incident)
    {
        var now = Of(incident);
        Assert.Equal(Version, now.Version);
        Assert.Equal(State, now.State);
        Assert.Equal(HistoryCount, now.HistoryCount);
        Assert.Equal(PendingCount, now.PendingCount);
        Assert.Equal(Description, now.Description);
        Assert.Equal(Pending, now.Pending);
    }
}
