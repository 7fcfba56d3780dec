using System.Collections.Concurrent;
using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using RiskFacts = PetitionOpinion.Assessment.RiskFacts;
using Staff = PetitionOpinion.Tests.Properties.LifecycleStaff;

namespace PetitionOpinion.Tests.Properties;

/// <summary>
/// Generates <see cref="LifecycleScenario"/>s: a report, then 1 to 60 actions. Each action is, three times in four, an
/// "intent" that makes sense in the state the reference model is in (with the right kind of actor, mostly valid input),
/// and otherwise any action at all by anyone with any input — so sequences reach Responding, Resolved and Closed often
/// while refusals of every kind stay common. Shrinking removes steps; every step list is a valid scenario.
/// </summary>
public static class LifecycleArbitraries
{
    public const int MaxSteps = 60;

    private static ConcurrentDictionary<string, object> Generators { get; } = new();

    /// <summary>Gets the time the driver's clock starts at; it advances <see cref="Tick"/> before each step.</summary>
    public static DateTimeOffset Start { get; } = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    public static TimeSpan Tick { get; } = TimeSpan.FromMinutes(7);

    public static Arbitrary<LifecycleScenario> Scenarios() => Arb.From(ScenarioGen(), Shrink);

    public static Gen<LifecycleScenario> ScenarioGen()
        => from report in Gen.Frequency((24, ValidReport()), (1, AnyReport()))
           from count in Gen.Choose(1, MaxSteps)
           from steps in StepsFrom(IncidentModel.Report(report) ?? IncidentModel.Report(FallbackReport)!, Start, count)
           select new LifecycleScenario(report, [.. steps]);

    /// <summary>Shrinks by dropping halves, then quarters, ..., then single steps (any subsequence is a valid scenario).</summary>
    public static IEnumerable<LifecycleScenario> Shrink(LifecycleScenario scenario)
    {
        var steps = scenario.Steps;
        for (var chunk = steps.Length / 2; chunk >= 1; chunk /= 2)
        {
            for (var start = 0; start + chunk <= steps.Length; start += chunk)
            {
                yield return new LifecycleScenario(scenario.Report, steps.RemoveRange(start, chunk));
            }
        }
    }

    private static ReportIncident FallbackReport { get; } = new(Staff.CustomerServiceRep, IncidentKind.Petition, IntakeChannel.Hotline, RiskCategory.DataPrivacy, "fallback");

    // Each step is generated from the state the reference model reaches with the steps before it.
    private static Gen<ImmutableList<LifecycleStep>> StepsFrom(IncidentModel model, DateTimeOffset previous, int remaining, ImmutableList<LifecycleStep>? done = null)
    {
        done ??= [];
        if (remaining == 0)
        {
            return Gen.Constant(done);
        }

        var now = previous + Tick;
        return Gen.Choose(1, 4)
            .SelectMany(choice => choice <= 3 ? Intent(model, now) : AnyStep(model, now))
            .SelectMany(step =>
            {
                var next = model.Clone();
                next.Try(step, now);
                return StepsFrom(next, now, remaining - 1, done.Add(step));
            });
    }

