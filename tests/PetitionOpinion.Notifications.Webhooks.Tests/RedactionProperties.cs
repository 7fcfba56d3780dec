using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Storage.Conformance;

namespace PetitionOpinion.Notifications.Webhooks.Tests;

/// <summary>
/// Confidentiality (docs/security.md) for chats as a property: whatever the petitioner's name and phone number (and however the description
/// and a directive's instructions write them), whoever the complaint is about, and whoever the chat stands for —
/// petition handling and leading group members, who may see the petitioner, included — no request any channel that
/// posts to a group sends (WeCom text and markdown, DingTalk text and markdown, Feishu text and post, the signed
/// webhook for a group) carries the name or the number, in its URL, headers or body, raw or JSON-decoded; nothing is
/// posted where the person complained about reads; and every occasion addressed to the chat is posted exactly once.
/// The notifications come from the real router through the outbox; the requests are captured by a message handler
/// (the listener tests check the wire itself).
/// </summary>
public sealed class RedactionProperties
{
    [Property(MaxTest = 100, Arbitrary = new[] { typeof(RedactionArbitraries) })]
    public async Task GroupChannels_AnyPetitionerAndRecipients_NeverPostThePetitionersNameOrPhone(RedactionCase c)
    {
        var story = new Story();
        var actor = c.Complained == KitPeople.CustomerServiceRep ? KitPeople.LegalSpecialist : KitPeople.CustomerServiceRep;
        var id = await story.ReportAsync(new PetitionerDetails(c.Name, c.Contact), c.Description, c.Complained);
        await story.DoAsync(id, new AssessIncident(actor, c.Level, ImpactScope.Individual, PotentialRisk.Medium, "First assessment."));
        foreach (var group in c.DirectiveGroups)
        {
            await story.DoAsync(id, new IssueDirective(actor, DirectiveKind.CustomerCommunication, group, c.Instructions, story.Scenario.Now.AddHours(8)));
        }

        var notifications = await story.PendingAsync();
        var handler = new CapturingHandler();
        var readers = c.Readers.Select(p => p.Value).ToList();
        var time = story.Scenario.Time;
        INotificationChannel[] channels =
        [
            new WeComRobotChannel(new WeComRobotOptions { Name = "wecom-text", Url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", Recipients = readers }, handler, time, null),
            new WeComRobotChannel(new WeComRobotOptions { Name = "wecom-md", Url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", Recipients = readers, MessageKind = WeComMessageKind.Markdown }, handler, time, null),
            new DingTalkRobotChannel(new DingTalkRobotOptions { Name = "dingtalk-text", Url = "https://oapi.dingtalk.com/robot/send?access_token=t", Secret = "SECabc", Recipients = readers }, handler, time, null),
            new DingTalkRobotChannel(new DingTalkRobotOptions { Name = "dingtalk-md", Url = "https://oapi.dingtalk.com/robot/send?access_token=t", Recipients = readers, MessageKind = DingTalkMessageKind.Markdown }, handler, time, null),
            new FeishuBotChannel(new FeishuBotOptions { Name = "feishu-text", Url = "https://open.feishu.cn/open-apis/bot/v2/hook/h", Secret = "s", Recipients = readers }, handler, time, null),
            new FeishuBotChannel(new FeishuBotOptions { Name = "feishu-post", Url = "https://open.feishu.cn/open-apis/bot/v2/hook/h", Recipients = readers, MessageKind = FeishuMessageKind.Post }, handler, time, null),
            new SignedWebhookChannel(new SignedWebhookOptions { Name = "signed", Url = "https://receiver.example.com/hook", Secret = "0123456789abcdef", Recipients = readers }, handler, time, null),
        ];

        foreach (var notification in notifications)
        {
            foreach (var channel in channels)
            {
                handler.Channel = channel.Name;
                await channel.DeliverAsync(notification, CancellationToken.None);
            }
        }

        // The confidential recipients' own texts do carry the petitioner: the property is not vacuous.
        Assert.Contains(notifications, n => c.Leak(n.Body) is not null);

        foreach (var request in handler.Requests)
        {
            foreach (var text in request.Everything())
            {
                Assert.True(c.Leak(text) is null, $"{request.Channel} posted the petitioner's {c.Leak(text)}: {text}");
            }
        }

        // Each occasion addressed to a reader is posted once per channel — unless the complaint is about a reader.
        var addressed = notifications.Where(n => c.Readers.Contains(n.Recipient)).Select(n => (n.Topic, n.CreatedAt, n.SharedSubject)).Distinct().Count();
        var expected = c.Complained is { } complained && c.Readers.Contains(complained) ? 0 : addressed;
        Assert.All(channels, channel => Assert.Equal(expected, handler.Requests.Count(r => r.Channel == channel.Name)));
    }

    /// <summary>Answers every request with a success every platform accepts, and keeps what was sent.</summary>
    private sealed class CapturingHandler : HttpMessageHandler
    {
        public string Channel { get; set; } = string.Empty;

        public ConcurrentQueue<Captured> Queue { get; } = new();

        public IReadOnlyList<Captured> Requests => [.. Queue];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            Queue.Enqueue(new Captured(Channel, request.RequestUri!.OriginalString, [.. request.Headers.Select(h => $"{h.Key}: {string.Join(",", h.Value)}")], body));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"errcode\":0,\"errmsg\":\"ok\",\"code\":0,\"msg\":\"success\"}") };
        }
    }

    private sealed record Captured(string Channel, string Uri, ImmutableArray<string> Headers, byte[] Body)
    {
        // The URL, the headers, the raw body, and every string of the body as JSON decodes it.
        public IEnumerable<string> Everything()
        {
            yield return Uri;
            foreach (var header in Headers)
            {
                yield return header;
            }

            yield return Encoding.UTF8.GetString(Body);
            using var document = JsonDocument.Parse(Body);
            foreach (var text in Strings(document.RootElement))
            {
                yield return text;
            }
        }

        private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.String => [element.GetString()!],
            JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)).ToList(),
            JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings).ToList(),
            _ => [],
        };
    }
}

