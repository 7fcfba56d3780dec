namespace PetitionOpinion.Storage;

/// <summary>
/// Implemented by stores that several application instances share (a database server): lets the outbox dispatchers of
/// those instances split the pending messages between them. Each dispatcher claims a batch for a while (a lease); a
/// message claimed by one instance is not handed to another until that claim runs out, so that in the normal case no
/// message is delivered twice, and a message whose claimer died is picked up by another instance once its claim expires.
/// </summary>
/// <remarks>
/// <para>
/// Times are the callers' (their <see cref="TimeProvider"/>), not the database server's: instances' clocks must agree to
/// well within a lease's duration. A store compares them as instants.
/// </para>
/// <para>
/// <see cref="IIncidentStore.ReadOutboxAsync"/> still returns every pending message, claimed or not, and
/// <see cref="IIncidentStore.AcknowledgeOutboxAsync"/> acknowledges a message whoever claimed it (an acknowledged
/// message is never claimed again). The conformance kit's <c>SharedOutboxConformanceTests</c> makes the contract precise.
/// </para>
/// </remarks>
public interface ISharedOutbox
{
    /// <summary>
    /// Claims up to <see cref="OutboxClaim.MaxCount"/> pending messages for <see cref="OutboxClaim.Holder"/> until
    /// <see cref="OutboxClaim.Until"/>, oldest first, and returns them: messages nobody claimed, messages whose claim
    /// ended at or before <see cref="OutboxClaim.Now"/>, and messages the holder claimed already (their claim is renewed).
    /// Messages another holder claimed until after <see cref="OutboxClaim.Now"/> are passed over, never waited for.
    /// Atomic: two holders claiming at the same time never get the same message.
    /// </summary>
    /// <param name="claim">Who claims, how many, and for how long.</param>
    /// <param name="cancellationToken">Cancels the claim (then nothing is claimed).</param>
    /// <returns>The messages now claimed by the holder, in insertion order.</returns>
    /// <exception cref="ArgumentException">The claim is malformed (see <see cref="OutboxClaim.Problem"/>).</exception>
    ValueTask<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(OutboxClaim claim, CancellationToken cancellationToken = default);

    /// <summary>Gives up every claim <paramref name="holder"/> holds on messages not yet acknowledged, so that other instances can claim them at once (a dispatcher that stops cleanly).</summary>
    /// <param name="holder">The holder.</param>
    /// <param name="cancellationToken">Cancels the release.</param>
    /// <returns>A task that completes when the claims are released.</returns>
    /// <exception cref="ArgumentException"><paramref name="holder"/> is empty, white space or longer than <see cref="OutboxClaim.MaxHolderLength"/>.</exception>
    ValueTask ReleaseOutboxAsync(string holder, CancellationToken cancellationToken = default);
}

/// <summary>A dispatcher's claim on pending outbox messages (<see cref="ISharedOutbox.ClaimOutboxAsync"/>).</summary>
/// <param name="Holder">Who claims: an instance's name, the same across its claims; 1 to <see cref="MaxHolderLength"/> characters, compared ordinally.</param>
/// <param name="MaxCount">The most messages to claim, at least 1.</param>
/// <param name="Now">The holder's current time: claims that ended at or before it are free.</param>
/// <param name="Until">When the claim ends, after <paramref name="Now"/>.</param>
public sealed record OutboxClaim(string Holder, int MaxCount, DateTimeOffset Now, DateTimeOffset Until)
{
    /// <summary>The longest holder name: 200 characters.</summary>
    public const int MaxHolderLength = 200;

    /// <summary>Explains what is wrong with this claim, or returns <see langword="null"/>.</summary>
    /// <returns>The problem, or <see langword="null"/>.</returns>
    public string? Problem()
        => LeaseRequest.HolderProblem(Holder)
        ?? (MaxCount < 1 ? $"An outbox claim's MaxCount must be at least 1 (was {MaxCount})."
        : Until <= Now ? $"An outbox claim must end after its Now ({Until:O} is not after {Now:O})."
        : null);
}

/// <summary>
/// Implemented by stores that several application instances share: named, time-limited leases, so that work meant for
/// one instance at a time (the deadline scanner) runs on one instance, and moves to another when that one stops renewing.
/// </summary>
/// <remarks>
/// Times are the callers' (see <see cref="ISharedOutbox"/>). A lease is only a way to avoid doing work twice: the work
/// it guards must stay correct when two instances do it at once (a holder may be paused past its lease's end).
/// </remarks>
public interface ILeaseStore
{
    /// <summary>
    /// Takes or renews the lease <see cref="LeaseRequest.Name"/> for <see cref="LeaseRequest.Holder"/> until
    /// <see cref="LeaseRequest.Until"/>: it succeeds when nobody holds the lease, when its holder's lease ended at or
    /// before <see cref="LeaseRequest.Now"/>, or when the holder holds it already (then its end moves to
    /// <see cref="LeaseRequest.Until"/>). Atomic: of holders asking at the same time, at most one gets it.
    /// </summary>
    /// <param name="request">The lease, the holder and the times.</param>
    /// <param name="cancellationToken">Cancels the request (then nothing changes).</param>
    /// <returns><see langword="true"/> when the holder now holds the lease; <see langword="false"/> when another does.</returns>
    /// <exception cref="ArgumentException">The request is malformed (see <see cref="LeaseRequest.Problem"/>).</exception>
    ValueTask<bool> TryAcquireLeaseAsync(LeaseRequest request, CancellationToken cancellationToken = default);

