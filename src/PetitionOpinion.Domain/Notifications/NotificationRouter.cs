using System.Globalization;
using System.Text;
using Ardalis.GuardClauses;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Organization;

namespace PetitionOpinion.Notifications;

/// <summary>
/// Decides who must hear of what (<c>docs/deadlines.md</c>, Notifications) from the events an action recorded: an escalation the lifecycle recorded
/// (<see cref="IncidentEscalated"/>: assessed at, or raised to, level I or II) → the leading group; a directive → the assignee group's leader; a deadline warning → the owner
/// group; a breach → one step up, the owner group's leader; a breach still unmet at the escalation point → the leading
/// group. A scan that came late records several alerts of a deadline at once: each is told to its own recipients, and
/// the text of a late one says so and when its point was reached. A nature the incident took on
/// (<see cref="IncidentNatureAdded"/>) → the members of the group that handles it (the opinion monitoring group when a
/// petition went public, the petition handling group when a petitioner came forward). Customer communications are not
/// notifications. Each notification goes to one person, its text fitted to
/// them: the petitioner's identity and contact are redacted for everybody outside the petition handling and leading
/// groups, and nothing goes to the person the complaint is about (a leader who is, is replaced by the group's deputy
/// leaders, then by the leading group's leaders). Every notification also carries the text as an outsider reads it
/// (<see cref="Notification.SharedSubject"/>, <see cref="Notification.SharedBody"/>) and the person complained about
/// (<see cref="Notification.ComplainedAbout"/>), for channels that post where several people read.
/// </summary>
/// <remarks>Thread-safe; pure.</remarks>
public sealed class NotificationRouter
{
    private const int DescriptionShown = 500;
    private readonly ResponseOrganization _organization;
    private readonly TimeSpan _offset;

    /// <summary>Initializes a new instance of the <see cref="NotificationRouter"/> class.</summary>
    /// <param name="organization">The organisation the recipients are resolved from.</param>
    /// <param name="displayOffset">The UTC offset times are written in (the deadline policy's: +08:00 by default); <see langword="null"/> for +08:00.</param>
    public NotificationRouter(ResponseOrganization organization, TimeSpan? displayOffset = null)
    {
        _organization = Guard.Against.Null(organization);
        _offset = displayOffset ?? TimeSpan.FromHours(8);
        Guard.Against.OutOfRange(_offset, nameof(displayOffset), TimeSpan.FromHours(-14), TimeSpan.FromHours(14));
    }

