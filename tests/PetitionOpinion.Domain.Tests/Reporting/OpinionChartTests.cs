using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using FsCheck;
using FsCheck.Xunit;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Monitoring;
using PetitionOpinion.Reporting;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Reporting;

/// <summary>
/// The volume chart (issue 22, section 4): <see cref="VolumeChart"/> draws a topic's hourly volume, its baseline and its
/// alerts as a well-formed SVG with axes, labels and a legend; the monitor records the volume with an alert
/// (<see cref="OpinionAlertRecorded.Volume"/>), and the opinion incident's closure report embeds the chart drawn from it.
/// </summary>
public sealed partial class OpinionChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly PersonId MonitorAccount = new("system:opinion-monitor");
    private readonly Scenario _scenario = new(organization: Scenario.SeedBuilderWithPeople().AddPerson(MonitorAccount, "Opinion monitor").Build().Match(o => o, e => throw new InvalidOperationException(e.ToString())));

    [Fact]
    public void ToSvg_FiveHours_ABarPerHourTheBaselineStepsTheAlertsAxesAndLegend()
    {
        var volume = new OpinionVolume(new DateTimeOffset(2026, 3, 6, 0, 0, 0, TimeSpan.Zero), [12, 15, 9, 240, 180], [11, 13, 14.5]);
        OpinionAlert[] alerts = [Alert(volume.Start.AddHours(3).AddMinutes(20), OpinionAlertKind.VolumeSurge), Alert(volume.Start.AddDays(-2), OpinionAlertKind.HighReachPost)];

        var svg = XDocument.Parse(VolumeChart.ToSvg("x7 <电池> & \"充电\"", volume, alerts, ReportLanguage.English, TimeSpan.FromHours(8))).Root!;

        Assert.Equal(("960", "440"), ((string)svg.Attribute("width")!, (string)svg.Attribute("height")!));
        Assert.Equal("Mentions per hour of topic “x7 <电池> & \"充电\"”", svg.Element(Svg + "title")!.Value);
        var bars = svg.Descendants(Svg + "rect").Where(r => r.Element(Svg + "title") is not null).ToList();
        Assert.Equal(["03-06 08:00: 12 mentions", "03-06 09:00: 15 mentions", "03-06 10:00: 9 mentions, baseline 11", "03-06 11:00: 240 mentions, baseline 13", "03-06 12:00: 180 mentions, baseline 14.5"], bars.Select(b => b.Element(Svg + "title")!.Value));
        // The tallest bar reaches the top of the scale's 250: the scale rounds the peak up to a step of 1, 2 or 5 × 10^n.
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "250");
        var baseline = Assert.Single(svg.Descendants(Svg + "path"), p => (string?)p.Attribute("stroke") == "#f28e2b");
        Assert.Equal(3, baseline.Attribute("d")!.Value.Split('H').Length - 1);
        // Only the alert within the hours is marked, with its kind and local time; its explanation is the line's tooltip.
        var marks = svg.Descendants(Svg + "line").Where(l => (string?)l.Attribute("stroke-dasharray") == "5 3" && l.Element(Svg + "title") is not null).ToList();
        Assert.Equal("Explanation of VolumeSurge.", Assert.Single(marks).Element(Svg + "title")!.Value);
        var texts = svg.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("volume surge 03-06 11:20", texts);
        Assert.Contains("Mentions per hour", texts);
        Assert.Contains("Hour (UTC+08:00)", texts);
        Assert.Contains("03-06", texts);
        Assert.Contains("Baseline: median of the same hour on the days before", texts);
        Assert.Contains("2026-03-06 08:00 to 2026-03-06 13:00 (UTC+08:00): 456 mentions, 1 alert(s)", texts);
    }

    [Fact]
    public void ToSvg_Chinese_LabelsInChineseAndTheSameDrawing()
    {
        var volume = new OpinionVolume(new DateTimeOffset(2026, 3, 6, 0, 0, 0, TimeSpan.Zero), [12, 15, 9, 240, 180], [11, 13, 14.5]);
        OpinionAlert[] alerts = [Alert(volume.Start.AddHours(3), OpinionAlertKind.NegativeSentimentSurge)];

        var zh = VolumeChart.ToSvg("x7", volume, alerts, ReportLanguage.Chinese);
        var en = VolumeChart.ToSvg("x7", volume, alerts);

        var texts = XDocument.Parse(zh).Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("话题“x7”每小时提及数", texts);
        Assert.Contains("负面情绪激增 03-06 03:00", texts);
        Assert.Contains("时间（UTC）", texts);
        Assert.Equal(Shapes(en), Shapes(zh));
    }

    [Fact]
    public void ToSvg_SameInputInAnyCulture_SameBytes()
    {
        var volume = new OpinionVolume(new DateTimeOffset(2026, 3, 6, 0, 0, 0, TimeSpan.Zero), [1_234, 15_678], [1_000.25]);
        var invariant = VolumeChart.ToSvg("x7", volume, []);
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal(invariant, VolumeChart.ToSvg("x7", volume, []));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        Assert.DoesNotContain("1.234", invariant, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSvg_BadArguments_Refused()
    {
        var volume = new OpinionVolume(DateTimeOffset.UnixEpoch, [1], []);
        Assert.Throws<ArgumentOutOfRangeException>(() => VolumeChart.ToSvg("x", volume, [], (ReportLanguage)9));
        Assert.Throws<ArgumentOutOfRangeException>(() => VolumeChart.ToSvg("x", volume, [], ReportLanguage.English, TimeSpan.FromHours(15)));
        Assert.Throws<ArgumentNullException>(() => VolumeChart.ToSvg("x", null!, []));
    }

    [Property(MaxTest = 200)]
    public void ToSvg_AnyVolume_WellFormedWithEveryCoordinateFiniteAndInsideTheDrawing(NonNegativeInt[] counts, PositiveInt baselines, NonEmptyString topic)
    {
        var mentions = counts.Take(168).Select(c => (long)c.Get * 37).ToArray();
        var volume = new OpinionVolume(new DateTimeOffset(2026, 3, 6, 5, 0, 0, TimeSpan.Zero), mentions, [.. mentions.Take(Math.Min(mentions.Length, baselines.Get % 170)).Select(m => m / 3.0)]);
        var text = topic.Get.Where(c => !char.IsSurrogate(c) && (c >= ' ' || c == '\t')).ToArray();

        var svg = VolumeChart.ToSvg(new string(text), volume, [Alert(volume.Start.AddHours(1), OpinionAlertKind.VolumeSurge)]);

        var root = XDocument.Parse(svg).Root!;
        Assert.Equal(mentions.Length, root.Descendants(Svg + "rect").Count(r => r.Element(Svg + "title") is not null));
        foreach (var attribute in root.Descendants().Attributes().Where(a => a.Name.LocalName is "x" or "y" or "x1" or "x2" or "y1" or "y2" or "width" or "height"))
        {
            var value = double.Parse(attribute.Value, CultureInfo.InvariantCulture);
            Assert.InRange(value, -20, 960);
        }

        Assert.DoesNotContain("NaN", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("∞", svg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpinionMonitor_AnAlert_RecordsTheTopicsRecentVolumeAndTheClosureReportEmbedsItsChart()
    {
        var repository = new IncidentRepository(new InMemoryIncidentStore(), _scenario.Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions());
        using var monitor = new OpinionMonitor(repository, new OpinionMonitorOptions(), _scenario.Time, RiskCategory.ProductQuality);
        var start = new DateTimeOffset(_scenario.Now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1);
        var alerts = new List<MonitorAlert>();
        for (var at = start; at < start.AddDays(2).AddHours(10).AddMinutes(30); at = at.AddMinutes(5))
        {
            _scenario.Time.SetUtcNow(at);
            var surge = at >= start.AddDays(2).AddHours(10);
            alerts.AddRange((await monitor.ObserveCountAsync("x7 电池", at, surge ? 60 : 2 + (at.Hour % 3))).Alerts);
        }

        var opened = Assert.Single(alerts);
        var incident = (await repository.FindAsync(opened.Incident!.Value))!;
        var recorded = Assert.IsType<OpinionAlertRecorded>(incident.History[^1]);
        var volume = recorded.Volume!;
        Assert.Equal(48, volume.Mentions.Count);
        Assert.Equal(start.AddDays(2).AddHours(10).AddHours(-47), volume.Start);
        // The current hour so far: the surge's rows up to the alert; a baseline from the second day on (36 an hour at 10:00).
        Assert.True(volume.Mentions[^1] > 0 && volume.Mentions[^1] % 60 == 0, $"{volume.Mentions[^1]}");
        Assert.Equal(48 - 13, volume.Baselines.Count);
        Assert.Equal(36, volume.BaselineAt(47));

        var document = ClosureReportDocument.Build(incident, _scenario.Organization);
        var english = document.ToMarkdown(ReportLanguage.English);
        var chinese = document.ToMarkdown(ReportLanguage.Chinese);

        Assert.Contains("## Opinion volume", english, StringComparison.Ordinal);
        Assert.Contains("## 舆情声量", chinese, StringComparison.Ordinal);
        var svg = Embedded(english);
        Assert.Equal(document.OpinionChartSvg(ReportLanguage.English), svg);
        Assert.Contains("话题“x7 电池”每小时提及数", Embedded(chinese), StringComparison.Ordinal);
        var root = XDocument.Parse(svg).Root!;
        Assert.Equal(48, root.Descendants(Svg + "rect").Count(r => r.Element(Svg + "title") is not null));
        Assert.Single(root.Descendants(Svg + "line"), l => l.Element(Svg + "title")?.Value == opened.Alert.Explanation);
    }

    [Fact]
    public void ClosureReport_IncidentWithoutARecordedVolume_HasNoChart()
    {
        var incident = _scenario.Report(IncidentKind.PublicOpinion);
        var document = ClosureReportDocument.Build(incident, _scenario.Organization);

        Assert.Null(document.OpinionChartSvg(ReportLanguage.English));
        Assert.DoesNotContain("data:image", document.ToMarkdown(ReportLanguage.English), StringComparison.Ordinal);
    }

    private static string Embedded(string markdown)
        => Encoding.UTF8.GetString(Convert.FromBase64String(DataUri().Match(markdown).Groups[1].Value));

    // The data drawn, without words or the legend (whose items are placed after their words): the same in both languages.
    private static string Shapes(string svg)
        => string.Join("\n", XDocument.Parse(svg).Descendants().Where(e => e.Name.LocalName is "rect" or "path" or "line" && (e.Name.LocalName == "path" || e.Element(Svg + "title") is not null)).Select(e => string.Join(" ", e.Attributes().Select(a => $"{a.Name}={a.Value}"))));

    private static OpinionAlert Alert(DateTimeOffset at, OpinionAlertKind kind)
        => new("x7", kind, at, at.AddHours(-1), at, 10, 100, 10, 100, 10, 1_000, $"Explanation of {kind}.");

    [GeneratedRegex(@"\(data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)\)")]
    private static partial Regex DataUri();
}
