using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Tests.Incidents;

/// <summary>
/// The list an incident and its kept copy share their history in (issue 23): each copy sees exactly what it had and what
/// was added to it, whatever the other copies add, in any order and at once.
/// </summary>
public sealed class AppendOnlyListTests
{
    [Fact]
    public void Add_PastTheFirstArray_KeepsEveryItemInOrder()
    {
        var list = new AppendOnlyList<int>();
        for (var i = 0; i < 1000; i++)
        {
            list.Add(i);
        }

        Assert.Equal(1000, list.Count);
        Assert.Equal(Enumerable.Range(0, 1000), list);
        Assert.Equal(Enumerable.Range(0, 1000), list.AsSpan().ToArray());
        Assert.Equal(999, list[999]);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void Indexer_OutsideTheItems_ThrowsNamingTheCount(int index)
    {
        var list = new AppendOnlyList<int>();
        list.Add(1);
        list.Add(2);
        list.Add(3);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => list[index]);

        Assert.Contains("3 item(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Indexer_PastTheCountOfACopyWhoseSharerAddedMore_Throws()
    {
        var list = new AppendOnlyList<int>();
        list.Add(1);
        var copy = list.Share();
        list.Add(2);

        Assert.Throws<ArgumentOutOfRangeException>(() => copy[1]);
        Assert.Equal(2, list[1]);
    }

    [Fact]
    public void Add_OnACopyThenOnTheOriginal_EachSeesOnlyItsOwn()
    {
        var original = new AppendOnlyList<string>();
        original.Add("reported");
        var copy = original.Share();

        copy.Add("assessed by the copy");
        original.Add("assessed by the original");

        Assert.Equal(["reported", "assessed by the copy"], copy);
        Assert.Equal(["reported", "assessed by the original"], original);
    }

    [Fact]
    public void Add_OnTheOriginalThenOnACopy_EachSeesOnlyItsOwn()
    {
        var original = new AppendOnlyList<string>();
        original.Add("reported");
        var copy = original.Share();

        original.Add("assessed by the original");
        copy.Add("assessed by the copy");
        copy.Add("closed by the copy");

        Assert.Equal(["reported", "assessed by the original"], original);
        Assert.Equal(["reported", "assessed by the copy", "closed by the copy"], copy);
    }

    [Fact]
    public void Enumeration_StartedBeforeAnAdd_SeesTheItemsAsTheyWereAndDoesNotBreak()
    {
        var list = new AppendOnlyList<int>();
        for (var i = 0; i < 8; i++)
        {
            list.Add(i);
        }

        var seen = new List<int>();
        foreach (var item in list)
        {
            seen.Add(item);
            if (item == 0)
            {
                list.Add(8); // past the first array: the list moves to a bigger one
            }
        }

        Assert.Equal(Enumerable.Range(0, 8), seen);
        Assert.Equal(Enumerable.Range(0, 9), list);
    }

    [Fact]
    public async Task Add_OnManyCopiesAtOnce_EachCopyEndsWithTheSharedItemsThenItsOwn()
    {
        const int copies = 8;
        const int adds = 2_000;
        var original = new AppendOnlyList<(int Copy, int Item)>();
        for (var i = 0; i < 5; i++)
        {
            original.Add((-1, i));
        }

        var lists = Enumerable.Range(0, copies).Select(_ => original.Share()).ToArray();
        using var start = new Barrier(copies);
        await Task.WhenAll(lists.Select((list, c) => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var i = 0; i < adds; i++)
                {
                    list.Add((c, i));
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));

        for (var c = 0; c < copies; c++)
        {
            Assert.Equal(original.Concat(Enumerable.Range(0, adds).Select(i => (c, i))), lists[c]);
        }

        Assert.Equal(5, original.Count);
    }

    /// <summary>
    /// Any sequence of adds to and copies of any of the lists made so far: every list holds what a list of its own,
    /// copied whole at each copy, would hold.
    /// </summary>
    [Property(MaxTest = 300)]
    public void AnySequenceOfAddsAndShares_EveryListEqualsAListCopiedWhole(NonEmptyArray<(bool Share, byte Which, int Item)> steps)
    {
        var lists = new List<AppendOnlyList<int>> { new() };
        var model = new List<List<int>> { new() };
        foreach (var (share, which, item) in steps.Get)
        {
            var i = which % lists.Count;
            if (share)
            {
                lists.Add(lists[i].Share());
                model.Add([.. model[i]]);
            }
            else
            {
                lists[i].Add(item);
                model[i].Add(item);
            }

            for (var j = 0; j < lists.Count; j++)
            {
                Assert.Equal(model[j], lists[j]);
                Assert.Equal(model[j].Count, lists[j].Count);
            }
        }
    }

    /// <summary>The same with long runs of adds between copies, so that lists outgrow their arrays while shared.</summary>
    [Property(MaxTest = 100)]
    public Property LongRunsOfAddsBetweenShares_EveryListEqualsAListCopiedWhole()
        => Prop.ForAll(
            Gen.ListOf(Gen.Zip(Gen.Choose(0, 7), Gen.Choose(0, 40))).ToArbitrary(),
            runs =>
            {
                var lists = new List<AppendOnlyList<int>> { new() };
                var model = new List<List<int>> { new() };
                var next = 0;
                foreach (var (which, run) in runs)
                {
                    var i = which % lists.Count;
                    lists.Add(lists[i].Share());
                    model.Add([.. model[i]]);
                    for (var k = 0; k < run; k++)
                    {
                        var target = (k % 2 == 0) ? i : lists.Count - 1;
                        lists[target].Add(next);
                        model[target].Add(next++);
                    }
                }

                return lists.Select((l, j) => l.SequenceEqual(model[j])).All(b => b);
            });
}
