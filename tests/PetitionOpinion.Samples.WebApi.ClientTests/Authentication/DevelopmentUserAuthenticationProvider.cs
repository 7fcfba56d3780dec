using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace PetitionOpinion.Samples.WebApi.ClientTests.Authentication;

/// <summary>
/// Sends the web sample's development identity, <c>X-Dev-User: &lt;person id&gt;</c>, on every request of a Kiota client.
/// </summary>
/// <remarks>
/// The document declares the header as an API key (the DevUser scheme), but Kiota's
/// <see cref="ApiKeyAuthenticationProvider"/> refuses a plain-http address, and the sample listens on plain http in
/// development; so a client of the sample brings this provider instead. Development only, like the scheme itself.
/// </remarks>
/// <param name="person">The person id of the caller in the organisation, e.g. <c>zhang.wei</c>.</param>
// <development-user-provider>
public sealed class DevelopmentUserAuthenticationProvider(string person) : IAuthenticationProvider
{
    /// <summary>The header the sample's development scheme reads.</summary>
    public const string HeaderName = "X-Dev-User";

    /// <inheritdoc />
    public Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Remove(HeaderName);
        request.Headers.Add(HeaderName, person);
        return Task.CompletedTask;
    }
}
// </development-user-provider>
