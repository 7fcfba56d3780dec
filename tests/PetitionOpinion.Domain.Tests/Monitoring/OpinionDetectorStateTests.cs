using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PetitionOpinion.Monitoring;

namespace PetitionOpinion.Tests.OpinionMonitoring;

/// <summary>
/// <see cref="OpinionDetector.SaveState"/> and <see cref="OpinionDetector.RestoreState"/> (docs/monitoring.md, "State that
/// survives restarts"): a detector restored mid-stream raises exactly the alerts and outcomes of one that never stopped;
/// bytes that are not a saved state, are damaged, or come from a detector with another window or history are refused with
/// <see cref="MonitoringErrors.CheckpointUnreadable"/> and change nothing; <see cref="OpinionDetector.Reset"/> forgets.
/// </summary>
public sealed class OpinionDetectorStateTests
{
    [Property(MaxTest = 200, Arbitrary = new[] { typeof(OpinionStreamArbitraries) })]
    public void RestoreState_MidStream_TheRestoredDetectorContinuesExactlyAsOneThatNeverStopped(OpinionStreamCase c, PositiveInt cutSeed, bool intoUsedDetector)
    {
        var steps = ValidStreams.Of(c);
        var cut = cutSeed.Get % (steps.Count + 1);
        var clock = new ReplayClock(MentionStreams.Start);
        var reference = new OpinionDetector(c.Options, clock);
        var first = new OpinionDetector(c.Options, clock);
        var referenceOutcomes = new List<SignalOutcome>();
        var outcomes = new List<SignalOutcome>();
        for (var i = 0; i < cut; i++)
        {
            clock.AdvanceTo(steps[i].At);
            referenceOutcomes.Add(Feed(reference, steps[i]));
            outcomes.Add(Feed(first, steps[i]));
        }

        var alerts = first.TakeAlerts().ToList();

        // The second detector may have seen other things first: restoring replaces them.
        var second = new OpinionDetector(c.Options, clock);
        if (intoUsedDetector)
        {
            second.ObserveCount(second.Register("topic-1"), clock.GetUtcNow(), 1_000);
            second.TakeAlerts();
        }

        foreach (var topic in Enumerable.Range(0, OpinionStreamArbitraries.Topics).Select(t => $"topic-{t}"))
        {
            var saved = first.SaveState(first.Register(topic)).Span;
            if (steps.Take(cut).Any(s => s.Signal.Topic == topic))
            {
                Assert.True(second.RestoreState(topic, saved).IsT0);
            }
            else
            {
                // A topic the first detector never started has nothing to restore: forgotten (as the partitioned
                // monitor does with a topic that has no checkpoint).
                second.Reset(second.Register(topic));
            }
        }

        for (var i = cut; i < steps.Count; i++)
        {
            clock.AdvanceTo(steps[i].At);
            referenceOutcomes.Add(Feed(reference, steps[i]));
            outcomes.Add(Feed(second, steps[i]));
        }

        alerts.AddRange(second.TakeAlerts());
        Assert.Equal(referenceOutcomes, outcomes);
        Assert.Equal(reference.TakeAlerts(), alerts);
    }

    [Fact]
    public void SaveState_WeekOfHistory_TakesAboutOneKilobyte()
    {
        var detector = new OpinionDetector(new OpinionMonitorOptions(), new ReplayClock(MentionStreams.Start));
        var topic = detector.Register("brand");
        detector.ObserveCount(topic, MentionStreams.Start, 3);

        var saved = detector.SaveState(topic).ToArray();

        Assert.Equal(detector.BytesPerTopic + 32, saved.Length);
        Assert.InRange(saved.Length, 500, 1_500);
    }

    [Fact]
    public void RestoreState_DamagedForeignOrOtherShapedBytes_AreRefusedAndChangeNothing()
    {
        var (detector, clock, saved) = Started(new OpinionMonitorOptions());
        var control = Started(new OpinionMonitorOptions()).Detector;

        void Refused(byte[] bytes, string why, OpinionDetector? into = null)
        {
            var result = (into ?? detector).RestoreState("brand", bytes);
            Assert.True(result.IsT1, why);
            Assert.Equal(MonitoringErrors.CheckpointUnreadable, result.AsT1.Code);
            Assert.Contains(why, result.AsT1.Message, StringComparison.Ordinal);
        }

        Refused([], "not a saved detector state");
        Refused([.. saved[..20]], "not a saved detector state");
        Refused(System.Text.Encoding.UTF8.GetBytes("{\"topic\":\"brand\",\"state\":\"...\"}"), "not a saved detector state");

        var flipped = (byte[])saved.Clone();
        flipped[100] ^= 0x10;
        Refused(flipped, "checksum");
        Refused([.. saved[..^1]], "checksum");

        // Intact bytes (checksum recomputed) that another version, another window or other inconsistent contents wrote.
        Refused(Rechecked(saved, b => b[4] = 99), "another version of the detector");
        Refused(Rechecked(saved, b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(8), 12)), "another version of the detector");
        Refused(saved, "window", new OpinionDetector(new OpinionMonitorOptions { Window = TimeSpan.FromMinutes(30) }, clock));
        Refused(saved, "baseline day", new OpinionDetector(new OpinionMonitorOptions { BaselineDays = 14 }, clock));
        Refused(Rechecked(saved, b => b.AsSpan(24, 64).Fill(0xFF)), "cannot be restored");

