using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ardalis.GuardClauses;
using PetitionOpinion.Incidents;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Notifications;

/// <summary>
/// Turns a <see cref="Notification"/> into the payload of an <see cref="OutboxMessage"/> of kind
/// <see cref="OutboxMessageKinds.Notification"/> and back.
/// </summary>
/// <remarks>
/// <para>
/// The payload is UTF-8 JSON in camel case: <c>deduplicationKey</c>, <c>incidentId</c> (a GUID), <c>topic</c> (by
/// name), <c>level</c> (by name, or <c>null</c>), <c>recipient</c>, <c>recipientName</c>, <c>subject</c>, <c>body</c>,
/// <c>createdAt</c> (ISO 8601 with its offset), <c>sharedSubject</c>, <c>sharedBody</c> and <c>complainedAbout</c> (each
/// possibly <c>null</c>). Text is written as it is (Chinese is not escaped), as event payloads are.
/// </para>
/// <para>
/// Reading is strict: exactly those fields, each once, each of its type (only <c>level</c> and the last three may be
/// null); an unknown, repeated or missing field, an invalid identifier, an empty incident id or an unnamed enum value is
/// malformed data (<see cref="InvalidDataException"/> naming the problem). The last three were added later: a payload
/// written before has none of them (and reads with them <see langword="null"/>), one written since has all three.
/// Its message may quote the payload: never log it.
/// </para>
/// <para>Thread-safe.</para>
/// </remarks>
internal static class NotificationSerializer
{
    private const int DeduplicationKeyField = 0;
    private const int IncidentIdField = 1;
    private const int TopicField = 2;
    private const int LevelField = 3;
    private const int RecipientField = 4;
    private const int RecipientNameField = 5;
    private const int SubjectField = 6;
    private const int BodyField = 7;
    private const int CreatedAtField = 8;
    private const int SharedSubjectField = 9;
    private const int SharedBodyField = 10;
    private const int ComplainedAboutField = 11;
    private const uint SharedFields = (1u << SharedSubjectField) | (1u << SharedBodyField) | (1u << ComplainedAboutField);

    // In the order the source generator writes the record's properties (the reader compares the expected field first).
    // The shared text and the person complained about came later: payloads recorded before lack them.
    private static readonly PayloadShape Shape = new("deduplicationKey", "incidentId", "topic", "level", "recipient", "recipientName", "subject", "body", "createdAt", "sharedSubject", "sharedBody", "complainedAbout")
    {
        Optional = SharedFields,
    };

    private static readonly JsonTypeInfo<Notification> WriteInfo = CreateWriteInfo();

    /// <summary>Serializes a notification as UTF-8 JSON.</summary>
    /// <param name="notification">The notification.</param>
    /// <returns>The payload, as <see cref="OutboxMessage.Payload"/> holds it.</returns>
    /// <exception cref="ArgumentException">The notification could not be read back: an empty key, incident, recipient or person complained about, a text that is null, a shared subject without a shared body (or the reverse), or an unnamed topic or level.</exception>
    public static ReadOnlyMemory<byte> Serialize(Notification notification)
    {
        Guard.Against.Null(notification);

        // Refuse here what Deserialize would refuse later: a notification that cannot be read back would never be delivered.
        if (Problem(notification) is { } problem)
        {
            throw new ArgumentException($"The notification cannot be serialized: {problem}.", nameof(notification));
        }

        return JsonSerializer.SerializeToUtf8Bytes(notification, WriteInfo);
    }

    /// <summary>Reads a notification back from its payload.</summary>
    /// <param name="payload">The UTF-8 JSON written by <see cref="Serialize"/>.</param>
    /// <returns>The notification.</returns>
    /// <exception cref="InvalidDataException">The payload is malformed (not a JSON object, a field missing, unknown, repeated, null where it may not be or of the wrong type, an invalid identifier, an empty incident id or an unnamed enum value).</exception>
    public static Notification Deserialize(ReadOnlySpan<byte> payload)
    {
        try
        {
            return Read(payload);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The notification cannot be read: {e.Message}", e);
        }
    }

    /// <summary>Makes the outbox message that records a notification with the change that causes it.</summary>
    /// <param name="notification">The notification.</param>
    /// <param name="messageId">The message's id.</param>
    /// <returns>A message of kind <see cref="OutboxMessageKinds.Notification"/> with the notification's de-duplication key, incident and creation time.</returns>
    /// <exception cref="ArgumentException"><paramref name="messageId"/> is empty, or the notification cannot be serialized (see <see cref="Serialize"/>).</exception>
    public static OutboxMessage ToOutboxMessage(Notification notification, Guid messageId)
    {
        Guard.Against.Default(messageId);
        var payload = Serialize(notification);
        return new OutboxMessage(messageId, notification.IncidentId, OutboxMessageKinds.Notification, notification.DeduplicationKey, payload, notification.CreatedAt);
    }

