using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Organization;

/// <summary>The default authority matrix of docs/organization.md over the seed organisation, refusals that change nothing, and a replaced matrix.</summary>
public sealed class AuthorityTests
{
    private readonly Scenario _scenario = new();

    // For each action: who may, and who may not (besides the stranger, whom nobody knows). docs/organization.md.
    public static TheoryData<IncidentAction, string, bool> DefaultMatrix
    {
        get
        {
            var data = new TheoryData<IncidentAction, string, bool>();
            void Rule(IncidentAction action, PersonId[] may, PersonId[] mayNot)
            {
                foreach (var person in may)
                {
                    data.Add(action, person.Value, true);
                }

                foreach (var person in mayNot)
                {
                    data.Add(action, person.Value, false);
                }
            }

            PersonId[] petitionGroup = [People.CustomerServiceManager, People.PetitionDeputy, People.CustomerServiceRep, People.LegalSpecialist];
            PersonId[] notPetitionGroup = [People.GeneralManager, People.MarketingManager, People.HeadOfLegal, People.PrManager, People.OpinionAnalyst, People.ItSupport, People.LogisticsLead, People.Outsider];
            PersonId[] opinionGroup = [People.PrManager, People.OpinionDeputy, People.OpinionAnalyst, People.SocialMediaSpecialist];
            PersonId[] notOpinionGroup = [People.HeadOfPublicRelations, People.GeneralManager, People.CustomerServiceRep, People.LegalConsultant, People.Outsider];
            Rule(IncidentAction.Report, [.. People.Known], []);
            foreach (var action in new[] { IncidentAction.Assess, IncidentAction.Reassess, IncidentAction.IssueDirective, IncidentAction.CancelDirective, IncidentAction.StartResponse, IncidentAction.RecordCommunication, IncidentAction.Resolve, IncidentAction.RequestReview, IncidentAction.Dismiss, IncidentAction.MergeAsDuplicate, IncidentAction.PauseDeadlines, IncidentAction.ResumeDeadlines, IncidentAction.ExtendHandlingTime })
            {
                Rule(action, petitionGroup, notPetitionGroup);
            }

            Rule(IncidentAction.DraftStatement, opinionGroup, notOpinionGroup);
            Rule(IncidentAction.PublishStatement, opinionGroup, notOpinionGroup);
            Rule(IncidentAction.ReviewStatement, [People.HeadOfLegal, People.LegalSpecialist, People.LegalConsultant], [People.PrManager, People.GeneralManager, People.CustomerServiceRep, People.Outsider]);
            Rule(
                IncidentAction.ApproveStatement,
                [People.GeneralManager, People.MarketingManager, People.CustomerServiceManager, People.HeadOfLegal, People.HeadOfPublicRelations, People.HeadOfTechnicalSupport, People.PrManager, People.OpinionDeputy],
                [People.OpinionAnalyst, People.SocialMediaSpecialist, People.CustomerServiceRep, People.LogisticsLead, People.Outsider]);
            Rule(
                IncidentAction.RequestSupport,
                [People.CustomerServiceRep, People.OpinionAnalyst, People.GeneralManager, People.HeadOfTechnicalSupport],
                [People.ItSupport, People.LogisticsLead, People.Outsider]);
            Rule(IncidentAction.FulfilSupport, [People.LogisticsLead, People.ItSupport, People.LegalConsultant], [People.CustomerServiceRep, People.GeneralManager, People.HeadOfTechnicalSupport, People.Outsider]);
            Rule(
                IncidentAction.SubmitClosureReport,
                [People.GeneralManager, People.CustomerServiceManager, People.PrManager, People.LogisticsLead],
                [People.MarketingManager, People.PetitionDeputy, People.OpinionDeputy, People.CustomerServiceRep, People.ItSupport, People.Outsider]);
            Rule(
                IncidentAction.AcceptClosureReport,
                [People.GeneralManager, People.MarketingManager, People.CustomerServiceManager, People.HeadOfLegal, People.HeadOfTechnicalSupport],
                [People.PrManager, People.LogisticsLead, People.CustomerServiceRep, People.PetitionDeputy, People.Outsider]);
            Rule(
                IncidentAction.Reopen,
                [People.CustomerServiceRep, People.LegalSpecialist, People.GeneralManager, People.HeadOfLegal],
                [People.PrManager, People.OpinionAnalyst, People.ItSupport, People.Outsider]);
            Rule(
                IncidentAction.DecideReview,
                [.. petitionGroup, People.GeneralManager, People.MarketingManager, People.HeadOfLegal],
                [People.PrManager, People.OpinionAnalyst, People.ItSupport, People.LogisticsLead, People.Outsider]);

            // Issue 20: a petition that went public (or a petitioner who came forward) is recorded by the petition handling or leading group.
            Rule(
                IncidentAction.AddNature,
                [.. petitionGroup, People.GeneralManager, People.MarketingManager, People.HeadOfLegal],
                [People.PrManager, People.OpinionAnalyst, People.ItSupport, People.LogisticsLead, People.Outsider]);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(DefaultMatrix))]
    public void Authorize_DefaultMatrix_FollowsTheSpecification(IncidentAction action, string actor, bool allowed)
    {
        var incident = _scenario.Drive(IncidentState.Directed);

        var decision = _scenario.Authority.Authorize(new PersonId(actor), action, action == IncidentAction.Report ? null : incident);

        Assert.Equal(allowed, decision.IsAllowed);
        Assert.Equal(allowed ? null : AuthorityErrors.Denied, decision.Denial?.Code);
    }

