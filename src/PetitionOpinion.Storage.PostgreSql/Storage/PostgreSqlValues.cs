using System.Buffers;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace PetitionOpinion.Storage;

/// <summary>
/// How values are bound to parameters and read from columns (see <see cref="PostgreSqlSchema"/> for why). Every
/// parameter is typed, so that statements can be prepared and a <see langword="null"/> has a type.
/// </summary>
internal static class PostgreSqlValues
{
    /// <summary>A <c>uuid</c> parameter.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The parameter.</returns>
    public static NpgsqlParameter<Guid> Uuid(Guid value) => new() { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = value };

    /// <summary>An <c>integer</c> parameter.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The parameter.</returns>
    public static NpgsqlParameter<int> Integer(int value) => new() { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = value };

    /// <summary>An <c>integer</c> parameter that may be <see langword="null"/>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The parameter.</returns>
    public static NpgsqlParameter NullableInteger(int? value) => new() { NpgsqlDbType = NpgsqlDbType.Integer, Value = value is { } v ? v : DBNull.Value };

    /// <summary>A <c>bigint</c> parameter.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The parameter.</returns>
    public static NpgsqlParameter<long> Bigint(long value) => new() { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = value };

    /// <summary>A <c>text</c> parameter.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The parameter.</returns>
    public static NpgsqlParameter<string> Text(string value) => new() { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = value };

    /// <summary>A <c>text</c> parameter that may be <see langword="null"/>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The parameter.</returns>
    public static NpgsqlParameter NullableText(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = value is null ? DBNull.Value : value };

    /// <summary>A <c>bytea</c> parameter, written from the memory as it is now (the caller may reuse its buffer after the call).</summary>
    /// <param name="value">The bytes.</param>
    /// <returns>The parameter.</returns>
    public static NpgsqlParameter<ReadOnlyMemory<byte>> Bytea(ReadOnlyMemory<byte> value) => new() { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = value };

    /// <summary>A <c>bytea</c> parameter that may be <see langword="null"/>.</summary>
    /// <param name="value">The bytes.</param>
    /// <returns>The parameter.</returns>
    public static NpgsqlParameter NullableBytea(byte[]? value) => new() { NpgsqlDbType = NpgsqlDbType.Bytea, Value = value is null ? DBNull.Value : value };

    /// <summary>
    /// An idempotency key's bytes: its UTF-8 encoding, with a lone surrogate (a .NET string may hold one, e.g. a key cut in
    /// the middle of an emoji) encoded as its own three bytes, as generalized UTF-8 (WTF-8) does. Keys compare ordinally,
    /// UTF-16 code unit by code unit; this encoding maps different strings to different bytes, so comparing the bytes is
    /// the same; a well-formed key's bytes are its plain UTF-8 (<c>convert_from(idempotency_key, 'UTF8')</c> shows it).
    /// </summary>
    /// <param name="key">The key.</param>
    /// <returns>The bytes.</returns>
    public static byte[] KeyBytes(string key)
    {
        var bytes = new ArrayBufferWriter<byte>(Math.Max(1, key.Length * 3));
        for (var i = 0; i < key.Length;)
        {
            if (Rune.TryGetRuneAt(key, i, out var rune))
            {
                bytes.Advance(rune.EncodeToUtf8(bytes.GetSpan(4)));
                i += rune.Utf16SequenceLength;
            }
            else
            {
                int unit = key[i++];
                var span = bytes.GetSpan(3);
                span[0] = (byte)(0xE0 | (unit >> 12));
                span[1] = (byte)(0x80 | ((unit >> 6) & 0x3F));
                span[2] = (byte)(0x80 | (unit & 0x3F));
                bytes.Advance(3);
            }
        }

        return bytes.WrittenSpan.ToArray();
    }

    /// <summary>An array parameter.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="elementType">The elements' PostgreSQL type.</param>
    /// <param name="values">The values.</param>
    /// <returns>The parameter.</returns>
    public static NpgsqlParameter<T[]> ArrayOf<T>(NpgsqlDbType elementType, T[] values) => new() { NpgsqlDbType = NpgsqlDbType.Array | elementType, TypedValue = values };

    /// <summary>Adds an instant as two parameters: its UTC ticks (<c>bigint</c>) and its offset in minutes (<c>integer</c>), both <see langword="null"/> for none.</summary>
    /// <param name="parameters">The parameters to add to.</param>
    /// <param name="value">The instant.</param>
    public static void AddInstant(NpgsqlParameterCollection parameters, DateTimeOffset? value)
    {
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = value is { } v ? v.UtcTicks : DBNull.Value });
        parameters.Add(NullableInteger(value is { } o ? OffsetMinutes(o) : null));
    }

    /// <summary>Adds an instant that is never <see langword="null"/> (see <see cref="AddInstant"/>).</summary>
    /// <param name="parameters">The parameters to add to.</param>
    /// <param name="value">The instant.</param>
    public static void AddRequiredInstant(NpgsqlParameterCollection parameters, DateTimeOffset value)
    {
        parameters.Add(Bigint(value.UtcTicks));
        parameters.Add(Integer(OffsetMinutes(value)));
    }

    /// <summary>An offset in whole minutes (a <see cref="DateTimeOffset"/>'s offset always is).</summary>
    /// <param name="value">The instant.</param>
    /// <returns>The minutes.</returns>
    public static int OffsetMinutes(DateTimeOffset value) => (int)(value.Offset.Ticks / TimeSpan.TicksPerMinute);

    /// <summary>Rebuilds an instant from its UTC ticks and offset in minutes.</summary>
    /// <param name="utcTicks">The UTC ticks.</param>
    /// <param name="offsetMinutes">The offset.</param>
    /// <returns>The instant, with its offset.</returns>
    public static DateTimeOffset Instant(long utcTicks, int offsetMinutes)
        => new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes));

    /// <summary>Reads an instant written by <see cref="AddInstant"/> from a ticks column and the offset column after it.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="ordinal">The ticks column; the offset is at <c>ordinal + 1</c>.</param>
    /// <returns>The instant, or <see langword="null"/>.</returns>
    public static DateTimeOffset? ReadInstant(NpgsqlDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? null : Instant(reader.GetInt64(ordinal), reader.GetInt32(ordinal + 1));

    /// <summary>Reads an instant that is never <see langword="null"/>.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="ordinal">The ticks column; the offset is at <c>ordinal + 1</c>.</param>
    /// <returns>The instant.</returns>
    public static DateTimeOffset ReadRequiredInstant(NpgsqlDataReader reader, int ordinal)
        => Instant(reader.GetInt64(ordinal), reader.GetInt32(ordinal + 1));

    /// <summary>Reads an event's actor; a value that is not an identifier is reported without being quoted.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="ordinal">The column.</param>
    /// <param name="incident">The incident (for the message).</param>
    /// <param name="version">The event's version (for the message).</param>
    /// <returns>The actor.</returns>
    /// <exception cref="UnreadableEventException">The column does not hold an identifier.</exception>
    public static PersonId ReadActor(NpgsqlDataReader reader, int ordinal, IncidentId incident, int version)
        => !reader.IsDBNull(ordinal) && reader.GetString(ordinal) is var text && IdentifierRules.Explain(text) is null
            ? new PersonId(text)
            : throw new UnreadableEventException(incident, version, "the actor");
}
