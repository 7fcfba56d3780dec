using System.Globalization;
using System.Text;
using Ardalis.GuardClauses;
using PetitionOpinion.Monitoring;

namespace PetitionOpinion.Reporting;

/// <summary>
/// Draws a topic's volume as an SVG chart a person opens in a browser: the mentions of each hour as bars, the detector's
/// baseline (the median of the same hour of the day over the days before) as a stepped line, and the alerts as marked
/// vertical lines, with axes, labels and a legend, in English or Chinese. The console sample's <c>monitor --plot</c> and
/// the opinion incident's closure report draw it (<c>docs/monitoring.md</c>).
/// </summary>
/// <remarks>
/// A small writer of the library's own rather than a plotting library: the closure report is written by the domain
/// package, which stays dependency-light and compatible with trimming and native AOT, and a chart of bars, one line and
/// a few marks is a page of SVG. The output depends only on its inputs (invariant number formatting), so that two builds
/// of an application write the same bytes. Every text is escaped for XML. Thread-safe.
/// </remarks>
public static class VolumeChart
{
    private const int Width = 960;
    private const int Height = 440;
    private const double Left = 72;
    private const double Right = Width - 24;
    private const double Top = 56;
    private const double Bottom = Height - 110;
    private const string BarColour = "#4e79a7";
    private const string BaselineColour = "#f28e2b";
    private const string AlertColour = "#d62728";
    private const string Font = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

    /// <summary>Draws a topic's hourly volume with its baseline and alerts.</summary>
    /// <param name="topic">The topic, shown in the title.</param>
    /// <param name="volume">The volume (<see cref="OpinionDetector.RecentVolume"/>, or an alert's recorded <see cref="Incidents.Events.OpinionAlertRecorded.Volume"/>).</param>
    /// <param name="alerts">The alerts to mark; those outside the volume's hours are left out. Each is marked at its <see cref="OpinionAlert.At"/> with its kind.</param>
    /// <param name="language">The language of the labels.</param>
    /// <param name="utcOffset">The offset from UTC the hours are shown in, within ±14 hours. Default: UTC.</param>
    /// <returns>The SVG document, with <c>\n</c> line endings.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="language"/> is not a <see cref="ReportLanguage"/>, or the offset is beyond ±14 hours.</exception>
    public static string ToSvg(string topic, OpinionVolume volume, IReadOnlyList<OpinionAlert> alerts, ReportLanguage language = ReportLanguage.English, TimeSpan utcOffset = default)
    {
        Guard.Against.Null(topic);
        Guard.Against.Null(volume);
        Guard.Against.Null(alerts);
        if (!Enum.IsDefined(language))
        {
            throw new ArgumentOutOfRangeException(nameof(language), language, "Not a report language.");
        }

        if (utcOffset.Duration() > TimeSpan.FromHours(14))
        {
            throw new ArgumentOutOfRangeException(nameof(utcOffset), utcOffset, "The offset must be within ±14 hours.");
        }

        return new Writer(topic, volume, alerts, language == ReportLanguage.Chinese, utcOffset).Write();
    }

    private sealed class Writer(string topic, OpinionVolume volume, IReadOnlyList<OpinionAlert> alerts, bool zh, TimeSpan offset)
    {
        private readonly StringBuilder _svg = new();
        private readonly int _hours = Math.Max(1, volume.Mentions.Count);
        private double _max = 1;

