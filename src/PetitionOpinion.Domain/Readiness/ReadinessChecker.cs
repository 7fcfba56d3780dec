using System.Globalization;
using Ardalis.GuardClauses;
using PetitionOpinion.Assessment;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Organization;
using PetitionOpinion.Reporting;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Readiness;

/// <summary>
/// Checks whether the plan is staffed and equipped (<c>docs/readiness.md</c>) and lists every gap in a
/// <see cref="ReadinessReport"/>: positions nobody holds, incident actions nobody may perform, missing or unavailable
/// channels and tools, no legal support contact, untrained or overdue staff, directive kinds no resource serves, risk
/// categories no group owns. Pure: the report depends only on the inputs and the instant asked about.
/// </summary>
/// <remarks>
/// Authority is asked of the <see cref="IAuthorityPolicy"/> itself, so a replaced policy is checked as it decides: for each
/// action and each person of the organisation, about a probe incident (a petition that went public, assessed at each level
/// I–IV in turn; never stored), with a target group exactly as the lifecycle passes one: none, except for acknowledging,
/// completing and cancelling a directive, which are asked with each group as the directive's assignee. An action counts
/// as covered at a level when anyone may perform it there; a directive action, for each group whose directives someone
/// may act on.
/// </remarks>
public sealed class ReadinessChecker
{
    /// <summary>The default offset from UTC the as-of date is taken in: +08:00 (China), as the deadline policy's.</summary>
    public static readonly TimeSpan DefaultUtcOffset = TimeSpan.FromHours(8);

    private static readonly IncidentId ProbeId = new(new Guid("00000000-0000-7000-8000-0000000000a1"));
    private static readonly PersonId ProbeActor = new("system:readiness-check");
    private static readonly ResourceKind[] Channels = [ResourceKind.Hotline, ResourceKind.OnlineServicePlatform, ResourceKind.SocialMediaAccount];
    private static readonly ResourceKind[] CollectionTools = [ResourceKind.MonitoringSoftware, ResourceKind.FeedbackSystem];
    // The actions the lifecycle authorises with a target group: the directive's assignee.
    private static readonly IncidentAction[] DirectiveActions = [IncidentAction.AcknowledgeDirective, IncidentAction.CompleteDirective, IncidentAction.CancelDirective];
    private static readonly DirectiveKind[] PlanDirectiveKinds =
    [
        DirectiveKind.InformationCollection, DirectiveKind.CustomerCommunication, DirectiveKind.OpinionMonitoring,
        DirectiveKind.PublicStatement, DirectiveKind.TechnicalSupport, DirectiveKind.LegalConsultation,
    ];

    private readonly ResponseOrganization _organization;
    private readonly IAuthorityPolicy _authority;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="ReadinessChecker"/> class.</summary>
    /// <param name="organization">The organisation.</param>
    /// <param name="authority">The authority policy in force.</param>
    /// <param name="ruleSet">The risk rule set, whose categories must each have an owner.</param>
    /// <param name="setup">The resources, training records, category owners and custom directive kinds.</param>
    /// <param name="time">The clock: a report is as of its current time.</param>
    /// <param name="utcOffset">The offset the as-of date is taken in; <see langword="null"/> for <see cref="DefaultUtcOffset"/>.</param>
    /// <param name="auditKeys">The audit keys in force (<see cref="IncidentStorageOptions.AuditKeys"/>): without a current key the report warns <see cref="ReadinessGapCodes.AuditNotKeyed"/>; <see langword="null"/> leaves the audit trail unchecked.</param>
    /// <param name="calendar">The working-day calendar of the deadlines (<see cref="DeadlinePolicy.Calendar"/>): a year without a holiday schedule today or within <see cref="CalendarCoverage.DefaultHorizonDays"/> days is an error (<see cref="ReadinessGapCodes.CalendarYearMissing"/>), next year without one from 1 November a warning (<see cref="ReadinessGapCodes.CalendarNextYearMissing"/>); <see langword="null"/> leaves the calendar unchecked.</param>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="utcOffset"/>, <paramref name="auditKeys"/> and <paramref name="calendar"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="utcOffset"/> is out of range.</exception>
    public ReadinessChecker(ResponseOrganization organization, IAuthorityPolicy authority, RiskRuleSet ruleSet, ReadinessSetup setup, TimeProvider time, TimeSpan? utcOffset = null, AuditKeyRing? auditKeys = null, IWorkingDayCalendar? calendar = null)
    {
        AuditKeys = auditKeys;
        Calendar = calendar;
        _organization = Guard.Against.Null(organization);
        _authority = Guard.Against.Null(authority);
        RuleSet = Guard.Against.Null(ruleSet);
        Setup = Guard.Against.Null(setup);
        _time = Guard.Against.Null(time);
        var offset = utcOffset ?? DefaultUtcOffset;
        if (offset < TimeSpan.FromHours(-14) || offset > TimeSpan.FromHours(14) || offset.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(utcOffset), utcOffset, "The offset must be whole minutes from -14:00 to +14:00.");
        }

