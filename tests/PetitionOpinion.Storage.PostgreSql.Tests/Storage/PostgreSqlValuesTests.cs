using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PetitionOpinion.Storage.PostgreSql.Tests.Support;

namespace PetitionOpinion.Storage.PostgreSql.Tests.Storage;

/// <summary>How values are written to columns: instants to the tick with their offset, idempotency keys byte for byte. No server needed.</summary>
[RunsWithoutPostgreSql]
public sealed class PostgreSqlValuesTests
{
    [Property(MaxTest = 1000)]
    public bool Instant_AnyDateTimeOffset_RoundTripsToTheTickWithItsOffset(DateTimeOffset value)
    {
        var back = PostgreSqlValues.Instant(value.UtcTicks, PostgreSqlValues.OffsetMinutes(value));
        return back.UtcTicks == value.UtcTicks && back.Offset == value.Offset;
    }

    [Property(MaxTest = 1000)]
    public bool KeyBytes_WellFormedKey_IsItsUtf8(NonNull<string> key)
        => !IsWellFormed(key.Get) || PostgreSqlValues.KeyBytes(key.Get).AsSpan().SequenceEqual(new UTF8Encoding(false, true).GetBytes(key.Get));

    [Property(MaxTest = 2000)]
    public Property KeyBytes_TwoDifferentKeys_HaveDifferentBytes()
    {
        // Keys compare ordinally (code unit by code unit), lone surrogates included: the encoding must keep them apart.
        var units = Gen.Elements('a', 'ß', '投', '\uD83D', '\uDE42', '\uDC00', '\uDBFF', '\uFFFD', '\0');
        var keys = Gen.ArrayOf(units).Select(chars => new string(chars));
        return Prop.ForAll(Arb.From(keys), Arb.From(keys), (a, b) =>
            string.Equals(a, b, StringComparison.Ordinal) == PostgreSqlValues.KeyBytes(a).AsSpan().SequenceEqual(PostgreSqlValues.KeyBytes(b)));
    }

    [Fact]
    public void KeyBytes_KeyCutInTheMiddleOfAnEmoji_KeepsTheLoneSurrogate()
    {
        var whole = "ok-🙂";
        var cut = whole[..^1];

        Assert.Equal([.. "ok-"u8, 0xED, 0xA0, 0xBD], PostgreSqlValues.KeyBytes(cut));
        Assert.Equal([.. "ok-"u8, 0xF0, 0x9F, 0x99, 0x82], PostgreSqlValues.KeyBytes(whole));
        Assert.Empty(PostgreSqlValues.KeyBytes(string.Empty));
    }

    private static bool IsWellFormed(string value)
    {
        for (var i = 0; i < value.Length; i += char.IsSurrogatePair(value, i) ? 2 : 1)
        {
            if (char.IsSurrogate(value[i]) && !char.IsSurrogatePair(value, i))
            {
                return false;
            }
        }

        return true;
    }
}
