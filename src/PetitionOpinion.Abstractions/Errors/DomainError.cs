using Ardalis.GuardClauses;

namespace PetitionOpinion;

/// <summary>
/// An expected domain failure returned instead of thrown: a forbidden transition, an actor without authority,
/// invalid input, a failed validation. A command that returns a <see cref="DomainError"/> changed nothing.
/// </summary>
public sealed record DomainError
{
    /// <summary>Initializes a new instance of the <see cref="DomainError"/> class.</summary>
    /// <param name="code">A stable, machine-readable code such as <c>incident.transition_not_allowed</c>.</param>
    /// <param name="message">A human-readable explanation naming the problem.</param>
    /// <param name="details">Further problems that make up this one (for example every blocking reason), if any.</param>
    public DomainError(string code, string message, IReadOnlyList<DomainError>? details = null)
    {
        Guard.Against.NullOrWhiteSpace(code);
        Guard.Against.NullOrWhiteSpace(message);
        Code = code;
        Message = message;
        Details = details ?? [];
    }

    /// <summary>Gets the stable, machine-readable code. Codes are dotted: <c>area.problem</c>.</summary>
    public string Code { get; }

    /// <summary>Gets the human-readable message.</summary>
    public string Message { get; }

    /// <summary>Gets the problems that make up this error; empty when there is only one.</summary>
    public IReadOnlyList<DomainError> Details { get; }

    /// <summary>
    /// Gets where the problem is, for a problem of configuration or of a command's input: the configuration path
    /// (<c>Deadlines:Levels:II:Resolution</c>) or the member it is about. Default: <see langword="null"/> (the error is
    /// about the whole action, not one place). The <see cref="Message"/> does not repeat it.
    /// </summary>
    public string? Path { get; init; }

    /// <summary>Gets every code carried by this error and its details, this error's first.</summary>
    public IEnumerable<string> AllCodes => Details.Count == 0 ? [Code] : Details.SelectMany(d => d.AllCodes).Prepend(Code);

    /// <inheritdoc/>
    public bool Equals(DomainError? other)
        => other is not null && Code == other.Code && Path == other.Path && Message == other.Message && Details.SequenceEqual(other.Details);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Code, Path, Message, Details.Count);

    /// <summary>
    /// Returns the line a validation failure is reported with, at start-up and in exceptions:
    /// <c>[code] path: message</c>, or <c>[code] message</c> without a <see cref="Path"/>. Details are not included: each
    /// is a line of its own.
    /// </summary>
    /// <returns>The line.</returns>
    public string ToValidationFailure() => Path is null ? $"[{Code}] {Message}" : $"[{Code}] {Path}: {Message}";

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = Path is null ? $"{Code}: {Message}" : $"{Code}: {Path}: {Message}";
        return Details.Count == 0 ? text : $"{text} [{string.Join("; ", Details)}]";
    }
}
