using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using PetitionOpinion.Samples.WebApi.ClientTests.Client.Models;

namespace PetitionOpinion.Samples.WebApi.ClientTests.Support;

/// <summary>
/// Assertions on what the generated client reads back, written against the shape a correct document gives (a person id
/// as a string, an incident id as a Guid, a list of ids as a list, a problem's <c>code</c> as a property), so that a
/// document that types them otherwise fails here with what was read instead, rather than breaking the build.
/// </summary>
public static class ReadBack
{
    /// <summary>Checks that <paramref name="value"/> was read (not null); returns it.</summary>
    public static T Present<T>([NotNull] T? value)
        where T : class
    {
        Assert.NotNull(value);
        return value;
    }

    /// <summary>Checks that <paramref name="value"/> was read (not null); returns it.</summary>
    public static T Present<T>([NotNull] T? value)
        where T : struct
    {
        Assert.NotNull(value);
        return value.Value;
    }

    /// <summary>Checks that <paramref name="actual"/> is the value sent: its type as well as its value.</summary>
    public static void Same(object? expected, object? actual, string what)
        => Assert.True(Equals(expected, actual), $"{what}: sent {Describe(expected)}, read back {Describe(actual)}.");

    /// <summary>Checks that <paramref name="actual"/> is a typed list of exactly these ids, in order.</summary>
    public static void Ids(IEnumerable<Guid> expected, object? actual, string what)
    {
        Assert.True(actual is IEnumerable and not string, $"{what}: read back {Describe(actual)}, not a typed list of incident ids.");
        var read = ((IEnumerable)actual!).Cast<object?>().ToList();
        Assert.True(read.SequenceEqual(expected.Cast<object?>()), $"{what}: sent [{string.Join(", ", expected)}], read back [{string.Join(", ", read.Select(Describe))}].");
    }

    /// <summary>
    /// Runs <paramref name="call"/> and checks that it fails with the problem-details type the document declares for
    /// <paramref name="status"/>, with this <paramref name="code"/> and a title and detail; returns the exception.
    /// </summary>
    /// <remarks>
    /// The problem's members are read by name: the generated type and its properties are whatever the document declares,
    /// and a compile-time reference to a <c>Code</c> property the document does not declare would break the build of
    /// the whole solution instead of failing this assertion.
    /// </remarks>
    public static async Task<ApiException> ProblemAsync(Func<Task> call, int status, string code)
    {
        var error = await Assert.ThrowsAnyAsync<ApiException>(call);
        Assert.Equal(status, error.ResponseStatusCode);
        Assert.True(
            error is IParsable && error.GetType().Namespace == typeof(IncidentView).Namespace,
            $"{status} arrived as {error.GetType().FullName} (\"{error.Message}\"), not as the generated problem type: the document declares no problem body for {status} on this operation.");
        var additional = error is IAdditionalDataHolder holder && holder.AdditionalData.TryGetValue("code", out var loose) ? loose : null;
        var codeProperty = error.GetType().GetProperty("Code");
        Assert.True(
            codeProperty?.PropertyType == typeof(string),
            $"{status} arrived as {error.GetType().Name} without a string Code property (the document's problem schema does not declare `code`); AdditionalData[\"code\"] is {Describe(additional)}.");
        Assert.Equal(code, (string?)codeProperty!.GetValue(error));
        Assert.Equal(status, error.GetType().GetProperty("Status")?.GetValue(error));
        Assert.False(string.IsNullOrWhiteSpace(error.GetType().GetProperty("Title")?.GetValue(error) as string), "The problem has no title.");
        Assert.False(string.IsNullOrWhiteSpace(error.GetType().GetProperty("Detail")?.GetValue(error) as string), "The problem has no detail.");
        return error;
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        IAdditionalDataHolder holder => $"a {value.GetType().Name} {{{string.Join(", ", holder.AdditionalData.Select(p => $"{p.Key}: {p.Value}"))}}}",
        UntypedNode node => $"an untyped {node.GetType().Name}",
        _ => $"{value} ({value.GetType().Name})",
    };
}
