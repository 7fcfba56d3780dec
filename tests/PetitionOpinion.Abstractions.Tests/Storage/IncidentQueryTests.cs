using PetitionOpinion.Incidents;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Tests.Storage;

/// <summary>The petitioner filter: any of the pseudonyms, exactly; bounded; the summary's pseudonyms split at spaces.</summary>
public sealed class IncidentQueryTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, new[] { "a" }, false)]
    [InlineData("a", new[] { "a" }, true)]
    [InlineData("a b", new[] { "b" }, true)]
    [InlineData("a b", new[] { "c", "a" }, true)]
    [InlineData("ab", new[] { "a" }, false)]
    [InlineData("a", new[] { "A" }, false)]
    [InlineData("a", new string[0], false)]
    public void Matches_ByPetitioner_AnyPseudonymExactly(string? keys, string[] wanted, bool matches)
        => Assert.Equal(matches, new IncidentQuery { ByPetitioner = wanted }.Matches(Summary(keys)));

    [Fact]
    public void Matches_NoPetitionerFilter_MatchesWithOrWithoutPseudonyms()
    {
        Assert.True(new IncidentQuery().Matches(Summary(null)));
        Assert.True(new IncidentQuery().Matches(Summary("a b")));
    }

    [Fact]
    public void PetitionerKeys_SplitAtSpaces_EmptyWithout()
    {
        Assert.Equal(["a", "b"], Summary("a b").PetitionerKeys);
        Assert.Empty(Summary(null).PetitionerKeys);
    }

    [Fact]
    public void Problem_PetitionerFilterOutOfRange_IsNamedWithoutThePseudonyms()
    {
        Assert.Null(new IncidentQuery { ByPetitioner = [.. Enumerable.Range(0, IncidentQuery.MaxPetitionerKeys).Select(i => $"k{i}")] }.Problem());
        Assert.Contains("at most 64", new IncidentQuery { ByPetitioner = [.. Enumerable.Range(0, IncidentQuery.MaxPetitionerKeys + 1).Select(i => $"k{i}")] }.Problem(), StringComparison.Ordinal);
        var spaced = new IncidentQuery { ByPetitioner = ["secret key"] }.Problem();
        Assert.NotNull(spaced);
        Assert.DoesNotContain("secret", spaced, StringComparison.Ordinal);
        Assert.NotNull(new IncidentQuery { ByPetitioner = [string.Empty] }.Problem());
    }

    private static IncidentSummary Summary(string? keys)
        => new(new IncidentId(Guid.NewGuid()), IncidentKind.Petition, IntakeChannel.Hotline, RiskCategory.DataPrivacy, IncidentState.Reported, null, At, At, null, 1, PetitionerKey: keys);
}
