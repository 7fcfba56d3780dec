using PetitionOpinion.Incidents;
using PetitionOpinion.Notifications;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Notifications;

/// <summary>
/// <see cref="Confidentiality.Redact"/> by example (docs/security.md): a petitioner's name, e-mail and phone number are
/// removed from a text however they are written, every time they occur, and nothing else is touched.
/// </summary>
public sealed class ConfidentialityTests
{
    private const string Phone = "13800000000";
    private static readonly PetitionerDetails WithPhone = new("Wang Fang", "+86 138 0000 0000");

    [Fact]
    public void Redact_EmailWrittenInAnotherCase_IsReplaced()
    {
        var petitioner = new PetitionerDetails("Wang Fang", "Wang.Fang@Example.COM");

        var redacted = Confidentiality.Redact("Please answer wang.fang@example.com, or WANG.FANG@EXAMPLE.COM, today.", petitioner);

        Assert.Equal("Please answer [redacted], or [redacted], today.", redacted);
    }

    [Theory]
    [InlineData("Call 13800000000 back.")]
    [InlineData("Call 138 0000 0000 back.")]
    [InlineData("Call 138-0000-0000 back.")]
    [InlineData("Call 138.0000.0000 back.")]
    [InlineData("Call (138) 0000-0000 back.")]
    [InlineData("Call +86 138 0000 0000 back.")]
    [InlineData("Call +86-138-0000-0000 back.")]
    [InlineData("Call +8613800000000 back.")]
    [InlineData("Call 0086 138 0000 0000 back.")]
    [InlineData("Call (86) 138 0000 0000 back.")]
    [InlineData("回电 138-0000-0000。")]
    public void Redact_PhoneWrittenWithOtherSpacingDashesBracketsOrCountryCode_LeavesNoneOfItsDigits(string text)
    {
        var redacted = Confidentiality.Redact(text, WithPhone);

        Assert.Contains(Confidentiality.Redacted, redacted, StringComparison.Ordinal);
        Assert.False(SecretText.ContainsPhone(redacted, Phone), redacted);
    }

    [Theory]
    [InlineData("Call 138-0000-0000 back.", "Call [redacted] back.")]
    [InlineData("Call +86 138 0000 0000 back.", "Call [redacted] back.")]
    [InlineData("Call (86) 138 0000 0000 back.", "Call [redacted] back.")]
    [InlineData("回电 13800000000。", "回电 [redacted]。")]
    public void Redact_PhoneBetweenWords_ReplacesExactlyTheNumber(string text, string expected)
        => Assert.Equal(expected, Confidentiality.Redact(text, WithPhone));

    [Fact]
    public void Redact_ContactWithoutCountryCode_StillReplacesTheNumberWrittenWithOne()
    {
        var petitioner = new PetitionerDetails("Wang Fang", "138 0000 0000");

        var redacted = Confidentiality.Redact("Her number is +86-138-0000-0000.", petitioner);

        Assert.Equal("Her number is [redacted].", redacted);
    }

    [Theory]
    [InlineData("Called Wang\tLi back.")]
    [InlineData("Called Wang\nLi back.")]
    [InlineData("Called wang   LI back.")]
    [InlineData("Called Wang\u3000Li back.")]
    public void Redact_NameWithOtherWhiteSpaceBetweenItsWords_IsReplaced(string text)
    {
        Assert.Equal("Called [redacted] back.", Confidentiality.Redact(text, new PetitionerDetails("Wang Li", null)));
    }

    [Theory]
    [InlineData("Wang Fang 王芳", "Called Wang Fang back; 王芳 agreed.", "Called [redacted] back; [redacted] agreed.")]
    [InlineData("王芳 (Wang Fang)", "Called wang fang back; 王芳同意。", "Called [redacted] back; [redacted]同意。")]
    [InlineData("Wang Fang 王芳", "Called Wang Fang 王芳 back.", "Called [redacted] back.")]
    [InlineData("Ms. Lin", "Ms. Lin called; Lin is a common name.", "[redacted] called; Lin is a common name.")]
    [InlineData("Li 李", "Li called; 李 agreed.", "Li called; 李 agreed.")]
    public void Redact_NameInTwoScripts_RedactsEachScriptsPartAlone(string name, string text, string expected)
    {
        Assert.Equal(expected, Confidentiality.Redact(text, new PetitionerDetails(name, null)));
    }

