using System.Text;
using System.Text.Json;

namespace PetitionOpinion.Storage;

/// <summary>
/// The fields of one JSON object of a payload, in the names the serializer writes them. Every field is required (nulls
/// are written) but those in <see cref="Optional"/>: fields added later, which older payloads lack.
/// </summary>
internal sealed class PayloadShape
{
    private readonly byte[][] _utf8;

    public PayloadShape(params string[] fields)
    {
        if (fields.Length > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(fields), "A payload shape has at most 32 fields.");
        }

        Names = fields;
        _utf8 = [.. fields.Select(Encoding.UTF8.GetBytes)];
        All = fields.Length == 32 ? uint.MaxValue : (1u << fields.Length) - 1;
    }

    /// <summary>Gets the field names.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Gets the mask with a bit set for every field.</summary>
    public uint All { get; }

    /// <summary>Gets the mask with a bit set for every field that may be missing. Default: none.</summary>
    public uint Optional { get; init; }

    /// <summary>Finds the field the reader's current property name names, or returns -1.</summary>
    /// <param name="reader">The reader, at a property name.</param>
    /// <param name="expected">The field most likely next (the serializer writes the fields in order): compared first.</param>
    public int Find(ref Utf8JsonReader reader, int expected)
    {
        if ((uint)expected < (uint)_utf8.Length && reader.ValueTextEquals(_utf8[expected]))
        {
            return expected;
        }

        for (var i = 0; i < _utf8.Length; i++)
        {
            if (reader.ValueTextEquals(_utf8[i]))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>
/// A strict reader of a payload's JSON: exactly the fields of its shape, each once, every one present, each of the
/// expected type; an unknown or repeated field, a missing one, a wrong type, an invalid identifier or an unnamed enum
/// value is a <see cref="JsonException"/> naming the field. Hand-written over <see cref="Utf8JsonReader"/>: reading the
/// events of an incident is on the path of every action (see <c>benchmarks/README.md</c>).
/// </summary>
/// <remarks>
/// Use: construct with the shape, then <c>while (reader.Next(out var field)) { switch (field) … }</c> reading each
/// value with one of the value methods, then <see cref="End"/>. Incident events are read by System.Text.Json
/// (<see cref="IncidentEventSerializer"/>); this reader is the notifications' (<see cref="Notifications.NotificationSerializer"/>).
/// </remarks>
internal ref struct PayloadReader
{
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false, MaxDepth = 16 };

    private Utf8JsonReader _json;
    private readonly PayloadShape _shape;
    private uint _seen;
    private int _field;

    /// <summary>Initializes a new instance of the <see cref="PayloadReader"/> struct at the start of the root object.</summary>
    public PayloadReader(ReadOnlySpan<byte> payload, PayloadShape shape)
    {
        _json = new Utf8JsonReader(payload, Options);
        _shape = shape;
        _field = -1;
        if (!_json.Read() || _json.TokenType != JsonTokenType.StartObject)
        {
            throw new PayloadException($"The payload must be a JSON object; it starts with {_json.TokenType}.");
        }
    }

    /// <summary>Gets the name of the field whose value is being read.</summary>
    private string FieldName => _field < 0 ? "the payload" : $"'{_shape.Names[_field]}'";

    /// <summary>Moves to the next field's value; returns <see langword="false"/> at the end of the current object.</summary>
    public bool Next(out int field)
    {
        _json.Read();
        if (_json.TokenType == JsonTokenType.EndObject)
        {
            field = -1;
            return false;
        }

        field = _shape.Find(ref _json, _field + 1);
        if (field < 0)
        {
            // The unknown name is stored data: it is never echoed (it could hold anything, a petitioner's name included).
            throw new PayloadException($"A field is not one of this shape's ({string.Join(", ", _shape.Names)}).");
        }

        var bit = 1u << field;
        if ((_seen & bit) != 0)
        {
            throw new PayloadException($"The field '{_shape.Names[field]}' appears twice.");
        }

        _seen |= bit;
        _field = field;
        _json.Read();
        return true;
    }

    /// <summary>Tells whether the current object had a field (for the optional ones, once the object is read).</summary>
    public readonly bool Saw(int field) => (_seen & (1u << field)) != 0;

    /// <summary>Ends the root object: every required field was present, and nothing follows it.</summary>
    public void End()
    {
        RequireAll();
        if (_json.Read())
        {
            throw new PayloadException($"Content follows the payload's object ({_json.TokenType}).");
        }
    }

    /// <summary>Gets a value indicating whether the current value is JSON <c>null</c>.</summary>
    public bool IsNull => _json.TokenType == JsonTokenType.Null;

    public string ReadString()
    {
        Expect(JsonTokenType.String, "a string");
        try
        {
            return _json.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new PayloadException($"{FieldName} is not valid text (malformed UTF-8 or an unpaired surrogate).");
        }
    }

    public string? ReadNullableString() => IsNull ? null : ReadString();

    public DateTimeOffset ReadInstant()
    {
        Expect(JsonTokenType.String, "an ISO 8601 date and time");
        return _json.TryGetDateTimeOffset(out var value) ? value : throw new PayloadException($"{FieldName} must be an ISO 8601 date and time with an offset.");
    }

    /// <summary>Reads an identifier: <paramref name="create"/> makes the value from the text and throws <see cref="ArgumentException"/> when it breaks the rules (<see cref="IdentifierRules"/>).</summary>
    public T ReadIdentifier<T>(Func<string, T> create)
    {
        var text = ReadString();
        try
        {
            return create(text);
        }
        catch (ArgumentException)
        {
            // The rule it breaks, never the text itself (stored data).
            throw new PayloadException($"{FieldName} is not a valid {typeof(T).Name}.");
        }
    }

    /// <summary>Reads an enum value by its exact name (a number or an unnamed value is refused).</summary>
    public T ReadEnum<T>()
        where T : struct, System.Enum
    {
        Expect(JsonTokenType.String, $"the name of a {typeof(T).Name}");
        var names = EnumNames<T>.Utf8;
        for (var i = 0; i < names.Length; i++)
        {
            if (_json.ValueTextEquals(names[i]))
            {
                return EnumNames<T>.Values[i];
            }
        }

        throw new PayloadException($"{FieldName} is not a {typeof(T).Name} ({string.Join(", ", EnumNames<T>.Names)}).");
    }

    public T? ReadNullableEnum<T>()
        where T : struct, System.Enum
        => IsNull ? null : ReadEnum<T>();

    private void Expect(JsonTokenType type, string what)
    {
        if (_json.TokenType != type)
        {
            throw new PayloadException($"{FieldName} must be {what}; found {Describe(_json.TokenType)}.");
        }
    }

    private void RequireAll()
    {
        var missing = _shape.All & ~_shape.Optional & ~_seen;
        if (missing != 0)
        {
            var names = _shape.Names.Where((_, i) => (missing & (1u << i)) != 0).Select(n => $"'{n}'");
            throw new PayloadException($"The field{(System.Numerics.BitOperations.PopCount(missing) == 1 ? string.Empty : "s")} {string.Join(", ", names)} {(System.Numerics.BitOperations.PopCount(missing) == 1 ? "is" : "are")} missing.");
        }
    }

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.Null => "null",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => type.ToString(),
    };

    private static class EnumNames<T>
        where T : struct, System.Enum
    {
        public static readonly string[] Names = System.Enum.GetNames<T>();
        public static readonly T[] Values = [.. Names.Select(System.Enum.Parse<T>)];
        public static readonly byte[][] Utf8 = [.. Names.Select(Encoding.UTF8.GetBytes)];
    }
}
