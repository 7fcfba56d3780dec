using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Storage;

// Strongly typed ids and values are stored as their plain text or number, so that payloads stay readable and stable.
// A stored value that breaks its type's rules is malformed data: a JsonException without a message (never the value),
// which IncidentEventSerializer reports as an InvalidDataException in its own words (PayloadProblem).

/// <summary>A value stored as a 32-bit whole number.</summary>
/// <typeparam name="T">The value type.</typeparam>
internal abstract class NumberValueConverter<T>(Func<int, T> create, Func<T, int> number) : JsonConverter<T>, INumberValueConverter
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? create(value) : throw new JsonException();

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteNumberValue(number(value));
}

/// <summary>Marks the converters of values stored as 32-bit whole numbers (for <see cref="PayloadProblem"/>).</summary>
internal interface INumberValueConverter;

internal sealed class RiskCategoryConverter() : TextValueConverter<RiskCategory>(static v => new(v), static v => v.Value);

internal sealed class DirectiveKindConverter() : TextValueConverter<DirectiveKind>(static v => new(v), static v => v.Value);

internal sealed class DirectiveIdConverter() : NumberValueConverter<DirectiveId>(static v => new(v), static v => v.Number);

internal sealed class StatementIdConverter() : NumberValueConverter<StatementId>(static v => new(v), static v => v.Number);

internal sealed class SupportRequestIdConverter() : NumberValueConverter<SupportRequestId>(static v => new(v), static v => v.Number);

/// <summary>A number that must be finite: JSON has no infinity, but a number too large for a double reads as one.</summary>
internal sealed class FiniteDoubleConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) && double.IsFinite(value) ? value : throw new JsonException();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}

/// <summary>
/// Enums by their exact names. <see cref="JsonStringEnumConverter"/> would also take numbers, names in another case and
/// comma-separated combinations, none of which the serializer writes. Each enum of an event has its own
/// <see cref="StrictEnumConverter{T}"/> in <see cref="IncidentEventJsonContext"/>'s converters (made ahead of time, so that
/// trimming and native AOT keep them); this factory, listed after them, catches an enum left out, loudly.
/// </summary>
internal sealed class StrictEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
        => throw new NotSupportedException($"The enum {typeToConvert.Name} has no strict converter: add typeof(StrictEnumConverter<{typeToConvert.Name}>) to {nameof(IncidentEventJsonContext)}'s converters.");
}

internal sealed class StrictEnumConverter<T> : JsonConverter<T>
    where T : struct, Enum
{
    private static readonly string[] Names = Enum.GetNames<T>();
    private static readonly T[] Values = [.. Names.Select(Enum.Parse<T>)];
    private static readonly byte[][] Utf8 = [.. Names.Select(Encoding.UTF8.GetBytes)];
    private static readonly JsonEncodedText[] Encoded = [.. Names.Select(n => JsonEncodedText.Encode(n))];

    /// <summary>Gets the defined names, for a message.</summary>
    public static string DefinedNames => string.Join(", ", Names);

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            for (var i = 0; i < Utf8.Length; i++)
            {
                if (reader.ValueTextEquals(Utf8[i]))
                {
                    return Values[i];
                }
            }
        }

        throw new JsonException();
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        // An undefined value is written as its number (as JsonStringEnumConverter does); it will not read back.
        var i = Array.IndexOf(Values, value);
        if (i >= 0)
        {
            writer.WriteStringValue(Encoded[i]);
        }
        else
        {
            writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>
/// Lists that cannot be changed once read (System.Text.Json would give a <see cref="List{T}"/>), without null items. Each
/// list type of an event has its own <see cref="ReadOnlyListConverter{T}"/> in <see cref="IncidentEventJsonContext"/>'s
/// converters (made ahead of time, for trimming and native AOT); this factory, listed after them, catches one left out.
/// </summary>
internal sealed class ReadOnlyListConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(IReadOnlyList<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
        => throw new NotSupportedException($"The list of {typeToConvert.GetGenericArguments()[0].Name} has no read-only list converter: add typeof(ReadOnlyListConverter<{typeToConvert.GetGenericArguments()[0].Name}>) to {nameof(IncidentEventJsonContext)}'s converters.");
}

internal sealed class ReadOnlyListConverter<T> : JsonConverter<IReadOnlyList<T>>
{
    public override IReadOnlyList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException();
        }

        var item = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        var items = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(JsonSerializer.Deserialize(ref reader, item) ?? throw new JsonException());
        }

        return items.AsReadOnly();
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options)
    {
        var item = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        writer.WriteStartArray();
        foreach (var v in value)
        {
            JsonSerializer.Serialize(writer, v, item);
        }

        writer.WriteEndArray();
    }
}

