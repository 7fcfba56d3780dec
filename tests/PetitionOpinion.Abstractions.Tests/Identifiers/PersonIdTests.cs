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
}
