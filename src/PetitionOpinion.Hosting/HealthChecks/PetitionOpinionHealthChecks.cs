namespace PetitionOpinion.Hosting;

/// <summary>
/// The names and tags of the health checks <c>AddPetitionOpinionChecks</c> registers: map <see cref="ReadyTag"/> to the
/// readiness endpoint and <see cref="LiveTag"/> to the liveness endpoint.
/// </summary>
public static class PetitionOpinionHealthChecks
{
    /// <summary>The tag of the checks that say whether the instance can do its work now (the store, the outbox, the scans, the channels, the audit key): <c>ready</c>.</summary>
    public const string ReadyTag = "ready";

    /// <summary>The tag of the check that says whether the instance's loops still run (restart it if not): <c>live</c>.</summary>
    public const string LiveTag = "live";

    /// <summary>The store answers a query and takes a write (an acknowledgement that changes nothing): <c>petition-opinion.store</c> (unhealthy when either throws).</summary>
    public const string Store = "petition-opinion.store";

    /// <summary>The oldest pending outbox message is younger than <see cref="PetitionOpinionHostingOptions.OutboxAgeThreshold"/>: <c>petition-opinion.outbox</c>.</summary>
    public const string Outbox = "petition-opinion.outbox";

    /// <summary>The last deadline scan completed within <see cref="PetitionOpinionHostingOptions.ScanAgeThreshold"/>: <c>petition-opinion.deadline-scan</c>.</summary>
    public const string DeadlineScan = "petition-opinion.deadline-scan";

    /// <summary>No channel has failed <see cref="PetitionOpinionHostingOptions.ChannelFailureStreak"/> passes in a row: <c>petition-opinion.channels</c> (degraded otherwise).</summary>
    public const string Channels = "petition-opinion.channels";

    /// <summary>An audit key seals new records: <c>petition-opinion.audit-key</c> (degraded otherwise).</summary>
    public const string AuditKey = "petition-opinion.audit-key";

    /// <summary>The working-day calendar has a holiday schedule for the year deadlines run into: <c>petition-opinion.calendar</c> (degraded otherwise).</summary>
    public const string Calendar = "petition-opinion.calendar";

    /// <summary>The hosted loops registered in the container are running: <c>petition-opinion.loops</c>, tagged <see cref="LiveTag"/>.</summary>
    public const string Loops = "petition-opinion.loops";
}
