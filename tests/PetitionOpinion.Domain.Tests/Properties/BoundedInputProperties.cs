using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PetitionOpinion.Incidents;
using Staff = PetitionOpinion.Tests.Properties.LifecycleStaff;

namespace PetitionOpinion.Tests.Properties;

/// <summary>
/// Issue 17 §4, "bounded input": any command — arbitrary strings (control, surrogate, bidirectional and invisible
/// characters, empty, null, far too long), numbers (negative, huge), instants (the ends of <see cref="DateTimeOffset"/>),
/// undefined enum values, lists of any size with null items — run on an incident in any state reached by a random
/// scenario, returns events or a <see cref="DomainError"/> with a code, and never throws.
/// </summary>
public sealed class BoundedInputProperties
{
    // About 3 s: each case also replays a random scenario to reach its state.
    private const int Cases = 1_000;

    [Property(MaxTest = Cases, Arbitrary = new[] { typeof(WildArbitraries) })]
    public void Execute_ArbitraryCommandsOnAnIncidentInAnyState_ReturnEventsOrAnErrorAndNeverThrow(WildCase c)
    {
        var run = new LifecycleRun(c.Scenario);
        if (run.Incident is not { } incident)
        {
            return;
        }

        for (var i = 0; i < run.StepCount; i++)
        {
            run.Execute(i);
        }

        foreach (var step in c.Steps)
        {
            var version = incident.Version;
            var error = step switch
            {
                WildCommand w => run.Lifecycle.Execute(incident, w.Command).Match<DomainError?>(events => events.Count > 0 ? null : new DomainError("test.no_events", "Accepted, but recorded nothing."), e => e),
                WildMerge m => run.Lifecycle.MergeAsDuplicate(incident, run.Original, m.Command).Match<DomainError?>(_ => null, e => e),
                WildReport r => run.Lifecycle.Report(r.Command).Match<DomainError?>(_ => null, e => e),
                _ => throw new ArgumentException($"Unknown step {step}."),
            };

            if (error is not null && !(error.Code.StartsWith("validation.", StringComparison.Ordinal) || error.Code.StartsWith("incident.", StringComparison.Ordinal) || error.Code.StartsWith("authority.", StringComparison.Ordinal)))
            {
                Assert.Fail($"{step}: unexpected code {error.Code}: {WildStep.Short(error.Message)}");
            }

            if (error is not null && step is not WildReport && incident.Version != version)
            {
                Assert.Fail($"{step} was refused ({error.Code}) but changed the incident.");
            }
        }
    }
}

/// <summary>One arbitrary call.</summary>
public abstract record WildStep
{
    /// <summary>Shortens a description: some inputs are millions of characters long.</summary>
    /// <param name="text">The text.</param>
    /// <returns>At most 300 characters.</returns>
    public static string Short(string? text) => text is null ? "null" : text.Length <= 300 ? text : $"{text[..300]}… ({text.Length} characters)";
}

/// <summary>An arbitrary command run with <see cref="IncidentLifecycle.Execute"/>.</summary>
/// <param name="Command">The command.</param>
public sealed record WildCommand(IncidentCommand Command) : WildStep
{
    /// <inheritdoc/>
    public override string ToString() => Short(Command.ToString());
}

/// <summary>An arbitrary merge of the incident under test into another.</summary>
/// <param name="Command">The merge.</param>
public sealed record WildMerge(MergeAsDuplicate Command) : WildStep
{
    /// <inheritdoc/>
    public override string ToString() => Short(Command.ToString());
}

/// <summary>An arbitrary report.</summary>
/// <param name="Command">The report.</param>
public sealed record WildReport(ReportIncident Command) : WildStep
{
    /// <inheritdoc/>
    public override string ToString() => Short(Command.ToString());
}

/// <summary>A scenario that brings an incident to a random state, then arbitrary calls on it.</summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="Steps">The arbitrary calls.</param>
public sealed record WildCase(LifecycleScenario Scenario, ImmutableArray<WildStep> Steps)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Scenario}then:\n{string.Join("\n", Steps)}";
}