/// <summary>A petitioner, how the texts write their details, the complaint's target, the actions, and who the chat stands for.</summary>
/// <param name="Name">The petitioner's name: a token no fixed text contains.</param>
/// <param name="Phone">The phone number's 11 digits.</param>
/// <param name="Contact">The contact as reported (the phone in some format).</param>
/// <param name="Description">The description, quoting the name and the phone (in other formats).</param>
/// <param name="Instructions">Directive instructions quoting them too.</param>
/// <param name="Level">The level of the first assessment (I or II: the leading group is told).</param>
/// <param name="DirectiveGroups">The groups given a directive.</param>
/// <param name="Complained">The person complained about, if any.</param>
/// <param name="Readers">The people the chat stands for.</param>
public sealed record RedactionCase(string Name, string Phone, string Contact, string Description, string Instructions, SeverityLevel Level, ImmutableArray<GroupId> DirectiveGroups, PersonId? Complained, ImmutableArray<PersonId> Readers)
{
    /// <summary>Names the detail a text gives away: <c>name</c>, <c>phone</c>, or <see langword="null"/>.</summary>
    public string? Leak(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains(Name, StringComparison.OrdinalIgnoreCase) ? "name" : ContainsPhone(text, Phone) ? "phone" : null;
    }

    // The digits within one run of digits and the characters phone numbers are written with.
    private static bool ContainsPhone(string text, string digits)
    {
        var run = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                run.Append(c);
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')' or '+'))
            {
                if (run.ToString().Contains(digits, StringComparison.Ordinal))
                {
                    return true;
                }

                run.Clear();
            }
        }

        return run.ToString().Contains(digits, StringComparison.Ordinal);
    }

    public override string ToString()
        => $"petitioner '{Name}', contact '{Contact}', level {Level}, directives to {string.Join(", ", DirectiveGroups)}, complained about {Complained?.ToString() ?? "nobody"}, chat of {string.Join(", ", Readers)}\ndescription: {Description}\ninstructions: {Instructions}";
}

