using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Ardalis.GuardClauses;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PetitionOpinion.Notifications;
using PetitionOpinion.Notifications.Webhooks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Adds webhook notification channels — WeCom group robots, DingTalk custom robots, Feishu/Lark custom bots and signed
/// JSON webhooks — to what <c>AddPetitionOpinion</c> registered. Each call adds one channel (call again for another
/// chat, with another <c>Name</c>); every notification goes to every channel.
/// </summary>
/// <remarks>
/// The options are validated at start-up (<c>ValidateOnStart</c>), listing every problem with its configuration path
/// (the section's path, or the method's kind — <c>WeComRobot</c>, <c>DingTalkRobot</c>, <c>FeishuBot</c>,
/// <c>SignedWebhook</c> — for options set in code); URLs and secrets are never quoted. Requests go through
/// <see cref="System.Net.Http.IHttpClientFactory"/>, a client per request, named <see cref="HttpClientNamePrefix"/> +
/// the channel's name, so that a host can configure it (a proxy, a certificate):
/// <c>services.AddHttpClient("PetitionOpinion.Webhooks.wecom").ConfigurePrimaryHttpMessageHandler(…)</c>. The
/// channel's <c>Timeout</c> applies instead of the client's. The clock is the registered <see cref="TimeProvider"/>.
/// </remarks>
public static class WebhookPetitionOpinionBuilderExtensions
{
    /// <summary>The prefix of the names of the channels' HTTP clients: <c>PetitionOpinion.Webhooks.</c>, then the channel's name.</summary>
    public const string HttpClientNamePrefix = "PetitionOpinion.Webhooks.";

    /// <summary>Adds a WeCom (企业微信) group robot, configured in code (see <see cref="WeComRobotChannel"/>).</summary>
    /// <param name="builder">What <c>AddPetitionOpinion</c> returned.</param>
    /// <param name="configure">Sets the options, e.g. <c>o =&gt; { o.Url = …; o.Recipients = ["gm", "cs-manager"]; }</c>.</param>
    /// <returns>The builder.</returns>
    public static IPetitionOpinionBuilder AddWeComRobot(this IPetitionOpinionBuilder builder, Action<WeComRobotOptions> configure)
    {
        Guard.Against.Null(configure);
        return Add<WeComRobotOptions>(builder, "WeComRobot", null, o => o.Configure(configure), WeCom);
    }

    /// <summary>Adds a WeCom (企业微信) group robot, with options bound from configuration (see <see cref="WeComRobotOptions"/>).</summary>
    /// <param name="builder">What <c>AddPetitionOpinion</c> returned.</param>
    /// <param name="configuration">The section, e.g. <c>configuration.GetSection("Webhooks:WeCom")</c>.</param>
    /// <returns>The builder.</returns>
    public static IPetitionOpinionBuilder AddWeComRobot(this IPetitionOpinionBuilder builder, IConfiguration configuration)
    {
        Guard.Against.Null(configuration);
        return Add<WeComRobotOptions>(builder, "WeComRobot", configuration, o => o.Bind(configuration), WeCom);
    }

    /// <summary>Adds a DingTalk (钉钉) custom robot, configured in code (see <see cref="DingTalkRobotChannel"/>).</summary>
    /// <param name="builder">What <c>AddPetitionOpinion</c> returned.</param>
    /// <param name="configure">Sets the options, e.g. <c>o =&gt; { o.Url = …; o.Secret = …; o.Recipients = ["cs-manager"]; }</c>.</param>
    /// <returns>The builder.</returns>
    public static IPetitionOpinionBuilder AddDingTalkRobot(this IPetitionOpinionBuilder builder, Action<DingTalkRobotOptions> configure)
    {
        Guard.Against.Null(configure);
        return Add<DingTalkRobotOptions>(builder, "DingTalkRobot", null, o => o.Configure(configure), DingTalk);
    }

    /// <summary>Adds a DingTalk (钉钉) custom robot, with options bound from configuration (see <see cref="DingTalkRobotOptions"/>).</summary>
    /// <param name="builder">What <c>AddPetitionOpinion</c> returned.</param>
    /// <param name="configuration">The section, e.g. <c>configuration.GetSection("Webhooks:DingTalk")</c>.</param>
    /// <returns>The builder.</returns>
    public static IPetitionOpinionBuilder AddDingTalkRobot(this IPetitionOpinionBuilder builder, IConfiguration configuration)
    {
        Guard.Against.Null(configuration);
        return Add<DingTalkRobotOptions>(builder, "DingTalkRobot", configuration, o => o.Bind(configuration), DingTalk);
    }

    /// <summary>Adds a Feishu/Lark (飞书) custom bot, configured in code (see <see cref="FeishuBotChannel"/>).</summary>
    /// <param name="builder">What <c>AddPetitionOpinion</c> returned.</param>
    /// <param name="configure">Sets the options, e.g. <c>o =&gt; { o.Url = …; o.Secret = …; o.Recipients = ["pr-manager"]; }</c>.</param>
    /// <returns>The builder.</returns>
    public static IPetitionOpinionBuilder AddFeishuBot(this IPetitionOpinionBuilder builder, Action<FeishuBotOptions> configure)
    {
        Guard.Against.Null(configure);
        return Add<FeishuBotOptions>(builder, "FeishuBot", null, o => o.Configure(configure), Feishu);
    }

