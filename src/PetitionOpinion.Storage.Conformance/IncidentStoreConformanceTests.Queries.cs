using PetitionOpinion.Incidents;

namespace PetitionOpinion.Storage.Conformance;

/// <content>Queries: every filter, paging, order (reported time, then id in <see cref="Guid.CompareTo(Guid)"/> order).</content>
public abstract partial class IncidentStoreConformanceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Gets pseudonyms as the library writes them (32 hexadecimal digits); the last is on no seeded summary.</summary>
    private static readonly string[] PetitionerPseudonyms =
        ["0123456789abcdef0123456789abcdef", "89abcdef0123456789abcdef01234567", "fedcba9876543210fedcba9876543210", "00000000000000000000000000000000"];

    /// <summary>Gets the seeded summaries' petitioner keys, in turn: none, one, several (separated by spaces).</summary>
    private static readonly string?[] PetitionerKeySets =
        [null, PetitionerPseudonyms[0], $"{PetitionerPseudonyms[0]} {PetitionerPseudonyms[1]}", PetitionerPseudonyms[2], null, PetitionerPseudonyms[1]];

    /// <summary>Gets ids that sort differently under <see cref="Guid.CompareTo(Guid)"/>, signed comparison, little-endian bytes or case-insensitive text.</summary>
    private static IReadOnlyList<IncidentId> TrickyIds { get; } =
    [
        new(Guid.Parse("00000001-0000-0000-0000-000000000000")),
        new(Guid.Parse("00000100-0000-0000-0000-000000000000")),
        new(Guid.Parse("7fffffff-ffff-ffff-ffff-ffffffffffff")),
        new(Guid.Parse("80000000-0000-0000-0000-000000000000")),
        new(Guid.Parse("ffffffff-0000-0000-0000-000000000000")),
        new(Guid.Parse("00000000-0001-0000-0000-000000000000")),
        new(Guid.Parse("00000000-0100-0000-0000-000000000000")),
        new(Guid.Parse("00000000-0000-0001-0000-000000000000")),
        new(Guid.Parse("00000000-0000-0100-0000-000000000000")),
        new(Guid.Parse("00000000-0000-0000-0001-000000000000")),
        new(Guid.Parse("00000000-0000-0000-8000-000000000000")),
        new(Guid.Parse("00000000-0000-0000-0000-000000000001")),
        new(Guid.Parse("00000000-0000-0000-0000-0000000000ff")),
        new(Guid.Parse("0000000a-0000-0000-0000-000000000000")),
        new(Guid.Parse("00000009-0000-0000-0000-000000000000")),
    ];

    /// <summary>Checks <c>QueryAsync</c> — no filter: returns all ordered by reported at then id.</summary>
    [Fact]
    public async Task QueryAsync_NoFilter_ReturnsAllOrderedByReportedAtThenId()
    {
        var summaries = await SeedSummariesAsync();

        var page = await Store.QueryAsync(new IncidentQuery { Take = IncidentQuery.MaxPageSize }, None);

        AssertPage(Expected(summaries, new IncidentQuery { Take = IncidentQuery.MaxPageSize }), page);
    }

    /// <summary>Checks <c>QueryAsync</c> — ids tied on reported at: are ordered as guid compare to.</summary>
    [Fact]
    public async Task QueryAsync_IdsTiedOnReportedAt_AreOrderedAsGuidCompareTo()
    {
        // Every tricky id reported at the same instant: only the id orders them.
        foreach (var id in TrickyIds.Reverse())
        {
            await SaveSummaryAsync(Summary(id, reportedAt: T0));
        }

        var page = await Store.QueryAsync(new IncidentQuery(), None);

        Assert.Equal(TrickyIds.Order(Comparer<IncidentId>.Create((a, b) => a.Value.CompareTo(b.Value))), page.Items.Select(s => s.Id));
    }

    /// <summary>Checks <c>QueryAsync</c> — by states: returns only those states.</summary>
    [Fact]
    public async Task QueryAsync_ByStates_ReturnsOnlyThoseStates()
    {
        var summaries = await SeedSummariesAsync();

        await AssertQueryAsync(summaries, new IncidentQuery { States = [IncidentState.Responding] }, atLeast: 1);
        await AssertQueryAsync(summaries, new IncidentQuery { States = [IncidentState.Reported, IncidentState.Closed, IncidentState.Dismissed] }, atLeast: 2);
        await AssertQueryAsync(summaries, new IncidentQuery { States = Enum.GetValues<IncidentState>() }, atLeast: summaries.Count);
    }

    /// <summary>Checks <c>QueryAsync</c> — by levels: returns only assessed incidents of those levels.</summary>
    [Fact]
    public async Task QueryAsync_ByLevels_ReturnsOnlyAssessedIncidentsOfThoseLevels()
    {
        var summaries = await SeedSummariesAsync();

        await AssertQueryAsync(summaries, new IncidentQuery { Levels = [SeverityLevel.I] }, atLeast: 1);
        await AssertQueryAsync(summaries, new IncidentQuery { Levels = [SeverityLevel.II, SeverityLevel.IV] }, atLeast: 2);
        var all = await AssertQueryAsync(summaries, new IncidentQuery { Levels = Enum.GetValues<SeverityLevel>() }, atLeast: 1);
        Assert.DoesNotContain(all, s => s.Level is null);
        Assert.Contains(summaries, s => s.Level is null);
    }

    /// <summary>Checks <c>QueryAsync</c> — by categories: matches exact names including custom ones.</summary>
    [Fact]
    public async Task QueryAsync_ByCategories_MatchesExactNamesIncludingCustomOnes()
    {
        var summaries = await SeedSummariesAsync();

        await AssertQueryAsync(summaries, new IncidentQuery { Categories = [RiskCategory.DataPrivacy] }, atLeast: 1);
        await AssertQueryAsync(summaries, new IncidentQuery { Categories = [new RiskCategory("SupplyChain"), RiskCategory.ServiceAttitude] }, atLeast: 2);
        await AssertQueryAsync(summaries, new IncidentQuery { Categories = [new RiskCategory("supplychain")] }, atLeast: 0);
        Assert.Empty((await Store.QueryAsync(new IncidentQuery { Categories = [new RiskCategory("supplychain")] }, None)).Items);
    }

    /// <summary>Checks <c>QueryAsync</c> — by channels: returns only those channels.</summary>
    [Fact]
    public async Task QueryAsync_ByChannels_ReturnsOnlyThoseChannels()
    {
        var summaries = await SeedSummariesAsync();

        await AssertQueryAsync(summaries, new IncidentQuery { Channels = [IntakeChannel.SocialMedia] }, atLeast: 1);
        await AssertQueryAsync(summaries, new IncidentQuery { Channels = [IntakeChannel.Hotline, IntakeChannel.Regulator] }, atLeast: 2);
    }

    /// <summary>Checks <c>QueryAsync</c> — by reported range: from is inclusive before is exclusive to the tick.</summary>
    [Fact]
    public async Task QueryAsync_ByReportedRange_FromIsInclusiveBeforeIsExclusiveToTheTick()
    {
        var summaries = await SeedSummariesAsync();
        var boundary = T0.AddHours(1);

        var from = await AssertQueryAsync(summaries, new IncidentQuery { ReportedFrom = boundary, Take = IncidentQuery.MaxPageSize }, atLeast: 1);
        var before = await AssertQueryAsync(summaries, new IncidentQuery { ReportedBefore = boundary, Take = IncidentQuery.MaxPageSize }, atLeast: 1);
        Assert.Contains(from, s => s.ReportedAt == boundary);
        Assert.DoesNotContain(before, s => s.ReportedAt == boundary);
        Assert.Contains(before, s => s.ReportedAt == boundary.AddTicks(-1));
        Assert.Equal(summaries.Count, from.Count + before.Count);
        await AssertQueryAsync(summaries, new IncidentQuery { ReportedFrom = boundary, ReportedBefore = boundary.AddTicks(1) }, atLeast: 1);
        await AssertQueryAsync(summaries, new IncidentQuery { ReportedFrom = boundary, ReportedBefore = boundary }, atLeast: 0);
    }

    /// <summary>Checks <c>QueryAsync</c> — reported range with an offset: compares instants.</summary>
    [Fact]
    public async Task QueryAsync_ReportedRangeWithAnOffset_ComparesInstants()
    {
        var summaries = await SeedSummariesAsync();
        var china = TimeSpan.FromHours(8);

        var local = await Store.QueryAsync(new IncidentQuery { ReportedFrom = T0.AddHours(1).ToOffset(china), ReportedBefore = T0.AddDays(1).ToOffset(china) }, None);

        AssertPage(Expected(summaries, new IncidentQuery { ReportedFrom = T0.AddHours(1), ReportedBefore = T0.AddDays(1) }), local);
        Assert.NotEmpty(local.Items);
    }

    /// <summary>Checks <c>QueryAsync</c> — overdue: matches open directives due strictly before.</summary>
    [Fact]
    public async Task QueryAsync_Overdue_MatchesOpenDirectivesDueStrictlyBefore()
    {
        var summaries = await SeedSummariesAsync();
        var at = T0.AddDays(2);

        var overdue = await AssertQueryAsync(summaries, new IncidentQuery { OverdueAt = at }, atLeast: 1);

        Assert.All(overdue, s => Assert.True(s.NextDueAt < at));
        Assert.Contains(summaries, s => s.NextDueAt == at);
        Assert.Contains(summaries, s => s.NextDueAt is null);
        await AssertQueryAsync(summaries, new IncidentQuery { OverdueAt = at.AddTicks(1) }, atLeast: overdue.Count + 1);
    }

    /// <summary>Checks <c>QueryAsync</c> — combined filters: are anded.</summary>
    [Fact]
    public async Task QueryAsync_CombinedFilters_AreAnded()
    {
        var summaries = await SeedSummariesAsync();

        await AssertQueryAsync(summaries, new IncidentQuery
        {
            States = [IncidentState.Directed, IncidentState.Responding],
            Levels = [SeverityLevel.I, SeverityLevel.II, SeverityLevel.III],
            Channels = [IntakeChannel.Hotline, IntakeChannel.SocialMedia, IntakeChannel.Email],
            ReportedFrom = T0,
            OverdueAt = T0.AddDays(30),
        }, atLeast: 1);
    }

    /// <summary>Checks <c>QueryAsync</c> — empty filter collections: match nothing.</summary>
    [Fact]
    public async Task QueryAsync_EmptyFilterCollections_MatchNothing()
    {
        var summaries = await SeedSummariesAsync();

        foreach (var query in new IncidentQuery[] { new() { States = [] }, new() { Levels = [] }, new() { Categories = [] }, new() { Channels = [] } })
        {
            Assert.Equal(0, (await Store.QueryAsync(query, None)).TotalCount);
            await AssertQueryAsync(summaries, query, atLeast: 0);
        }
    }

    /// <summary>Checks <c>QueryAsync</c> — by petitioner: matches incidents with any of the pseudonyms, exactly.</summary>
    [Fact]
    public async Task QueryAsync_ByPetitioner_MatchesIncidentsWithAnyOfThePseudonyms()
    {
        var summaries = await SeedSummariesAsync();
        var (a, b, c) = (PetitionerPseudonyms[0], PetitionerPseudonyms[1], PetitionerPseudonyms[2]);

        var withA = await AssertQueryAsync(summaries, new IncidentQuery { ByPetitioner = [a], Take = IncidentQuery.MaxPageSize }, atLeast: 2);
        Assert.All(withA, s => Assert.Contains(a, s.PetitionerKeys));
        var withAOrC = await AssertQueryAsync(summaries, new IncidentQuery { ByPetitioner = [c, a, a], Take = IncidentQuery.MaxPageSize }, atLeast: 3);
        Assert.Contains(withAOrC, s => s.PetitionerKeys.Count > 1);
        await AssertQueryAsync(summaries, new IncidentQuery { ByPetitioner = [b], States = [IncidentState.Reported, IncidentState.Responding] }, atLeast: 1);
        await AssertQueryAsync(summaries, new IncidentQuery { ByPetitioner = [a, b, c, PetitionerPseudonyms[3]], Take = IncidentQuery.MaxPageSize }, atLeast: summaries.Count(s => s.PetitionerKey is not null));

        // Exact: no prefix, no other case, no part of a pseudonym; never an incident without one.
        Assert.Equal(0, (await Store.QueryAsync(new IncidentQuery { ByPetitioner = [a[..16]] }, None)).TotalCount);
        Assert.Equal(0, (await Store.QueryAsync(new IncidentQuery { ByPetitioner = [a.ToUpperInvariant()] }, None)).TotalCount);
        Assert.Equal(0, (await Store.QueryAsync(new IncidentQuery { ByPetitioner = ["ffffffffffffffffffffffffffffffff"] }, None)).TotalCount);
        Assert.Equal(0, (await Store.QueryAsync(new IncidentQuery { ByPetitioner = [] }, None)).TotalCount);
    }

    /// <summary>Checks <c>QueryAsync</c> — by petitioner: follows a summary's pseudonyms as later appends change them.</summary>
    [Fact]
    public async Task QueryAsync_ByPetitioner_FollowsTheLatestSummary()
    {
        var id = new IncidentId(Guid.NewGuid());
        var (a, b) = (PetitionerPseudonyms[0], PetitionerPseudonyms[1]);
        var first = Summary(id, T0, petitionerKey: a);
        await SaveSummaryAsync(first);
        var events = await Store.LoadAsync(id, None);

        var second = first with { Version = 2, PetitionerKey = $"{a} {b}" };
        Assert.Equal(AppendResult.Appended, await AppendAsync([new IncidentAppend(id, 1, [events[0] with { Version = 2 }], second)]));
        Assert.Equal(1, (await Store.QueryAsync(new IncidentQuery { ByPetitioner = [b] }, None)).TotalCount);

        var third = second with { Version = 3, PetitionerKey = null };
        Assert.Equal(AppendResult.Appended, await AppendAsync([new IncidentAppend(id, 2, [events[0] with { Version = 3 }], third)]));
        Assert.Equal(0, (await Store.QueryAsync(new IncidentQuery { ByPetitioner = [a, b] }, None)).TotalCount);
        AssertSameSummary(third, Assert.Single((await Store.QueryAsync(new IncidentQuery(), None)).Items));
    }

    /// <summary>Checks <c>QueryAsync</c> — a petitioner filter out of range: throws argument exception.</summary>
    [Fact]
    public async Task QueryAsync_PetitionerFilterOutOfRange_ThrowsArgumentException()
    {
        await SeedSummariesAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.QueryAsync(new IncidentQuery { ByPetitioner = [.. Enumerable.Range(0, IncidentQuery.MaxPetitionerKeys + 1).Select(i => i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture))] }, None));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.QueryAsync(new IncidentQuery { ByPetitioner = ["a b"] }, None));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.QueryAsync(new IncidentQuery { ByPetitioner = [string.Empty] }, None));
    }

    /// <summary>Checks <c>QueryAsync</c> — pages: concatenate to the whole order with the same total.</summary>
    [Fact]
    public async Task QueryAsync_Pages_ConcatenateToTheWholeOrderWithTheSameTotal()
    {
        var summaries = await SeedSummariesAsync();
        var query = new IncidentQuery { States = [IncidentState.Reported, IncidentState.Assessed, IncidentState.Directed, IncidentState.Responding] };
        var expected = Expected(summaries, query with { Take = IncidentQuery.MaxPageSize }).Items;
        Assert.True(expected.Count > 7);

        foreach (var take in new[] { 1, 3, 7, expected.Count, IncidentQuery.MaxPageSize })
        {
            var seen = new List<IncidentSummary>();
            for (var skip = 0; skip < expected.Count + take; skip += take)
            {
                var page = await Store.QueryAsync(query with { Skip = skip, Take = take }, None);
                Assert.Equal(expected.Count, page.TotalCount);
                Assert.True(page.Items.Count <= take);
                seen.AddRange(page.Items);
            }

            Assert.Equal(expected, seen);
        }
    }

    /// <summary>Checks <c>QueryAsync</c> — skip past the end: returns no items and the total.</summary>
    [Fact]
    public async Task QueryAsync_SkipPastTheEnd_ReturnsNoItemsAndTheTotal()
    {
        var summaries = await SeedSummariesAsync();

        var page = await Store.QueryAsync(new IncidentQuery { Skip = summaries.Count, Take = 10 }, None);

        Assert.Empty(page.Items);
        Assert.Equal(summaries.Count, page.TotalCount);
        Assert.Equal(summaries.Count, (await Store.QueryAsync(new IncidentQuery { Skip = int.MaxValue, Take = IncidentQuery.MaxPageSize }, None)).TotalCount);
    }

    /// <summary>Checks <c>QueryAsync</c> — default take: is50.</summary>
    [Fact]
    public async Task QueryAsync_DefaultTake_Is50()
    {
        for (var i = 0; i < 55; i++)
        {
            await SaveSummaryAsync(Summary(new IncidentId(Guid.NewGuid()), reportedAt: T0.AddMinutes(i)));
        }

        var page = await Store.QueryAsync(new IncidentQuery(), None);

        Assert.Equal(50, page.Items.Count);
        Assert.Equal(55, page.TotalCount);
    }

    /// <summary>Checks <c>QueryAsync</c> — invalid paging: throws argument exception.</summary>
    [Theory]
    [InlineData(-1, 10)]
    [InlineData(int.MinValue, 10)]
    [InlineData(0, 0)]
    [InlineData(0, -5)]
    [InlineData(0, IncidentQuery.MaxPageSize + 1)]
    public async Task QueryAsync_InvalidPaging_ThrowsArgumentException(int skip, int take)
    {
        await SeedSummariesAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.QueryAsync(new IncidentQuery { Skip = skip, Take = take }, None));
    }

    /// <summary>Checks <c>QueryAsync</c> — null query: throws argument null exception.</summary>
    [Fact]
    public async Task QueryAsync_NullQuery_ThrowsArgumentNullException()
        => await Assert.ThrowsAsync<ArgumentNullException>(async () => await Store.QueryAsync(null!, None));

    /// <summary>Checks <c>QueryAsync</c> — many random queries (filters, paging, cursor, counted or not): agree with incident query matches.</summary>
    [Fact]
    public async Task QueryAsync_ManyRandomQueries_AgreeWithIncidentQueryMatches()
    {
        var summaries = await SeedSummariesAsync();
        var random = new Random(20260302);
        var states = Enum.GetValues<IncidentState>();
        var levels = Enum.GetValues<SeverityLevel>();
        var channels = Enum.GetValues<IntakeChannel>();
        RiskCategory[] categories = [RiskCategory.DataPrivacy, RiskCategory.ProductQuality, RiskCategory.ServiceAttitude, RiskCategory.SocialResponsibility, new("SupplyChain")];
        T[]? Some<T>(T[] all) => random.Next(3) == 0 ? null : [.. all.Where(_ => random.Next(2) == 0)];
        DateTimeOffset? SomeTime() => random.Next(3) == 0 ? null : T0.AddMinutes(random.Next(-60, 3 * 24 * 60)).AddTicks(random.Next(-1, 2));

        for (var i = 0; i < 300; i++)
        {
            var query = new IncidentQuery
            {
                States = Some(states),
                Levels = Some(levels),
                Categories = Some(categories),
                Channels = Some(channels),
                ReportedFrom = SomeTime(),
                ReportedBefore = SomeTime(),
                OverdueAt = SomeTime(),
                ByPetitioner = random.Next(3) == 0 ? [.. PetitionerPseudonyms.Where(_ => random.Next(3) == 0)] : null,
                Skip = random.Next(4) == 0 ? random.Next(0, 10) : 0,
                Take = random.Next(1, 20),
                CountTotal = random.Next(2) == 0,
                After = random.Next(3) == 0 ? null
                    : random.Next(2) == 0 ? IncidentPageCursor.Of(summaries[random.Next(summaries.Count)])
                    : new IncidentPageCursor(SomeTime() ?? T0, TrickyIds[random.Next(TrickyIds.Count)]),
            };

            AssertPage(Expected(summaries, query), await Store.QueryAsync(query, None), $"query {i}: {query}");
        }
    }

    /// <summary>Stores a varied set of summaries (each with a real report event) and returns them.</summary>
    /// <returns>The stored summaries.</returns>
    private async Task<IReadOnlyList<IncidentSummary>> SeedSummariesAsync()
    {
        var random = new Random(42);
        var states = Enum.GetValues<IncidentState>();
        var channels = new[] { IntakeChannel.Hotline, IntakeChannel.SocialMedia, IntakeChannel.Email, IntakeChannel.Regulator, IntakeChannel.Letter };
        RiskCategory[] categories = [RiskCategory.DataPrivacy, RiskCategory.ProductQuality, RiskCategory.ServiceAttitude, new("SupplyChain")];
        var instants = new[] { T0, T0.AddTicks(1), T0.AddHours(1).AddTicks(-1), T0.AddHours(1), T0.AddHours(1), T0.AddDays(1), T0.AddDays(1).AddMilliseconds(1), T0.AddDays(2) };
        var dues = new DateTimeOffset?[] { null, null, T0.AddDays(1), T0.AddDays(2), T0.AddDays(2).AddTicks(-1), T0.AddDays(10) };
        var ids = TrickyIds.Concat(Enumerable.Range(0, 25).Select(_ => new IncidentId(new Guid([.. Enumerable.Range(0, 16).Select(_ => (byte)random.Next(256))])))).ToList();
        var summaries = new List<IncidentSummary>();
        for (var i = 0; i < ids.Count; i++)
        {
            var state = states[i % states.Length];
            var summary = Summary(
                ids[i],
                reportedAt: instants[random.Next(instants.Length)],
                state: state,
                level: state == IncidentState.Reported || i % 7 == 3 ? null : (SeverityLevel)(1 + (i % 4)),
                category: categories[i % categories.Length],
                channel: channels[(i / 2) % channels.Length],
                nextDueAt: dues[i % dues.Length],
                petitionerKey: PetitionerKeySets[i % PetitionerKeySets.Length]);
            summaries.Add(summary);
            await SaveSummaryAsync(summary);
        }

        // Summaries are upserted: a later append replaces the first summary.
        var moved = summaries[3] with { State = IncidentState.Responding, Level = SeverityLevel.I, NextDueAt = T0.AddHours(5), UpdatedAt = T0.AddDays(3), Version = 2 };
        var first = await Store.LoadAsync(moved.Id, None);
        var second = first[0] with { Version = 2 };
        Assert.Equal(AppendResult.Appended, await AppendAsync([new IncidentAppend(moved.Id, 1, [second], moved)]));
        summaries[3] = moved;
        return summaries;
    }

    private async Task SaveSummaryAsync(IncidentSummary summary)
    {
        // A real report event of the incident; the summary is what the query tests need (a store does not cross-check them).
        var incident = Scenario.Report(id: summary.Id);
        var events = Scenario.Serializer.SerializeAll(incident.PendingEvents, null);
        incident.ClearPendingEvents();
        Assert.Equal(AppendResult.Appended, await AppendAsync([new IncidentAppend(summary.Id, 0, events, summary)]));
    }

    private static IncidentSummary Summary(IncidentId id, DateTimeOffset reportedAt, IncidentState state = IncidentState.Reported, SeverityLevel? level = null, RiskCategory? category = null, IntakeChannel channel = IntakeChannel.Hotline, DateTimeOffset? nextDueAt = null, string? petitionerKey = null)
        => new(id, IncidentKind.Petition, channel, category ?? RiskCategory.DataPrivacy, state, level, reportedAt, reportedAt.AddMinutes(5), nextDueAt, 1, PetitionerKey: petitionerKey);

    private static IncidentSummaryPage Expected(IEnumerable<IncidentSummary> summaries, IncidentQuery query)
    {
        // Matches includes the cursor (IncidentQuery.After).
        var matching = summaries.Where(query.Matches).OrderBy(s => s.ReportedAt).ThenBy(s => s.Id.Value).ToList();
        List<IncidentSummary> items = [.. matching.Skip(query.Skip).Take(query.Take)];
        var hasMore = matching.Count > (long)query.Skip + query.Take;
        return new IncidentSummaryPage(items, query.CountTotal ? matching.Count : IncidentSummaryPage.NotCounted)
        {
            HasMore = hasMore,
            Next = hasMore ? new IncidentPageCursor(items[^1].ReportedAt, items[^1].Id) : null,
        };
    }

    private async Task<IReadOnlyList<IncidentSummary>> AssertQueryAsync(IReadOnlyList<IncidentSummary> summaries, IncidentQuery query, int atLeast)
    {
        var expected = Expected(summaries, query);
        Assert.True(expected.TotalCount >= atLeast, $"The kit's data should give at least {atLeast} match(es) for {query}.");
        var page = await Store.QueryAsync(query, None);
        AssertPage(expected, page);
        return page.Items;
    }

    private static void AssertPage(IncidentSummaryPage expected, IncidentSummaryPage actual, string? because = null)
    {
        Assert.True(expected.TotalCount == actual.TotalCount, $"TotalCount {actual.TotalCount}, expected {expected.TotalCount}. {because}");
        Assert.True(expected.HasMore == actual.HasMore, $"HasMore {actual.HasMore}, expected {expected.HasMore}. {because}");
        Assert.True(expected.Next == actual.Next, $"Next {actual.Next}, expected {expected.Next}. {because}");
        Assert.True(
            expected.Items.Select(s => s.Id).SequenceEqual(actual.Items.Select(s => s.Id)),
            $"Items [{string.Join(", ", actual.Items.Select(s => s.Id))}], expected [{string.Join(", ", expected.Items.Select(s => s.Id))}]. {because}");
        for (var i = 0; i < expected.Items.Count; i++)
        {
            AssertSameSummary(expected.Items[i], actual.Items[i]);
        }
    }
}