    // ---------- intents: what makes sense now ----------
    private static Gen<LifecycleStep> Intent(IncidentModel model, DateTimeOffset now)
    {
        var options = new List<(int, Func<Gen<LifecycleStep>>)>();
        void Add(int weight, Func<Gen<LifecycleStep>> make) => options.Add((weight, make));

        var issued = Indexes(model.Directives, d => d.Status == DirectiveStatus.Issued);
        var acknowledged = Indexes(model.Directives, d => d.Status == DirectiveStatus.Acknowledged);
        var open = Indexes(model.Directives, d => d.Status is DirectiveStatus.Issued or DirectiveStatus.Acknowledged);
        if (model.State is IncidentState.Reported or IncidentState.Assessed or IncidentState.Directed or IncidentState.Responding)
        {
            Add(1, () => model.Paused ? Step(Authorised(IncidentAction.ResumeDeadlines), a => new ResumeDeadlines(a)) : PauseGen(Authorised(IncidentAction.PauseDeadlines)));
            if (model.State != IncidentState.Reported && !model.Extended)
            {
                Add(1, () => ExtendGen(Authorised(IncidentAction.ExtendHandlingTime)));
            }

            if (model.Kind != IncidentKind.PetitionAndPublicOpinion)
            {
                Add(1, () => NatureGen(Authorised(IncidentAction.AddNature), model.Kind == IncidentKind.Petition ? IncidentKind.PublicOpinion : IncidentKind.Petition));
            }
        }

        if (model.State is IncidentState.Resolved or IncidentState.Closed && model.PendingReviews > 0)
        {
            Add(2, () => DecideGen(Authorised(IncidentAction.DecideReview)));
        }

        switch (model.State)
        {
            case IncidentState.Reported:
                Add(24, () => AssessGen(Authorised(IncidentAction.Assess), reassess: false));
                Add(1, () => DismissGen(Authorised(IncidentAction.Dismiss)));
                Add(1, () => MergeGen(Authorised(IncidentAction.MergeAsDuplicate)));
                break;
            case IncidentState.Assessed:
                Add(24, () => IssueGen(Authorised(IncidentAction.IssueDirective), now));
                Add(1, () => AssessGen(Authorised(IncidentAction.Reassess), reassess: true));
                Add(1, () => DismissGen(Authorised(IncidentAction.Dismiss)));
                Add(1, () => MergeGen(Authorised(IncidentAction.MergeAsDuplicate)));
                break;
            case IncidentState.Directed:
            case IncidentState.Responding:
            {
                var responding = model.State == IncidentState.Responding;
                Add(responding ? 1 : 2, () => IssueGen(Authorised(IncidentAction.IssueDirective), now));
                if (issued.Length > 0)
                {
                    Add(4, () => Gen.Elements(issued).SelectMany(i => Step(Assignees(model, i), a => new AcknowledgeDirective(a, new DirectiveId(i)))));
                }

                if (acknowledged.Length > 0)
                {
                    Add(4, () => Gen.Elements(acknowledged).SelectMany(i => from a in Assignees(model, i)
                                                                            from outcome in Text(TextLimits.Short)
                                                                            select Command(new CompleteDirective(a, new DirectiveId(i), outcome))));
                }

                if (open.Length > 0)
                {
                    Add(1, () => Gen.Elements(open).SelectMany(i => from a in Authorised(IncidentAction.CancelDirective)
                                                                    from reason in Text(TextLimits.Short)
                                                                    select Command(new CancelDirective(a, new DirectiveId(i), reason))));
                }

                Add(1, () => AssessGen(Authorised(IncidentAction.Reassess), reassess: true));
                if (!responding)
                {
                    Add(6, () => Step(Authorised(IncidentAction.StartResponse), a => new StartResponse(a)));
                    Add(1, () => Gen.OneOf(DismissGen(Authorised(IncidentAction.Dismiss)), MergeGen(Authorised(IncidentAction.MergeAsDuplicate))));
                    break;
                }

                Add(1, () => CommunicationGen(Authorised(IncidentAction.RecordCommunication)));
                Add(1, () => DraftGen(Authorised(IncidentAction.DraftStatement)));
                AddStatementIntents(model, Add);
                Add(1, () => SupportGen(Authorised(IncidentAction.RequestSupport)));
                var unfulfilled = Indexes(model.SupportFulfilled, f => !f);
                if (unfulfilled.Length > 0)
                {
                    Add(2, () => Gen.Elements(unfulfilled).SelectMany(i => from a in Authorised(IncidentAction.FulfilSupport)
                                                                           from resolution in Text(TextLimits.Short)
                                                                           select Command(new FulfilSupport(a, new SupportRequestId(i), resolution))));
                }

                Add(open.Length == 0 ? 6 : 1, () => ResolveGen(Authorised(IncidentAction.Resolve)));
                break;
            }

            case IncidentState.Resolved:
                Add(model.HasSubmittedReport ? 1 : 6, () => SubmitGen(Authorised(IncidentAction.SubmitClosureReport)));
                Add(model.HasSubmittedReport ? 8 : 1, () => Step(Authorised(IncidentAction.AcceptClosureReport), a => new AcceptClosureReport(a)));
                Add(1, () => ReopenGen(Authorised(IncidentAction.Reopen)));
                Add(1, () => ReviewRequestGen(Authorised(IncidentAction.RequestReview)));
                break;
            case IncidentState.Closed:
                Add(1, () => ReopenGen(Authorised(IncidentAction.Reopen)));
                Add(1, () => ReviewRequestGen(Authorised(IncidentAction.RequestReview)));
                break;
            default:
                return AnyStep(model, now);
        }

        return Lazily(options);
    }