        // Nothing changed: the detector goes on exactly as one that was never asked.
        var later = MentionStreams.Start.AddDays(2);
        clock.AdvanceTo(later);
        for (var i = 0; i < 24; i++)
        {
            detector.ObserveCount(detector.Register("brand"), later.AddMinutes(5 * i), 200);
            control.ObserveCount(control.Register("brand"), later.AddMinutes(5 * i), 200);
        }

        var alerts = detector.TakeAlerts();
        Assert.NotEmpty(alerts);
        Assert.Equal(control.TakeAlerts(), alerts);
    }

    [Fact]
    public void Reset_ForgetsTheTopic_ItsNextSignalStartsItAfresh()
    {
        var (detector, clock, _) = Started(new OpinionMonitorOptions());
        var topic = detector.Register("brand");
        detector.Reset(topic);

        var later = MentionStreams.Start.AddDays(2);
        clock.AdvanceTo(later);
        Assert.Equal(SignalOutcome.Accepted, detector.ObserveCount(topic, later, 500));
        Assert.Empty(detector.TakeAlerts()); // no baseline any more: nothing to compare 500 with
        Assert.Throws<ArgumentOutOfRangeException>(() => detector.Reset(new TopicHandle(7)));
        Assert.Throws<ArgumentException>(() => detector.RestoreState(" ", detector.SaveState(topic).Span));
    }

    // A detector that has seen two quiet days of the topic "brand", and its saved state.
    private static (OpinionDetector Detector, ReplayClock Clock, byte[] Saved) Started(OpinionMonitorOptions options)
    {
        var clock = new ReplayClock(MentionStreams.Start);
        var detector = new OpinionDetector(options, clock);
        var topic = detector.Register("brand");
        foreach (var (at, count) in MentionStreams.SeasonalCounts(2))
        {
            clock.AdvanceTo(at);
            detector.ObserveCount(topic, at, count);
        }

        detector.TakeAlerts();
        return (detector, clock, detector.SaveState(topic).ToArray());
    }

    // The bytes changed by an edit, with the checksum (FNV-1a, 64 bits, of all but the last 8 bytes) written again.
    private static byte[] Rechecked(byte[] saved, Action<byte[]> edit)
    {
        var bytes = (byte[])saved.Clone();
        edit(bytes);
        var hash = 0xCBF29CE484222325UL;
        foreach (var b in bytes.AsSpan(0, bytes.Length - 8))
        {
            hash = (hash ^ b) * 0x100000001B3UL;
        }

        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8), hash);
        return bytes;
    }

    private static SignalOutcome Feed(OpinionDetector detector, StreamSignal step)
        => step.Count is { } count ? detector.ObserveCount(detector.Register(step.Signal.Topic), step.At, count) : detector.Observe(step.Signal);

}

/// <summary>The valid part of a random stream, with repeats, for the tests of saved and restored state.</summary>
internal static class ValidStreams
{
    // The stream's valid steps (mentions and counts), and repeats of a topic's last mention (duplicates, which the restored
    // fingerprints must still catch).
    public static List<StreamSignal> Of(OpinionStreamCase c)
    {
        var steps = new List<StreamSignal>();
        var last = new Dictionary<string, MentionSignal>(StringComparer.Ordinal);
        var now = MentionStreams.Start;
        var n = 0;
        foreach (var step in c.Steps)
        {
            n++;
            var topic = $"topic-{step.Topic}";
            if (step.Kind is StreamStepKind.DuplicateById or StreamStepKind.DuplicateByFields && last.TryGetValue(topic, out var previous))
            {
                steps.Add(new StreamSignal(previous, null, now));
                continue;
            }

            if (step.Kind is not (StreamStepKind.Signal or StreamStepKind.Count))
            {
                continue;
            }

            now += TimeSpan.FromSeconds(step.Seconds);
            var signal = new MentionSignal(topic, "weibo", now, step.Sentiment, step.Reach, 10 + step.Variant, step.WithId ? $"id-{n}" : null);
            if (step.Kind == StreamStepKind.Count)
            {
                steps.Add(new StreamSignal(signal, step.Variant % 40, now));
            }
            else
            {
                steps.Add(new StreamSignal(signal, null, now));
                last[topic] = signal;
            }
        }

        return steps;
    }

}

/// <summary>A mention (or, with <paramref name="Count"/>, a count) of a stream at <paramref name="At"/>.</summary>
/// <param name="Signal">The mention.</param>
/// <param name="Count">The count, for a count step.</param>
/// <param name="At">When.</param>
internal sealed record StreamSignal(MentionSignal Signal, int? Count, DateTimeOffset At);
