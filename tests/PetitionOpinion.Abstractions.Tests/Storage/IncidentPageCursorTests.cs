using FsCheck.Xunit;
using PetitionOpinion.Incidents;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Tests.Storage;

/// <summary>Keyset paging: a cursor cuts the query order (UTC instant, then id) exactly after its position; pages point to the next.</summary>
public sealed class IncidentPageCursorTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    // Few instants (many ties), each written in one of three offsets: only the UTC instant and then the id may order.
    [Property(MaxTest = 500)]
    public bool After_MatchesExactlyTheSummariesPastTheCursorInTheQueryOrder(byte[] instants, Guid[] ids, int at)
    {
        var summaries = instants.Zip(ids, (instant, id) => Summary(id, At.AddTicks(instant % 4).ToOffset(TimeSpan.FromHours((instant % 3) - 1))))
            .DistinctBy(s => s.Id).ToList();
        var ordered = summaries.OrderBy(s => s.ReportedAt).ThenBy(s => s.Id.Value).ToList();
        if (ordered.Count == 0)
        {
            return true;
        }

        var index = (int)((uint)at % ordered.Count);
        var query = new IncidentQuery { After = IncidentPageCursor.Of(ordered[index]) with { ReportedAt = ordered[index].ReportedAt.ToOffset(TimeSpan.FromHours(8)) } };
        return ordered.Where(query.Matches).SequenceEqual(ordered.Skip(index + 1));
    }

    [Fact]
    public void Of_NextIsTheLastItemsCursorOnlyWhenMoreFollow()
    {
        var items = new[] { Summary(Guid.NewGuid(), At), Summary(Guid.NewGuid(), At.AddTicks(1)) };

        var more = IncidentSummaryPage.Of(items, IncidentSummaryPage.NotCounted, hasMore: true);
        var last = IncidentSummaryPage.Of(items, 2, hasMore: false);

        Assert.Equal(new IncidentPageCursor(At.AddTicks(1), items[1].Id), more.Next);
        Assert.True(more.HasMore);
        Assert.Equal(-1, more.TotalCount);
        Assert.Null(last.Next);
        Assert.False(last.HasMore);
        Assert.Null(IncidentSummaryPage.Of([], 0, hasMore: false).Next);
    }

    [Fact]
    public void CountTotal_IsOnByDefault_AndAfterIsNull()
    {
        var query = new IncidentQuery();

        Assert.True(query.CountTotal);
        Assert.Null(query.After);
        Assert.Null((query with { CountTotal = false, After = new IncidentPageCursor(At, new IncidentId(Guid.NewGuid())) }).Problem());
    }

    private static IncidentSummary Summary(Guid id, DateTimeOffset reportedAt)
        => new(new IncidentId(id), IncidentKind.Petition, IntakeChannel.Hotline, RiskCategory.DataPrivacy, IncidentState.Reported, null, reportedAt, reportedAt, null, 1);
}
