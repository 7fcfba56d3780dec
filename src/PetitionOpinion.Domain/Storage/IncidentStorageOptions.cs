using PetitionOpinion.Storage;

namespace PetitionOpinion;

/// <summary>The storage options of an <see cref="IncidentRepository"/> (in a host, <c>PetitionOpinionOptions.Storage</c> of PetitionOpinion.DependencyInjection).</summary>
public sealed class IncidentStorageOptions
{
    /// <summary>The most retries <see cref="MaxConflictRetries"/> may be set to: 100.</summary>
    public const int MaxRetriesLimit = 100;

    /// <summary>
    /// Gets or sets how often the repository reloads and decides again when another writer changed the incident
    /// between its load and its append. Default: 3. From 0 to <see cref="MaxRetriesLimit"/>.
    /// </summary>
    public int MaxConflictRetries { get; set; } = 3;

    /// <summary>The most events <see cref="CachedEvents"/> may be set to: 100,000,000.</summary>
    public const int MaxCachedEvents = 100_000_000;

    /// <summary>
    /// Gets or sets how many events the incidents the repository keeps in memory between commands may hold together
    /// (least recently used first out; an incident larger than this is not kept). A command on a kept incident decides on
    /// it without reading its history again, so its cost does not grow with the history; the store's version check at
    /// append still refuses a decision made on an incident another writer changed meanwhile, and then the repository
    /// reloads and decides again, as on any conflict (docs/storage.md, "Commands on long histories"). Default: 100,000
    /// (tens of megabytes at most). 0 keeps nothing: every command reloads. From 0 to <see cref="MaxCachedEvents"/>.
    /// </summary>
    public int CachedEvents { get; set; } = 100_000;

    /// <summary>
    /// Gets or sets the fewest events an incident must hold to be kept in memory (<see cref="CachedEvents"/>). A short
    /// history is read again about as cheaply as a kept copy is checked against the store's tail, while keeping every
    /// fresh incident fills the heap with long-lived objects the garbage collector must trace on every collection (under
    /// load: pauses of tens of milliseconds at the 99th percentile). Default: 32. From 1 (keep every incident) to
    /// <see cref="MaxCachedEvents"/>.
    /// </summary>
    public int MinCachedHistory { get; set; } = 32;

    /// <summary>
    /// Gets or sets the secret of the petitioner pseudonym each incident summary carries (what statistics count repeat
    /// petitioners by; see <see cref="PetitionOpinion.Storage.IncidentSummaries.ContactKey"/>). Default:
    /// <see langword="null"/>, a plain hash that anyone can recompute for a guessed phone number: set a secret (from a secret
    /// store, not from a file in source control) wherever summaries leave the back end. Keep it: changing it starts
    /// counting every petitioner anew.
    /// </summary>
    public string? PetitionerKeySecret { get; set; }

    /// <summary>
    /// Gets the audit keys, by id: each secret in Base64, at least 32 bytes (<see cref="AuditKey.MinimumSecretLength"/>);
    /// each id 1 to 64 ASCII letters, digits, '-', '_' or '.'. Default: none (the audit trail is unkeyed: anyone who can
    /// edit the database can recompute a changed chain, and readiness warns <c>readiness.audit_not_keyed</c>). Keep every
    /// key that sealed events for as long as those events are kept: an event sealed by a key that is no longer
    /// configured cannot be verified. Load secrets from a secret store, never from a file in source control.
    /// </summary>
    public Dictionary<string, string> AuditKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets the id of the audit key that seals new events and ledger entries (one of <see cref="AuditKeys"/>).
    /// Default: <see langword="null"/> (nothing new is keyed). To rotate, add a new key and make it current; keep the old one.
    /// </summary>
    public string? AuditKeyId { get; set; }

