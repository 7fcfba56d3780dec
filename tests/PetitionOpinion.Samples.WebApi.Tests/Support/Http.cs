using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PetitionOpinion.Samples.WebApi.Tests.Support;

/// <summary>Small helpers to call the API and read its JSON and problem details.</summary>
public static class Http
{
    /// <summary>POSTs <paramref name="body"/> as JSON (no body when <see langword="null"/>).</summary>
    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string path, object? body)
        => body is null ? client.PostAsync(path, content: null) : client.PostAsJsonAsync(path, body);

    /// <summary>POSTs and expects 200 (or <paramref name="expected"/>); returns the JSON answer.</summary>
    public static async Task<JsonObject> PostOkAsync(this HttpClient client, string path, object? body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.PostAsync(path, body);
        return await response.JsonAsync(expected);
    }

    /// <summary>GETs and expects 200; returns the JSON answer.</summary>
    public static async Task<JsonObject> GetOkAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return await response.JsonAsync(HttpStatusCode.OK);
    }

    /// <summary>Checks the status and reads the JSON object answered.</summary>
    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} {expected}, got {(int)response.StatusCode} {response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Checks that the answer is an RFC 9457 problem with this status and code; returns it.</summary>
    public static async Task<JsonObject> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var problem = await response.JsonAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, (int)problem["status"]!);
        Assert.Equal(code, (string?)problem["code"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["title"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]));
        return problem;
    }

    /// <summary>The codes of a problem's details.</summary>
    public static IReadOnlyList<string> DetailCodes(this JsonObject problem)
        => problem["details"] is JsonArray details ? [.. details.Select(d => (string)d!["code"]!)] : [];
}
