using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PetitionOpinion.Storage;

/// <summary>
/// Says why a payload that System.Text.Json refused does not fit its contract, in the library's own words: fields and
/// types by the contract's names, never a stored value nor the name of an unknown field (either could be a
/// petitioner's details). Only run on a refused payload, so it may be slow; the first problem in reading order wins.
/// </summary>
internal static class PayloadProblem
{
    /// <summary>Describes the first problem of a payload.</summary>
    /// <param name="payload">The payload's UTF-8 JSON.</param>
    /// <param name="contract">The contract it was read with; <see langword="null"/> to check only that it is a JSON object.</param>
    /// <returns>A sentence.</returns>
    public static string Describe(ReadOnlyMemory<byte> payload, JsonTypeInfo? contract)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException)
        {
            return "the payload is not well-formed JSON.";
        }

        using (document)
        {
            var root = document.RootElement;
            return root.ValueKind != JsonValueKind.Object
                ? $"The payload must be a JSON object; it is {Found(root.ValueKind)}."
                : (contract is null ? null : ObjectProblem(root, contract)) ?? "a value in the payload has the wrong form.";
        }
    }

    private static string? ObjectProblem(JsonElement json, JsonTypeInfo contract)
    {
        var fields = contract.Properties.Where(p => p.CustomConverter is not INotInPayload).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in json.EnumerateObject())
        {
            var field = fields.Find(p => member.NameEquals(p.Name));
            if (field is null)
            {
                return $"A field is not one of this shape's ({string.Join(", ", fields.Select(p => p.Name))}).";
            }

            if (!seen.Add(field.Name))
            {
                return $"The field '{field.Name}' appears twice.";
            }

            var nullable = Nullable.GetUnderlyingType(field.PropertyType) is not null || field.AssociatedParameter?.IsNullable == true;
            if (!(nullable && member.Value.ValueKind == JsonValueKind.Null) && ValueProblem(member.Value, field.PropertyType, $"'{field.Name}'", contract.Options) is { } problem)
            {
                return problem;
            }
        }

        var missing = fields.Where(p => p.IsRequired && !seen.Contains(p.Name)).Select(p => $"'{p.Name}'").ToList();
        return missing.Count switch
        {
            0 => null,
            1 => $"The field {missing[0]} is missing.",
            _ => $"The fields {string.Join(", ", missing)} are missing.",
        };
    }

    private static string? ValueProblem(JsonElement json, Type type, string name, JsonSerializerOptions options)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            return json.ValueKind != JsonValueKind.Array
                ? $"{name} must be an array; found {Found(json.ValueKind)}."
                : json.EnumerateArray().Select(item => ValueProblem(item, type.GetGenericArguments()[0], $"An item of {name}", options)).FirstOrDefault(p => p is not null);
        }

        var info = options.GetTypeInfo(type);
        if (info.Converter is PetitionerDetailsConverter)
        {
            return PetitionerDetailsConverter.Problem(json);
        }

        if (info.Kind == JsonTypeInfoKind.Object)
        {
            return json.ValueKind == JsonValueKind.Object ? ObjectProblem(json, info) : $"{name} must be an object; found {Found(json.ValueKind)}.";
        }

        var (token, expected, invalid) = Expectation(type, info.Converter);
        if (json.ValueKind != token && !(token == JsonValueKind.True && json.ValueKind == JsonValueKind.False))
        {
            return $"{name} must be {expected}; found {Found(json.ValueKind)}.";
        }

        try
        {
            _ = json.Deserialize(info);
            return null;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException or InvalidOperationException or OverflowException)
        {
            return $"{name} {invalid}.";
        }
    }

    /// <summary>The JSON kind a value of the type is written as, what it is called, and what an invalid one breaks.</summary>
    private static (JsonValueKind Token, string Expected, string Invalid) Expectation(Type type, object converter) => type switch
    {
        _ when type.IsEnum => (JsonValueKind.String, $"the name of a {type.Name}", $"is not a {type.Name} ({string.Join(", ", Enum.GetNames(type))})"),
        _ when type == typeof(string) => (JsonValueKind.String, "a string", "is not valid text (malformed UTF-8 or an unpaired surrogate)"),
        _ when type == typeof(int) || converter is INumberValueConverter => (JsonValueKind.Number, "a number", "must be a 32-bit whole number"),
        _ when type == typeof(long) => (JsonValueKind.Number, "a number", "must be a 64-bit whole number"),
        _ when type == typeof(double) => (JsonValueKind.Number, "a number", "must be a finite number"),
        _ when type == typeof(bool) => (JsonValueKind.True, "true or false", "must be true or false"),
        _ when type == typeof(Guid) || type == typeof(IncidentId) => (JsonValueKind.String, "a GUID string", "must be a GUID"),
        _ when type == typeof(DateTimeOffset) => (JsonValueKind.String, "an ISO 8601 date and time", "must be an ISO 8601 date and time with an offset"),
        _ when type == typeof(DateOnly) => (JsonValueKind.String, "a date (yyyy-MM-dd)", "must be a date (yyyy-MM-dd)"),
        _ => (JsonValueKind.String, "a string", $"is not a valid {type.Name}"),
    };

    private static string Found(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "nothing",
    };
}
