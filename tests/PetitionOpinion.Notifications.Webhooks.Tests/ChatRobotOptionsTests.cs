using Microsoft.Extensions.Configuration;

namespace PetitionOpinion.Notifications.Webhooks.Tests;

/// <summary>
/// The three chat robots' options have one shape: the same configuration keys bound, the same defaults, the shared
/// properties checked the same way (same codes, paths and messages; only the URL's example and the message kinds' names
/// are the robot's), and the same description — the secret only for the robots that sign.
/// </summary>
public sealed class ChatRobotOptionsTests
{
    public static TheoryData<string> Robots() => ["WeCom", "DingTalk", "Feishu"];

    private static ChatRobotOptions Create(string robot) => robot switch
    {
        "WeCom" => new WeComRobotOptions(),
        "DingTalk" => new DingTalkRobotOptions(),
        "Feishu" => new FeishuBotOptions(),
        _ => throw new ArgumentOutOfRangeException(nameof(robot)),
    };

    private static ChatRobotOptions Bind(string robot, params (string Key, string? Value)[] values)
    {
        var options = Create(robot);
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build().Bind(options);
        return options;
    }

    private static bool Signs(string robot) => robot != "WeCom";

    private static string UrlExample(string robot) => robot switch
    {
        "WeCom" => "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
        "DingTalk" => "https://oapi.dingtalk.com/robot/send?access_token=…",
        _ => "https://open.feishu.cn/open-apis/bot/v2/hook/…",
    };

    private static string TypeName(string robot) => robot == "Feishu" ? "FeishuBotOptions" : robot + "RobotOptions";

    private static string RichKind(string robot) => robot == "Feishu" ? "Post" : "Markdown";

    [Theory]
    [MemberData(nameof(Robots))]
    public void Defaults_AreTheRobotsNameTextTenSecondsAndNothingElse(string robot)
    {
        var options = Create(robot);

        Assert.Equal(robot.ToLowerInvariant(), options.Name);
        Assert.Equal(
            $"{TypeName(robot)} {{ Name = {robot.ToLowerInvariant()}, Url = null, {(Signs(robot) ? "Secret = none, " : string.Empty)}Recipients = 0, MessageKind = Text, Timeout = 00:00:10 }}",
            options.ToString());
        Assert.Equal(
            [
                $"[webhooks.invalid] Webhooks:{robot}:Url: must be the webhook's address, e.g. {UrlExample(robot)} (was null).",
                $"[webhooks.invalid] Webhooks:{robot}:Recipients: must name at least one person: everyone who reads what the channel posts, whose notifications it posts (was null).",
            ],
            options.Validate($"Webhooks:{robot}").Lines());
    }

    [Theory]
    [MemberData(nameof(Robots))]
    public void Configuration_EveryKey_IsBound(string robot)
    {
        var options = Bind(
            robot,
            ("Name", "chat-of-the-leading-group"),
            ("Url", "https://robot.example.com/send?key=KEY-never-shown"),
            ("Secret", "SECRET-never-shown"),
            ("Recipients:0", "gm"),
            ("Recipients:1", "cs-manager"),
            ("MessageKind", RichKind(robot)),
            ("Prefix", "[信访舆情]"),
            ("Timeout", "00:00:05"));

        // WeCom's robots do not sign: there is no Secret to bind.
        Assert.Equal(
            $"{TypeName(robot)} {{ Name = chat-of-the-leading-group, Url = https://robot.example.com/…, {(Signs(robot) ? "Secret = ***, " : string.Empty)}Recipients = 2, MessageKind = {RichKind(robot)}, Timeout = 00:00:05 }}",
            options.ToString());
        Assert.Empty(options.Validate($"Webhooks:{robot}"));
    }

    [Theory]
    [MemberData(nameof(Robots))]
    public void Validate_EverySharedProperty_IsCheckedTheSameWayForEveryRobot(string robot)
    {
        var options = Bind(
            robot,
            ("Name", new string('n', 65)),
            ("Url", "http://robot.example.com/send?key=KEY-never-shown"),
            ("Secret", " SECRET-never-shown"),
            ("Recipients:0", "gm"),
            ("Recipients:1", "Wang Fang"),
            ("MessageKind", "7"),
            ("Prefix", "two\nlines"),
            ("Timeout", "00:05:01"));

        var lines = options.Validate("Chat").Lines();

        Assert.Equal(
            [
                "[webhooks.invalid] Chat:Name: must be at most 64 characters (was 65 characters).",
                "[webhooks.invalid] Chat:Url: must use https (plain http is accepted only for a loopback address).",
                .. Signs(robot) ? ["[webhooks.invalid] Chat:Secret: must be at least 1 characters without leading or trailing white space, or null for none (the value is not shown)."] : Array.Empty<string>(),
                $"[webhooks.invalid] Chat:Recipients:1: must be a person id: {IdentifierRules.Explain("Wang Fang")} (was 'Wang Fang').",
                $"[webhooks.invalid] Chat:MessageKind: must be one of Text, {RichKind(robot)} (was 7).",
                "[webhooks.invalid] Chat:Prefix: must be null, or one line of 1 to 64 characters (was 'two\nlines').",
                "[webhooks.invalid] Chat:Timeout: must be more than zero and at most 00:05:00 (was 00:05:01).",
            ],
            lines);
        Assert.All(lines, l => Assert.DoesNotContain("never-shown", l, StringComparison.Ordinal));
    }
}
