using PetitionOpinion.Assessment;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Tests.Assessment;

/// <summary><see cref="RiskFacts"/>: bad input gets a clear error naming the fact; a facts value that exists is valid.</summary>
public sealed class RiskFactsTests
{
    private static readonly RiskFacts Valid = new() { Category = RiskCategory.DataPrivacy };

    [Theory]
    [InlineData(nameof(RiskFacts.Complainants), -1)]
    [InlineData(nameof(RiskFacts.Reach), -1)]
    [InlineData(nameof(RiskFacts.PersonalDataRecordsAffected), -1)]
    [InlineData(nameof(RiskFacts.Injuries), -1)]
    [InlineData(nameof(RiskFacts.Deaths), -1)]
    [InlineData(nameof(RiskFacts.PriorPetitionsWithin90Days), -1)]
    [InlineData(nameof(RiskFacts.Reach), long.MinValue)]
    [InlineData(nameof(RiskFacts.Complainants), long.MinValue)]
    public void Init_NegativeCount_ThrowsNamingTheFact(string fact, long value)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RiskRuleSetProperties.With(Valid, Enum.Parse<RiskFact>(fact), value));

        Assert.Equal(fact, error.ParamName);
        Assert.Contains(fact, error.Message, StringComparison.Ordinal);
        Assert.Contains("negative", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(-0.01)]
    [InlineData(1.0000001)]
    [InlineData(-1)]
    [InlineData(60)]
    public void Init_NegativeShareOutside0To1_ThrowsNamingTheFact(double value)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Valid with { NegativeShare = value });

        Assert.Equal(nameof(RiskFacts.NegativeShare), error.ParamName);
        Assert.Contains("from 0 to 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(-1.0000001)]
    [InlineData(1.0000001)]
    [InlineData(-2)]
    public void Init_SentimentOutsideMinus1To1_ThrowsNamingTheFact(double value)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Valid with { Sentiment = value });

        Assert.Equal(nameof(RiskFacts.Sentiment), error.ParamName);
        Assert.Contains("from -1 to 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_ValuesAtTheirBounds_AreAccepted()
    {
        var facts = Valid with { NegativeShare = 0, Sentiment = -1, Complainants = 0, Reach = long.MaxValue };
        var other = Valid with { NegativeShare = 1, Sentiment = 1, Numbers = new Dictionary<string, double> { ["x"] = -1e300 } };

        Assert.Equal(0, facts.NegativeShare);
        Assert.Equal(-1, facts.Sentiment);
        Assert.Equal(0, facts.Complainants);
        Assert.Equal(long.MaxValue, facts.Reach);
        Assert.Equal(1, other.NegativeShare);
        Assert.Equal(1, other.Sentiment);
        Assert.Equal(-1e300, other.GetNumber("x"));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Init_NonFiniteCustomNumber_ThrowsNamingTheKey(double value)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Valid with { Numbers = new Dictionary<string, double> { ["ok"] = 1, ["refund-amount"] = value } });

        Assert.Equal(nameof(RiskFacts.Numbers), error.ParamName);
        Assert.Contains("'refund-amount'", error.Message, StringComparison.Ordinal);
        Assert.Contains("finite", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("semi;colon")]
    [InlineData("a,b")]
    public void Init_InvalidCustomKey_ThrowsNamingTheKey(string key)
    {
        var numbers = Assert.Throws<ArgumentException>(() => Valid with { Numbers = new Dictionary<string, double> { [key] = 1 } });
        var flags = Assert.Throws<ArgumentException>(() => Valid with { Flags = new HashSet<string> { "fine", key } });

        Assert.Equal(nameof(RiskFacts.Numbers), numbers.ParamName);
        Assert.Contains($"'{key}'", numbers.Message, StringComparison.Ordinal);
        Assert.Equal(nameof(RiskFacts.Flags), flags.ParamName);
        Assert.Contains($"'{key}'", flags.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_NullCustomFacts_Throw()
    {
        Assert.Equal(nameof(RiskFacts.Numbers), Assert.Throws<ArgumentNullException>(() => Valid with { Numbers = null! }).ParamName);
        Assert.Equal(nameof(RiskFacts.Flags), Assert.Throws<ArgumentNullException>(() => Valid with { Flags = null! }).ParamName);
    }

    [Fact]
    public void Init_CustomFacts_AreCopiedAndReadByKey()
    {
        var numbers = new Dictionary<string, double> { ["vip-score"] = 7.5 };
        var flags = new HashSet<string> { "vip-customer" };
        var facts = Valid with { Numbers = numbers, Flags = flags };
        numbers["vip-score"] = 100;
        flags.Add("other");

        Assert.Equal(7.5, facts.GetNumber("vip-score"));
        Assert.Equal(0, facts.GetNumber("absent"));
        Assert.True(facts.HasFlag("vip-customer"));
        Assert.False(facts.HasFlag("other"));
        Assert.False(facts.HasFlag("VIP-CUSTOMER"));
    }

    [Fact]
    public void Equals_SameValuesAndCustomFacts_AreEqual()
    {
        var one = Valid with { Reach = 5, Numbers = new Dictionary<string, double> { ["a"] = 1, ["b"] = 2 }, Flags = new HashSet<string> { "x" } };
        var two = Valid with { Reach = 5, Numbers = new Dictionary<string, double> { ["b"] = 2, ["a"] = 1 }, Flags = new HashSet<string> { "x" } };

        Assert.Equal(one, two);
        Assert.Equal(one.GetHashCode(), two.GetHashCode());
        Assert.NotEqual(one, two with { Numbers = new Dictionary<string, double> { ["a"] = 1, ["b"] = 3 } });
        Assert.NotEqual(one, two with { Flags = new HashSet<string> { "y" } });
        Assert.NotEqual(one, two with { MinorsOrVulnerable = true });
    }

    [Fact]
    public void Get_UndefinedFactOrFlag_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Valid.Get((RiskFact)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => Valid.Get((RiskFlag)99));
        Assert.Equal(1, Valid.Get(RiskFact.Complainants));
    }

    [Fact]
    public void Conditions_InvalidThresholdOrKey_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RiskCondition.Numeric(RiskFact.Reach, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => RiskCondition.Numeric("refund-amount", double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => RiskCondition.Numeric("Reach", 1));
        Assert.Throws<ArgumentException>(() => RiskCondition.Flag("NationalTrending"));
        Assert.Throws<ArgumentException>(() => RiskCondition.Flag("has space"));
        Assert.Throws<ArgumentException>(() => new RiskRule("r", "d", "s", [], RiskRuleEffect.RaiseOneLevel()));
        Assert.Throws<ArgumentException>(() => new RiskRule("r", "d", "s", [RiskCondition.Flag(RiskFlag.Litigation)], default));
        Assert.Throws<ArgumentException>(() => new RiskRule("r", "d", "s", [RiskCondition.Flag(RiskFlag.Litigation)], RiskRuleEffect.AtLeast((SeverityLevel)5)));
        Assert.Throws<ArgumentException>(() => new RiskRule("bad id", "d", "s", [RiskCondition.Flag(RiskFlag.Litigation)], RiskRuleEffect.RaiseOneLevel()));
    }
}
