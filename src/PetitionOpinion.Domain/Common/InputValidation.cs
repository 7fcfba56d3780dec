namespace PetitionOpinion;

/// <summary>Collects the problems with a command's input so that all are reported at once.</summary>
internal sealed class InputValidation
{
    private List<DomainError>? _problems;

    public const string Required = "validation.required";
    public const string TooLong = "validation.too_long";
    public const string Invalid = "validation.invalid";
    public const string Failed = "validation.failed";

    public bool HasProblems => _problems is { Count: > 0 };

    public InputValidation Text(string? value, string field, int maxLength, bool required = true)
    {
        if (value is null || string.IsNullOrWhiteSpace(value))
        {
            if (required || value is not null)
            {
                Add(Required, $"{field} is required and must not be empty or white space.");
            }
        }
        else if (value.Length > maxLength)
        {
            Add(TooLong, $"{field} must be at most {maxLength} characters (was {value.Length}).");
        }
        else if (!IsWellFormedUtf16(value))
        {
            // A lone surrogate cannot be stored as UTF-8: the audit trail would keep a different text than was accepted.
            Add(Invalid, $"{field} contains an unpaired surrogate character (malformed UTF-16 text).");
        }

        return this;
    }

    // Vectorised search first: well-formed text without surrogates, the common case, costs one pass.
    private static bool IsWellFormedUtf16(string value)
    {
        var span = value.AsSpan();
        var first = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return true;
        }

        for (var i = first; i < span.Length; i++)
        {
            if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(span[i]))
            {
                return false;
            }
        }

        return true;
    }

    public InputValidation Id(bool isEmpty, string field)
    {
        if (isEmpty)
        {
            Add(Required, $"{field} must name something (it was the default, empty id).");
        }

        return this;
    }

    public InputValidation Check(bool ok, string code, string message)
    {
        if (!ok)
        {
            Add(code, message);
        }

        return this;
    }

    public void Add(string code, string message) => (_problems ??= []).Add(new DomainError(code, message));

    public DomainError? ToError(string what)
        => _problems switch
        {
            null or { Count: 0 } => null,
            { Count: 1 } => _problems[0],
            _ => new DomainError(Failed, $"{what}: {_problems.Count} problems.", _problems.ToArray()),
        };
}