    /// <summary>Adds a Feishu/Lark (飞书) custom bot, with options bound from configuration (see <see cref="FeishuBotOptions"/>).</summary>
    /// <param name="builder">What <c>AddPetitionOpinion</c> returned.</param>
    /// <param name="configuration">The section, e.g. <c>configuration.GetSection("Webhooks:Feishu")</c>.</param>
    /// <returns>The builder.</returns>
    public static IPetitionOpinionBuilder AddFeishuBot(this IPetitionOpinionBuilder builder, IConfiguration configuration)
    {
        Guard.Against.Null(configuration);
        return Add<FeishuBotOptions>(builder, "FeishuBot", configuration, o => o.Bind(configuration), Feishu);
    }

    /// <summary>Adds a signed JSON webhook, configured in code (see <see cref="SignedWebhookChannel"/>).</summary>
    /// <param name="builder">What <c>AddPetitionOpinion</c> returned.</param>
    /// <param name="configure">Sets the options, e.g. <c>o =&gt; { o.Url = …; o.Secret = …; o.Recipients = ["gm"]; }</c>.</param>
    /// <returns>The builder.</returns>
    public static IPetitionOpinionBuilder AddSignedWebhook(this IPetitionOpinionBuilder builder, Action<SignedWebhookOptions> configure)
    {
        Guard.Against.Null(configure);
        return Add<SignedWebhookOptions>(builder, "SignedWebhook", null, o => o.Configure(configure), Signed);
    }

    /// <summary>Adds a signed JSON webhook, with options bound from configuration (see <see cref="SignedWebhookOptions"/>).</summary>
    /// <param name="builder">What <c>AddPetitionOpinion</c> returned.</param>
    /// <param name="configuration">The section, e.g. <c>configuration.GetSection("Webhooks:Ops")</c>.</param>
    /// <returns>The builder.</returns>
    public static IPetitionOpinionBuilder AddSignedWebhook(this IPetitionOpinionBuilder builder, IConfiguration configuration)
    {
        Guard.Against.Null(configuration);
        return Add<SignedWebhookOptions>(builder, "SignedWebhook", configuration, o => o.Bind(configuration), Signed);
    }

    private static INotificationChannel WeCom(WeComRobotOptions o, Func<HttpClient> client, TimeProvider time, ILoggerFactory? logs)
        => new WeComRobotChannel(o, client, time, logs?.CreateLogger<WeComRobotChannel>());

    private static INotificationChannel DingTalk(DingTalkRobotOptions o, Func<HttpClient> client, TimeProvider time, ILoggerFactory? logs)
        => new DingTalkRobotChannel(o, client, time, logs?.CreateLogger<DingTalkRobotChannel>());

    private static INotificationChannel Feishu(FeishuBotOptions o, Func<HttpClient> client, TimeProvider time, ILoggerFactory? logs)
        => new FeishuBotChannel(o, client, time, logs?.CreateLogger<FeishuBotChannel>());

    private static INotificationChannel Signed(SignedWebhookOptions o, Func<HttpClient> client, TimeProvider time, ILoggerFactory? logs)
        => new SignedWebhookChannel(o, client, time, logs?.CreateLogger<SignedWebhookChannel>());

    private static IPetitionOpinionBuilder Add<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        IPetitionOpinionBuilder builder,
        string kind,
        IConfiguration? configuration,
        Action<OptionsBuilder<TOptions>> configure,
        Func<TOptions, Func<HttpClient>, TimeProvider, ILoggerFactory?, INotificationChannel> create)
        where TOptions : class, IWebhookOptions
    {
        Guard.Against.Null(builder);
        var services = builder.Services;

        // Each registration has its own named options (several robots of one kind may be added), validated at start-up
        // under the configuration path they come from.
        var optionsName = string.Create(CultureInfo.InvariantCulture, $"{HttpClientNamePrefix}{kind}#{services.Count}");
        var path = configuration is IConfigurationSection section ? section.Path : kind;
        var options = services.AddOptions<TOptions>(optionsName);
        configure(options);
        options.ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>>(new WebhookOptionsValidator<TOptions>(optionsName, path));
        services.AddHttpClient();
        services.AddSingleton(sp =>
        {
            var value = sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(optionsName);
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            var clientName = HttpClientNamePrefix + value.Name;
            HttpClient Client()
            {
                // A client per request, so that the factory can renew its handlers; the channel's own time-out applies.
                var client = factory.CreateClient(clientName);
                client.Timeout = Timeout.InfiniteTimeSpan;
                return client;
            }

            return create(value, Client, sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetService<ILoggerFactory>());
        });
        return builder;
    }

    /// <summary>Checks one registration's options, under its configuration path; skips the others.</summary>
    private sealed class WebhookOptionsValidator<TOptions>(string optionsName, string path) : IValidateOptions<TOptions>
        where TOptions : class, IWebhookOptions
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            if (!string.Equals(name, optionsName, StringComparison.Ordinal))
            {
                return ValidateOptionsResult.Skip;
            }

            var problems = options.Validate(path);
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => p.ToValidationFailure()));
        }
    }
}