    private static void AddStatementIntents(IncidentModel model, Action<int, Func<Gen<LifecycleStep>>> add)
    {
        var drafts = Indexes(model.Statements, s => s == StatementStatus.Draft);
        var reviewed = Indexes(model.Statements, s => s == StatementStatus.LegallyReviewed);
        var approved = Indexes(model.Statements, s => s == StatementStatus.Approved);
        if (drafts.Length > 0)
        {
            add(2, () => Gen.Elements(drafts).SelectMany(i => from a in Authorised(IncidentAction.ReviewStatement)
                                                              from notes in Cached("notes", () => Gen.Frequency((1, Gen.Constant<string?>(null)), (3, Text(TextLimits.Short).Select(t => (string?)t))))
                                                              select Command(new ReviewStatement(a, new StatementId(i), notes))));
        }

        if (reviewed.Length > 0)
        {
            // On levels I and II only the leading group may approve; offer the opinion group's leaders too, who are refused.
            var approvers = model.Level is SeverityLevel.I or SeverityLevel.II
                ? Cached("leading-approvers", () => Gen.Frequency((4, Gen.Elements(Staff.People.Where(IncidentModel.Leading).ToArray())), (1, Authorised(IncidentAction.ApproveStatement))))
                : Authorised(IncidentAction.ApproveStatement);
            add(2, () => Gen.Elements(reviewed).SelectMany(i => Step(approvers, a => new ApproveStatement(a, new StatementId(i)))));
        }

        if (approved.Length > 0)
        {
            add(2, () => Gen.Elements(approved).SelectMany(i => from a in Authorised(IncidentAction.PublishStatement)
                                                                from channel in Text(TextLimits.Name)
                                                                select Command(new PublishStatement(a, new StatementId(i), channel))));
        }
    }

    // ---------- anything at all ----------
    private static Gen<LifecycleStep> AnyStep(IncidentModel model, DateTimeOffset now)
    {
        var actor = AnyActor();
        var directive = AnyNumber(model.Directives.Count).Select(n => new DirectiveId(n));
        var statement = AnyNumber(model.Statements.Count).Select(n => new StatementId(n));
        var request = AnyNumber(model.SupportFulfilled.Count).Select(n => new SupportRequestId(n));
        var text = Text(TextLimits.Short, badWeight: 4);
        Func<Gen<LifecycleStep>>[] makers =
        [
            () => AssessGen(actor, reassess: false, badWeight: 4),
            () => AssessGen(actor, reassess: true, badWeight: 4),
            () => IssueGen(actor, now, badWeight: 4),
            () => from a in actor from d in directive select Command(new AcknowledgeDirective(a, d)),
            () => from a in actor from d in directive from t in text select Command(new CompleteDirective(a, d, t)),
            () => from a in actor from d in directive from t in text select Command(new CancelDirective(a, d, t)),
            () => Step(actor, a => new StartResponse(a)),
            () => CommunicationGen(actor, badWeight: 4),
            () => DraftGen(actor, badWeight: 4),
            () => from a in actor from s in statement from n in Gen.OneOf(Gen.Constant<string?>(null), text.Select(t => (string?)t)) select Command(new ReviewStatement(a, s, n)),
            () => from a in actor from s in statement select Command(new ApproveStatement(a, s)),
            () => from a in actor from s in statement from c in Text(TextLimits.Name, badWeight: 4) select Command(new PublishStatement(a, s, c)),
            () => SupportGen(actor, badWeight: 4),
            () => from a in actor from r in request from t in text select Command(new FulfilSupport(a, r, t)),
            () => ResolveGen(actor, badWeight: 4),
            () => SubmitGen(actor, badWeight: 4),
            () => Step(actor, a => new AcceptClosureReport(a)),
            () => ReopenGen(actor, badWeight: 4),
            () => ReviewRequestGen(actor, badWeight: 4),
            () => DismissGen(actor, badWeight: 4),
            () => MergeGen(actor, badWeight: 4),
            () => PauseGen(actor, badWeight: 4),
            () => Step(actor, a => new ResumeDeadlines(a)),
            () => ExtendGen(actor, badWeight: 4),
            () => DecideGen(actor, badWeight: 4),
            () => Gen.Elements(IncidentKind.Petition, IncidentKind.PublicOpinion, IncidentKind.PetitionAndPublicOpinion, (IncidentKind)0).SelectMany(n => NatureGen(actor, n, badWeight: 4)),
        ];
        return Lazily([.. makers.Select(m => (1, m))]);
    }