    /// <summary>Lists every problem of these options (never quoting a secret).</summary>
    /// <param name="path">The configuration path of these options, prefixed to every problem, e.g. <c>Storage</c>.</param>
    /// <returns>The problems (code <c>storage.invalid</c>), each with its configuration path; empty when the options are valid.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<DomainError> Validate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var problems = new List<DomainError>();
        void Add(string at, string message) => problems.Add(new DomainError("storage.invalid", message) { Path = path.Length == 0 ? at : $"{path}:{at}" });
        if (MaxConflictRetries is < 0 or > MaxRetriesLimit)
        {
            Add(nameof(MaxConflictRetries), $"must be from 0 to {MaxRetriesLimit} (was {MaxConflictRetries}).");
        }

        if (CachedEvents is < 0 or > MaxCachedEvents)
        {
            Add(nameof(CachedEvents), $"must be from 0 to 100,000,000 (was {CachedEvents}).");
        }

        if (MinCachedHistory is < 1 or > MaxCachedEvents)
        {
            Add(nameof(MinCachedHistory), $"must be from 1 to 100,000,000 (was {MinCachedHistory}).");
        }

        problems.AddRange(AuditKeyProblems(path));
        if (string.IsNullOrWhiteSpace(IdempotencySource) || IdempotencySource.Length > IntakeKey.MaxLength)
        {
            Add(nameof(IdempotencySource), $"must be 1 to {IntakeKey.MaxLength} characters and not white space.");
        }

        return problems;
    }

    // What is wrong with AuditKeys and AuditKeyId.
    private List<DomainError> AuditKeyProblems(string path)
    {
        var problems = new List<DomainError>();
        void Add(string at, string message) => problems.Add(new DomainError("storage.invalid", message) { Path = path.Length == 0 ? at : $"{path}:{at}" });
        foreach (var (id, secret) in AuditKeys)
        {
            if (AuditKey.IdProblem(id) is { } idProblem)
            {
                Add("AuditKeys", idProblem);
            }
            else if (Secret(secret) is not { Length: >= AuditKey.MinimumSecretLength })
            {
                Add($"AuditKeys:{id}", $"the secret must be Base64 of at least {AuditKey.MinimumSecretLength} bytes.");
            }
        }

        if (AuditKeyId is { } current && !AuditKeys.ContainsKey(current))
        {
            Add("AuditKeyId", "names no key of AuditKeys.");
        }

        return problems;
    }

    /// <summary>Builds the key ring these options describe.</summary>
    /// <returns>The ring; <see cref="AuditKeyRing.None"/> without keys.</returns>
    /// <exception cref="ArgumentException">The keys are not usable (see the validation at start-up).</exception>
    public AuditKeyRing BuildAuditKeyRing()
    {
        if (AuditKeyProblems("Storage") is { Count: > 0 } problems)
        {
            throw new ArgumentException($"The audit keys are not usable: {string.Join(" ", problems.Select(p => p.Located()))}");
        }

        return AuditKeys.Count == 0 ? AuditKeyRing.None : new AuditKeyRing(AuditKeys.Select(k => new AuditKey(k.Key, Secret(k.Value)!)), AuditKeyId);
    }

    private static byte[]? Secret(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) ? buffer[..written] : null;
    }
    /// <summary>The default of <see cref="IdempotencySource"/>: <c>default</c>.</summary>
    public const string DefaultIdempotencySource = "default";

    /// <summary>
    /// Gets or sets the source system that the idempotency keys given as plain strings (to
    /// <see cref="IncidentRepository.ReportAsync(PetitionOpinion.Incidents.ReportIncident, string?, CancellationToken)"/>)
    /// are scoped by; a caller that serves several sources names each one with an
    /// <see cref="PetitionOpinion.Storage.IntakeKey"/> instead. Default: <see cref="DefaultIdempotencySource"/>. 1 to 200
    /// characters, not white space. Changing it forgets every key given before (their retries create new incidents).
    /// </summary>
    public string IdempotencySource { get; set; } = DefaultIdempotencySource;
}