/// <summary>Generates <see cref="RedactionCase"/>s (names and phone formats as in the Domain tests' confidentiality property).</summary>
public static class RedactionArbitraries
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyz";
    private const string ChineseNameCharacters = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高芳伟娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英";
    private static readonly PersonId[] Everybody = [.. KitPeople.Assignments.Select(a => a.Person).Distinct()];
    private static readonly GroupId[] Groups = [WellKnownGroups.LeadingGroup, WellKnownGroups.PetitionHandlingGroup, WellKnownGroups.OpinionMonitoringGroup, WellKnownGroups.LogisticsSupportGroup];

    public static Arbitrary<RedactionCase> Cases() => Arb.From(CaseGen());

    private static Gen<RedactionCase> CaseGen()
        => from name in NameGen()
           from phone in PhoneGen()
           from formats in Gen.ArrayOf(Gen.Choose(0, 9), 4)
           from nameCase in Gen.Choose(0, 2)
           from level in Gen.Elements(SeverityLevel.I, SeverityLevel.II)
           from count in Gen.Choose(0, 3)
           from groups in Gen.ArrayOf(Gen.Elements(Groups), count)
           from complained in Gen.Frequency((2, Gen.Constant<PersonId?>(null)), (1, Gen.Elements(Everybody).Select(p => (PersonId?)p)))
           from mask in Gen.ArrayOf(Gen.Elements(true, false), Everybody.Length)
           from first in Gen.Choose(0, Everybody.Length - 1)
           let written = nameCase == 0 ? name : nameCase == 1 ? name.ToUpperInvariant() : name.ToLowerInvariant()
           let readers = Everybody.Where((p, i) => mask[i] || i == first).ToImmutableArray()
           select new RedactionCase(
               name,
               phone,
               Format(phone, formats[0]),
               $"客户 {written} 来电, 电话 {Format(phone, formats[1])} 请回电: her order history appeared in another account. 订单 4711。",
               $"Call {written} back, 电话 {Format(phone, formats[2])} 请回电.",
               level,
               [.. groups],
               complained,
               readers);

    private static string Format(string p, int format) => format switch
    {
        0 => p,
        1 => $"{p[..3]} {p[3..7]} {p[7..]}",
        2 => $"{p[..3]}-{p[3..7]}-{p[7..]}",
        3 => $"+86 {p[..3]} {p[3..7]} {p[7..]}",
        4 => $"+86-{p[..3]}-{p[3..7]}-{p[7..]}",
        5 => $"(+86) {p[..3]} {p[3..7]} {p[7..]}",
        6 => $"+86{p}",
        7 => $"0086 {p[..3]} {p[3..7]} {p[7..]}",
        8 => $"({p[..3]}) {p[3..7]}-{p[7..]}",
        _ => $"{p[..3]}.{p[3..7]}.{p[7..]}",
    };

    private static Gen<string> NameGen()
        => Gen.Frequency(
            (1, from count in Gen.Choose(1, 6)
                from chars in Gen.ArrayOf(Gen.Elements(Letters.ToCharArray()), count)
                from space in Gen.Elements(true, false)
                select "Zq" + new string(chars) + (space ? " Wu" : string.Empty)),
            (1, from count in Gen.Choose(1, 4)
                from chars in Gen.ArrayOf(Gen.Elements(ChineseNameCharacters.ToCharArray()), count)
                select "龘" + new string(chars)));

    private static Gen<string> PhoneGen()
        => from second in Gen.Elements('3', '5', '7', '8', '9')
           from rest in Gen.ArrayOf(Gen.Choose(0, 9).Select(d => (char)('0' + d)), 9)
           select "1" + second + new string(rest);
}