    // Picks an option first and builds only its generator: most options depend on the model, so they are made per step.
    private static Gen<LifecycleStep> Lazily(IReadOnlyList<(int Weight, Func<Gen<LifecycleStep>> Make)> options)
        => Gen.Choose(1, options.Sum(o => o.Weight)).SelectMany(pick =>
        {
            var i = 0;
            while (pick > options[i].Weight)
            {
                pick -= options[i].Weight;
                i++;
            }

            return options[i].Make();
        });

    // ---------- commands ----------
    // The value generators are built before the query (and cached): inside it they would be rebuilt for every sample.
    private static Gen<LifecycleStep> AssessGen(Gen<PersonId> actor, bool reassess, int badWeight = 1)
    {
        var levels = Cached($"levels:{badWeight}", () => Pick(badWeight, [SeverityLevel.I, SeverityLevel.II, SeverityLevel.III, SeverityLevel.IV, SeverityLevel.IV], [(SeverityLevel)0, (SeverityLevel)5]));
        var scopes = Cached($"scopes:{badWeight}", () => Pick(badWeight, Enum.GetValues<ImpactScope>(), [(ImpactScope)0, (ImpactScope)9]));
        var risks = Cached($"risks:{badWeight}", () => Pick(badWeight, Enum.GetValues<PotentialRisk>(), [(PotentialRisk)0, (PotentialRisk)7]));
        var rationales = Text(TextLimits.Short, badWeight);

        // Mostly without facts; sometimes with facts that show public exposure, or not quite.
        var facts = Cached("facts", () => Gen.Frequency(
            (6, Gen.Constant<RiskFacts?>(null)),
            (1, from reach in Gen.Elements(0L, 999_999L, 1_000_000L, 15_000_000L)
                from media in Gen.Elements(false, true)
                from trending in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
                select (RiskFacts?)new RiskFacts { Category = RiskCategory.DataPrivacy, Reach = reach, MainstreamMediaCoverage = media, NationalTrending = trending })));
        return from a in actor
               from level in levels
               from scope in scopes
               from risk in risks
               from rationale in rationales
               from f in facts
               select reassess ? Command(new ReassessIncident(a, level, scope, risk, rationale) { Facts = f }) : Command(new AssessIncident(a, level, scope, risk, rationale) { Facts = f });
    }

