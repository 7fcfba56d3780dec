using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Organization;

/// <summary>
/// A department that takes the plan's directives itself (technical support, legal, public relations) added to the seed
/// template as a group with a leader, as docs/organization.md shows ("Directives to departments"): a directive assigned
/// to it is acknowledged and completed by its members, and by nobody outside it.
/// </summary>
public sealed class DepartmentGroupTests
{
    private static readonly GroupId TechnicalSupport = GroupId.From("technical-support");
    private static readonly PersonId Head = PersonId.From("li.na");
    private static readonly PersonId Engineer = PersonId.From("wang.lei");

    private readonly Scenario _scenario = new(organization: Scenario.AddPeople(OrganizationTemplates.Seed()
            .AddGroup(TechnicalSupport, "Technical Support Department", "技术支持部", "Carry out the directives it is given.")
            .AddPosition(TechnicalSupport, PositionId.From("technical-support.head"), "Head of Technical Support", "技术支持部负责人", GroupRole.Leader, Departments.TechnicalSupport)
            .AddPosition(TechnicalSupport, PositionId.From("technical-support.engineer"), "Support Engineer", "技术支持工程师", GroupRole.Member, Departments.TechnicalSupport, required: false))
        .AddPerson(Head, "Li Na").Assign(PositionId.From("technical-support.head"), Head)
        .AddPerson(Engineer, "Wang Lei").Assign(PositionId.From("technical-support.engineer"), Engineer)
        .Build().Match(built => built, error => throw new InvalidOperationException(error.ToString())));

    [Fact]
    public void Directive_ToADepartmentGroup_IsAcknowledgedAndCompletedByItsMembers()
    {
        var incident = _scenario.Drive(IncidentState.Assessed);

        _scenario.Do(incident, _scenario.IssueCommand(TechnicalSupport, DirectiveKind.InformationCollection));
        _scenario.Do(incident, new AcknowledgeDirective(Engineer, new DirectiveId(1)));
        _scenario.Do(incident, new CompleteDirective(Head, new DirectiveId(1), "The leaking cache was purged."));

        var directive = Assert.Single(incident.Directives);
        Assert.Equal(TechnicalSupport, directive.Assignee);
        Assert.Equal(DirectiveStatus.Completed, directive.Status);
    }

    [Fact]
    public void Directive_ToADepartmentGroup_CannotBeAcknowledgedBySomeoneOutsideIt()
    {
        var incident = _scenario.Drive(IncidentState.Assessed);
        _scenario.Do(incident, _scenario.IssueCommand(TechnicalSupport, DirectiveKind.InformationCollection));

        var refused = _scenario.Refuse(incident, new AcknowledgeDirective(People.LegalConsultant, new DirectiveId(1)));

        Assert.StartsWith("authority.", refused.Code, StringComparison.Ordinal);
    }
}
