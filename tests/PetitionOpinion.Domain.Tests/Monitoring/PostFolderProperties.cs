using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PetitionOpinion.Monitoring;
using Xunit.Abstractions;

namespace PetitionOpinion.Tests.OpinionMonitoring;

/// <summary>
/// What folding guarantees for every text (docs/monitoring.md): the same post folded again changes nothing; a copy with
/// its punctuation, spacing, emoji or letter case changed always folds; copies with one or two characters changed mostly
/// fold and unrelated random texts almost never do (both rates measured on a fixed seed's random texts).
/// </summary>
public sealed class PostFolderProperties(ITestOutputHelper output)
{
    // Common Chinese characters (the 3,500 most used start at 的… in any frequency list; a block of CJK unified ideographs
    // stands in for them here), with some Latin letters and digits as in real posts.
    private static readonly char[] Alphabet = [.. Enumerable.Range(0x4E00, 3000).Select(c => (char)c), .. "abcdefxyz0123456789"];

    [Property(MaxTest = 300, Arbitrary = new[] { typeof(TextArbitraries) })]
    public void Fold_SamePostTwice_SecondIsSeenAndChangesNothing(NonEmptyText text, PositiveInt followers)
    {
        var folder = new PostFolder(new PostMonitoringOptions());
        var post = PostFolderTests.Post("1", text.Value, followers.Get);

        var first = folder.Fold("t", post);
        var again = folder.Fold("t", post);
        var third = folder.Fold("t", post);

        Assert.Equal(PostFolding.New, first.Folding);
        Assert.Equal(first with { Folding = PostFolding.Seen }, again);
        Assert.Equal(again, third);
        Assert.Equal(1, folder.RememberedPosts);
    }

    [Property(MaxTest = 300, Arbitrary = new[] { typeof(TextArbitraries) })]
    public void Fold_CopyWithPunctuationSpacingAndCaseChanged_FoldsIntoTheOriginal(LongText text, int seed)
    {
        var folder = new PostFolder(new PostMonitoringOptions());
        var random = new Random(seed);
        var copy = new System.Text.StringBuilder();
        foreach (var c in text.Value)
        {
            copy.Append(random.Next(4) == 0 ? char.ToUpperInvariant(c) : c);
            copy.Append(random.Next(8) switch { 0 => "！", 1 => " ", 2 => "…", 3 => "😡", _ => "" });
        }

        folder.Fold("t", PostFolderTests.Post("1", text.Value, 100));
        var folded = folder.Fold("t", PostFolderTests.Post("2", copy.ToString(), 10));

        Assert.Equal(new FoldResult(PostFolding.NearDuplicate, "weibo", "1", 2, 110), folded);
    }

    // Copies with characters changed: SimHash over short texts is noisy, so this is a measured rate, not a rule.
    [Theory]
    [InlineData(1, 0.97)]
    [InlineData(2, 0.90)]
    public void Fold_CopiesWithCharactersChanged_MostFold(int changed, double atLeast)
    {
        var random = new Random(22);
        const int Copies = 2_000;
        var folds = 0;
        for (var i = 0; i < Copies; i++)
        {
            var folder = new PostFolder(new PostMonitoringOptions());
            var text = RandomText(random, 40 + random.Next(101));
            var copy = text.ToCharArray();
            for (var edit = 0; edit < changed; edit++)
            {
                copy[random.Next(copy.Length)] = Alphabet[random.Next(Alphabet.Length)];
            }

            folder.Fold("t", PostFolderTests.Post("1", text, 1));
            folds += folder.Fold("t", PostFolderTests.Post("2", new string(copy), 1)).Folding == PostFolding.NearDuplicate ? 1 : 0;
        }

        var rate = (double)folds / Copies;
        output.WriteLine($"copies of 40-140 characters with {changed} changed: {rate:P1} fold");
        Assert.True(rate >= atLeast, $"only {rate:P1} fold");
    }

    [Fact]
    public void Fold_UnrelatedRandomTexts_FalseFoldRateBelowOneInAThousand()
    {
        var random = new Random(22);
        var folder = new PostFolder(new PostMonitoringOptions());
        const int Posts = 20_000;
        var folded = 0;
        for (var i = 0; i < Posts; i++)
        {
            var text = RandomText(random, 15 + random.Next(60));
            folded += folder.Fold("t", PostFolderTests.Post(i.ToString(System.Globalization.CultureInfo.InvariantCulture), text, 1)).Folding == PostFolding.New ? 0 : 1;
        }

        var rate = (double)folded / Posts;
        output.WriteLine($"false folds: {folded} of {Posts} ({rate:P3}), each compared with up to 1,000 recent posts");
        Assert.True(rate < 0.001, $"false-fold rate {rate:P3}");
    }

    internal static string RandomText(Random random, int length)
        => new([.. Enumerable.Range(0, length).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);

    public sealed record NonEmptyText(string Value);

    public sealed record LongText(string Value);

    public static class TextArbitraries
    {
        public static Arbitrary<NonEmptyText> NonEmptyText()
            => Gen.Choose(1, 80).SelectMany(n => Gen.ArrayOf(Gen.Elements(Alphabet), n)).Select(c => new NonEmptyText(new string(c))).ToArbitrary();

        // Posts long enough to be worth folding: 30 to 140 characters (a weibo is at most 140 without 全文).
        public static Arbitrary<LongText> LongText()
            => Gen.Choose(30, 140).SelectMany(n => Gen.ArrayOf(Gen.Elements(Alphabet), n)).Select(c => new LongText(new string(c))).ToArbitrary();
    }
}
