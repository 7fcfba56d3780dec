using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Xunit;
using PetitionOpinion.Incidents;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Tests.Storage;

/// <summary>
/// The petitioner's pseudonyms: one per phone number and e-mail address, the same however the contact is written
/// (full-width digits, <c>+86</c>/<c>0086</c>, spaces, dashes, case), different for different contacts, never of a name.
/// </summary>
public sealed class PetitionerKeyTests
{
    private const string Secret = "k";

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
    public void ContactKey_DifferentContacts_Differ(string a, string b)
        => Assert.NotEqual(IncidentSummaries.ContactKey(a, null), IncidentSummaries.ContactKey(b, null));

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

    /// <summary>Any formatting of one number (spaces, dashes, full-width digits, +86/0086/86) gives one key.</summary>
    /// <param name="seed">Picks the number and its formatting.</param>
    [Property(MaxTest = 500)]
    public void ContactKey_AnyFormattingOfOneNumber_GivesTheSameKey(int seed)
    {
        var random = new Random(seed);
        var number = Number(random);
        var variant = Formatted(number, random);

        Assert.True(IncidentSummaries.ContactKey(variant, Secret) == IncidentSummaries.ContactKey(number, Secret), $"{number} written '{variant}' gives another key.");
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

    /// <summary>A name alone never gives a key, whatever the name (digits and @ included).</summary>
    /// <param name="name">The name.</param>
    [Property(MaxTest = 500)]
    public void PetitionerKeys_ANameAlone_GiveNone(NonNull<string> name)
    {
        Assert.Empty(IncidentSummaries.PetitionerKeys(new PetitionerDetails(name.Get, [], []), Secret));
        Assert.Empty(IncidentSummaries.PetitionerKeys(new PetitionerDetails(name.Get, null), Secret));
    }

    // A mobile number (11 digits from 1) or a Beijing landline with its trunk 0 (010 and 8 digits).
    private static string Number(Random random)
        => random.Next(2) == 0
            ? string.Create(CultureInfo.InvariantCulture, $"1{random.Next(3, 10)}{random.Next(0, 1_000_000_000):D9}")
            : string.Create(CultureInfo.InvariantCulture, $"010{random.Next(10_000_000, 100_000_000)}");

    private static string Formatted(string number, Random random)
    {
        // The country code instead of the trunk 0 of a landline: +86 10 … is 010 ….
        var national = number[0] == '0' ? number[1..] : number;
        var prefix = random.Next(5) switch
        {
            0 => "+86 ",
            1 => "0086",
            2 => "+86-",
            3 => "86 ",
            _ => null,
        };
        var digits = prefix is null ? number : national;
        var text = new StringBuilder(prefix);
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
}