    private static Gen<LifecycleStep> IssueGen(Gen<PersonId> actor, DateTimeOffset now, int badWeight = 1)
    {
        var kinds = Cached($"directive-kinds:{badWeight}", () => Pick(
            badWeight,
            [DirectiveKind.InformationCollection, DirectiveKind.CustomerCommunication, DirectiveKind.OpinionMonitoring, DirectiveKind.PublicStatement,
                DirectiveKind.TechnicalSupport, DirectiveKind.LegalConsultation, new DirectiveKind("site-visit")],
            [default(DirectiveKind)]));
        var assignees = Cached($"assignees:{badWeight}", () => Pick(badWeight, [.. Staff.Groups], [Staff.UnknownGroup, default(GroupId)]));
        var instructions = Text(TextLimits.Short, badWeight);

        // Minutes from now: mostly within three days, sometimes now or in the past (refused).
        var dueIn = Cached($"due:{badWeight}", () => Gen.Frequency((32, Gen.Choose(1, 72 * 60)), (badWeight * 3, Gen.Elements(0, -60, -30 * 24 * 60))));
        return from a in actor
               from kind in kinds
               from assignee in assignees
               from text in instructions
               from minutes in dueIn
               select Command(new IssueDirective(a, kind, assignee, text, now.AddMinutes(minutes)));
    }

    private static Gen<LifecycleStep> CommunicationGen(Gen<PersonId> actor, int badWeight = 1)
    {
        var channels = Cached($"channels:{badWeight}", () => Pick(badWeight, Enum.GetValues<IntakeChannel>(), [(IntakeChannel)0, (IntakeChannel)99]));
        var texts = Text(TextLimits.Short, badWeight);
        return from a in actor
               from channel in channels
               from summary in texts
               from outcome in texts
               select Command(new RecordCommunication(a, channel, summary, outcome));
    }

    private static Gen<LifecycleStep> DraftGen(Gen<PersonId> actor, int badWeight = 1)
    {
        var titles = Text(TextLimits.Name, badWeight);
        var bodies = Text(TextLimits.Long, badWeight);
        return from a in actor
               from title in titles
               from body in bodies
               select Command(new DraftStatement(a, title, body));
    }

    private static Gen<LifecycleStep> SupportGen(Gen<PersonId> actor, int badWeight = 1)
    {
        var kinds = Cached($"support-kinds:{badWeight}", () => Pick(badWeight, Enum.GetValues<SupportKind>(), [(SupportKind)0, (SupportKind)3]));
        var details = Text(TextLimits.Short, badWeight);
        return from a in actor
               from kind in kinds
               from text in details
               select Command(new RequestSupport(a, kind, text));
    }

    private static Gen<LifecycleStep> ResolveGen(Gen<PersonId> actor, int badWeight = 1)
        => WithText(actor, badWeight, (a, t) => Command(new ResolveIncident(a, t)));

    private static Gen<LifecycleStep> ReopenGen(Gen<PersonId> actor, int badWeight = 1)
        => WithText(actor, badWeight, (a, t) => Command(new ReopenIncident(a, t)));

    private static Gen<LifecycleStep> ReviewRequestGen(Gen<PersonId> actor, int badWeight = 1)
        => WithText(actor, badWeight, (a, t) => Command(new RequestReview(a, t)));

    private static Gen<LifecycleStep> PauseGen(Gen<PersonId> actor, int badWeight = 1)
        => WithText(actor, badWeight, (a, t) => Command(new PauseDeadlines(a, t)));

    private static Gen<LifecycleStep> ExtendGen(Gen<PersonId> actor, int badWeight = 1)
        => from a in actor
           from days in Gen.Frequency((8, Gen.Choose(1, 30)), (badWeight, Gen.Elements(0, -1, 31, 365)))
           from reason in Text(TextLimits.Short, badWeight)
           select Command(new ExtendHandlingTime(a, days, reason));

    private static Gen<LifecycleStep> DecideGen(Gen<PersonId> actor, int badWeight = 1)
        => from a in actor
           from upheld in Gen.Elements(true, false)
           from decision in Text(TextLimits.Short, badWeight)
           select Command(new DecideReview(a, upheld, decision));

