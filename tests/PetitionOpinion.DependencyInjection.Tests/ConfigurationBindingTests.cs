using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PetitionOpinion.Notifications.Webhooks;
using PetitionOpinion.Tests.Support;
using static PetitionOpinion.Tests.Support.BindingComparison;

namespace PetitionOpinion.Tests.DependencyInjection;

/// <summary>
/// The packages bind their options with the configuration binding source generator (code written at build time, so that
/// trimming and native AOT keep working). It must bind exactly as the reflection binder did: a configuration that sets
/// every setting of an options type (values made from the type itself, so a setting added later is covered too) gives
/// the same options through the package's <c>AddPetitionOpinion(IConfiguration)</c> (generated) as through
/// <see cref="ConfigurationBinder.Bind(IConfiguration, object?)"/> here (reflection: this project does not enable the generator).
/// </summary>
public sealed class ConfigurationBindingTests
{
    [Fact]
    public void AddPetitionOpinion_EverySettingConfigured_BindsAsTheReflectionBinder()
    {
        var values = EverySetting(typeof(PetitionOpinionOptions), "PetitionOpinion");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var generated = Configured<PetitionOpinionOptions>(new ServiceCollection().AddPetitionOpinion(configuration.GetSection("PetitionOpinion")).Services, Options.DefaultName);
        var reflected = new PetitionOpinionOptions();
        configuration.GetSection("PetitionOpinion").Bind(reflected);

        Assert.True(values.Count > 100, $"only {values.Count} settings were made");
        Assert.Equal(Json(reflected), Json(generated));
        Assert.NotEqual(Json(new PetitionOpinionOptions()), Json(generated));
    }

    [Fact]
    public void AddPetitionOpinion_SampleReadinessAndStaffedOrganisation_BindAsTheReflectionBinder()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryFiles.Root, "samples", "PetitionOpinion.Samples.Console", "readiness.json"))
            .AddInMemoryCollection(People.ConfigurationValues())
            .Build();

        var generated = Configured<PetitionOpinionOptions>(new ServiceCollection().AddPetitionOpinion(configuration.GetSection("PetitionOpinion")).Services, Options.DefaultName);
        var reflected = new PetitionOpinionOptions();
        configuration.GetSection("PetitionOpinion").Bind(reflected);

        Assert.NotEmpty(generated.Readiness.Resources ?? []);
        Assert.NotEmpty(generated.Organization.People);
        Assert.Equal(Json(reflected), Json(generated));
    }

    [Fact]
    public void WebhookChannels_EverySettingConfigured_BindAsTheReflectionBinder()
    {
        AssertWebhook<WeComRobotOptions>((b, c) => b.AddWeComRobot(c));
        AssertWebhook<DingTalkRobotOptions>((b, c) => b.AddDingTalkRobot(c));
        AssertWebhook<FeishuBotOptions>((b, c) => b.AddFeishuBot(c));
        AssertWebhook<SignedWebhookOptions>((b, c) => b.AddSignedWebhook(c));
    }

    private static void AssertWebhook<T>(Action<IPetitionOpinionBuilder, IConfiguration> add)
        where T : class, new()
    {
        var values = EverySetting(typeof(T), "Webhook");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        add(services.AddPetitionOpinion(), configuration.GetSection("Webhook"));
        var name = services.Select(d => d.ImplementationInstance).OfType<ConfigureNamedOptions<T>>().Single().Name!;

        var generated = Configured<T>(services, name);
        var reflected = new T();
        configuration.GetSection("Webhook").Bind(reflected);

        Assert.True(values.Count > 3, $"only {values.Count} settings were made for {typeof(T).Name}");
        Assert.Equal(Json(reflected), Json(generated));
        Assert.NotEqual(Json(new T()), Json(generated));
    }
}

/// <summary>Finds the repository's files.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PetitionOpinion.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (PetitionOpinion.sln) was not found.");
    }
}