/// <summary>Marks the converter of a property that is in an event's contract but never a payload field.</summary>
internal interface INotInPayload;

/// <summary>
/// The converter of the stored event's metadata (incident, actor, instant) and of the reason of an event that takes
/// none: the constructor binds them, so they stay in the contract, but a payload that names one is malformed, and
/// none is ever written.
/// </summary>
/// <typeparam name="T">The property's type.</typeparam>
internal sealed class NotInPayloadConverter<T> : JsonConverter<T>, INotInPayload
{
    // Called for a null too ("reason": null is as much a field as any other value).
    public override bool HandleNull => true;

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new JsonException();

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => throw new InvalidOperationException("Not a payload field: never written.");
}

internal sealed class DeadlineKeyConverter : JsonConverter<DeadlineKey>
{
    // Stored as its text form, which never changes (recorded alerts and notification keys hold it).
    public override DeadlineKey Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => reader.TokenType == JsonTokenType.String && DeadlineKey.TryParse(reader.GetString(), out var key) ? key : throw new JsonException();

    public override void Write(Utf8JsonWriter writer, DeadlineKey value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}

/// <summary>
/// Stores <see cref="Assessment.RiskFacts"/> (an assessment's facts) as <see cref="RiskFactsPayload"/>: every fact named and
/// required, user-defined numbers and flags in ordinal order, so that the same facts always give the same bytes.
/// </summary>
internal sealed class RiskFactsConverter : JsonConverter<Assessment.RiskFacts>
{
    public override Assessment.RiskFacts Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var info = (JsonTypeInfo<RiskFactsPayload>)options.GetTypeInfo(typeof(RiskFactsPayload));
        var p = JsonSerializer.Deserialize(ref reader, info) ?? throw new PayloadException("The facts must be an object.");
        try
        {
            return new Assessment.RiskFacts
            {
                Category = p.Category,
                Channel = p.Channel,
                Kind = p.Kind,
                Complainants = p.Complainants,
                Reach = p.Reach,
                NegativeShare = p.NegativeShare,
                Sentiment = p.Sentiment,
                PersonalDataRecordsAffected = p.PersonalDataRecordsAffected,
                Injuries = p.Injuries,
                Deaths = p.Deaths,
                PriorPetitionsWithin90Days = p.PriorPetitionsWithin90Days,
                MainstreamMediaCoverage = p.MainstreamMediaCoverage,
                NationalTrending = p.NationalTrending,
                RegulatorInvolved = p.RegulatorInvolved,
                Litigation = p.Litigation,
                MinorsOrVulnerable = p.MinorsOrVulnerable,
                Numbers = p.Numbers,
                Flags = p.Flags.ToHashSet(StringComparer.Ordinal),
            };
        }
        catch (ArgumentException e)
        {
            // The facts check every value when it is set: a stored value out of its range is malformed data.
            throw new PayloadException($"The facts are not valid: {e.ParamName ?? "a fact"} is out of its range or not an identifier.");
        }
    }

    public override void Write(Utf8JsonWriter writer, Assessment.RiskFacts value, JsonSerializerOptions options)
    {
        var payload = new RiskFactsPayload(
            value.Category, value.Channel, value.Kind, value.Complainants, value.Reach, value.NegativeShare, value.Sentiment,
            value.PersonalDataRecordsAffected, value.Injuries, value.Deaths, value.PriorPetitionsWithin90Days,
            value.MainstreamMediaCoverage, value.NationalTrending, value.RegulatorInvolved, value.Litigation, value.MinorsOrVulnerable,
            new SortedDictionary<string, double>(value.Numbers.ToDictionary(StringComparer.Ordinal), StringComparer.Ordinal),
            [.. value.Flags.Order(StringComparer.Ordinal)]);
        JsonSerializer.Serialize(writer, payload, (JsonTypeInfo<RiskFactsPayload>)options.GetTypeInfo(typeof(RiskFactsPayload)));
    }
}

