using System.Text.Json;
using System.Text.Json.Serialization;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Samples.WebApi.Hosting;

/// <summary>
/// JSON converters that write the library's identifier values as plain strings (<c>"zhang.wei"</c>,
/// <c>"petition-handling-group"</c>, <c>"DataPrivacy"</c>) and read them back; text that is not a valid identifier is a
/// <see cref="JsonException"/>, which the host answers with 400 <c>request.malformed</c>.
/// </summary>
internal static class IdentifierJsonConverters
{
    /// <summary>The types these converters handle: the OpenAPI document describes each as a string.</summary>
    public static IReadOnlySet<Type> Types { get; } = new HashSet<Type> { typeof(PersonId), typeof(GroupId), typeof(RiskCategory), typeof(DirectiveKind), typeof(IncidentId) };

    /// <summary>Adds the converters to serializer options.</summary>
    public static void AddTo(JsonSerializerOptions options)
    {
        options.Converters.Add(new TextConverter<PersonId>(v => new PersonId(v), id => id.Value));
        options.Converters.Add(new TextConverter<GroupId>(v => new GroupId(v), id => id.Value));
        options.Converters.Add(new TextConverter<RiskCategory>(v => new RiskCategory(v), c => c.Value));
        options.Converters.Add(new TextConverter<DirectiveKind>(v => new DirectiveKind(v), k => k.Value));
        options.Converters.Add(new TextConverter<IncidentId>(
            v => IncidentId.TryParse(v, out var id) ? id : throw new ArgumentException($"'{v}' is not an incident id (a non-empty GUID)."),
            id => id.ToString()));
    }

    private sealed class TextConverter<T>(Func<string, T> parse, Func<T, string> format) : JsonConverter<T>
        where T : struct
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException($"A {typeof(T).Name} is written as a JSON string.");
            }

            var text = reader.GetString()!;
            try
            {
                return parse(text);
            }
            catch (ArgumentException e)
            {
                throw new JsonException(e.Message, e);
            }
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
            => writer.WriteStringValue(format(value));
    }
}
