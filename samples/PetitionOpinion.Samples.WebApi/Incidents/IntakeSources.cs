using System.Security.Claims;
using PetitionOpinion.Samples.WebApi.Authentication;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Samples.WebApi.Incidents;

/// <summary>
/// Whose idempotency keys a request's <c>Idempotency-Key</c> is one of (the <see cref="IntakeKey.Source"/>): by default
/// the authenticated caller, so that another caller's key of the same text is another intake — never a replay of the
/// first caller's incident, nor a mismatch that tells them the key was taken. With <c>Idempotency:SourceClaim</c> set to
/// a claim type (a source system's, say an OAuth client id), callers whose principal carries that claim share the keys of
/// its value; a caller without it keeps keys of their own.
/// </summary>
internal sealed class IntakeSources(IConfiguration configuration)
{
    /// <summary>The configuration key naming the claim whose value scopes the keys.</summary>
    public const string SourceClaimKey = "Idempotency:SourceClaim";

    private readonly string? _claim = configuration[SourceClaimKey] is { Length: > 0 } claim ? claim.Trim() : null;

    /// <summary>Gets the source of an authenticated caller's keys: the claim's type and value, so that a person and a source system of the same name never share keys.</summary>
    public string Of(ClaimsPrincipal user)
        => _claim is not null && user.FindFirstValue(_claim) is { Length: > 0 } source
            ? $"{_claim}={source}"
            : $"{SampleClaims.PersonId}={SampleClaims.ActorOf(user).Value}";
}
