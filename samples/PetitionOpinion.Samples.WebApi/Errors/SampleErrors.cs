namespace PetitionOpinion.Samples.WebApi.Errors;

/// <summary>The codes of the errors the sample host itself answers with (the library's are in its <c>*Errors</c> classes).</summary>
internal static class SampleErrors
{
    /// <summary>The request could not be read: malformed JSON, a value of the wrong type, an unknown enum name, a route value that is not a GUID or number.</summary>
    public const string MalformedRequest = "request.malformed";

    /// <summary>A query-string parameter is not valid (an unknown state, a page out of range, an unknown format or language).</summary>
    public const string InvalidQuery = "request.invalid_query";

    /// <summary>The request body's content type is not JSON.</summary>
    public const string UnsupportedMediaType = "request.unsupported_media_type";

    /// <summary>No route matches the request's path.</summary>
    public const string NoRoute = "request.no_route";

    /// <summary>The route exists, but not for the request's method.</summary>
    public const string MethodNotAllowed = "request.method_not_allowed";

    /// <summary>The Accept header names no representation the endpoint can give.</summary>
    public const string NotAcceptable = "request.not_acceptable";

    /// <summary>No identity: the development scheme's header is missing.</summary>
    public const string AuthenticationRequired = "authentication.required";

    /// <summary>The identity given is not a person the organisation knows.</summary>
    public const string UnknownUser = "authentication.unknown_user";

    /// <summary>The authenticated identity carries no person id claim (a real scheme that maps none).</summary>
    public const string NoPersonClaim = "authentication.no_person";

    /// <summary>The caller is the person the complaint is about: material about a complaint is never shown to them (docs/security.md).</summary>
    public const string ComplainedParty = "confidentiality.complained_party";

    /// <summary>An unexpected failure of the server.</summary>
    public const string Unexpected = "server.unexpected";

    /// <summary>
    /// The code of a problem ASP.NET Core itself answered with (no route, wrong method, a body that is not JSON), so that
    /// every problem the host sends carries a code.
    /// </summary>
    public static string OfFrameworkStatus(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => AuthenticationRequired,
        StatusCodes.Status403Forbidden => NoPersonClaim, // the one authorization requirement: the person id claim
        StatusCodes.Status404NotFound => NoRoute,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status406NotAcceptable => NotAcceptable,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        >= 500 => Unexpected,
        _ => MalformedRequest,
    };
}
