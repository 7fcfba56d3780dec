using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PetitionOpinion.Samples.WebApi.Authentication;

namespace PetitionOpinion.Samples.WebApi.Hosting;

/// <summary>Shapes the OpenAPI document (<c>/openapi/v1.json</c>): the security scheme, and identifiers as strings.</summary>
internal static class OpenApiTransformers
{
    /// <summary>Adds the transformers to the options.</summary>
    public static void AddTo(OpenApiOptions options)
    {
        options.AddDocumentTransformer(DeclareSecurityScheme);
        options.AddSchemaTransformer(IdentifiersAsStrings);
    }

    // Declares the development header scheme and requires it on every operation; with real authentication, declare that
    // scheme here instead (e.g. type http, scheme bearer, bearerFormat JWT; or openIdConnect with its discovery URL).
    private static Task DeclareSecurityScheme(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        // One server, relative: the document is the same wherever the host runs (a generated client is given its base
        // URL), so it can be kept beside the sample (openapi/v1.json) for client generators.
        document.Servers = [new OpenApiServer { Url = "/", Description = "The host that serves this document." }];
        document.Info.Title = "PetitionOpinion sample Web API";
        document.Info.Description = "A sample host over the PetitionOpinion library. DEVELOPMENT AUTHENTICATION ONLY: the X-Dev-User header names the acting person; replace it with real authentication before any real use.";
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
        return Task.CompletedTask;
    }

    // The identifiers are written as plain strings by IdentifierJsonConverters; say so instead of describing the structs.
    private static Task IdentifiersAsStrings(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (IdentifierJsonConverters.Types.Contains(Nullable.GetUnderlyingType(type) ?? type))
        {
            schema.Type = Nullable.GetUnderlyingType(type) is null ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
            schema.Properties?.Clear();
            schema.Format = type == typeof(IncidentId) || Nullable.GetUnderlyingType(type) == typeof(IncidentId) ? "uuid" : null;
        }

        return Task.CompletedTask;
    }
}
