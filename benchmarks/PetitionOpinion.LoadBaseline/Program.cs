using System.Collections.Frozen;
using PetitionOpinion.LoadBaseline;

// The raw host of eng/load.sh: what the web sample does for POST /incidents and POST /incidents/{id}/assessment, written
// by hand on ASP.NET Core minimal APIs and Microsoft.Data.Sqlite — the practical limit the sample is measured against.
// It writes the rows the library's SQLite store writes (the same schema: summary row, event row carrying the ledger
// entry, the petitioner's pseudonym index through the same trigger), with one write connection under a lock, WAL and
// synchronous=FULL like the store. It has no domain logic: benchmarks/README.md ("The library's share of a request") says what it does and does not do.
//
//   dotnet PetitionOpinion.LoadBaseline.dll --urls http://127.0.0.1:5090 --Baseline:Path=/tmp/raw.db
var builder = WebApplication.CreateBuilder(args);
var path = builder.Configuration["Baseline:Path"] ?? Path.Combine(Path.GetTempPath(), "petition-opinion-load-baseline.db");
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(services => new RawSqliteWriter(path, services.GetRequiredService<TimeProvider>()));

var app = builder.Build();
var writer = app.Services.GetRequiredService<RawSqliteWriter>();
app.Lifetime.ApplicationStopping.Register(writer.Dispose);

// The sample's people: a header naming anybody else is refused, as the sample's development scheme refuses it.
var people = new[]
{
    "wang.jianguo", "li.na", "zhang.wei", "chen.jing", "liu.yang", "zhao.lei", "sun.li", "zhou.min", "wu.hao", "xu.fang", "he.jun", "ma.chao",
}.ToFrozenSet(StringComparer.Ordinal);

app.MapGet("/health", () => Results.Ok());

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

app.Run();

string? Actor(HttpContext context)
{
    var values = context.Request.Headers["X-Dev-User"];
    return values.Count == 1 && values[0] is { } person && people.Contains(person) ? person : null;
}
