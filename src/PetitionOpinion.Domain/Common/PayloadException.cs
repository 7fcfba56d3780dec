using System.Text.Json;

namespace PetitionOpinion.Storage;

/// <summary>A payload that cannot be read, described in the library's own words: the message names fields and types, never stored values.</summary>
internal sealed class PayloadException(string message) : JsonException(message);
