using PetitionOpinion.Incidents;

namespace PetitionOpinion.Storage.Conformance;

/// <content>
/// Large queries: <see cref="IncidentQuery.CountTotal"/> off (<see cref="IncidentSummaryPage.NotCounted"/>) and keyset
/// paging with <see cref="IncidentQuery.After"/>; <see cref="IncidentSummaryPage.HasMore"/> and
/// <see cref="IncidentSummaryPage.Next"/> on every page.
/// </content>
public abstract partial class IncidentStoreConformanceTests
{
    /// <summary>Checks <c>QueryAsync</c> — walking by cursor without counts: every match once, in the unpaged order, ties on reported at included.</summary>
    [Fact]
    public async Task QueryAsync_WalkByCursorWithoutCount_ReturnsEveryMatchOnceInOrder()
    {
        var summaries = await SeedSummariesAsync();
        Assert.Contains(summaries.GroupBy(s => s.ReportedAt.UtcTicks), g => g.Count() > 2);

        foreach (var filter in new IncidentQuery[] { new(), new() { States = [IncidentState.Reported, IncidentState.Assessed, IncidentState.Responding] }, new() { ReportedFrom = T0.AddTicks(1), Channels = [IntakeChannel.Hotline, IntakeChannel.Email, IntakeChannel.Letter] } })
        {
            var expected = Expected(summaries, filter with { Take = IncidentQuery.MaxPageSize }).Items;
            Assert.True(expected.Count > 7, $"The kit's data should give more than 7 matches for {filter}.");
            foreach (var take in new[] { 1, 2, 3, 7, expected.Count - 1, expected.Count, IncidentQuery.MaxPageSize })
            {
                var walked = await WalkAsync(filter with { Take = take, CountTotal = false });

                Assert.Equal(expected.Select(s => s.Id), walked.Select(s => s.Id));
                for (var i = 0; i < expected.Count; i++)
                {
                    AssertSameSummary(expected[i], walked[i]);
                }
            }
        }
    }

    /// <summary>Checks <c>QueryAsync</c> — count off: the total is <see cref="IncidentSummaryPage.NotCounted"/> and <c>HasMore</c> is exact at the last page's boundary.</summary>
    [Fact]
    public async Task QueryAsync_CountOff_IsNotCountedAndHasMoreIsExactAtTheBoundary()
    {
        for (var i = 0; i < 6; i++)
        {
            await SaveSummaryAsync(Summary(new IncidentId(Guid.NewGuid()), reportedAt: T0.AddMinutes(i)));
        }

        var uncounted = new IncidentQuery { Take = 3, CountTotal = false };
        var first = await Store.QueryAsync(uncounted, None);
        Assert.Equal(IncidentSummaryPage.NotCounted, first.TotalCount);
        Assert.Equal(3, first.Items.Count);
        Assert.True(first.HasMore);
        Assert.Equal(IncidentPageCursor.Of(first.Items[^1]), first.Next);

        // Exactly Take left: a full page and nothing after it.
        var last = await Store.QueryAsync(uncounted with { After = first.Next }, None);
        Assert.Equal(IncidentSummaryPage.NotCounted, last.TotalCount);
        Assert.Equal(3, last.Items.Count);
        Assert.False(last.HasMore);
        Assert.Null(last.Next);

        // The same boundary by skip, and one short of it.
        Assert.False((await Store.QueryAsync(uncounted with { Skip = 3 }, None)).HasMore);
        Assert.True((await Store.QueryAsync(uncounted with { Skip = 2 }, None)).HasMore);
        Assert.False((await Store.QueryAsync(uncounted with { Take = 6 }, None)).HasMore);
        Assert.True((await Store.QueryAsync(uncounted with { Take = 5 }, None)).HasMore);

        // Past the end: empty, nothing more, still not counted.
        var past = await Store.QueryAsync(uncounted with { After = IncidentPageCursor.Of(last.Items[^1]) }, None);
        Assert.Empty(past.Items);
        Assert.False(past.HasMore);
        Assert.Null(past.Next);
        Assert.Equal(IncidentSummaryPage.NotCounted, past.TotalCount);
        Assert.Equal(IncidentSummaryPage.NotCounted, (await Store.QueryAsync(uncounted with { Skip = int.MaxValue }, None)).TotalCount);
    }

