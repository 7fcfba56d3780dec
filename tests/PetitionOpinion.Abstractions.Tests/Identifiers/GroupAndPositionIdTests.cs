namespace PetitionOpinion.Tests.Identifiers;

public sealed class GroupAndPositionIdTests
{
    [Theory]
    [InlineData("leading-group")]
    [InlineData("leading.deputy.customer-service")]
    [InlineData("组_1")]
    public void Constructors_ValidText_KeepValue(string text)
    {
        Assert.Equal(text, new GroupId(text).Value);
        Assert.Equal(text, GroupId.From(text).ToString());
        Assert.Equal(text, new PositionId(text).Value);
        Assert.Equal(text, PositionId.From(text).ToString());
        Assert.False(new GroupId(text).IsEmpty);
        Assert.False(new PositionId(text).IsEmpty);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("\t")]
    [InlineData("leading group")]
    [InlineData("leading#group")]
    public void Constructors_InvalidText_Throw(string? text)
    {
        Assert.Throws<ArgumentException>(() => new GroupId(text!));
        Assert.Throws<ArgumentException>(() => GroupId.From(text!));
        Assert.Throws<ArgumentException>(() => new PositionId(text!));
        Assert.Throws<ArgumentException>(() => PositionId.From(text!));
    }

    [Fact]
    public void Constructors_OverTheLengthLimit_Throw()
    {
        var text = new string('g', IdentifierRules.MaxLength + 1);

        Assert.Throws<ArgumentException>(() => new GroupId(text));
        Assert.Throws<ArgumentException>(() => new PositionId(text));
    }

    [Fact]
    public void Defaults_AreEmpty()
    {
        Assert.True(default(GroupId).IsEmpty);
        Assert.Equal(string.Empty, default(GroupId).Value);
        Assert.True(default(PositionId).IsEmpty);
        Assert.Equal(string.Empty, default(PositionId).ToString());
    }

    [Fact]
    public void Equality_IsByValueAndCaseSensitive()
    {
        Assert.Equal(new GroupId("team"), GroupId.From("team"));
        Assert.NotEqual(new GroupId("team"), new GroupId("Team"));
        Assert.Equal(new PositionId("team.lead"), PositionId.From("team.lead"));
        Assert.NotEqual(new PositionId("team.lead"), new PositionId("team.Lead"));
    }
}