    private static string? Problem(Notification n)
    {
        if (string.IsNullOrEmpty(n.DeduplicationKey))
        {
            return "its de-duplication key is null or empty";
        }

        if (n.IncidentId.IsEmpty)
        {
            return "its incident id is empty";
        }

        if (n.Recipient.IsEmpty)
        {
            return "its recipient id is empty";
        }

        if (!Enum.IsDefined(n.Topic))
        {
            return $"{(int)n.Topic} is not a {nameof(NotificationTopic)}";
        }

        if (n.Level is { } level && !Enum.IsDefined(level))
        {
            return $"{(int)level} is not a {nameof(SeverityLevel)}";
        }

        if (n.ComplainedAbout is { IsEmpty: true })
        {
            return "the id of the person complained about is empty";
        }

        if ((n.SharedSubject is null) != (n.SharedBody is null))
        {
            return "its shared subject and shared body must be both set or both null";
        }

        return n.RecipientName is null || n.Subject is null || n.Body is null ? "its recipient name, subject and body must not be null" : null;
    }

    private static Notification Read(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload, Shape);
        string? key = null, recipientName = null, subject = null, body = null, sharedSubject = null, sharedBody = null;
        PersonId? complainedAbout = null;
        IncidentId incident = default;
        NotificationTopic topic = default;
        SeverityLevel? level = null;
        PersonId recipient = default;
        DateTimeOffset createdAt = default;
        while (reader.Next(out var field))
        {
            switch (field)
            {
                case DeduplicationKeyField:
                    key = reader.ReadString();
                    if (key.Length == 0)
                    {
                        throw new JsonException("'deduplicationKey' must not be empty.");
                    }

                    break;
                case IncidentIdField:
                    incident = reader.ReadIdentifier(text => Guid.TryParse(text, out var guid) && guid != Guid.Empty
                        ? new IncidentId(guid)
                        : throw new ArgumentException("an incident id must be a GUID other than the empty one"));
                    break;
                case TopicField:
                    topic = reader.ReadEnum<NotificationTopic>();
                    break;
                case LevelField:
                    level = reader.ReadNullableEnum<SeverityLevel>();
                    break;
                case RecipientField:
                    recipient = reader.ReadIdentifier(text => new PersonId(text));
                    break;
                case RecipientNameField:
                    recipientName = reader.ReadString();
                    break;
                case SubjectField:
                    subject = reader.ReadString();
                    break;
                case BodyField:
                    body = reader.ReadString();
                    break;
                case CreatedAtField:
                    createdAt = reader.ReadInstant();
                    break;
                case SharedSubjectField:
                    sharedSubject = reader.ReadNullableString();
                    break;
                case SharedBodyField:
                    sharedBody = reader.ReadNullableString();
                    break;
                case ComplainedAboutField:
                    complainedAbout = reader.IsNull ? null : reader.ReadIdentifier(text => new PersonId(text));
                    break;
            }
        }

        // All three or none: a payload with some of them was not written by Serialize.
        var shared = (reader.Saw(SharedSubjectField) ? 1 : 0) + (reader.Saw(SharedBodyField) ? 1 : 0) + (reader.Saw(ComplainedAboutField) ? 1 : 0);
        if (shared is 1 or 2)
        {
            throw new JsonException("The fields 'sharedSubject', 'sharedBody' and 'complainedAbout' must be all present or all missing.");
        }

        if ((sharedSubject is null) != (sharedBody is null))
        {
            throw new JsonException("'sharedSubject' and 'sharedBody' must be both strings or both null.");
        }

        reader.End();
        return new Notification(key!, incident, topic, level, recipient, recipientName!, subject!, body!, createdAt)
        {
            SharedSubject = sharedSubject,
            SharedBody = sharedBody,
            ComplainedAbout = complainedAbout,
        };
    }

    private static JsonTypeInfo<Notification> CreateWriteInfo()
    {
        // Text is written as it is: a payload is stored, never embedded in HTML (see IncidentEventSerializer).
        var options = new JsonSerializerOptions(NotificationJsonContext.Default.Options)
        {
            TypeInfoResolver = NotificationJsonContext.Default,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly();
        return (JsonTypeInfo<Notification>)options.GetTypeInfo(typeof(Notification));
    }
}
