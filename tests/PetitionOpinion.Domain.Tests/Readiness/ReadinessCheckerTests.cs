using Microsoft.Extensions.Time.Testing;
using PetitionOpinion.Assessment;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Readiness;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Support;
using static PetitionOpinion.Tests.Readiness.ReadinessWorld;

namespace PetitionOpinion.Tests.Readiness;

/// <summary>
/// <see cref="ReadinessChecker"/>: the ready world has no gap; taking away or breaking one thing makes exactly the gap
/// (or gaps) it should, one example per code of <see cref="ReadinessGapCodes"/>.
/// </summary>
public sealed class ReadinessCheckerTests
{
    private static readonly RiskCategory Logistics = new("Logistics");
    private static readonly DirectiveKind Compensation = new("Compensation");
    private static readonly GroupId Ghost = new("ghost-group");

    [Fact]
    public void Check_StaffedSeedFullCatalogueFreshTraining_IsReadyWithoutGaps()
    {
        var report = Checker().Check();

        Assert.Empty(report.Gaps);
        Assert.True(report.IsReady);
        Assert.Equal(0, report.ErrorCount);
        Assert.Equal(0, report.WarningCount);
        Assert.Equal(Staff.Count, report.PeopleToTrain);
        Assert.Equal(FullResources.Count, report.ResourceCount);
        Assert.Equal(AsOf, report.AsOf);
        Assert.Equal(TimeSpan.FromHours(8), report.AsOf.Offset);
        Assert.Equal(Today, report.AsOfDate);
    }

