namespace PetitionOpinion;

/// <summary>The rules every textual identifier (<see cref="PersonId"/>, <see cref="GroupId"/>, <see cref="PositionId"/>) follows.</summary>
public static class IdentifierRules
{
    /// <summary>The longest identifier accepted: 64 characters.</summary>
    public const int MaxLength = 64;

    /// <summary>Explains why <paramref name="value"/> is not a valid identifier, or returns <see langword="null"/> when it is.</summary>
    /// <param name="value">The candidate identifier.</param>
    /// <returns>A sentence naming the problem, or <see langword="null"/>.</returns>
    /// <remarks>An identifier is 1 to <see cref="MaxLength"/> characters of letters, digits, '-', '_', '.', '@' or ':'; no white space.</remarks>
    public static string? Explain(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "an identifier must not be null, empty or white space";
        }

        if (value.Length > MaxLength)
        {
            return $"an identifier must be at most {MaxLength} characters (was {value.Length})";
        }

        foreach (var c in value)
        {
            if (!(char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '@' or ':'))
            {
                return $"an identifier may contain only letters, digits, '-', '_', '.', '@' and ':' (found '{c}')";
            }
        }

        return null;
    }

    internal static string Check(string value, string paramName)
    {
        var problem = Explain(value);
        return problem is null ? value : throw new ArgumentException($"'{value}' is not a valid identifier: {problem}.", paramName);
    }
}
