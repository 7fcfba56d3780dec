using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Samples.WebApi.Errors;
using PetitionOpinion.Samples.WebApi.Incidents;

namespace PetitionOpinion.Samples.WebApi.Hosting;

/// <summary>
/// Completes each operation of the OpenAPI document: typed path and query parameters, the statuses every operation can
/// answer (415 for a body that is not JSON, 500), the headers of an intake, the media types of the negotiated views, and a
/// description — for a lifecycle action, read from the library's lifecycle table and the host's authority matrix, so that
/// it says what the API will actually allow.
/// </summary>
internal static class OpenApiOperations
{
    private const string ProblemMediaType = "application/problem+json";

    // The operations that are not lifecycle actions, described by hand (the actions' descriptions are generated).
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["QueryIncidents"] = "The summaries of the incidents that match every filter given (a repeated filter matches any of its values), newest report first. "
            + "Page with skip and take, or pass the previous page's next token as after (keyset paging, cheap at any depth); count=false leaves totalCount at -1 and skips counting every match. "
            + "A bad filter answers 400 with code request.invalid_query and errors keyed by parameter.",
        ["GetIncident"] = "The incident as it stands: its state, level, assessments, directives, communications, statements, support and review requests, "
            + "deadline pauses and its whole history (the audit trail). The petitioner's contact details are shown only to the petition handling and leading groups; "
            + "to anyone else petitioner is null and petitionerRedacted is true.",
        ["GetClosureReport"] = "The closure report (总结报告) as Markdown: the incident's timeline, assessments, directives, statements and deadlines, with the submitted report's "
            + "summary, causes, improvements and lessons — a draft until the leading group accepts it. lang chooses English (en, the default) or Chinese (zh-CN).",
        ["GetDeadlines"] = "Every deadline the incident has now (acknowledgement, first statement, resolution, directives, ...) with its due time, how much of its time has "
            + "passed, and whether it is met, running, paused, breached or escalated — counted in working days where the plan says so.",
        ["GetPermittedActions"] = "The actions the caller may perform on the incident now: allowed in its state, every condition met, and within the caller's authority. "
            + "A client shows exactly these buttons.",
        ["WhyNot"] = "Whether the caller may perform the action now and, if not, every reason why (state, conditions, authority), each with its code: "
            + "the same reasons a refused action would answer with.",
        ["VerifyHashChain"] = "Re-hashes the incident's stored events and checks the chain and its anchor in the store-wide ledger: intact, or the findings "
            + "(a changed, removed or inserted event) — tamper evidence for an audit.",
        ["GetReadiness"] = "The readiness report of the response organisation against the plan: every gap (a role nobody holds, an intake channel missing, staff "
            + "without training) with its severity. JSON, or Markdown in English or Chinese: chosen by format, else the Accept header.",
        ["GetStatistics"] = "Statistics over the incidents that match the filters (as in GET /incidents): counts by kind, level, category and channel, times to "
            + "acknowledge and to resolve, the share within target, the reopen rate and repeat petitioners. JSON, Markdown or CSV: chosen by format, else the Accept header.",
    };

    /// <summary>Adds the operation transformer to the options.</summary>
    public static void AddTo(OpenApiOptions options) => options.AddOperationTransformer(TransformAsync);

    // Completes one operation (its context's services: the lifecycle and the authority matrix).
    private static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        var id = operation.OperationId ?? "";
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            TypeParameter(parameter, id, document);
        }

        operation.Responses ??= [];
        if (operation.RequestBody is not null)
        {
            operation.Responses["415"] = Problem("The request's body is not JSON (Content-Type must be application/json).", document);
        }

        operation.Responses["500"] = Problem("The host failed (a store that cannot be reached, a bug). The problem's traceId finds it in the logs; nothing is said of the cause.", document);
        switch (id)
        {
            case "ReportIncident":
                Header(operation, "201", "Location", "The new incident's address: /incidents/{id}.", new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" });
                Header(operation, "200", IncidentEndpoints.ReplayedHeader, "true: this report repeated an earlier one with the same Idempotency-Key, whose incident is returned; nothing new was created.", new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("true")] });
                break;
            case "GetReadiness":
            case "GetStatistics":
                TextForms(operation);
                break;
            default:
                break;
        }

        operation.Description = Descriptions.GetValueOrDefault(id) ?? DescribeAction(id, context.ApplicationServices);
        return Task.CompletedTask;
    }

    // Path, query and header parameters, typed by name: every operation uses the same names for the same things.
    private static void TypeParameter(OpenApiParameter parameter, string operationId, OpenApiDocument document)
    {
        switch (parameter.In, parameter.Name)
        {
            case (ParameterLocation.Path, "id"):
                parameter.Description = "The incident's id.";
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" };
                break;
            case (ParameterLocation.Path, "n"):
                parameter.Description = "The number of the directive, statement or support request within the incident, from 1 in the order they were made.";
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1" };
                break;
            case (ParameterLocation.Path, "action"):
                parameter.Schema = new OpenApiSchemaReference("IncidentAction", document);
                break;
            case (ParameterLocation.Query, "state"):
                Filter(parameter, "States to match.", new OpenApiSchemaReference("IncidentState", document));
                break;
            case (ParameterLocation.Query, "level"):
                Filter(parameter, "Levels to match (unassessed incidents match none).", new OpenApiSchemaReference("SeverityLevel", document));
                break;
            case (ParameterLocation.Query, "category"):
                Filter(parameter, "Risk categories to match.", OpenApiTransformers.IdentifierSchema(typeof(RiskCategory)));
                break;
            case (ParameterLocation.Query, "channel"):
                Filter(parameter, "Intake channels to match.", new OpenApiSchemaReference("IntakeChannel", document));
                break;
            case (ParameterLocation.Query, "reportedFrom"):
                Instant(parameter, "The earliest report time to match (inclusive), e.g. 2026-03-01T00:00:00Z.");
                break;
            case (ParameterLocation.Query, "reportedBefore"):
                Instant(parameter, "The report time to match before (exclusive); later than reportedFrom.");
                break;
            case (ParameterLocation.Query, "overdueAt"):
                Instant(parameter, "Only incidents with an open directive due before this instant.");
                break;
            case (ParameterLocation.Query, "skip"):
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0", Default = JsonValue.Create(0) };
                break;
            case (ParameterLocation.Query, "take"):
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "1000", Default = JsonValue.Create(50) };
                break;
            case (ParameterLocation.Query, "lang"):
                parameter.Schema = Names("en", "zh-CN");
                break;
            case (ParameterLocation.Query, "format"):
                parameter.Schema = operationId == "GetStatistics" ? Names("json", "markdown", "csv") : Names("json", "markdown");
                break;
            case (ParameterLocation.Header, IncidentEndpoints.IdempotencyKeyHeader):
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 200 };
                break;
            default:
                break;
        }
    }

    // A repeatable query filter: ?state=Reported&state=Assessed.
    private static void Filter(OpenApiParameter parameter, string description, IOpenApiSchema item)
    {
        parameter.Description = $"{description} Repeat the parameter for several values: any of them matches.";
        parameter.Style = ParameterStyle.Form;
        parameter.Explode = true;
        parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = item };
    }

    private static void Instant(OpenApiParameter parameter, string description)
    {
        parameter.Description = $"{description} ISO 8601 with an offset.";
        parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" };
    }

    private static OpenApiSchema Names(params string[] names)
        => new() { Type = JsonSchemaType.String, Enum = [.. names.Select(n => (JsonNode)JsonValue.Create(n))] };

    private static OpenApiResponse Problem(string description, OpenApiDocument document)
        => new()
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemMediaType] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) } },
        };

    private static void Header(OpenApiOperation operation, string status, string name, string description, OpenApiSchema schema)
    {
        if (operation.Responses is { } responses && responses.TryGetValue(status, out var found) && found is OpenApiResponse response)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers[name] = new OpenApiHeader { Description = description, Schema = schema };
        }
    }

    // Readiness and statistics answer one view in several forms: JSON (its schema), and Markdown or CSV (text).
    private static void TextForms(OpenApiOperation operation)
    {
        if (operation.Responses is { } responses && responses.TryGetValue("200", out var found) && found is OpenApiResponse { Content: { } content })
        {
            foreach (var type in content.Keys.Where(k => k.StartsWith("text/", StringComparison.Ordinal)).ToList())
            {
                content[type] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }
        }
    }

    // A lifecycle action's description, from what decides it: the states it is allowed in (and the state it leads to),
    // the conditions that must hold, and who may — the host's authority matrix, so a host that changed it documents its own.
    private static string DescribeAction(string operationId, IServiceProvider services)
    {
        if (!Enum.TryParse<IncidentAction>(operationId.Replace("Incident", "", StringComparison.Ordinal), out var action) || !Enum.IsDefined(action))
        {
            throw new InvalidOperationException($"Operation {operationId} is neither a lifecycle action nor described in {nameof(OpenApiOperations)}.");
        }

        var table = services.GetRequiredService<IncidentLifecycle>().Table;
        var organization = services.GetRequiredService<ResponseOrganization>();
        var matrix = services.GetRequiredService<IOptions<PetitionOpinionOptions>>().Value.BuildAuthorityMatrix(organization).AsT0;
        var text = new StringBuilder();
        var rows = table.Transitions.Where(t => t.Action == action).ToList();
        if (action == IncidentAction.Report)
        {
            text.Append("Creates an incident in the Reported state and answers it with 201 and its Location. With an Idempotency-Key, a retry of the same ")
                .Append("report answers 200 with the incident it created (Idempotent-Replayed: true) and the same key with another report 422. ");
        }
        else
        {
            // "Reported, Assessed or Directed (then Dismissed)": the states grouped by where the action leads from them.
            var allowed = rows.GroupBy(t => t.From == t.To ? (IncidentState?)null : t.To)
                .Select(g => Join(g.Select(t => t.From.ToString())) + (g.Key is { } to ? $" (then {to})" : ""));
            text.Append("Allowed when the incident is ").Append(Join(allowed)).Append(". ");
        }

        var guards = rows.SelectMany(t => t.Guards).DistinctBy(g => g.Code).ToList();
        if (guards.Count > 0)
        {
            // Each with the code and status it is refused with (ErrorStatuses: most are 409, a few about who acts 403).
            text.Append("It must also hold that ")
                .AppendJoin("; ", guards.Select(g => $"{g.Description.TrimEnd('.')} (else {ErrorStatuses.Of(g.Code)} {g.Code})"))
                .Append(". ");
        }

        text.Append("Who may: ").Append(Join(matrix.For(action).Select(g => Who(g, organization)))).Append(". ");
        text.Append(action == IncidentAction.Report
            ? "Refused with 403 when the caller may not, and 400 when the report is not valid (the problem's code and details say what)."
            : "Refused with 403 when the caller may not, 409 when the incident's state does not allow it, and as said above when a condition fails; "
                + "GET /incidents/{id}/permitted-actions/{action} gives every reason beforehand.");
        return text.ToString();
    }

    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} or {list[^1]}";
    }

    private static string Who(AuthorityGrant grant, ResponseOrganization organization)
    {
        var group = organization.FindGroup(grant.Group)?.Name ?? grant.Group.ToString();
        return grant.Kind switch
        {
            GrantKind.Anyone => "anyone in the organisation",
            GrantKind.LeaderOfAnyGroup => "the leader of any group",
            GrantKind.AssigneeGroup => "the members of the group the directive is assigned to",
            GrantKind.Department => $"the holders of a position for the {grant.Department} department",
            _ when grant.Roles.Length == Enum.GetValues<GroupRole>().Length => $"the {group}",
            _ => $"the {group}'s {string.Join(" and ", grant.Roles.OrderDescending().Select(r => r switch { GroupRole.Leader => "leader", GroupRole.DeputyLeader => "deputy leaders", _ => "members" }))}",
        };
    }
}
