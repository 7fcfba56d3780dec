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
    /// Runs <paramref name="call"/> and checks that it fails with the generated problem-details type the document
    /// declares for <paramref name="status"/>, with this <paramref name="code"/> (a typed property, not additional data)
    /// and a title and detail; returns the problem.
    /// </summary>
    public static async Task<ProblemDetails> ProblemAsync(Func<Task> call, int status, string code)
    {
        var error = await Assert.ThrowsAnyAsync<ApiException>(call);
        Assert.Equal(status, error.ResponseStatusCode);
        var problem = Assert.IsType<ProblemDetails>(error, exactMatch: true);
        Assert.Equal(code, problem.Code);
        Assert.Equal(status, problem.Status);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title), "The problem has no title.");
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail), "The problem has no detail.");
        Assert.DoesNotContain("code", problem.AdditionalData.Keys);
        return problem;
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
