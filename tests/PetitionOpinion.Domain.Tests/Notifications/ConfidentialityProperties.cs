using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Diagnostics;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Notifications;
using PetitionOpinion.Organization;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Diagnostics;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Notifications;

/// <summary>
/// Confidentiality (docs/security.md) as a property: for random incidents (petitioner name, phone, e-mail, description, the person complained
/// about), random actions (assessments at every level, re-assessments, directives to every group, time passing with the
/// deadline monitor recording its alerts) and so random recipients, every notification in the outbox goes to exactly
/// the people §5 names (never to the person complained about), nobody outside the petition handling and leading groups
/// reads the petitioner's name, phone or e-mail, and neither the dispatcher's log (with a channel whose errors quote the
/// notification), the monitor's nor the repository's log ever carries them — nor any metric tag, activity attribute,
/// activity name, status or event of the library's telemetry (issue 10).
/// </summary>
public sealed class ConfidentialityProperties
{
    private const int Cases = 100;
    private static readonly CancellationToken None = CancellationToken.None;

    [Property(MaxTest = Cases, Arbitrary = new[] { typeof(ConfidentialityArbitraries) })]
    public async Task Outbox_RandomIncidentsAndActions_ReachesOnlyTheRightPeopleAndNeverLeaksThePetitioner(ConfidentialCase c)
    {
        var scenario = new Scenario();
        var store = new InMemoryIncidentStore();
        using var telemetry = new PetitionOpinionTelemetry();
        using var capture = new TelemetryCapture(telemetry);
        var repositoryLog = new CapturingLogger<IncidentRepository>();
        var repository = new IncidentRepository(store, scenario.Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions(), new NotificationRouter(scenario.Organization), telemetry, repositoryLog);
        var monitorLog = new CapturingLogger<DeadlineMonitor>();
        var monitor = new DeadlineMonitor(repository, new DeadlineScanner(DeadlinePolicy.Default, scenario.Time), monitorLog);

        scenario.Time.Advance(Scenario.Step);
        var id = (await repository.ReportAsync(c.ReportCommand(), null, None)).Match(i => i.Id, e => throw new InvalidOperationException($"The report was refused: {e}"));
        var actor = c.Complained == People.CustomerServiceRep ? People.LegalSpecialist : People.CustomerServiceRep;
        foreach (var step in c.Steps)
        {
            scenario.Time.Advance(TimeSpan.FromMinutes(step.Minutes));
            switch (step.Kind)
            {
                case CaseStepKind.Assess:
                    await repository.ExecuteAsync(id, new AssessIncident(actor, step.Level, ImpactScope.Individual, PotentialRisk.Medium, "First assessment."), None);
                    break;
                case CaseStepKind.Reassess:
                    await repository.ExecuteAsync(id, new ReassessIncident(actor, step.Level, ImpactScope.Group, PotentialRisk.High, "New facts."), None);
                    break;
                case CaseStepKind.Issue:
                    var instructions = step.MentionSecrets ? c.Instructions : "Collect the customer's records.";
                    await repository.ExecuteAsync(id, new IssueDirective(actor, DirectiveKind.InformationCollection, step.Group, instructions, scenario.Now.AddMinutes(step.DueInMinutes)), None);
                    break;
                default:
                    await monitor.ScanAsync(None);
                    break;
            }
        }

        var incident = await repository.FindAsync(id, None) ?? throw new InvalidOperationException("The incident is gone.");
        var messages = await store.ReadOutboxAsync(int.MaxValue, None);
        var notifications = messages.Select(m => NotificationSerializer.Deserialize(m.Payload.Span)).ToList();

        // (a) Never to the person complained about.
        if (c.Complained is { } complained)
        {
            Assert.DoesNotContain(notifications, n => n.Recipient == complained);
        }

        // (b) Exactly the people docs/deadlines.md's notification table names for each recorded event, once each.
        var expected = SeedRecipients.Expected(incident.History, c.Complained);
        Assert.All(notifications, n => Assert.Contains(n.Recipient, SeedRecipients.AllowedFor(n.Topic)));
        Assert.Equal(Describe(expected), Describe(notifications.Select(n => (n.Topic, n.Recipient, n.CreatedAt))));
        Assert.Equal(notifications.Count, notifications.Select(n => n.DeduplicationKey).Distinct(StringComparer.Ordinal).Count());

        // (c) The petitioner's details only for the petition handling and leading groups; the text every notification
        // carries for group chats (SharedSubject, SharedBody) never has them, and names the person complained about.
        foreach (var n in notifications)
        {
            Assert.True(c.Leak(n.SharedSubject!) is null, $"{n} shared subject leaks the petitioner's {c.Leak(n.SharedSubject!)}: {n.SharedSubject}");
            Assert.True(c.Leak(n.SharedBody!) is null, $"{n} shared body leaks the petitioner's {c.Leak(n.SharedBody!)}:\n{n.SharedBody}");
            Assert.Equal(c.Complained, n.ComplainedAbout);

            if (Confidentiality.MaySeePetitioner(scenario.Organization, n.Recipient))
            {
                Assert.Contains($"Petitioner: {c.Name}", n.Body, StringComparison.Ordinal);
            }
            else
            {
                Assert.True(c.Leak(n.Subject) is null, $"{n} subject leaks the petitioner's {c.Leak(n.Subject)}: {n.Subject}");
                Assert.True(c.Leak(n.Body) is null, $"{n} body leaks the petitioner's {c.Leak(n.Body)}:\n{n.Body}");
                Assert.Contains($"Petitioner: {Confidentiality.Redacted}", n.Body, StringComparison.Ordinal);
            }
        }

        // (d) Delivered through a channel that fails with the notification quoted in its error, and one that works:
        // no log line carries a detail, neither its text nor any structured value.
        var failing = new TestChannel("sms", scenario.Time) { AlwaysFails = _ => true };
        var working = new TestChannel("email", scenario.Time);
        var dispatcherLog = new CapturingLogger<NotificationDispatcher>();
        var dispatcher = new NotificationDispatcher(store, [failing, working], scenario.Time, new NotificationOptions(), telemetry: telemetry, logger: dispatcherLog);
        var failures = new List<NotificationDeliveryFailure>();
        for (var pass = 0; pass < 3; pass++)
        {
            failures.AddRange((await dispatcher.DispatchPendingAsync(None)).Failures);
            scenario.Time.Advance(TimeSpan.FromMinutes(30));
        }

        Assert.Equal(notifications.Count, working.Delivered.Count);
        if (notifications.Count > 0)
        {
            Assert.Contains(failures, f => f.Exception.Message.Contains(notifications.First(n => n.DeduplicationKey == f.DeduplicationKey).Body, StringComparison.Ordinal));
        }

        foreach (var entry in monitorLog.Entries.Select(e => e.Everything).Concat(dispatcherLog.Entries.Select(e => e.Everything)).Concat(repositoryLog.Entries.Select(e => e.Everything)))
        {
            Assert.True(c.Leak(entry) is null, $"A log line leaks the petitioner's {c.Leak(entry)}: {entry}");
        }

        // (e) The telemetry saw the story (reports, deliveries, failures, activities) and carries none of it either.
        capture.Collect();
        Assert.NotEmpty(capture.Of("petition_opinion.incidents.reported"));
        Assert.Contains(capture.Activities, a => a.OperationName == "petition_opinion.incident.command");
        Assert.Equal(notifications.Count > 0, capture.Of("petition_opinion.notifications.failed").Count > 0);
        foreach (var text in capture.AllTexts())
        {
            Assert.True(c.Leak(text) is null, $"A metric tag or activity attribute leaks the petitioner's {c.Leak(text)}: {text}");
        }
    }

