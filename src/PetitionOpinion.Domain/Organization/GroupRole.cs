namespace PetitionOpinion.Organization;

/// <summary>A person's role (职务) within a response group.</summary>
public enum GroupRole
{
    /// <summary>Member (成员).</summary>
    Member = 0,

    /// <summary>Deputy leader (副组长).</summary>
    DeputyLeader = 1,

    /// <summary>Leader (组长). Every group needs one.</summary>
    Leader = 2,
}
