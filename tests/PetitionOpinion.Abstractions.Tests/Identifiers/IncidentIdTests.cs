namespace PetitionOpinion.Tests.Identifiers;

public sealed class IncidentIdTests
{
    private static readonly Guid Sample = Guid.Parse("0190a5b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b");

    [Fact]
    public void Default_IsEmpty()
    {
        Assert.True(default(IncidentId).IsEmpty);
        Assert.True(new IncidentId(Guid.Empty).IsEmpty);
        Assert.False(new IncidentId(Sample).IsEmpty);
    }

    [Fact]
    public void ToString_IsTheCanonicalGuidText()
    {
        var id = new IncidentId(Sample);

        Assert.Equal("0190a5b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b", id.ToString());
        Assert.Equal("0190a5b27c3d7e4f8a9b0c1d2e3f4a5b", id.ToString("N", null));
        Assert.Equal(id.ToString(), id.ToString(null, null));
        Assert.Equal("id 0190a5b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b", FormattableString.Invariant($"id {id}"));
    }

    [Fact]
    public void TryParse_ToString_RoundTrips()
    {
        var id = new IncidentId(Sample);

        Assert.True(IncidentId.TryParse(id.ToString(), out var parsed));
        Assert.Equal(id, parsed);
        Assert.True(IncidentId.TryParse(id.ToString("N", null), out var fromN));
        Assert.Equal(id, fromN);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-guid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public void TryParse_InvalidOrEmpty_FailsWithDefault(string? text)
    {
        Assert.False(IncidentId.TryParse(text, out var id));
        Assert.True(id.IsEmpty);
    }

    [Fact]
    public void TryFormat_EnoughSpace_WritesTheCanonicalText()
    {
        var id = new IncidentId(Sample);
        Span<char> buffer = stackalloc char[64];

        Assert.True(id.TryFormat(buffer, out var written, default, null));
        Assert.Equal(id.ToString(), buffer[..written].ToString());
        Assert.True(id.TryFormat(buffer, out written, "N", null));
        Assert.Equal(32, written);
    }

    [Fact]
    public void TryFormat_TooLittleSpace_Fails()
    {
        Span<char> buffer = stackalloc char[10];

        Assert.False(new IncidentId(Sample).TryFormat(buffer, out _, default, null));
    }

    [Fact]
    public void Equality_IsByValue()
    {
        Assert.Equal(new IncidentId(Sample), new IncidentId(Guid.Parse(Sample.ToString())));
        Assert.NotEqual(new IncidentId(Sample), new IncidentId(Guid.NewGuid()));
    }

    [Fact]
    public void From_AGuid_IsTheIdOfThatGuid()
    {
        Assert.Equal(new IncidentId(Sample), IncidentId.From(Sample));
    }

    [Fact]
    public void From_TheEmptyGuid_ThrowsAsAProgrammerError()
    {
        Assert.Throws<ArgumentException>(() => IncidentId.From(Guid.Empty));
    }

    [Fact]
    public void Parse_TheCanonicalText_RoundTrips()
    {
        var id = new IncidentId(Sample);

        Assert.Equal(id, IncidentId.Parse(id.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("not an id, and a rather long text at that, longer than any GUID")]
    public void Parse_NotAnId_ThrowsFormatExceptionQuotingAtMostAGuidsLength(string text)
    {
        var e = Assert.Throws<FormatException>(() => IncidentId.Parse(text));

        Assert.False(IncidentId.TryParse(text, out _));
        Assert.DoesNotContain("rather long text at that", e.Message, StringComparison.Ordinal);
    }
}