    private static string Describe(IEnumerable<(NotificationTopic Topic, PersonId Recipient, DateTimeOffset At)> notifications)
        => string.Join("\n", notifications
            .Select(n => string.Create(CultureInfo.InvariantCulture, $"{n.At:O} {n.Topic} {n.Recipient}"))
            .Order(StringComparer.Ordinal));
}

/// <summary>Finds a petitioner's details in a text, however the phone number is written.</summary>
public static class SecretText
{
    /// <summary>
    /// Tells whether <paramref name="digits"/> appear in <paramref name="text"/> within one run of digits and the
    /// characters phone numbers are written with (spaces, dashes, dots, brackets, plus).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="digits">The phone number's digits, without a country code.</param>
    /// <param name="unicodeSeparators">Whether no-break and ideographic spaces and Unicode dashes separate digits too.</param>
    /// <returns><see langword="true"/> when the number is there.</returns>
    public static bool ContainsPhone(string text, string digits, bool unicodeSeparators = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var run = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                run.Append(c);
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')' or '+')
                && !(unicodeSeparators && c is '\u00A0' or '\u3000' or '\u2212' or '\uFF0D' or (>= '\u2010' and <= '\u2015')))
            {
                if (run.ToString().Contains(digits, StringComparison.Ordinal))
                {
                    return true;
                }

                run.Clear();
            }
        }

        return run.ToString().Contains(digits, StringComparison.Ordinal);
    }
}

