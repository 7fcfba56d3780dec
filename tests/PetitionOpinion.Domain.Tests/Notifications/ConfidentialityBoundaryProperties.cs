using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PetitionOpinion.Incidents;
using PetitionOpinion.Notifications;

namespace PetitionOpinion.Tests.Notifications;

/// <summary>
/// The invariants behind <see cref="ConfidentialityBoundaryTests"/> (issue 26, part B) for random input: however the
/// petitioner's phone number is written (groups, separators, a country code, full-width digits) and whatever short
/// numbers stand beside it, no seven digits of it are left in a row; and a text holding none of the petitioner's details
/// comes back exactly as it was.
/// </summary>
public sealed class ConfidentialityBoundaryProperties
{
    [Property(MaxTest = 300, Arbitrary = new[] { typeof(BoundaryArbitraries) })]
    public void Redact_PhoneWrittenAnyWayBesideOtherNumbers_LeavesNoSevenOfItsDigitsInARow(PhoneInText c)
    {
        var redacted = Confidentiality.Redact(c.Text, c.Petitioner);

        Assert.Contains(Confidentiality.Redacted, redacted, StringComparison.Ordinal);
        foreach (var run in DigitRuns(redacted))
        {
            for (var k = 0; k + 7 <= c.Phone.Length; k++)
            {
                Assert.DoesNotContain(c.Phone.Substring(k, 7), run, StringComparison.Ordinal);
            }
        }
    }

    [Property(MaxTest = 300, Arbitrary = new[] { typeof(BoundaryArbitraries) })]
    public void Redact_TextWithoutAnyOfThePetitionersDetails_ComesBackUnchanged(TextWithoutPetitioner c)
        => Assert.Equal(c.Text, Confidentiality.Redact(c.Text, c.Petitioner));

    // The digits (of any script, as ASCII) of each stretch of digits, white space, punctuation and plus signs: what a
    // reader would take for one number.
    private static IEnumerable<string> DigitRuns(string text)
    {
        var run = new StringBuilder();
        foreach (var c in text)
        {
            if (char.GetUnicodeCategory(c) == UnicodeCategory.DecimalDigitNumber)
            {
                run.Append((char)('0' + (int)char.GetNumericValue(c)));
            }
            else if (!(char.IsWhiteSpace(c) || char.IsPunctuation(c) || c is '+' or '＋') && run.Length > 0)
            {
                yield return run.ToString();
                run.Clear();
            }
        }

        yield return run.ToString();
    }
}

/// <summary>A petitioner's mobile number written some way in a text with short numbers around it.</summary>
/// <param name="Petitioner">The petitioner.</param>
/// <param name="Phone">The number's eleven digits.</param>
/// <param name="Text">The text.</param>
public sealed record PhoneInText(PetitionerDetails Petitioner, string Phone, string Text);

/// <summary>A text made of words and short numbers that hold none of the petitioner's details.</summary>
/// <param name="Petitioner">The petitioner.</param>
/// <param name="Text">The text.</param>
public sealed record TextWithoutPetitioner(PetitionerDetails Petitioner, string Text);

/// <summary>Generators for <see cref="ConfidentialityBoundaryProperties"/>.</summary>
public static class BoundaryArbitraries
{
    private static readonly string[] Words = ["the", "parcel", "arrived", "late", "refund", "order", "room", "please", "call", "back", "today", "客户", "退款", "订单", "发货", "投诉"];
    private static readonly string[] Gaps = [" ", ", ", "。", "\n", "：", " - "];
    private static readonly string[] DigitSeparators = ["", " ", "-", ".", "/", "\u3000", "－", "_"];
    private static readonly string[] CountryCodes = ["", "", "+86 ", "+86-", "0086 ", "(86) ", "(+86)", "＋８６ "];
    private static readonly string[] Names = ["Wang Xiaohong", "Lin Mingjun", "Zhang Wei", "王小红", "林明军", "Mary-Jane O'Brien"];

    /// <summary>Phones in text.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<PhoneInText> Phones() => Arb.From(
        from second in Gen.Elements('3', '5', '7', '8', '9')
        from rest in Gen.ArrayOf(Gen.Choose(0, 9).Select(d => (char)('0' + d)), 9)
        from withCode in Gen.Elements(true, false)
        from name in Gen.Elements(Names)
        from code in Gen.Elements(CountryCodes)
        from separators in Gen.ArrayOf(Gen.Elements(DigitSeparators), 10)
        from fullWidth in Gen.ArrayOf(Gen.Elements(true, false), 11)
        from before in Filler(numberLast: true)
        from after in Filler(numberLast: false)
        from gapBefore in Gen.Elements(Gaps)
        from gapAfter in Gen.Elements(Gaps)
        let phone = "1" + second + new string(rest)
        select new PhoneInText(
            new PetitionerDetails(name, withCode ? "+86 " + phone : phone),
            phone,
            before + gapBefore + code + Written(phone, separators, fullWidth) + gapAfter + after));

    /// <summary>Texts without the petitioner.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<TextWithoutPetitioner> Texts() => Arb.From(
        from name in Gen.Elements(Names)
        from second in Gen.Elements('3', '5', '7', '8', '9')
        from rest in Gen.ArrayOf(Gen.Choose(0, 9).Select(d => (char)('0' + d)), 9)
        from email in Gen.Elements(true, false)
        from text in Filler(numberLast: true)
        from more in Filler(numberLast: false)
        from gap in Gen.Elements(Gaps)
        let phone = "1" + second + new string(rest)
        select new TextWithoutPetitioner(new PetitionerDetails(name, email ? $"+86 {phone} / xiaohong@example.com" : phone), text + gap + more));

    // Words and numbers of one to four digits, a word always between two numbers so that no longer number is formed.
    private static Gen<string> Filler(bool numberLast)
        => from count in Gen.Choose(1, 4)
           from words in Gen.ArrayOf(Gen.Elements(Words), count)
           from numbers in Gen.ArrayOf(Gen.Choose(0, 9999), count)
           from gaps in Gen.ArrayOf(Gen.Elements(Gaps), count)
           select string.Concat(Enumerable.Range(0, count).Select(i => numberLast
               ? $"{words[i]} {numbers[i]}{(i < count - 1 ? gaps[i] : string.Empty)}"
               : $"{numbers[i]} {words[i]}{(i < count - 1 ? gaps[i] : string.Empty)}"));

    // The number in groups of 3-4-4 with a separator inside each group sometimes, some digits full-width.
    private static string Written(string phone, string[] separators, bool[] fullWidth)
    {
        var written = new StringBuilder();
        for (var i = 0; i < phone.Length; i++)
        {
            if (i > 0 && (i is 3 or 7 || separators[i - 1].Length == 0 || i % 2 == 0))
            {
                written.Append(separators[i - 1]);
            }

            written.Append(fullWidth[i] ? (char)('０' + (phone[i] - '0')) : phone[i]);
        }

        return written.ToString();
    }
}