        public string Write()
        {
            var peak = volume.Mentions.Count == 0 ? 0 : volume.Mentions.Max();
            var baselinePeak = volume.Baselines.Count == 0 ? 0 : volume.Baselines.Max();
            var (max, step) = Scale(Math.Max(peak, baselinePeak));
            _max = max;
            var title = zh ? $"话题“{topic}”每小时提及数" : $"Mentions per hour of topic “{topic}”";
            Line($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"{Font}\" font-size=\"12\" role=\"img\" aria-label=\"{Escape(title)}\">");
            Line($"<title>{Escape(title)}</title>");
            Line($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"#ffffff\"/>");
            Line($"<text x=\"{Left}\" y=\"28\" font-size=\"17\" font-weight=\"600\" fill=\"#222\">{Escape(title)}</text>");
            Line($"<text x=\"{Left}\" y=\"46\" font-size=\"12\" fill=\"#555\">{Escape(Subtitle())}</text>");
            YAxis(max, step);
            Bars();
            Baseline();
            XAxis();
            Alerts();
            Legend();
            Line("</svg>");
            return _svg.ToString();
        }

        private string Subtitle()
        {
            var from = Local(volume.Start);
            var to = Local(volume.Start.AddHours(volume.Mentions.Count));
            var total = volume.Mentions.Sum();
            return zh
                ? string.Create(CultureInfo.InvariantCulture, $"{from:yyyy-MM-dd HH:mm} 至 {to:yyyy-MM-dd HH:mm}（{Zone()}），共 {total:N0} 条提及，{alerts.Count(InRange)} 次预警")
                : string.Create(CultureInfo.InvariantCulture, $"{from:yyyy-MM-dd HH:mm} to {to:yyyy-MM-dd HH:mm} ({Zone()}): {total:N0} mentions, {alerts.Count(InRange)} alert(s)");
        }

