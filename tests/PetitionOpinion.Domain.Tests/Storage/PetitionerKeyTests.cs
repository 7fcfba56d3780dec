using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Xunit;
using PetitionOpinion.Incidents;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Tests.Storage;

/// <summary>
/// The petitioner's pseudonyms: one per phone number and e-mail address, the same however the contact is written
/// (full-width digits, <c>+86</c>/<c>0086</c>, spaces, dashes, case), different for different contacts (a number abroad
/// never the same as one in China), never of a name.
/// </summary>
public sealed class PetitionerKeyTests
{
    private const string Secret = "k";

    // Area codes of landlines in China (Beijing, Shanghai, Shenzhen, Hangzhou), with the trunk 0.
    private static readonly string[] AreaCodes = ["010", "021", "0755", "0571"];

    // Country codes abroad (the United States, the United Kingdom, Hong Kong, Singapore, Russia) and how many digits are
    // dialled after each.
    private static readonly (string Country, int Length)[] Countries = [("1", 10), ("44", 10), ("852", 8), ("65", 8), ("7", 10)];

    [Theory]
    [InlineData("+86 138 0000 0000", "13800000000")]
    [InlineData("+86-138-0000-0000", "138 0000 0000")]
    [InlineData("0086 13800000000", "(138) 0000-0000")]
    [InlineData("8613800000000", "13800000000")]
    [InlineData("+86 10 1234 5678", "010-1234-5678")]
    [InlineData("Lin@Example.COM", "lin@example.com")]
    [InlineData("  lin@example.com ", "LIN@EXAMPLE.COM")]
    [InlineData("１３８ ０００ ０００００", "13800000000")]
    [InlineData("＋８６　１３８００００００００", "13800000000")]
    [InlineData("+86 (0)10 1234 5678", "010-1234-5678")]
    [InlineData("86-10-12345678", "010 12345678")]
    [InlineData("Home: 13800000000", "13800000000")]
    [InlineData("Ms. Lin <Lin@Example.com>", "lin@example.com")]
    [InlineData("lin＠example．com", "lin@example.com")]
    [InlineData("+86 010 1234 5678", "010 1234 5678")]
    [InlineData("0086 010-1234-5678", "+86 10 1234 5678")]
    [InlineData("86 010 12345678", "01012345678")]
    [InlineData("+86 0755 1234 5678", "0755-12345678")]
    [InlineData("+1 312 555 1234", "001 312 555 1234")]
    [InlineData("+1 (312) 555-1234", "+13125551234")]
    [InlineData("+44 (0)20 7946 0000", "0044 20 7946 0000")]
    [InlineData("＋８５２ ２３４５ ６７８９", "00852 2345 6789")]
    public void ContactKey_SameContactWrittenDifferently_IsTheSame(string a, string b)
    {
        Assert.NotNull(IncidentSummaries.ContactKey(a, Secret));
        Assert.Equal(IncidentSummaries.ContactKey(a, Secret), IncidentSummaries.ContactKey(b, Secret));
    }

    [Theory]
    [InlineData("13800000000", "13800000001")]
    [InlineData("+86 10 1234 5678", "+86 1012345678 9")]
    [InlineData("lin@example.com", "lin@example.org")]
    [InlineData("13800000000", "13800000000@example.com")]
    [InlineData("+1 312 555 1234", "131 2555 1234")]
    [InlineData("001 312 555 1234", "13125551234")]
    [InlineData("+86 131 2555 1234", "+1 312 555 1234")]
    [InlineData("001 312 555 1234", "8613125551234")]
    [InlineData("+852 2345 6789", "2345 6789")]
    [InlineData("+44 20 7946 0000", "+86 20 7946 0000")]
    public void ContactKey_DifferentContacts_Differ(string a, string b)
        => Assert.NotEqual(IncidentSummaries.ContactKey(a, null), IncidentSummaries.ContactKey(b, null));

    /// <summary>
    /// The normalised number the pseudonym is computed from: a number in China as dialled there, a number abroad with
    /// <c>+</c> and its country code.
    /// </summary>
    [Theory]
    [InlineData("+86 138 0000 0000", "tel:13800000000")]
    [InlineData("8613800000000", "tel:13800000000")]
    [InlineData("+86 10 1234 5678", "tel:01012345678")]
    [InlineData("+86 010 1234 5678", "tel:01012345678")]
    [InlineData("0086 (0)10 1234 5678", "tel:01012345678")]
    [InlineData("86-010-12345678", "tel:01012345678")]
    [InlineData("010 1234 5678", "tel:01012345678")]
    [InlineData("+1 312 555 1234", "tel:+13125551234")]
    [InlineData("001 312 555 1234", "tel:+13125551234")]
    [InlineData("+44 (0)20 7946 0000", "tel:+442079460000")]
    [InlineData("00852 2345 6789", "tel:+85223456789")]
    public void Phone_IsNormalised(string detail, string normal)
        => Assert.Equal(normal, ContactNormalization.Phone(detail));

