using PetitionOpinion.Organization;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Organization;

/// <summary>Organisation validation: one test per <see cref="OrganizationErrors"/> code, and every problem reported at once.</summary>
public sealed class OrganizationBuilderTests
{
    private static readonly GroupId Team = new("team");
    private static readonly PositionId Lead = new("team.lead");
    private static readonly PositionId Member = new("team.member");
    private static readonly PersonId Ann = new("ann");
    private static readonly PersonId Bob = new("bob");

    [Fact]
    public void Build_MinimalValidOrganization_Succeeds()
    {
        var organization = Minimal().Build().AsT0;

        var group = Assert.Single(organization.Groups);
        Assert.Equal(Team, group.Id);
        Assert.Equal([Ann], group.HoldersOf(GroupRole.Leader));
        Assert.Equal([Ann, Bob], organization.People.Select(p => p.Id));
        Assert.Empty(Minimal().Validate());
    }

    [Fact]
    public void Validate_NoGroups_ReportsNoGroups()
        => Assert.Equal([OrganizationErrors.NoGroups], Codes(new OrganizationBuilder()));

    [Fact]
    public void Validate_GroupWithoutLeaderPosition_ReportsGroupWithoutLeader()
    {
        var builder = new OrganizationBuilder()
            .AddPerson(Ann, "Ann")
            .AddGroup(Team, "Team", "小组", "Work.")
            .AddPosition(Team, Member, "Member", "成员", GroupRole.Member)
            .Assign(Member, Ann);

        var problem = Assert.Single(builder.Validate());

        Assert.Equal(OrganizationErrors.GroupWithoutLeader, problem.Code);
        Assert.Contains("team", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LeaderPositionOptionalAndVacant_ReportsGroupWithoutLeader()
    {
        var builder = new OrganizationBuilder()
            .AddPerson(Ann, "Ann")
            .AddGroup(Team, "Team", "小组")
            .AddPosition(Team, Lead, "Lead", "组长", GroupRole.Leader, required: false)
            .AddPosition(Team, Member, "Member", "成员", GroupRole.Member)
            .Assign(Member, Ann);

        Assert.Equal([OrganizationErrors.GroupWithoutLeader], Codes(builder));
    }

    [Fact]
    public void Validate_RequiredPositionVacant_ReportsVacantRequiredPosition()
    {
        var builder = Minimal().AddPosition(Team, new PositionId("team.analyst"), "Analyst", "分析师", GroupRole.Member);

        var problem = Assert.Single(builder.Validate());

        Assert.Equal(OrganizationErrors.VacantRequiredPosition, problem.Code);
        Assert.Contains("team.analyst", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OptionalPositionVacant_IsFine()
        => Assert.Empty(Minimal().AddPosition(Team, new PositionId("team.analyst"), "Analyst", "分析师", GroupRole.Member, required: false).Validate());

    [Fact]
    public void Validate_HolderNotAmongThePeople_ReportsUnknownPerson()
    {
        var problem = Assert.Single(Minimal().Assign(Member, new PersonId("carol")).Validate());

        Assert.Equal(OrganizationErrors.UnknownPerson, problem.Code);
        Assert.Contains("carol", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PersonDefinedTwice_ReportsDuplicatePerson()
        => Assert.Equal([OrganizationErrors.DuplicatePerson], Codes(Minimal().AddPerson(Ann, "Ann again")));

    [Fact]
    public void Validate_SameHolderTwice_ReportsDuplicateHolder()
        => Assert.Equal([OrganizationErrors.DuplicateHolder], Codes(Minimal().Assign(Member, Bob)));

    [Fact]
    public void Validate_GroupDefinedTwice_ReportsDuplicateGroup()
    {
        var builder = Minimal()
            .AddGroup(Team, "Team again", "小组")
            .AddPosition(Team, new PositionId("team.lead2"), "Lead", "组长", GroupRole.Leader);

        Assert.Contains(OrganizationErrors.DuplicateGroup, Codes(builder));
    }

    [Fact]
    public void Validate_PositionDefinedTwice_ReportsDuplicatePosition()
    {
        var other = new GroupId("other");
        var builder = Minimal()
            .AddGroup(other, "Other", "其他")
            .AddPosition(other, Lead, "Lead", "组长", GroupRole.Leader, required: false)
            .AddPosition(other, new PositionId("other.lead"), "Lead", "组长", GroupRole.Leader)
            .Assign(new PositionId("other.lead"), Bob);

        Assert.Equal([OrganizationErrors.DuplicatePosition], Codes(builder));
    }

    [Fact]
    public void Validate_PositionInUnknownGroup_ReportsUnknownGroupOrPosition()
    {
        var problem = Assert.Single(Minimal().AddPosition(new GroupId("ghosts"), new PositionId("ghost"), "Ghost", "鬼", GroupRole.Member).Validate());

        Assert.Equal(OrganizationErrors.UnknownGroupOrPosition, problem.Code);
        Assert.Contains("ghosts", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AssignmentToUnknownPosition_ReportsUnknownGroupOrPosition()
    {
        var problem = Assert.Single(Minimal().Assign(new PositionId("nowhere"), Ann).Validate());

        Assert.Equal(OrganizationErrors.UnknownGroupOrPosition, problem.Code);
        Assert.Contains("nowhere", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DefaultIds_ReportInvalidId()
    {
        Assert.Equal([OrganizationErrors.InvalidId], Codes(Minimal().AddPerson(default, "Nobody")));
        Assert.Equal([OrganizationErrors.InvalidId], Codes(Minimal().Assign(Member, default)));
        Assert.Equal([OrganizationErrors.InvalidId], Codes(Minimal().AddPosition(Team, default, "Nothing", "无", GroupRole.Member, required: false)));
        Assert.Contains(OrganizationErrors.InvalidId, Codes(Minimal().AddGroup(default, "Nameless", "无名").AddPosition(default, new PositionId("x.lead"), "Lead", "组长", GroupRole.Leader).Assign(new PositionId("x.lead"), Ann)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public void Validate_BlankNamesAndTitles_ReportInvalidText(string blank)
    {
        Assert.Equal([OrganizationErrors.InvalidText], Codes(Minimal().AddPerson(new PersonId("carol"), blank)));
        Assert.Equal([OrganizationErrors.InvalidText], Codes(Minimal().AddPosition(Team, new PositionId("t.x"), blank, "职务", GroupRole.Member, required: false)));
        Assert.Equal([OrganizationErrors.InvalidText], Codes(Minimal().AddPosition(Team, new PositionId("t.x"), "Title", blank, GroupRole.Member, required: false)));
        Assert.Contains(OrganizationErrors.InvalidText, Codes(new OrganizationBuilder().AddPerson(Ann, "Ann").AddGroup(Team, blank, "小组").AddPosition(Team, Lead, "Lead", "组长", GroupRole.Leader).Assign(Lead, Ann)));
        Assert.Contains(OrganizationErrors.InvalidText, Codes(new OrganizationBuilder().AddPerson(Ann, "Ann").AddGroup(Team, "Team", blank).AddPosition(Team, Lead, "Lead", "组长", GroupRole.Leader).Assign(Lead, Ann)));
        Assert.Contains(OrganizationErrors.InvalidText, Codes(new OrganizationBuilder().AddPerson(Ann, "Ann").AddGroup(Team, "Team", "小组", "Work.", blank).AddPosition(Team, Lead, "Lead", "组长", GroupRole.Leader).Assign(Lead, Ann)));
    }

    [Theory]
    [InlineData("\u200B")]
    [InlineData("Ann\nSmith")]
    [InlineData("Ann\u0000")]
    [InlineData("Ann \u202Eretsim")]
    public void Validate_InvisibleOrControlCharactersInNamesAndTitles_ReportInvalidText(string bad)
    {
        Assert.Equal([OrganizationErrors.InvalidText], Codes(Minimal().AddPerson(new PersonId("carol"), bad)));
        Assert.Equal([OrganizationErrors.InvalidText], Codes(Minimal().AddPosition(Team, new PositionId("t.x"), bad, "职务", GroupRole.Member, required: false)));
        Assert.Empty(Codes(Minimal().AddPerson(new PersonId("carol"), "Ann Smith 安")));
    }

    [Fact]
    public void Validate_OversizedTexts_ReportInvalidText()
    {
        var name = new string('n', TextLimits.Name + 1);
        var duty = new string('d', TextLimits.Short + 1);

        Assert.Equal([OrganizationErrors.InvalidText], Codes(Minimal().AddPerson(new PersonId("carol"), name)));
        Assert.Equal([OrganizationErrors.InvalidText], Codes(Minimal().AddPosition(Team, new PositionId("t.x"), name, "职务", GroupRole.Member, required: false)));
        Assert.Equal([OrganizationErrors.InvalidText], Codes(new OrganizationBuilder().AddPerson(Ann, "Ann").AddGroup(Team, "Team", "小组", duty).AddPosition(Team, Lead, "Lead", "组长", GroupRole.Leader).Assign(Lead, Ann)));
        Assert.Empty(Codes(Minimal().AddPerson(new PersonId("carol"), new string('n', TextLimits.Name))));
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsThemAllAtOnce()
    {
        var builder = new OrganizationBuilder()
            .AddPerson(Ann, "Ann")
            .AddPerson(Ann, "Ann twice")
            .AddPerson(default, "No id")
            .AddGroup(Team, "Team", "小组")
            .AddPosition(Team, Member, "Member", "成员", GroupRole.Member)
            .AddPosition(Team, new PositionId("team.vacant"), "Vacant", "空缺", GroupRole.Member)
            .AddGroup(Team, " ", "小组")
            .AddPosition(new GroupId("ghosts"), new PositionId("ghost"), "Ghost", "鬼", GroupRole.Member)
            .Assign(Member, Ann)
            .Assign(Member, Ann)
            .Assign(Member, new PersonId("carol"))
            .Assign(new PositionId("nowhere"), Ann);

        var problems = builder.Validate();
        var error = builder.Build().AsT1;

        Assert.Equal(
            new[]
            {
                OrganizationErrors.DuplicatePerson, OrganizationErrors.InvalidId, OrganizationErrors.VacantRequiredPosition,
                OrganizationErrors.DuplicateHolder, OrganizationErrors.UnknownPerson, OrganizationErrors.GroupWithoutLeader,
                OrganizationErrors.DuplicateGroup, OrganizationErrors.InvalidText, OrganizationErrors.GroupWithoutLeader,
                OrganizationErrors.UnknownGroupOrPosition, OrganizationErrors.UnknownGroupOrPosition,
            }.Order(StringComparer.Ordinal),
            problems.Select(p => p.Code).Order(StringComparer.Ordinal));
        Assert.Equal(OrganizationErrors.Invalid, error.Code);
        Assert.Equal(problems, error.Details);
        Assert.Contains(problems.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
    }

    [Fact]
    public void Build_SeedTemplateWithoutPeople_ReportsEveryVacantPositionAndLeaderlessGroup()
    {
        var problems = OrganizationTemplates.Seed().Validate();

        Assert.Equal(17, problems.Count(p => p.Code == OrganizationErrors.VacantRequiredPosition));
        Assert.Equal(4, problems.Count(p => p.Code == OrganizationErrors.GroupWithoutLeader));
        Assert.Equal(21, problems.Count);
    }

    [Fact]
    public void Build_UserDefinedGroupAndPosition_AreUsableLikeTheSeedOnes()
    {
        var crisis = new GroupId("crisis-team");
        var spokesperson = new PositionId("crisis.spokesperson");
        var organization = Scenario.SeedBuilderWithPeople()
            .AddPerson(new PersonId("zhao"), "Zhao Lei")
            .AddGroup(crisis, "Crisis Communication Team", "危机沟通组", "Speak for the company in a crisis.")
            .AddPosition(crisis, new PositionId("crisis.leader"), "Crisis Lead", "组长", GroupRole.Leader, Departments.PublicRelations)
            .AddPosition(crisis, spokesperson, "Spokesperson", "发言人", GroupRole.Member, "Communications")
            .Assign(new PositionId("crisis.leader"), People.HeadOfPublicRelations)
            .Assign(spokesperson, new PersonId("zhao"))
            .Build().AsT0;

        var group = organization.FindGroup(crisis)!;
        Assert.Equal(["Speak for the company in a crisis."], group.Duties);
        Assert.Equal(5, organization.Groups.Count);
        Assert.Equal([new Membership(crisis, spokesperson, GroupRole.Member, "Communications")], organization.MembershipsOf(new PersonId("zhao")));
        Assert.Equal([People.HeadOfPublicRelations], organization.LeadersOf(crisis));
        Assert.True(organization.HoldsRole(People.HeadOfPublicRelations, crisis, GroupRole.Leader));
        Assert.True(organization.HoldsRole(People.HeadOfPublicRelations, WellKnownGroups.LeadingGroup, GroupRole.Member));
    }

    [Fact]
    public void Builder_NullArguments_ThrowArgumentNullException()
    {
        var builder = new OrganizationBuilder();

        Assert.Throws<ArgumentNullException>(() => builder.AddPerson(Ann, null!));
        Assert.Throws<ArgumentNullException>(() => builder.AddGroup(Team, null!, "小组"));
        Assert.Throws<ArgumentNullException>(() => builder.AddGroup(Team, "Team", null!));
        Assert.Throws<ArgumentNullException>(() => builder.AddGroup(Team, "Team", "小组", (IEnumerable<string>)null!));
        Assert.Throws<ArgumentNullException>(() => builder.AddPosition(Team, Lead, null!, "组长", GroupRole.Leader));
        Assert.Throws<ArgumentNullException>(() => builder.AddPosition(Team, Lead, "Lead", null!, GroupRole.Leader));
        Assert.ThrowsAny<ArgumentException>(() => builder.AddPosition(Team, Lead, "Lead", "组长", (GroupRole)7));
        Assert.Equal([OrganizationErrors.NoGroups], Codes(builder));
    }

    [Fact]
    public void Build_ChangingTheBuilderAfterwards_DoesNotChangeTheOrganization()
    {
        var builder = Minimal();
        var organization = builder.Build().AsT0;

        builder.AddPerson(new PersonId("carol"), "Carol").Assign(Member, new PersonId("carol"));

        Assert.Equal(2, organization.People.Count);
        Assert.Equal([Bob], organization.FindGroup(Team)!.HoldersOf(GroupRole.Member));
        Assert.False(organization.Knows(new PersonId("carol")));
    }

    [Fact]
    public void Queries_DefaultOrUnknownIds_AnswerNothing()
    {
        var organization = Minimal().Build().AsT0;

        Assert.False(organization.Knows(default));
        Assert.Null(organization.FindPerson(default));
        Assert.Null(organization.FindPerson(new PersonId("carol")));
        Assert.Null(organization.FindGroup(default));
        Assert.Null(organization.FindGroup(new GroupId("ghosts")));
        Assert.Empty(organization.MembershipsOf(default));
        Assert.Empty(organization.LeadersOf(new GroupId("ghosts")));
        Assert.False(organization.IsMemberOf(Bob, new GroupId("ghosts")));
        Assert.False(organization.HoldsRole(Bob, Team, GroupRole.Leader));
        Assert.True(organization.HoldsRole(Bob, Team, GroupRole.Member, GroupRole.Leader));
        Assert.Equal("Ann", organization.FindPerson(Ann)!.Name);
    }

    private static OrganizationBuilder Minimal()
        => new OrganizationBuilder()
            .AddPerson(Ann, "Ann")
            .AddPerson(Bob, "Bob")
            .AddGroup(Team, "Team", "小组", "Do the work.")
            .AddPosition(Team, Lead, "Lead", "组长", GroupRole.Leader)
            .AddPosition(Team, Member, "Member", "成员", GroupRole.Member)
            .Assign(Lead, Ann)
            .Assign(Member, Bob);

    private static string[] Codes(OrganizationBuilder builder) => [.. builder.Validate().Select(p => p.Code)];
}
