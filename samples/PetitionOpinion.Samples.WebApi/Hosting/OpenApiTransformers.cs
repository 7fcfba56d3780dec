using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Storage;
using PetitionOpinion.Samples.WebApi.Authentication;

namespace PetitionOpinion.Samples.WebApi.Hosting;

/// <summary>
/// Shapes the OpenAPI document (<c>/openapi/v1.json</c>, kept beside the sample as <c>openapi/v1.json</c>) so that
/// clients generated from it (Kiota, openapi-typescript) lose nothing and type everything: identifiers as plain strings,
/// enums without a <c>null</c> member, problem details with their extension members, and every status, header and media
/// type the API answers with declared (the operations: <see cref="OpenApiOperations"/>).
/// </summary>
internal static class OpenApiTransformers
{
    /// <summary>Adds the transformers to the options.</summary>
    public static void AddTo(OpenApiOptions options)
    {
        // Identifiers are plain strings (IdentifierJsonConverters): written in place rather than as components, so that a
        // nullable one is "type: [string, null]" and not "one of null or a reference to a string schema", which generated
        // clients read as an empty object.
        options.CreateSchemaReferenceId = type => IsIdentifier(type.Type) ? null : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
        options.AddSchemaTransformer(IdentifiersAsStrings);
        OpenApiOperations.AddTo(options);
        options.AddDocumentTransformer(DescribeDocument);
    }

    // The document: who it is from, its server, tags, the development security scheme, and the shared schemas fixed.
    private static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "PetitionOpinion sample Web API";
        document.Info.Description = "A sample host over the PetitionOpinion library: the company's petition (信访) and public-opinion (舆情) plan as an "
            + "incident lifecycle — report, assess, direct, respond, resolve, report and close — with readiness and statistics for the leading group. "
            + "Errors are RFC 9457 problem details with a machine-readable `code`. "
            + "DEVELOPMENT AUTHENTICATION ONLY: the X-Dev-User header names the acting person; replace it with real authentication before any real use.";
        document.Info.License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" };
        document.Info.Contact = new OpenApiContact { Name = "PetitionOpinion contributors" };

        // One server, relative: the document is the same wherever the host runs (a generated client is given its base
        // URL), so it can be kept beside the sample for client generators.
        document.Servers = [new OpenApiServer { Url = "/", Description = "The host that serves this document." }];
        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = "Incidents", Description = "Incidents from report to closure: each lifecycle action is a POST, refused with 403 when the caller may not and 409 when the incident's state or a condition does not allow it; the reads answer what the caller may see." },
            new() { Name = "Leading group", Description = "The leading group's views over the whole: the readiness of the response organisation and the statistics of the incidents, as JSON, Markdown or CSV." },
        };

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[DevelopmentAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = DevelopmentAuthenticationHandler.HeaderName,
            Description = "DEVELOPMENT ONLY: the person id of the caller in the organisation (e.g. zhang.wei). Anyone can claim to be anyone; use JWT bearer or OpenID Connect in production.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(DevelopmentAuthenticationHandler.SchemeName, document)] = [] });

        if (document.Components.Schemas is { } schemas)
        {
            foreach (var schema in schemas.Values.OfType<OpenApiSchema>())
            {
                WithoutNullMember(schema);
            }

            if (schemas.TryGetValue("ProblemDetails", out var found) && found is OpenApiSchema problem)
            {
                DescribeProblem(problem, document);
            }

        }

        return Task.CompletedTask;
    }

    // The identifiers are written as plain strings by IdentifierJsonConverters; say so instead of describing the structs.
    private static Task IdentifiersAsStrings(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        var underlying = Nullable.GetUnderlyingType(type);
        if (IsIdentifier(type))
        {
            Identifier(schema, underlying ?? type, nullable: underlying is not null);
        }
        else if (context.JsonTypeInfo.ElementType is { } element && IsIdentifier(element) && schema.Items is null)
        {
            // A list of identifiers: the generator leaves out the items of a type it does not describe as a component.
            var item = new OpenApiSchema();
            Identifier(item, Nullable.GetUnderlyingType(element) ?? element, nullable: Nullable.GetUnderlyingType(element) is not null);
            schema.Items = item;
        }

        return Task.CompletedTask;
    }

    /// <summary>The schema of an identifier type, as properties of that type are described.</summary>
    /// <param name="type">One of <see cref="IdentifierJsonConverters.Types"/>.</param>
    /// <returns>The schema.</returns>
    public static OpenApiSchema IdentifierSchema(Type type)
    {
        var schema = new OpenApiSchema();
        Identifier(schema, type, nullable: false);
        return schema;
    }

    private static void Identifier(OpenApiSchema schema, Type type, bool nullable)
    {
        schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        schema.Properties?.Clear();
        schema.Required?.Clear();
        schema.Format = type == typeof(IncidentId) ? "uuid" : null;
        if (type == typeof(RiskCategory))
        {
            Open(schema, "A risk category: one of the plan's or one the host configured (an identifier).", Predefined<RiskCategory>());
        }
        else if (type == typeof(DirectiveKind))
        {
            Open(schema, "What a directive asks for: one of the plan's six kinds or one the host configured (an identifier).", Predefined<DirectiveKind>());
        }
    }

    private static bool IsIdentifier(Type type) => IdentifierJsonConverters.Types.Contains(Nullable.GetUnderlyingType(type) ?? type);

    // A shared enum lists null when some property of its type is nullable; that property says so itself (one of null or
    // the enum), and the enum is the values the API uses: a client would otherwise send null for a required level. Every
    // enum is written by name (JsonStringEnumConverter), so each says it is a string.
    private static void WithoutNullMember(OpenApiSchema schema)
    {
        if (schema.Enum is { Count: > 0 } values)
        {
            schema.Enum = [.. values.Where(v => v is not null)];
            schema.Type = JsonSchemaType.String;
        }
    }

    // RFC 9457 problem details with this API's extension members, so that clients read them as properties.
    private static void DescribeProblem(OpenApiSchema problem, OpenApiDocument document)
    {
        problem.Description = "An error (RFC 9457 problem details). `code` says which error it is, for programs; `detail` says it for people.";
        problem.Properties ??= new Dictionary<string, IOpenApiSchema>();
        problem.Properties["code"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = $"The machine-readable code of the error, e.g. {StorageErrors.NotFound}, {AuthorityErrors.Denied} or {Errors.SampleErrors.InvalidQuery}; a client branches on it.",
        };
        problem.Properties["traceId"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "The request's trace id, to find it in the host's logs and traces.",
        };
        problem.Properties["details"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Description = "The problems an error is made of (a refused action lists each reason), when it has any.",
            Items = new OpenApiSchemaReference("ErrorView", document),
        };
        problem.Properties["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "A bad query string's problems, keyed by parameter (request.invalid_query).",
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        problem.Required = new HashSet<string>(StringComparer.Ordinal) { "code" };
    }

    // An open set of names (the host may configure more): a string, with the plan's own named and given as examples.
    private static void Open(OpenApiSchema schema, string description, IReadOnlyList<string> predefined)
    {
        schema.Description = $"{description} Predefined: {string.Join(", ", predefined)}.";
        schema.Examples = [.. predefined.Select(e => (JsonNode)JsonValue.Create(e))];
    }

    // The predefined values of an open type: its public static properties of its own type (RiskCategory.DataPrivacy, ...).
    private static string[] Predefined<T>()
        => [.. typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Static).Where(p => p.PropertyType == typeof(T)).Select(p => p.GetValue(null)!.ToString()!)];
}
