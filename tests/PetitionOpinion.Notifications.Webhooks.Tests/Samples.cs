using System.Text;
using Microsoft.Extensions.Time.Testing;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Notifications.Webhooks.Tests;

/// <summary>Notifications with known texts, a fixed clock, and the expected values the tests compare with.</summary>
public static class Samples
{
    public const string IncidentText = "0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

    /// <summary>What an outsider reads: the petitioner redacted, a tag to neutralise, Chinese and an apostrophe.</summary>
    public const string SharedSubject = "Level I incident assessed";

    public const string SharedBody = "Incident " + IncidentText + " · level I\nPetitioner: [redacted]\nDescription: 客户 [redacted] says the <b>customer's</b> orders were shown to another customer.";

    /// <summary>What the leading group reads: the petitioner's details.</summary>
    public const string PersonalSubject = "Level I incident assessed";

    public const string PersonalBody = "Incident " + IncidentText + " · level I\nPetitioner: Wang Fang 王芳, +86 138 0000 0000\nDescription: 客户 王芳 says the customer's orders were shown to another customer.";

    public static IncidentId Incident { get; } = new(Guid.Parse(IncidentText));

    /// <summary>When the notifications were recorded.</summary>
    public static DateTimeOffset CreatedAt { get; } = new(2026, 3, 2, 17, 0, 0, TimeSpan.FromHours(8));

    /// <summary>The clock's time: 2026-03-02 09:05:00 UTC, Unix 1772442300.</summary>
    public static DateTimeOffset Now { get; } = new(2026, 3, 2, 9, 5, 0, TimeSpan.Zero);

    public const long NowSeconds = 1772442300;

    public const long NowMilliseconds = 1772442300000;

    public static FakeTimeProvider Clock() => new(Now);

    /// <summary>The notification of the level I assessment for one recipient, with the texts above.</summary>
    public static Notification For(string recipient, PersonId? complainedAbout = null, bool shared = true)
        => new($"{IncidentText}/2/IncidentEscalated/{recipient}", Incident, NotificationTopic.IncidentEscalated, SeverityLevel.I, new PersonId(recipient), $"Person {recipient}", PersonalSubject, PersonalBody, CreatedAt)
        {
            SharedSubject = shared ? SharedSubject : null,
            SharedBody = shared ? SharedBody : null,
            ComplainedAbout = complainedAbout,
        };

    /// <summary>Text as the channels post it: '&lt;' as '＜'.</summary>
    public static string Posted(string text) => text.Replace('<', '＜');

    /// <summary>Escapes text for a JSON string the way the channels write it: quotes, backslashes and line feeds; everything else as it is.</summary>
    public static string Json(string text)
    {
        var result = new StringBuilder();
        foreach (var c in text)
        {
            result.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                _ => c.ToString(),
            });
        }

        return result.ToString();
    }
}
