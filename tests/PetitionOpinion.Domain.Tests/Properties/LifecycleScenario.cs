using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Tests.Properties;

/// <summary>One step of a scenario: an action on the incident under test.</summary>
public abstract record LifecycleStep
{
    /// <summary>Gets who acts.</summary>
    public abstract PersonId Actor { get; }

    /// <summary>Gets the lifecycle action.</summary>
    public abstract IncidentAction Action { get; }
}

/// <summary>A step run with <see cref="IncidentLifecycle.Execute"/>.</summary>
/// <param name="Command">The command.</param>
public sealed record CommandStep(IncidentCommand Command) : LifecycleStep
{
    /// <inheritdoc/>
    public override PersonId Actor => Command.Actor;

    /// <inheritdoc/>
    public override IncidentAction Action => Command.Action;

    /// <inheritdoc/>
    public override string ToString() => LifecycleScenario.Describe(Command);
}

/// <summary>A step that merges the incident under test into a second, open incident as its duplicate.</summary>
/// <param name="Command">The merge.</param>
public sealed record MergeStep(MergeAsDuplicate Command) : LifecycleStep
{
    /// <inheritdoc/>
    public override PersonId Actor => Command.Actor;

    /// <inheritdoc/>
    public override IncidentAction Action => IncidentAction.MergeAsDuplicate;

    /// <inheritdoc/>
    public override string ToString() => LifecycleScenario.Describe(Command);
}

/// <summary>A generated scenario: the report that opens the incident, then the actions tried on it, valid or not.</summary>
/// <remarks>FsCheck prints <see cref="ToString"/> for a counterexample, so it lists every step with its number.</remarks>
public sealed partial class LifecycleScenario
{
    /// <summary>Initializes a new instance of the <see cref="LifecycleScenario"/> class.</summary>
    /// <param name="report">The report.</param>
    /// <param name="steps">The steps.</param>
    public LifecycleScenario(ReportIncident report, ImmutableArray<LifecycleStep> steps)
    {
        Report = report;
        Steps = steps;
    }

    /// <summary>Gets the report that opens the incident (it may itself be refused).</summary>
    public ReportIncident Report { get; }

    /// <summary>Gets the steps, in order.</summary>
    public ImmutableArray<LifecycleStep> Steps { get; }

    /// <summary>Describes a command with long texts abbreviated.</summary>
    /// <param name="command">The command.</param>
    /// <returns>The description.</returns>
    public static string Describe(object command)
    {
        var text = command switch
        {
            SubmitClosureReport { Report: { } r } c => $"SubmitClosureReport {{ Actor = {c.Actor}, Summary = {r.Summary ?? "null"}, "
                + $"Causes = [{(r.Causes is null ? "null" : string.Join(", ", r.Causes))}], "
                + $"Improvements = [{(r.Improvements is null ? "null" : string.Join(", ", r.Improvements))}], "
                + $"Lessons = [{(r.Lessons is null ? "null" : string.Join(", ", r.Lessons))}] }}",
            _ => command.ToString() ?? string.Empty,
        };
        text = text.Replace("Actor = ,", "Actor = <default>,", StringComparison.Ordinal).Replace("Owner = ,", "Owner = <default>,", StringComparison.Ordinal);
        return RepeatedCharacters().Replace(text, m => $"'{m.Value[0]}'x{m.Length}");
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("report: ").Append(Describe(Report)).Append('\n');
        for (var i = 0; i < Steps.Length; i++)
        {
            text.Append("step ").Append(i).Append(": ").Append(Steps[i]).Append('\n');
        }

        return text.ToString();
    }

    [GeneratedRegex("(.)\\1{15,}")]
    private static partial Regex RepeatedCharacters();
}