        UtcOffset = offset;
    }

    /// <summary>Gets the audit keys checked, if any.</summary>
    public AuditKeyRing? AuditKeys { get; }

    /// <summary>Gets the working-day calendar whose holiday schedules are checked, if any.</summary>
    public IWorkingDayCalendar? Calendar { get; }

    /// <summary>Gets the risk rule set whose categories are checked.</summary>
    public RiskRuleSet RuleSet { get; }

    /// <summary>Gets the setup checked.</summary>
    public ReadinessSetup Setup { get; }

    /// <summary>Gets the offset from UTC the as-of date is taken in (default +08:00).</summary>
    public TimeSpan UtcOffset { get; }

    /// <summary>Returns a checker of another setup (live statuses, new training records) over the same organisation, policy, rules and clock.</summary>
    /// <param name="setup">The setup.</param>
    /// <returns>The checker.</returns>
    public ReadinessChecker With(ReadinessSetup setup) => new(_organization, _authority, RuleSet, setup, _time, UtcOffset, AuditKeys, Calendar);

    /// <summary>Checks readiness now (the clock's current time).</summary>
    /// <returns>The report.</returns>
    public ReadinessReport Check() => Check(_time.GetUtcNow());

    /// <summary>Checks readiness as of <paramref name="asOf"/>: training is judged on its date in <see cref="UtcOffset"/>.</summary>
    /// <param name="asOf">The instant.</param>
    /// <returns>The report.</returns>
    public ReadinessReport Check(DateTimeOffset asOf)
    {
        var local = asOf.ToOffset(UtcOffset);
        var gaps = new List<ReadinessGap>();
        CheckPositions(gaps);
        CheckAuthority(asOf, gaps);
        CheckKinds(Channels, ReadinessGapCodes.MissingChannel, ReadinessGapCodes.ChannelUnavailable, ReadinessGapCodes.ChannelDegraded, ("a communication channel", "沟通渠道"), gaps);
        CheckKinds(CollectionTools, ReadinessGapCodes.MissingCollectionTool, ReadinessGapCodes.CollectionToolUnavailable, ReadinessGapCodes.CollectionToolDegraded, ("an information-collection tool", "信息收集工具"), gaps);
        CheckLegalSupport(gaps);
        CheckTrainingCourses(gaps);
        CheckDirectiveKinds(gaps);
        CheckResourceOwners(gaps);
        var peopleToTrain = CheckTraining(DateOnly.FromDateTime(local.DateTime), gaps);
        CheckCategories(gaps);
        if (AuditKeys is { IsKeyed: false })
        {
            gaps.Add(Gap(
                ReadinessGapCodes.AuditNotKeyed,
                new GapSubject(GapSubjectKind.Configuration, "Storage:AuditKeyId"),
                "The audit trail is not keyed: without an audit key (Storage:AuditKeys, Storage:AuditKeyId) someone who can edit the database can change a record and recompute its hashes.",
                "审计记录未使用密钥：未配置审计密钥（Storage:AuditKeys、Storage:AuditKeyId）时，能修改数据库的人可以改动记录并重新计算其哈希。"));
        }

        if (Calendar is not null)
        {
            CheckCalendar(Calendar, DateOnly.FromDateTime(local.DateTime), gaps);
        }

        var ordered = gaps
            .OrderBy(g => g.Severity)
            .ThenBy(g => g.Code, StringComparer.Ordinal)
            .ThenBy(g => g.Subject.Kind)
            .ThenBy(g => g.Subject.Id, StringComparer.Ordinal)
            .ToArray();
        return new ReadinessReport(local, ordered, peopleToTrain, Setup.Resources.Resources.Count);
    }

    // Working-day deadlines in a year without a holiday schedule count weekends only: due too early around every holiday.
    private static void CheckCalendar(IWorkingDayCalendar calendar, DateOnly today, List<ReadinessGap> gaps)
    {
        var coverage = CalendarCoverage.Check(calendar, today);
        var subject = new GapSubject(GapSubjectKind.Configuration, "Deadlines:CalendarFiles");
        var years = string.Join(", ", coverage.MissingYears);
        var yearsZh = string.Join("、", coverage.MissingYears);
        switch (coverage.Severity)
        {
            case CalendarCoverageSeverity.Error:
                gaps.Add(Gap(
                    ReadinessGapCodes.CalendarYearMissing,
                    subject,
                    string.Create(CultureInfo.InvariantCulture, $"The working-day calendar has no holiday schedule for {years}, which today or the next {CalendarCoverage.DefaultHorizonDays} days fall in: deadlines in working days count weekends only there and fall due too early around its holidays. Add the State Council's schedule as a calendar file (Deadlines:CalendarFiles)."),
                    string.Create(CultureInfo.InvariantCulture, $"工作日日历缺少 {yearsZh} 年的节假日安排，而今天或今后 {CalendarCoverage.DefaultHorizonDays} 天落在该年：以工作日计算的时限只扣除周末，节假日前后会提前到期。请将国务院办公厅公布的节假日安排加入日历文件（Deadlines:CalendarFiles）。")));
                break;
            case CalendarCoverageSeverity.Warning:
                gaps.Add(Gap(
                    ReadinessGapCodes.CalendarNextYearMissing,
                    subject,
                    string.Create(CultureInfo.InvariantCulture, $"The working-day calendar has no holiday schedule for {years} yet: add it as a calendar file (Deadlines:CalendarFiles) as soon as the State Council publishes it, before deadlines reach into it."),
                    string.Create(CultureInfo.InvariantCulture, $"工作日日历尚无 {yearsZh} 年的节假日安排：国务院办公厅公布后，请在时限跨入该年之前将其加入日历文件（Deadlines:CalendarFiles）。")));
                break;
        }
    }

    // A valid organisation has every required position filled and a leader in every group (OrganizationBuilder refuses
    // anything less), so what remains to report here is an optional position nobody holds.
    private void CheckPositions(List<ReadinessGap> gaps)
    {
        foreach (var group in _organization.Groups)
        {
            foreach (var position in group.Positions.Where(p => !p.Required && p.Holders.Count == 0))
            {
                gaps.Add(Gap(
                    ReadinessGapCodes.UnstaffedPosition,
                    new GapSubject(GapSubjectKind.Position, position.Id.Value),
                    $"Nobody holds the position {position.Title} ({position.Id}) in the {group.Name}; it is optional, but its duties are not covered.",
                    $"{group.NameZh}的“{position.TitleZh}”（{position.Id}）职位无人担任；该职位虽非必设，但其职责目前无人承担。"));
            }
        }
    }

    private void CheckAuthority(DateTimeOffset asOf, List<ReadinessGap> gaps)
    {
        var people = _organization.People.Select(p => p.Id).ToArray();
        var levels = Enum.GetValues<SeverityLevel>().OrderBy(l => l).ToArray();
        var probes = levels.Select(level => Probe(level, asOf)).ToArray();
        foreach (var action in Enum.GetValues<IncidentAction>())
        {
            // Reporting happens before there is an incident: the lifecycle asks the policy without one.
            if (action == IncidentAction.Report)
            {
                if (!people.Any(p => _authority.Authorize(p, action, null).IsAllowed))
                {
                    gaps.Add(NoActor(action, []));
                }

                continue;
            }

            if (DirectiveActions.Contains(action))
            {
                CheckDirectiveAction(action, people, levels, probes, gaps);
                continue;
            }

            // Every other action is authorised without a target group, as the lifecycle asks: a grant that needs one
            // (assignee-group) then allows no one, and is reported.
            // Only statement approval needs to know who may act (to look for the leading group); elsewhere anyone will do.
            var whoMay = action == IncidentAction.ApproveStatement ? int.MaxValue : 1;
            var authorised = probes.Select(probe => people.Where(p => _authority.Authorize(p, action, probe).IsAllowed).Take(whoMay).ToArray()).ToArray();
            var uncovered = levels.Where((_, i) => authorised[i].Length == 0).ToArray();
            if (uncovered.Length > 0)
            {
                gaps.Add(NoActor(action, uncovered.Length == levels.Length ? [] : uncovered));
            }

            // The lifecycle lets only the leading group approve statements on level I and II incidents, whatever the policy grants.
            if (action == IncidentAction.ApproveStatement)
            {
                var blocked = levels
                    .Where((level, i) => level is SeverityLevel.I or SeverityLevel.II && authorised[i].Length > 0 && !authorised[i].Any(p => _organization.IsMemberOf(p, WellKnownGroups.LeadingGroup)))
                    .ToArray();
                if (blocked.Length > 0)
                {
                    gaps.Add(Gap(
                        ReadinessGapCodes.NoLeadingGroupApprover,
                        new GapSubject(GapSubjectKind.Action, action.ToString()),
                        $"Nobody in the leading group may approve public statements, and on {ReadinessText.Levels(blocked, ReportLanguage.English)} incidents only the leading group may: their statements can never be published.",
                        $"领导小组中无人有权审批公司声明，而 {ReadinessText.Levels(blocked, ReportLanguage.Chinese)}事件的声明只能由领导小组审批，因此无法发布。"));
                }
            }
        }
    }

    // The lifecycle authorises an action on a directive with the directive's assignee group as the target, so each group is
    // asked as its own target: a group whose directives nobody may act on (at some levels) is named. When that is every
    // group at the same levels, nobody may perform the action there at all, which reads as for any other action.
    private void CheckDirectiveAction(IncidentAction action, PersonId[] people, SeverityLevel[] levels, Incident[] probes, List<ReadinessGap> gaps)
    {
        var groups = _organization.Groups;
        var blocked = groups
            .Select(g => (Group: g, Levels: levels.Where((_, i) => !people.Any(p => _authority.Authorize(p, action, probes[i], g.Id).IsAllowed)).ToArray()))
            .Where(b => b.Levels.Length > 0)
            .ToArray();
        if (blocked.Length == 0)
        {
            return;
        }

        if (blocked.Length == groups.Count && blocked.All(b => b.Levels.SequenceEqual(blocked[0].Levels)))
        {
            gaps.Add(NoActor(action, blocked[0].Levels.Length == levels.Length ? [] : blocked[0].Levels));
            return;
        }

        string On(SeverityLevel[] at, ReportLanguage language) => at.Length == levels.Length
            ? string.Empty
            : language == ReportLanguage.Chinese ? $"，{ReadinessText.Levels(at, language)}事件" : $" on {ReadinessText.Levels(at, language)} incidents";
        var en = string.Join("; ", blocked.Select(b => $"the {b.Group.Name} ({b.Group.Id}){On(b.Levels, ReportLanguage.English)}"));
        var zh = string.Join("、", blocked.Select(b => $"{b.Group.NameZh}（{b.Group.Id}{On(b.Levels, ReportLanguage.Chinese)}）"));
        gaps.Add(Gap(
            ReadinessGapCodes.NoAuthorisedActor,
            new GapSubject(GapSubjectKind.Action, action.ToString()),
            $"Nobody in the organisation may {ReadinessText.Of(action, ReportLanguage.English)} ({action}) assigned to {en}: the authority policy allows it to no one, so those directives are stuck.",
            $"按现行授权，对指派给{zh}的指令，组织中没有任何人有权{ReadinessText.Of(action, ReportLanguage.Chinese)}（{action}），这些指令无法推进。"));
    }

    private static ReadinessGap NoActor(IncidentAction action, IReadOnlyList<SeverityLevel> levels)
    {
        var en = ReadinessText.Of(action, ReportLanguage.English);
        var zh = ReadinessText.Of(action, ReportLanguage.Chinese);
        return Gap(
            ReadinessGapCodes.NoAuthorisedActor,
            new GapSubject(GapSubjectKind.Action, action.ToString()),
            levels.Count == 0
                ? $"Nobody in the organisation may {en} ({action}): the authority policy allows it to no one."
                : $"Nobody in the organisation may {en} ({action}) on {ReadinessText.Levels(levels, ReportLanguage.English)} incidents: the authority policy allows it to no one there.",
            levels.Count == 0
                ? $"按现行授权，组织中没有任何人有权{zh}（{action}）。"
                : $"按现行授权，对 {ReadinessText.Levels(levels, ReportLanguage.Chinese)}事件，组织中没有任何人有权{zh}（{action}）。");
    }

    private Incident Probe(SeverityLevel level, DateTimeOffset asOf)
    {
        var category = RuleSet.Categories.Count > 0 ? RuleSet.Categories[0] : RiskCategory.ProductQuality;
        return Incident.FromHistory(
        [
            new IncidentReported(ProbeId, ProbeActor, asOf, IncidentKind.PetitionAndPublicOpinion, IntakeChannel.Hotline, category, "Readiness check: a probe incident, never stored.", null, null),
            new IncidentAssessed(ProbeId, ProbeActor, asOf, level, ImpactScope.Individual, PotentialRisk.Medium, "Readiness check probe.", null),
        ]);
    }

    private void CheckKinds(ResourceKind[] kinds, string missing, string unavailable, string degraded, (string En, string Zh) what, List<ReadinessGap> gaps)
    {
        foreach (var kind in kinds)
        {
            var resources = Setup.Resources.OfKind(kind).ToArray();
            var subject = new GapSubject(GapSubjectKind.ResourceKind, kind.ToString());
            var en = ReadinessText.Of(kind, ReportLanguage.English);
            var zh = ReadinessText.Of(kind, ReportLanguage.Chinese);
            if (resources.Length == 0)
            {
                gaps.Add(Gap(missing, subject, $"The catalogue has no {en}, {what.En} of the plan.", $"资源目录中没有{zh}，缺少预案规定的{what.Zh}。"));
            }
            else if (!resources.Any(r => r.InService))
            {
                gaps.Add(Gap(unavailable, subject, $"Every {en} is unavailable: {ReadinessText.Names(resources, ReportLanguage.English)}.", $"所有{zh}均不可用：{ReadinessText.Names(resources, ReportLanguage.Chinese)}。"));
            }
            else if (!resources.Any(r => r.Status == ResourceStatus.Available))
            {
                var impaired = resources.Where(r => r.InService).ToArray();
                gaps.Add(Gap(degraded, subject, $"No {en} is fully available; only degraded: {ReadinessText.Names(impaired, ReportLanguage.English)}.", $"{zh}没有完全可用的，仅有受限的：{ReadinessText.Names(impaired, ReportLanguage.Chinese)}。"));
            }
        }
    }

    private void CheckLegalSupport(List<ReadinessGap> gaps)
    {
        var legal = Setup.Resources.OfKind(ResourceKind.LegalSupport).ToArray();
        var inService = legal.Where(r => r.InService).ToArray();
        var reachable = inService.Where(r => !string.IsNullOrWhiteSpace(r.Contact)).ToArray();
        var subject = new GapSubject(GapSubjectKind.ResourceKind, nameof(ResourceKind.LegalSupport));
        if (reachable.Length == 0)
        {
            var (en, zh) = legal.Length == 0
                ? ("The catalogue has no legal support, so there is no contact for legal consultation.", "资源目录中没有法律支持，法律咨询无人可联系（预案第五部分第 3 项）。")
                : inService.Length == 0
                    ? ($"Every legal support is unavailable, so there is no contact for legal consultation: {ReadinessText.Names(legal, ReportLanguage.English)}.", $"所有法律支持均不可用，法律咨询无人可联系：{ReadinessText.Names(legal, ReportLanguage.Chinese)}。")
                    : ($"No legal support records a contact, so nobody knows whom to ask for legal consultation: {ReadinessText.Names(inService, ReportLanguage.English)}.", $"法律支持均未登记联系方式，法律咨询不知向谁求助：{ReadinessText.Names(inService, ReportLanguage.Chinese)}。");
            gaps.Add(Gap(ReadinessGapCodes.NoLegalSupportContact, subject, en, zh));
        }
        else if (!reachable.Any(r => r.Status == ResourceStatus.Available))
        {
            gaps.Add(Gap(
                ReadinessGapCodes.LegalSupportDegraded,
                subject,
                $"The legal support with a contact is only degraded: {ReadinessText.Names(reachable, ReportLanguage.English)}.",
                $"登记了联系方式的法律支持均处于受限状态：{ReadinessText.Names(reachable, ReportLanguage.Chinese)}。"));
        }
    }

    private void CheckTrainingCourses(List<ReadinessGap> gaps)
    {
        if (!Setup.Resources.OfKind(ResourceKind.TrainingCourse).Any(r => r.InService))
        {
            gaps.Add(Gap(
                ReadinessGapCodes.NoTrainingCourse,
                new GapSubject(GapSubjectKind.ResourceKind, nameof(ResourceKind.TrainingCourse)),
                "The catalogue has no training course in service, so staff cannot be trained regularly.",
                "资源目录中没有可用的培训课程，无法定期开展信访舆情管理培训（预案第五部分第 4 项）。"));
        }
    }

    private void CheckDirectiveKinds(List<ReadinessGap> gaps)
    {
        var resources = Setup.Resources.Resources;
        var kinds = PlanDirectiveKinds.Concat(Setup.DirectiveKinds).Concat(resources.SelectMany(r => r.Serves)).Distinct();
        foreach (var kind in kinds)
        {
            var serving = resources.Where(r => r.Serves.Contains(kind)).ToArray();
            if (serving.Any(r => r.InService))
            {
                continue;
            }

            var en = ReadinessText.WithCode(DisplayNames.Of(kind, ReportLanguage.English), kind.Value, ReportLanguage.English);
            var zh = ReadinessText.WithCode(DisplayNames.Of(kind, ReportLanguage.Chinese), kind.Value, ReportLanguage.Chinese);
            gaps.Add(Gap(
                ReadinessGapCodes.UnservedDirectiveKind,
                new GapSubject(GapSubjectKind.DirectiveKind, kind.Value),
                serving.Length == 0
                    ? $"No resource serves {en} directives: the group given one has nothing to carry it out with."
                    : $"No resource in service serves {en} directives; those that would are unavailable: {ReadinessText.Names(serving, ReportLanguage.English)}.",
                serving.Length == 0
                    ? $"没有任何资源支持{zh}指令，接到该指令的小组无资源可用。"
                    : $"没有可用资源支持{zh}指令，相关资源均不可用：{ReadinessText.Names(serving, ReportLanguage.Chinese)}。"));
        }
    }

    private void CheckResourceOwners(List<ReadinessGap> gaps)
    {
        foreach (var resource in Setup.Resources.Resources.Where(r => _organization.FindGroup(r.Owner) is null))
        {
            gaps.Add(Gap(
                ReadinessGapCodes.UnknownResourceOwner,
                new GapSubject(GapSubjectKind.Resource, resource.Id.Value),
                $"{ReadinessText.Name(resource, ReportLanguage.English)} is owned by group '{resource.Owner}', which the organisation does not have: nobody maintains it.",
                $"资源“{resource.NameZh ?? resource.Name}”（{resource.Id}）的归属小组“{resource.Owner}”在组织中不存在，无人负责维护。"));
        }
    }

    // Everyone who holds a position must be trained (the plan: "regular petition/public-opinion management training for employees", 定期培训).
    private int CheckTraining(DateOnly day, List<ReadinessGap> gaps)
    {
        var people = _organization.Groups
            .SelectMany(g => g.Positions)
            .SelectMany(p => p.Holders)
            .Distinct()
            .Order(Comparer<PersonId>.Create((a, b) => string.CompareOrdinal(a.Value, b.Value)))
            .ToArray();
        var months = Setup.Training.RefreshMonths;
        foreach (var person in people)
        {
            var standing = Setup.Training.StandingOf(person, day);
            if (standing.Status == TrainingStatus.Current)
            {
                continue;
            }

            var name = _organization.FindPerson(person)?.Name ?? person.Value;
            var memberships = _organization.MembershipsOf(person);
            var positionsEn = string.Join(", ", memberships.Select(m => PositionName(m, zh: false)));
            var positionsZh = string.Join("、", memberships.Select(m => PositionName(m, zh: true)));
            var subject = new GapSubject(GapSubjectKind.Person, person.Value);
            if (standing.Status == TrainingStatus.Untrained)
            {
                gaps.Add(Gap(
                    ReadinessGapCodes.Untrained,
                    subject,
                    $"{name} ({person}), {positionsEn}, has no training record.",
                    $"{name}（{person}）担任{positionsZh}，尚未参加培训。"));
            }
            else
            {
                var last = standing.LastCompletedOn!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var due = standing.DueOn!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                gaps.Add(Gap(
                    ReadinessGapCodes.TrainingOverdue,
                    subject,
                    string.Create(CultureInfo.InvariantCulture, $"{name} ({person}), {positionsEn}, was last trained on {last}; with training every {months} months it lapsed after {due}."),
                    string.Create(CultureInfo.InvariantCulture, $"{name}（{person}）担任{positionsZh}，最近一次培训为 {last}，按每 {months} 个月复训的要求已于 {due} 后过期。")));
            }
        }

        return people.Length;
    }

    private string PositionName(Membership membership, bool zh)
    {
        var group = _organization.FindGroup(membership.Group);
        var position = group?.Positions.FirstOrDefault(p => p.Id == membership.Position);
        return (group, position, zh) switch
        {
            ({ } g, { } p, true) => $"{g.NameZh}{p.TitleZh}",
            ({ } g, { } p, false) => $"{p.Title} in the {g.Name}",
            _ => membership.Position.Value,
        };
    }

    private void CheckCategories(List<ReadinessGap> gaps)
    {
        var owners = Setup.CategoryOwners;
        foreach (var category in RuleSet.Categories.Concat(owners.Categories).Distinct())
        {
            var en = ReadinessText.WithCode(DisplayNames.Of(category, ReportLanguage.English), category.Value, ReportLanguage.English);
            var zh = ReadinessText.WithCode(DisplayNames.Of(category, ReportLanguage.Chinese), category.Value, ReportLanguage.Chinese);
            var subject = new GapSubject(GapSubjectKind.RiskCategory, category.Value);
            if (owners.OwnerOf(category) is not { } owner)
            {
                gaps.Add(Gap(
                    ReadinessGapCodes.UnownedCategory,
                    subject,
                    $"No group owns the risk category {en}: nobody is answerable for its incidents.",
                    $"风险类别{zh}没有负责的小组，该类事件无人牵头处理。"));
            }
            else if (_organization.FindGroup(owner) is null)
            {
                gaps.Add(Gap(
                    ReadinessGapCodes.UnknownCategoryOwner,
                    subject,
                    $"The risk category {en} is owned by group '{owner}', which the organisation does not have.",
                    $"风险类别{zh}的负责小组“{owner}”在组织中不存在。"));
            }
        }
    }

    private static ReadinessGap Gap(string code, GapSubject subject, string english, string chinese)
        => new(code, ReadinessGapCodes.All.First(c => c.Key == code).Value, subject, english, chinese);
}
