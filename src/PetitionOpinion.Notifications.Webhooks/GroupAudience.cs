using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PetitionOpinion.Notifications.Webhooks;

/// <summary>What a channel that posts where several people read does with a notification.</summary>
internal enum Verdict
{
    /// <summary>Post it.</summary>
    Post,

    /// <summary>Leave it: it is addressed to somebody who does not read the chat.</summary>
    NotAddressed,

    /// <summary>
    /// Leave it: the incident complains about somebody who reads the chat, and material about a complaint never goes to
    /// the person it is about (<c>docs/security.md</c>).
    /// </summary>
    ComplainedAboutReader,

    /// <summary>Leave it: the same message was posted already, for another of the chat's people.</summary>
    AlreadyPosted,
}

/// <summary>The message a group is shown: its id (the same for every recipient of one occasion), subject and text.</summary>
/// <param name="Id">A stable id: 32 hexadecimal digits of the SHA-256 of the incident, topic, time and text.</param>
/// <param name="Subject">The subject as an outsider reads it.</param>
/// <param name="Body">The text as an outsider reads it.</param>
internal sealed record SharedMessage(string Id, string Subject, string Body);

/// <summary>
/// The rule for channels that post where several people read — a WeCom, DingTalk or Feishu group chat, or a signed
/// webhook whose audience is a group. A notification is addressed to one person and its <see cref="Notification.Body"/>
/// is fitted to them (the petitioner's details included for the petition handling and leading groups), so such a
/// channel:
/// <list type="number">
/// <item>posts only notifications addressed to one of the people the chat stands for (its readers);</item>
/// <item>posts nothing about an incident that complains about one of its readers (material about a complaint never
/// reaches the person complained about);</item>
/// <item>posts only <see cref="Notification.SharedSubject"/> and <see cref="Notification.SharedBody"/> — the text as a
/// recipient who may not see the petitioner reads it — or, for a notification that has none (recorded before they
/// existed), only its topic, incident and level;</item>
/// <item>posts the same message once, however many of its readers it was addressed to: the message's id is the same
/// for all of them, and the ids posted are remembered (the latest 10,000, in memory: after a restart a message may be
/// posted again — at least once, never lost).</item>
/// </list>
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class GroupAudience
{
    /// <summary>How many posted message ids are remembered.</summary>
    public const int Remembered = 10_000;

    private readonly HashSet<PersonId> _readers;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _posted = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public GroupAudience(IEnumerable<PersonId> readers)
    {
        _readers = [.. readers];
    }

    /// <summary>Decides what to do with a notification, and gives the message to post.</summary>
    public Verdict Judge(Notification notification, out SharedMessage message)
    {
        message = MessageOf(notification);
        if (!_readers.Contains(notification.Recipient))
        {
            return Verdict.NotAddressed;
        }

        if (notification.ComplainedAbout is { } complained && _readers.Contains(complained))
        {
            return Verdict.ComplainedAboutReader;
        }

        lock (_gate)
        {
            return _posted.Contains(message.Id) ? Verdict.AlreadyPosted : Verdict.Post;
        }
    }

    /// <summary>Remembers that a message was posted (after the platform accepted it: a failed post is tried again).</summary>
    public void Posted(string id)
    {
        lock (_gate)
        {
            if (!_posted.Add(id))
            {
                return;
            }

            _order.Enqueue(id);
            while (_order.Count > Remembered)
            {
                _posted.Remove(_order.Dequeue());
            }
        }
    }

    /// <summary>The message every reader may see, with its stable id.</summary>
    public static SharedMessage MessageOf(Notification notification)
    {
        string subject, body;
        if (notification.SharedSubject is { } sharedSubject && notification.SharedBody is { } sharedBody)
        {
            (subject, body) = (sharedSubject, sharedBody);
        }
        else
        {
            // No text that everybody may read was recorded: say only what the routing facts say.
            var level = notification.Level is { } l ? $"level {l}" : "not assessed";
            subject = string.Create(CultureInfo.InvariantCulture, $"{notification.Topic}: incident {notification.IncidentId}");
            body = string.Create(CultureInfo.InvariantCulture, $"Incident {notification.IncidentId} · {level}\nThe details are in the case system.");
        }

        var identity = string.Create(CultureInfo.InvariantCulture, $"{notification.IncidentId}\n{notification.Topic}\n{notification.CreatedAt.UtcTicks}\n{subject}\n{body}");
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..32];
        return new SharedMessage(id, subject, body);
    }
}