    private static Gen<LifecycleStep> NatureGen(Gen<PersonId> actor, IncidentKind nature, int badWeight = 1)
        => from a in actor
           from reason in Text(TextLimits.Short, badWeight)
           from petitioner in Gen.Frequency(
               (6, Gen.Constant<PetitionerDetails?>(null)),
               (2, Gen.Constant<PetitionerDetails?>(new PetitionerDetails("Zhao Liu", "139-0000-0000"))),
               (badWeight, Gen.Elements<PetitionerDetails?>(new PetitionerDetails(" ", null), new PetitionerDetails("Zhao Liu", new string('c', TextLimits.Name + 1)))))
           select Command(new AddIncidentNature(a, nature, reason) { Petitioner = petitioner });

    private static Gen<LifecycleStep> DismissGen(Gen<PersonId> actor, int badWeight = 1)
        => WithText(actor, badWeight, (a, t) => Command(new DismissIncident(a, t)));

    private static Gen<LifecycleStep> MergeGen(Gen<PersonId> actor, int badWeight = 1)
        => WithText(actor, badWeight, (a, t) => new MergeStep(new MergeAsDuplicate(a, t)));

    // An action whose only input besides the actor is one short text (a reason, a summary, grounds).
    private static Gen<LifecycleStep> WithText(Gen<PersonId> actor, int badWeight, Func<PersonId, string, LifecycleStep> create)
    {
        var texts = Text(TextLimits.Short, badWeight);
        return from a in actor from t in texts select create(a, t);
    }

    private static Gen<LifecycleStep> SubmitGen(Gen<PersonId> actor, int badWeight = 1)
    {
        var reports = Cached($"reports:{badWeight}", () => Gen.Frequency((12, CompleteReport().Select(r => (ClosureReport?)r)), (badWeight * 2, IncompleteReport())));
        return from a in actor
               from report in reports
               select Command(new SubmitClosureReport(a, report!));
    }

    private static Gen<ClosureReport> CompleteReport()
        => from summary in Text(TextLimits.Long, badWeight: 0)
           from causes in Gen.Choose(1, 3)
           from owners in Gen.Choose(1, 3).SelectMany(n => Gen.Elements(Staff.People.ToArray()).ArrayOf(n))
           from lessons in Gen.Choose(0, 2)
           select new ClosureReport(
               summary,
               [.. Enumerable.Range(1, causes).Select(i => $"cause {i}")],
               [.. owners.Select((o, i) => new Improvement($"improvement {i + 1}", o, new DateOnly(2026, 6, 30).AddDays(i)))],
               [.. Enumerable.Range(1, lessons).Select(i => $"lesson {i}")]);

    // Each variant breaks exactly one rule of a complete report.
    private static Gen<ClosureReport?> IncompleteReport()
        => CompleteReport().SelectMany(r => Gen.Elements<ClosureReport?>(
            null,
            r with { Causes = [] },
            r with { Improvements = [] },
            r with { Improvements = [r.Improvements[0] with { Owner = Staff.Outsider }] },
            r with { Improvements = [r.Improvements[0] with { Owner = default }] },
            r with { Improvements = [r.Improvements[0] with { DueOn = default }] },
            r with { Improvements = [r.Improvements[0] with { Description = " " }] },
            r with { Improvements = [null!] },
            r with { Causes = [" "] },
            r with { Causes = null! },
            r with { Summary = string.Empty },
            r with { Lessons = null! },
            r with { Lessons = [new string('l', TextLimits.Short + 1)] }));

    // ---------- reports ----------
    private static Gen<ReportIncident> ValidReport()
        => from actor in Gen.Elements(Staff.People.ToArray())
           from kind in Gen.Elements(Enum.GetValues<IncidentKind>())
           from channel in Gen.Elements(Enum.GetValues<IntakeChannel>())
           from category in Gen.Elements(RiskCategory.ProductQuality, RiskCategory.ServiceAttitude, RiskCategory.DataPrivacy, RiskCategory.SocialResponsibility, new RiskCategory("Pricing"))
           from description in Text(TextLimits.Long, badWeight: 0)
           from petitioner in Gen.Elements<PetitionerDetails?>(null, new PetitionerDetails("Zhang San", "138-0000-0000"), new PetitionerDetails("Li Si", null))
           from complained in Gen.Elements<ComplainedParty?>(null, new ComplainedParty(Staff.CustomerServiceRep, null), new ComplainedParty(null, Departments.CustomerService))
           select new ReportIncident(actor, kind, channel, category, description, petitioner, complained);

