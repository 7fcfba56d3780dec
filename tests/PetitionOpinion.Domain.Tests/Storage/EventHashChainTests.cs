using FsCheck;
using FsCheck.Xunit;
using PetitionOpinion.Incidents;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Storage;

/// <summary>
/// <see cref="EventHashChain"/>: a real incident's stored events verify; altering any field, the hash, or removing,
/// duplicating or reordering an event is reported at the first broken version with a reason.
/// </summary>
public sealed class EventHashChainTests
{
    private static readonly IncidentEventSerializer Serializer = new();

    // A closed incident, reopened, with two communications: 12 events of 11 types.
    private static readonly IReadOnlyList<StoredEvent> Chain = BuildChain();

    [Fact]
    public void Verify_RealIncidentsEvents_IsIntact()
    {
        var report = EventHashChain.Verify(Chain);

        Assert.True(report.IsIntact);
        Assert.Null(report.FirstBrokenVersion);
        Assert.Null(report.Problem);
        Assert.Equal(HashChainProblem.None, report.Kind);
        Assert.Equal(12, report.UnkeyedEvents); // written without an audit key: intact, but not keyed
        Assert.Equal(12, Chain.Count);
    }

    [Fact]
    public void Verify_NoEvents_IsIntact() => Assert.True(EventHashChain.Verify([]).IsIntact);

    [Fact]
    public void Verify_Null_Throws() => Assert.Throws<ArgumentNullException>(() => EventHashChain.Verify(null!));

    public static TheoryData<string, int> Alterations()
    {
        var data = new TheoryData<string, int>();
        foreach (var what in new[] { "payload", "type", "schema", "actor", "occurredAt", "hash", "hash-length", "incident" })
        {
            foreach (var version in new[] { 1, 5, 12 })
            {
                data.Add(what, version);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Alterations))]
    public void Verify_OneFieldOfOneEventAltered_IsBrokenAtThatVersion(string what, int version)
    {
        var events = Chain.ToList();
        var e = events[version - 1];
        events[version - 1] = what switch
        {
            "payload" => e with { Payload = Flip(e.Payload, e.Payload.Length / 2, 0x01) },
            "type" => e with { EventType = e.EventType == "IncidentResolved" ? "IncidentDismissed" : "IncidentResolved" },
            "schema" => e with { SchemaVersion = e.SchemaVersion + 1 },
            "actor" => e with { Actor = new PersonId("mallory") },
            "occurredAt" => e with { OccurredAt = e.OccurredAt.AddTicks(1) },
            "hash" => e with { Hash = Flip(e.Hash, 31, 0x80) },
            "hash-length" => e with { Hash = e.Hash[..31] },
            "incident" => e with { IncidentId = new IncidentId(Guid.Parse("0195a1b2-c3d4-7e5f-8a9b-00000000dead")) },
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };

        var report = EventHashChain.Verify(events);

        Assert.False(report.IsIntact);
        Assert.Equal(version, report.FirstBrokenVersion);
        Assert.False(string.IsNullOrWhiteSpace(report.Problem));
    }

