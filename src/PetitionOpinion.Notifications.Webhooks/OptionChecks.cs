using System.Globalization;

namespace PetitionOpinion.Notifications.Webhooks;

/// <summary>What the DI registration needs of every options class (<see cref="ChatRobotOptions"/>, <see cref="SignedWebhookOptions"/>): a name and a check that lists every problem.</summary>
internal interface IWebhookOptions
{
    /// <summary>Gets the channel's name.</summary>
    string Name { get; }

    /// <summary>Lists every problem, each with its path below <paramref name="path"/>.</summary>
    IReadOnlyList<DomainError> Validate(string path);
}

/// <summary>
/// The checks the options classes share. A problem names the property and the rule, and quotes the value only where it is
/// not secret: a webhook URL carries the robot's key or access token, so neither it nor a secret is ever quoted.
/// </summary>
internal sealed class OptionChecks(string path)
{
    /// <summary>The code every problem starts with.</summary>
    public const string Code = "webhooks.invalid";

    /// <summary>The longest <c>Timeout</c>: five minutes.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);

    private readonly List<DomainError> _problems = [];

    public IReadOnlyList<DomainError> Problems => _problems;

    public void Add(string property, string rule, string? was = null)
        => _problems.Add(new DomainError(Code, string.Create(CultureInfo.InvariantCulture, $"must {rule}{(was is null ? string.Empty : $" (was {was})")}.")) { Path = path.Length == 0 ? property : $"{path}:{property}" });

    public void Name(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            Add("Name", "be a channel name, unique among the notification channels", name is null ? "null" : "empty");
        }
        else if (name.Length > 64)
        {
            Add("Name", "be at most 64 characters", name.Length.ToString(CultureInfo.InvariantCulture) + " characters");
        }
    }

    public void Url(string? url, string example)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            Add("Url", $"be the webhook's address, e.g. {example}", url is null ? "null" : "empty");
            return;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            Add("Url", "be an absolute http or https URL (the value is not shown: it may carry a key)");
            return;
        }

        // The address carries a credential and the messages carry incident facts: plain HTTP only where it stays on the machine.
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            Add("Url", "use https (plain http is accepted only for a loopback address)");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment))
        {
            Add("Url", "have no user information and no fragment");
        }
    }

    public void Timeout(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero || timeout > MaxTimeout)
        {
            Add("Timeout", $"be more than zero and at most {MaxTimeout:c}", timeout.ToString("c", CultureInfo.InvariantCulture));
        }
    }

    public void Recipients(List<string>? recipients, bool required)
    {
        if (recipients is null || recipients.Count == 0)
        {
            if (required)
            {
                Add("Recipients", "name at least one person: everyone who reads what the channel posts, whose notifications it posts", recipients is null ? "null" : "empty");
            }

            return;
        }

        for (var i = 0; i < recipients.Count; i++)
        {
            if (IdentifierRules.Explain(recipients[i]) is { } problem)
            {
                Add(string.Create(CultureInfo.InvariantCulture, $"Recipients:{i}"), $"be a person id: {problem}", recipients[i] is null ? "null" : $"'{recipients[i]}'");
            }
        }
    }

    public void Secret(string? secret, bool required, int minimumLength)
    {
        if (secret is null)
        {
            if (required)
            {
                Add("Secret", $"be set: at least {minimumLength} characters shared with the receiver");
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(secret) || secret.Length < minimumLength || secret != secret.Trim())
        {
            Add("Secret", $"be at least {minimumLength} characters without leading or trailing white space, or null for none (the value is not shown)");
        }
    }

    public void Defined(string property, Enum value)
    {
        var type = value.GetType();
        if (!Enum.IsDefined(type, value))
        {
            Add(property, $"be one of {string.Join(", ", Enum.GetNames(type))}", value.ToString());
        }
    }

    public void Prefix(string? prefix)
    {
        if (prefix is not null && (string.IsNullOrWhiteSpace(prefix) || prefix.Length > 64 || prefix.Contains('\n', StringComparison.Ordinal)))
        {
            Add("Prefix", "be null, or one line of 1 to 64 characters", $"'{prefix}'");
        }
    }

    /// <summary>Shows a webhook URL without what may be secret: its scheme and host only.</summary>
    public static string Mask(string? url)
        => url is null ? "null" : Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}/…" : "(not a URL)";

    /// <summary>The recipients as person ids (the options are valid).</summary>
    public static IReadOnlyList<PersonId> People(List<string>? recipients)
        => recipients is null ? [] : [.. recipients.Select(r => new PersonId(r)).Distinct()];
}
