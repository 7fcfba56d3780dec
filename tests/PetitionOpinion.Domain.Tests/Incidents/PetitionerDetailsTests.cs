using PetitionOpinion.Incidents;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Incidents;

/// <summary>Typed contacts: phone numbers and e-mail addresses, several of each; the old single contact text splits into them.</summary>
public sealed class PetitionerDetailsTests
{
    [Fact]
    public void New_OneContactText_SplitsIntoPhonesEmailsAndTheRest()
    {
        var details = new PetitionerDetails("Wang Fang", "+86 138 0000 0000 / wang@example.com; 139 1111 2222、WeChat wf2026 | Ms. Wang <WF@Example.org>");

        Assert.Equal(["+86 138 0000 0000", "139 1111 2222"], details.Phones);
        Assert.Equal(["wang@example.com", "Ms. Wang <WF@Example.org>"], details.Emails);
        Assert.Equal("WeChat wf2026", details.OtherContact);
        Assert.Equal("+86 138 0000 0000 / 139 1111 2222 / wang@example.com / Ms. Wang <WF@Example.org> / WeChat wf2026", details.Contact);
    }

    [Fact]
    public void New_ContactTextWithNumbersAbroadAndALandlineWithItsTrunkZero_SplitsThemIntoPhones()
    {
        var details = new PetitionerDetails("Wang Fang", "+1 312 555 1234 / 0044 (0)20 7946 0000；+86 010 1234 5678、＋８５２ ２３４５ ６７８９");

        Assert.Equal(["+1 312 555 1234", "0044 (0)20 7946 0000", "+86 010 1234 5678", "＋８５２ ２３４５ ６７８９"], details.Phones);
        Assert.Empty(details.Emails);
        Assert.Null(details.OtherContact);
    }

    [Theory]
    [InlineData("weibo @wang_fang")]
    [InlineData("")]
    [InlineData("Room 3, Building 7")]
    public void New_ContactTextWithNoPhoneOrEmail_IsKeptWholeAsTheOtherContact(string contact)
    {
        var details = new PetitionerDetails("Wang Fang", contact);

        Assert.Empty(details.Phones);
        Assert.Empty(details.Emails);
        Assert.Equal(contact, details.OtherContact);
        Assert.Equal(contact, details.Contact);
    }

    [Fact]
    public void Equality_ComparesTheContactsByValue_AndToStringIsRedacted()
    {
        var typed = new PetitionerDetails("Wang Fang", ["+86 138 0000 0000"], ["wang@example.com"]);
        var fromText = new PetitionerDetails("Wang Fang", "+86 138 0000 0000 / wang@example.com");

        Assert.Equal(typed, fromText);
        Assert.Equal(typed.GetHashCode(), fromText.GetHashCode());
        Assert.NotEqual(typed, typed with { Emails = ["wang@example.org"] });
        Assert.NotEqual(typed, typed with { Phones = [] });
        Assert.Equal("PetitionerDetails { [redacted] }", typed.ToString());
        Assert.Null(new PetitionerDetails("Wang Fang", null).Contact);
    }

    [Fact]
    public void New_NullList_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new PetitionerDetails("Wang Fang", null!, []));
        Assert.Throws<ArgumentNullException>(() => new PetitionerDetails("Wang Fang", [], [null!]));
    }

    [Fact]
    public void Report_SeveralPhonesAndEmails_IsAccepted()
    {
        var scenario = new Scenario();

        var incident = scenario.Lifecycle.Report(Scenario.ReportCommand() with { Petitioner = new PetitionerDetails("Wang Fang", ["13800000000", "010-1234-5678"], ["a@example.com", "b@example.com"]) }).AsT0;

        Assert.Equal(2, incident.Petitioner!.Phones.Count);
    }

    [Fact]
    public void Report_BlankOrTooManyContacts_IsRefused()
    {
        var scenario = new Scenario();

        var blank = scenario.Lifecycle.Report(Scenario.ReportCommand() with { Petitioner = new PetitionerDetails("Wang Fang", [" "], []) }).AsT1;
        var many = scenario.Lifecycle.Report(Scenario.ReportCommand() with { Petitioner = new PetitionerDetails("Wang Fang", [.. Enumerable.Range(0, 17).Select(i => $"1380000{i:D4}")], []) }).AsT1;
        var lineBreak = scenario.Lifecycle.Report(Scenario.ReportCommand() with { Petitioner = new PetitionerDetails("Wang Fang", [], ["a@example.com\tb"]) }).AsT1;

        Assert.Equal("validation.required", blank.Code);
        Assert.Equal("validation.too_many", many.Code);
        Assert.Equal("validation.invalid", lineBreak.Code);
    }
}