    [Fact]
    public void Verify_AlteredEventRehashedButNotTheOnesAfterIt_IsBrokenAtTheNextVersion()
    {
        var events = Chain.ToList();
        var altered = events[3] with { Actor = new PersonId("mallory") };
        events[3] = altered with { Hash = EventHashChain.Compute(altered, events[2].Hash.Span) };

        var report = EventHashChain.Verify(events);

        Assert.Equal(5, report.FirstBrokenVersion);
        Assert.Contains("altered", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_OffsetOfOccurredAtChangedButSameInstant_IsIntact()
    {
        // The hash covers the instant; StoredEvent.OccurredAt is UTC by contract, and a store may hand back another offset of it.
        var events = Chain.Select(e => e with { OccurredAt = e.OccurredAt.ToOffset(TimeSpan.FromHours(8)) }).ToList();

        Assert.True(EventHashChain.Verify(events).IsIntact);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(11)]
    public void Verify_EventRemoved_IsBrokenAtTheMissingVersion(int removed)
    {
        var events = Chain.Where(e => e.Version != removed).ToList();

        var report = EventHashChain.Verify(events);

        Assert.Equal(removed, report.FirstBrokenVersion);
        Assert.Contains($"version {removed} is missing or out of order (found {removed + 1})", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_EventRemovedAndTheRestRenumbered_IsBrokenAtTheFirstRenumberedVersion()
    {
        var events = Chain.Where(e => e.Version != 6).Select((e, i) => e with { Version = i + 1 }).ToList();

        var report = EventHashChain.Verify(events);

        Assert.Equal(6, report.FirstBrokenVersion);
        Assert.Contains("hash", report.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(12)]
    public void Verify_EventDuplicated_IsBrokenAfterTheOriginal(int duplicated)
    {
        var events = Chain.ToList();
        events.Insert(duplicated, events[duplicated - 1]);

        var report = EventHashChain.Verify(events);

        Assert.Equal(duplicated + 1, report.FirstBrokenVersion);
        Assert.NotNull(report.Problem);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(4, 9)]
    [InlineData(11, 12)]
    public void Verify_TwoEventsSwapped_IsBrokenAtTheFirstSwappedPosition(int a, int b)
    {
        var events = Chain.ToList();
        (events[a - 1], events[b - 1]) = (events[b - 1], events[a - 1]);

        var report = EventHashChain.Verify(events);

        Assert.Equal(a, report.FirstBrokenVersion);
        Assert.Contains("out of order", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TwoEventsSwappedAndRenumbered_IsBrokenAtTheFirstSwappedPosition()
    {
        var events = Chain.ToList();
        (events[3], events[4]) = (events[4] with { Version = 4 }, events[3] with { Version = 5 });

        var report = EventHashChain.Verify(events);

        Assert.Equal(4, report.FirstBrokenVersion);
    }

    [Fact]
    public void Verify_NullEvent_IsBrokenThere()
    {
        var events = Chain.ToList();
        events[2] = null!;

        var report = EventHashChain.Verify(events);

        Assert.Equal(3, report.FirstBrokenVersion);
        Assert.Contains("missing", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ChainOfAnotherIncidentSpliced_IsBrokenWhereItStarts()
    {
        var other = BuildChain(IncidentKind.PublicOpinion);
        Assert.Equal(Chain[0].IncidentId, other[0].IncidentId);
        var events = Chain.Take(3).Concat(other.Skip(3)).ToList();

        var report = EventHashChain.Verify(events);

        Assert.Equal(4, report.FirstBrokenVersion);
    }

    [Property(MaxTest = 500)]
    public void Verify_AnySingleByteOfAnyPayloadFlipped_IsBrokenAtThatVersion(NonNegativeInt eventPick, NonNegativeInt bytePick, byte mask)
    {
        var index = eventPick.Get % Chain.Count;
        var e = Chain[index];
        var position = bytePick.Get % e.Payload.Length;
        var events = Chain.ToList();
        events[index] = e with { Payload = Flip(e.Payload, position, mask == 0 ? (byte)0xFF : mask) };

        var report = EventHashChain.Verify(events);

        Assert.False(report.IsIntact);
        Assert.Equal(e.Version, report.FirstBrokenVersion);
    }

    [Fact]
    public void Compute_SameInputs_SameHash_AndEveryInputMatters()
    {
        var e = Chain[4];
        var previous = Chain[3].Hash.ToArray();
        var hash = EventHashChain.Compute(e, previous).ToArray();

        Assert.Equal(EventHashChain.HashLength, hash.Length);
        Assert.Equal(e.Hash.ToArray(), hash);
        Assert.Equal(hash, EventHashChain.Compute(previous, e.IncidentId, e.Version, e.EventType, e.SchemaVersion, e.OccurredAt, e.Actor, e.Payload.Span).ToArray());
        Assert.NotEqual(hash, EventHashChain.Compute(e, Chain[2].Hash.Span).ToArray());
        Assert.NotEqual(hash, EventHashChain.Compute(e, []).ToArray());
        Assert.NotEqual(hash, EventHashChain.Compute(e with { Version = 6 }, previous).ToArray());

        // Length prefixes: moving a byte from the type name to the actor changes the hash.
        var shifted = EventHashChain.Compute(previous, e.IncidentId, e.Version, "ab", 1, e.OccurredAt, new PersonId("c"), e.Payload.Span).ToArray();
        Assert.NotEqual(shifted, EventHashChain.Compute(previous, e.IncidentId, e.Version, "a", 1, e.OccurredAt, new PersonId("bc"), e.Payload.Span).ToArray());
        Assert.Throws<ArgumentNullException>(() => EventHashChain.Compute(null!, previous));
    }

    private static IReadOnlyList<StoredEvent> BuildChain(IncidentKind kind = IncidentKind.Petition)
    {
        var scenario = new Scenario();
        var incident = scenario.Drive(IncidentState.Closed, kind);
        scenario.Do(incident, new ReopenIncident(People.GeneralManager, "客户再次投诉。"));
        scenario.Do(incident, new RecordCommunication(People.CustomerServiceRep, IntakeChannel.Hotline, "致电客户 📞", "客户接受"));
        scenario.Do(incident, new RecordCommunication(People.CustomerServiceRep, IntakeChannel.Email, "邮件跟进", "已回复"));
        return Serializer.SerializeAll(incident.History, null);
    }

    private static ReadOnlyMemory<byte> Flip(ReadOnlyMemory<byte> bytes, int position, byte mask)
    {
        var copy = bytes.ToArray();
        copy[position] ^= mask;
        return copy;
    }
}