        private void YAxis(double max, double step)
        {
            Line("<g stroke=\"#e3e3e3\" stroke-width=\"1\">");
            for (var v = 0.0; v <= max + (step / 2); v += step)
            {
                Line($"<line x1=\"{F(Left)}\" y1=\"{F(Y(v))}\" x2=\"{F(Right)}\" y2=\"{F(Y(v))}\"/>");
            }

            Line("</g>");
            Line("<g fill=\"#444\" text-anchor=\"end\">");
            for (var v = 0.0; v <= max + (step / 2); v += step)
            {
                Line($"<text x=\"{F(Left - 8)}\" y=\"{F(Y(v) + 4)}\">{Escape(v.ToString("#,0.##", CultureInfo.InvariantCulture))}</text>");
            }

            Line("</g>");
            var label = zh ? "每小时提及数" : "Mentions per hour";
            Line($"<text transform=\"translate(18 {F((Top + Bottom) / 2)}) rotate(-90)\" text-anchor=\"middle\" fill=\"#333\">{label}</text>");
        }

        private void Bars()
        {
            var slot = (Right - Left) / _hours;
            var width = Math.Max(1, slot * 0.8);
            Line($"<g fill=\"{BarColour}\" fill-opacity=\"0.85\">");
            for (var i = 0; i < volume.Mentions.Count; i++)
            {
                var y = Y(volume.Mentions[i]);
                // The last hour is the current one, still filling: drawn lighter.
                var last = i == volume.Mentions.Count - 1 ? " fill-opacity=\"0.45\"" : string.Empty;
                Line($"<rect x=\"{F(Left + (i * slot) + ((slot - width) / 2))}\" y=\"{F(y)}\" width=\"{F(width)}\" height=\"{F(Bottom - y)}\"{last}><title>{Escape(HourTip(i))}</title></rect>");
            }

            Line("</g>");
        }

        private string HourTip(int i)
        {
            var at = Local(volume.Start.AddHours(i));
            var baseline = volume.BaselineAt(i) is { } b ? b.ToString("0.#", CultureInfo.InvariantCulture) : null;
            return zh
                ? string.Create(CultureInfo.InvariantCulture, $"{at:MM-dd HH:00}：{volume.Mentions[i]:N0} 条提及{(baseline is null ? string.Empty : $"，基线 {baseline}")}")
                : string.Create(CultureInfo.InvariantCulture, $"{at:MM-dd HH:00}: {volume.Mentions[i]:N0} mentions{(baseline is null ? string.Empty : $", baseline {baseline}")}");
        }

        private void Baseline()
        {
            if (volume.Baselines.Count == 0)
            {
                return;
            }

            var slot = (Right - Left) / _hours;
            var first = volume.Mentions.Count - volume.Baselines.Count;
            var path = new StringBuilder();
            for (var i = 0; i < volume.Baselines.Count; i++)
            {
                var x = Left + ((first + i) * slot);
                var y = Y(volume.Baselines[i]);
                path.Append(i == 0 ? $"M{F(x)},{F(y)}" : $" V{F(y)}").Append($" H{F(x + slot)}");
            }

            Line($"<path d=\"{path}\" fill=\"none\" stroke=\"{BaselineColour}\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>");
        }

        private void XAxis()
        {
            Line($"<line x1=\"{F(Left)}\" y1=\"{F(Bottom)}\" x2=\"{F(Right)}\" y2=\"{F(Bottom)}\" stroke=\"#333\"/>");
            Line($"<line x1=\"{F(Left)}\" y1=\"{F(Top)}\" x2=\"{F(Left)}\" y2=\"{F(Bottom)}\" stroke=\"#333\"/>");
            int[] steps = [1, 2, 3, 6, 12, 24, 48, 72, 168];
            var every = steps.First(s => _hours / s <= 12);
            var slot = (Right - Left) / _hours;
            Line("<g fill=\"#444\" text-anchor=\"middle\">");
            for (var i = 0; i <= volume.Mentions.Count; i++)
            {
                var at = Local(volume.Start.AddHours(i));
                if (at.Hour % every != 0 && every < 24 || every >= 24 && (at.Hour != 0 || ((at - Local(volume.Start)).TotalHours / 24 % (every / 24)) >= 1))
                {
                    continue;
                }

                var x = Left + (i * slot);
                Line($"<line x1=\"{F(x)}\" y1=\"{F(Bottom)}\" x2=\"{F(x)}\" y2=\"{F(Bottom + 5)}\" stroke=\"#333\"/>");
                Line($"<text x=\"{F(x)}\" y=\"{F(Bottom + 18)}\">{at.ToString("HH:mm", CultureInfo.InvariantCulture)}</text>");
                if (at.Hour == 0 || i == 0)
                {
                    Line($"<text x=\"{F(x)}\" y=\"{F(Bottom + 32)}\" fill=\"#222\" font-weight=\"600\">{at.ToString("MM-dd", CultureInfo.InvariantCulture)}</text>");
                }
            }

            Line("</g>");
            var label = zh ? $"时间（{Zone()}）" : $"Hour ({Zone()})";
            Line($"<text x=\"{F((Left + Right) / 2)}\" y=\"{F(Bottom + 52)}\" text-anchor=\"middle\" fill=\"#333\">{Escape(label)}</text>");
        }

        private void Alerts()
        {
            var marked = alerts.Where(InRange).OrderBy(a => a.At).ToList();
            var lastX = double.NegativeInfinity;
            var row = 0;
            foreach (var alert in marked)
            {
                var x = Left + ((alert.At - volume.Start).TotalHours / _hours * (Right - Left));
                // Labels of alerts close together are stacked rather than drawn over each other.
                row = x - lastX < 150 ? row + 1 : 0;
                lastX = x;
                var y = Top + 12 + (row * 15);
                var kind = ReportWords.Of(alert.Kind, zh ? ReportLanguage.Chinese : ReportLanguage.English);
                var label = string.Create(CultureInfo.InvariantCulture, $"{kind} {Local(alert.At):MM-dd HH:mm}");
                var anchor = x + 4 + TextWidth(label, 11) > Width - 4 ? "end" : "start";
                var dx = anchor == "end" ? -4 : 4;
                Line($"<line x1=\"{F(x)}\" y1=\"{F(Top)}\" x2=\"{F(x)}\" y2=\"{F(Bottom)}\" stroke=\"{AlertColour}\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"><title>{Escape(alert.Explanation)}</title></line>");
                Line($"<path d=\"M{F(x - 5)},{F(Top - 8)} L{F(x + 5)},{F(Top - 8)} L{F(x)},{F(Top)} Z\" fill=\"{AlertColour}\"/>");
                Line($"<text x=\"{F(x + dx)}\" y=\"{F(y)}\" text-anchor=\"{anchor}\" fill=\"{AlertColour}\" font-size=\"11\" paint-order=\"stroke\" stroke=\"#ffffff\" stroke-width=\"3\">{Escape(label)}</text>");
            }
        }

        private void Legend()
        {
            var y = Height - 22.0;
            var x = Left;
            var bars = zh ? "每小时提及数（最后一小时尚未结束）" : "Mentions per hour (the last hour still filling)";
            var baseline = zh ? "基线：此前各日同一小时的中位数" : "Baseline: median of the same hour on the days before";
            var alert = zh ? "预警" : "Alert";
            Line("<g fill=\"#333\">");
            Line($"<rect x=\"{F(x)}\" y=\"{F(y - 10)}\" width=\"14\" height=\"12\" fill=\"{BarColour}\" fill-opacity=\"0.85\"/>");
            Line($"<text x=\"{F(x + 20)}\" y=\"{F(y)}\">{bars}</text>");
            x += 20 + TextWidth(bars, 12) + 28;
            Line($"<line x1=\"{F(x)}\" y1=\"{F(y - 4)}\" x2=\"{F(x + 22)}\" y2=\"{F(y - 4)}\" stroke=\"{BaselineColour}\" stroke-width=\"2.5\"/>");
            Line($"<text x=\"{F(x + 28)}\" y=\"{F(y)}\">{baseline}</text>");
            x += 28 + TextWidth(baseline, 12) + 28;
            Line($"<line x1=\"{F(x + 11)}\" y1=\"{F(y - 14)}\" x2=\"{F(x + 11)}\" y2=\"{F(y + 4)}\" stroke=\"{AlertColour}\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>");
            Line($"<text x=\"{F(x + 22)}\" y=\"{F(y)}\">{alert}</text>");
            Line("</g>");
        }

        private bool InRange(OpinionAlert alert) => alert.At >= volume.Start && alert.At <= volume.Start.AddHours(volume.Mentions.Count);

        private double Y(double value) => Bottom - (Math.Min(value, _max) / _max * (Bottom - Top - 16));

        private DateTimeOffset Local(DateTimeOffset at) => at.ToOffset(offset);

        private string Zone() => offset == TimeSpan.Zero ? "UTC" : $"UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset.Duration():hh\\:mm}";

        private void Line(string text) => _svg.Append(text).Append('\n');

        // A top of the scale and a step of 1, 2 or 5 times a power of ten, for four to eight grid lines.
        private static (double Max, double Step) Scale(double peak)
        {
            if (peak <= 0)
            {
                return (5, 1);
            }

            var raw = peak / 5;
            var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
            var step = new[] { 1.0, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
            step = Math.Max(step, 1);
            return (Math.Ceiling(peak / step) * step, step);
        }

        // A generous estimate of a text's width in the chart's sans-serif font: Chinese characters are square, others
        // about 0.6 of the size (there is no font to measure with when the chart is written).
        private static double TextWidth(string text, double size)
            => text.Sum(c => c >= '\u2E80' ? size : size * 0.6);

        private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

        private static string Escape(string text)
        {
            var escaped = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                _ = c switch
                {
                    '&' => escaped.Append("&amp;"),
                    '<' => escaped.Append("&lt;"),
                    '>' => escaped.Append("&gt;"),
                    '"' => escaped.Append("&quot;"),
                    _ when char.IsControl(c) => escaped.Append(' '),
                    _ => escaped.Append(c),
                };
            }

            return escaped.ToString();
        }
    }
}