/// <summary>
/// Who docs/deadlines.md says must hear of what in the seed organisation of <see cref="Scenario"/>, written out from the
/// seed template (docs/organization.md) rather than read from the organisation, so that it checks the router independently.
/// </summary>
public static class SeedRecipients
{
    private static readonly Dictionary<GroupId, (PersonId[] Leaders, PersonId[] Deputies, PersonId[] Members)> Groups = new()
    {
        [WellKnownGroups.LeadingGroup] = (
            [People.GeneralManager],
            [People.MarketingManager, People.CustomerServiceManager],
            [People.GeneralManager, People.MarketingManager, People.CustomerServiceManager, People.HeadOfLegal, People.HeadOfPublicRelations, People.HeadOfTechnicalSupport]),
        [WellKnownGroups.PetitionHandlingGroup] = (
            [People.CustomerServiceManager],
            [People.PetitionDeputy],
            [People.CustomerServiceManager, People.PetitionDeputy, People.CustomerServiceRep, People.LegalSpecialist]),
        [WellKnownGroups.OpinionMonitoringGroup] = (
            [People.PrManager],
            [People.OpinionDeputy],
            [People.PrManager, People.OpinionDeputy, People.OpinionAnalyst, People.SocialMediaSpecialist]),
        [WellKnownGroups.LogisticsSupportGroup] = (
            [People.LogisticsLead],
            [],
            [People.LogisticsLead, People.ItSupport, People.LegalConsultant]),
    };

    /// <summary>Gets the four groups of the seed template.</summary>
    public static IReadOnlyList<GroupId> All { get; } = [.. Groups.Keys];

    /// <summary>Gets the members of a group, but the person complained about.</summary>
    /// <param name="group">The group.</param>
    /// <param name="complained">The person complained about, if any.</param>
    /// <returns>The members.</returns>
    public static IReadOnlyList<PersonId> Members(GroupId group, PersonId? complained = null)
        => [.. Groups[group].Members.Where(p => p != complained)];

    /// <summary>Gets the group's leaders; if the complaint is about them (or there are none), its deputies, then the leading group's leaders, then its deputies.</summary>
    /// <param name="group">The group.</param>
    /// <param name="complained">The person complained about, if any.</param>
    /// <returns>The people one step up.</returns>
    public static IReadOnlyList<PersonId> Leaders(GroupId group, PersonId? complained = null)
    {
        foreach (var tier in new[] { Groups[group].Leaders, Groups[group].Deputies, Groups[WellKnownGroups.LeadingGroup].Leaders, Groups[WellKnownGroups.LeadingGroup].Deputies })
        {
            var allowed = tier.Where(p => p != complained).ToList();
            if (allowed.Count > 0)
            {
                return allowed;
            }
        }

        return [];
    }

    /// <summary>Gets everybody who may ever receive a notification of a topic, whatever the group and the complaint (docs/security.md).</summary>
    /// <param name="topic">The topic.</param>
    /// <returns>The people.</returns>
    public static IReadOnlySet<PersonId> AllowedFor(NotificationTopic topic)
    {
        var leading = Groups[WellKnownGroups.LeadingGroup];
        return topic switch
        {
            NotificationTopic.IncidentEscalated or NotificationTopic.DeadlineEscalated => leading.Members.ToHashSet(),
            NotificationTopic.DeadlineWarning => Groups.Values.SelectMany(g => g.Members).ToHashSet(),
            _ => Groups.Values.SelectMany(g => g.Leaders.Concat(g.Deputies)).ToHashSet(),
        };
    }