/// <summary>Generates <see cref="WildCase"/>s.</summary>
public static class WildArbitraries
{
    private static readonly DateTimeOffset Now = LifecycleArbitraries.Start;

    public static Arbitrary<WildCase> Cases()
        => Arb.From(
            from scenario in LifecycleArbitraries.ScenarioGen()
            from steps in Step().ArrayOf().Select(s => s.Take(12).ToImmutableArray())
            select new WildCase(scenario, steps),
            c => c.Steps.Length > 1 ? [c with { Steps = c.Steps.RemoveAt(c.Steps.Length - 1) }, c with { Steps = [c.Steps[0]] }] : []);

    private static Gen<string> Text()
    {
        string[] pieces =
        [
            "ok", "客户投诉", "Wang Fang", "\0", "\u001b[31m", "\u0007", "\u007F", "\u0085", "\u009B", "\u202E", "\u2066", "\u2069",
            "\uD800", "\uDC00", "\uD83D\uDE00", "\u200B", "\u200D", "\uFEFF", "\u3164", "\u0301", " ", "\t", "\r\n", "\u2028",
            "<script>", "' OR 1=1 --", "%s%n", "{0}", "\\", "\"",
        ];
        var piece = Gen.Elements(pieces);
        var composed = piece.ArrayOf().Select(p => string.Concat(p.Take(6)));
        return Gen.Frequency(
            (12, composed),
            (3, ArbMap.Default.GeneratorFor<string>()),
            (1, Gen.Elements<string>(null!, string.Empty)),
            (1, Gen.Elements(201, 2_001, 20_001, 200_001).Select(n => new string('x', n))));
    }

    private static Gen<int> Number()
        => Gen.Frequency((3, Gen.Elements(int.MinValue, -1, 0, 1, 2, 30, 31, 365, int.MaxValue)), (1, ArbMap.Default.GeneratorFor<int>()));

