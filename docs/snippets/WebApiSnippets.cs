using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace PetitionOpinion.Docs.Snippets;

/// <summary>samples/PetitionOpinion.Samples.WebApi/README.md's example of real authentication.</summary>
internal static class WebApiSnippets
{
    public static void RealAuthentication(WebApplicationBuilder builder)
    {
        // <jwt-bearer>
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options => { options.Authority = "https://login.example.com/"; options.Audience = "petition-opinion"; });
        // </jwt-bearer>
    }
}
