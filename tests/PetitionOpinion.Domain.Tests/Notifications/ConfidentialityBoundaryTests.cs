using PetitionOpinion.Incidents;
using PetitionOpinion.Notifications;

namespace PetitionOpinion.Tests.Notifications;

/// <summary>
/// <see cref="Confidentiality.Redact"/> at the edges of its rules (issue 26, the mutants that survived the first round):
/// each boundary the code draws — seven phone digits, three characters of a contact detail, three letters of a Latin
/// given name, four letters for the capital-letter rule, eight separators in a name, five digits of a country code — is
/// tested on it and on either side, and the whole output is compared so that nothing is lost or redacted twice.
/// </summary>
public sealed class ConfidentialityBoundaryTests
{
    private static readonly PetitionerDetails Mobile = new("Wang Fang", "138 0013 8000");

    // ---------- one phone written twice, other numbers beside it ----------
    [Theory]
    [InlineData("Call 138 0013 8000 or 13800138000 today.", "Call [redacted] or [redacted] today.")]
    [InlineData("13800138000 and 138 0013 8000", "[redacted] and [redacted]")]
    [InlineData("138-0013-8000,13800138000.", "[redacted],[redacted].")]
    public void Redact_OnePhoneInTwoFormatsInOneText_ReplacesBothAndKeepsEverythingElse(string text, string expected)
        => Assert.Equal(expected, Confidentiality.Redact(text, Mobile));

    [Theory]
    [InlineData("Order 4711: 13800138000.", "Order 4711: [redacted].")]
    [InlineData("Order 4711 13800138000 room 12.", "Order 4711 [redacted] room 12.")]
    [InlineData("13800138000 4711", "[redacted] 4711")]
    [InlineData("Codes 0013 and 8000 and 138.", "Codes 0013 and 8000 and 138.")]
    [InlineData("Ticket 380013 is open.", "Ticket 380013 is open.")]
    public void Redact_OtherNumbersBesideThePhoneOrItsShortPieces_StayAsTheyAre(string text, string expected)
        => Assert.Equal(expected, Confidentiality.Redact(text, Mobile));

    [Fact]
    public void Redact_NumberAtTheVeryStartOfTheText_IsReplacedWithoutLookingBeforeIt()
        => Assert.Equal("[redacted] called.", Confidentiality.Redact("13800138000 called.", Mobile));

    [Theory]
    [InlineData("+86 138 0013 8000 called.", "[redacted] called.")]
    [InlineData("+8613800138000 called.", "[redacted] called.")]
    [InlineData("+86-138-0013-8000", "[redacted]")]
    public void Redact_PlusAtTheVeryStartOfTheText_IsReplacedWithTheNumber(string text, string expected)
        => Assert.Equal(expected, Confidentiality.Redact(text, new PetitionerDetails("Wang Fang", "+86 138 0013 8000")));

    // ---------- how many digits make a phone number ----------
    [Theory]
    [InlineData("123456", "Call 123-456 now.", "Call 123-456 now.")]
    [InlineData("1234567", "Call 123-4567 now.", "Call [redacted] now.")]
    [InlineData("12345678", "Call 1234-5678 now.", "Call [redacted] now.")]
    public void Redact_ContactOfSixSevenOrEightDigits_IsAPhoneFromSevenOn(string contact, string text, string expected)
        => Assert.Equal(expected, Confidentiality.Redact(text, new PetitionerDetails("Wang Fang", contact)));

    [Theory]
    [InlineData("Call 0013-80 now.", "Call 0013-80 now.")] // six digits of it
    [InlineData("Call 0013-800 now.", "Call [redacted] now.")] // seven
    [InlineData("Call 0013-8000 now.", "Call [redacted] now.")] // eight
    public void Redact_PartOfThePhone_IsReplacedFromSevenDigitsOn(string text, string expected)
        => Assert.Equal(expected, Confidentiality.Redact(text, Mobile));

    [Fact]
    public void Redact_NationalNumberOfSevenDigitsAfterACountryCodeBesideAnotherNumber_IsReplaced()
    {
        // The contact's digits less the country code are exactly seven; the room number before them is not hers.
        var petitioner = new PetitionerDetails("Wang Fang", "+86 123 4567");

        Assert.Equal("Room 5 [redacted].", Confidentiality.Redact("Room 5 123 4567.", petitioner));
    }

    [Fact]
    public void Redact_CountryCodeOfFiveDigits_IsTakenOffTheContactToFindTheNumber()
    {
        // 00852: five digits before the national number; the year before it in the text is not part of the number.
        var petitioner = new PetitionerDetails("Wang Fang", "00852 1234 5678");

        Assert.Equal("In 2026 [redacted] called.", Confidentiality.Redact("In 2026 1234 5678 called.", petitioner));
    }