    [Theory]
    [InlineData("Wang Fang")]
    [InlineData("王芳")]
    [InlineData("12345")]
    [InlineData("weibo @lin_2026")]
    [InlineData("")]
    public void ContactKey_NeitherAPhoneNumberNorAnEmailAddress_IsNull(string contact)
        => Assert.Null(IncidentSummaries.ContactKey(contact, Secret));

    [Fact]
    public void PetitionerKeys_OnePerPhoneNumberAndEmailAddress_WithoutRepeatsInOrdinalOrder()
    {
        var petitioner = new PetitionerDetails("Ms. Lin", ["+86 138 0000 0000", "13800000000", "010-1234-5678"], ["lin@example.com"], "weibo @lin_2026");

        var keys = IncidentSummaries.PetitionerKeys(petitioner, Secret);

        Assert.Equal(3, keys.Count);
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.Contains(IncidentSummaries.ContactKey("lin@example.com", Secret), keys);
        Assert.Contains(IncidentSummaries.ContactKey("13800000000", Secret), keys);
        Assert.All(keys, k => Assert.Matches("^[0-9a-f]{32}$", k));
    }

    [Fact]
    public void PetitionerKeys_ANumberAbroadAndAMobileNumberWithItsDigits_AreTwo_ALandlineWithOrWithoutPlus86IsOne()
    {
        var petitioner = new PetitionerDetails("Ms. Lin", ["+1 312 555 1234", "131 2555 1234", "001 312 555 1234", "+86 010 1234 5678", "010-1234-5678"], []);

        var keys = IncidentSummaries.PetitionerKeys(petitioner, Secret);

        string?[] expected = [IncidentSummaries.ContactKey("+13125551234", Secret), IncidentSummaries.ContactKey("13125551234", Secret), IncidentSummaries.ContactKey("01012345678", Secret)];
        Assert.Equal(expected.Order(StringComparer.Ordinal), keys);
    }

    [Fact]
    public void PetitionerKeys_TheOldSingleContactText_GivesTheKeysOfItsDetails()
    {
        var old = new PetitionerDetails("Ms. Lin", "+86 138 0000 0000 / Lin@Example.com");
        var typed = new PetitionerDetails("Somebody", ["13800000000"], ["lin@example.com"]);

        Assert.Equal(IncidentSummaries.PetitionerKeys(typed, Secret), IncidentSummaries.PetitionerKeys(old, Secret));
    }

    [Fact]
    public void PetitionerKeys_NeverContainTheDetails_AndDependOnTheSecret()
    {
        var details = new PetitionerDetails("Wang Fang", "13800000000");

        var key = Assert.Single(IncidentSummaries.PetitionerKeys(details, null));

        Assert.DoesNotContain("13800000000", key, StringComparison.Ordinal);
        Assert.NotEqual(key, Assert.Single(IncidentSummaries.PetitionerKeys(details, "another secret")));
        Assert.Equal(key, Assert.Single(IncidentSummaries.PetitionerKeys(details, string.Empty)));
    }

    /// <summary>
    /// Any formatting of one number gives one key: spaces, dashes, full-width digits; in China +86/0086/86 with or without
    /// the trunk 0 of a landline; abroad + or 00 before the country code.
    /// </summary>
    /// <param name="seed">Picks the number and its formatting.</param>
    [Property(MaxTest = 500)]
    public void ContactKey_AnyFormattingOfOneNumber_GivesTheSameKey(int seed)
    {
        var random = new Random(seed);
        var number = Number(random);
        var variant = Formatted(number, random);

        Assert.True(IncidentSummaries.ContactKey(variant, Secret) == IncidentSummaries.ContactKey(number.ToString(), Secret), $"{number} written '{variant}' gives another key.");
    }

    /// <summary>Different numbers give different keys, however each is written.</summary>
    /// <param name="seed">Picks the numbers and their formatting.</param>
    [Property(MaxTest = 500)]
    public void ContactKey_DifferentNumbers_GiveDifferentKeys(int seed)
    {
        var random = new Random(seed);
        var (a, b) = (Number(random), Number(random));
        var (writtenA, writtenB) = (Formatted(a, random), Formatted(b, random));

        var same = IncidentSummaries.ContactKey(writtenA, Secret) == IncidentSummaries.ContactKey(writtenB, Secret);

        Assert.True(same == (a == b), $"'{writtenA}' and '{writtenB}'");
    }

