namespace PetitionOpinion.Organization;

/// <summary>Ready-made organisations.</summary>
public static class OrganizationTemplates
{
    /// <summary>The position ids of <see cref="Seed"/>, for <see cref="OrganizationBuilder.Assign"/>.</summary>
    public static class SeedPositions
    {
        /// <summary>Leading group leader: the General Manager.</summary>
        public static PositionId GeneralManager { get; } = new("leading.leader");

        /// <summary>Leading group deputy: the Marketing Department Manager.</summary>
        public static PositionId MarketingManager { get; } = new("leading.deputy.marketing");

        /// <summary>Leading group deputy: the Customer Service Department Manager.</summary>
        public static PositionId CustomerServiceManagerDeputy { get; } = new("leading.deputy.customer-service");

        /// <summary>Leading group member: the head of the Legal department.</summary>
        public static PositionId HeadOfLegal { get; } = new("leading.member.legal");

        /// <summary>Leading group member: the head of Public Relations.</summary>
        public static PositionId HeadOfPublicRelations { get; } = new("leading.member.public-relations");

        /// <summary>Leading group member: the head of Technical Support.</summary>
        public static PositionId HeadOfTechnicalSupport { get; } = new("leading.member.technical-support");

        /// <summary>Petition handling group leader: the Customer Service Department Manager.</summary>
        public static PositionId PetitionHandlingLeader { get; } = new("petition.leader");

        /// <summary>Petition handling group deputy: a Marketing Specialist.</summary>
        public static PositionId PetitionHandlingDeputy { get; } = new("petition.deputy");

        /// <summary>Petition handling group members: customer service representatives.</summary>
        public static PositionId CustomerServiceRepresentatives { get; } = new("petition.member.customer-service");

        /// <summary>Petition handling group members: legal specialists.</summary>
        public static PositionId LegalSpecialists { get; } = new("petition.member.legal");

        /// <summary>Opinion monitoring group leader: the Public Relations Department Manager.</summary>
        public static PositionId OpinionMonitoringLeader { get; } = new("opinion.leader");

        /// <summary>Opinion monitoring group deputy: a Marketing Specialist.</summary>
        public static PositionId OpinionMonitoringDeputy { get; } = new("opinion.deputy");

        /// <summary>Opinion monitoring group members: public-opinion analysts.</summary>
        public static PositionId OpinionAnalysts { get; } = new("opinion.member.analyst");

        /// <summary>Opinion monitoring group members: social-media specialists.</summary>
        public static PositionId SocialMediaSpecialists { get; } = new("opinion.member.social-media");

        /// <summary>Logistics support group leader (the plan names the group but not its members).</summary>
        public static PositionId LogisticsLeader { get; } = new("logistics.leader");

        /// <summary>Logistics support group members: IT support.</summary>
        public static PositionId ItSupport { get; } = new("logistics.member.it-support");

        /// <summary>Logistics support group members: legal consultation.</summary>
        public static PositionId LegalConsultation { get; } = new("logistics.member.legal");
    }

