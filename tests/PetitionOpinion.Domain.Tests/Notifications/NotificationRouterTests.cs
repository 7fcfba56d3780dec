using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Notifications;
using PetitionOpinion.Organization;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Notifications;

/// <summary>
/// <see cref="NotificationRouter"/> by example (docs/deadlines.md) over the seed organisation: who hears of an assessment at
/// I/II, an escalation, a directive, a deadline's warning, breach and escalation; each of the alerts of one deadline
/// recorded at once by a late scan, to its own recipients, saying it is late; never the person complained about (a leader who is, is replaced one step up); stable,
/// unique de-duplication keys; and the petitioner's details only for the petition handling and leading groups.
/// </summary>
public sealed class NotificationRouterTests
{
    private const string Description = "A customer says another customer's order history appeared in her account.";
    private static readonly PetitionerDetails Petitioner = new("Wang Fang", "+86 138 0000 0000");
    private readonly Scenario _scenario = new();
    private readonly DeadlineScanner _scanner;
    private readonly NotificationRouter _router;

    public NotificationRouterTests()
    {
        _scanner = new DeadlineScanner(DeadlinePolicy.Default, _scenario.Time);
        _router = new NotificationRouter(_scenario.Organization);
    }

    public static TheoryData<string, string> GroupLeaders => new()
    {
        { "leading-group", "gm" },
        { "petition-handling-group", "cs-manager" },
        { "opinion-monitoring-group", "pr-manager" },
        { "logistics-support-group", "logistics-lead" },
    };

    public static TheoryData<string> Everybody => [.. People.All.Select(p => p.Value)];

    // ---------- assessments and escalations ----------
    [Theory]
    [InlineData(SeverityLevel.I)]
    [InlineData(SeverityLevel.II)]
    public void Route_FirstAssessmentAtLevelIOrII_TellsEachLeadingGroupMemberOnce(SeverityLevel level)
    {
        var incident = Report();

        var notifications = Do(incident, Assess(level));

        Assert.Equal(SeedRecipients.Members(WellKnownGroups.LeadingGroup), notifications.Select(n => n.Recipient));
        Assert.All(notifications, n =>
        {
            Assert.Equal((NotificationTopic.IncidentEscalated, level, incident.Id), (n.Topic, n.Level, n.IncidentId));
            Assert.Equal($"Level {level} incident assessed", n.Subject);
            Assert.Equal(incident.History[^1].OccurredAt, n.CreatedAt);
            Assert.Equal($"Person {n.Recipient}", n.RecipientName);
        });
    }

    [Theory]
    [InlineData(SeverityLevel.III)]
    [InlineData(SeverityLevel.IV)]
    public void Route_FirstAssessmentAtLevelIIIOrIV_TellsNobody(SeverityLevel level)
    {
        var incident = Report();

        Assert.Empty(Do(incident, Assess(level)));
    }

