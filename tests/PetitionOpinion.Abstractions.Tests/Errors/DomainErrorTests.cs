namespace PetitionOpinion.Tests.Errors;

public sealed class DomainErrorTests
{
    [Fact]
    public void Constructor_CodeAndMessage_KeepsThemWithNoDetails()
    {
        var error = new DomainError("incident.transition_not_allowed", "Resolve is not allowed while Reported.");

        Assert.Equal("incident.transition_not_allowed", error.Code);
        Assert.Equal("Resolve is not allowed while Reported.", error.Message);
        Assert.Empty(error.Details);
        Assert.Equal(["incident.transition_not_allowed"], error.AllCodes);
        Assert.Equal("incident.transition_not_allowed: Resolve is not allowed while Reported.", error.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Constructor_BlankCodeOrMessage_ThrowsArgumentException(string blank)
    {
        Assert.Throws<ArgumentException>(() => new DomainError(blank, "message"));
        Assert.Throws<ArgumentException>(() => new DomainError("code", blank));
    }

    [Fact]
    public void Constructor_NullCodeOrMessage_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => new DomainError(null!, "message"));
        Assert.Throws<ArgumentNullException>(() => new DomainError("code", null!));
    }

    [Fact]
    public void AllCodes_NestedDetails_ListsEveryCodeOuterFirst()
    {
        var inner = new DomainError("c.inner", "Inner.", [new DomainError("d.one", "One."), new DomainError("d.two", "Two.")]);
        var error = new DomainError("a.outer", "Outer.", [new DomainError("b.first", "First."), inner]);

        Assert.Equal(["a.outer", "b.first", "c.inner", "d.one", "d.two"], error.AllCodes);
        Assert.Equal("a.outer: Outer. [b.first: First.; c.inner: Inner. [d.one: One.; d.two: Two.]]", error.ToString());
    }

    [Fact]
    public void Equality_ComparesCodeMessageAndDetails()
    {
        DomainError Make(string detail) => new("x.y", "Message.", [new DomainError(detail, "Detail.")]);

        Assert.Equal(Make("a.b"), Make("a.b"));
        Assert.Equal(Make("a.b").GetHashCode(), Make("a.b").GetHashCode());
        Assert.NotEqual(Make("a.b"), Make("a.c"));
        Assert.NotEqual(new DomainError("x.y", "Message."), Make("a.b"));
        Assert.NotEqual(new DomainError("x.y", "Message."), new DomainError("x.y", "Other."));
        Assert.NotEqual(new DomainError("x.y", "Message."), new DomainError("x.z", "Message."));
        Assert.False(new DomainError("x.y", "Message.").Equals(null));
    }

    [Fact]
    public void Details_NullGiven_IsEmpty() => Assert.Empty(new DomainError("x.y", "Message.", null).Details);
}