    /// <summary>
    /// The company plan's organisation (组织机构框架, <c>docs/organization.md</c>): the leading, petition handling, opinion monitoring and
    /// logistics support groups with their positions and duties, every position vacant. Add people and
    /// <see cref="OrganizationBuilder.Assign"/> them (see <see cref="SeedPositions"/>); add groups and positions of your own.
    /// </summary>
    /// <returns>A new builder holding the template.</returns>
    public static OrganizationBuilder Seed()
    {
        return new OrganizationBuilder()
            .AddGroup(
                WellKnownGroups.LeadingGroup,
                "Petition & Public-Opinion Management Leading Group",
                "信访舆情管理领导小组",
                "Direct all petition and public-opinion management work (全面指挥信访舆情管理工作).",
                "Set the response strategy (制定应对策略).",
                "Coordinate the departments' resources (协调各部门资源).",
                "Ensure information is passed on in time and accurately (确保信息及时准确传递).")
            .AddPosition(WellKnownGroups.LeadingGroup, SeedPositions.GeneralManager, "General Manager", "总经理", GroupRole.Leader, Departments.GeneralManagement)
            .AddPosition(WellKnownGroups.LeadingGroup, SeedPositions.MarketingManager, "Marketing Department Manager", "市场部经理", GroupRole.DeputyLeader, Departments.Marketing)
            .AddPosition(WellKnownGroups.LeadingGroup, SeedPositions.CustomerServiceManagerDeputy, "Customer Service Department Manager", "客服部经理", GroupRole.DeputyLeader, Departments.CustomerService)
            .AddPosition(WellKnownGroups.LeadingGroup, SeedPositions.HeadOfLegal, "Head of Legal", "法务部负责人", GroupRole.Member, Departments.Legal)
            .AddPosition(WellKnownGroups.LeadingGroup, SeedPositions.HeadOfPublicRelations, "Head of Public Relations", "公关部负责人", GroupRole.Member, Departments.PublicRelations)
            .AddPosition(WellKnownGroups.LeadingGroup, SeedPositions.HeadOfTechnicalSupport, "Head of Technical Support", "技术支持部负责人", GroupRole.Member, Departments.TechnicalSupport)
            .AddGroup(
                WellKnownGroups.PetitionHandlingGroup,
                "Petition Handling Group",
                "信访处理小组",
                "Receive and handle petition events (接收并处理信访事件).",
                "Feed the handling result back in time (及时反馈处理结果).",
                "Maintain the customer relationship (维护客户关系).")
            .AddPosition(WellKnownGroups.PetitionHandlingGroup, SeedPositions.PetitionHandlingLeader, "Customer Service Department Manager", "客服部经理", GroupRole.Leader, Departments.CustomerService)
            .AddPosition(WellKnownGroups.PetitionHandlingGroup, SeedPositions.PetitionHandlingDeputy, "Marketing Specialist", "市场专员", GroupRole.DeputyLeader, Departments.Marketing)
            .AddPosition(WellKnownGroups.PetitionHandlingGroup, SeedPositions.CustomerServiceRepresentatives, "Customer Service Representative", "客服代表", GroupRole.Member, Departments.CustomerService)
            .AddPosition(WellKnownGroups.PetitionHandlingGroup, SeedPositions.LegalSpecialists, "Legal Specialist", "法务专员", GroupRole.Member, Departments.Legal)
            .AddGroup(
                WellKnownGroups.OpinionMonitoringGroup,
                "Public-Opinion Monitoring Group",
                "舆情监测小组",
                "Monitor public-opinion dynamics (监测舆情动态).",
                "Analyse trends (分析舆情走势).",
                "Report to the Leading Group in time (及时向领导小组报告).")
            .AddPosition(WellKnownGroups.OpinionMonitoringGroup, SeedPositions.OpinionMonitoringLeader, "Public Relations Department Manager", "公关部经理", GroupRole.Leader, Departments.PublicRelations)
            .AddPosition(WellKnownGroups.OpinionMonitoringGroup, SeedPositions.OpinionMonitoringDeputy, "Marketing Specialist", "市场专员", GroupRole.DeputyLeader, Departments.Marketing)
            .AddPosition(WellKnownGroups.OpinionMonitoringGroup, SeedPositions.OpinionAnalysts, "Public-Opinion Analyst", "舆情分析师", GroupRole.Member, Departments.PublicRelations)
            .AddPosition(WellKnownGroups.OpinionMonitoringGroup, SeedPositions.SocialMediaSpecialists, "Social Media Specialist", "社交媒体专员", GroupRole.Member, Departments.PublicRelations)
            .AddGroup(
                WellKnownGroups.LogisticsSupportGroup,
                "Logistics Support Group",
                "后勤保障组",
                "Provide IT support during the response (应急响应期间提供技术支持).",
                "Provide legal consultation (提供法律咨询).")
            .AddPosition(WellKnownGroups.LogisticsSupportGroup, SeedPositions.LogisticsLeader, "Logistics Support Lead", "后勤保障组组长", GroupRole.Leader, Departments.TechnicalSupport)
            .AddPosition(WellKnownGroups.LogisticsSupportGroup, SeedPositions.ItSupport, "IT Support", "技术支持", GroupRole.Member, Departments.TechnicalSupport)
            .AddPosition(WellKnownGroups.LogisticsSupportGroup, SeedPositions.LegalConsultation, "Legal Consultation", "法律咨询", GroupRole.Member, Departments.Legal);
    }
}