    [Fact]
    public void Redact_PlusAndFiveDigitsBeforeTheNumber_AreReplacedWithIt()
        => Assert.Equal("Call [redacted] now.", Confidentiality.Redact("Call +12345 1234 5678 now.", new PetitionerDetails("Wang Fang", "1234 5678")));

    [Fact]
    public void Redact_CountryCodeWrittenWithDoubleZero_IsReplacedWithTheNumber()
        => Assert.Equal("Call [redacted] back.", Confidentiality.Redact("Call 0086 138 0013 8000 back.", new PetitionerDetails("Wang Fang", "+86 138 0013 8000")));

    [Theory]
    [InlineData("Call (86) 138 0013 8000 back.", "Call [redacted] back.")]
    [InlineData("Call (86)13800138000 back.", "Call [redacted] back.")]
    [InlineData("Call (86)-138-0013-8000 back.", "Call [redacted] back.")]
    [InlineData("Call (13800138000) back.", "Call ([redacted]) back.")] // brackets around the whole number stay
    public void Redact_BracketAroundTheCountryCode_IsReplacedWithTheNumber(string text, string expected)
        => Assert.Equal(expected, Confidentiality.Redact(text, new PetitionerDetails("Wang Fang", "+86 138 0013 8000")));

    // ---------- full-width digits ----------
    [Theory]
    [InlineData("回电：１３８００１３８０００。", "回电：[redacted]。")]
    [InlineData("回电：１３８ ００１３ ８０００。", "回电：[redacted]。")]
    [InlineData("回电：138００１３8000。", "回电：[redacted]。")]
    public void Redact_PhoneInFullWidthDigits_IsReplacedAsTheAsciiNumberWouldBe(string text, string expected)
        => Assert.Equal(expected, Confidentiality.Redact(text, Mobile));

    [Theory]
    [InlineData("1234 5679", "Call １２３４ ５６７９ now.", "Call [redacted] now.")]
    [InlineData("１２３４ ５６７９", "Call 1234 5679 now.", "Call [redacted] now.")]
    [InlineData("1234 5679", "Only ９ and ５６７ are digits here.", "Only ９ and ５６７ are digits here.")]
    public void Redact_FullWidthNineInTheContactOrTheText_MatchesTheAsciiNine(string contact, string text, string expected)
        => Assert.Equal(expected, Confidentiality.Redact(text, new PetitionerDetails("Wang Fang", contact)));

    // ---------- the length of a contact detail ----------
    [Theory]
    [InlineData("ab / 13800138000", "Her code ab is known.", "Her code ab is known.")]
    [InlineData("abc / 13800138000", "Her code abc is known.", "Her code [redacted] is known.")]
    [InlineData("abcd / 13800138000", "Her code abcd is known.", "Her code [redacted] is known.")]
    [InlineData("a@b / 13800138000", "Write to a@b now.", "Write to [redacted] now.")]
    [InlineData("a@ / 13800138000", "Write to a@ now.", "Write to a@ now.")]
    public void Redact_ContactDetailOfTwoThreeOrFourCharacters_IsReplacedFromThreeOn(string contact, string text, string expected)
        => Assert.Equal(expected, Confidentiality.Redact(text, new PetitionerDetails("Wang Fang", contact)));

    [Theory]
    [InlineData("a/b", "Her code a/b is known.", "Her code [redacted] is known.")] // the whole contact, three characters
    [InlineData("a/", "Her code a/ is known.", "Her code a/ is known.")]
    [InlineData(" ab ", "Her code ab is known.", "Her code ab is known.")] // white space around it does not count
    [InlineData("ab\u200B", "Her code ab is known.", "Her code ab is known.")] // nor an invisible character
    [InlineData("ab \u200B / 13800138000", "Her code ab is known.", "Her code ab is known.")]
    [InlineData("\u200B ab / 13800138000", "Her code ab is known.", "Her code ab is known.")]
    public void Redact_WholeContactOfThreeCharacters_IsReplacedButWhiteSpaceAndInvisibleCharactersDoNotCount(string contact, string text, string expected)
        => Assert.Equal(expected, Confidentiality.Redact(text, new PetitionerDetails("Wang Fang", contact)));

    // ---------- Latin names: the given name alone and the capital-letter rule ----------
    [Theory]
    [InlineData("Wang Li", "Called Li back.", "Called Li back.")] // given name of two letters: left alone
    [InlineData("Wang Wei", "Called Wei back.", "Called [redacted] back.")] // three
    [InlineData("Wang Fang", "Called Fang back.", "Called [redacted] back.")] // four
    [InlineData("Li Na Ying", "Called Na Ying back.", "Called [redacted] back.")] // two words, six letters
    [InlineData("Al Smith", "Called Al back.", "Called Al back.")] // no pinyin surname: the first word, two letters
    [InlineData("Ann Smith", "Called Ann back.", "Called [redacted] back.")]
    public void Redact_LatinGivenNameAlone_IsReplacedFromThreeLetters(string name, string text, string expected)
        => Assert.Equal(expected, Confidentiality.Redact(text, new PetitionerDetails(name, null)));

