namespace PetitionOpinion.Incidents;

/// <summary>What the deadline scanner raised about a deadline.</summary>
public enum DeadlineAlertKind
{
    /// <summary>The deadline passed a warning point (50% or 75% of its time by default) and is not met.</summary>
    Warning = 1,

    /// <summary>The deadline passed without being met: the responsible group's leader is told (one step up).</summary>
    Breach = 2,

    /// <summary>The deadline is still not met at the escalation point after the breach: the leading group is told.</summary>
    Escalation = 3,
}
