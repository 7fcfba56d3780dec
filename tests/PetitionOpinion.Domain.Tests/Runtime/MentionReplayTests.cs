using PetitionOpinion.Incidents;
using PetitionOpinion.Monitoring;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.OpinionMonitoring;

/// <summary>
/// <see cref="MentionReplay"/>: rows that cannot be read (bad time, bad number, missing or extra fields) and rows with
/// values out of range are reported by line number and skipped, late, duplicate and far-ahead rows show in the counts,
/// and the replay goes on; the <see cref="ReplayClock"/> follows the rows and never goes back.
/// </summary>
public sealed class MentionReplayTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ReplayCountsAsync_MalformedRows_AreReportedByLineAndTheReplayGoesOn()
    {
        const string Csv = """
            timestamp,value
            2026-03-02 00:00:00,10
            2026-03-02 00:05:00,12
            not a time,5
            2026-03-02 00:10:00,abc
            2026-03-02 00:15:00
            2026-03-02 00:20:00,-3

            2026-03-02 00:25:00,12.0
            2026-03-02 00:30:00,7.5
            2026-03-02 00:01:00,4
            2026-03-02T00:35:00+08:00,3
            2026-03-02T00:40:00Z,5
            2026-03-02 00:45:00,1,2
            """;
        var clock = new ReplayClock(Start);
        using var monitor = Monitor(clock);
        var reader = new ClockSamplingReader(Csv, clock);

        var report = await MentionReplay.ReplayCountsAsync(monitor, "brand", reader, clock, None);

        Assert.Equal(12, report.Rows);
        Assert.Equal(
            ["line 4", "line 5", "line 6", "line 7", "line 10", "line 14"],
            report.Malformed.Select(m => m[..m.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Equal(6, report.MalformedCount);
        Assert.Contains("out of range", report.Malformed[3], StringComparison.Ordinal);
        Assert.All(report.Malformed.Where((_, i) => i != 3), m => Assert.EndsWith("expected timestamp,value with a whole number of mentions", m, StringComparison.Ordinal));

        // Lines 2, 3, 9 and 13 counted; 11 and 12 (the +08:00 one is 16:35 UTC the day before) late; 7 out of range.
        Assert.Equal(new MonitorCounts(4, 0, 2, 1, 0), report.Counts);
        Assert.Empty(report.Alerts);
        Assert.Equal(Start.AddMinutes(40), clock.GetUtcNow());

        // The clock before each line was read: it moves with each row that was read (even one out of range), never back.
        DateTimeOffset[] expected =
        [
            Start, Start, Start, Start.AddMinutes(5), Start.AddMinutes(5), Start.AddMinutes(5), Start.AddMinutes(5),
            Start.AddMinutes(20), Start.AddMinutes(20), Start.AddMinutes(25), Start.AddMinutes(25), Start.AddMinutes(25),
            Start.AddMinutes(25), Start.AddMinutes(40), Start.AddMinutes(40),
        ];
        Assert.Equal(expected, reader.ClockAtEachRead);
    }

    [Fact]
    public async Task ReplaySignalsAsync_MalformedRows_AreReportedByLineAndTheReplayGoesOn()
    {
        const string Csv = """
            timestamp,topic,platform,sentiment,reach,influence,id
            2026-03-02 00:00:10,brand,weibo,-0.5,100,20,a1
            2026-03-02 00:00:20,brand,weibo,0.3,200,10
            2026-03-02 00:00:30,brand,weibo,0.3,200,10,
            garbage
            2026-03-02 00:00:40,brand,weibo,x,100,1,b
            2026-03-02 00:00:50,brand,weibo,0.1,1.5,1,c
            2026-03-02 00:01:00,brand,weibo,0.1,100,abc,d
            2026-03-02 00:01:10,brand,weibo,1.5,100,1,e
            2026-03-02 00:01:20,,weibo,0.1,100,1,f
            2026-03-02 00:01:30,brand,weibo,NaN,100,1,g
            2026-03-02 00:01:40,brand,douyin,-0.5,100,20,a1
            2026-03-02 00:00:20,brand,weibo,0.3,200,10
            2026-03-01 23:59:00,brand,weibo,0.1,100,1,h
            2026-03-02 00:02:00,other,weibo,0.1,100,1,i,extra
            2026-03-02 00:03:00,other,weibo,-1,2000000,5,j
            """;
        var clock = new ReplayClock(Start);
        using var monitor = Monitor(clock);
        var reader = new ClockSamplingReader(Csv, clock);

        var report = await MentionReplay.ReplaySignalsAsync(monitor, reader, clock, None);

        Assert.Equal(15, report.Rows);
        Assert.Equal(
            ["line 5", "line 6", "line 7", "line 8", "line 9", "line 10", "line 11", "line 15"],
            report.Malformed.Select(m => m[..m.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Equal(8, report.MalformedCount);
        Assert.Equal(
            ["line 9", "line 10", "line 11"],
            report.Malformed.Where(m => m.Contains("out of range", StringComparison.Ordinal)).Select(m => m[..m.IndexOf(':', StringComparison.Ordinal)]));

        // Lines 2, 3, 4 and 16 counted; 12 (same id) and 13 (same fields) duplicates; 14 late; 9, 10 and 11 out of range.
        Assert.Equal(new MonitorCounts(4, 2, 1, 3, 0), report.Counts);
        var alert = Assert.Single(report.Alerts);
        Assert.Equal(("other", OpinionAlertKind.HighReachPost, Start.AddMinutes(3)), (alert.Alert.Topic, alert.Alert.Kind, alert.Alert.At));
        Assert.Equal(Start.AddMinutes(3), clock.GetUtcNow());
        Assert.Equal(reader.ClockAtEachRead.Order(), reader.ClockAtEachRead);
        Assert.Equal(Start.AddMinutes(1).AddSeconds(40), reader.ClockAtEachRead[13]);
    }

    [Fact]
    public async Task ReplaySignalsAsync_QuotedFieldsWithCommasQuotesAndLineBreaks_AreReadAsRfc4180Says()
    {
        // A topic with a comma and a quote, a platform across two lines (the next row starts on line 5), CRLF line ends, a
        // doubled quote; a quote left open makes the rest one malformed row.
        const string Csv = "timestamp,topic,platform,sentiment,reach,influence,id\r\n"
            + "2026-03-02 00:00:10,\"Acme \"\"Pro\"\", battery\",weibo,-0.5,100,20,a1\r\n"
            + "2026-03-02 00:00:20,\"Acme \"\"Pro\"\", battery\",\"wei\nbo\",0.3,200,10,\"a,2\"\r\n"
            + "2026-03-02 00:00:30,\"unclosed,weibo,0.3,200,10,a3\r\n";
        var clock = new ReplayClock(Start);
        using var monitor = Monitor(clock);

        var report = await MentionReplay.ReplaySignalsAsync(monitor, new StringReader(Csv), clock, None);

        Assert.Equal(3, report.Rows);
        Assert.Equal(new MonitorCounts(2, 0, 0, 0, 0), report.Counts);
        var problem = Assert.Single(report.Malformed);
        Assert.StartsWith("line 5: a quoted field is not closed", problem, StringComparison.Ordinal);
        Assert.Equal(Start.AddSeconds(20), clock.GetUtcNow());
    }

    [Fact]
    public async Task ReplayCountsAsync_QuotedCount_IsRead()
    {
        var clock = new ReplayClock(Start);
        using var monitor = Monitor(clock);

        var report = await MentionReplay.ReplayCountsAsync(monitor, "brand", new StringReader("timestamp,value\n\"2026-03-02 00:00:00\",\"12\"\n"), clock, None);

        Assert.Equal((1L, 0L, 1), (report.Rows, report.MalformedCount, report.Counts.Accepted));
    }

    [Fact]
    public async Task ReplayCountsAsync_MoreThanAHundredMalformedRows_ListsAHundredAndCountsAll()
    {
        var csv = "timestamp,value\n" + string.Concat(Enumerable.Range(0, 150).Select(i => $"row {i}\n")) + "2026-03-02 00:00:00,5\n";
        var clock = new ReplayClock(Start);
        using var monitor = Monitor(clock);

        var report = await MentionReplay.ReplayCountsAsync(monitor, "brand", new StringReader(csv), clock, None);

        Assert.Equal((151L, 150L, 100), (report.Rows, report.MalformedCount, report.Malformed.Count));
        Assert.StartsWith("line 101:", report.Malformed[^1], StringComparison.Ordinal);
        Assert.Equal(1, report.Counts.Accepted);
    }

    [Fact]
    public async Task ReplayCountsAsync_WithoutAClock_CountsRowsUpToTheMonitorsClock()
    {
        // Without a replay clock the monitor's own clock decides what is too far ahead.
        var clock = new ReplayClock(Start.AddMinutes(10));
        using var monitor = Monitor(clock);
        const string Csv = "timestamp,value\n2026-03-02 00:00:00,5\n2026-03-02 00:15:00,5\n2026-03-02 00:15:01,5\n";

        var report = await MentionReplay.ReplayCountsAsync(monitor, "brand", new StringReader(Csv), null, None);

        Assert.Equal(new MonitorCounts(2, 0, 0, 0, 1), report.Counts);
        Assert.Equal(0, report.MalformedCount);
        Assert.Equal(Start.AddMinutes(10), clock.GetUtcNow());
    }

    [Fact]
    public void AdvanceTo_EarlierTime_LeavesTheClockWhereItIs()
    {
        var clock = new ReplayClock(Start);

        clock.AdvanceTo(Start.AddHours(1));
        clock.AdvanceTo(Start.AddMinutes(30));
        clock.AdvanceTo(new DateTimeOffset(2026, 3, 2, 8, 45, 0, TimeSpan.FromHours(8)));

        Assert.Equal(Start.AddHours(1), clock.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, clock.GetUtcNow().Offset);
    }

    [Fact]
    public async Task AdvanceTo_FromManyThreadsAtOnce_EndsAtTheLatestTime()
    {
        var clock = new ReplayClock(Start);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                clock.AdvanceTo(Start.AddSeconds((i * 8) + t));
            }
        })));

        Assert.Equal(Start.AddSeconds((9_999 * 8) + 7), clock.GetUtcNow());
    }

    private static OpinionMonitor Monitor(TimeProvider clock)
    {
        var scenario = new Scenario();
        var repository = new IncidentRepository(new InMemoryIncidentStore(), scenario.Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions());
        return new OpinionMonitor(repository, new OpinionMonitorOptions { OpenIncidents = false }, clock, RiskCategory.ProductQuality);
    }

    /// <summary>
    /// A reader of text that gives at most one line (with its line break) per read and notes where the clock stands each
    /// time text is asked for: the replay asks for the next line once it has handled the rows before it.
    /// </summary>
    private sealed class ClockSamplingReader(string text, TimeProvider clock) : TextReader
    {
        private readonly StringReader _inner = new(text);
        private int _position;

        public List<DateTimeOffset> ClockAtEachRead { get; } = [];

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            ClockAtEachRead.Add(clock.GetUtcNow());
            if (_position >= text.Length)
            {
                return 0;
            }

            var end = text.IndexOf('\n', _position);
            var length = Math.Min(buffer.Length, (end < 0 ? text.Length : end + 1) - _position);
            text.AsSpan(_position, length).CopyTo(buffer);
            _position += length;
            return length;
        }

        public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
            => ValueTask.FromResult(Read(buffer.Span));

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
