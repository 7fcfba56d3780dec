namespace PetitionOpinion.Monitoring;

/// <summary>The codes of the <see cref="DomainError"/>s of opinion monitoring.</summary>
public static class MonitoringErrors
{
    /// <summary>
    /// A saved monitor state cannot be restored: it is not one (wrong format or checksum), was written by another version of
    /// the detector, or with a different window or number of baseline days. The topic then starts afresh.
    /// </summary>
    public const string CheckpointUnreadable = "monitoring.checkpoint_unreadable";
}
