using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PetitionOpinion.Notifications.Webhooks;
using PetitionOpinion.Tests.Support;

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
    private static readonly JsonSerializerOptions Compare = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        ReferenceHandler = ReferenceHandler.IgnoreCycles,
    };

    [Fact]
    public void AddPetitionOpinion_EverySettingConfigured_BindsAsTheReflectionBinder()
    {
        var values = EverySetting(typeof(PetitionOpinionOptions), "PetitionOpinion");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var generated = Configured<PetitionOpinionOptions>(new ServiceCollection().AddPetitionOpinion(configuration.GetSection("PetitionOpinion")).Services, Options.DefaultName);
        var reflected = new PetitionOpinionOptions();
        configuration.GetSection("PetitionOpinion").Bind(reflected);

        Assert.True(values.Count > 100, $"only {values.Count} settings were made");
        Assert.Equal(JsonSerializer.Serialize(reflected, Compare), JsonSerializer.Serialize(generated, Compare));
        Assert.NotEqual(JsonSerializer.Serialize(new PetitionOpinionOptions(), Compare), JsonSerializer.Serialize(generated, Compare));
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
        Assert.Equal(JsonSerializer.Serialize(reflected, Compare), JsonSerializer.Serialize(generated, Compare));
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
        Assert.Equal(JsonSerializer.Serialize(reflected, Compare), JsonSerializer.Serialize(generated, Compare));
        Assert.NotEqual(JsonSerializer.Serialize(new T(), Compare), JsonSerializer.Serialize(generated, Compare));
    }

    // The options as the registered configuration code leaves them, before start-up validation (some made-up values are invalid).
    private static T Configured<T>(IServiceCollection services, string name)
        where T : class, new()
    {
        using var provider = services.BuildServiceProvider();
        var options = new T();
        foreach (var configure in provider.GetServices<IConfigureOptions<T>>())
        {
            if (configure is IConfigureNamedOptions<T> named)
            {
                named.Configure(name, options);
            }
            else
            {
                configure.Configure(options);
            }
        }

        return options;
    }

    /// <summary>A value for every setting of <paramref name="type"/>, as configuration keys under <paramref name="prefix"/>.</summary>
    private static Dictionary<string, string?> EverySetting(Type type, string prefix)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Fill(type, prefix, values, depth: 0);
        return values;
    }

    private static void Fill(Type type, string path, Dictionary<string, string?> values, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (Leaf(type, path) is { } leaf)
        {
            values[path] = leaf;
            return;
        }

        if (depth > 6)
        {
            return;
        }

        if (Dictionary(type) is { } valueType)
        {
            Fill(valueType, $"{path}:first", values, depth + 1);
            Fill(valueType, $"{path}:second", values, depth + 1);
            return;
        }

        if (Element(type) is { } element)
        {
            Fill(element, $"{path}:0", values, depth + 1);
            Fill(element, $"{path}:1", values, depth + 1);
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var writable = property.SetMethod is { IsPublic: true };
            var collection = Dictionary(property.PropertyType) is not null || Element(property.PropertyType) is not null;
            if (property.GetIndexParameters().Length == 0 && (writable || collection))
            {
                Fill(property.PropertyType, $"{path}:{property.Name}", values, depth + 1);
            }
        }
    }

    // A made-up value per leaf type, different from the usual defaults; the path keeps strings apart.
    private static string? Leaf(Type type, string path)
        => type == typeof(string) ? $"v-{path.Replace(':', '.')}"
            : type == typeof(bool) ? "true"
            : type == typeof(int) || type == typeof(long) || type == typeof(short) ? "7"
            : type == typeof(double) || type == typeof(decimal) || type == typeof(float) ? "0.75"
            : type == typeof(TimeSpan) ? "00:07:30"
            : type == typeof(DateOnly) ? "2026-03-01"
            : type == typeof(DateTimeOffset) || type == typeof(DateTime) ? "2026-03-01T09:30:00+08:00"
            : type == typeof(Uri) ? "https://example.com/hook"
            : type.IsEnum ? Enum.GetNames(type)[^1]
            : null;

    private static Type? Dictionary(Type type)
        => type.IsGenericType && type.GetGenericArguments() is [var key, var value] && key == typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) ? value : null;

    private static Type? Element(Type type)
        => type.IsArray ? type.GetElementType()
            : type.IsGenericType && type.GetGenericArguments() is [var item] && typeof(IEnumerable).IsAssignableFrom(type) ? item
            : null;
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
