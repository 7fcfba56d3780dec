using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PetitionOpinion.Tests.Support;

/// <summary>
/// Compares the packages' generated configuration binding with the reflection binder: a value for every setting of an
/// options type (made from the type itself, so that a setting added later is covered too), the options as the
/// registered configuration code leaves them, and a JSON picture of options to compare. Shared by the DependencyInjection
/// and Hosting tests, whose projects keep the reflection binder (EnableConfigurationBindingGenerator=false).
/// </summary>
internal static class BindingComparison
{
    private static readonly JsonSerializerOptions Picture = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        ReferenceHandler = ReferenceHandler.IgnoreCycles,
    };

    /// <summary>Gets every public property of <paramref name="options"/>, recursively, as indented JSON.</summary>
    public static string Json(object options) => JsonSerializer.Serialize(options, options.GetType(), Picture);

    // The options as the registered configuration code leaves them, before start-up validation (some made-up values are invalid).
    public static T Configured<T>(IServiceCollection services, string name)
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
    public static Dictionary<string, string?> EverySetting(Type type, string prefix)
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
