using System.Text.Json;
using System.Text.Json.Serialization;

namespace PetitionOpinion.Storage;

// The JSON forms of the shared identifiers, for the events' serializer and the notifications' alike: their plain text,
// checked by their type's rules. A stored value that breaks them is malformed data: a JsonException without a message
// (never the value).

/// <summary>A value stored as its identifier text, checked by its type's constructor (<see cref="IdentifierRules"/>).</summary>
/// <typeparam name="T">The value type.</typeparam>
internal abstract class TextValueConverter<T>(Func<string, T> create, Func<T, string> text) : JsonConverter<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException();
        try
        {
            return create(value);
        }
        catch (ArgumentException)
        {
            throw new JsonException();
        }
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(text(value));
}

internal sealed class PersonIdConverter() : TextValueConverter<PersonId>(static v => new(v), static v => v.Value);

internal sealed class GroupIdConverter() : TextValueConverter<GroupId>(static v => new(v), static v => v.Value);

internal sealed class IncidentIdConverter : JsonConverter<IncidentId>
{
    public override IncidentId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => reader.TokenType == JsonTokenType.String && reader.TryGetGuid(out var value) ? new(value) : throw new JsonException();

    public override void Write(Utf8JsonWriter writer, IncidentId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}