    /// <summary>Gives up the lease <paramref name="name"/> when <paramref name="holder"/> holds it (another instance may then take it at once); otherwise does nothing.</summary>
    /// <param name="name">The lease.</param>
    /// <param name="holder">The holder.</param>
    /// <param name="cancellationToken">Cancels the release.</param>
    /// <returns>A task that completes when released.</returns>
    /// <exception cref="ArgumentException">The name or holder is empty, white space or longer than <see cref="OutboxClaim.MaxHolderLength"/>.</exception>
    ValueTask ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken = default);
}

/// <summary>A request to take or renew a named lease (<see cref="ILeaseStore.TryAcquireLeaseAsync"/>).</summary>
/// <param name="Name">The lease, e.g. <c>deadline-scanner</c>; 1 to <see cref="OutboxClaim.MaxHolderLength"/> characters, compared ordinally.</param>
/// <param name="Holder">Who asks: an instance's name; 1 to <see cref="OutboxClaim.MaxHolderLength"/> characters, compared ordinally.</param>
/// <param name="Now">The holder's current time: a lease that ended at or before it is free.</param>
/// <param name="Until">When the lease ends if granted, after <paramref name="Now"/>.</param>
public sealed record LeaseRequest(string Name, string Holder, DateTimeOffset Now, DateTimeOffset Until)
{
    /// <summary>Explains what is wrong with this request, or returns <see langword="null"/>.</summary>
    /// <returns>The problem, or <see langword="null"/>.</returns>
    public string? Problem()
        => LeaseNameProblem(Name)
        ?? HolderProblem(Holder)
        ?? (Until <= Now ? $"A lease must end after its Now ({Until:O} is not after {Now:O})." : null);

    /// <summary>Explains what is wrong with a holder's name, or returns <see langword="null"/>.</summary>
    internal static string? HolderProblem(string? holder) => NameProblem("holder", holder);

    /// <summary>Explains what is wrong with a lease's name, or returns <see langword="null"/>.</summary>
    internal static string? LeaseNameProblem(string? name) => NameProblem("lease name", name);

    private static string? NameProblem(string what, string? value)
        => string.IsNullOrWhiteSpace(value) || value.Length > OutboxClaim.MaxHolderLength
            ? $"A {what} must be 1 to {OutboxClaim.MaxHolderLength} characters, not white space (was {(value is null ? "null" : $"{value.Length} characters")})."
            : null;
}

/// <summary>The argument checks every <see cref="ISharedOutbox"/> and <see cref="ILeaseStore"/> applies first.</summary>
public static class CoordinationValidation
{
    /// <summary>Throws when the claim is malformed.</summary>
    /// <param name="claim">The claim.</param>
    /// <exception cref="ArgumentNullException"><paramref name="claim"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The claim is malformed; the message names the problem.</exception>
    public static void ThrowIfInvalid(OutboxClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (claim.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(claim));
        }
    }

    /// <summary>Throws when the lease request is malformed.</summary>
    /// <param name="request">The request.</param>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The request is malformed; the message names the problem.</exception>
    public static void ThrowIfInvalid(LeaseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(request));
        }
    }

    /// <summary>Throws when <paramref name="holder"/> is not a valid holder name (see <see cref="OutboxClaim.Holder"/>).</summary>
    /// <param name="holder">The holder.</param>
    /// <exception cref="ArgumentException">It is null, empty, white space or too long.</exception>
    public static void ThrowIfInvalidHolder(string holder)
    {
        if (LeaseRequest.HolderProblem(holder) is { } problem)
        {
            throw new ArgumentException(problem, nameof(holder));
        }
    }

    /// <summary>Throws when <paramref name="name"/> or <paramref name="holder"/> is not a valid lease name or holder.</summary>
    /// <param name="name">The lease's name.</param>
    /// <param name="holder">The holder.</param>
    /// <exception cref="ArgumentException">One of them is null, empty, white space or too long.</exception>
    public static void ThrowIfInvalidLease(string name, string holder)
    {
        if (LeaseRequest.LeaseNameProblem(name) is { } problem)
        {
            throw new ArgumentException(problem, nameof(name));
        }

        ThrowIfInvalidHolder(holder);
    }
}
