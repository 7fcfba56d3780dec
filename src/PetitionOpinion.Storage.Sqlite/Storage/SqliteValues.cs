using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace PetitionOpinion.Storage;

/// <summary>How values are written to and read from columns (see <see cref="SqliteSchema"/> for why).</summary>
internal static class SqliteValues
{
    /// <summary>A GUID as 16 big-endian bytes: <c>memcmp</c> order equals <see cref="Guid.CompareTo(Guid)"/> order.</summary>
    /// <param name="value">The GUID.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Id(Guid value)
    {
        var bytes = new byte[16];
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        return bytes;
    }

    /// <summary>Reads a GUID written by <see cref="Id(Guid)"/>.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="ordinal">The column.</param>
    /// <returns>The GUID.</returns>
    public static Guid ReadId(SqliteDataReader reader, int ordinal)
    {
        var bytes = reader.GetFieldValue<byte[]>(ordinal);
        if (bytes.Length != 16)
        {
            throw new InvalidDataException($"Column {reader.GetName(ordinal)} does not hold a 16-byte id.");
        }

        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The bytes of a memory block as an array, without copying when the block is a whole array.</summary>
    /// <param name="value">The block.</param>
    /// <returns>The array.</returns>
    public static byte[] Blob(ReadOnlyMemory<byte> value)
        => MemoryMarshal.TryGetArray(value, out var segment) && segment.Array is { } array && segment.Offset == 0 && segment.Count == array.Length
            ? array
            : value.ToArray();

    /// <summary>Reads a BLOB (an empty one as an empty array).</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="ordinal">The column.</param>
    /// <returns>The bytes.</returns>
    public static byte[] ReadBlob(SqliteDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? [] : reader.GetFieldValue<byte[]>(ordinal);

    /// <summary>Adds an instant as two parameters: <c>{name}</c> (UTC ticks) and <c>{name}_offset</c> (minutes).</summary>
    /// <param name="command">The command.</param>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The instant, or <see langword="null"/>.</param>
    public static void AddInstant(SqliteCommand command, string name, DateTimeOffset? value)
    {
        command.Parameters.AddWithValue(name, value is { } v ? v.UtcTicks : (object)DBNull.Value);
        command.Parameters.AddWithValue(name + "_offset", value is { } o ? (long)o.Offset.TotalMinutes : (object)DBNull.Value);
    }

    /// <summary>Reads an instant written by <see cref="AddInstant"/> from a ticks column and the offset column after it.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="ordinal">The ticks column; the offset is at <c>ordinal + 1</c>.</param>
    /// <returns>The instant, or <see langword="null"/>.</returns>
    public static DateTimeOffset? ReadInstant(SqliteDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        var utc = new DateTimeOffset(reader.GetInt64(ordinal), TimeSpan.Zero);
        return utc.ToOffset(TimeSpan.FromMinutes(reader.GetInt64(ordinal + 1)));
    }

    /// <summary>Reads an instant that is never <see langword="null"/>.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="ordinal">The ticks column; the offset is at <c>ordinal + 1</c>.</param>
    /// <returns>The instant.</returns>
    public static DateTimeOffset ReadRequiredInstant(SqliteDataReader reader, int ordinal)
        => ReadInstant(reader, ordinal) ?? throw new InvalidDataException($"Column {reader.GetName(ordinal)} is null.");

    /// <summary>Reads an event's actor; a value that is not an identifier is reported without being quoted.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="ordinal">The column.</param>
    /// <param name="incident">The incident (for the message).</param>
    /// <param name="version">The event's version (for the message).</param>
    /// <returns>The actor.</returns>
    /// <exception cref="UnreadableEventException">The column does not hold an identifier.</exception>
    public static PersonId ReadActor(SqliteDataReader reader, int ordinal, IncidentId incident, int version)
        => !reader.IsDBNull(ordinal) && reader.GetValue(ordinal) is string text && IdentifierRules.Explain(text) is null
            ? new PersonId(text)
            : throw new UnreadableEventException(incident, version, "the actor");
}
