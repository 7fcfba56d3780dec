using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PetitionOpinion.Monitoring;
using PetitionOpinion.Reporting;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Samples;

/// <summary>
/// The <c>monitor</c> command: reads a file of Chinese posts (<c>data/posts.csv</c>, written by
/// <c>eng/generate-sample-posts.py</c>) through the sample's monitoring schemes and the post intake on a replay clock, and
/// shows what a person of the opinion monitoring group sees: the topics with their mentions and sentiment, the reposts and
/// near-duplicates folded into their mentions with the reach they added, and the alerts with their explanations and
/// incidents. <c>--plot FILE.svg</c> draws the hourly volume of the alerted topics (or of <c>--topic T</c>) with the
/// detector's baseline and the alerts; <c>--report FILE.md</c> writes the closure report (a draft) of the first incident
/// the monitor opened, with the chart recorded at its alert.
/// </summary>
internal static class MonitorPosts
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public static async Task<int> RunAsync(TextWriter output, string file, string? plot, string? topicToPlot, string? report, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            output.WriteLine($"No posts file at {file}.");
            return 2;
        }

        var posts = Read(file, out var malformed);
        if (posts.Count == 0)
        {
            output.WriteLine($"No post could be read from {file}.");
            return 2;
        }

        var clock = new ReplayClock(posts[0].At.AddMinutes(-1));
        await using var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddPetitionOpinion(options =>
            {
                options.ConfigureOrganization(SampleOrganization.Staff);
                AddSchemes(options.Posts);
            })
            .Services.BuildServiceProvider();
        var intake = services.GetRequiredService<PostIntake>();
        var monitor = services.GetRequiredService<OpinionMonitor>();
        var repository = services.GetRequiredService<IncidentRepository>();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Reading {Path.GetFileName(file)}: {posts.Count:N0} posts from {posts[0].At.ToOffset(Beijing):yyyy-MM-dd HH:mm} to {posts[^1].At.ToOffset(Beijing):yyyy-MM-dd HH:mm} (UTC+08:00){(malformed > 0 ? $", {malformed} row(s) unreadable" : string.Empty)}."));
        output.WriteLine("Monitoring schemes (built-in matching, no segmenter):");
        foreach (var scheme in services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PetitionOpinionOptions>>().Value.Posts.Schemes)
        {
            output.WriteLine($"  {scheme.Topic,-12} {Describe(scheme)}");
        }

        var topics = new Dictionary<string, TopicTally>(StringComparer.Ordinal);
        var mentions = new Dictionary<(string Topic, string Platform, string Id), MentionTally>();
        var alerts = new List<MonitorAlert>();
        long matched = 0, refused = 0;
        foreach (var post in posts)
        {
            clock.AdvanceTo(post.At);
            var result = await intake.IngestAsync(post, cancellationToken);
            if (result.Error is not null)
            {
                refused++;
                continue;
            }

            matched += result.Topics.Count > 0 ? 1 : 0;
            foreach (var t in result.Topics)
            {
                var tally = topics.TryGetValue(t.Topic, out var found) ? found : topics[t.Topic] = new TopicTally();
                tally.Posts++;
                alerts.AddRange(t.Alerts);
                var key = (t.Topic, t.Fold.Platform, t.Fold.Id);
                switch (t.Fold.Folding)
                {
                    case PostFolding.New:
                        tally.Mentions++;
                        tally.Sentiment += result.Sentiment ?? 0;
                        tally.Negative += result.Sentiment <= -0.25 ? 1 : 0;
                        mentions[key] = new MentionTally(post.Text, post.Reach);
                        break;
                    case PostFolding.Repost or PostFolding.NearDuplicate:
                        tally.Folded++;
                        if (mentions.TryGetValue(key, out var mention))
                        {
                            mention.Reposts += t.Fold.Folding == PostFolding.Repost ? 1 : 0;
                            mention.Copies += t.Fold.Folding == PostFolding.NearDuplicate ? 1 : 0;
                            mention.Reach = t.Fold.Reach;
                        }

                        break;
                }
            }
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Posts: {posts.Count:N0} read, {refused} refused; {matched:N0} in at least one topic, {posts.Count - matched - refused:N0} in none (off-topic, or kept out by a scheme's exclusions)."));
        output.WriteLine();
        output.WriteLine("Topics                 posts   mentions   folded   mean sentiment   negative");
        foreach (var (name, t) in topics.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var mean = t.Mentions == 0 ? 0 : t.Sentiment / t.Mentions;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-18} {t.Posts,7:N0} {t.Mentions,10:N0} {t.Folded,8:N0} {mean,16:+0.00;-0.00;0.00} {(t.Mentions == 0 ? 0 : (double)t.Negative / t.Mentions),10:P0}"));
        }

        output.WriteLine();
        output.WriteLine("Folded reposts and near-duplicates (the mentions that gathered the most copies):");
        foreach (var ((topic, platform, id), m) in mentions.Where(p => p.Value.Reposts + p.Value.Copies > 0).OrderByDescending(p => p.Value.Reposts + p.Value.Copies).ThenBy(p => p.Key.Id, StringComparer.Ordinal).Take(6))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [{topic}] {platform}:{id} “{Shorten(m.Text, 28)}”"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"      {m.Reposts + m.Copies:N0} copies folded into one mention ({m.Reposts:N0} reposts, {m.Copies:N0} near-duplicates): reach {m.OwnReach:N0} → {m.Reach:N0} (+{m.Reach - m.OwnReach:N0})"));
        }

        output.WriteLine();
        output.WriteLine($"Alerts ({alerts.Count}):");
        foreach (var handled in alerts)
        {
            MonitorReplay.Print(output, handled);
        }

        // The viral post again, as a crawler that fetched it twice would feed it: the intake has seen it.
        var viral = mentions.OrderByDescending(p => p.Value.Reposts).First().Key;
        var again = await intake.IngestAsync(posts.First(p => p.Platform == viral.Platform && p.Id == viral.Id), cancellationToken);
        output.WriteLine();
        output.WriteLine($"The most reposted post fed again: {string.Join(", ", again.Topics.Select(t => $"{t.Topic} {t.Fold.Folding}"))} (no new mention).");
        var incidents = await repository.QueryAsync(new IncidentQuery { Take = 100 }, cancellationToken);
        output.WriteLine($"Incidents opened by the monitor: {incidents.TotalCount}; signals: {monitor.Counts}.");

        if (plot is not null)
        {
            var plotted = topicToPlot is not null ? [topicToPlot] : alerts.Select(a => a.Alert.Topic).Distinct(StringComparer.Ordinal).ToList();
            File.WriteAllText(plot, Plot(monitor.Detector, plotted, alerts));
            output.WriteLine($"Plotted {string.Join(", ", plotted)}: {Path.GetFileName(plot)}");
        }

        if (report is not null && alerts.FirstOrDefault(a => a.Opened)?.Incident is { } opened)
        {
            var incident = await repository.FindAsync(opened, cancellationToken);
            var document = ClosureReportDocument.Build(incident!, services.GetRequiredService<Organization.ResponseOrganization>(), options: new ClosureReportOptions { UtcOffset = Beijing });
            File.WriteAllText(report, document.ToMarkdown(report.Contains(".zh.", StringComparison.Ordinal) ? ReportLanguage.Chinese : ReportLanguage.English));
            output.WriteLine($"Closure report (draft) of incident {opened}: {Path.GetFileName(report)}");
        }

        return alerts.Count > 0 ? 0 : 1;
    }

    // The sample company's monitoring schemes (监测方案): its phone, its after-sales service, its membership and refunds.
    private static void AddSchemes(PostMonitoringOptions posts)
    {
        var x7 = new MonitoringSchemeOptions { Topic = "x7" };
        foreach (var alias in new[] { "星辰X7", "星辰 X7", "X7", "小七" })
        {
            x7.Aliases.Add(alias);
        }

        foreach (var word in new[] { "招聘", "抽奖", "转让" })
        {
            x7.NoneOf.Add(word);
        }

        var service = new MonitoringSchemeOptions { Topic = "after-sales" };
        foreach (var word in new[] { "售后", "客服", "维修", "保修", "换货" })
        {
            service.AnyOf.Add(word);
        }

        service.NoneOf.Add("招聘");
        var membership = new MonitoringSchemeOptions { Topic = "membership" };
        membership.Aliases.Add("星辰会员");
        membership.Phrases.Add("自动续费");
        var refunds = new MonitoringSchemeOptions { Topic = "refunds" };
        foreach (var word in new[] { "退款", "退钱", "退费" })
        {
            refunds.AnyOf.Add(word);
        }

        foreach (var scheme in new[] { x7, service, membership, refunds })
        {
            posts.Schemes.Add(scheme);
        }
    }

    private static string Describe(MonitoringSchemeOptions s)
    {
        var parts = new List<string>();
        void Part(string name, IList<string> words)
        {
            if (words.Count > 0)
            {
                parts.Add($"{name} {string.Join(" ", words)}");
            }
        }

        Part("aliases", s.Aliases);
        Part("any of", s.AnyOf);
        Part("all of", s.AllOf);
        Part("phrases", s.Phrases);
        Part("none of", s.NoneOf);
        return string.Join("; ", parts);
    }

    // Every plotted topic's hourly volume over the whole file (the detector keeps seven days), stacked in one SVG.
    private static string Plot(OpinionDetector detector, IReadOnlyList<string> topics, IReadOnlyList<MonitorAlert> alerts)
    {
        var charts = topics
            .Select(topic => (topic, volume: detector.RecentVolume(detector.Register(topic), 24 * 7)))
            .Where(c => c.volume is not null)
            .Select(c => VolumeChart.ToSvg(c.topic, c.volume!, [.. alerts.Select(a => a.Alert).Where(a => a.Topic == c.topic)], ReportLanguage.English, Beijing))
            .ToList();
        if (charts.Count == 1)
        {
            return charts[0];
        }

        const int Height = 440;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"960\" height=\"{Height * charts.Count}\" viewBox=\"0 0 960 {Height * charts.Count}\">\n");
        for (var i = 0; i < charts.Count; i++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<g transform=\"translate(0 {Height * i})\">\n").Append(charts[i]).Append("</g>\n");
        }

        return svg.Append("</svg>\n").ToString();
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    private static List<Post> Read(string file, out int malformed)
    {
        var posts = new List<Post>();
        malformed = 0;
        using var reader = File.OpenText(file);
        var header = true;
        foreach (var record in PetitionOpinion.CsvReader.ReadAll(reader))
        {
            if (header)
            {
                header = false;
                continue;
            }

            var f = record.Fields;
            if (record.Problem is not null || f.Count != 11 || !DateTimeOffset.TryParse(f[4], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                || !long.TryParse(f[3], CultureInfo.InvariantCulture, out var followers))
            {
                malformed++;
                continue;
            }

            static long Number(string text) => long.TryParse(text, CultureInfo.InvariantCulture, out var n) ? n : 0;
            posts.Add(new Post(f[0], f[1], f[2], followers, at, f[5])
            {
                Reposts = Number(f[6]),
                Comments = Number(f[7]),
                Likes = Number(f[8]),
                Views = f[9].Length == 0 ? null : Number(f[9]),
                RepostOf = f[10].Length == 0 ? null : f[10],
            });
        }

        return posts;
    }

    private sealed class TopicTally
    {
        public long Posts { get; set; }

        public long Mentions { get; set; }

        public long Folded { get; set; }

        public long Negative { get; set; }

        public double Sentiment { get; set; }
    }

    private sealed class MentionTally(string text, long reach)
    {
        public string Text { get; } = text;

        public long OwnReach { get; } = reach;

        public long Reach { get; set; } = reach;

        public int Reposts { get; set; }

        public int Copies { get; set; }
    }
}