    [Fact]
    public void DefaultMatrix_EveryAction_IsCoveredByTheSpecificationTable()
    {
        var covered = DefaultMatrix.Select(row => (IncidentAction)row[0]).ToHashSet();

        Assert.All(Enum.GetValues<IncidentAction>().Where(a => a is not (IncidentAction.AcknowledgeDirective or IncidentAction.CompleteDirective)), a => Assert.Contains(a, covered));
        Assert.All(Enum.GetValues<IncidentAction>(), a => Assert.NotEmpty(AuthorityMatrix.Default.For(a)));
    }

    [Theory]
    [InlineData(IncidentAction.Report)]
    [InlineData(IncidentAction.Assess)]
    [InlineData(IncidentAction.AcknowledgeDirective)]
    [InlineData(IncidentAction.AcceptClosureReport)]
    public void Authorize_UnknownOrDefaultActor_ReturnsUnknownActor(IncidentAction action)
    {
        var incident = _scenario.Drive(IncidentState.Directed);

        var stranger = _scenario.Authority.Authorize(People.Stranger, action, incident);
        var nobody = _scenario.Authority.Authorize(default, action, incident);

        Assert.Equal(AuthorityErrors.UnknownActor, stranger.Denial!.Code);
        Assert.Contains("stranger", stranger.Denial.Message, StringComparison.Ordinal);
        Assert.Equal(AuthorityErrors.UnknownActor, nobody.Denial!.Code);
    }

    [Fact]
    public void Report_UnknownActor_CreatesNoIncident()
    {
        var result = _scenario.Lifecycle.Report(Scenario.ReportCommand(actor: People.Stranger));
        var next = _scenario.Report();

        // The refused report did not even take an id: the next report gets the first one.
        Assert.Equal(AuthorityErrors.UnknownActor, result.AsT1.Code);
        Assert.Equal(new SequentialIncidentIds().NewIncidentId(), next.Id);
    }

