namespace PetitionOpinion.Tests.Identifiers;

public sealed class PersonIdTests
{
    [Fact]
    public void Constructor_ValidText_KeepsValue() => Assert.Equal("cs-rep-1", new PersonId("cs-rep-1").Value);
}
