using OpenTelemetry.Exporter;

namespace PetitionOpinion.Samples.WebApi.Hosting;

/// <summary>
/// Where the sample sends its metrics and traces in OpenTelemetry's format: over OTLP to <c>Telemetry:Otlp:Endpoint</c>
/// (with <c>Telemetry:Otlp:Protocol</c>: <c>grpc</c>, the default, or <c>http/protobuf</c>), or — the standard way — to
/// the endpoint of the <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> environment variable (the exporter then reads the other
/// <c>OTEL_EXPORTER_OTLP_*</c> variables too). With neither, the sample sets up no OpenTelemetry at all.
/// </summary>
internal sealed class TelemetrySettings
{
    public const string EndpointKey = "Telemetry:Otlp:Endpoint";
    public const string ProtocolKey = "Telemetry:Otlp:Protocol";
    public const string StandardEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private TelemetrySettings(Uri? endpoint, OtlpExportProtocol protocol, bool fromEnvironment)
    {
        Endpoint = endpoint;
        Protocol = protocol;
        FromEnvironment = fromEnvironment;
    }

    /// <summary>Gets the endpoint configured under <see cref="EndpointKey"/>, if any.</summary>
    public Uri? Endpoint { get; }

    /// <summary>Gets the protocol for <see cref="Endpoint"/>.</summary>
    public OtlpExportProtocol Protocol { get; }

    /// <summary>Gets a value indicating whether only the standard variable names an endpoint.</summary>
    public bool FromEnvironment { get; }

    /// <summary>Gets a value indicating whether anything is exported.</summary>
    public bool Enabled => Endpoint is not null || FromEnvironment;

    /// <summary>Reads the settings; an endpoint that is not an absolute http(s) URL or an unknown protocol stops the host at start-up.</summary>
    public static TelemetrySettings From(IConfiguration configuration)
    {
        var endpoint = configuration[EndpointKey];
        var protocol = configuration[ProtocolKey];
        var parsed = protocol is null or "" or "grpc" ? OtlpExportProtocol.Grpc
            : protocol == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf
            : throw new InvalidOperationException($"{ProtocolKey}: '{protocol}' is not an OTLP protocol; use grpc or http/protobuf.");
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return new TelemetrySettings(null, parsed, !string.IsNullOrWhiteSpace(configuration[StandardEndpointVariable]));
        }

        return Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? new TelemetrySettings(uri, parsed, false)
            : throw new InvalidOperationException($"{EndpointKey}: '{endpoint}' is not an absolute http or https URL.");
    }

    /// <summary>Where the log says the telemetry goes: the endpoint's scheme, host and port (never a path or query that could carry a key).</summary>
    public string Describe() => Endpoint?.GetLeftPart(UriPartial.Authority) ?? $"the {StandardEndpointVariable} settings";
}
