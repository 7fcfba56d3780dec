using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using PetitionOpinion.Diagnostics;

namespace PetitionOpinion.Tests.Diagnostics;

/// <summary>One measurement: the instrument's name, kind and unit, the value and the tags.</summary>
public sealed record Measured(string Instrument, string InstrumentType, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    /// <summary>Gets a tag's value as text ("" when absent).</summary>
    public string Tag(string name) => Tags.TryGetValue(name, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty : string.Empty;

    /// <summary>Gets the tags as one sorted "key=value;..." text, for exact comparison.</summary>
    public string TagText => string.Join(";", Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={Convert.ToString(t.Value, CultureInfo.InvariantCulture)}"));
}

/// <summary>
/// Listens to one <see cref="PetitionOpinionTelemetry"/> instance — its own meter and activity source, by reference, so
/// that tests running at the same time never see each other's measurements — and keeps every instrument published,
/// every measurement and every activity stopped.
/// </summary>
public sealed class TelemetryCapture : IDisposable
{
    private readonly MeterListener _meters = new();
    private readonly ActivityListener _activities;
    private readonly ConcurrentQueue<Measured> _measured = new();
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ConcurrentDictionary<string, Instrument> _instruments = new(StringComparer.Ordinal);

    public TelemetryCapture(PetitionOpinionTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        var meter = telemetry.Meter;
        var source = telemetry.Source;
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                _instruments[instrument.Name] = instrument;
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
        _meters.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags));
        _meters.Start();
        _activities = new ActivityListener
        {
            ShouldListenTo = s => ReferenceEquals(s, source),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => _stopped.Enqueue(a),
        };
        ActivitySource.AddActivityListener(_activities);
    }

    /// <summary>Gets the instruments published on the telemetry's meter, by name.</summary>
    public IReadOnlyDictionary<string, Instrument> Instruments => _instruments;

    /// <summary>Gets every measurement so far, in order.</summary>
    public IReadOnlyList<Measured> Measurements => [.. _measured];

    /// <summary>Gets every activity stopped so far, in order.</summary>
    public IReadOnlyList<Activity> Activities => [.. _stopped];

    /// <summary>Gets the measurements of one instrument.</summary>
    public IReadOnlyList<Measured> Of(string instrument) => [.. _measured.Where(m => m.Instrument == instrument)];

    /// <summary>Sums one instrument's measurements by their tags (the "key=value;..." text).</summary>
    public IReadOnlyDictionary<string, double> Sums(string instrument)
        => Of(instrument).GroupBy(m => m.TagText, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(m => m.Value), StringComparer.Ordinal);

    /// <summary>Reads the observable instruments now (what an exporter does when it collects).</summary>
    public void Collect() => _meters.RecordObservableInstruments();

    /// <summary>Forgets the measurements and activities so far.</summary>
    public void Clear()
    {
        _measured.Clear();
        _stopped.Clear();
    }

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }

    /// <summary>Every text a measurement or an activity carries: tag and attribute names and values, names, status, events, baggage.</summary>
    public IEnumerable<string> AllTexts()
    {
        foreach (var m in Measurements)
        {
            yield return m.Instrument;
            yield return m.TagText;
        }

        foreach (var a in Activities)
        {
            yield return a.OperationName;
            yield return a.DisplayName;
            yield return a.StatusDescription ?? string.Empty;
            foreach (var (key, value) in a.TagObjects)
            {
                yield return $"{key}={Convert.ToString(value, CultureInfo.InvariantCulture)}";
            }

            foreach (var e in a.Events)
            {
                yield return e.Name;
                foreach (var (key, value) in e.Tags)
                {
                    yield return $"{key}={Convert.ToString(value, CultureInfo.InvariantCulture)}";
                }
            }

            foreach (var (key, value) in a.Baggage)
            {
                yield return $"{key}={value}";
            }
        }
    }

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, tagValue) in tags)
        {
            copy[key] = tagValue;
        }

        var type = instrument.GetType();
        var kind = type.IsGenericType ? type.GetGenericTypeDefinition().Name.Split('`')[0] : type.Name;
        _measured.Enqueue(new Measured(instrument.Name, kind, instrument.Unit, Convert.ToDouble(value, CultureInfo.InvariantCulture), copy));
    }
}
