using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PetitionOpinion.Notifications.Webhooks.Tests;

/// <summary>The DI registrations: channels from code and configuration, validated at start-up with every problem and its path.</summary>
public sealed class WebhookPetitionOpinionBuilderExtensionsTests : IAsyncDisposable
{
    private readonly LocalWebhookServer _server = new();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    // The builder alone, without AddPetitionOpinion: only the webhook options are validated here.
    private sealed class Builder(IServiceCollection services) : IPetitionOpinionBuilder
    {
        public IServiceCollection Services { get; } = services;
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public async Task AddWeComRobot_FromConfiguration_RegistersAChannelThatPostsThroughTheHttpClientFactory()
    {
        var services = new ServiceCollection();
        var time = Samples.Clock();
        services.AddSingleton<TimeProvider>(time);
        var configuration = Configuration(
            ("Webhooks:WeCom:Name", "wecom-leading-group"),
            ("Webhooks:WeCom:Url", _server.Url("/cgi-bin/webhook/send?key=k")),
            ("Webhooks:WeCom:Recipients:0", "gm"),
            ("Webhooks:WeCom:Recipients:1", "cs-manager"),
            ("Webhooks:WeCom:MessageKind", "Markdown"),
            ("Webhooks:WeCom:Timeout", "00:00:05"));
        new Builder(services).AddWeComRobot(configuration.GetSection("Webhooks:WeCom"));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var channel = Assert.IsType<WeComRobotChannel>(Assert.Single(provider.GetServices<INotificationChannel>()));
        Assert.Equal("wecom-leading-group", channel.Name);

        await channel.DeliverAsync(Samples.For("cs-manager"), CancellationToken.None);
        Assert.StartsWith("{\"msgtype\":\"markdown\"", Assert.Single(_server.Requests).Text, StringComparison.Ordinal);

        // The registered clock times it out: five seconds, from configuration.
        _server.Enqueue(Reply.Never);
        var delivery = channel.DeliverAsync(Samples.For("gm") with { CreatedAt = Samples.CreatedAt.AddDays(1) }, CancellationToken.None).AsTask();
        await _server.NextAsync();
        await _server.NextAsync();
        time.Advance(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<TimeoutException>(() => delivery);
    }

    [Fact]
    public void AddEveryKind_InCode_RegistersOneChannelEach()
    {
        var services = new ServiceCollection();
        new Builder(services)
            .AddWeComRobot(o => { o.Url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"; o.Recipients = ["gm"]; })
            .AddWeComRobot(o => { o.Name = "wecom-2"; o.Url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k2"; o.Recipients = ["cs-manager"]; })
            .AddDingTalkRobot(o => { o.Url = "https://oapi.dingtalk.com/robot/send?access_token=t"; o.Secret = "SECx"; o.Recipients = ["gm"]; })
            .AddFeishuBot(o => { o.Url = "https://open.feishu.cn/open-apis/bot/v2/hook/h"; o.Recipients = ["gm"]; })
            .AddSignedWebhook(o => { o.Url = "https://receiver.example.com/hook"; o.Secret = "0123456789abcdef"; o.Audience = SignedWebhookAudience.Recipient; });
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(["wecom", "wecom-2", "dingtalk", "feishu", "webhook"], provider.GetServices<INotificationChannel>().Select(c => c.Name));
    }

    [Fact]
    public void StartupValidation_InvalidOptions_ListsEveryProblemWithItsPathAndNoSecret()
    {
        var services = new ServiceCollection();
        var configuration = Configuration(
            ("Webhooks:DingTalk:Url", "http://oapi.dingtalk.com/robot/send?access_token=TOKEN-123"),
            ("Webhooks:DingTalk:Recipients:0", "not a person id"),
            ("Webhooks:DingTalk:Timeout", "00:00:00"));
        new Builder(services)
            .AddDingTalkRobot(configuration.GetSection("Webhooks:DingTalk"))
            .AddSignedWebhook(o => o.Secret = "SECRET-short");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<AggregateException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var failures = error.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures).ToList();
        Assert.Equal(
            ["Webhooks:DingTalk:Url", "Webhooks:DingTalk:Recipients:0", "Webhooks:DingTalk:Timeout", "SignedWebhook:Url", "SignedWebhook:Secret", "SignedWebhook:Recipients"],
            failures.Select(f => f["[webhooks.invalid] ".Length..f.IndexOf(": must", StringComparison.Ordinal)]));
        Assert.All(failures, f =>
        {
            Assert.DoesNotContain("TOKEN-123", f, StringComparison.Ordinal);
            Assert.DoesNotContain("SECRET-short", f, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void ResolvingAnInvalidChannel_ThrowsTheValidationFailure()
    {
        var services = new ServiceCollection();
        new Builder(services).AddFeishuBot(o => o.Url = "https://open.feishu.cn/open-apis/bot/v2/hook/h");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetServices<INotificationChannel>().ToList());

        Assert.Contains("[webhooks.invalid] FeishuBot:Recipients: must", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HttpClientNamePrefix_IsDocumented()
        => Assert.Equal("PetitionOpinion.Webhooks.", WebhookPetitionOpinionBuilderExtensions.HttpClientNamePrefix);
}
