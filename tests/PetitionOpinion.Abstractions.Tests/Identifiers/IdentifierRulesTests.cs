namespace PetitionOpinion.Tests.Identifiers;

public sealed class IdentifierRulesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("A-b_c.d@e:f")]
    [InlineData("0123456789")]
    [InlineData("客服代表")]
    public void Explain_ValidIdentifier_ReturnsNull(string text) => Assert.Null(IdentifierRules.Explain(text));

    [Fact]
    public void Explain_ExactlyMaxLength_ReturnsNull() => Assert.Null(IdentifierRules.Explain(new string('x', IdentifierRules.MaxLength)));

    [Fact]
    public void MaxLength_Is64() => Assert.Equal(64, IdentifierRules.MaxLength);

    [Theory]
    [InlineData(null, "white space")]
    [InlineData("", "white space")]
    [InlineData("  ", "white space")]
    [InlineData("a b", "' '")]
    [InlineData("a/b", "'/'")]
    [InlineData("a#", "'#'")]
    [InlineData("a+b", "'+'")]
    public void Explain_InvalidIdentifier_NamesTheProblem(string? text, string expected)
    {
        var problem = IdentifierRules.Explain(text);

        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_TooLong_GivesTheLimitAndTheLength()
    {
        var problem = IdentifierRules.Explain(new string('x', 70));

        Assert.Contains("64", problem, StringComparison.Ordinal);
        Assert.Contains("70", problem, StringComparison.Ordinal);
    }
}
