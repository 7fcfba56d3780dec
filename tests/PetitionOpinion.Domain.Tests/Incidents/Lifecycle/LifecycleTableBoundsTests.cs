using PetitionOpinion.Incidents;

namespace PetitionOpinion.Tests.Incidents.Lifecycle;

/// <summary>
/// <see cref="LifecycleTable"/>'s look-ups on values just outside the declared states and actions (an int cast to the
/// enum, as a stored or foreign value can be): each answers "not allowed" — no target, no action, no guard — and never
/// throws nor answers a neighbour's row.
/// </summary>
public sealed class LifecycleTableBoundsTests
{
    private static readonly LifecycleTable Table = LifecycleTable.Default;

    private static readonly IncidentState PastLastState = (IncidentState)(Enum.GetValues<IncidentState>().Max(s => (int)s) + 1);

    private static readonly IncidentAction PastLastAction = (IncidentAction)(Enum.GetValues<IncidentAction>().Max(a => (int)a) + 1);

    public static TheoryData<IncidentAction> Actions => [.. Enum.GetValues<IncidentAction>()];

    public static TheoryData<IncidentState> States => [.. Enum.GetValues<IncidentState>()];

    /// <summary>A state one past the last declared one (and 0, and −1, before the first) has no transition for any action.</summary>
    [Theory]
    [MemberData(nameof(Actions))]
    public void TargetOf_StateJustOutsideTheDeclaredOnes_IsNull(IncidentAction action)
    {
        Assert.Null(Table.TargetOf(action, PastLastState));
        Assert.Null(Table.TargetOf(action, (IncidentState)0));
        Assert.Null(Table.TargetOf(action, (IncidentState)(-1)));
    }

    /// <summary>An action one past the last declared one (and −1) leads nowhere from any state.</summary>
    [Theory]
    [MemberData(nameof(States))]
    public void TargetOf_ActionJustOutsideTheDeclaredOnes_IsNull(IncidentState state)
    {
        Assert.Null(Table.TargetOf(PastLastAction, state));
        Assert.Null(Table.TargetOf((IncidentAction)(-1), state));
    }

    /// <summary>Both out of range at once: still "not allowed".</summary>
    [Fact]
    public void TargetOf_StateAndActionBothPastTheEnd_IsNull()
        => Assert.Null(Table.TargetOf(PastLastAction, PastLastState));

    /// <summary>The other look-ups answer alike: no action from a state past the end, no guard for an action past the end.</summary>
    [Fact]
    public void ActionsFromAndGuardsOf_ValuesJustPastTheEnd_AreEmpty()
    {
        Assert.True(Table.ActionsFrom(PastLastState).IsEmpty);
        Assert.True(Table.ActionsFrom((IncidentState)(-1)).IsEmpty);
        Assert.Empty(Table.GuardsOf(PastLastAction));
        Assert.Empty(Table.GuardsOf((IncidentAction)(-1)));
    }

    /// <summary>The last declared state and action are inside the table: the boundary is exactly one past them.</summary>
    [Fact]
    public void TargetOf_LastDeclaredStateAndAction_AreLookedUp()
    {
        var lastAction = Enum.GetValues<IncidentAction>().MaxBy(a => (int)a);
        Assert.Equal(IncidentAction.AddNature, lastAction);
        Assert.Equal(IncidentState.Responding, Table.TargetOf(lastAction, IncidentState.Responding));
        Assert.Equal(IncidentState.Dismissed, Enum.GetValues<IncidentState>().MaxBy(s => (int)s));
        Assert.True(Table.ActionsFrom(IncidentState.Dismissed).IsEmpty); // declared, but final
        Assert.NotEmpty(Table.GuardsOf(lastAction));
    }
}