    [Fact]
    public void Check_OptionalPositionVacant_WarnsUnstaffedPosition()
    {
        var translator = new PositionId("petition.member.translator");
        var organization = Scenario.SeedBuilderWithPeople()
            .AddPosition(WellKnownGroups.PetitionHandlingGroup, translator, "Translator", "翻译", GroupRole.Member, required: false)
            .Build().AsT0;

        var report = Checker(organization: organization).Check();

        AssertGaps(report, (ReadinessGapCodes.UnstaffedPosition, new GapSubject(GapSubjectKind.Position, translator.Value)));
        Assert.True(report.IsReady);
        Assert.Contains("Translator", report.Gaps[0].English, StringComparison.Ordinal);
        Assert.Contains("信访处理小组的“翻译”", report.Gaps[0].Chinese, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NobodyMayReviewStatements_ReportsTheActionAsAnError()
    {
        var report = Checker(matrix: AuthorityMatrix.Default.With(IncidentAction.ReviewStatement)).Check();

        AssertGaps(report, (ReadinessGapCodes.NoAuthorisedActor, new GapSubject(GapSubjectKind.Action, nameof(IncidentAction.ReviewStatement))));
        Assert.False(report.IsReady);
        Assert.Equal("Nobody in the organisation may legally review public statements (ReviewStatement): the authority policy allows it to no one.", report.Gaps[0].English);
        Assert.Equal("按现行授权，组织中没有任何人有权对公司声明进行法律审核（ReviewStatement）。", report.Gaps[0].Chinese);
    }

    [Fact]
    public void Check_ReviewGrantedToADepartmentNobodyHolds_ReportsTheAction()
    {
        var report = Checker(matrix: AuthorityMatrix.Default.With(IncidentAction.ReviewStatement, AuthorityGrant.DepartmentMembers("Compliance"))).Check();

        AssertGaps(report, (ReadinessGapCodes.NoAuthorisedActor, new GapSubject(GapSubjectKind.Action, nameof(IncidentAction.ReviewStatement))));
    }

    [Fact]
    public void Check_NobodyMayReport_ReportsReportWithoutLevels()
    {
        var report = Checker(matrix: AuthorityMatrix.Default.With(IncidentAction.Report, AuthorityGrant.GroupMembers(Ghost))).Check();

        AssertGaps(report, (ReadinessGapCodes.NoAuthorisedActor, new GapSubject(GapSubjectKind.Action, nameof(IncidentAction.Report))));
        Assert.DoesNotContain("level", report.Gaps[0].English, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_PolicyRefusesResolveOnLevelIOnly_NamesTheLevel()
    {
        var report = Checker(policy: org => new RefuseOnLevel(new MatrixAuthorityPolicy(org, AuthorityMatrix.Default), IncidentAction.Resolve, SeverityLevel.I)).Check();

        AssertGaps(report, (ReadinessGapCodes.NoAuthorisedActor, new GapSubject(GapSubjectKind.Action, nameof(IncidentAction.Resolve))));
        Assert.Contains("on level I incidents", report.Gaps[0].English, StringComparison.Ordinal);
        Assert.Contains("对 I 级事件", report.Gaps[0].Chinese, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_DirectiveActionsGrantedToTheAssigneeGroup_AreCovered()
    {
        // Acknowledge and complete are granted to the assignee group only: someone may, once a directive names their group.
        var report = Checker(matrix: AuthorityMatrix.Default
            .With(IncidentAction.AcknowledgeDirective, AuthorityGrant.AssigneeGroup)
            .With(IncidentAction.CompleteDirective, AuthorityGrant.AssigneeGroup)).Check();

        Assert.Empty(report.Gaps);
    }

    [Theory]
    [InlineData(IncidentAction.IssueDirective)]
    [InlineData(IncidentAction.ApproveStatement)]
    [InlineData(IncidentAction.Resolve)]
    public void Check_ActionWithoutTargetGrantedToTheAssigneeGroup_ReportsNobodyMay(IncidentAction action)
    {
        // The lifecycle asks the policy about these actions with no target group, so an assignee-group grant allows no one.
        var report = Checker(matrix: AuthorityMatrix.Default.With(action, AuthorityGrant.AssigneeGroup)).Check();

        AssertGaps(report, (ReadinessGapCodes.NoAuthorisedActor, new GapSubject(GapSubjectKind.Action, action.ToString())));
        Assert.DoesNotContain("level", report.Gaps[0].English, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_PolicyRefusesAcknowledgingTheLogisticsGroupsDirectives_NamesTheGroup()
    {
        var report = Checker(policy: org => new RefuseForGroup(new MatrixAuthorityPolicy(org, AuthorityMatrix.Default), IncidentAction.AcknowledgeDirective, WellKnownGroups.LogisticsSupportGroup)).Check();

        AssertGaps(report, (ReadinessGapCodes.NoAuthorisedActor, new GapSubject(GapSubjectKind.Action, nameof(IncidentAction.AcknowledgeDirective))));
        Assert.Equal(
            "Nobody in the organisation may acknowledge directives (AcknowledgeDirective) assigned to the Logistics Support Group (logistics-support-group): the authority policy allows it to no one, so those directives are stuck.",
            report.Gaps[0].English);
        Assert.Equal("按现行授权，对指派给后勤保障组（logistics-support-group）的指令，组织中没有任何人有权确认接收指令（AcknowledgeDirective），这些指令无法推进。", report.Gaps[0].Chinese);
    }

    [Fact]
    public void Check_PolicyRefusesCompletingTwoGroupsDirectivesOnSomeLevels_NamesEachGroupWithItsLevels()
    {
        var policy = (ResponseOrganization org) => new RefuseForGroup(
            new RefuseForGroup(new MatrixAuthorityPolicy(org, AuthorityMatrix.Default), IncidentAction.CompleteDirective, WellKnownGroups.LeadingGroup, SeverityLevel.I),
            IncidentAction.CompleteDirective,
            WellKnownGroups.OpinionMonitoringGroup);

        var report = Checker(policy: policy).Check();

        AssertGaps(report, (ReadinessGapCodes.NoAuthorisedActor, new GapSubject(GapSubjectKind.Action, nameof(IncidentAction.CompleteDirective))));
        Assert.Contains("assigned to the Petition & Public-Opinion Management Leading Group (leading-group) on level I incidents; the Public-Opinion Monitoring Group (opinion-monitoring-group):", report.Gaps[0].English, StringComparison.Ordinal);
        Assert.Contains("对指派给信访舆情管理领导小组（leading-group，I 级事件）、舆情监测小组（opinion-monitoring-group）的指令", report.Gaps[0].Chinese, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_PolicyAllowsCancellingOnlyWithoutATarget_ReportsNobodyMayCancel()
    {
        // The lifecycle always names the directive's assignee when cancelling: an answer for no target group is never asked for.
        var report = Checker(policy: org => new RefuseForGroup(new MatrixAuthorityPolicy(org, AuthorityMatrix.Default), IncidentAction.CancelDirective, group: null)).Check();

        AssertGaps(report, (ReadinessGapCodes.NoAuthorisedActor, new GapSubject(GapSubjectKind.Action, nameof(IncidentAction.CancelDirective))));
        Assert.Equal("Nobody in the organisation may cancel directives (CancelDirective): the authority policy allows it to no one.", report.Gaps[0].English);
    }

    [Fact]
    public void Check_OnlyTheOpinionGroupLeaderMayApprove_ReportsNoLeadingGroupApprover()
    {
        var matrix = AuthorityMatrix.Default.With(IncidentAction.ApproveStatement, AuthorityGrant.GroupMembers(WellKnownGroups.OpinionMonitoringGroup, GroupRole.Leader));

        var report = Checker(matrix: matrix).Check();

        AssertGaps(report, (ReadinessGapCodes.NoLeadingGroupApprover, new GapSubject(GapSubjectKind.Action, nameof(IncidentAction.ApproveStatement))));
        Assert.Contains("on level I and II incidents", report.Gaps[0].English, StringComparison.Ordinal);
        Assert.Contains("I、II 级", report.Gaps[0].Chinese, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NobodyMayApprove_ReportsOnlyTheMissingActor()
    {
        var report = Checker(matrix: AuthorityMatrix.Default.With(IncidentAction.ApproveStatement)).Check();

        AssertGaps(report, (ReadinessGapCodes.NoAuthorisedActor, new GapSubject(GapSubjectKind.Action, nameof(IncidentAction.ApproveStatement))));
    }

    public static TheoryData<ResourceKind> ChannelKinds => [ResourceKind.Hotline, ResourceKind.OnlineServicePlatform, ResourceKind.SocialMediaAccount];

    public static TheoryData<ResourceKind> ToolKinds => [ResourceKind.MonitoringSoftware, ResourceKind.FeedbackSystem];

    [Fact]
    public void Check_NoHotline_ReportsTheMissingChannelOnly()
    {
        var report = Check(ReadySetup.WithResources(Without(HotlineId)));

        AssertGaps(report, (ReadinessGapCodes.MissingChannel, Kind(ResourceKind.Hotline)));
        Assert.Equal("The catalogue has no customer service hotline, a communication channel of the plan.", report.Gaps[0].English);
        Assert.Equal("资源目录中没有客服热线，缺少预案规定的沟通渠道。", report.Gaps[0].Chinese);
    }

    [Fact]
    public void Check_NoSocialMediaAccount_ReportsTheChannelAndThePublicStatementKind()
    {
        // A social-media account is the only resource that serves public statements by default.
        var report = Check(ReadySetup.WithResources(Without(WeiboId)));

        AssertGaps(
            report,
            (ReadinessGapCodes.MissingChannel, Kind(ResourceKind.SocialMediaAccount)),
            (ReadinessGapCodes.UnservedDirectiveKind, Directive(DirectiveKind.PublicStatement)));
    }

    [Fact]
    public void Check_NoHotlineNorOnlinePlatform_ReportsBothChannelsAndCustomerCommunication()
    {
        var catalog = Catalog(FullResources.Where(r => r.Id != HotlineId && r.Id != OnlineId));

        var report = Check(ReadySetup.WithResources(catalog));

        AssertGaps(
            report,
            (ReadinessGapCodes.MissingChannel, Kind(ResourceKind.Hotline)),
            (ReadinessGapCodes.MissingChannel, Kind(ResourceKind.OnlineServicePlatform)),
            (ReadinessGapCodes.UnservedDirectiveKind, Directive(DirectiveKind.CustomerCommunication)));
    }

    [Fact]
    public void Check_HotlineUnavailable_ReportsChannelUnavailable()
    {
        var report = Check(ReadySetup.WithResources(Changed(HotlineId, r => r.WithStatus(ResourceStatus.Unavailable))));

        AssertGaps(report, (ReadinessGapCodes.ChannelUnavailable, Kind(ResourceKind.Hotline)));
        Assert.Equal("Every customer service hotline is unavailable: Customer service hotline (hotline-400).", report.Gaps[0].English);
        Assert.Equal("所有客服热线均不可用：客服热线（hotline-400）。", report.Gaps[0].Chinese);
    }

    [Fact]
    public void Check_HotlineDegraded_WarnsChannelDegraded()
    {
        var report = Check(ReadySetup.WithResources(Changed(HotlineId, r => r.WithStatus(ResourceStatus.Degraded))));

        AssertGaps(report, (ReadinessGapCodes.ChannelDegraded, Kind(ResourceKind.Hotline)));
        Assert.True(report.IsReady);
    }

    [Fact]
    public void Check_DegradedHotlineWithAnAvailableBackup_HasNoGap()
    {
        var backup = new Resource(new ResourceId("hotline-backup"), ResourceKind.Hotline, "Backup hotline", WellKnownGroups.PetitionHandlingGroup);
        var catalog = Catalog(FullResources.Select(r => r.Id == HotlineId ? r.WithStatus(ResourceStatus.Unavailable) : r).Append(backup));

        Assert.Empty(Check(ReadySetup.WithResources(catalog)).Gaps);
    }

    [Theory]
    [MemberData(nameof(ChannelKinds))]
    public void Check_EachChannelUnavailable_ReportsItsKind(ResourceKind kind)
    {
        var id = FullResources.Single(r => r.Kind == kind).Id;

        var report = Check(ReadySetup.WithResources(Changed(id, r => r.WithStatus(ResourceStatus.Unavailable))));

        Assert.Contains((ReadinessGapCodes.ChannelUnavailable, Kind(kind)), Identities(report));
    }

    [Fact]
    public void Check_NoFeedbackSystem_ReportsTheMissingTool()
    {
        // Information collection is still served by the monitoring software.
        var report = Check(ReadySetup.WithResources(Without(FeedbackId)));

        AssertGaps(report, (ReadinessGapCodes.MissingCollectionTool, Kind(ResourceKind.FeedbackSystem)));
        Assert.Contains("信息收集工具", report.Gaps[0].Chinese, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NoMonitoringSoftware_ReportsTheToolAndOpinionMonitoring()
    {
        var report = Check(ReadySetup.WithResources(Without(MonitoringId)));

        AssertGaps(
            report,
            (ReadinessGapCodes.MissingCollectionTool, Kind(ResourceKind.MonitoringSoftware)),
            (ReadinessGapCodes.UnservedDirectiveKind, Directive(DirectiveKind.OpinionMonitoring)));
    }

    [Theory]
    [MemberData(nameof(ToolKinds))]
    public void Check_ToolUnavailable_ReportsCollectionToolUnavailable(ResourceKind kind)
    {
        var id = FullResources.Single(r => r.Kind == kind).Id;

        var report = Check(ReadySetup.WithResources(Changed(id, r => r.WithStatus(ResourceStatus.Unavailable))));

        Assert.Contains((ReadinessGapCodes.CollectionToolUnavailable, Kind(kind)), Identities(report));
    }

    [Fact]
    public void Check_FeedbackSystemDegraded_WarnsCollectionToolDegraded()
    {
        var report = Check(ReadySetup.WithResources(Changed(FeedbackId, r => r.WithStatus(ResourceStatus.Degraded))));

        AssertGaps(report, (ReadinessGapCodes.CollectionToolDegraded, Kind(ResourceKind.FeedbackSystem)));
    }

    [Fact]
    public void Check_FeedbackSystemUnavailable_ReportsOnlyTheTool()
    {
        var report = Check(ReadySetup.WithResources(Changed(FeedbackId, r => r.WithStatus(ResourceStatus.Unavailable))));

        AssertGaps(report, (ReadinessGapCodes.CollectionToolUnavailable, Kind(ResourceKind.FeedbackSystem)));
    }

    [Fact]
    public void Check_LegalSupportWithoutContact_ReportsNoLegalSupportContact()
    {
        var report = Check(ReadySetup.WithResources(Changed(LegalId, r => new Resource(r.Id, r.Kind, r.Name, r.Owner, nameZh: r.NameZh))));

        AssertGaps(report, (ReadinessGapCodes.NoLegalSupportContact, Kind(ResourceKind.LegalSupport)));
        Assert.Equal("No legal support records a contact, so nobody knows whom to ask for legal consultation: Legal department (legal-department).", report.Gaps[0].English);
        Assert.Equal("法律支持均未登记联系方式，法律咨询不知向谁求助：法务部（legal-department）。", report.Gaps[0].Chinese);
    }

    [Fact]
    public void Check_NoLegalSupport_ReportsNoContactAndLegalConsultation()
    {
        var report = Check(ReadySetup.WithResources(Without(LegalId)));

        AssertGaps(
            report,
            (ReadinessGapCodes.NoLegalSupportContact, Kind(ResourceKind.LegalSupport)),
            (ReadinessGapCodes.UnservedDirectiveKind, Directive(DirectiveKind.LegalConsultation)));
        Assert.Contains("has no legal support", report.Gaps[0].English, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LegalSupportUnavailable_ReportsNoContactAndLegalConsultation()
    {
        var report = Check(ReadySetup.WithResources(Changed(LegalId, r => r.WithStatus(ResourceStatus.Unavailable))));

        AssertGaps(
            report,
            (ReadinessGapCodes.NoLegalSupportContact, Kind(ResourceKind.LegalSupport)),
            (ReadinessGapCodes.UnservedDirectiveKind, Directive(DirectiveKind.LegalConsultation)));
        Assert.Contains("Every legal support is unavailable", report.Gaps[0].English, StringComparison.Ordinal);
        Assert.Contains("unavailable: Legal department (legal-department)", report.Gaps[1].English, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LegalSupportDegraded_WarnsLegalSupportDegraded()
    {
        var report = Check(ReadySetup.WithResources(Changed(LegalId, r => r.WithStatus(ResourceStatus.Degraded))));

        AssertGaps(report, (ReadinessGapCodes.LegalSupportDegraded, Kind(ResourceKind.LegalSupport)));
    }

    [Fact]
    public void Check_NoTrainingCourse_WarnsButTheRecordsStillCount()
    {
        var report = Check(ReadySetup.WithResources(Without(CourseId)));

        AssertGaps(report, (ReadinessGapCodes.NoTrainingCourse, Kind(ResourceKind.TrainingCourse)));
        Assert.True(report.IsReady);
    }

    [Fact]
    public void Check_OnePersonNeverTrained_WarnsUntrained()
    {
        var training = new TrainingLog(FreshTraining.Records.Where(r => r.Person != People.LegalSpecialist));

        var report = Check(ReadySetup.WithTraining(training));

        AssertGaps(report, (ReadinessGapCodes.Untrained, new GapSubject(GapSubjectKind.Person, People.LegalSpecialist.Value)));
        Assert.Equal("Person legal-specialist (legal-specialist), Legal Specialist in the Petition Handling Group, has no training record.", report.Gaps[0].English);
        Assert.Equal("Person legal-specialist（legal-specialist）担任信访处理小组法务专员，尚未参加培训。", report.Gaps[0].Chinese);
    }

    [Fact]
    public void Check_NobodyTrained_WarnsForEveryPositionHolderButNotTheOutsider()
    {
        var report = Check(ReadySetup.WithTraining(TrainingLog.Empty));

        Assert.Equal(Staff.Select(p => (ReadinessGapCodes.Untrained, new GapSubject(GapSubjectKind.Person, p.Value))), Identities(report));
        Assert.DoesNotContain(report.Gaps, g => g.Subject.Id == People.Outsider.Value);
        Assert.True(report.IsReady);
    }

    [Fact]
    public void Check_TrainingThirteenMonthsOld_WarnsOverdue()
    {
        var training = new TrainingLog(FreshTraining.Records
            .Where(r => r.Person != People.ItSupport)
            .Append(new TrainingRecord(People.ItSupport, CourseId, new DateOnly(2025, 2, 1))));

        var report = Check(ReadySetup.WithTraining(training));

        AssertGaps(report, (ReadinessGapCodes.TrainingOverdue, new GapSubject(GapSubjectKind.Person, People.ItSupport.Value)));
        Assert.Contains("was last trained on 2025-02-01; with training every 12 months it lapsed after 2026-02-01.", report.Gaps[0].English, StringComparison.Ordinal);
        Assert.Contains("最近一次培训为 2025-02-01，按每 12 个月复训的要求已于 2026-02-01 后过期。", report.Gaps[0].Chinese, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_PersonWithSeveralPositions_IsReportedOnceWithEveryPosition()
    {
        // The Customer Service Manager leads the petition handling group and is a deputy of the leading group.
        var training = new TrainingLog(FreshTraining.Records.Where(r => r.Person != People.CustomerServiceManager));

        var report = Check(ReadySetup.WithTraining(training));

        var gap = Assert.Single(report.Gaps);
        Assert.Contains("Customer Service Department Manager in the Petition & Public-Opinion Management Leading Group", gap.English, StringComparison.Ordinal);
        Assert.Contains("Customer Service Department Manager in the Petition Handling Group", gap.English, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NoItSupport_ReportsTechnicalSupportUnserved()
    {
        var report = Check(ReadySetup.WithResources(Without(ItId)));

        AssertGaps(report, (ReadinessGapCodes.UnservedDirectiveKind, Directive(DirectiveKind.TechnicalSupport)));
        Assert.Equal("No resource serves technical support (TechnicalSupport) directives: the group given one has nothing to carry it out with.", report.Gaps[0].English);
        Assert.Equal("没有任何资源支持“技术支持”（TechnicalSupport）指令，接到该指令的小组无资源可用。", report.Gaps[0].Chinese);
    }

    [Fact]
    public void Check_CustomDirectiveKindTheCompanyIssues_IsUnservedUntilAResourceServesIt()
    {
        var setup = new ReadinessSetup(FullCatalog, FreshTraining, directiveKinds: [Compensation]);
        var desk = new Resource(new ResourceId("refund-desk"), ResourceKind.Other, "Refund desk", WellKnownGroups.PetitionHandlingGroup, alsoServes: [Compensation]);

        var before = Check(setup);
        var after = Check(setup.WithResources(FullCatalog.With(desk).AsT0));

        AssertGaps(before, (ReadinessGapCodes.UnservedDirectiveKind, Directive(Compensation)));
        Assert.Empty(after.Gaps);
    }

    [Fact]
    public void Check_CustomKindServedOnlyByAnUnavailableResource_IsUnserved()
    {
        var desk = new Resource(new ResourceId("refund-desk"), ResourceKind.Other, "Refund desk", WellKnownGroups.PetitionHandlingGroup, ResourceStatus.Unavailable, alsoServes: [Compensation]);

        var report = Check(ReadySetup.WithResources(FullCatalog.With(desk).AsT0));

        AssertGaps(report, (ReadinessGapCodes.UnservedDirectiveKind, Directive(Compensation)));
        Assert.Contains("those that would are unavailable: Refund desk (refund-desk)", report.Gaps[0].English, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ResourceOwnedByAGroupTheOrganisationLacks_ReportsTheResource()
    {
        var report = Check(ReadySetup.WithResources(Changed(CourseId, r => new Resource(r.Id, r.Kind, r.Name, Ghost, r.Status, r.Contact, r.NameZh))));

        AssertGaps(report, (ReadinessGapCodes.UnknownResourceOwner, new GapSubject(GapSubjectKind.Resource, CourseId.Value)));
        Assert.Contains("'ghost-group'", report.Gaps[0].English, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RuleSetWithAUserCategoryNobodyOwns_ReportsUnownedCategory()
    {
        var rules = RiskRuleSet.Create("with-logistics", DefaultRiskRules.All, [.. DefaultRiskRules.Categories, Logistics]).AsT0;

        var report = Checker(rules: rules).Check();

        AssertGaps(report, (ReadinessGapCodes.UnownedCategory, new GapSubject(GapSubjectKind.RiskCategory, Logistics.Value)));
        Assert.Empty(Checker(ReadySetup.WithCategoryOwners(CategoryOwnership.Default.With(Logistics, WellKnownGroups.LogisticsSupportGroup)), rules: rules).Check().Gaps);
    }

    [Fact]
    public void Check_SeedCategoryWithoutOwner_ReportsUnownedCategory()
    {
        var report = Check(ReadySetup.WithCategoryOwners(CategoryOwnership.Default.Without(RiskCategory.DataPrivacy)));

        AssertGaps(report, (ReadinessGapCodes.UnownedCategory, new GapSubject(GapSubjectKind.RiskCategory, "DataPrivacy")));
        Assert.Equal("No group owns the risk category data privacy (DataPrivacy): nobody is answerable for its incidents.", report.Gaps[0].English);
        Assert.Equal("风险类别“数据隐私”（DataPrivacy）没有负责的小组，该类事件无人牵头处理。", report.Gaps[0].Chinese);
    }

    [Fact]
    public void Check_CategoryOwnedByAGroupTheOrganisationLacks_ReportsUnknownCategoryOwner()
    {
        var report = Check(ReadySetup.WithCategoryOwners(CategoryOwnership.Default.With(RiskCategory.DataPrivacy, Ghost)));

        AssertGaps(report, (ReadinessGapCodes.UnknownCategoryOwner, new GapSubject(GapSubjectKind.RiskCategory, "DataPrivacy")));
    }

    [Fact]
    public void Check_OwnedCategoryTheRuleSetDoesNotKnow_IsStillChecked()
    {
        var report = Check(ReadySetup.WithCategoryOwners(CategoryOwnership.Default.With(Logistics, Ghost)));

        AssertGaps(report, (ReadinessGapCodes.UnknownCategoryOwner, new GapSubject(GapSubjectKind.RiskCategory, Logistics.Value)));
    }

    [Fact]
    public void Check_EmptySetup_ListsErrorsBeforeWarningsThenByCodeAndSubject()
    {
        var report = Check(ReadinessSetup.Empty);

        Assert.False(report.IsReady);
        var expectedErrors = new (string, GapSubject)[]
        {
            (ReadinessGapCodes.MissingChannel, Kind(ResourceKind.Hotline)),
            (ReadinessGapCodes.MissingChannel, Kind(ResourceKind.OnlineServicePlatform)),
            (ReadinessGapCodes.MissingChannel, Kind(ResourceKind.SocialMediaAccount)),
            (ReadinessGapCodes.MissingCollectionTool, Kind(ResourceKind.FeedbackSystem)),
            (ReadinessGapCodes.MissingCollectionTool, Kind(ResourceKind.MonitoringSoftware)),
            (ReadinessGapCodes.NoLegalSupportContact, Kind(ResourceKind.LegalSupport)),
            (ReadinessGapCodes.UnservedDirectiveKind, Directive(DirectiveKind.CustomerCommunication)),
            (ReadinessGapCodes.UnservedDirectiveKind, Directive(DirectiveKind.InformationCollection)),
            (ReadinessGapCodes.UnservedDirectiveKind, Directive(DirectiveKind.LegalConsultation)),
            (ReadinessGapCodes.UnservedDirectiveKind, Directive(DirectiveKind.OpinionMonitoring)),
            (ReadinessGapCodes.UnservedDirectiveKind, Directive(DirectiveKind.PublicStatement)),
            (ReadinessGapCodes.UnservedDirectiveKind, Directive(DirectiveKind.TechnicalSupport)),
        };
        var expectedWarnings = new (string, GapSubject)[] { (ReadinessGapCodes.NoTrainingCourse, Kind(ResourceKind.TrainingCourse)) }
            .Concat(Staff.Select(p => (ReadinessGapCodes.Untrained, new GapSubject(GapSubjectKind.Person, p.Value))));
        Assert.Equal(expectedErrors.Concat(expectedWarnings), Identities(report));
        Assert.Equal(expectedErrors.Length, report.ErrorCount);
        Assert.Equal(1 + Staff.Count, report.WarningCount);
    }

    [Fact]
    public void Check_ClockMoves_ReportIsAsOfTheClocksTime()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(AsOf);
        var checker = new ReadinessChecker(SeedOrganization, new MatrixAuthorityPolicy(SeedOrganization, AuthorityMatrix.Default), RiskRuleSet.Default, ReadySetup, time);

        time.Advance(TimeSpan.FromDays(400));
        var report = checker.Check();

        Assert.Equal(AsOf.AddDays(400), report.AsOf);
        Assert.All(report.Gaps, g => Assert.Equal(ReadinessGapCodes.TrainingOverdue, g.Code));
        Assert.Equal(Staff.Count, report.Gaps.Count);
    }

    [Fact]
    public void Check_AsOfLateEveningUtc_JudgesTrainingOnTheNextBeijingDay()
    {
        // 2027-03-01 16:30 UTC is 2027-03-02 00:30 in Beijing. A training of 2026-03-01 counts up to 2027-03-01: overdue on
        // the Beijing date, still current on the UTC date.
        var training = new TrainingLog(Staff.Select(p => new TrainingRecord(p, CourseId, new DateOnly(2026, 3, 1))));

        var evening = Checker(ReadySetup.WithTraining(training)).Check(new DateTimeOffset(2027, 3, 1, 16, 30, 0, TimeSpan.Zero));
        var utcChecker = new ReadinessChecker(SeedOrganization, new MatrixAuthorityPolicy(SeedOrganization, AuthorityMatrix.Default), RiskRuleSet.Default, ReadySetup.WithTraining(training), TimeProvider.System, TimeSpan.Zero);
        var utcEvening = utcChecker.Check(new DateTimeOffset(2027, 3, 1, 16, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2027, 3, 2), evening.AsOfDate);
        Assert.All(evening.Gaps, g => Assert.Equal(ReadinessGapCodes.TrainingOverdue, g.Code));
        Assert.NotEmpty(evening.Gaps);
        Assert.Equal(new DateOnly(2027, 3, 1), utcEvening.AsOfDate);
        Assert.Empty(utcEvening.Gaps);
    }

    [Fact]
    public void With_AnotherSetup_ChecksItOverTheSameOrganisation()
    {
        var checker = Checker();

        var report = checker.With(ReadySetup.WithResources(Without(HotlineId))).Check();

        Assert.Same(ReadySetup, checker.Setup);
        AssertGaps(report, (ReadinessGapCodes.MissingChannel, Kind(ResourceKind.Hotline)));
    }

    [Fact]
    public void Constructor_BadArguments_Throw()
    {
        var policy = new MatrixAuthorityPolicy(SeedOrganization, AuthorityMatrix.Default);
        var time = TimeProvider.System;

        Assert.Throws<ArgumentNullException>(() => new ReadinessChecker(null!, policy, RiskRuleSet.Default, ReadySetup, time));
        Assert.Throws<ArgumentNullException>(() => new ReadinessChecker(SeedOrganization, null!, RiskRuleSet.Default, ReadySetup, time));
        Assert.Throws<ArgumentNullException>(() => new ReadinessChecker(SeedOrganization, policy, null!, ReadySetup, time));
        Assert.Throws<ArgumentNullException>(() => new ReadinessChecker(SeedOrganization, policy, RiskRuleSet.Default, null!, time));
        Assert.Throws<ArgumentNullException>(() => new ReadinessChecker(SeedOrganization, policy, RiskRuleSet.Default, ReadySetup, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReadinessChecker(SeedOrganization, policy, RiskRuleSet.Default, ReadySetup, time, TimeSpan.FromHours(15)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReadinessChecker(SeedOrganization, policy, RiskRuleSet.Default, ReadySetup, time, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Gaps_EveryExampleAbove_CoversEveryDocumentedCode()
    {
        // The codes the examples of this class produce, gathered again in one place: each documented code can be emitted.
        var rules = RiskRuleSet.Create("with-logistics", DefaultRiskRules.All, [.. DefaultRiskRules.Categories, Logistics]).AsT0;
        var organization = Scenario.SeedBuilderWithPeople()
            .AddPosition(WellKnownGroups.PetitionHandlingGroup, new PositionId("petition.member.translator"), "Translator", "翻译", GroupRole.Member, required: false)
            .Build().AsT0;
        var overdue = new TrainingLog(FreshTraining.Records.Where(r => r.Person != People.ItSupport).Append(new TrainingRecord(People.ItSupport, CourseId, new DateOnly(2024, 1, 1))));
        var reports = new[]
        {
            Checker(organization: organization, rules: rules, matrix: AuthorityMatrix.Default.With(IncidentAction.ReviewStatement).With(IncidentAction.ApproveStatement, AuthorityGrant.GroupMembers(WellKnownGroups.OpinionMonitoringGroup, GroupRole.Leader))).Check(),
            Check(new ReadinessSetup(Changed(HotlineId, r => r.WithStatus(ResourceStatus.Unavailable)), overdue, CategoryOwnership.Default.With(RiskCategory.DataPrivacy, Ghost))),
            Check(ReadySetup.WithResources(Changed(OnlineId, r => r.WithStatus(ResourceStatus.Degraded)))),
            Check(ReadySetup.WithResources(Changed(FeedbackId, r => r.WithStatus(ResourceStatus.Degraded)))),
            Check(ReadySetup.WithResources(Changed(MonitoringId, r => r.WithStatus(ResourceStatus.Unavailable)))),
            Check(ReadySetup.WithResources(Changed(LegalId, r => r.WithStatus(ResourceStatus.Degraded)))),
            Check(ReadySetup.WithResources(Changed(CourseId, r => new Resource(r.Id, r.Kind, r.Name, Ghost)))),
            Check(ReadinessSetup.Empty),
            new ReadinessChecker(SeedOrganization, new MatrixAuthorityPolicy(SeedOrganization, AuthorityMatrix.Default), RiskRuleSet.Default, ReadySetup, new FakeTimeProvider(AsOf), null, AuditKeyRing.None).Check(),
            WithCalendar(WorkingDayCalendar.China).Check(OnDay(2026, 12, 7)),
            WithCalendar(WorkingDayCalendar.China).Check(OnDay(2026, 11, 1)),
        };

        var emitted = reports.SelectMany(r => r.Gaps).Select(g => g.Code).Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(ReadinessGapCodes.All.Select(c => c.Key).Order(StringComparer.Ordinal), emitted);
    }

    // Refuses one action when a directive of one group (any group, when null) is the target, on every level or on one; asks
    // the inner policy otherwise: a policy that depends on the target group.
    private sealed class RefuseForGroup(IAuthorityPolicy inner, IncidentAction action, GroupId? group, SeverityLevel? level = null) : IAuthorityPolicy
    {
        public AuthorityDecision Authorize(PersonId actor, IncidentAction a, Incident? incident, GroupId? targetGroup = null)
            => a == action && targetGroup is { } target && (group is null || target == group) && (level is null || incident?.Level == level)
                ? AuthorityDecision.Deny(new DomainError("test.refused", "Refused for this group."))
                : inner.Authorize(actor, a, incident, targetGroup);
    }

    // Refuses one action on incidents of one level, and asks the inner policy otherwise: a policy that depends on the incident.
    private sealed class RefuseOnLevel(IAuthorityPolicy inner, IncidentAction action, SeverityLevel level) : IAuthorityPolicy
    {
        public AuthorityDecision Authorize(PersonId actor, IncidentAction a, Incident? incident, GroupId? targetGroup = null)
            => a == action && incident?.Level == level
                ? AuthorityDecision.Deny(new DomainError("test.refused", "Refused on this level."))
                : inner.Authorize(actor, a, incident, targetGroup);
    }

    [Fact]
    public void Check_AuditTrailNotKeyed_WarnsAndAKeyedOneDoesNot()
    {
        var unkeyed = new ReadinessChecker(SeedOrganization, new MatrixAuthorityPolicy(SeedOrganization, AuthorityMatrix.Default), RiskRuleSet.Default, ReadySetup, new FakeTimeProvider(AsOf), null, AuditKeyRing.None).Check();
        var keyed = new ReadinessChecker(SeedOrganization, new MatrixAuthorityPolicy(SeedOrganization, AuthorityMatrix.Default), RiskRuleSet.Default, ReadySetup, new FakeTimeProvider(AsOf), null, new AuditKeyRing([new AuditKey("k1", new byte[32])], "k1")).Check();

        AssertGaps(unkeyed, (ReadinessGapCodes.AuditNotKeyed, new GapSubject(GapSubjectKind.Configuration, "Storage:AuditKeyId")));
        Assert.True(unkeyed.IsReady); // a warning
        Assert.Empty(keyed.Gaps);
    }

    [Fact]
    public void Check_On7December2026WithoutA2027Schedule_IsAnErrorNamingTheYear()
    {
        // Issue 19: three weeks before 2027, with 2026 the last year shipped, the seed company is not ready.
        var report = WithCalendar(WorkingDayCalendar.China).Check(OnDay(2026, 12, 7));

        AssertGaps(report, (ReadinessGapCodes.CalendarYearMissing, new GapSubject(GapSubjectKind.Configuration, "Deadlines:CalendarFiles")));
        var gap = Assert.Single(report.Gaps);
        Assert.Equal(GapSeverity.Error, gap.Severity);
        Assert.Contains("no holiday schedule for 2027", gap.English, StringComparison.Ordinal);
        Assert.Contains("2027 年", gap.Chinese, StringComparison.Ordinal);
        Assert.False(report.IsReady);
    }

    [Theory]
    [InlineData(2026, 11, 1, ReadinessGapCodes.CalendarNextYearMissing)] // from 1 November: a warning
    [InlineData(2026, 11, 2, ReadinessGapCodes.CalendarYearMissing)]     // 1 January 2027 is within 60 days: an error
    [InlineData(2026, 10, 31, null)]
    [InlineData(2026, 3, 2, null)]
    public void Check_CalendarAroundTheTurnOfTheYear_WarnsFrom1NovemberAndErrsWithin60Days(int year, int month, int day, string? code)
    {
        var report = WithCalendar(WorkingDayCalendar.China).Check(OnDay(year, month, day));

        Assert.Equal(code is null ? [] : [code], report.Gaps.Select(g => g.Code));
        Assert.Equal(code != ReadinessGapCodes.CalendarYearMissing, report.IsReady);
    }

    [Fact]
    public void Check_2027Scheduled_NoCalendarGapAndWithKeepsTheCalendar()
    {
        var calendar = WorkingDayCalendar.China.WithSchedules([HolidaySchedule.Create(2027, "test", [new(2027, 1, 1)], []).AsT0]).AsT0;

        var checker = WithCalendar(calendar);

        Assert.Empty(checker.Check(OnDay(2026, 12, 7)).Gaps);
        Assert.Same(calendar, checker.With(ReadySetup).Calendar);
        Assert.Empty(Checker().Check(OnDay(2026, 12, 7)).Gaps); // no calendar given: unchecked
    }

    private static ReadinessChecker WithCalendar(IWorkingDayCalendar calendar)
        => new(SeedOrganization, new MatrixAuthorityPolicy(SeedOrganization, AuthorityMatrix.Default), RiskRuleSet.Default, ReadySetup, new FakeTimeProvider(AsOf), calendar: calendar);

    private static DateTimeOffset OnDay(int year, int month, int day) => new(year, month, day, 9, 0, 0, TimeSpan.FromHours(8));
}