    [Theory]
    [InlineData("Wang Long", "A long wait; Long called.", "A long wait; [redacted] called.")] // four letters: only with a capital
    [InlineData("Wang Lingo", "Called lingo back.", "Called [redacted] back.")] // five letters: in any case
    public void Redact_ShortLatinPartAlone_NeedsACapitalUpToFourLetters(string name, string text, string expected)
        => Assert.Equal(expected, Confidentiality.Redact(text, new PetitionerDetails(name, null)));

    [Theory]
    [InlineData("Li 李", "Li called; Li Wei did not.", "Li called; Li Wei did not.")] // the Latin part of two letters stays
    [InlineData("Wei 魏", "Wei called; 魏 agreed.", "[redacted] called; 魏 agreed.")] // three letters alone are redacted
    [InlineData("Wang 王", "Wang called; 王 agreed.", "[redacted] called; 王 agreed.")]
    public void Redact_LatinPartOfANameInTwoScripts_IsReplacedAloneFromThreeLetters(string name, string text, string expected)
        => Assert.Equal(expected, Confidentiality.Redact(text, new PetitionerDetails(name, null)));

    // ---------- names with . - ' ----------
    [Theory]
    [InlineData("J. Smith", "J. Smith called; J Smith wrote; Smith, J. agreed.", "[redacted] called; [redacted] wrote; [redacted]. agreed.")]
    [InlineData("J. Smith", "Smith called; J. did not.", "Smith called; J. did not.")] // neither part is a given name of three letters
    [InlineData("Mary-Jane Lin", "Mary-Jane Lin called; Mary Jane Lin wrote; MaryJane Lin agreed.", "[redacted] called; [redacted] wrote; [redacted] agreed.")]
    [InlineData("Mary-Jane Lin", "Lin, Mary-Jane called.", "[redacted] called.")]
    [InlineData("Mary-Jane Lin", "Mary-Jane called.", "[redacted] called.")]
    [InlineData("Sean O'Brien", "Sean O'Brien called; Sean OBrien wrote; Sean O Brien agreed.", "[redacted] called; [redacted] wrote; [redacted] agreed.")]
    [InlineData("Sean O'Brien", "O'Brien, Sean called.", "[redacted] called.")]
    [InlineData("Mary-Jane O'Brien", "O'Brien, Mary-Jane called; Mary Jane OBrien wrote.", "[redacted] called; [redacted] wrote.")]
    [InlineData("Jean-Pierre Martin", "Jean-Pierre called; Jean did not.", "[redacted] called; Jean did not.")] // the first word is all of Jean-Pierre
    [InlineData("Ou-yang Ming", "Ming called; Yang Ming did not.", "[redacted] called; Yang [redacted] did not.")] // Ou-yang is the surname
    [InlineData("J. R. Smith", "Smith J. R. called; R. Smith, J. wrote.", "[redacted]. called; [redacted]. wrote.")]
    public void Redact_NameWithDotsHyphensOrApostrophes_IsReplacedHoweverItIsPunctuated(string name, string text, string expected)
        => Assert.Equal(expected, Confidentiality.Redact(text, new PetitionerDetails(name, null)));

    // ---------- separators inside a name; Han given names ----------
    [Theory]
    [InlineData("Wang        Fang", "[redacted]")] // eight spaces: the most a name's words may stand apart
    [InlineData("Wang         Fang", "Wang         [redacted]")] // nine: the words are apart, the given name is still hers
    public void Redact_NameWithEightOrNineSeparatorsBetweenItsWords_MatchesUpToEight(string text, string expected)
        => Assert.Equal(expected, Confidentiality.Redact(text, new PetitionerDetails("Wang Fang", null)));

    [Theory]
    [InlineData("欧阳明月", "回电给明月。", "回电给[redacted]。")] // compound surname: two characters off
    [InlineData("欧阳明月", "回电给阳明月。", "回电给阳[redacted]。")]
    [InlineData("王小红", "回电给小红。", "回电给[redacted]。")]
    [InlineData("王芳", "回电给芳。", "回电给芳。")] // a one-character given name stays
    public void Redact_HanGivenNameAlone_IsReplacedFromTwoCharacters(string name, string text, string expected)
        => Assert.Equal(expected, Confidentiality.Redact(text, new PetitionerDetails(name, null)));

    // ---------- spans that touch ----------
    [Fact]
    public void Redact_NameRightBeforeThePhone_IsOneRedaction()
        => Assert.Equal("Call [redacted] now.", Confidentiality.Redact("Call WangFang13800138000 now.", Mobile));

    [Fact]
    public void Redact_DetailAtTheVeryEndOfTheText_IsReplaced()
        => Assert.Equal("Write to [redacted]", Confidentiality.Redact("Write to wang@example.com", new PetitionerDetails("Wang Fang", "wang@example.com")));
}
