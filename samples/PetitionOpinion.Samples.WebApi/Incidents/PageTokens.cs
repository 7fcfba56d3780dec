using System.Buffers.Binary;
using Microsoft.AspNetCore.WebUtilities;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Samples.WebApi.Incidents;

/// <summary>
/// The <c>after</c> token of <c>GET /incidents</c>: an <see cref="IncidentPageCursor"/> as 32 base64url characters (the
/// report instant's UTC ticks, 8 bytes, and the id, 16 bytes, both big-endian). Opaque to clients: they pass back the
/// <c>next</c> of the previous page. It is not signed: a forged token only moves the start of a page the caller may read anyway.
/// </summary>
internal static class PageTokens
{
    private const int Length = 24;

    /// <summary>Encodes <paramref name="cursor"/>.</summary>
    public static string? Encode(IncidentPageCursor? cursor)
    {
        if (cursor is null)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, cursor.ReportedAt.UtcTicks);
        cursor.Id.Value.TryWriteBytes(bytes[8..], bigEndian: true, out _);
        return WebEncoders.Base64UrlEncode(bytes);
    }

    /// <summary>Decodes a token made by <see cref="Encode"/>, or returns <see langword="false"/> for anything else.</summary>
    public static bool TryDecode(string token, out IncidentPageCursor? cursor)
    {
        cursor = null;
        if (token.Length != 32 || token.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return false;
        }

        // 32 base64url characters are always 24 bytes; not every 64-bit number is an instant.
        var bytes = WebEncoders.Base64UrlDecode(token);
        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        cursor = new IncidentPageCursor(new DateTimeOffset(ticks, TimeSpan.Zero), new IncidentId(new Guid(bytes.AsSpan(8), bigEndian: true)));
        return true;
    }
}