    /// <summary>Checks <c>QueryAsync</c> — counted pages: the total as before, with <c>HasMore</c> and <c>Next</c> set too; after a cursor, the total counts what follows it.</summary>
    [Fact]
    public async Task QueryAsync_Counted_KeepsTheTotalAndSetsHasMore()
    {
        var summaries = await SeedSummariesAsync();
        var all = Expected(summaries, new IncidentQuery { Take = IncidentQuery.MaxPageSize }).Items;

        var first = await Store.QueryAsync(new IncidentQuery { Take = 10 }, None);
        Assert.Equal(summaries.Count, first.TotalCount);
        Assert.True(first.HasMore);
        Assert.Equal(new IncidentPageCursor(all[9].ReportedAt, all[9].Id), first.Next);

        var second = await Store.QueryAsync(new IncidentQuery { Take = 10, After = first.Next }, None);
        Assert.Equal(summaries.Count - 10, second.TotalCount);
        AssertPage(Expected(summaries, new IncidentQuery { Take = 10, After = first.Next }), second);

        var whole = await Store.QueryAsync(new IncidentQuery { Take = summaries.Count }, None);
        Assert.Equal(summaries.Count, whole.TotalCount);
        Assert.False(whole.HasMore);
        Assert.Null(whole.Next);
    }

    /// <summary>Checks <c>QueryAsync</c> — a cursor among ties: only greater ids at its instant, in any offset; skip applies after it.</summary>
    [Fact]
    public async Task QueryAsync_CursorAmongTies_ReturnsGreaterIdsAtItsInstantInAnyOffset()
    {
        var china = TimeSpan.FromHours(8);
        var later = new IncidentId(Guid.Parse("00000000-0000-0000-0000-000000000003"));
        foreach (var (id, i) in TrickyIds.Reverse().Select((id, i) => (id, i)))
        {
            // The same instant written in two offsets: only the UTC instant orders.
            await SaveSummaryAsync(Summary(id, reportedAt: i % 2 == 0 ? T0 : T0.ToOffset(china)));
        }

        await SaveSummaryAsync(Summary(later, reportedAt: T0.AddTicks(1)));
        await SaveSummaryAsync(Summary(new IncidentId(Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff")), reportedAt: T0.AddTicks(-1)));
        var order = TrickyIds.Order(Comparer<IncidentId>.Create((a, b) => a.Value.CompareTo(b.Value))).ToList();

        for (var at = 0; at < order.Count; at++)
        {
            foreach (var offset in new[] { TimeSpan.Zero, china, TimeSpan.FromHours(-5) })
            {
                var cursor = new IncidentPageCursor(T0.ToOffset(offset), order[at]);
                var page = await Store.QueryAsync(new IncidentQuery { After = cursor, Take = IncidentQuery.MaxPageSize, CountTotal = false }, None);
                Assert.Equal(order.Skip(at + 1).Append(later), page.Items.Select(s => s.Id));

                var skipped = await Store.QueryAsync(new IncidentQuery { After = cursor, Skip = 2, Take = 3 }, None);
                Assert.Equal(order.Skip(at + 1).Append(later).Skip(2).Take(3), skipped.Items.Select(s => s.Id));
                Assert.Equal(order.Count - at, skipped.TotalCount);
            }
        }

        // A cursor on no stored summary works the same: strictly after its position.
        var between = await Store.QueryAsync(new IncidentQuery { After = new IncidentPageCursor(T0, new IncidentId(Guid.Parse("00000000-0000-0000-0000-000000000002"))), CountTotal = false, Take = 2 }, None);
        Assert.Equal(order.Where(id => id.Value.CompareTo(Guid.Parse("00000000-0000-0000-0000-000000000002")) > 0).Take(2), between.Items.Select(s => s.Id));
        Assert.True(between.HasMore);
    }

    /// <summary>Walks every page of <paramref name="query"/> by <see cref="IncidentSummaryPage.Next"/>, checking each page's paging fields.</summary>
    private async Task<IReadOnlyList<IncidentSummary>> WalkAsync(IncidentQuery query)
    {
        var walked = new List<IncidentSummary>();
        var seen = new HashSet<IncidentId>();
        var cursor = (IncidentPageCursor?)null;
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages <= 1_000, $"Walking {query} did not end.");
            var page = await Store.QueryAsync(query with { After = cursor }, None);
            if (!query.CountTotal)
            {
                Assert.Equal(IncidentSummaryPage.NotCounted, page.TotalCount);
            }

            Assert.True(page.Items.Count <= query.Take, $"A page of {page.Items.Count} for Take {query.Take}.");
            Assert.All(page.Items, s => Assert.True(seen.Add(s.Id), $"{s.Id} returned twice walking {query}."));
            walked.AddRange(page.Items);
            if (!page.HasMore)
            {
                Assert.Null(page.Next);
                return walked;
            }

            Assert.Equal(query.Take, page.Items.Count);
            Assert.Equal(IncidentPageCursor.Of(page.Items[^1]), page.Next);
            cursor = page.Next;
        }
    }
}