    private static Gen<DateTimeOffset> Instant()
        => Gen.Frequency(
            (3, Gen.Elements(
                DateTimeOffset.MinValue,
                DateTimeOffset.MaxValue,
                new DateTimeOffset(9000, 1, 1, 0, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(9999, 12, 31, 23, 0, 0, TimeSpan.FromHours(14)),
                new DateTimeOffset(1, 1, 1, 10, 0, 0, TimeSpan.FromHours(-13)),
                Now,
                Now.AddYears(5),
                Now.AddYears(6))),
            (3, Gen.Choose(-10_000, 100_000).Select(minutes => Now.AddMinutes(minutes))));

    private static Gen<PersonId> Actor()
        => Gen.Frequency((8, Gen.Elements(Staff.People.ToArray())), (1, Gen.Elements(default(PersonId), Staff.Outsider)));

    private static Gen<T> Enum<T>()
        where T : struct, System.Enum
        => Gen.Frequency((3, Gen.Elements(System.Enum.GetValues<T>())), (1, Number().Select(n => (T)(object)n)));

    private static Gen<IReadOnlyList<T>> ListOf<T>(Gen<T> item)
        => Gen.Frequency(
            (6, item.ArrayOf().Select(a => (IReadOnlyList<T>)a.Take(60).ToArray())),
            (1, Gen.Constant<IReadOnlyList<T>>(null!)),
            (1, item.Select(i => (IReadOnlyList<T>)Enumerable.Repeat(i, 100_000).ToArray())));

    private static Gen<ClosureReport?> Report()
    {
        var improvement = Gen.Frequency(
            (6, from d in Text() from o in Actor() from due in Gen.Elements(DateOnly.MinValue, DateOnly.MaxValue, new DateOnly(2026, 6, 30)) select new Improvement(d, o, due)),
            (1, Gen.Constant<Improvement>(null!)));
        return Gen.Frequency(
            (8, from summary in Text() from causes in ListOf(Text()) from improvements in ListOf(improvement) from lessons in ListOf(Text()) select (ClosureReport?)new ClosureReport(summary, causes, improvements, lessons)),
            (1, Gen.Constant<ClosureReport?>(null)));
    }

    private static Gen<WildStep> Step()
    {
        var text = Text();
        var actor = Actor();
        var number = Number();
        var optional = Gen.OneOf(text.Select(t => (string?)t), Gen.Constant<string?>(null));
        Gen<WildStep>[] steps =
        [
            from a in actor from l in Enum<SeverityLevel>() from s in Enum<ImpactScope>() from r in Enum<PotentialRisk>() from t in text select (WildStep)new WildCommand(new AssessIncident(a, l, s, r, t)),
            from a in actor from l in Enum<SeverityLevel>() from s in Enum<ImpactScope>() from r in Enum<PotentialRisk>() from t in text select (WildStep)new WildCommand(new ReassessIncident(a, l, s, r, t)),
            from a in actor from k in Gen.Elements(DirectiveKind.InformationCollection, default(DirectiveKind)) from g in Gen.Elements(Staff.Groups.Append(Staff.UnknownGroup).Append(default).ToArray()) from t in text from due in Instant() select (WildStep)new WildCommand(new IssueDirective(a, k, g, t, due)),
            from a in actor from n in number select (WildStep)new WildCommand(new AcknowledgeDirective(a, new DirectiveId(n))),
            from a in actor from n in number from t in text select (WildStep)new WildCommand(new CompleteDirective(a, new DirectiveId(n), t)),
            from a in actor from n in number from t in text select (WildStep)new WildCommand(new CancelDirective(a, new DirectiveId(n), t)),
            from a in actor select (WildStep)new WildCommand(new StartResponse(a)),
            from a in actor from ch in Enum<IntakeChannel>() from t in text from o in text select (WildStep)new WildCommand(new RecordCommunication(a, ch, t, o)),
            from a in actor from t in text from b in text select (WildStep)new WildCommand(new DraftStatement(a, t, b)),
            from a in actor from n in number from t in optional select (WildStep)new WildCommand(new ReviewStatement(a, new StatementId(n), t)),
            from a in actor from n in number select (WildStep)new WildCommand(new ApproveStatement(a, new StatementId(n))),
            from a in actor from n in number from t in text select (WildStep)new WildCommand(new PublishStatement(a, new StatementId(n), t)),
            from a in actor from k in Enum<SupportKind>() from t in text select (WildStep)new WildCommand(new RequestSupport(a, k, t)),
            from a in actor from n in number from t in text select (WildStep)new WildCommand(new FulfilSupport(a, new SupportRequestId(n), t)),
            from a in actor from t in text select (WildStep)new WildCommand(new ResolveIncident(a, t)),
            from a in actor from r in Report() select (WildStep)new WildCommand(new SubmitClosureReport(a, r!)),
            from a in actor select (WildStep)new WildCommand(new AcceptClosureReport(a)),
            from a in actor from t in text select (WildStep)new WildCommand(new ReopenIncident(a, t)),
            from a in actor from t in text select (WildStep)new WildCommand(new RequestReview(a, t)),
            from a in actor from u in Gen.Elements(true, false) from t in text select (WildStep)new WildCommand(new DecideReview(a, u, t)),
            from a in actor from t in text select (WildStep)new WildCommand(new DismissIncident(a, t)),
            from a in actor from t in text select (WildStep)new WildCommand(new PauseDeadlines(a, t)),
            from a in actor select (WildStep)new WildCommand(new ResumeDeadlines(a)),
            from a in actor from n in number from t in text select (WildStep)new WildCommand(new ExtendHandlingTime(a, n, t)),
            from a in actor from t in text select (WildStep)new WildMerge(new MergeAsDuplicate(a, t)),
            from a in actor
            from kind in Enum<IncidentKind>()
            from ch in Enum<IntakeChannel>()
            from category in Gen.Elements(RiskCategory.DataPrivacy, default(RiskCategory))
            from description in text
            from name in text
            from contact in optional
            from person in Gen.OneOf(actor.Select(p => (PersonId?)p), Gen.Constant<PersonId?>(null))
            from department in optional
            select (WildStep)new WildReport(new ReportIncident(a, kind, ch, category, description, new PetitionerDetails(name, contact), new ComplainedParty(person, department))),
        ];
        return Gen.OneOf(steps);
    }
}