    /// <summary>Routes the events an action recorded on an incident.</summary>
    /// <param name="incident">The incident, with the events applied (they are the last of its history).</param>
    /// <param name="recorded">The events the action recorded.</param>
    /// <returns>The notifications, one per recipient and cause; empty when nobody must be told.</returns>
    /// <exception cref="ArgumentException">The events are not the tail of the incident's history.</exception>
    public IReadOnlyList<Notification> Route(Incident incident, IReadOnlyList<IncidentEvent> recorded)
    {
        Guard.Against.Null(incident);
        Guard.Against.Null(recorded);
        var history = incident.History;
        var first = history.Count - recorded.Count;
        for (var i = 0; i < recorded.Count; i++)
        {
            if (first < 0 || !ReferenceEquals(history[first + i], recorded[i]))
            {
                throw new ArgumentException("The events must be the last ones recorded on the incident.", nameof(recorded));
            }
        }

        // Several alerts of one deadline recorded at once (a scan that came late): each is told to its own recipients —
        // the owner group of a warning, its leader of the breach, the leading group of the escalation — saying it is late.
        var notifications = new List<Notification>();
        for (var i = 0; i < recorded.Count; i++)
        {
            var version = first + i + 1;
            switch (recorded[i])
            {
                // Escalation is the lifecycle's decision, recorded as the event: the router only says whom it concerns.
                case IncidentEscalated { FromLevel: null } e:
                    Tell(notifications, incident, version, e, NotificationTopic.IncidentEscalated, Members(incident, WellKnownGroups.LeadingGroup),
                        $"Level {e.ToLevel} incident assessed", $"The incident was assessed at level {e.ToLevel} ({LevelName(e.ToLevel)}): the leading group must direct the response.");
                    break;
                case IncidentEscalated e:
                    Tell(notifications, incident, version, e, NotificationTopic.IncidentEscalated, Members(incident, WellKnownGroups.LeadingGroup),
                        $"Incident raised to level {e.ToLevel}", $"A re-assessment raised the incident from level {e.FromLevel} to level {e.ToLevel} ({LevelName(e.ToLevel)}).");
                    break;
                case DirectiveIssued d:
                    Tell(notifications, incident, version, d, NotificationTopic.DirectiveIssued, Leaders(incident, d.Assignee),
                        $"Directive {d.Directive.Number} for {GroupName(d.Assignee)}",
                        $"Directive {d.Directive.Number} ({d.Kind}) for {GroupName(d.Assignee)}, due {Time(d.DueAt)}: {d.Instructions}");
                    break;
                // The incident took on its second nature: the group that handles that nature joins the response.
                case IncidentNatureAdded n when n.Nature == IncidentKind.PublicOpinion:
                    Tell(notifications, incident, version, n, NotificationTopic.IncidentNatureAdded, Members(incident, WellKnownGroups.OpinionMonitoringGroup),
                        "Petition went public",
                        $"The petition went public and is now also a public-opinion event: the {GroupName(WellKnownGroups.OpinionMonitoringGroup)} joins the response, and the public-opinion deadlines (first public statement, status updates) run from now. {n.Reason}");
                    break;
                case IncidentNatureAdded n:
                    Tell(notifications, incident, version, n, NotificationTopic.IncidentNatureAdded, Members(incident, WellKnownGroups.PetitionHandlingGroup),
                        "Petitioner came forward",
                        $"A petitioner came forward: the public-opinion event is now also a petition, and the petition deadlines (acceptance notice, handling opinion, review) run from now. {n.Reason}");
                    break;
                case DeadlineAlertRaised alert:
                    var owner = OwnerOf(incident, alert.Deadline);
                    var (topic, recipients, what) = alert.Alert switch
                    {
                        DeadlineAlertKind.Warning => (NotificationTopic.DeadlineWarning, Members(incident, owner), $"{alert.Percent}% of its time has run"),
                        DeadlineAlertKind.Breach => (NotificationTopic.DeadlineBreached, Leaders(incident, owner), "it is breached"),
                        _ => (NotificationTopic.DeadlineEscalated, Members(incident, WellKnownGroups.LeadingGroup), $"it is breached and still not met at {alert.Percent}% of its time"),
                    };
                    var (lateSubject, lateBody) = (alert.Late, alert.ReachedAt) switch
                    {
                        (false, _) => (string.Empty, string.Empty),
                        (true, { } reached) => ($" (late: became due {Time(reached)})", $"\nLate alert: it became due {Time(reached)}; the deadline scanner recorded it only {Time(alert.OccurredAt)}."),
                        _ => (" (late)", $"\nLate alert: the deadline scanner recorded it only {Time(alert.OccurredAt)}."),
                    };
                    Tell(notifications, incident, version, alert, topic, recipients,
                        $"Deadline {alert.Deadline}: {what}{lateSubject}",
                        $"Deadline {alert.Deadline} ({GroupName(owner)}) was due {Time(alert.DueAt)}; {what}.{lateBody}");
                    break;
            }
        }

        return notifications;
    }

    /// <summary>Gets the group responsible for a deadline of an incident, from its key.</summary>
    internal static GroupId OwnerOf(Incident incident, DeadlineKey deadline)
    {
        if (deadline.DirectiveId is { } id && incident.FindDirective(id) is { } directive)
        {
            return directive.Assignee;
        }

        return deadline.Kind == DeadlineKind.FirstPublicStatement ? WellKnownGroups.OpinionMonitoringGroup : WellKnownGroups.PetitionHandlingGroup;
    }

    private static string LevelName(SeverityLevel level) => level switch
    {
        SeverityLevel.I => "特别重大 especially major, red",
        SeverityLevel.II => "重大 major, orange",
        SeverityLevel.III => "较大 relatively major, yellow",
        _ => "一般 general, blue",
    };

