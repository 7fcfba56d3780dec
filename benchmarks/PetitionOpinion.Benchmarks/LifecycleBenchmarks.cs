using System.Collections.Frozen;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;

namespace PetitionOpinion.Benchmarks;

/// <summary>
/// <see cref="IncidentLifecycle"/> against the same lifecycle modelled with Stateless (the baseline of each category):
/// one transition including its recorded event, and the permitted-actions query. See <c>benchmarks/README.md</c>.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class LifecycleBenchmarks
{
    /// <summary>
    /// Both sides keep every event they record (the aggregate in its history, Stateless in its list). Left to grow, those
    /// lists would keep millions of events alive and the benchmark would measure the garbage collector promoting them, so
    /// every this many invocations (2 × this many transitions) each side starts again: the aggregate is rebuilt from the
    /// events of a Responding incident (about a quarter of a microsecond, see the Rebuild category, so under 1 ns per
    /// transition) and the Stateless list is cleared. Pending events need no clearing: they are the tail of the history.
    /// </summary>
    private const int ResetEvery = 256;
    private const string Summary = "The customer accepted the apology and the compensation.";
    private const string Reason = "The customer disputes the result.";

    private BenchmarkWorld _world = null!;
    private IncidentLifecycle _lifecycle = null!;
    private Incident _incident = null!;
    private Incident _query = null!;
    private StatelessIncident _stateless = null!;
    private StatelessIncident _statelessQuery = null!;
    private ResolveIncident _resolve = null!;
    private ReopenIncident _reopen = null!;
    private PersonId _actor;
    private int _invocations;
    private int _statelessInvocations;

    [GlobalSetup]
    public void Setup()
    {
        _world = new BenchmarkWorld();
        _lifecycle = _world.Lifecycle;
        _actor = BenchmarkWorld.CustomerServiceManager;
        _resolve = new ResolveIncident(_actor, Summary);
        _reopen = new ReopenIncident(_actor, Reason);
        _incident = _world.NewRespondingIncident();
        _query = _world.NewRespondingIncident();
        _stateless = NewStatelessIncident();
        _statelessQuery = NewStatelessIncident();
        CheckBothModelsAgree();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 2)]
    [BenchmarkCategory("Transition")]
    public IncidentState Stateless_Fire_ResolveThenReopen()
    {
        _stateless.Fire(IncidentAction.Resolve, _actor, Summary);
        _stateless.Fire(IncidentAction.Reopen, _actor, Reason);
        if (++_statelessInvocations == ResetEvery)
        {
            _statelessInvocations = 0;
            _stateless.ClearEvents();
        }

        return _stateless.State;
    }

    [Benchmark(OperationsPerInvoke = 2)]
    [BenchmarkCategory("Transition")]
    public IncidentState Lifecycle_Execute_ResolveThenReopen()
    {
        var resolved = _lifecycle.Execute(_incident, _resolve);
        var reopened = _lifecycle.Execute(_incident, _reopen);
        if (resolved.IsT1 || reopened.IsT1)
        {
            throw new InvalidOperationException($"The benchmark's transition was refused: {(resolved.IsT1 ? resolved.AsT1 : reopened.AsT1)}");
        }

        if (++_invocations == ResetEvery)
        {
            _invocations = 0;
            _incident = _world.NewRespondingIncident();
        }

        return _incident.State;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("PermittedActions")]
    public uint Stateless_PermittedTriggers()
    {
        uint bits = 0;
        foreach (var trigger in _statelessQuery.PermittedTriggers())
        {
            bits |= 1u << (int)trigger;
        }

        return bits;
    }

    // Stateless 5.20's PermittedTriggers runs its asynchronous twin on the thread pool, which is most of its cost; asking
    // CanFire of every trigger is the fastest synchronous way to the same answer, measured so the comparison is fair.
    [Benchmark]
    [BenchmarkCategory("PermittedActions")]
    public uint Stateless_CanFire_EachTrigger() => _statelessQuery.PermittedTriggersByCanFire();

    [Benchmark]
    [BenchmarkCategory("PermittedActions")]
    public ActionSet Lifecycle_PermittedActions() => _lifecycle.PermittedActions(_query);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("PermittedActionsForActor")]
    public int Stateless_PermittedTriggers_ForActor() => _statelessQuery.PermittedTriggers(_actor).Length;

    [Benchmark]
    [BenchmarkCategory("PermittedActionsForActor")]
    public ActionSet Lifecycle_PermittedActions_ForActor() => _lifecycle.PermittedActions(_query, _actor);

    // What the transition benchmark pays every ResetEvery invocations (2 × ResetEvery transitions) to start afresh.
    [Benchmark]
    [BenchmarkCategory("Rebuild")]
    public Incident Incident_FromHistory_Responding() => _world.NewRespondingIncident();

    private StatelessIncident NewStatelessIncident()
    {
        var leadingGroup = _world.Organization.People.Select(p => p.Id).Where(p => _world.Organization.IsMemberOf(p, WellKnownGroups.LeadingGroup)).ToFrozenSet();
        return new StatelessIncident(
            _query.Id,
            _query.Kind,
            _query.Level ?? throw new InvalidOperationException("The benchmark incident is not assessed."),
            _query.State,
            StatelessIncident.PermissionsOf(_world.Organization, _world.Authority),
            leadingGroup,
            _world.Time);
    }

    // A benchmark of two models is only fair if they are the same model: check that they answer alike where it is measured.
    private void CheckBothModelsAgree()
    {
        Expect(ActionSet.Of([.. _statelessQuery.PermittedTriggers()]), _lifecycle.PermittedActions(_query), "permitted actions in Responding");
        Expect(SetOf(_statelessQuery.PermittedTriggersByCanFire()), _lifecycle.PermittedActions(_query), "permitted actions in Responding (CanFire)");
        Expect(ActionSet.Of(_statelessQuery.PermittedTriggers(_actor)), _lifecycle.PermittedActions(_query, _actor), "permitted actions in Responding for the actor");

        var incident = _world.NewRespondingIncident();
        var stateless = NewStatelessIncident();
        _lifecycle.Execute(incident, _resolve);
        stateless.Fire(IncidentAction.Resolve, _actor, Summary);
        Expect(ActionSet.Of([.. stateless.PermittedTriggers()]), _lifecycle.PermittedActions(incident), "permitted actions in Resolved");
        _lifecycle.Execute(incident, _reopen);
        stateless.Fire(IncidentAction.Reopen, _actor, Reason);
        if (incident.State != IncidentState.Responding || stateless.State != IncidentState.Responding || incident.PendingEvents.Count != 2 || stateless.Events.Count != 2)
        {
            throw new InvalidOperationException("Resolve then reopen does not record two events and return to Responding in both models.");
        }

        var denied = BenchmarkWorld.ItSupport;
        Expect(ActionSet.Of(stateless.PermittedTriggers(denied)), _lifecycle.PermittedActions(incident, denied), "permitted actions for someone outside the petition handling group");
    }

    private static ActionSet SetOf(uint bits) => ActionSet.Of([.. Enum.GetValues<IncidentAction>().Where(a => (bits & (1u << (int)a)) != 0)]);

    private static void Expect(ActionSet stateless, ActionSet lifecycle, string what)
    {
        if (stateless != lifecycle)
        {
            throw new InvalidOperationException($"The Stateless model and IncidentLifecycle disagree on the {what}: {stateless} vs {lifecycle}.");
        }
    }
}
