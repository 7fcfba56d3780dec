using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Deadlines;

/// <summary>
/// Issue 18, typed deadline keys: one type makes and reads a deadline's key, and its text form is exactly the one recorded
/// alerts and notification de-duplication keys have always stored.
/// </summary>
public sealed class DeadlineKeyProperties
{
    public static TheoryData<string> Unknown =>
    [
        "", " acknowledge", "acknowledge ", "Acknowledge", "resolution-1", "resolution-0", "resolution-01", "directive-0",
        "directive-01", "directive--1", "directive-+1", "directive-", "directive", "directive-1x", "directive-99999999999",
        "status-update", "status-update-x", "review-decision-0", "first_statement", "something-else", "-1", "assessment-2",
        "acceptance-notice-1", "directive-١",
    ];

    [Theory]
    [InlineData("acknowledge", DeadlineKind.Acknowledge, 0)]
    [InlineData("assessment", DeadlineKind.AssessmentDone, 0)]
    [InlineData("first-statement", DeadlineKind.FirstPublicStatement, 0)]
    [InlineData("resolution", DeadlineKind.Resolution, 1)]
    [InlineData("resolution-2", DeadlineKind.Resolution, 2)]
    [InlineData("status-update-14", DeadlineKind.StatusUpdate, 14)]
    [InlineData("acceptance-notice", DeadlineKind.AcceptanceNotice, 0)]
    [InlineData("handling-opinion", DeadlineKind.HandlingOpinion, 0)]
    [InlineData("review-decision-1", DeadlineKind.ReviewDecision, 1)]
    [InlineData("directive-3", DeadlineKind.Directive, 3)]
    public void Parse_EveryStoredForm_RoundTripsExactly(string text, DeadlineKind kind, int number)
    {
        var key = DeadlineKey.Parse(text);

        Assert.Equal((kind, number), (key.Kind, key.Number));
        Assert.Equal(text, key.ToString());
    }

    [Theory]
    [MemberData(nameof(Unknown))]
    public void TryParse_UnknownOrOtherwiseSpelt_IsRefused(string text)
    {
        Assert.False(DeadlineKey.TryParse(text, out var key));
        Assert.Equal(default, key);
        Assert.Throws<FormatException>(() => DeadlineKey.Parse(text));
    }

    [Fact]
    public void Factories_NameTheKeysTheEngineUses()
    {
        Assert.Equal("resolution", DeadlineKey.Resolution().ToString());
        Assert.Equal("resolution-3", DeadlineKey.Resolution(3).ToString());
        Assert.Equal("directive-12", DeadlineKey.Directive(new DirectiveId(12)).ToString());
        Assert.Equal(new DirectiveId(12), DeadlineKey.Directive(new DirectiveId(12)).DirectiveId);
        Assert.Null(DeadlineKey.Resolution().DirectiveId);
        Assert.Equal(string.Empty, default(DeadlineKey).ToString());
        Assert.False(DeadlineKey.TryParse(null, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => DeadlineKey.Resolution(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => DeadlineKey.StatusUpdate(-1));
    }

    [Property(MaxTest = 1_000)]
    public void ToString_AnyKey_ParsesBackToTheSameKey(PositiveInt number, byte kindSeed)
    {
        var n = number.Get;
        var key = (kindSeed % 10) switch
        {
            0 => DeadlineKey.Acknowledge,
            1 => DeadlineKey.AssessmentDone,
            2 => DeadlineKey.FirstPublicStatement,
            3 => DeadlineKey.AcceptanceNotice,
            4 => DeadlineKey.HandlingOpinion,
            5 => DeadlineKey.Resolution(n),
            6 => DeadlineKey.StatusUpdate(n),
            7 => DeadlineKey.ReviewDecision(n),
            _ => DeadlineKey.Directive(new DirectiveId(n)),
        };

        Assert.Equal(key, DeadlineKey.Parse(key.ToString()));
    }

    [Property(MaxTest = 2_000)]
    public Property TryParse_AnyText_AcceptsOnlyWhatItWritesBack()
    {
        var names = Gen.Elements("acknowledge", "assessment", "first-statement", "resolution", "status-update", "acceptance-notice", "handling-opinion", "review-decision", "directive", "other");
        var suffixes = Gen.OneOf(Gen.Constant(string.Empty), ArbMap.Default.GeneratorFor<string>().Select(s => "-" + s), ArbMap.Default.GeneratorFor<int>().Select(i => "-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var texts = Gen.OneOf(names.SelectMany(n => suffixes.Select(s => n + s)), ArbMap.Default.GeneratorFor<string>());
        return Prop.ForAll(texts.ToArbitrary(), text => !DeadlineKey.TryParse(text, out var key) || key.ToString() == text);
    }

    [Fact]
    public void Keys_EveryDeadlineOfIncidentsInEveryStateAndKind_RoundTripAndNameTheirKind()
    {
        var scenario = new Scenario();
        var keys = new List<Deadline>();
        foreach (var kind in Enum.GetValues<IncidentKind>())
        {
            foreach (var state in Enum.GetValues<IncidentState>())
            {
                var incident = scenario.Drive(state, kind);
                if (state == IncidentState.Closed)
                {
                    scenario.Time.Advance(Scenario.Step);
                    _ = scenario.Lifecycle.Execute(incident, new ReopenIncident(People.GeneralManager, "Flares up."));
                    _ = scenario.Lifecycle.Execute(incident, new RequestReview(People.CustomerServiceRep, "The petitioner asks for a review."));
                }

                keys.AddRange(new DeadlineScanner(DeadlinePolicy.Default, scenario.Time).DeadlinesOf(incident, scenario.Now.AddDays(1)).Deadlines);
            }
        }

        Assert.Contains(keys, d => d.Key.Kind == DeadlineKind.Resolution && d.Key.Number == 2);
        Assert.All(keys, d =>
        {
            Assert.Equal(d.Kind, d.Key.Kind);
            Assert.Equal(d.Key, DeadlineKey.Parse(d.Key.ToString()));
            Assert.Equal(d.Directive, d.Key.DirectiveId);
        });
    }
}
