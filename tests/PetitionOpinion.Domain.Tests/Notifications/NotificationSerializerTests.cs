using System.Text;
using PetitionOpinion.Incidents;
using PetitionOpinion.Notifications;

namespace PetitionOpinion.Tests.Notifications;

public sealed class NotificationSerializerTests
{
    private static readonly IncidentId Incident = new(Guid.Parse("0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"));
    private static readonly DateTimeOffset CreatedAt = new(2026, 3, 2, 17, 5, 0, 123, TimeSpan.FromHours(8));

    private static Notification Sample(SeverityLevel? level = SeverityLevel.I)
        => new("escalated:0195a1b2:I", Incident, NotificationTopic.IncidentEscalated, level, new PersonId("gm"), "张伟", "一级事件：数据泄露", "Line one \"quoted\" <b>\n第二行 & more", CreatedAt)
        {
            SharedSubject = "一级事件：数据泄露",
            SharedBody = "Petitioner: [redacted]\n第二行",
            ComplainedAbout = new PersonId("head-tech"),
        };

    // A payload recorded before the shared text and the person complained about were added.
    private const string LegacyPayload = "{\"deduplicationKey\":\"k\",\"incidentId\":\"0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\",\"topic\":\"DirectiveIssued\",\"level\":null,\"recipient\":\"gm\",\"recipientName\":\"张伟\",\"subject\":\"s\",\"body\":\"b\",\"createdAt\":\"2026-03-02T17:05:00.123+08:00\"}";

    private static string Valid => Encoding.UTF8.GetString(NotificationSerializer.Serialize(Sample()).Span);

    [Theory]
    [InlineData(SeverityLevel.I)]
    [InlineData(null)]
    public void Deserialize_SerializedNotification_GivesAnEqualNotification(SeverityLevel? level)
    {
        var notification = Sample(level);

        var read = NotificationSerializer.Deserialize(NotificationSerializer.Serialize(notification).Span);

        Assert.Equal(notification, read);
        Assert.Equal(notification.CreatedAt.Offset, read.CreatedAt.Offset);
    }

    [Fact]
    public void Deserialize_NotificationWithoutSharedTextOrComplainedPerson_GivesAnEqualNotification()
    {
        var notification = Sample() with { SharedSubject = null, SharedBody = null, ComplainedAbout = null };

        Assert.Equal(notification, NotificationSerializer.Deserialize(NotificationSerializer.Serialize(notification).Span));
    }

    [Fact]
    public void Serialize_Notification_WritesTheSharedTextAndThePersonComplainedAboutLast()
        => Assert.EndsWith(",\"createdAt\":\"2026-03-02T17:05:00.123+08:00\",\"sharedSubject\":\"一级事件：数据泄露\",\"sharedBody\":\"Petitioner: [redacted]\\n第二行\",\"complainedAbout\":\"head-tech\"}", Valid, StringComparison.Ordinal);

    [Fact]
    public void Deserialize_PayloadRecordedBeforeTheSharedText_ReadsWithThemNull()
    {
        var read = NotificationSerializer.Deserialize(Encoding.UTF8.GetBytes(LegacyPayload));

        Assert.Equal(new Notification("k", Incident, NotificationTopic.DirectiveIssued, null, new PersonId("gm"), "张伟", "s", "b", CreatedAt), read);
        Assert.Equal((null, null, null), (read.SharedSubject, read.SharedBody, read.ComplainedAbout));
    }

