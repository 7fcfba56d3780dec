using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PetitionOpinion.Organization;
using PetitionOpinion.Samples.WebApi.Errors;

namespace PetitionOpinion.Samples.WebApi.Authentication;

/// <summary>The claims the sample reads the acting person from.</summary>
internal static class SampleClaims
{
    /// <summary>
    /// The claim that holds the caller's <see cref="PersonId"/> in the organisation. Every command's actor comes from it —
    /// never from the request body. A real scheme (JWT bearer, OpenID Connect) adds it by mapping one of its own claims
    /// (an employee number, <c>preferred_username</c>, <c>sub</c>) in an <see cref="IClaimsTransformation"/>.
    /// </summary>
    public const string PersonId = "petition_opinion:person_id";

    /// <summary>The name of the authorization policy every API endpoint requires: authenticated, with a <see cref="PersonId"/> claim.</summary>
    public const string ActingPersonPolicy = "ActingPerson";

    /// <summary>Reads the acting person from an authenticated principal (the policy guarantees the claim).</summary>
    public static PersonId ActorOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var value = user.FindFirstValue(PersonId) ?? throw new InvalidOperationException($"The principal has no {PersonId} claim; the {ActingPersonPolicy} policy should have refused it.");
        return new PersonId(value);
    }
}

/// <summary>
/// DEVELOPMENT ONLY. An authentication scheme that believes the <c>X-Dev-User</c> request header: <c>X-Dev-User: zhang.wei</c>
/// authenticates as the person <c>zhang.wei</c> of the configured organisation. Anyone who can reach the host can claim to
/// be anyone, so <see cref="Program"/> refuses to start with it outside the Development environment unless
/// <c>Authentication:AllowDevelopmentScheme</c> is set. Replace it with real authentication (see the sample's README):
/// JWT bearer or OpenID Connect, plus an <see cref="IClaimsTransformation"/> that maps the token's user to a
/// <see cref="SampleClaims.PersonId"/> claim.
/// </summary>
internal sealed class DevelopmentAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ResponseOrganization organization,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "DevUser";

    /// <summary>The header that names the person.</summary>
    public const string HeaderName = "X-Dev-User";

    private const string FailureCodeKey = "DevUser.FailureCode";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // Two headers would let a proxy and a client disagree about who is acting: refuse rather than pick one.
        if (values.Count > 1)
        {
            return Task.FromResult(Fail(SampleErrors.UnknownUser, $"Give exactly one {HeaderName} header (there were {values.Count})."));
        }

        var value = values[0]?.Trim();
        if (IdentifierRules.Explain(value) is not null || organization.FindPerson(new PersonId(value!)) is not { } person)
        {
            return Task.FromResult(Fail(SampleErrors.UnknownUser, $"{HeaderName}: '{value}' is not a person the organisation knows."));
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(SampleClaims.PersonId, person.Id.Value),
                new Claim(ClaimTypes.NameIdentifier, person.Id.Value),
                new Claim(ClaimTypes.Name, person.Name),
            ],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var code = Context.Items[FailureCodeKey] as string ?? SampleErrors.AuthenticationRequired;
        var message = result.Failure?.Message ?? $"Say who you are: send the {HeaderName} header with your person id (development scheme).";
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        await WriteAsync(new DomainError(code, message));
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
        => WriteAsync(new DomainError(SampleErrors.NoPersonClaim, $"The identity carries no {SampleClaims.PersonId} claim, so the organisation cannot tell who is acting."));

    private AuthenticateResult Fail(string code, string message)
    {
        Context.Items[FailureCodeKey] = code;
        return AuthenticateResult.Fail(message);
    }

    private async Task WriteAsync(DomainError error)
    {
        var status = ErrorStatuses.Of(error);
        Response.StatusCode = status;
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = status,
                Title = ErrorStatuses.TitleOf(status),
                Detail = error.Message,
                Extensions = Problems.Extensions(error),
            },
        });
    }
}
