using System.Collections.Frozen;
using PetitionOpinion.LoadBaseline;

// The raw host of eng/load.sh: what the web sample does for POST /incidents and POST /incidents/{id}/assessment, written
// by hand on ASP.NET Core minimal APIs — the practical limit the sample is measured against. It writes the rows the
// library's store writes, on SQLite (Microsoft.Data.Sqlite; the default) or PostgreSQL (Npgsql):
// - SQLite: the same schema (summary row, event row carrying the ledger entry, the petitioner's pseudonym index through
//   the same trigger), one write connection under a lock, WAL and synchronous=FULL like the store (RawSqliteWriter).
// - PostgreSQL: the same schema (summary row, event row, ledger entry and head, the tail row locked and moved on), a
//   data source's pool, each write one transaction in batched, prepared statements (RawPostgreSqlWriter).
// It has no domain logic: benchmarks/README.md ("The library's share of a request") says what it does and does not do.
//
//   dotnet PetitionOpinion.LoadBaseline.dll --urls http://127.0.0.1:5090 --Baseline:Path=/tmp/raw.db
//   dotnet PetitionOpinion.LoadBaseline.dll --urls http://127.0.0.1:5090 --Baseline:Provider=PostgreSql --Baseline:ConnectionString="Host=..."
var builder = WebApplication.CreateBuilder(args);
var provider = builder.Configuration["Baseline:Provider"] ?? "Sqlite";
var postgreSql = string.Equals(provider, "PostgreSql", StringComparison.OrdinalIgnoreCase);
if (!postgreSql && !string.Equals(provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
{
    throw new InvalidOperationException($"Baseline:Provider: '{provider}' is not Sqlite or PostgreSql.");
}

builder.Services.AddSingleton(TimeProvider.System);
if (postgreSql)
{
    var connectionString = builder.Configuration["Baseline:ConnectionString"];
    if (string.IsNullOrWhiteSpace(connectionString))
    {
        throw new InvalidOperationException("Baseline:ConnectionString: the PostgreSQL writer needs a connection string.");
    }

    builder.Services.AddSingleton(services => new RawPostgreSqlWriter(connectionString, services.GetRequiredService<TimeProvider>()));
}
else
{
    var path = builder.Configuration["Baseline:Path"] ?? Path.Combine(Path.GetTempPath(), "petition-opinion-load-baseline.db");
    builder.Services.AddSingleton(services => new RawSqliteWriter(path, services.GetRequiredService<TimeProvider>()));
}

var app = builder.Build();

// The sample's people: a header naming anybody else is refused, as the sample's development scheme refuses it.
var people = new[]
{
    "wang.jianguo", "li.na", "zhang.wei", "chen.jing", "liu.yang", "zhao.lei", "sun.li", "zhou.min", "wu.hao", "xu.fang", "he.jun", "ma.chao",
}.ToFrozenSet(StringComparer.Ordinal);

app.MapGet("/health", () => Results.Ok());

if (postgreSql)
{
    var writer = app.Services.GetRequiredService<RawPostgreSqlWriter>();
    app.MapPost("/incidents", async (RawReport body, HttpContext context) =>
    {
        if (Actor(context) is not { } actor)
        {
            return Results.Unauthorized();
        }

        var key = context.Request.Headers["Idempotency-Key"].ToString();
        var (incident, created) = await writer.ReportAsync(actor, body, key.Length == 0 ? null : key, context.RequestAborted);
        if (!created)
        {
            context.Response.Headers["Idempotent-Replayed"] = "true";
            return Results.Ok(incident);
        }

        return Results.Created($"/incidents/{incident.Id}", incident);
    });

    app.MapPost("/incidents/{id:guid}/assessment", async (Guid id, RawAssessment body, HttpContext context) =>
    {
        if (Actor(context) is not { } actor)
        {
            return Results.Unauthorized();
        }

        var (incident, status) = await writer.AssessAsync(id, actor, body, context.RequestAborted);
        return incident is null ? Results.StatusCode(status) : Results.Ok(incident);
    });
}
else
{
    var writer = app.Services.GetRequiredService<RawSqliteWriter>();
    app.Lifetime.ApplicationStopping.Register(writer.Dispose);
    app.MapPost("/incidents", (RawReport body, HttpContext context) =>
    {
        if (Actor(context) is not { } actor)
        {
            return Results.Unauthorized();
        }

        var key = context.Request.Headers["Idempotency-Key"].ToString();
        var (incident, created) = writer.Report(actor, body, key.Length == 0 ? null : key);
        if (!created)
        {
            context.Response.Headers["Idempotent-Replayed"] = "true";
            return Results.Ok(incident);
        }

        return Results.Created($"/incidents/{incident.Id}", incident);
    });

    app.MapPost("/incidents/{id:guid}/assessment", (Guid id, RawAssessment body, HttpContext context) =>
    {
        if (Actor(context) is not { } actor)
        {
            return Results.Unauthorized();
        }

        var (incident, status) = writer.Assess(id, actor, body);
        return incident is null ? Results.StatusCode(status) : Results.Ok(incident);
    });
}

app.Run();

string? Actor(HttpContext context)
{
    var values = context.Request.Headers["X-Dev-User"];
    return values.Count == 1 && values[0] is { } person && people.Contains(person) ? person : null;
}
