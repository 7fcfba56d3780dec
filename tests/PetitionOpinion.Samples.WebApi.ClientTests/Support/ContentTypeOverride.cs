using System.Net.Http.Headers;

namespace PetitionOpinion.Samples.WebApi.ClientTests.Support;

/// <summary>
/// Sends every request body as <paramref name="mediaType"/> whatever the client chose: how a client of the generated
/// client can still get a 415 from the sample (the generated requests always send application/json).
/// </summary>
public sealed class ContentTypeOverride(string mediaType) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
