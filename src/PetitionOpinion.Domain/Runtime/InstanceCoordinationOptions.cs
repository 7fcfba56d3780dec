using System.Globalization;
using System.Security.Cryptography;
using Ardalis.GuardClauses;
using PetitionOpinion.Notifications;
using PetitionOpinion.Storage;

namespace PetitionOpinion;

/// <summary>
/// How several application instances that share one store (a database server) split the work (configuration section
/// <c>PetitionOpinion:Coordination</c>). It matters only when the store implements <see cref="ISharedOutbox"/> and
/// <see cref="ILeaseStore"/> (the PostgreSQL store does; the in-memory store does within one process): the notification
/// dispatchers of the instances then claim disjoint batches of the outbox, and the deadline scanner runs on one instance
/// at a time.
/// </summary>
/// <example>
/// <code language="json">
/// "Coordination": {
///   "InstanceName": "case-backend-2",
///   "OutboxClaimDuration": "00:05:00",
///   "ScannerLeaseDuration": "00:02:00"
/// }
/// </code>
/// </example>
public sealed class InstanceCoordinationOptions
{
    /// <summary>The longest <see cref="OutboxClaimDuration"/> and <see cref="ScannerLeaseDuration"/>: one day.</summary>
    public static TimeSpan MaxDuration { get; } = TimeSpan.FromDays(1);

    private string? _generatedName;

    /// <summary>
    /// Gets or sets this instance's name, the holder of its outbox claims and leases: unique among the instances sharing
    /// the store, and stable while the process runs. Default: <see langword="null"/>, which means
    /// <c>{machine name}/{process id}/{8 random hexadecimal digits}</c>, chosen once per options instance. At most
    /// <see cref="OutboxClaim.MaxHolderLength"/> characters.
    /// </summary>
    public string? InstanceName { get; set; }

    /// <summary>
    /// Gets or sets how long a dispatcher's claim on a batch of outbox messages lasts: if the instance dies mid-batch,
    /// another instance delivers the batch's undelivered messages this long after the claim was made (or renewed; each
    /// pass renews the claims of the messages a dispatcher still holds). A dispatcher starts no delivery that could
    /// outlast its claim (it needs <see cref="NotificationOptions.DeliveryTimeout"/> of the claim left). Default: 5 minutes.
    /// More than twice <see cref="NotificationOptions.DeliveryTimeout"/>, at most <see cref="MaxDuration"/>.
    /// </summary>
    public TimeSpan OutboxClaimDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets how long the deadline scanner's lease outlives the scan interval: the instance that runs the scanner
    /// renews its lease at every scan for <c>interval + ScannerLeaseDuration</c>, so if it stops, another instance takes
    /// over at most that long after its last scan. Default: 2 minutes. More than zero, at most <see cref="MaxDuration"/>.
    /// </summary>
    public TimeSpan ScannerLeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets the instance name in use: <see cref="InstanceName"/>, or the name generated for these options.</summary>
    /// <returns>The name.</returns>
    public string ResolveInstanceName()
    {
        if (!string.IsNullOrWhiteSpace(InstanceName))
        {
            return InstanceName;
        }

        if (_generatedName is null)
        {
            var machine = Environment.MachineName;
            var name = string.Create(CultureInfo.InvariantCulture, $"{machine}/{Environment.ProcessId}/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
            Interlocked.CompareExchange(ref _generatedName, name.Length <= OutboxClaim.MaxHolderLength ? name : name[^OutboxClaim.MaxHolderLength..], null);
        }

        return _generatedName;
    }

    /// <summary>Lists every problem of these options.</summary>
    /// <param name="path">The configuration path of these options, prefixed to every problem (e.g. <c>Coordination</c>); may be empty.</param>
    /// <param name="notifications">The notification options used with them (the claim must outlast a delivery), if known.</param>
    /// <returns>
    /// One error per problem, code <c>coordination.invalid</c>, <see cref="DomainError.Path"/> <c>{path}:{Property}</c>,
    /// message <c>must … (was …).</c>; empty when valid.
    /// </returns>
    public IReadOnlyList<DomainError> Validate(string path, NotificationOptions? notifications = null)
    {
        Guard.Against.Null(path);
        var problems = new List<DomainError>();
        void Add(string property, string rule, object value)
            => problems.Add(new DomainError("coordination.invalid", string.Create(CultureInfo.InvariantCulture, $"must {rule} (was {value}).")) { Path = path.Length == 0 ? property : $"{path}:{property}" });

        if (InstanceName is { } name && (string.IsNullOrWhiteSpace(name) || name.Length > OutboxClaim.MaxHolderLength))
        {
            Add(nameof(InstanceName), string.Create(CultureInfo.InvariantCulture, $"be 1 to {OutboxClaim.MaxHolderLength} characters, not white space, or unset"), $"{name.Length} characters");
        }

        if (OutboxClaimDuration <= TimeSpan.Zero || OutboxClaimDuration > MaxDuration)
        {
            Add(nameof(OutboxClaimDuration), string.Create(CultureInfo.InvariantCulture, $"be more than zero and at most {MaxDuration:c}"), OutboxClaimDuration.ToString("c", CultureInfo.InvariantCulture));
        }
        else if (notifications is not null && OutboxClaimDuration <= 2 * notifications.DeliveryTimeout)
        {
            // A claim shorter than that would end before a delivery started in its first half could time out.
            Add(nameof(OutboxClaimDuration), string.Create(CultureInfo.InvariantCulture, $"be more than twice Notifications:DeliveryTimeout ({notifications.DeliveryTimeout:c})"), OutboxClaimDuration.ToString("c", CultureInfo.InvariantCulture));
        }

        if (ScannerLeaseDuration <= TimeSpan.Zero || ScannerLeaseDuration > MaxDuration)
        {
            Add(nameof(ScannerLeaseDuration), string.Create(CultureInfo.InvariantCulture, $"be more than zero and at most {MaxDuration:c}"), ScannerLeaseDuration.ToString("c", CultureInfo.InvariantCulture));
        }

        return problems;
    }
}