    [Fact]
    public void Route_ReassessmentRaisingIIIToII_TellsTheLeadingGroupOfTheEscalationOnly()
    {
        var incident = Report();
        Do(incident, Assess(SeverityLevel.III));

        var recorded = _scenario.Do(incident, Reassess(SeverityLevel.II));
        var notifications = _router.Route(incident, recorded);

        Assert.Equal([typeof(IncidentAssessed), typeof(IncidentEscalated)], recorded.Select(e => e.GetType()));
        Assert.Equal(SeedRecipients.Members(WellKnownGroups.LeadingGroup), notifications.Select(n => n.Recipient));
        Assert.All(notifications, n =>
        {
            Assert.Equal((NotificationTopic.IncidentEscalated, SeverityLevel.II), (n.Topic, n.Level));
            Assert.Equal("Incident raised to level II", n.Subject);
            Assert.Contains("from level III to level II", n.Body, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData(SeverityLevel.II, SeverityLevel.II)]
    [InlineData(SeverityLevel.II, SeverityLevel.III)]
    [InlineData(SeverityLevel.III, SeverityLevel.IV)]
    [InlineData(SeverityLevel.IV, SeverityLevel.III)]
    public void Route_ReassessmentThatDoesNotRaiseTheLevelToIOrII_TellsNobody(SeverityLevel from, SeverityLevel to)
    {
        var incident = Report();
        Do(incident, Assess(from));

        // Lowering a level I or II incident is the leading group's: the customer service manager sits in both groups.
        Assert.Empty(Do(incident, Reassess(to) with { Actor = People.CustomerServiceManager }));
    }

    // ---------- directives ----------
    [Theory]
    [MemberData(nameof(GroupLeaders))]
    public void Route_DirectiveToAGroup_TellsOnlyItsLeader(string group, string leader)
    {
        var incident = Assessed();

        var notifications = Do(incident, _scenario.IssueCommand(new GroupId(group)));

        var notification = Assert.Single(notifications);
        Assert.Equal((NotificationTopic.DirectiveIssued, new PersonId(leader)), (notification.Topic, notification.Recipient));
        Assert.StartsWith("Directive 1 for ", notification.Subject, StringComparison.Ordinal);
        Assert.Contains("Collect the customer's account history.", notification.Body, StringComparison.Ordinal);
    }

    // ---------- deadlines ----------
    [Fact]
    public void Route_DeadlineWarning_TellsTheOwnerGroupsMembers()
    {
        var incident = Report();

        var notifications = ScanAt(incident, incident.ReportedAt.AddHours(2));

        var acknowledge = Of(notifications, "acknowledge");
        Assert.Equal(SeedRecipients.Members(WellKnownGroups.PetitionHandlingGroup), acknowledge.Select(n => n.Recipient));
        Assert.All(acknowledge, n => Assert.Equal((NotificationTopic.DeadlineWarning, "Deadline acknowledge: 50% of its time has run"), (n.Topic, n.Subject)));
    }

    [Fact]
    public void Route_WarningOfTheFirstPublicStatement_TellsTheOpinionMonitoringGroupsMembers()
    {
        var incident = Report(kind: IncidentKind.PublicOpinion);

        var notifications = ScanAt(incident, incident.ReportedAt.AddHours(12));

        var statement = Of(notifications, "first-statement");
        Assert.Equal(SeedRecipients.Members(WellKnownGroups.OpinionMonitoringGroup), statement.Select(n => n.Recipient));
        Assert.All(statement, n => Assert.Equal(NotificationTopic.DeadlineWarning, n.Topic));
    }

    [Fact]
    public void Route_DeadlineBreach_TellsOnlyTheOwnerGroupsLeader()
    {
        var incident = Report();
        ScanAt(incident, incident.ReportedAt.AddHours(2));
        ScanAt(incident, incident.ReportedAt.AddHours(3));

        var notification = Assert.Single(Of(ScanAt(incident, incident.ReportedAt.AddHours(4)), "acknowledge"));

        Assert.Equal((NotificationTopic.DeadlineBreached, People.CustomerServiceManager, "Deadline acknowledge: it is breached"), (notification.Topic, notification.Recipient, notification.Subject));
    }

    [Fact]
    public void Route_DeadlineEscalation_TellsTheLeadingGroup()
    {
        var incident = Report();
        ScanAt(incident, incident.ReportedAt.AddHours(2));
        ScanAt(incident, incident.ReportedAt.AddHours(3));
        ScanAt(incident, incident.ReportedAt.AddHours(4));

        var escalation = Of(ScanAt(incident, incident.ReportedAt.AddHours(5)), "acknowledge");

        Assert.Equal(SeedRecipients.Members(WellKnownGroups.LeadingGroup), escalation.Select(n => n.Recipient));
        Assert.All(escalation, n => Assert.Equal(NotificationTopic.DeadlineEscalated, n.Topic));
    }

    [Fact]
    public void Route_AllAlertsOfOneDeadlineRecordedAtOnce_TellsEachToItsOwnRecipientsAsLate()
    {
        var incident = Report();
        _scenario.Time.SetUtcNow(incident.ReportedAt.AddHours(5));
        var recorded = _scanner.Record(incident, _scanner.Scan(incident));

        var notifications = _router.Route(incident, recorded);

        Assert.Equal(
            [(DeadlineAlertKind.Warning, 50), (DeadlineAlertKind.Warning, 75), (DeadlineAlertKind.Breach, 100), (DeadlineAlertKind.Escalation, 125)],
            recorded.OfType<DeadlineAlertRaised>().Where(a => a.Deadline.ToString() == "acknowledge").Select(a => (a.Alert, a.Percent)));
        var acknowledge = Of(notifications, "acknowledge");
        Assert.Equal(
            [
                .. SeedRecipients.Members(WellKnownGroups.PetitionHandlingGroup).Select(p => (NotificationTopic.DeadlineWarning, p)),
                .. SeedRecipients.Members(WellKnownGroups.PetitionHandlingGroup).Select(p => (NotificationTopic.DeadlineWarning, p)),
                (NotificationTopic.DeadlineBreached, People.CustomerServiceManager),
                .. SeedRecipients.Members(WellKnownGroups.LeadingGroup).Select(p => (NotificationTopic.DeadlineEscalated, p)),
            ],
            acknowledge.Select(n => (n.Topic, n.Recipient)));
        var breach = Assert.Single(acknowledge, n => n.Topic == NotificationTopic.DeadlineBreached);
        var due = incident.ReportedAt.AddHours(4).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture);
        var now = _scenario.Now.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"Deadline acknowledge: it is breached (late: became due {due})", breach.Subject);
        Assert.EndsWith($"Late alert: it became due {due}; the deadline scanner recorded it only {now}.", breach.Body, StringComparison.Ordinal);
        Assert.EndsWith($"(late: became due {due})", breach.SharedSubject, StringComparison.Ordinal);
        Assert.Equal(acknowledge.Count, acknowledge.Select(n => n.DeduplicationKey).Distinct().Count());
    }

    [Fact]
    public void Route_WarningsAndBreachOfOneDeadlineRecordedAtOnce_TellsTheWarningsToTheGroupAndTheBreachToItsLeader()
    {
        var incident = Report();

        var acknowledge = Of(ScanAt(incident, incident.ReportedAt.AddHours(4)), "acknowledge");

        Assert.Equal(
            [
                .. SeedRecipients.Members(WellKnownGroups.PetitionHandlingGroup).Select(p => (NotificationTopic.DeadlineWarning, p, true)),
                .. SeedRecipients.Members(WellKnownGroups.PetitionHandlingGroup).Select(p => (NotificationTopic.DeadlineWarning, p, true)),
                (NotificationTopic.DeadlineBreached, People.CustomerServiceManager, false),
            ],
            acknowledge.Select(n => (n.Topic, n.Recipient, n.Subject.Contains("(late: became due", StringComparison.Ordinal))));
    }

    [Fact]
    public void Route_AlertStoredBeforeLatenessWasKept_IsToldPlainly()
    {
        var incident = Report();
        _scenario.Time.SetUtcNow(incident.ReportedAt.AddHours(4));
        var old = new DeadlineAlertRaised(incident.Id, DeadlinePolicy.Default.ScannerActor, _scenario.Now, DeadlineKey.Acknowledge, DeadlineAlertKind.Breach, 100, incident.ReportedAt.AddHours(4));
        incident.Apply(old, pending: true);

        var notification = Assert.Single(_router.Route(incident, [old]));

        Assert.Equal("Deadline acknowledge: it is breached", notification.Subject);
        Assert.DoesNotContain("Late alert", notification.Body, StringComparison.Ordinal);
    }

    // ---------- the person complained about ----------
    [Fact]
    public void Route_ComplaintAboutALeadingGroupMember_LeavesThemOutOfTheEscalation()
    {
        var incident = Report(complained: People.HeadOfTechnicalSupport);

        var notifications = Do(incident, Assess(SeverityLevel.I));

        Assert.Equal(SeedRecipients.Members(WellKnownGroups.LeadingGroup).Where(p => p != People.HeadOfTechnicalSupport), notifications.Select(n => n.Recipient));
    }

    [Fact]
    public void Route_DirectiveToAGroupWhoseLeaderIsComplainedAbout_GoesToItsDeputy()
    {
        var incident = Assessed(complained: People.PrManager);

        var notifications = Do(incident, _scenario.IssueCommand(WellKnownGroups.OpinionMonitoringGroup));

        Assert.Equal([People.OpinionDeputy], notifications.Select(n => n.Recipient));
    }

    [Fact]
    public void Route_DirectiveToAGroupWithoutDeputyWhoseLeaderIsComplainedAbout_GoesToTheLeadingGroupsLeader()
    {
        var incident = Assessed(complained: People.LogisticsLead);

        var notifications = Do(incident, _scenario.IssueCommand(WellKnownGroups.LogisticsSupportGroup));

        Assert.Equal([People.GeneralManager], notifications.Select(n => n.Recipient));
    }

    [Fact]
    public void Route_DirectiveToTheLeadingGroupWhoseLeaderIsComplainedAbout_GoesToItsDeputies()
    {
        var incident = Assessed(complained: People.GeneralManager);

        var notifications = Do(incident, _scenario.IssueCommand(WellKnownGroups.LeadingGroup));

        Assert.Equal([People.MarketingManager, People.CustomerServiceManager], notifications.Select(n => n.Recipient));
    }

    [Fact]
    public void Route_AlertsOfADirectiveWhoseGroupLeaderIsComplainedAbout_LeaveThemOutAndBreachGoesToTheDeputy()
    {
        var incident = Assessed(complained: People.CustomerServiceManager);
        Do(incident, _scenario.IssueCommand(WellKnownGroups.PetitionHandlingGroup));
        var directive = incident.Directives[0];
        var length = directive.DueAt - directive.IssuedAt;

        var warning = Of(ScanAt(incident, directive.IssuedAt + (length / 2)), "directive-1");
        ScanAt(incident, directive.IssuedAt + (length * 0.75));
        var breach = Of(ScanAt(incident, directive.DueAt), "directive-1");
        var escalation = Of(ScanAt(incident, directive.IssuedAt + (length * 1.25)), "directive-1");

        Assert.Equal([People.PetitionDeputy, People.CustomerServiceRep, People.LegalSpecialist], warning.Select(n => n.Recipient));
        Assert.Equal([People.PetitionDeputy], breach.Select(n => n.Recipient));
        Assert.Equal(SeedRecipients.Members(WellKnownGroups.LeadingGroup).Where(p => p != People.CustomerServiceManager), escalation.Select(n => n.Recipient));
    }

    [Theory]
    [MemberData(nameof(Everybody))]
    public void Route_ComplaintAboutAnyone_NothingEverGoesToThem(string person)
    {
        var complained = new PersonId(person);
        var incident = Report(complained: complained, kind: IncidentKind.PetitionAndPublicOpinion);

        // The person complained about may not act on the incident, so a colleague does.
        var actor = complained == People.CustomerServiceRep ? People.PetitionDeputy : People.CustomerServiceRep;
        var notifications = new List<Notification>();
        notifications.AddRange(Do(incident, Assess(SeverityLevel.III) with { Actor = actor }));
        notifications.AddRange(Do(incident, Reassess(SeverityLevel.I) with { Actor = actor }));
        foreach (var group in SeedRecipients.All)
        {
            notifications.AddRange(Do(incident, _scenario.IssueCommand(group) with { Actor = actor }));
        }

        for (var hours = 1; hours <= 40; hours++)
        {
            notifications.AddRange(ScanAt(incident, incident.ReportedAt.AddHours(hours)));
        }

        Assert.Contains(notifications, n => n.Topic == NotificationTopic.DeadlineEscalated);
        Assert.Contains(notifications, n => n.Topic == NotificationTopic.DeadlineBreached);
        Assert.Contains(notifications, n => n.Topic == NotificationTopic.DeadlineWarning);
        Assert.DoesNotContain(notifications, n => n.Recipient == complained);
    }

    // ---------- de-duplication keys ----------
    [Fact]
    public void Route_SameEventsRoutedTwiceOrAfterAReload_GivesTheSameKeysAndNoKeyTwice()
    {
        var incident = Report(kind: IncidentKind.PetitionAndPublicOpinion);
        var keys = new List<string>();
        void Check(IReadOnlyList<IncidentEvent> recorded)
        {
            var first = _router.Route(incident, recorded).Select(n => n.DeduplicationKey).ToList();
            var again = _router.Route(incident, recorded).Select(n => n.DeduplicationKey).ToList();
            var reloaded = Incident.FromHistory(incident.History);
            var afterReload = _router.Route(reloaded, [.. reloaded.History.TakeLast(recorded.Count)]).Select(n => n.DeduplicationKey).ToList();
            Assert.Equal(first, again);
            Assert.Equal(first, afterReload);
            keys.AddRange(first);
        }

        Check(_scenario.Do(incident, Assess(SeverityLevel.II)));
        Check(_scenario.Do(incident, Reassess(SeverityLevel.I)));
        foreach (var group in SeedRecipients.All)
        {
            Check(_scenario.Do(incident, _scenario.IssueCommand(group)));
        }

        for (var hours = 1; hours <= 30; hours += 3)
        {
            _scenario.Time.SetUtcNow(incident.ReportedAt.AddHours(hours));
            Check(_scanner.Record(incident, _scanner.Scan(incident)));
        }

        Assert.True(keys.Count > 50, $"Only {keys.Count} notifications were routed.");
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Route_EventsThatAreNotTheTailOfTheHistory_Throws()
    {
        var incident = Report();
        var assessed = _scenario.Do(incident, Assess(SeverityLevel.I));
        _scenario.Do(incident, _scenario.IssueCommand());

        Assert.Throws<ArgumentException>(() => _router.Route(incident, assessed));
    }

    // ---------- the petitioner's details ----------
    [Theory]
    [InlineData("+86 138 0000 0000", "Wang Fang called from 138-0000-0000: WANG FANG's order history appeared in another account.", "[redacted] called from [redacted]: [redacted]'s order history appeared in another account.")]
    [InlineData("Wang.Fang@Example.com", "Wang Fang wrote from wang.fang@example.com: her order history appeared in another account.", "[redacted] wrote from [redacted]: her order history appeared in another account.")]
    public void Route_PetitionerDetails_OnlyThePetitionHandlingAndLeadingGroupsSeeThem(string contact, string description, string redacted)
    {
        var petitioner = new PetitionerDetails("Wang Fang", contact);
        var incident = Report(petitioner: petitioner, description: description);
        var notifications = new List<Notification>();
        notifications.AddRange(Do(incident, Assess(SeverityLevel.II)));
        foreach (var group in SeedRecipients.All)
        {
            notifications.AddRange(Do(incident, new IssueDirective(People.CustomerServiceRep, DirectiveKind.CustomerCommunication, group, $"Call Wang Fang back on {contact}.", _scenario.Now.AddHours(8))));
        }

        notifications.AddRange(ScanAt(incident, _scenario.Now.AddHours(4)));

        var (inside, outside) = (notifications.Where(n => Confidentiality.MaySeePetitioner(_scenario.Organization, n.Recipient)).ToList(), notifications.Where(n => !Confidentiality.MaySeePetitioner(_scenario.Organization, n.Recipient)).ToList());
        Assert.Equal(
            new HashSet<PersonId> { People.PrManager, People.OpinionDeputy, People.OpinionAnalyst, People.SocialMediaSpecialist, People.LogisticsLead, People.ItSupport, People.LegalConsultant },
            outside.Select(n => n.Recipient).ToHashSet());
        Assert.NotEmpty(inside);
        Assert.All(inside, n =>
        {
            Assert.Contains($"Petitioner: Wang Fang, {contact}\n", n.Body, StringComparison.Ordinal);
            Assert.Contains($"Description: {description}\n", n.Body, StringComparison.Ordinal);
        });
        Assert.All(outside, n =>
        {
            Assert.Contains($"Petitioner: {Confidentiality.Redacted}\n", n.Body, StringComparison.Ordinal);
            Assert.Contains($"Description: {redacted}\n", n.Body, StringComparison.Ordinal);
            foreach (var text in new[] { n.Subject, n.Body })
            {
                Assert.DoesNotContain("Wang Fang", text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(contact, text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("wang.fang@example.com", text, StringComparison.OrdinalIgnoreCase);
                Assert.False(SecretText.ContainsPhone(text, "13800000000"), text);
            }
        });
        Assert.Contains(outside, n => n.Topic == NotificationTopic.DirectiveIssued && n.Body.EndsWith("Call [redacted] back on [redacted].", StringComparison.Ordinal));
    }

    [Fact]
    public void Route_EveryNotification_CarriesTheTextAsAnOutsiderReadsItAndThePersonComplainedAbout()
    {
        var petitioner = new PetitionerDetails("Wang Fang", "+86 138 0000 0000");
        var incident = Report(complained: People.ItSupport, petitioner: petitioner, description: "Wang Fang (138-0000-0000) saw another customer's orders.");
        var notifications = new List<Notification>();
        notifications.AddRange(Do(incident, Assess(SeverityLevel.II)));
        foreach (var group in SeedRecipients.All)
        {
            notifications.AddRange(Do(incident, new IssueDirective(People.CustomerServiceRep, DirectiveKind.CustomerCommunication, group, "Call Wang Fang back on +86 138 0000 0000.", _scenario.Now.AddHours(8))));
        }

        Assert.Contains(notifications, n => n.Body.Contains("Wang Fang", StringComparison.Ordinal));
        Assert.All(notifications, n =>
        {
            Assert.Equal(People.ItSupport, n.ComplainedAbout);
            Assert.Equal(Confidentiality.Redact(n.Subject, petitioner), n.SharedSubject);
            Assert.Contains($"Petitioner: {Confidentiality.Redacted}\n", n.SharedBody, StringComparison.Ordinal);
            Assert.Contains("Description: [redacted] ([redacted]) saw another customer's orders.\n", n.SharedBody, StringComparison.Ordinal);
            Assert.DoesNotContain("Wang Fang", n.SharedBody, StringComparison.Ordinal);
            Assert.False(SecretText.ContainsPhone(n.SharedBody!, "13800000000"), n.SharedBody);
            if (!Confidentiality.MaySeePetitioner(_scenario.Organization, n.Recipient))
            {
                Assert.Equal((n.Subject, n.Body), (n.SharedSubject, n.SharedBody));
            }
        });

        // Every recipient of one event gets the same shared text: a chat posts it once.
        Assert.All(notifications.GroupBy(n => (n.Topic, n.CreatedAt)), g => Assert.Single(g.Select(n => (n.SharedSubject, n.SharedBody)).Distinct()));
    }

    [Fact]
    public void Route_ComplaintAboutADepartment_NamesNobodyComplainedAbout()
    {
        var incident = Report();

        Assert.All(Do(incident, Assess(SeverityLevel.I)), n => Assert.Null(n.ComplainedAbout));
    }

    [Fact]
    public void Route_LongDescription_ShowsItsFirst500CharactersRedactedBeforeTheCut()
    {
        // The phone number straddles the 500th character: redacted first, then cut, so that no half of it is left.
        var description = new string('x', 495) + " 138-0000-0000 and more.";
        var incident = Report(description: description);
        Do(incident, Assess(SeverityLevel.III));

        var notification = Assert.Single(Do(incident, _scenario.IssueCommand(WellKnownGroups.LogisticsSupportGroup)));

        Assert.Contains($"Description: {new string('x', 495)} [red…\n", notification.Body, StringComparison.Ordinal);
    }

    private static List<Notification> Of(IEnumerable<Notification> notifications, string deadline)
        => [.. notifications.Where(n => n.Subject.StartsWith($"Deadline {deadline}:", StringComparison.Ordinal))];

    private static AssessIncident Assess(SeverityLevel level)
        => new(People.CustomerServiceRep, level, ImpactScope.Individual, PotentialRisk.Medium, "One customer.");

    private static ReassessIncident Reassess(SeverityLevel level)
        => new(People.CustomerServiceRep, level, ImpactScope.Group, PotentialRisk.High, "Media picked it up.");

    private Incident Report(PersonId? complained = null, PetitionerDetails? petitioner = null, string? description = null, IncidentKind kind = IncidentKind.Petition)
    {
        _scenario.Time.Advance(Scenario.Step);
        var command = new ReportIncident(
            complained == People.CustomerServiceRep ? People.LegalSpecialist : People.CustomerServiceRep,
            kind,
            IntakeChannel.Hotline,
            RiskCategory.DataPrivacy,
            description ?? Description,
            petitioner ?? Petitioner,
            complained is { } person ? new ComplainedParty(person, null) : new ComplainedParty(null, Departments.TechnicalSupport));
        return _scenario.Lifecycle.Report(command).Match(i => i, e => throw new InvalidOperationException($"Report was refused: {e}"));
    }

    private Incident Assessed(PersonId? complained = null)
    {
        var incident = Report(complained);
        Do(incident, Assess(SeverityLevel.III));
        return incident;
    }

    [Fact]
    public void Route_CustomerCommunicationsStatementsAndOtherActionsOnALevelIIIIncident_TellNobody()
    {
        var incident = _scenario.Drive(IncidentState.Responding, IncidentKind.PetitionAndPublicOpinion, SeverityLevel.III);

        Assert.Empty(Do(incident, new RecordCommunication(People.CustomerServiceRep, IntakeChannel.Hotline, "Called Wang Fang back.", "She accepts the apology.")));
        Assert.Empty(Do(incident, new DraftStatement(People.PrManager, "On a display error", "Fixed.")));
        Assert.Empty(Do(incident, new PauseDeadlines(People.CustomerServiceRep, "Waiting for her receipts.")));
        Assert.Empty(Do(incident, new ResumeDeadlines(People.CustomerServiceRep)));
        Assert.Empty(Do(incident, new ResolveIncident(People.CustomerServiceManager, "Refunded.")));
    }

    private IReadOnlyList<Notification> Do(Incident incident, IncidentCommand command) => _router.Route(incident, _scenario.Do(incident, command));

    private IReadOnlyList<Notification> ScanAt(Incident incident, DateTimeOffset at)
    {
        _scenario.Time.SetUtcNow(at);
        return _router.Route(incident, _scanner.Record(incident, _scanner.Scan(incident)));
    }
}