    [Theory]
    [InlineData("cs-rep", true)]
    [InlineData("legal-specialist", true)]
    [InlineData("cs-manager", true)]
    [InlineData("it-support", false)]
    [InlineData("analyst", false)]
    [InlineData("gm", false)]
    public void AcknowledgeAndComplete_PetitionGroupDirective_OnlyItsMembers(string actor, bool allowed)
    {
        var incident = _scenario.Drive(IncidentState.Directed);
        var person = new PersonId(actor);

        if (allowed)
        {
            _scenario.Do(incident, new AcknowledgeDirective(person, new DirectiveId(1)));
            _scenario.Do(incident, new CompleteDirective(person, new DirectiveId(1), "Done."));
            Assert.Equal(DirectiveStatus.Completed, incident.Directives[0].Status);
        }
        else
        {
            Assert.Equal(AuthorityErrors.Denied, _scenario.Refuse(incident, new AcknowledgeDirective(person, new DirectiveId(1))).Code);
            _scenario.Do(incident, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)));
            Assert.Equal(AuthorityErrors.Denied, _scenario.Refuse(incident, new CompleteDirective(person, new DirectiveId(1), "Done.")).Code);
        }
    }

    [Fact]
    public void AcknowledgeAndComplete_LogisticsDirective_LogisticsMembersButNotThePetitionGroup()
    {
        var incident = _scenario.Drive(IncidentState.Assessed);
        _scenario.Do(incident, _scenario.IssueCommand(WellKnownGroups.LogisticsSupportGroup, DirectiveKind.TechnicalSupport));

        var byIssuer = _scenario.Refuse(incident, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)));
        _scenario.Do(incident, new AcknowledgeDirective(People.ItSupport, new DirectiveId(1)));
        var byAnalyst = _scenario.Refuse(incident, new CompleteDirective(People.OpinionAnalyst, new DirectiveId(1), "Done."));
        _scenario.Do(incident, new CompleteDirective(People.LegalConsultant, new DirectiveId(1), "Done."));

        Assert.Equal(AuthorityErrors.Denied, byIssuer.Code);
        Assert.Equal(AuthorityErrors.Denied, byAnalyst.Code);
        Assert.Equal(DirectiveStatus.Completed, incident.Directives[0].Status);
    }

    [Fact]
    public void Acknowledge_MemberOfAnotherDirectivesGroup_IsDeniedForThisDirective()
    {
        var incident = _scenario.Drive(IncidentState.Directed);
        _scenario.Do(incident, _scenario.IssueCommand(WellKnownGroups.LogisticsSupportGroup));

        var error = _scenario.Refuse(incident, new AcknowledgeDirective(People.ItSupport, new DirectiveId(1)));

        Assert.Equal(AuthorityErrors.Denied, error.Code);
    }

    [Fact]
    public void Authorize_AssigneeActionsWithoutIncidentOrTarget_AreDenied()
    {
        Assert.False(_scenario.Authority.Authorize(People.ItSupport, IncidentAction.AcknowledgeDirective, null).IsAllowed);
        Assert.True(_scenario.Authority.Authorize(People.ItSupport, IncidentAction.AcknowledgeDirective, null, WellKnownGroups.LogisticsSupportGroup).IsAllowed);
        Assert.False(_scenario.Authority.Authorize(People.ItSupport, IncidentAction.AcknowledgeDirective, null, WellKnownGroups.LeadingGroup).IsAllowed);
    }

    [Fact]
    public void AuthorizedActions_FollowTheMatrixAndDirectivesTheActorCanActOn()
    {
        var incident = _scenario.Drive(IncidentState.Assessed);

        var before = _scenario.Authority.AuthorizedActions(People.ItSupport, incident);
        _scenario.Do(incident, _scenario.IssueCommand(WellKnownGroups.LogisticsSupportGroup));
        var after = _scenario.Authority.AuthorizedActions(People.ItSupport, incident);

        Assert.Equal([IncidentAction.Report, IncidentAction.FulfilSupport], before.ToArray());
        Assert.Equal([IncidentAction.Report, IncidentAction.AcknowledgeDirective, IncidentAction.FulfilSupport], after.ToArray());
        _scenario.Do(incident, new AcknowledgeDirective(People.ItSupport, new DirectiveId(1)));
        Assert.Equal([IncidentAction.Report, IncidentAction.CompleteDirective, IncidentAction.FulfilSupport], _scenario.Authority.AuthorizedActions(People.ItSupport, incident).ToArray());
        Assert.True(_scenario.Authority.AuthorizedActions(People.Stranger, incident).IsEmpty);
        Assert.Equal([IncidentAction.Report], _scenario.Authority.AuthorizedActions(People.Outsider, incident).ToArray());
        Assert.Throws<ArgumentNullException>(() => _scenario.Authority.AuthorizedActions(People.Outsider, null!));
    }

    [Fact]
    public void Execute_ActorWithoutTheRole_IsDeniedAndNothingChanges()
    {
        var incident = _scenario.Drive(IncidentState.Responding);

        var error = _scenario.Refuse(incident, new ResolveIncident(People.PrManager, "Done."));

        Assert.Equal(AuthorityErrors.Denied, error.Code);
        Assert.Contains("pr-manager", error.Message, StringComparison.Ordinal);
        Assert.Contains("Resolve", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReplacedMatrix_ThroughOptionsGrant_ChangesWhoMayResolve()
    {
        var options = new PetitionOpinionOptions().Grant(IncidentAction.Resolve, AuthorityGrant.GroupMembers(WellKnownGroups.LeadingGroup, GroupRole.Leader));
        var scenario = new Scenario(options.BuildAuthorityMatrix(Scenario.SeedOrganization()).AsT0);
        var first = scenario.Drive(IncidentState.Responding);

        var byPetitionGroup = scenario.Refuse(first, new ResolveIncident(People.CustomerServiceManager, "Done."));
        scenario.Do(first, new ResolveIncident(People.GeneralManager, "Done."));

        Assert.Equal(AuthorityErrors.Denied, byPetitionGroup.Code);
        Assert.Contains("group:leading-group:leader", byPetitionGroup.Message, StringComparison.Ordinal);
        Assert.Equal(IncidentState.Resolved, first.State);
        Assert.Equal(["group:leading-group:leader"], options.Authority["Resolve"]);
    }

    [Fact]
    public void ReplacedMatrix_ThroughTheAuthorityDictionary_ChangesWhoMayDismiss()
    {
        var options = new PetitionOpinionOptions();
        options.Authority["dismiss"] = ["department:Legal", "group:opinion-monitoring-group:leader"];
        var scenario = new Scenario(options.BuildAuthorityMatrix().AsT0);

        var byRep = scenario.Refuse(scenario.Report(), new DismissIncident(People.CustomerServiceRep, "Out of scope."));
        var byLegal = scenario.Lifecycle.Execute(scenario.Report(), new DismissIncident(People.HeadOfLegal, "Out of scope."));
        var byPrManager = scenario.Lifecycle.Execute(scenario.Report(), new DismissIncident(People.PrManager, "Out of scope."));

        Assert.Equal(AuthorityErrors.Denied, byRep.Code);
        Assert.True(byLegal.IsT0);
        Assert.True(byPrManager.IsT0);
    }

    [Fact]
    public void ReplacedMatrix_NobodyGranted_DeniesEveryone()
    {
        var scenario = new Scenario(AuthorityMatrix.Default.With(IncidentAction.Report));

        var error = scenario.Lifecycle.Report(Scenario.ReportCommand()).AsT1;

        Assert.Equal(AuthorityErrors.Denied, error.Code);
        Assert.Contains("nobody", error.Message, StringComparison.Ordinal);
        Assert.Empty(scenario.Matrix.For(IncidentAction.Report));
        Assert.NotEmpty(AuthorityMatrix.Default.For(IncidentAction.Report));
    }

    [Fact]
    public void ReplacedMatrix_AssigneeGrantOnAnotherAction_AllowsTheAssignee()
    {
        var matrix = AuthorityMatrix.Default.With(IncidentAction.RecordCommunication, AuthorityGrant.AssigneeGroup);
        var scenario = new Scenario(matrix);
        var incident = scenario.Drive(IncidentState.Responding);
        scenario.Do(incident, scenario.IssueCommand(WellKnownGroups.OpinionMonitoringGroup));

        scenario.Do(incident, new RecordCommunication(People.OpinionAnalyst, IntakeChannel.SocialMedia, "Replied on Weibo.", "Calmer."));
        var byRep = scenario.Refuse(incident, new RecordCommunication(People.CustomerServiceRep, IntakeChannel.Hotline, "Called.", "Fine."));

        Assert.Equal(AuthorityErrors.Denied, byRep.Code);
    }

    [Fact]
    public void Matrix_With_RejectsBadArguments()
    {
        Assert.ThrowsAny<ArgumentException>(() => AuthorityMatrix.Default.With((IncidentAction)99, AuthorityGrant.Anyone));
        Assert.Throws<ArgumentNullException>(() => AuthorityMatrix.Default.With(IncidentAction.Report, (IEnumerable<AuthorityGrant>)null!));
        Assert.Throws<ArgumentException>(() => AuthorityMatrix.Default.With(IncidentAction.Report, [null!]));
        Assert.Throws<ArgumentNullException>(() => new MatrixAuthorityPolicy(null!, AuthorityMatrix.Default));
        Assert.Throws<ArgumentNullException>(() => new MatrixAuthorityPolicy(_scenario.Organization, null!));
        Assert.Throws<ArgumentNullException>(() => AuthorityDecision.Deny(null!));
        Assert.Empty(AuthorityMatrix.Default.For((IncidentAction)99));
    }

    [Fact]
    public void Options_GrantWithBadArguments_Throws()
    {
        var options = new PetitionOpinionOptions();

        Assert.ThrowsAny<ArgumentException>(() => options.Grant((IncidentAction)99, AuthorityGrant.Anyone));
        Assert.Throws<ArgumentNullException>(() => options.Grant(IncidentAction.Report, (IEnumerable<AuthorityGrant>)null!));
        Assert.Throws<ArgumentException>(() => options.Grant(IncidentAction.Report, [null!]));
        Assert.Throws<ArgumentNullException>(() => options.ConfigureOrganization(null!));
        Assert.Empty(options.Authority);
    }
}
