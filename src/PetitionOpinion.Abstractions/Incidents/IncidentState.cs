namespace PetitionOpinion.Incidents;

/// <summary>Where an incident is in its lifecycle (the plan's emergency handling process, 应急处置流程; <c>docs/lifecycle.md</c>).</summary>
public enum IncidentState
{
    /// <summary>Identified and reported (识别与报告).</summary>
    Reported = 1,

    /// <summary>Assessed: level, scope and potential risk known (评估).</summary>
    Assessed = 2,

    /// <summary>Directives issued to the departments (指令下达).</summary>
    Directed = 3,

    /// <summary>The emergency response is under way (应急响应).</summary>
    Responding = 4,

    /// <summary>Handled; awaiting the closure report (处置完毕).</summary>
    Resolved = 5,

    /// <summary>Closed with an accepted closure report (总结上报).</summary>
    Closed = 6,

    /// <summary>Dismissed as out of scope, or merged into another incident as its duplicate.</summary>
    Dismissed = 7,
}
