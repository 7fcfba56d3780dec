namespace PetitionOpinion.Notifications.Webhooks;

/// <summary>What the channels' constructors share.</summary>
internal static class Channels
{
    /// <summary>Throws when the options have problems, listing them all.</summary>
    public static void Check(IReadOnlyList<DomainError> problems, string parameter)
    {
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The webhook options are not valid: {string.Join(" ", problems.Select(p => p.ToValidationFailure()))}", parameter);
        }
    }

    /// <summary>A function that always gives the same client.</summary>
    public static Func<HttpClient> Self(this HttpClient client) => () => client;

    /// <summary>A client over a handler, which it does not dispose; its own time-out is off (the channel's applies).</summary>
    public static Func<HttpClient> Over(HttpMessageHandler handler)
    {
        var client = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        return () => client;
    }
}