    private static Gen<ReportIncident> AnyReport()
        => from actor in AnyActor()
           from kind in Pick(2, Enum.GetValues<IncidentKind>(), [(IncidentKind)0, (IncidentKind)4])
           from channel in Pick(2, Enum.GetValues<IntakeChannel>(), [(IntakeChannel)0])
           from category in Pick(2, [RiskCategory.DataPrivacy], [default(RiskCategory)])
           from description in Text(TextLimits.Long, badWeight: 2)
           from petitioner in Gen.Elements<PetitionerDetails?>(null, new PetitionerDetails("Wang Wu", null), new PetitionerDetails(" ", null), new PetitionerDetails("Wang Wu", string.Empty))
           from complained in Gen.Elements<ComplainedParty?>(null, new ComplainedParty(null, null), new ComplainedParty(default(PersonId), null), new ComplainedParty(null, " "))
           select new ReportIncident(actor, kind, channel, category, description, petitioner, complained);

    // ---------- values ----------
    private static Gen<PersonId> AnyActor() => Cached("any-actor", () => Gen.Frequency((24, Gen.Elements(Staff.People.ToArray())), (1, Gen.Constant(Staff.Outsider)), (1, Gen.Constant(default(PersonId)))));

    // Mostly someone the default matrix allows; sometimes anyone.
    private static Gen<PersonId> Authorised(IncidentAction action)
        => Cached($"authorised:{action}", () => Gen.Frequency((9, Gen.Elements(Staff.People.Where(p => IncidentModel.MayAct(p, action)).ToArray())), (1, AnyActor())));

    private static Gen<PersonId> Assignees(IncidentModel model, int directive)
    {
        var group = model.Directives[directive - 1].Assignee;
        return Cached($"assignees:{group}", () => Gen.Frequency((9, Gen.Elements(Staff.People.Where(p => IncidentModel.MayActOnDirective(p, group)).ToArray())), (1, AnyActor())));
    }

    // Valid text most of the time; with badWeight, also null, empty, white space and one character too many.
    private static Gen<string> Text(int max, int badWeight = 1)
        => Cached($"text:{max}:{badWeight}", () =>
        {
            var good = Gen.Frequency((30, Gen.Elements("ok", "客户投诉数据泄露", "Called the customer back.")), (1, Gen.Constant(new string('a', max))));
            return badWeight == 0
                ? good
                : Gen.Frequency((40, good), (badWeight, Gen.Elements<string>(null!, string.Empty, "   ", "\t\n", new string('x', max + 1))));
        });

    // Generators are immutable, so the ones that do not depend on the model are built once.
    private static Gen<T> Cached<T>(string key, Func<Gen<T>> create) => (Gen<T>)Generators.GetOrAdd(key, _ => create());

    private static Gen<T> Pick<T>(int badWeight, T[] good, T[] bad)
        => badWeight == 0 ? Gen.Elements(good) : Gen.Frequency((40, Gen.Elements(good)), (badWeight, Gen.Elements(bad)));

    // An existing number most of the time, else one that does not exist.
    private static Gen<int> AnyNumber(int count)
        => count == 0 ? Gen.Elements(0, 1, -1) : Gen.Frequency((4, Gen.Choose(1, count)), (1, Gen.Elements(0, -1, count + 1, int.MaxValue)));

    private static int[] Indexes<T>(IReadOnlyList<T> items, Func<T, bool> predicate)
        => [.. Enumerable.Range(1, items.Count).Where(n => predicate(items[n - 1]))];

    private static LifecycleStep Command(IncidentCommand command) => new CommandStep(command);

    private static Gen<LifecycleStep> Step(Gen<PersonId> actor, Func<PersonId, IncidentCommand> create) => actor.Select(a => Command(create(a)));
}