/// <summary>The stored shape of an assessment's facts (<see cref="RiskFactsConverter"/>).</summary>
internal sealed record RiskFactsPayload(
    RiskCategory Category,
    IntakeChannel Channel,
    IncidentKind Kind,
    long Complainants,
    long Reach,
    double NegativeShare,
    double Sentiment,
    long PersonalDataRecordsAffected,
    long Injuries,
    long Deaths,
    long PriorPetitionsWithin90Days,
    bool MainstreamMediaCoverage,
    bool NationalTrending,
    bool RegulatorInvolved,
    bool Litigation,
    bool MinorsOrVulnerable,
    IReadOnlyDictionary<string, double> Numbers,
    IReadOnlyList<string> Flags);

/// <summary>
/// <see cref="PetitionerDetails"/>: written as <c>name</c>, <c>phones</c>, <c>emails</c> and <c>otherContact</c> (every
/// member, nulls too); read in that shape or in the shape of the events stored before the contacts were typed
/// (<c>name</c> and <c>contact</c>, one text), which reads as <see cref="PetitionerDetails(string, string?)"/> splits it.
/// Strict like the rest: an unknown, repeated or missing member, a null name or list, a null item, or the two shapes
/// mixed is malformed, said in the library's own words (never quoting the value).
/// </summary>
internal sealed class PetitionerDetailsConverter : JsonConverter<PetitionerDetails>
{
    private static readonly string[] Typed = ["name", "phones", "emails", "otherContact"];

    public override PetitionerDetails Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadDetails(ref reader);

    private static PetitionerDetails ReadDetails(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new PayloadException("'petitioner' must be an object.");
        }

        string? name = null, contact = null, other = null;
        IReadOnlyList<string>? phones = null, emails = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var member = reader.GetString() ?? string.Empty;
            if (!seen.Add(member))
            {
                throw new PayloadException(Typed.Contains(member) || member == "contact" ? $"'petitioner.{member}' appears twice." : "A field of 'petitioner' appears twice.");
            }

            reader.Read();
            switch (member)
            {
                case "name":
                    name = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw new PayloadException("'petitioner.name' must be a string.");
                    break;
                case "contact":
                    contact = Text(ref reader, member);
                    break;
                case "otherContact":
                    other = Text(ref reader, member);
                    break;
                case "phones":
                    phones = List(ref reader, member);
                    break;
                case "emails":
                    emails = List(ref reader, member);
                    break;
                default:
                    throw new PayloadException($"A field of 'petitioner' is not one of its shape's ({string.Join(", ", Typed)}; or name and contact, as stored before the contacts were typed).");
            }
        }

        if (name is null)
        {
            throw new PayloadException("'petitioner.name' is missing.");
        }

        if (seen.Contains("contact"))
        {
            return seen.Count == 2 ? new PetitionerDetails(name, contact) : throw new PayloadException("'petitioner' mixes the shape before the contacts were typed (name and contact) with the typed one.");
        }

        var missing = Typed.Where(t => !seen.Contains(t)).ToList();
        return missing.Count == 0
            ? new PetitionerDetails(name, phones!, emails!, other)
            : throw new PayloadException($"The field(s) {string.Join(", ", missing.Select(m => $"'petitioner.{m}'"))} are missing.");
    }

    public override void Write(Utf8JsonWriter writer, PetitionerDetails value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("name", value.Name);
        writer.WriteStartArray("phones");
        foreach (var phone in value.Phones)
        {
            writer.WriteStringValue(phone);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("emails");
        foreach (var email in value.Emails)
        {
            writer.WriteStringValue(email);
        }

        writer.WriteEndArray();
        writer.WriteString("otherContact", value.OtherContact);
        writer.WriteEndObject();
    }

    /// <summary>Describes what is wrong with a stored petitioner, in the library's words, or <see langword="null"/>.</summary>
    internal static string? Problem(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return "'petitioner' must be an object.";
        }

        try
        {
            var bytes = Encoding.UTF8.GetBytes(json.GetRawText());
            var reader = new Utf8JsonReader(bytes);
            reader.Read();
            _ = ReadDetails(ref reader);
            return null;
        }
        catch (PayloadException e)
        {
            return e.Message;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return "'petitioner' holds a value of the wrong form.";
        }
    }

    private static string? Text(ref Utf8JsonReader reader, string member)
        => reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => reader.GetString(),
            _ => throw new PayloadException($"'petitioner.{member}' must be a string or null."),
        };

    private static IReadOnlyList<string> List(ref Utf8JsonReader reader, string member)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new PayloadException($"'petitioner.{member}' must be an array of strings.");
        }

        var items = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new PayloadException($"An item of 'petitioner.{member}' must be a string."));
        }

        return items.AsReadOnly();
    }
}
