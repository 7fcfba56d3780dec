using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Tests.Properties;

/// <summary>
/// Checks that the scenario generator feeds the properties what they need: sequences that reach every state (a
/// property that never sees Closed proves nothing about Closed) and a healthy mix of accepted and refused actions.
/// </summary>
public sealed class LifecycleArbitrariesTests(ITestOutputHelper output)
{
    [Fact]
    public void ScenarioGen_ThousandScenarios_ReachEveryStateAndMixAcceptedWithRefusedActions()
    {
        // A fixed seed: the test checks the generator's distribution, not luck.
        var scenarios = LifecycleArbitraries.ScenarioGen().Sample(1_000, new Rnd(20260302UL), 50).ToArray();
        var reached = Enum.GetValues<IncidentState>().ToDictionary(s => s, _ => 0);
        var refusedReports = 0;
        var accepted = 0;
        var refused = 0;
        var actions = new HashSet<IncidentAction>();
        foreach (var scenario in scenarios)
        {
            var model = IncidentModel.Report(scenario.Report);
            if (model is null)
            {
                refusedReports++;
                continue;
            }

            var states = new HashSet<IncidentState> { model.State };
            var now = LifecycleArbitraries.Start;
            foreach (var step in scenario.Steps)
            {
                now += LifecycleArbitraries.Tick;
                actions.Add(step.Action);
                if (model.Try(step, now).Accepted)
                {
                    accepted++;
                    states.Add(model.State);
                }
                else
                {
                    refused++;
                }
            }

            foreach (var state in states)
            {
                reached[state]++;
            }
        }

        var summary = $"reached {string.Join(", ", reached.Select(r => $"{r.Key}={r.Value}"))}; accepted {accepted}, refused {refused}, refused reports {refusedReports}";
        output.WriteLine(summary);
        Assert.True(scenarios.All(s => s.Steps.Length is >= 1 and <= LifecycleArbitraries.MaxSteps), summary);
        Assert.True(reached[IncidentState.Responding] >= 450, summary);
        Assert.True(reached[IncidentState.Resolved] >= 350, summary);
        Assert.True(reached[IncidentState.Closed] >= 300, summary);
        Assert.True(reached[IncidentState.Dismissed] >= 150, summary);
        Assert.True(refusedReports is >= 5 and <= 100, summary);
        Assert.True(accepted >= refused / 2 && refused >= accepted / 4, summary);
        Assert.Equal(Enum.GetValues<IncidentAction>().Where(a => a != IncidentAction.Report).Order(), actions.Order());
    }

    [Fact]
    public void Shrink_AScenario_YieldsShorterScenariosWithTheSameReportAndStepsInOrder()
    {
        var scenario = LifecycleArbitraries.ScenarioGen().Sample(20, new Rnd(7UL), 50).First(s => s.Steps.Length >= 4);

        var shrunk = LifecycleArbitraries.Shrink(scenario).ToArray();

        Assert.NotEmpty(shrunk);
        Assert.All(shrunk, s =>
        {
            Assert.Same(scenario.Report, s.Report);
            Assert.True(s.Steps.Length < scenario.Steps.Length);
            Assert.True(IsSubsequence(s.Steps, scenario.Steps));
        });
        Assert.Contains(shrunk, s => s.Steps.Length == scenario.Steps.Length - 1);
    }

    private static bool IsSubsequence(IReadOnlyList<LifecycleStep> part, IReadOnlyList<LifecycleStep> whole)
    {
        var j = 0;
        foreach (var step in whole)
        {
            if (j < part.Count && ReferenceEquals(part[j], step))
            {
                j++;
            }
        }

        return j == part.Count;
    }
}