    /// <summary>
    /// Lists who must be told of an incident's history: an assessment at I or II and an escalation → the leading group;
    /// a directive → the assignee group's leaders (one step up if the complaint is about them); every deadline alert, also
    /// those of one deadline recorded at once by a late scan: a warning → the owner group's members, a breach → its
    /// leaders, an escalation → the leading group. The person complained about is never told.
    /// </summary>
    /// <param name="history">The incident's history.</param>
    /// <param name="complained">The person complained about, if any.</param>
    /// <returns>The topic, recipient and time of every notification.</returns>
    public static IReadOnlyList<(NotificationTopic Topic, PersonId Recipient, DateTimeOffset At)> Expected(IReadOnlyList<IncidentEvent> history, PersonId? complained)
    {
        ArgumentNullException.ThrowIfNull(history);
        var assignees = new Dictionary<int, GroupId>();
        var expected = new List<(NotificationTopic, PersonId, DateTimeOffset)>();
        void Tell(NotificationTopic topic, IEnumerable<PersonId> people, DateTimeOffset at) => expected.AddRange(people.Select(p => (topic, p, at)));

        foreach (var e in history)
        {
            switch (e)
            {
                case IncidentEscalated:
                    Tell(NotificationTopic.IncidentEscalated, Members(WellKnownGroups.LeadingGroup, complained), e.OccurredAt);
                    break;
                case DirectiveIssued d:
                    assignees[d.Directive.Number] = d.Assignee;
                    Tell(NotificationTopic.DirectiveIssued, Leaders(d.Assignee, complained), e.OccurredAt);
                    break;
                case DeadlineAlertRaised a:
                    var owner = a.Deadline.ToString().StartsWith("directive-", StringComparison.Ordinal)
                        ? assignees[int.Parse(a.Deadline.ToString()["directive-".Length..], CultureInfo.InvariantCulture)]
                        : a.Deadline.ToString() == "first-statement" ? WellKnownGroups.OpinionMonitoringGroup : WellKnownGroups.PetitionHandlingGroup;
                    switch (a.Alert)
                    {
                        case DeadlineAlertKind.Warning:
                            Tell(NotificationTopic.DeadlineWarning, Members(owner, complained), e.OccurredAt);
                            break;
                        case DeadlineAlertKind.Breach:
                            Tell(NotificationTopic.DeadlineBreached, Leaders(owner, complained), e.OccurredAt);
                            break;
                        default:
                            Tell(NotificationTopic.DeadlineEscalated, Members(WellKnownGroups.LeadingGroup, complained), e.OccurredAt);
                            break;
                    }

                    break;
            }
        }

        return expected;
    }
}

/// <summary>What a step of <see cref="ConfidentialCase"/> does.</summary>
public enum CaseStepKind
{
    /// <summary>The first assessment.</summary>
    Assess,

    /// <summary>A re-assessment.</summary>
    Reassess,

    /// <summary>A directive to a group.</summary>
    Issue,

    /// <summary>The deadline monitor scans.</summary>
    Scan,
}

/// <summary>One step: the clock advances <paramref name="Minutes"/>, then the action runs (refused actions change nothing).</summary>
/// <param name="Kind">The action.</param>
/// <param name="Minutes">How far the clock advances first.</param>
/// <param name="Level">The level, for an assessment.</param>
/// <param name="Group">The assignee group, for a directive.</param>
/// <param name="DueInMinutes">When a directive is due, from now.</param>
/// <param name="MentionSecrets">Whether a directive's instructions quote the petitioner's name and contact.</param>
public sealed record CaseStep(CaseStepKind Kind, int Minutes, SeverityLevel Level, GroupId Group, int DueInMinutes, bool MentionSecrets)
{
    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        CaseStepKind.Assess or CaseStepKind.Reassess => $"+{Minutes}m {Kind} {Level}",
        CaseStepKind.Issue => $"+{Minutes}m Issue to {Group} due in {DueInMinutes}m{(MentionSecrets ? " quoting the petitioner" : string.Empty)}",
        _ => $"+{Minutes}m Scan",
    };
}

/// <summary>A random incident with a petitioner, and the steps taken on it.</summary>
/// <param name="Kind">The incident's kind.</param>
/// <param name="Name">The petitioner's name.</param>
/// <param name="Phone">The phone number's 11 digits, when the contact is a phone number.</param>
/// <param name="Email">The e-mail address, when the contact is one.</param>
/// <param name="Contact">The contact as given in the report.</param>
/// <param name="Description">The description, quoting the name and the contact (written differently).</param>
/// <param name="Instructions">Directive instructions that quote the name and the contact.</param>
/// <param name="Complained">The person complained about, if any.</param>
/// <param name="Steps">The steps.</param>
public sealed record ConfidentialCase(IncidentKind Kind, string Name, string? Phone, string? Email, string? Contact, string Description, string Instructions, PersonId? Complained, ImmutableArray<CaseStep> Steps)
{
    /// <summary>The report of the incident.</summary>
    /// <returns>The command.</returns>
    public ReportIncident ReportCommand()
        => new(
            Complained == People.CustomerServiceRep ? People.LegalSpecialist : People.CustomerServiceRep,
            Kind,
            IntakeChannel.Hotline,
            RiskCategory.DataPrivacy,
            Description,
            new PetitionerDetails(Name, Contact),
            Complained is { } person ? new ComplainedParty(person, null) : new ComplainedParty(null, Departments.TechnicalSupport));