    // An instant at the very end (or start) of the calendar cannot be shown in every offset: it is then shown in its own.
    private string Time(DateTimeOffset at)
        => (at.UtcTicks + _offset.Ticks is >= 0 and <= 3_155_378_975_999_999_999L ? at.ToOffset(_offset) : at).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    private string GroupName(GroupId group) => _organization.FindGroup(group) is { } g ? $"{g.Name} ({g.NameZh})" : group.Value;

    private IEnumerable<PersonId> Members(Incident incident, GroupId group)
        => Allowed(incident, _organization.FindGroup(group)?.Positions.SelectMany(p => p.Holders) ?? []);

    // The group's leaders; if none may be told (the complaint is about them, or the post is vacant), its deputies, then the
    // leading group's leaders, then its deputies.
    private IEnumerable<PersonId> Leaders(Incident incident, GroupId group)
    {
        foreach (var (g, role) in new[] { (group, GroupRole.Leader), (group, GroupRole.DeputyLeader), (WellKnownGroups.LeadingGroup, GroupRole.Leader), (WellKnownGroups.LeadingGroup, GroupRole.DeputyLeader) })
        {
            var people = Allowed(incident, _organization.FindGroup(g)?.HoldersOf(role) ?? []).ToList();
            if (people.Count > 0)
            {
                return people;
            }
        }

        return [];
    }

    private IEnumerable<PersonId> Allowed(Incident incident, IEnumerable<PersonId> people)
        => people.Distinct().Where(p => !Confidentiality.IsComplainedAbout(incident, p) && _organization.Knows(p));

    private void Tell(List<Notification> notifications, Incident incident, int version, IncidentEvent cause, NotificationTopic topic, IEnumerable<PersonId> recipients, string subject, string what)
    {
        // The text as an outsider reads it goes with every notification (Notification.SharedBody), so that a channel
        // posting to a group chat never needs the recipient's own text; both texts are made once for all recipients.
        var sharedSubject = Confidentiality.Redact(subject, incident.Petitioner);
        var sharedBody = Body(incident, what, confidential: false);
        string? confidentialBody = null;
        var complained = incident.ComplainedAbout?.Person;
        foreach (var person in recipients)
        {
            var confidential = Confidentiality.MaySeePetitioner(_organization, person);
            notifications.Add(new Notification(
                string.Create(CultureInfo.InvariantCulture, $"{incident.Id}/{version}/{topic}/{person}"),
                incident.Id,
                topic,
                incident.Level,
                person,
                _organization.FindPerson(person)?.Name ?? person.Value,
                confidential ? subject : sharedSubject,
                confidential ? confidentialBody ??= Body(incident, what, confidential: true) : sharedBody,
                cause.OccurredAt)
            {
                SharedSubject = sharedSubject,
                SharedBody = sharedBody,
                ComplainedAbout = complained,
            });
        }
    }

    private string Body(Incident incident, string what, bool confidential)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Incident {incident.Id} · {incident.Kind} · {incident.Category} · level {incident.Level?.ToString() ?? "not assessed"} · {incident.State}\n");
        text.Append(CultureInfo.InvariantCulture, $"Reported {Time(incident.ReportedAt)} via {incident.Channel}\n");
        if (incident.Petitioner is { } petitioner)
        {
            text.Append(confidential
                ? $"Petitioner: {petitioner.Name}{(petitioner.Contact is { } contact ? $", {contact}" : string.Empty)}\n"
                : $"Petitioner: {Confidentiality.Redacted}\n");
        }

        // Redacted before it is shortened, so that a detail cut in two at the end is not left half visible.
        var description = confidential ? incident.Description : Confidentiality.Redact(incident.Description, incident.Petitioner);
        description = description.Length > DescriptionShown ? description[..DescriptionShown] + "…" : description;
        text.Append("Description: ").Append(description).Append('\n').Append(what);
        var body = text.ToString();
        return confidential ? body : Confidentiality.Redact(body, incident.Petitioner);
    }
}
