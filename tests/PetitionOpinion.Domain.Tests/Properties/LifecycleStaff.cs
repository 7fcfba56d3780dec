using PetitionOpinion.Organization;
using Positions = PetitionOpinion.Organization.OrganizationTemplates.SeedPositions;

namespace PetitionOpinion.Tests.Properties;

/// <summary>
/// The people of the seed organisation used by the lifecycle properties, written down as a plain table
/// (who holds which seat: group, role, department). The reference model reads authority from this table,
/// never from the library's organisation or authority policy, so that it is an independent oracle.
/// </summary>
internal static class LifecycleStaff
{
    public static PersonId GeneralManager { get; } = new("gm");

    public static PersonId MarketingManager { get; } = new("marketing-manager");

    // One person may hold several roles: the customer service manager is a leading-group deputy and the petition group's leader.
    public static PersonId CustomerServiceManager { get; } = new("cs-manager");

    public static PersonId HeadOfLegal { get; } = new("head-legal");

    public static PersonId HeadOfPublicRelations { get; } = new("head-pr");

    public static PersonId HeadOfTechnicalSupport { get; } = new("head-tech");

    // Deputy of both the petition handling and the opinion monitoring group.
    public static PersonId MarketingSpecialist { get; } = new("marketing-specialist");

    public static PersonId CustomerServiceRep { get; } = new("cs-rep");

    public static PersonId SecondCustomerServiceRep { get; } = new("cs-rep-2");

    public static PersonId LegalSpecialist { get; } = new("legal-specialist");

    public static PersonId PublicRelationsManager { get; } = new("pr-manager");

    public static PersonId OpinionAnalyst { get; } = new("analyst");

    public static PersonId SocialMediaSpecialist { get; } = new("social-media");

    public static PersonId LogisticsLead { get; } = new("logistics-lead");

    public static PersonId ItSupport { get; } = new("it-support");

    public static PersonId LegalConsultant { get; } = new("legal-consultant");

    // Known to the organisation, holds no position: may report, nothing else.
    public static PersonId Intern { get; } = new("intern");

    // Not in the organisation at all.
    public static PersonId Outsider { get; } = new("outsider");

    /// <summary>Gets a group id no organisation here has.</summary>
    public static GroupId UnknownGroup { get; } = new("no-such-group");

    public static IReadOnlyList<GroupId> Groups { get; } =
    [
        WellKnownGroups.LeadingGroup,
        WellKnownGroups.PetitionHandlingGroup,
        WellKnownGroups.OpinionMonitoringGroup,
        WellKnownGroups.LogisticsSupportGroup,
    ];

    public static IReadOnlyList<Seat> Seats { get; } =
    [
        new(GeneralManager, Positions.GeneralManager, WellKnownGroups.LeadingGroup, GroupRole.Leader, Departments.GeneralManagement),
        new(MarketingManager, Positions.MarketingManager, WellKnownGroups.LeadingGroup, GroupRole.DeputyLeader, Departments.Marketing),
        new(CustomerServiceManager, Positions.CustomerServiceManagerDeputy, WellKnownGroups.LeadingGroup, GroupRole.DeputyLeader, Departments.CustomerService),
        new(HeadOfLegal, Positions.HeadOfLegal, WellKnownGroups.LeadingGroup, GroupRole.Member, Departments.Legal),
        new(HeadOfPublicRelations, Positions.HeadOfPublicRelations, WellKnownGroups.LeadingGroup, GroupRole.Member, Departments.PublicRelations),
        new(HeadOfTechnicalSupport, Positions.HeadOfTechnicalSupport, WellKnownGroups.LeadingGroup, GroupRole.Member, Departments.TechnicalSupport),
        new(CustomerServiceManager, Positions.PetitionHandlingLeader, WellKnownGroups.PetitionHandlingGroup, GroupRole.Leader, Departments.CustomerService),
        new(MarketingSpecialist, Positions.PetitionHandlingDeputy, WellKnownGroups.PetitionHandlingGroup, GroupRole.DeputyLeader, Departments.Marketing),
        new(CustomerServiceRep, Positions.CustomerServiceRepresentatives, WellKnownGroups.PetitionHandlingGroup, GroupRole.Member, Departments.CustomerService),
        new(SecondCustomerServiceRep, Positions.CustomerServiceRepresentatives, WellKnownGroups.PetitionHandlingGroup, GroupRole.Member, Departments.CustomerService),
        new(LegalSpecialist, Positions.LegalSpecialists, WellKnownGroups.PetitionHandlingGroup, GroupRole.Member, Departments.Legal),
        new(PublicRelationsManager, Positions.OpinionMonitoringLeader, WellKnownGroups.OpinionMonitoringGroup, GroupRole.Leader, Departments.PublicRelations),
        new(MarketingSpecialist, Positions.OpinionMonitoringDeputy, WellKnownGroups.OpinionMonitoringGroup, GroupRole.DeputyLeader, Departments.Marketing),
        new(OpinionAnalyst, Positions.OpinionAnalysts, WellKnownGroups.OpinionMonitoringGroup, GroupRole.Member, Departments.PublicRelations),
        new(SocialMediaSpecialist, Positions.SocialMediaSpecialists, WellKnownGroups.OpinionMonitoringGroup, GroupRole.Member, Departments.PublicRelations),
        new(LogisticsLead, Positions.LogisticsLeader, WellKnownGroups.LogisticsSupportGroup, GroupRole.Leader, Departments.TechnicalSupport),
        new(ItSupport, Positions.ItSupport, WellKnownGroups.LogisticsSupportGroup, GroupRole.Member, Departments.TechnicalSupport),
        new(LegalConsultant, Positions.LegalConsultation, WellKnownGroups.LogisticsSupportGroup, GroupRole.Member, Departments.Legal),
    ];

    /// <summary>Gets everyone the organisation knows, the intern included.</summary>
    public static IReadOnlyList<PersonId> People { get; } = [.. Seats.Select(s => s.Person).Append(Intern).Distinct()];

    public static ResponseOrganization Organization { get; } = BuildOrganization();

    public static bool Knows(PersonId person) => !person.IsEmpty && People.Contains(person);

    public static bool GroupExists(GroupId group) => Groups.Contains(group);

    public static bool IsIn(PersonId person, GroupId group) => Seats.Any(s => s.Person == person && s.Group == group);

    public static bool HasRole(PersonId person, GroupId group, params GroupRole[] roles)
        => Seats.Any(s => s.Person == person && s.Group == group && roles.Contains(s.Role));

    public static bool InDepartment(PersonId person, string department) => Seats.Any(s => s.Person == person && s.Department == department);

    public static bool LeadsAGroup(PersonId person) => Seats.Any(s => s.Person == person && s.Role == GroupRole.Leader);

    private static ResponseOrganization BuildOrganization()
    {
        var builder = OrganizationTemplates.Seed();
        foreach (var person in People)
        {
            builder.AddPerson(person, person.Value);
        }

        foreach (var seat in Seats)
        {
            builder.Assign(seat.Position, seat.Person);
        }

        return builder.Build().Match(
            organization => organization,
            error => throw new InvalidOperationException($"The test organisation is invalid: {error.Message} {string.Join("; ", error.Details.Select(d => d.Message))}"));
    }

    public sealed record Seat(PersonId Person, PositionId Position, GroupId Group, GroupRole Role, string Department);
}