    /// <summary>
    /// A number abroad never gives the key of a number in China, even when its country code and digits are the digits
    /// of one (<c>+1 312 555 1234</c> and the mobile number <c>131 2555 1234</c>), however each is written.
    /// </summary>
    /// <param name="seed">Picks the number in China, where the country code ends and the formatting.</param>
    [Property(MaxTest = 500)]
    public void ContactKey_ANumberAbroad_NeverGivesTheKeyOfANumberInChina(int seed)
    {
        var random = new Random(seed);
        var home = InChina(random);

        // The same digits after + (a landline's trunk 0 left out: no country code begins with 0), the country code one to
        // three of them.
        var digits = home.Digits.TrimStart('0');
        var split = random.Next(1, 4);
        var abroad = new PhoneNumber(digits[..split], digits[split..]);
        var writtenAbroad = Formatted(abroad, random);
        var key = IncidentSummaries.ContactKey(writtenAbroad, Secret);

        Assert.NotNull(key);
        Assert.True(key != IncidentSummaries.ContactKey(Formatted(home, random), Secret), $"'{writtenAbroad}' gives the key of {home}.");
        Assert.True(key != IncidentSummaries.ContactKey(Scattered(digits, random), Secret), $"'{writtenAbroad}' gives the key of {digits}.");
    }

    /// <summary>A name alone never gives a key, whatever the name (digits and @ included).</summary>
    /// <param name="name">The name.</param>
    [Property(MaxTest = 500)]
    public void PetitionerKeys_ANameAlone_GiveNone(NonNull<string> name)
    {
        Assert.Empty(IncidentSummaries.PetitionerKeys(new PetitionerDetails(name.Get, [], []), Secret));
        Assert.Empty(IncidentSummaries.PetitionerKeys(new PetitionerDetails(name.Get, null), Secret));
    }

    // A number in China or abroad.
    private static PhoneNumber Number(Random random)
        => random.Next(2) == 0 ? InChina(random) : Abroad(random);

    // A mobile number (11 digits from 1), a landline with its trunk 0 (an area code of two or three digits and 8 digits),
    // or a local number without its area code (7 or 8 digits, from 2).
    private static PhoneNumber InChina(Random random)
        => random.Next(4) switch
        {
            0 or 1 => new(null, string.Create(CultureInfo.InvariantCulture, $"1{random.Next(3, 10)}{RandomDigits(random, 9)}")),
            2 => new(null, string.Create(CultureInfo.InvariantCulture, $"{AreaCodes[random.Next(AreaCodes.Length)]}{random.Next(2, 10)}{RandomDigits(random, 7)}")),
            _ => new(null, string.Create(CultureInfo.InvariantCulture, $"{random.Next(2, 8)}{RandomDigits(random, random.Next(6, 8))}")),
        };

    // A number abroad: its country code and the number dialled after it (without the trunk 0 the UK dials at home).
    private static PhoneNumber Abroad(Random random)
    {
        var (country, length) = Countries[random.Next(Countries.Length)];
        return new(country, string.Create(CultureInfo.InvariantCulture, $"{random.Next(2, 10)}{RandomDigits(random, length - 1)}"));
    }

    private static string RandomDigits(Random random, int count)
        => string.Concat(Enumerable.Range(0, count).Select(_ => (char)('0' + random.Next(10))));

    // The number as a petitioner might write it. In China: a mobile number or a landline as dialled at home, or after
    // +86/0086/86 (a landline's trunk 0 then left out, written anyway, or written "(0)"); a local number as it is. Abroad:
    // + or 00 and the country code (the UK's trunk 0 sometimes written "(0)" after it).
    private static string Formatted(PhoneNumber number, Random random)
    {
        if (number.Country is { } country)
        {
            var international = random.Next(3) switch { 0 => "+", 1 => "＋", _ => Scattered("00", random) };
            var trunk = country == "44" && random.Next(2) == 0 ? " (0)" : null;
            return international + Scattered(country, random) + trunk + Scattered(number.Digits, random);
        }

        if (number.Digits[0] is not ('0' or '1'))
        {
            return Scattered(number.Digits, random);
        }

        var landline = number.Digits[0] == '0';
        var prefix = random.Next(landline ? 7 : 6) switch
        {
            0 => "+86 ",
            1 => "0086",
            2 => "+86-",
            3 => "86 ",
            4 => "＋86",
            6 => "+86 (0)",
            _ => null,
        };

        // After the country code a landline's trunk 0 is not dialled, but may be written.
        var digits = landline && prefix is not null && (prefix.EndsWith("(0)", StringComparison.Ordinal) || random.Next(2) == 0)
            ? number.Digits[1..]
            : number.Digits;
        return prefix + Scattered(digits, random);
    }

    // The digits, some full-width, with spaces and dashes between some.
    private static string Scattered(string digits, Random random)
    {
        var text = new StringBuilder();
        foreach (var digit in digits)
        {
            text.Append(random.Next(3) == 0 ? (char)('０' + (digit - '0')) : digit);
            if (random.Next(4) == 0)
            {
                text.Append(random.Next(3) switch { 0 => ' ', 1 => '-', _ => '　' });
            }
        }

        return text.ToString();
    }

    // A phone number: the country code abroad (null in China) and the digits dialled after it (in China, as dialled at home).
    private readonly record struct PhoneNumber(string? Country, string Digits)
    {
        public override string ToString() => Country is null ? Digits : "+" + Country + Digits;
    }
}
