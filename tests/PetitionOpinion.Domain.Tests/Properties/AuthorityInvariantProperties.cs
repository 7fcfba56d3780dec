using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Notifications;
using PetitionOpinion.Organization;
using Staff = PetitionOpinion.Tests.Properties.LifecycleStaff;

namespace PetitionOpinion.Tests.Properties;

/// <summary>
/// Issue 17 §3, "authority that no sequence of actions can bypass": random sequences of commands by random actors of the
/// seed organisation — among them the person the incident complains about and people outside the leading group — run
/// against the lifecycle and the reference <see cref="IncidentModel"/>, with every accepted step's events routed to
/// notifications. Whatever the sequence: no statement is published that was drafted on (or, before its approval, raised
/// to) a level I or II incident without the leading group's approval; no event is recorded by the person the incident
/// complains about; and no notification carries petitioner details to a recipient who may not see them, nor anything at
/// all to the person complained about.
/// </summary>
public sealed class AuthorityInvariantProperties
{
    // About 6 s on a shared two-core machine: within the ~10 s budget a property may take.
    private const int Sequences = 1_000;

    private static readonly NotificationRouter Router = new(Staff.Organization);

    [Property(MaxTest = Sequences, Arbitrary = new[] { typeof(AuthorityArbitraries) })]
    public void Execute_RandomSequenceByRandomActors_NoAuthorityIsBypassed(AuthorityCase c)
    {
        var run = new LifecycleRun(c.Scenario);
        run.CheckReport();
        if (run.Incident is not { } incident)
        {
            return;
        }

        var notifications = new List<Notification>(Router.Route(incident, incident.PendingEvents));
        for (var i = 0; i < run.StepCount; i++)
        {
            var reasons = run.Scenario.Steps[i] is CommandStep step ? run.Lifecycle.WhyNot(incident, step.Command) : [];
            var result = run.Execute(i);
            run.Check(result, result.Accepted == result.Predicted.Accepted, () => $"the model predicts {(result.Predicted.Accepted ? "accepted" : "refused")}.");
            run.Check(result, !result.Accepted || reasons.Count == 0, () => $"WhyNot(command) gave [{string.Join("; ", reasons)}] for an action that was accepted.");
            if (result.Accepted)
            {
                notifications.AddRange(Router.Route(incident, result.Events!));
                notifications.AddRange(Router.Route(run.Original, result.OriginalEvents));
            }
        }

        var complained = incident.ComplainedAbout?.Person;
        Assert.True(UnapprovedMajorStatement(incident) is null, $"Statement {UnapprovedMajorStatement(incident)} was published without the leading group's approval although the incident was level I or II after its draft.\n{c}");
        Assert.DoesNotContain(incident.History, e => e.Actor == complained);
        Assert.DoesNotContain(run.Original.History, e => run.Original.ComplainedAbout?.Person is { } p && e.Actor == p);
        Assert.DoesNotContain(notifications, n => n.Recipient == complained);
        foreach (var n in notifications.Where(n => CarriesPetitioner(n, incident.Petitioner)))
        {
            Assert.True(Confidentiality.MaySeePetitioner(Staff.Organization, n.Recipient), $"{n} carries the petitioner's details to {n.Recipient}, who may not see them.\n{c}");
        }
    }

    // Written from the history and the staff table alone: the level at each statement's draft and every assessment until
    // its approval, and whether its approver sits in the leading group. Returns the first offending statement's number.
    private static int? UnapprovedMajorStatement(Incident incident)
    {
        SeverityLevel? level = null;
        var major = new Dictionary<int, bool>();
        var approvedByLeadingGroup = new Dictionary<int, bool>();
        foreach (var e in incident.History)
        {
            switch (e)
            {
                case IncidentAssessed a:
                    level = a.Level;
                    foreach (var n in major.Keys.Where(n => !approvedByLeadingGroup.ContainsKey(n)).ToArray())
                    {
                        major[n] |= IncidentModel.Major(level);
                    }

                    break;
                case StatementDrafted s:
                    major[s.Statement.Number] = IncidentModel.Major(level);
                    break;
                case StatementApproved s:
                    approvedByLeadingGroup[s.Statement.Number] = Staff.IsIn(s.Actor, WellKnownGroups.LeadingGroup);
                    break;
                case StatementPublished s when major[s.Statement.Number] && !approvedByLeadingGroup[s.Statement.Number]:
                    return s.Statement.Number;
            }
        }

        return null;
    }

    private static bool CarriesPetitioner(Notification n, PetitionerDetails? petitioner)
    {
        if (petitioner is null)
        {
            return false;
        }

        bool Contains(string detail) => n.Subject.Contains(detail, StringComparison.OrdinalIgnoreCase) || n.Body.Contains(detail, StringComparison.OrdinalIgnoreCase);
        return Contains(petitioner.Name) || (petitioner.Contact is { } contact && Contains(contact));
    }
}

/// <summary>A lifecycle scenario whose report names a random person of the organisation as the one complained about (or none), and quotes the petitioner.</summary>
/// <param name="Scenario">The scenario.</param>
public sealed record AuthorityCase(LifecycleScenario Scenario)
{
    /// <inheritdoc/>
    public override string ToString() => Scenario.ToString();
}

/// <summary>Generates <see cref="AuthorityCase"/>s from <see cref="LifecycleArbitraries"/>' scenarios.</summary>
public static class AuthorityArbitraries
{
    public static Arbitrary<AuthorityCase> Cases()
    {
        var people = Staff.People.ToArray();
        var gen = from scenario in LifecycleArbitraries.ScenarioGen()
                  from complained in Gen.Frequency((3, Gen.Elements(people).Select(p => (PersonId?)p)), (1, Gen.Constant<PersonId?>(null)))
                  from petitioner in Gen.Elements(new PetitionerDetails("Zhang San", "138-0000-0000"), new PetitionerDetails("Li Si", "lisi@example.com"))
                  select new AuthorityCase(With(scenario, complained, petitioner));
        return Arb.From(gen, c => LifecycleArbitraries.Shrink(c.Scenario).Select(s => new AuthorityCase(s)));
    }

    // The steps were generated for the original report; they stay plausible (the same actors and intents), and the person
    // complained about now appears among the actors as often as anyone else.
    private static LifecycleScenario With(LifecycleScenario scenario, PersonId? complained, PetitionerDetails petitioner)
    {
        var report = scenario.Report with
        {
            Petitioner = petitioner,
            Description = $"{petitioner.Name} ({petitioner.Contact}) says her order history was shown to another customer.",
            ComplainedAbout = complained is { } person ? new ComplainedParty(person, null) : scenario.Report.ComplainedAbout,
        };
        return new LifecycleScenario(report, scenario.Steps);
    }
}
