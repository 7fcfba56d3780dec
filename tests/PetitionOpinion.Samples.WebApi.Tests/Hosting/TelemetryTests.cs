using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PetitionOpinion.Samples.WebApi.Tests.Support;

namespace PetitionOpinion.Samples.WebApi.Tests.Hosting;

/// <summary>
/// The sample exports the library's metrics and traces (and ASP.NET Core's) over OTLP when an endpoint is configured —
/// its own key or the standard environment variable — to a stand-in collector on the loopback address; with none, it
/// sets up no OpenTelemetry at all.
/// </summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task EndpointConfigured_ExportsTheLibrarysMetricsAndTracesOverOtlp()
    {
        using var collector = new OtlpReceiver();
        using var api = new SampleApi(inMemory: true, settings: new Dictionary<string, string?>
        {
            ["Telemetry:Otlp:Endpoint"] = collector.Endpoint,
            ["Telemetry:Otlp:Protocol"] = "http/protobuf",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = string.Empty,
        });

        var id = await Story.ReportAsync(api);
        await Story.AssessAsync(api, id);
        api.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000);
        api.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000);

        Assert.True(collector.Carried("/v1/metrics", "petition_opinion.incidents.reported"), Describe(collector));
        Assert.True(collector.Carried("/v1/metrics", "petition_opinion.incident.time_to_acknowledge"), Describe(collector));
        Assert.True(collector.Carried("/v1/metrics", "http.server.request.duration"), Describe(collector));
        Assert.True(collector.Carried("/v1/traces", "incident report"), Describe(collector)); // the span's name
        Assert.True(collector.Carried("/v1/traces", "petition_opinion.incident.action"), Describe(collector));
        Assert.True(collector.Carried("/v1/traces", "PetitionOpinion.Samples.WebApi"), Describe(collector));
        Assert.True(collector.Carried("/v1/traces", id), Describe(collector));

        // Nothing of the petitioner leaves the host in the telemetry.
        Assert.False(collector.Carried("/v1/traces", Story.PetitionerName) || collector.Carried("/v1/metrics", Story.PetitionerName));
        Assert.False(collector.Carried("/v1/traces", "138 0000") || collector.Carried("/v1/metrics", "138 0000"));
    }

    [Fact]
    public async Task StandardVariableOnly_ExportsThroughTheOtlpEnvironmentSettings()
    {
        using var collector = new OtlpReceiver();
        using var api = new SampleApi(inMemory: true, settings: new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });

        await Story.ReportAsync(api);
        api.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000);

        Assert.True(collector.Carried("/v1/traces", "incident report"), Describe(collector));
    }

    [Fact]
    public async Task NoEndpoint_NoOpenTelemetryAtAll()
    {
        using var api = new SampleApi(inMemory: true, settings: new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = string.Empty });

        await Story.ReportAsync(api);

        Assert.Null(api.Services.GetService<MeterProvider>());
        Assert.Null(api.Services.GetService<TracerProvider>());
    }

    [Theory]
    [InlineData("Telemetry:Otlp:Endpoint", "collector:4317")]
    [InlineData("Telemetry:Otlp:Protocol", "udp")]
    public void InvalidSetting_HostDoesNotStartAndSaysWhich(string key, string value)
    {
        var settings = new Dictionary<string, string?> { ["Telemetry:Otlp:Endpoint"] = "http://127.0.0.1:4318", [key] = value };
        using var api = new SampleApi(inMemory: true, settings: settings);

        var error = Assert.ThrowsAny<Exception>(() => api.CreateClient());

        Assert.Contains(key, error.ToString(), StringComparison.Ordinal);
    }

    private static string Describe(OtlpReceiver collector)
        => $"received: {string.Join(", ", collector.Received.Select(r => $"{r.Path} ({r.Body.Length} B)"))}";
}
