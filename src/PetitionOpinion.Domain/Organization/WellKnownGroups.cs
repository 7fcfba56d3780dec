namespace PetitionOpinion.Organization;

/// <summary>The ids of the four response groups of the company plan's organisation (组织机构框架); the default template uses them.</summary>
public static class WellKnownGroups
{
    /// <summary>The Petition &amp; Public-Opinion Management Leading Group (领导小组): <c>leading-group</c>.</summary>
    public static GroupId LeadingGroup { get; } = new("leading-group");

    /// <summary>The Petition Handling Group (信访处理小组): <c>petition-handling-group</c>.</summary>
    public static GroupId PetitionHandlingGroup { get; } = new("petition-handling-group");

    /// <summary>The Public-Opinion Monitoring Group (舆情监测小组): <c>opinion-monitoring-group</c>.</summary>
    public static GroupId OpinionMonitoringGroup { get; } = new("opinion-monitoring-group");

    /// <summary>The Logistics Support Group (后勤保障组): <c>logistics-support-group</c>.</summary>
    public static GroupId LogisticsSupportGroup { get; } = new("logistics-support-group");
}