    /// <summary>Names the detail of the petitioner's that a text gives away, if any.</summary>
    /// <param name="text">The text.</param>
    /// <returns><c>name</c>, <c>phone</c>, <c>e-mail</c>, or <see langword="null"/> when the text carries none of them.</returns>
    public string? Leak(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains(Name, StringComparison.OrdinalIgnoreCase))
        {
            return "name";
        }

        if (Phone is not null && SecretText.ContainsPhone(text, Phone))
        {
            return "phone";
        }

        if ((Email is not null && text.Contains(Email, StringComparison.OrdinalIgnoreCase)) || (Contact is not null && text.Contains(Contact, StringComparison.OrdinalIgnoreCase)))
        {
            return "e-mail or contact";
        }

        return null;
    }

    /// <inheritdoc/>
    public override string ToString()
        => $"{Kind}, petitioner '{Name}', contact '{Contact}', complained about {Complained?.ToString() ?? "nobody"}\n"
           + $"description ({Description.Length} chars): {Description}\n"
           + $"instructions: {Instructions}\n"
           + $"steps: {string.Join("; ", Steps)}";
}

/// <summary>
/// Generates <see cref="ConfidentialCase"/>s. Names carry a token no fixed text contains ("Zq" + letters, or "龘" + Chinese
/// characters), so that finding them in a notification means a leak; phone numbers are random mobile numbers written in
/// the contact and in the text in any of the formats <see cref="Confidentiality.Redact"/> documents (spaces, dashes,
/// dots, brackets, +86/0086), always between words (a phone written right next to another number is an example test
/// of its own: <see cref="ConfidentialityTests"/>); e-mails are quoted in any letter case; the details stand before,
/// around and after the 500 characters a notification shows of the description.
/// </summary>
public static class ConfidentialityArbitraries
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyz";
    private const string ChineseNameCharacters = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高芳伟娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英";
    private static readonly string[] Fillers = ["客户反映订单信息显示错误。", "The customer says the account page showed someone else's orders.", "她要求公司道歉并赔偿。", "No refund has been made yet.", "舆情正在发酵，多个平台转发。"];
    private static readonly string[] Domains = ["example.com", "163.com", "qq.com", "mail.example.org"];
    private static readonly GroupId[] Groups = [.. SeedRecipients.All];

    public static Arbitrary<ConfidentialCase> Cases() => Arb.From(CaseGen());

    private static Gen<ConfidentialCase> CaseGen()
        => from kind in Gen.Elements(IncidentKind.Petition, IncidentKind.PublicOpinion, IncidentKind.PetitionAndPublicOpinion)
           from name in NameGen()
           from contactKind in Gen.Choose(0, 2)
           from phone in PhoneGen()
           from contactFormat in Gen.Choose(0, PhoneFormats - 1)
           from email in EmailGen()
           from emailCase in Gen.Choose(0, 2)
           from nameMention in MentionGen(name, 2, phone, email)
           from contactMention in MentionGen(name, contactKind, phone, email)
           from otherMention in Gen.Elements(0, 2).SelectMany(k => MentionGen(name, k == 0 ? 2 : contactKind, phone, email))
           from before in FillerGen()
           from between in FillerGen()
           from order in Gen.Shuffle(new[] { 0, 1, 2 })
           from complained in Gen.Frequency((1, Gen.Constant<PersonId?>(null)), (3, Gen.Elements(People.All.ToArray()).Select(p => (PersonId?)p)))
           from count in Gen.Choose(1, 10)
           from steps in Gen.ArrayOf(StepGen(), count)
           let contact = contactKind switch
           {
               0 => FormatPhone(phone, contactFormat),
               1 => emailCase == 0 ? email : emailCase == 1 ? email.ToUpperInvariant() : char.ToUpperInvariant(email[0]) + email[1..],
               _ => null,
           }
           let mentions = new[] { nameMention, contactMention, otherMention }
           let description = before + mentions[order[0]] + " " + between + mentions[order[1]] + " " + mentions[order[2]] + " 订单 4711。"
           select new ConfidentialCase(
               kind,
               name,
               contactKind == 0 ? phone : null,
               contactKind == 1 ? email : null,
               contact,
               description,
               $"Call {nameMention}, {contactMention}.",
               complained,
               [new CaseStep(CaseStepKind.Assess, 5, steps[0].Level, Groups[0], 60, false), .. steps]);

    private const int PhoneFormats = 10;

    private static string FormatPhone(string p, int format) => format switch
    {
        0 => p,
        1 => $"{p[..3]} {p[3..7]} {p[7..]}",
        2 => $"{p[..3]}-{p[3..7]}-{p[7..]}",
        3 => $"+86 {p[..3]} {p[3..7]} {p[7..]}",
        4 => $"+86-{p[..3]}-{p[3..7]}-{p[7..]}",
        5 => $"(+86) {p[..3]} {p[3..7]} {p[7..]}",
        6 => $"+86{p}",
        7 => $"0086 {p[..3]} {p[3..7]} {p[7..]}",
        8 => $"({p[..3]}) {p[3..7]}-{p[7..]}",
        _ => $"{p[..3]}.{p[3..7]}.{p[7..]}",
    };

    private static Gen<string> NameGen()
        => Gen.Frequency(
            (1, from first in LettersGen(1, 6)
                from space in Gen.Elements(true, false)
                from last in LettersGen(2, 5)
                select "Zq" + first + (space ? " " + char.ToUpperInvariant(last[0]) + last[1..] : string.Empty)),
            (1, from count in Gen.Choose(1, 4)
                from chars in Gen.ArrayOf(Gen.Elements(ChineseNameCharacters.ToCharArray()), count)
                select "龘" + new string(chars)));

    private static Gen<string> LettersGen(int min, int max)
        => from count in Gen.Choose(min, max)
           from chars in Gen.ArrayOf(Gen.Elements(Letters.ToCharArray()), count)
           select new string(chars);

    private static Gen<string> PhoneGen()
        => from second in Gen.Elements('3', '5', '7', '8', '9')
           from rest in Gen.ArrayOf(Gen.Choose(0, 9).Select(d => (char)('0' + d)), 9)
           select "1" + second + new string(rest);

    private static Gen<string> EmailGen()
        => from local in LettersGen(3, 8)
           from number in Gen.Choose(0, 99)
           from digits in Gen.Elements(true, false)
           from domain in Gen.Elements(Domains)
           select $"m{local}{(digits ? number.ToString(CultureInfo.InvariantCulture) : string.Empty)}@{domain}";

    // One mention of the name (contact kind 2) or the contact, in another case or format than the report gives it;
    // each starts and ends with a word, so that no other number stands next to a phone number.
    private static Gen<string> MentionGen(string name, int contactKind, string phone, string email)
        => from variant in Gen.Choose(0, 2)
           from format in Gen.Choose(0, PhoneFormats - 1)
           select contactKind switch
           {
               0 => $"电话 {FormatPhone(phone, format)} 请回电",
               1 => $"mail {(variant == 0 ? email : variant == 1 ? email.ToUpperInvariant() : email.ToLowerInvariant())} please",
               _ => $"客户 {(variant == 0 ? name : variant == 1 ? name.ToUpperInvariant() : name.ToLowerInvariant())} 来电",
           };

    private static Gen<string> FillerGen()
        => from count in Gen.Frequency((2, Gen.Choose(0, 3)), (1, Gen.Choose(5, 45)))
           from parts in Gen.ArrayOf(Gen.Elements(Fillers), count)
           from cut in Gen.Choose(0, 20)
           let text = string.Join(" ", parts)
           select text.Length > cut ? text[..^cut] + " " : text;

    private static Gen<CaseStep> StepGen()
        => from kind in Gen.Frequency((1, Gen.Constant(CaseStepKind.Assess)), (2, Gen.Constant(CaseStepKind.Reassess)), (3, Gen.Constant(CaseStepKind.Issue)), (4, Gen.Constant(CaseStepKind.Scan)))
           from minutes in Gen.Frequency((3, Gen.Choose(1, 120)), (2, Gen.Choose(120, 1_440)), (1, Gen.Choose(1_440, 7 * 1_440)))
           from level in Gen.Elements(SeverityLevel.I, SeverityLevel.II, SeverityLevel.III, SeverityLevel.IV)
           from assignee in Gen.Elements(Groups)
           from due in Gen.Choose(30, 3 * 1_440)
           from mention in Gen.Elements(true, false)
           select new CaseStep(kind, minutes, level, assignee, due, mention);
}
