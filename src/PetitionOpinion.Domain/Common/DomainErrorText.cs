namespace PetitionOpinion;

/// <summary>How a problem reads inside another's message.</summary>
internal static class DomainErrorText
{
    /// <summary>Returns <c>path: message</c>, or the message alone when the error has no path.</summary>
    public static string Located(this DomainError error) => error.Path is null ? error.Message : $"{error.Path}: {error.Message}";
}