    [Fact]
    public void Serialize_Notification_WritesCamelCaseJsonWithNamesAndUnescapedChinese()
    {
        var json = Valid;

        Assert.StartsWith("{\"deduplicationKey\":\"escalated:0195a1b2:I\",\"incidentId\":\"0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\",\"topic\":\"IncidentEscalated\",\"level\":\"I\",\"recipient\":\"gm\",\"recipientName\":\"张伟\"", json, StringComparison.Ordinal);
        Assert.Contains("\"createdAt\":\"2026-03-02T17:05:00.123+08:00\"", json, StringComparison.Ordinal);
        Assert.Contains("第二行", json, StringComparison.Ordinal);
        Assert.Contains("\\\"quoted\\\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ToOutboxMessage_Notification_CarriesKindKeyIncidentTimeAndPayload()
    {
        var notification = Sample();
        var id = Guid.NewGuid();

        var message = NotificationSerializer.ToOutboxMessage(notification, id);

        Assert.Equal(id, message.Id);
        Assert.Equal(OutboxMessageKinds.Notification, message.Kind);
        Assert.Equal(notification.DeduplicationKey, message.DeduplicationKey);
        Assert.Equal(notification.IncidentId, message.IncidentId);
        Assert.Equal(notification.CreatedAt, message.CreatedAt);
        Assert.Equal(notification, NotificationSerializer.Deserialize(message.Payload.Span));
    }

    [Fact]
    public void ToOutboxMessage_EmptyMessageId_ThrowsArgumentException()
        => Assert.ThrowsAny<ArgumentException>(() => NotificationSerializer.ToOutboxMessage(Sample(), Guid.Empty));

    public static TheoryData<Notification> Unserializable() => new()
    {
        Sample() with { DeduplicationKey = string.Empty },
        Sample() with { IncidentId = default },
        Sample() with { Recipient = default },
        Sample() with { Topic = (NotificationTopic)99 },
        Sample() with { Level = (SeverityLevel)0 },
        Sample() with { Body = null! },
        Sample() with { SharedBody = null },
        Sample() with { SharedSubject = null },
        Sample() with { ComplainedAbout = default(PersonId) },
    };

    [Theory]
    [MemberData(nameof(Unserializable))]
    public void Serialize_NotificationThatCouldNotBeReadBack_ThrowsArgumentException(Notification notification)
        => Assert.Throws<ArgumentException>(() => NotificationSerializer.Serialize(notification));

    [Fact]
    public void Serialize_Null_ThrowsArgumentNullException()
        => Assert.Throws<ArgumentNullException>(() => NotificationSerializer.Serialize(null!));

    // Each case: a change to the valid payload, and the words the error must contain.
    public static TheoryData<string, string, string> Malformed() => new()
    {
        { "unknown field", "{\"extra\":1,", "A field is not one of this shape's" },
        { "repeated field", "{\"topic\":\"DirectiveIssued\",", "'topic' appears twice" },
        { "missing field", "-body", "'body' is missing" },
        { "wrong type", "level:3", "'level' must be the name of a SeverityLevel" },
        { "unnamed enum", "topic:\"Gossip\"", "'topic' is not a NotificationTopic" },
        { "numeric enum", "topic:1", "'topic' must be the name of a NotificationTopic" },
        { "invalid person id", "recipient:\"Wang Fang\"", "'recipient'" },
        { "empty incident id", "incidentId:\"00000000-0000-0000-0000-000000000000\"", "'incidentId'" },
        { "incident id not a GUID", "incidentId:\"INC-1\"", "'incidentId'" },
        { "null subject", "subject:null", "'subject' must be a string; found null" },
        { "empty key", "deduplicationKey:\"\"", "'deduplicationKey' must not be empty" },
        { "instant without offset", "createdAt:\"yesterday\"", "'createdAt'" },
        { "some shared fields only", "-sharedBody", "must be all present or all missing" },
        { "shared subject without shared body", "sharedBody:null", "'sharedSubject' and 'sharedBody' must be both strings or both null" },
        { "shared body of the wrong type", "sharedBody:7", "'sharedBody' must be a string" },
        { "invalid complained person", "complainedAbout:\"Wang Fang\"", "'complainedAbout'" },
        { "repeated shared field", "{\"complainedAbout\":null,", "'complainedAbout' appears twice" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Deserialize_MalformedPayload_ThrowsInvalidDataExceptionNamingTheProblem(string what, string change, string expected)
    {
        var payload = Apply(Valid, change);

        var e = Assert.Throws<InvalidDataException>(() => NotificationSerializer.Deserialize(Encoding.UTF8.GetBytes(payload)));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(what));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"deduplicationKey\":")]
    [InlineData("not json")]
    public void Deserialize_NotAJsonObject_ThrowsInvalidDataException(string payload)
        => Assert.Throws<InvalidDataException>(() => NotificationSerializer.Deserialize(Encoding.UTF8.GetBytes(payload)));

    [Fact]
    public void Deserialize_ContentAfterTheObject_ThrowsInvalidDataException()
        => Assert.Throws<InvalidDataException>(() => NotificationSerializer.Deserialize(Encoding.UTF8.GetBytes(Valid + "{}")));

    private static string Apply(string json, string change)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        if (change.StartsWith('{'))
        {
            // Insert raw text after the opening brace (to repeat or add a field).
            return change + json[1..];
        }

        if (change.StartsWith('-'))
        {
            node.Remove(change[1..]);
            return node.ToJsonString();
        }

        var colon = change.IndexOf(':', StringComparison.Ordinal);
        node[change[..colon]] = System.Text.Json.Nodes.JsonNode.Parse(change[(colon + 1)..]);
        return node.ToJsonString();
    }
}
