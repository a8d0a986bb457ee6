using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Gsp.WebFrontend.Api;

/// <summary>Says in the OpenAPI document how the API is called: a personal token as a bearer token.</summary>
public sealed class BearerTokenDocument : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "GSP API";
        document.Info.Description = "Game servers that sleep when nobody plays. Authenticate with a personal API token from your account page: Authorization: Bearer gsp_…";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["token"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A personal API token (gsp_…)",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("token", document)] = [] });
        return Task.CompletedTask;
    }
}
