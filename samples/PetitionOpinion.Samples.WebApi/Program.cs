using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using PetitionOpinion.Hosting;
using OpenTelemetry;
using OpenTelemetry.Resources;
using PetitionOpinion.Diagnostics;
using PetitionOpinion.Samples.WebApi.Authentication;
using PetitionOpinion.Samples.WebApi.Errors;
using PetitionOpinion.Samples.WebApi.Hosting;
using PetitionOpinion.Samples.WebApi.Incidents;
using PetitionOpinion.Samples.WebApi.LeadingGroup;

// The PetitionOpinion sample Web API: the library's incident lifecycle, readiness and statistics over HTTP.
// Run it: dotnet run --project samples/PetitionOpinion.Samples.WebApi   (README.md beside this file has curl examples)
var builder = WebApplication.CreateBuilder(args);

// The library, with its options — the organisation and its people, the readiness resources and training — bound from the
// "PetitionOpinion" section of appsettings.json and validated at start-up (every problem listed with its path).
var petitionOpinion = builder.Services.AddPetitionOpinion(builder.Configuration.GetSection("PetitionOpinion"));
var store = StoreSettings.From(builder.Configuration);
if (store.UsesSqlite)
{
    petitionOpinion.UseSqliteStore(store.FullPath);
}
else if (store.UsesPostgreSql)
{
    petitionOpinion.UsePostgreSqlStore(store.ConnectionString!);
}

// <hosting>
// The library's two loops as hosted services: the deadline monitor records due warnings, breaches and escalations once,
// the dispatcher delivers the outbox (retrying, backing off through a store outage, releasing its claims on stop).
// Options from "PetitionOpinion:Hosting", validated at start-up. Notifications go to a WeCom group robot when
// Notifications:WeCom:Url is set, and to the log otherwise.
petitionOpinion.AddPetitionOpinionHosting(builder.Configuration.GetSection("PetitionOpinion:Hosting"));
if (builder.Configuration.GetSection("Notifications:WeCom").Exists())
{
    petitionOpinion.AddWeComRobot(builder.Configuration.GetSection("Notifications:WeCom"));
}
else
{
    petitionOpinion.AddNotificationChannel<LogChannel>();
}

builder.Services.AddHealthChecks().AddPetitionOpinionChecks();
// </hosting>

builder.Services.AddSingleton<IncidentAccess>();
builder.Services.AddSingleton<IntakeSources>(); // whose idempotency keys a report's key is one of: the caller's, or Idempotency:SourceClaim's

// <opentelemetry>
// Metrics and traces in OpenTelemetry's format, over OTLP, when an endpoint is configured: Telemetry:Otlp:Endpoint, or the
// standard OTEL_EXPORTER_OTLP_ENDPOINT environment variable. The library's meter and activity source are added by name.
var telemetry = TelemetrySettings.From(builder.Configuration);
if (telemetry.Enabled)
{
    var openTelemetry = builder.Services.AddOpenTelemetry()
        .ConfigureResource(resource => resource.AddService("PetitionOpinion.Samples.WebApi"))
        .WithMetrics(metrics => metrics.AddMeter(PetitionOpinionTelemetry.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"))
        .WithTracing(tracing => tracing.AddSource(PetitionOpinionTelemetry.ActivitySourceName, "Microsoft.AspNetCore"));
    if (telemetry.Endpoint is { } endpoint)
    {
        openTelemetry.UseOtlpExporter(telemetry.Protocol, endpoint);
    }
    else
    {
        openTelemetry.UseOtlpExporter(); // reads OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL, _HEADERS, ...
    }
}
// </opentelemetry>

// JSON: enums by name only (a number or an unknown name is a 400), numbers as numbers (not "3": the OpenAPI document then
// types them as integers alone), identifiers as plain strings.
builder.Services.ConfigureHttpJsonOptions(options =>
{
    options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
    options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
    IdentifierJsonConverters.AddTo(options.SerializerOptions);
});

// Errors are RFC 9457 problem details. A request that cannot be bound (malformed JSON, a bad GUID) throws, so that
// ProblemExceptionHandler can answer it with a code like every other error instead of an empty 400.
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = Problems.AddMissingCode);
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

// Who acts comes from the authenticated identity, never from a request body. DEVELOPMENT ONLY: the X-Dev-User header scheme
// believes whatever person id the caller sends. Replace it with real authentication (README.md, "Authentication").
var allowDevelopmentScheme = builder.Environment.IsDevelopment() || builder.Configuration.GetValue<bool>("Authentication:AllowDevelopmentScheme");
if (!allowDevelopmentScheme)
{
    throw new InvalidOperationException(
        "The X-Dev-User authentication scheme lets anyone act as anyone, so it runs only in the Development environment "
        + "(or with Authentication:AllowDevelopmentScheme=true). Configure real authentication first: see the sample's README.md.");
}

builder.Services.AddAuthentication(DevelopmentAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, DevelopmentAuthenticationHandler>(DevelopmentAuthenticationHandler.SchemeName, configureOptions: null);
builder.Services.AddAuthorizationBuilder()
    .AddPolicy(SampleClaims.ActingPersonPolicy, policy => policy.RequireAuthenticatedUser().RequireClaim(SampleClaims.PersonId));

builder.Services.AddOpenApi(OpenApiTransformers.AddTo);

var app = builder.Build();
SampleLog.DevelopmentAuthentication(app.Logger, DevelopmentAuthenticationHandler.HeaderName);
SampleLog.StoredWhere(app.Logger, store.Describe());
if (telemetry.Enabled)
{
    SampleLog.ExportingTelemetry(app.Logger, telemetry.Endpoint is null ? "as configured" : telemetry.Protocol.ToString(), telemetry.Describe());
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi(); // /openapi/v1.json, open to all: the document holds no data.

// <health>
// Health for the orchestrator, open to all (names, counts and ages only): /health/ready fails while the store is
// unreachable, the outbox's oldest message is too old or no deadline scan completed lately; /health/live fails when the
// loops stopped; /health runs every check.
app.MapHealthChecks("/health");
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(PetitionOpinionHealthChecks.ReadyTag) });
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains(PetitionOpinionHealthChecks.LiveTag) });
// </health>
app.MapIncidentEndpoints();
app.MapLeadingGroupEndpoints();

app.Run();

/// <summary>The entry point; public so that the tests' <c>WebApplicationFactory&lt;Program&gt;</c> can start the host in-process.</summary>
public partial class Program;