    [Theory]
    [InlineData("回电：１３８ ０００ ０００００。")]
    [InlineData("回电：+86 １３８-0000-0000。")]
    [InlineData("回电：１３８０００００００۔")]
    public void Redact_PhoneInFullWidthDigits_IsReplaced(string text)
    {
        var redacted = Confidentiality.Redact(text, new PetitionerDetails("王丽", "+86 138 0000 0000"));

        Assert.StartsWith("回电：[redacted]", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("１３８", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("138", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_NameSeveralTimesInAnyCase_ReplacesEveryOccurrence()
    {
        var redacted = Confidentiality.Redact("Wang Fang called; WANG FANG wrote; wang fang visited. 王芳 is not her written name here.", new PetitionerDetails("Wang Fang", null));

        Assert.Equal("[redacted] called; [redacted] wrote; [redacted] visited. 王芳 is not her written name here.", redacted);
    }

    [Fact]
    public void Redact_ChineseNameAndPhoneInChineseText_AreReplaced()
    {
        var redacted = Confidentiality.Redact("王芳女士来电（138 0000 0000），王芳要求退款。", new PetitionerDetails("王芳", "13800000000"));

        Assert.Equal("[redacted]女士来电（[redacted]），[redacted]要求退款。", redacted);
    }

    [Fact]
    public void Redact_NullPetitioner_ReturnsTheTextAsItIs()
    {
        const string Text = "Wang Fang, +86 138 0000 0000, wang.fang@example.com";

        Assert.Equal(Text, Confidentiality.Redact(Text, null));
    }

    [Fact]
    public void Redact_UnrelatedShortNumbersAndDates_AreLeftAlone()
    {
        const string Text = "Order 4711 of 2026-03-02 cost 20 yuan; ticket 13800 and room 0000 are not her number.";

        Assert.Equal(Text, Confidentiality.Redact(Text, WithPhone));
    }

    [Fact]
    public void Redact_PartOfThePhoneOfSevenDigitsOrMore_IsReplacedButFourDigitsAreNot()
    {
        var petitioner = new PetitionerDetails("Wang Fang", "+86 139 1234 5678");

        Assert.Equal("She gave the last eight digits: [redacted].", Confidentiality.Redact("She gave the last eight digits: 1234 5678.", petitioner));
        Assert.Equal("She gave the last four digits: 5678.", Confidentiality.Redact("She gave the last four digits: 5678.", petitioner));
    }

    [Theory]
    [InlineData("Called on 2026-03-02 13800000000.")]
    [InlineData("Called on 2026-03-02 138 0000 0000.")]
    [InlineData("Room 5 138-0000-0000.")]
    [InlineData("Call 138 0000 0000 2 times.")]
    public void Redact_PhoneNextToAnotherNumberAndContactWithCountryCode_LeavesNoneOfItsDigits(string text)
    {
        // The contact is written with +86; the text is not, and another number stands next to the phone, separated by
        // a space or a dash only.
        var redacted = Confidentiality.Redact(text, WithPhone);

        Assert.False(SecretText.ContainsPhone(redacted, Phone), redacted);
    }

    [Theory]
    [InlineData("Call 138\u00A00000\u00A00000 back.")] // no-break spaces
    [InlineData("Call 138\u30000000\u30000000 back.")] // ideographic spaces, common in Chinese text
    [InlineData("Call 138\u20130000\u20130000 back.")] // en dashes
    [InlineData("Call 138\uFF0D0000\uFF0D0000 back.")] // full-width hyphen-minus
    public void Redact_PhoneWithUnicodeSpacesOrDashes_LeavesNoneOfItsDigits(string text)
    {
        var redacted = Confidentiality.Redact(text, WithPhone);

        Assert.False(SecretText.ContainsPhone(redacted, Phone, unicodeSeparators: true), redacted);
    }

    [Fact]
    public void Redact_ContactHoldingAPhoneAndAnEmail_ReplacesEachWhereverItIsWrittenAlone()
    {
        var petitioner = new PetitionerDetails("Wang Fang", "+86 138 0000 0000 / wang.fang@example.com");

        var redacted = Confidentiality.Redact("Reach her at 138-0000-0000 or wang.fang@example.com.", petitioner);

        Assert.False(SecretText.ContainsPhone(redacted, Phone), redacted);
        Assert.DoesNotContain("wang.fang@example.com", redacted, StringComparison.OrdinalIgnoreCase);
    }

    // ---------- behaviours the mutation run (issue 26) showed unpinned ----------
    [Fact]
    public void Redact_OnePhoneWrittenTwiceInDifferentFormats_ReplacesBoth()
        => Assert.Equal("Call [redacted] or [redacted] today.", Confidentiality.Redact("Call 138-0000-0000 or +86 138 0000 0000 today.", WithPhone));

    [Theory]
    [InlineData("Order 4711, 138 0000 0000, room 12.", "Order 4711, [redacted], room 12.")]
    [InlineData("Order 4711 138-0000-0000 room 12.", "Order 4711 [redacted] room 12.")]
    [InlineData("The prefix is 138 and the last digits are 0000.", "The prefix is 138 and the last digits are 0000.")]
    [InlineData("Ticket 138000 and room 0000.", "Ticket 138000 and room 0000.")]
    public void Redact_OtherNumbersNextToThePhoneOrPiecesOfIt_StayUnredacted(string text, string expected)
        => Assert.Equal(expected, Confidentiality.Redact(text, WithPhone));

    [Theory]
    [InlineData("Mary O'Neil", "Mary O'Neil called; mary o neil wrote; O'Neil, Mary agreed.", "[redacted] called; [redacted] wrote; [redacted] agreed.")]
    [InlineData("J. R. Smith", "Called J.R. Smith and J R Smith; Smith is common.", "Called [redacted] and [redacted]; Smith is common.")]
    [InlineData("Jean-Pierre Martin", "Jean-Pierre Martin called; JeanPierre Martin wrote.", "[redacted] called; [redacted] wrote.")]
    public void Redact_NameWithDotsHyphensOrApostrophes_IsReplacedHoweverTheyAreWritten(string name, string text, string expected)
        => Assert.Equal(expected, Confidentiality.Redact(text, new PetitionerDetails(name, null)));

    [Theory]
    [InlineData("abc / +86 138 0000 0000", "Her id abc is known.", "Her id [redacted] is known.")]
    [InlineData("ab / +86 138 0000 0000", "Her id ab is known.", "Her id ab is known.")]
    public void Redact_ContactPartOfThreeCharacters_IsReplacedButOfTwoIsNot(string contact, string text, string expected)
        => Assert.Equal(expected, Confidentiality.Redact(text, new PetitionerDetails("Wang Fang", contact)));

    [Theory]
    [InlineData("1234567", "Call 123-4567 now.", "Call [redacted] now.")]
    [InlineData("123456", "Call 123-456 now.", "Call 123-456 now.")]
    public void Redact_PhoneOfExactlySevenDigits_IsReplacedButOfSixIsNot(string contact, string text, string expected)
        => Assert.Equal(expected, Confidentiality.Redact(text, new PetitionerDetails("Wang Fang", contact)));

    [Fact]
    public void Redact_PhoneEndingInFullWidthNine_IsReplacedWhole()
        => Assert.Equal("回电：[redacted]。", Confidentiality.Redact("回电：１３９ １２３４ ５６７９。", new PetitionerDetails("王丽", "+86 139 1234 5679")));

    [Fact]
    public void Redact_PlusAtTheVeryStartOfTheText_GoesWithTheNumber()
        => Assert.Equal("[redacted] called.", Confidentiality.Redact("+86 138 0000 0000 called.", WithPhone));

    [Theory]
    [InlineData("两个包裹，电话一三八零零零零零零零零。", "两个包裹，电话[redacted]。")]
    [InlineData("电话：幺三八 〇〇〇〇 〇〇〇〇", "电话：[redacted]")]
    public void Redact_PhoneInChineseNumerals_IsReplacedAndOtherNumeralsAreNot(string text, string expected)
        => Assert.Equal(expected, Confidentiality.Redact(text, WithPhone));

    [Fact]
    public void Redact_NullText_Throws()
        => Assert.Throws<ArgumentNullException>(() => Confidentiality.Redact(null!, WithPhone));

    [Fact]
    public void MaySeePetitioner_OnlyMembersOfThePetitionHandlingAndLeadingGroups()
    {
        var organization = Scenario.SeedOrganization();
        var allowed = People.Known.Where(p => Confidentiality.MaySeePetitioner(organization, p)).ToHashSet();

        Assert.Equal(
            new HashSet<PersonId>
            {
                People.GeneralManager, People.MarketingManager, People.CustomerServiceManager, People.HeadOfLegal, People.HeadOfPublicRelations,
                People.HeadOfTechnicalSupport, People.PetitionDeputy, People.CustomerServiceRep, People.LegalSpecialist,
            },
            allowed);
        Assert.False(Confidentiality.MaySeePetitioner(organization, People.Stranger));
    }
}
