using PetitionOpinion.Assessment;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;

namespace PetitionOpinion.Tests.Assessment;

/// <summary>Which groups an assessment activates: the opinion monitoring group joins a plain petition by the channel it came through.</summary>
public sealed class GroupsToActivateTests
{
    public static TheoryData<IntakeChannel> Channels => [.. Enum.GetValues<IntakeChannel>()];

    /// <summary>
    /// A petition with no reach, no media coverage and no trending activates the opinion monitoring group exactly when it
    /// came through a public channel (social media, opinion monitoring or the media): each of the three on its own suffices.
    /// </summary>
    [Theory]
    [MemberData(nameof(Channels))]
    public void Assess_PlainPetition_ActivatesOpinionMonitoringExactlyForPublicChannels(IntakeChannel channel)
    {
        var facts = new RiskFacts { Category = RiskCategory.ProductQuality, Kind = IncidentKind.Petition, Channel = channel };
        var isPublicChannel = channel is IntakeChannel.SocialMedia or IntakeChannel.OpinionMonitoring or IntakeChannel.Media;

        var assessment = RiskRuleSet.Default.Assess(facts).AsT0;

        Assert.Equal(SeverityLevel.IV, assessment.Level);
        Assert.Equal(
            isPublicChannel ? [WellKnownGroups.PetitionHandlingGroup, WellKnownGroups.OpinionMonitoringGroup] : [WellKnownGroups.PetitionHandlingGroup],
            assessment.GroupsToActivate);
    }
}
