using System.Text.Json;
using System.Text.Json.Serialization;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Storage;

// Strongly typed ids and values are stored as their plain text or number, so that payloads stay readable and stable.
internal static class Identifiers
{
    // A stored identifier that breaks the rules is malformed data: a JsonException (reported as InvalidDataException), not an ArgumentException.
    public static string Read(ref Utf8JsonReader reader)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw new JsonException($"Expected an identifier string, found {reader.TokenType}.");
        return IdentifierRules.Explain(text) is { } problem ? throw new JsonException($"'{text}' is not a valid identifier: {problem}.") : text!;
    }
}

internal sealed class PersonIdConverter : JsonConverter<PersonId>
{
    public override PersonId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(Identifiers.Read(ref reader));

    public override void Write(Utf8JsonWriter writer, PersonId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

internal sealed class GroupIdConverter : JsonConverter<GroupId>
{
    public override GroupId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(Identifiers.Read(ref reader));

    public override void Write(Utf8JsonWriter writer, GroupId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

internal sealed class IncidentIdConverter : JsonConverter<IncidentId>
{
    public override IncidentId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetGuid());

    public override void Write(Utf8JsonWriter writer, IncidentId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

internal sealed class RiskCategoryConverter : JsonConverter<RiskCategory>
{
    public override RiskCategory Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(Identifiers.Read(ref reader));

    public override void Write(Utf8JsonWriter writer, RiskCategory value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

internal sealed class DirectiveKindConverter : JsonConverter<DirectiveKind>
{
    public override DirectiveKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(Identifiers.Read(ref reader));

    public override void Write(Utf8JsonWriter writer, DirectiveKind value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

internal sealed class DirectiveIdConverter : JsonConverter<DirectiveId>
{
    public override DirectiveId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt32());

    public override void Write(Utf8JsonWriter writer, DirectiveId value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Number);
}

internal sealed class StatementIdConverter : JsonConverter<StatementId>
{
    public override StatementId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt32());

    public override void Write(Utf8JsonWriter writer, StatementId value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Number);
}

internal sealed class SupportRequestIdConverter : JsonConverter<SupportRequestId>
{
    public override SupportRequestId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt32());

    public override void Write(Utf8JsonWriter writer, SupportRequestId value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Number);
}

internal sealed class DeadlineKeyConverter : JsonConverter<DeadlineKey>
{
    // Stored as its text form, which never changes (recorded alerts and notification keys hold it).
    public override DeadlineKey Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw new JsonException($"Expected a deadline key string, found {reader.TokenType}.");
        return DeadlineKey.TryParse(text, out var key) ? key : throw new JsonException("The value is not a deadline key.");
    }

    public override void Write(Utf8JsonWriter writer, DeadlineKey value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
