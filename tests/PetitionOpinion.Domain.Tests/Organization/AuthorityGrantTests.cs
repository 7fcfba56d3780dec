using PetitionOpinion.Organization;

namespace PetitionOpinion.Tests.Organization;

/// <summary>The text form of <see cref="AuthorityGrant"/>: parsing, round trips and malformed input.</summary>
public sealed class AuthorityGrantTests
{
    public static TheoryData<AuthorityGrant> Grants => new(
        AuthorityGrant.Anyone,
        AuthorityGrant.LeaderOfAnyGroup,
        AuthorityGrant.AssigneeGroup,
        AuthorityGrant.DepartmentMembers("Legal"),
        AuthorityGrant.DepartmentMembers("Public Relations"),
        AuthorityGrant.GroupMembers(WellKnownGroups.LeadingGroup),
        AuthorityGrant.GroupMembers(WellKnownGroups.LeadingGroup, GroupRole.Leader),
        AuthorityGrant.GroupMembers(new GroupId("crisis-team"), GroupRole.Leader, GroupRole.DeputyLeader),
        AuthorityGrant.GroupMembers(new GroupId("crisis-team"), GroupRole.Member));

    [Theory]
    [MemberData(nameof(Grants))]
    public void TryParse_ToStringOfAnyGrant_RoundTrips(AuthorityGrant grant)
    {
        var ok = AuthorityGrant.TryParse(grant.ToString(), out var parsed, out var problem);

        Assert.True(ok, problem);
        Assert.Null(problem);
        Assert.Equal(grant, parsed);
        Assert.Equal(grant.GetHashCode(), parsed!.GetHashCode());
        Assert.Equal(grant.ToString(), parsed.ToString());
    }

    [Theory]
    [InlineData("anyone", GrantKind.Anyone)]
    [InlineData("  anyone  ", GrantKind.Anyone)]
    [InlineData("leader-of-any-group", GrantKind.LeaderOfAnyGroup)]
    [InlineData("assignee-group", GrantKind.AssigneeGroup)]
    [InlineData("department:Legal", GrantKind.Department)]
    [InlineData("group:leading-group", GrantKind.Group)]
    [InlineData("group:leading-group:leader", GrantKind.Group)]
    public void TryParse_WellFormedText_GivesTheKind(string text, GrantKind kind)
    {
        Assert.True(AuthorityGrant.TryParse(text, out var grant, out _));
        Assert.Equal(kind, grant!.Kind);
    }

    [Fact]
    public void TryParse_GroupWithRoles_KeepsTheRolesWhateverTheirOrder()
    {
        AuthorityGrant.TryParse("group:opinion-monitoring-group:leader,deputy", out var a, out _);
        AuthorityGrant.TryParse("group:opinion-monitoring-group: deputy , leader, leader", out var b, out _);

        Assert.Equal(a, b);
        Assert.Equal(WellKnownGroups.OpinionMonitoringGroup, a!.Group);
        Assert.Equal([GroupRole.DeputyLeader, GroupRole.Leader], a.Roles.AsEnumerable());
        Assert.Equal(AuthorityGrant.GroupMembers(WellKnownGroups.OpinionMonitoringGroup, GroupRole.Leader, GroupRole.DeputyLeader), a);
    }

    [Fact]
    public void TryParse_GroupWithEveryRole_EqualsTheWholeGroup()
    {
        AuthorityGrant.TryParse("group:team:member,deputy,leader", out var grant, out _);

        Assert.Equal(AuthorityGrant.GroupMembers(new GroupId("team")), grant);
        Assert.Equal(AuthorityGrant.GroupMembers(new GroupId("team"), GroupRole.Leader, GroupRole.Member, GroupRole.DeputyLeader), grant);
        Assert.Equal("group:team", grant!.ToString());
    }

    [Fact]
    public void TryParse_Department_KeepsTheName()
    {
        AuthorityGrant.TryParse("department:Legal", out var grant, out _);

        Assert.Equal("Legal", grant!.Department);
        Assert.NotEqual(AuthorityGrant.DepartmentMembers("Marketing"), grant);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("everyone")]
    [InlineData("Anyone")]
    [InlineData("group:")]
    [InlineData("group:bad id")]
    [InlineData("group:a:leader:extra")]
    [InlineData("group:team:boss")]
    [InlineData("group:team:")]
    [InlineData("group:team:leader,,member")]
    [InlineData("department:")]
    [InlineData("department:   ")]
    [InlineData("leader-of-any-group:x")]
    public void TryParse_MalformedText_FailsWithAProblem(string? text)
    {
        var ok = AuthorityGrant.TryParse(text, out var grant, out var problem);

        Assert.False(ok);
        Assert.Null(grant);
        Assert.False(string.IsNullOrWhiteSpace(problem));
    }

    [Fact]
    public void Factories_BadArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => AuthorityGrant.GroupMembers(default));
        Assert.Throws<ArgumentNullException>(() => AuthorityGrant.DepartmentMembers(null!));
        Assert.Throws<ArgumentException>(() => AuthorityGrant.DepartmentMembers(" "));
    }
}
