namespace PetitionOpinion.Tests.Identifiers;

public sealed class PersonIdTests
{
    [Theory]
    [InlineData("cs-rep-1")]
    [InlineData("wang.fang@example.com")]
    [InlineData("system:opinion-monitor")]
    [InlineData("王芳")]
    [InlineData("a")]
    public void Constructor_ValidText_KeepsValue(string text)
    {
        var id = new PersonId(text);

        Assert.Equal(text, id.Value);
        Assert.Equal(text, id.ToString());
        Assert.False(id.IsEmpty);
        Assert.Equal(id, PersonId.From(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("cs rep")]
    [InlineData("cs/rep")]
    [InlineData("cs-rep\n")]
    public void Constructor_InvalidText_ThrowsArgumentExceptionNamingTheProblem(string? text)
    {
        var error = Assert.Throws<ArgumentException>(() => new PersonId(text!));

        Assert.Equal("value", error.ParamName);
        Assert.Contains("not a valid identifier", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => PersonId.From(text!));
    }

    [Fact]
    public void Constructor_LengthAtAndOverTheLimit_AcceptsTheLimitOnly()
    {
        Assert.Equal(IdentifierRules.MaxLength, new PersonId(new string('p', IdentifierRules.MaxLength)).Value.Length);
        Assert.Throws<ArgumentException>(() => new PersonId(new string('p', IdentifierRules.MaxLength + 1)));
    }

    [Fact]
    public void Default_IsEmptyAndNamesNobody()
    {
        var id = default(PersonId);

        Assert.True(id.IsEmpty);
        Assert.Equal(string.Empty, id.Value);
        Assert.Equal(string.Empty, id.ToString());
        Assert.NotEqual(new PersonId("a"), id);
    }

    [Fact]
    public void Equality_IsOrdinalAndCaseSensitive()
    {
        Assert.Equal(new PersonId("gm"), new PersonId("gm"));
        Assert.Equal(new PersonId("gm").GetHashCode(), new PersonId("gm").GetHashCode());
        Assert.NotEqual(new PersonId("gm"), new PersonId("GM"));
        Assert.True(new PersonId("gm") == PersonId.From("gm"));
    }

    [Theory]
    [InlineData("zhang.wei")]
    [InlineData("张伟")]
    public void TryParse_ValidText_GivesTheSameIdAsFrom(string text)
    {
        Assert.True(PersonId.TryParse(text, out var id));
        Assert.Equal(PersonId.From(text), id);
        Assert.True(GroupId.TryParse(text, out var group));
        Assert.Equal(GroupId.From(text), group);
        Assert.True(PositionId.TryParse(text, out var position));
        Assert.Equal(PositionId.From(text), position);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Zhang Wei")]
    [InlineData("a\u202Eb")]
    public void TryParse_InvalidText_ReturnsFalseWhereFromThrows(string? text)
    {
        Assert.False(PersonId.TryParse(text, out var id));
        Assert.True(id.IsEmpty);
        Assert.False(GroupId.TryParse(text, out _));
        Assert.False(PositionId.TryParse(text, out _));
        Assert.NotNull(IdentifierRules.Explain(text));
        Assert.ThrowsAny<ArgumentException>(() => PersonId.From(text!));
    }
}
