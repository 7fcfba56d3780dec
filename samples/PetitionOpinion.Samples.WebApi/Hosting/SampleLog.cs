namespace PetitionOpinion.Samples.WebApi.Hosting;

/// <summary>The sample host's own log lines, source-generated like the library's.</summary>
internal static partial class SampleLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Development authentication: the {Header} header names the acting person and is believed as is. Do not expose this host.")]
    public static partial void DevelopmentAuthentication(ILogger logger, string header);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Incidents are stored {Where}.")]
    public static partial void StoredWhere(ILogger logger, string where);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Metrics and traces are exported over OTLP ({Protocol}) to {Endpoint}.")]
    public static partial void ExportingTelemetry(ILogger logger, string protocol, string endpoint);
}
