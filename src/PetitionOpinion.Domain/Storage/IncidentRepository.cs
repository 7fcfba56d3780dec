using System.Diagnostics;
using Ardalis.GuardClauses;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OneOf;
using PetitionOpinion.Assessment;
using PetitionOpinion.Diagnostics;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Notifications;
using PetitionOpinion.Reporting;
using PetitionOpinion.Storage;

namespace PetitionOpinion;

/// <summary>
/// The application service a back end calls: loads an incident from the <see cref="IIncidentStore"/>, runs an action through the <see cref="IncidentLifecycle"/>
/// and appends the recorded events — retrying, on a concurrency conflict, by reloading and deciding again
/// (<see cref="IncidentStorageOptions.MaxConflictRetries"/>). Intake is idempotent when the caller gives a key.
/// </summary>
/// <remarks>
/// Thread-safe. Every command is traced (one <c>petition_opinion.incident.command</c> activity, however many conflict
/// retries) and what the stored events say is counted (<see cref="PetitionOpinionTelemetry"/>, docs/telemetry.md). The
/// log names incidents, actions and error codes only, never an incident's content.
/// </remarks>
public sealed partial class IncidentRepository
{
    private readonly IIncidentStore _store;
    private readonly IncidentLifecycle _lifecycle;
    private readonly IncidentEventSerializer _serializer;
    private readonly int _maxRetries;
    private readonly NotificationRouter? _router;
    private readonly string? _petitionerKeySecret;
    private readonly AuditKeyRing _keys;
    private readonly string _idempotencySource;
    private readonly PetitionOpinionTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly IncidentCache? _cache;

    /// <summary>Initializes a new instance of the <see cref="IncidentRepository"/> class.</summary>
    /// <param name="store">The store.</param>
    /// <param name="lifecycle">The lifecycle.</param>
    /// <param name="serializer">The event serializer.</param>
    /// <param name="options">The storage options (in a host, <c>PetitionOpinionOptions.Storage</c> of PetitionOpinion.DependencyInjection): conflict retries, the audit keys, the petitioner pseudonym's secret, the idempotency source.</param>
    /// <param name="router">
    /// Who must hear of the recorded events: its notifications are written to the outbox in the same append as the
    /// events (a dispatcher delivers them afterwards); <see langword="null"/> records no notifications.
    /// </param>
    /// <param name="telemetry">Where the repository's metrics and traces go; <see langword="null"/> (the default) for the process-wide instance.</param>
    /// <param name="logger">The log (conflict retries, conflicts given up); none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/>, <paramref name="lifecycle"/>, <paramref name="serializer"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are not valid (see <see cref="IncidentStorageOptions.Validate"/>; the message never quotes a secret).</exception>
    public IncidentRepository(IIncidentStore store, IncidentLifecycle lifecycle, IncidentEventSerializer serializer, IncidentStorageOptions options, NotificationRouter? router = null, PetitionOpinionTelemetry? telemetry = null, ILogger<IncidentRepository>? logger = null)
    {
        _router = router;
        _telemetry = telemetry ?? PetitionOpinionTelemetry.Shared;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _store = Guard.Against.Null(store);
        _lifecycle = Guard.Against.Null(lifecycle);
        _serializer = Guard.Against.Null(serializer);
        if (Guard.Against.Null(options).Validate("Storage") is { Count: > 0 } problems)
        {
            throw new ArgumentException($"The storage options are not valid: {string.Join(" ", problems.Select(p => p.ToValidationFailure()))}", nameof(options));
        }

        _maxRetries = options.MaxConflictRetries;
        _petitionerKeySecret = options.PetitionerKeySecret;
        _keys = options.BuildAuditKeyRing();
        _time = lifecycle.Time;
        _idempotencySource = options.IdempotencySource;
        _cache = options.CachedEvents > 0 ? new IncidentCache(options.CachedEvents, options.MinCachedHistory) : null;
    }

    private readonly TimeProvider _time;

    /// <summary>Gets the audit keys in force (<see cref="IncidentStorageOptions.AuditKeys"/>): the current one seals what the repository appends.</summary>
    public AuditKeyRing AuditKeys => _keys;

    /// <summary>Gets the store.</summary>
    public IIncidentStore Store => _store;

    /// <summary>Gets the telemetry the repository and the services over it (the deadline and opinion monitors) report to.</summary>
    internal PetitionOpinionTelemetry Telemetry => _telemetry;

    /// <summary>Reports a new incident without an idempotency key and stores it.</summary>
    /// <param name="command">The report.</param>
    /// <param name="cancellationToken">Cancels the report.</param>
    /// <returns>The stored incident, or why the report was refused (then nothing was stored).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is <see langword="null"/>.</exception>
    public ValueTask<OneOf<Incident, DomainError>> ReportAsync(ReportIncident command, CancellationToken cancellationToken)
        => ReportAsync(command, idempotencyKey: null, cancellationToken);

    /// <summary>
    /// Reports a new incident and stores it. A key is scoped by <see cref="IncidentStorageOptions.IdempotencySource"/> (see
    /// <see cref="ReportOnceAsync"/>): with a key seen before and the same
    /// report, returns the incident reported then and creates nothing; with a different report, refuses.
    /// </summary>
    /// <param name="command">The report.</param>
    /// <param name="idempotencyKey">A key the caller keeps for this intake (a CRM record id, say), or <see langword="null"/> (the default) for none.</param>
    /// <param name="cancellationToken">Cancels the report.</param>
    /// <returns>
    /// The stored incident, or why the report was refused: <see cref="IntakeErrors.IdempotencyMismatch"/> for a key used
    /// before with a different report. To tell a new incident from a replayed one, use <see cref="ReportOnceAsync"/>.
    /// </returns>
    public async ValueTask<OneOf<Incident, DomainError>> ReportAsync(ReportIncident command, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var outcome = await ReportTracedAsync(command, idempotencyKey is null ? null : new IntakeKey(_idempotencySource, idempotencyKey), cancellationToken).ConfigureAwait(false);
        return outcome.MapT0(intake => intake.Incident);
    }

    /// <summary>
    /// Reports a new incident with an idempotency key scoped by its source, and stores it; says whether this report
    /// created the incident or replayed an earlier one.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The same source and key with the same report (kind, channel, category, description, petitioner, party complained
    /// about and actor; not the time) replays: the incident reported then, as it stands now, and nothing is created. The
    /// same source and key with a different report is refused with <see cref="IntakeErrors.IdempotencyMismatch"/>, whose
    /// message says nothing of the earlier report. Another source's key of the same text is another intake.
    /// </para>
    /// <para>
    /// Simultaneous reports with one key create one incident: the store refuses the key's second append
    /// (<see cref="AppendStatus.DuplicateIntake"/>), and the loser is answered as a replay (or a mismatch) of the winner.
    /// </para>
    /// </remarks>
    /// <param name="command">The report.</param>
    /// <param name="key">The idempotency key and its source.</param>
    /// <param name="cancellationToken">Cancels the report.</param>
    /// <returns>
    /// The incident and whether it was replayed, or why the report was refused: <c>validation.invalid</c> for a source or
    /// key that is empty, white space or longer than <see cref="IntakeKey.MaxLength"/>; <see cref="IntakeErrors.IdempotencyMismatch"/>;
    /// the lifecycle's refusals.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/>, or the key's source or key, is <see langword="null"/>.</exception>
    public ValueTask<OneOf<IntakeOutcome, DomainError>> ReportOnceAsync(ReportIncident command, IntakeKey key, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(key.Source);
        Guard.Against.Null(key.Key);
        return ReportTracedAsync(command, key, cancellationToken);
    }

    private async ValueTask<OneOf<IntakeOutcome, DomainError>> ReportTracedAsync(ReportIncident command, IntakeKey? key, CancellationToken cancellationToken)
    {
        Guard.Against.Null(command);
        using var activity = _telemetry.StartCommand(TelemetryTags.ActionReport, null);
        try
        {
            return PetitionOpinionTelemetry.Completed(activity, await ReportCoreAsync(command, key, activity, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (PetitionOpinionTelemetry.Failed(activity, e))
        {
            throw;
        }
    }

    private async ValueTask<OneOf<IntakeOutcome, DomainError>> ReportCoreAsync(ReportIncident command, IntakeKey? key, Activity? activity, CancellationToken cancellationToken)
    {
        string? storeKey = null;
        if (key is { } given)
        {
            if (given.Validate() is { } invalid)
            {
                return invalid;
            }

            storeKey = given.StoreKey;
        }

        // A key seen before is not looked up first: the append refuses a taken key inside its transaction
        // (DuplicateIntake), answered below as a replay — one read less for every report that is not a retry, which is
        // nearly all of them. A refused report looks its key up, so that a retry of one reported before is answered as
        // the replay it is whatever the lifecycle would say of it now.
        var earlier = await EarlierPetitionsAsync(command, cancellationToken).ConfigureAwait(false);
        var reported = _lifecycle.Report(command, earlier);
        if (reported.TryPickT1(out var refused, out var incident))
        {
            return storeKey is not null && await _store.FindByIdempotencyKeyAsync(storeKey, cancellationToken).ConfigureAwait(false) is { } known
                ? await ReplayAsync(command, known, activity, cancellationToken).ConfigureAwait(false)
                : refused;
        }

        var append = Append(incident, null, storeKey);
        var result = await _store.AppendAsync(Request([append], Notify(incident)), cancellationToken).ConfigureAwait(false);
        switch (result.Status)
        {
            case AppendStatus.Appended:
                _telemetry.Appended(incident);
                PetitionOpinionTelemetry.Stored(activity, incident, TelemetryTags.OutcomeStored, incident.PendingEvents.Count, 0);
                incident.ClearPendingEvents();
                _cache?.Keep(incident, append.Events[^1]);
                return new IntakeOutcome(incident, Replayed: false);
            case AppendStatus.DuplicateIntake:
                // Another caller reported with the same key at the same time: theirs stands, and this report is a replay of
                // it only if it is the same report.
                return await ReplayAsync(command, result.Incident!.Value, activity, cancellationToken).ConfigureAwait(false);
            default:
                return new DomainError(StorageErrors.Conflict, $"Incident {incident.Id} already exists in the store.");
        }
    }

    /// <summary>How far back the petitioner's earlier incidents are looked up at report time: 90 days.</summary>
    public static TimeSpan RepeatPetitionWindow { get; } = TimeSpan.FromDays(90);

    // The same petitioner's incidents reported within the window before now, through the store's pseudonym index
    // (IncidentQuery.ByPetitioner): any of the petitioner's phone numbers or e-mail addresses, and those an incident found
    // shows the petitioner also used (a phone number given once with an e-mail address links an incident with only that
    // address), a few rounds deep; never the name. A dismissed incident (one merged into another as a duplicate, say) is
    // not a petition of its own and is left out. Null when the report has no petitioner or contacts the lifecycle will
    // refuse anyway (nothing looked up).
    private async ValueTask<IReadOnlyList<IncidentId>?> EarlierPetitionsAsync(ReportIncident command, CancellationToken cancellationToken)
    {
        if (command.Petitioner is not { Phones: { } phones, Emails: { } emails } petitioner || phones.Any(p => p is null) || emails.Any(e => e is null))
        {
            return null;
        }

        var keys = new HashSet<string>(IncidentSummaries.PetitionerKeys(petitioner, _petitionerKeySecret), StringComparer.Ordinal);
        if (keys.Count == 0 || keys.Count > IncidentQuery.MaxPetitionerKeys)
        {
            return keys.Count == 0 ? [] : null;
        }

        var from = _lifecycle.Time.GetUtcNow() - RepeatPetitionWindow;
        var found = new Dictionary<IncidentId, IncidentSummary>();
        for (var round = 0; round < 3; round++)
        {
            var page = await _store.QueryAsync(new IncidentQuery { ByPetitioner = [.. keys], ReportedFrom = from, Take = IncidentQuery.MaxPageSize, CountTotal = false }, cancellationToken).ConfigureAwait(false);
            var before = keys.Count;
            foreach (var summary in page.Items)
            {
                found[summary.Id] = summary;
                foreach (var key in summary.PetitionerKeys)
                {
                    if (keys.Count < IncidentQuery.MaxPetitionerKeys)
                    {
                        keys.Add(key);
                    }
                }
            }

            if (keys.Count == before)
            {
                break;
            }
        }

        return [.. found.Values.Where(s => s.State != IncidentState.Dismissed).OrderBy(s => s.ReportedAt).ThenBy(s => s.Id.Value).Select(s => s.Id)];
    }

    // Answers a report whose key is known: the incident when the report is the one it was reported with, else the
    // mismatch — which names neither that incident nor anything of its report.
    private async ValueTask<OneOf<IntakeOutcome, DomainError>> ReplayAsync(ReportIncident command, IncidentId known, Activity? activity, CancellationToken cancellationToken)
    {
        var loaded = await GetAsync(known, cancellationToken).ConfigureAwait(false);
        if (loaded.TryPickT1(out var unusable, out var incident))
        {
            return unusable;
        }

        if (incident.History.Count == 0 || incident.History[0] is not IncidentReported first || !IsSameReport(first, command))
        {
            return new DomainError(IntakeErrors.IdempotencyMismatch, "The idempotency key was used before for a different report; nothing was stored. Report a new incident with a new key.");
        }

        PetitionOpinionTelemetry.Replayed(activity, known);
        return new IntakeOutcome(incident, Replayed: true);
    }

    private static bool IsSameReport(IncidentReported reported, ReportIncident command)
        => reported.Actor == command.Actor
        && reported.Kind == command.Kind
        && reported.Channel == command.Channel
        && reported.Category == command.Category
        && string.Equals(reported.Description, command.Description, StringComparison.Ordinal)
        && Equals(reported.Petitioner, command.Petitioner)
        && Equals(reported.ComplainedAbout, command.ComplainedAbout);

    /// <summary>
    /// Assesses an incident by a rule set from facts — or re-assesses it, once assessed — with
    /// <see cref="RiskFacts.PriorPetitionsWithin90Days"/> counted by the repository: the larger of the caller's value and
    /// the number of the petitioner's earlier incidents found at report time (<see cref="Incident.EarlierPetitions"/>;
    /// the same phone number or e-mail address, within <see cref="RepeatPetitionWindow"/>). The larger, not the count
    /// alone: a caller may know of petitions the store does not hold (made in another system), never of fewer.
    /// </summary>
    /// <param name="id">The incident.</param>
    /// <param name="actor">Who assesses (the rule set advises; a person decides and answers for it).</param>
    /// <param name="facts">The facts, as the caller knows them.</param>
    /// <param name="rules">The rule set; <see langword="null"/> for <see cref="RiskRuleSet.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the assessment.</param>
    /// <returns>The incident as stored, or why it was refused (the rule set's or the lifecycle's refusal, a missing incident).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="facts"/> is <see langword="null"/>.</exception>
    public async ValueTask<OneOf<Incident, DomainError>> AssessAsync(IncidentId id, PersonId actor, RiskFacts facts, RiskRuleSet? rules = null, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(facts);
        var loaded = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (loaded.TryPickT1(out var missing, out var incident))
        {
            return missing;
        }

        var counted = facts with { PriorPetitionsWithin90Days = Math.Max(facts.PriorPetitionsWithin90Days, incident.EarlierPetitions.Count) };
        var assessed = (rules ?? RiskRuleSet.Default).Assess(counted, _lifecycle.Organization, _lifecycle.Deadlines);
        if (assessed.TryPickT1(out var refused, out var assessment))
        {
            return refused;
        }

        IncidentCommand command = incident.Level is null ? AssessIncident.From(actor, assessment) : ReassessIncident.From(actor, assessment);
        return await ExecuteAsync(id, command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads an incident.</summary>
    /// <param name="id">The incident.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The incident, or <see langword="null"/> when the store does not have it.</returns>
    /// <exception cref="InvalidDataException">The incident's stored history was tampered with or cannot be read (<see cref="StorageErrors.Tampered"/>, <see cref="StorageErrors.Unreadable"/>; the message names the incident and version, never stored content). <see cref="GetAsync"/> returns these as errors instead.</exception>
    public async ValueTask<Incident?> FindAsync(IncidentId id, CancellationToken cancellationToken = default)
    {
        var loaded = await LoadAsync(id, cancellationToken).ConfigureAwait(false);
        return loaded.Error is { Code: StorageErrors.NotFound } ? null
            : loaded.Error is { } error ? throw new InvalidDataException(error.ToString())
            : loaded.Incident;
    }

    /// <summary>Loads an incident, returning what stands in the way as an error.</summary>
    /// <param name="id">The incident.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The incident; or <see cref="StorageErrors.NotFound"/>, <see cref="StorageErrors.Tampered"/> or <see cref="StorageErrors.Unreadable"/>.</returns>
    public async ValueTask<OneOf<Incident, DomainError>> GetAsync(IncidentId id, CancellationToken cancellationToken = default)
    {
        var loaded = await LoadAsync(id, cancellationToken).ConfigureAwait(false);
        return loaded.Error is { } error ? error : loaded.Incident!;
    }

    /// <summary>Loads an incident, performs an action and stores its events; on a conflict, reloads and decides again.</summary>
    /// <param name="id">The incident.</param>
    /// <param name="command">The action.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The incident after the action, or why it was refused (then nothing was stored).</returns>
    public ValueTask<OneOf<Incident, DomainError>> ExecuteAsync(IncidentId id, IncidentCommand command, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(command);
        return DecideAsync(id, command.Action.ToString(), TelemetryTags.Of(command.Action), incident => _lifecycle.Execute(incident, command).Match<DomainError?>(_ => null, refused => refused), cancellationToken);
    }

    /// <summary>
    /// Loads an incident, issues a directive on it and stores the event; on a conflict, reloads and decides again. As
    /// <see cref="ExecuteAsync"/>, but answers with the directive issued (its id, its due time resolved).
    /// </summary>
    /// <param name="id">The incident.</param>
    /// <param name="command">The directive, with its due time absolute or relative (<see cref="IssueDirective.DueIn"/>, resolved against the lifecycle's clock).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The incident after the action with the directive issued, or why it was refused (then nothing was stored).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is <see langword="null"/>.</exception>
    public async ValueTask<OneOf<IssuedDirective, DomainError>> IssueDirectiveAsync(IncidentId id, IssueDirective command, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(command);
        DirectiveId issued = default;
        var outcome = await DecideAsync(id, command.Action.ToString(), TelemetryTags.Of(command.Action), incident => _lifecycle.Execute(incident, command).Match<DomainError?>(
            events =>
            {
                // Decided again on a conflict: the last decision is the one stored.
                issued = ((DirectiveIssued)events.First).Directive;
                return null;
            },
            refused => refused), cancellationToken).ConfigureAwait(false);
        return outcome.MapT0(incident => new IssuedDirective(incident, incident.FindDirective(issued)!));
    }

    /// <summary>
    /// Explains why an action is not permitted on a stored incident now: every blocking reason — state, guard and (when
    /// the actor is given) authority — as <see cref="IncidentLifecycle.WhyNot(Incident, IncidentAction, PersonId?)"/> says
    /// of the incident as stored. An incident that cannot be loaded is a reason too.
    /// </summary>
    /// <param name="id">The incident.</param>
    /// <param name="action">The action.</param>
    /// <param name="actor">The person who would act, or <see langword="null"/> (the default) to leave authority out.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>
    /// The reasons; empty when the action is permitted (its arguments may still be refused). When the incident cannot be
    /// loaded, the one reason is <see cref="StorageErrors.NotFound"/>, <see cref="StorageErrors.Tampered"/> or <see cref="StorageErrors.Unreadable"/>.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is not an <see cref="IncidentAction"/>.</exception>
    public async ValueTask<IReadOnlyList<DomainError>> WhyNotAsync(IncidentId id, IncidentAction action, PersonId? actor = null, CancellationToken cancellationToken = default)
    {
        Guard.Against.EnumOutOfRange(action);
        var loaded = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        return loaded.Match(incident => _lifecycle.WhyNot(incident, action, actor), error => [error]);
    }

    /// <summary>
    /// Explains why an action is not permitted on an incident in hand (one this repository returned): every blocking
    /// reason — state, guard and (when the actor is given) authority. See <see cref="IncidentLifecycle.WhyNot(Incident, IncidentAction, PersonId?)"/>.
    /// </summary>
    /// <param name="incident">The incident.</param>
    /// <param name="action">The action.</param>
    /// <param name="actor">The person who would act, or <see langword="null"/> (the default) to leave authority out.</param>
    /// <returns>The reasons; empty when the action is permitted (its arguments may still be refused).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="incident"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is not an <see cref="IncidentAction"/>.</exception>
    public IReadOnlyList<DomainError> WhyNot(Incident incident, IncidentAction action, PersonId? actor = null)
        => _lifecycle.WhyNot(incident, action, actor);

    /// <summary>
    /// Computes the statistics of the stored incidents as of now (the lifecycle's clock), months counted in the deadline
    /// policy's UTC offset. See <see cref="IncidentStatistics.ComputeAsync"/> for how the store is read.
    /// </summary>
    /// <param name="filter">Which incidents to count (its paging is ignored), or <see langword="null"/> (the default) for all.</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="ArgumentException">A stored summary is inconsistent.</exception>
    public ValueTask<IncidentStatistics> GetStatisticsAsync(IncidentQuery? filter = null, CancellationToken cancellationToken = default)
        => IncidentStatistics.ComputeAsync(_store, filter, _time.GetUtcNow(), _lifecycle.Deadlines.UtcOffset, cancellationToken);

    /// <summary>
    /// Loads an incident, lets <paramref name="decide"/> record events on it (or refuse) and appends them with their
    /// notifications; on a conflict, reloads and decides again.
    /// </summary>
    internal ValueTask<OneOf<Incident, DomainError>> DecideAsync(IncidentId id, string what, Func<Incident, DomainError?> decide, CancellationToken cancellationToken)
        => DecideAsync(id, what, what == "deadline alerts" ? TelemetryTags.ActionDeadlineAlerts : TelemetryTags.ActionDecide, decide, cancellationToken);

    /// <summary>As <see cref="DecideAsync(IncidentId, string, Func{Incident, DomainError?}, CancellationToken)"/>, traced as <paramref name="action"/> (a fixed name: <c>assess</c>, <c>record_opinion_alert</c>...).</summary>
    internal async ValueTask<OneOf<Incident, DomainError>> DecideAsync(IncidentId id, string what, string action, Func<Incident, DomainError?> decide, CancellationToken cancellationToken)
    {
        using var activity = _telemetry.StartCommand(action, id);
        try
        {
            return PetitionOpinionTelemetry.Completed(activity, await DecideCoreAsync(id, what, action, decide, activity, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (PetitionOpinionTelemetry.Failed(activity, e))
        {
            throw;
        }
    }

    private async ValueTask<OneOf<Incident, DomainError>> DecideCoreAsync(IncidentId id, string what, string action, Func<Incident, DomainError?> decide, Activity? activity, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var loaded = attempt == 0 ? await LoadKeptAsync(id, cancellationToken).ConfigureAwait(false) : await LoadAsync(id, cancellationToken).ConfigureAwait(false);
            if (loaded.Error is { } unusable)
            {
                return unusable;
            }

            var (incident, last) = (loaded.Incident!, loaded.Last!);
            if (decide(incident) is { } refused)
            {
                _cache?.Keep(incident, last);
                return refused;
            }

            if (incident.PendingEvents.Count == 0)
            {
                _cache?.Keep(incident, last);
                PetitionOpinionTelemetry.Stored(activity, incident, TelemetryTags.OutcomeUnchanged, 0, attempt);
                return incident;
            }

            var append = Append(incident, last, null);
            var result = await _store.AppendAsync(Request([append], Notify(incident)), cancellationToken).ConfigureAwait(false);
            if (result.Status == AppendStatus.Appended)
            {
                _telemetry.Appended(incident);
                PetitionOpinionTelemetry.Stored(activity, incident, TelemetryTags.OutcomeStored, incident.PendingEvents.Count, attempt);
                incident.ClearPendingEvents();
                _cache?.Keep(incident, append.Events[^1]);
                return incident;
            }

            if (attempt >= _maxRetries)
            {
                LogConflictGivenUp(_logger, id, action, attempt + 1);
                return new DomainError(StorageErrors.Conflict, $"Incident {id} changed underneath {attempt + 1} time(s) while {what} was being stored; nothing was stored.");
            }

            LogConflictRetry(_logger, id, action, attempt + 1, _maxRetries);
        }
    }

    // The incident as stored: the kept copy (IncidentCache) when the store still ends at the event it was kept at — its
    // last event and the ledger's head, one read of the tail — otherwise the whole history, read and checked. So a kept
    // copy is used only when it is the stored incident, and the store's truncations, additions and replaced last events
    // are found as they are without it.
    private async ValueTask<Loaded> LoadKeptAsync(IncidentId id, CancellationToken cancellationToken)
    {
        if (_cache is not null && _cache.TryTake(id, out var kept, out var last))
        {
            IncidentHistory? tail = null;
            try
            {
                tail = await _store.LoadHistoryFromAsync(id, last.Version, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsUnreadableRow(e))
            {
                // The whole history's load below says which row.
            }

            if (tail is { Events: [var stored], Anchor: { } head } && stored.Equals(last) && head.Version == last.Version && head.Hash.Span.SequenceEqual(last.Hash.Span))
            {
                return new Loaded(kept, last, null);
            }
        }

        return await LoadAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Merges one incident into another as its duplicate, storing both sides in one atomic append.</summary>
    /// <param name="duplicate">The incident to dismiss as a duplicate.</param>
    /// <param name="original">The incident it duplicates.</param>
    /// <param name="command">Who merges, and why.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The events recorded on each side, or why the merge was refused (then nothing was stored).</returns>
    public async ValueTask<OneOf<DuplicateMerge, DomainError>> MergeAsDuplicateAsync(IncidentId duplicate, IncidentId original, MergeAsDuplicate command, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(command);
        using var activity = _telemetry.StartCommand(TelemetryTags.ActionMerge, duplicate);
        try
        {
            return PetitionOpinionTelemetry.Completed(activity, await MergeCoreAsync(duplicate, original, command, activity, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (PetitionOpinionTelemetry.Failed(activity, e))
        {
            throw;
        }
    }

    private async ValueTask<OneOf<DuplicateMerge, DomainError>> MergeCoreAsync(IncidentId duplicate, IncidentId original, MergeAsDuplicate command, Activity? activity, CancellationToken cancellationToken)
    {
        // A merge reads both incidents as stored (rare: not worth the kept copies) and changes both.
        _cache?.Forget(duplicate);
        _cache?.Forget(original);
        for (var attempt = 0; ; attempt++)
        {
            var leftLoad = await LoadAsync(duplicate, cancellationToken).ConfigureAwait(false);
            var rightLoad = duplicate == original ? leftLoad : await LoadAsync(original, cancellationToken).ConfigureAwait(false);
            if ((leftLoad.Error ?? rightLoad.Error) is { } unusable)
            {
                return unusable;
            }

            (Incident Incident, StoredEvent Last)? left = (leftLoad.Incident!, leftLoad.Last!), right = (rightLoad.Incident!, rightLoad.Last!);
            var outcome = _lifecycle.MergeAsDuplicate(left.Value.Incident, right.Value.Incident, command);
            if (outcome.TryPickT1(out var refused, out var merge))
            {
                return refused;
            }

            var request = Request(
                [Append(left.Value.Incident, left.Value.Last, null), Append(right.Value.Incident, right.Value.Last, null)],
                [.. Notify(left.Value.Incident), .. Notify(right.Value.Incident)]);
            var result = await _store.AppendAsync(request, cancellationToken).ConfigureAwait(false);
            if (result.Status == AppendStatus.Appended)
            {
                _telemetry.Appended(left.Value.Incident);
                _telemetry.Appended(right.Value.Incident);
                PetitionOpinionTelemetry.Stored(activity, left.Value.Incident, TelemetryTags.OutcomeStored, left.Value.Incident.PendingEvents.Count + right.Value.Incident.PendingEvents.Count, attempt);
                return merge;
            }

            if (attempt >= _maxRetries)
            {
                LogConflictGivenUp(_logger, duplicate, TelemetryTags.ActionMerge, attempt + 1);
                return new DomainError(StorageErrors.Conflict, $"Incidents {duplicate} and {original} changed underneath {attempt + 1} time(s) while the merge was being stored; nothing was stored.");
            }

            LogConflictRetry(_logger, duplicate, TelemetryTags.ActionMerge, attempt + 1, _maxRetries);
        }
    }

    /// <summary>
    /// Checks an incident's stored hash chain under the configured audit keys, and that its history ends at the head the
    /// store's ledger recorded (a truncated, extended, rewritten or inserted incident shows). Reads no payload, so it
    /// answers for an incident whose events cannot be read.
    /// </summary>
    /// <param name="id">The incident.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The report, naming the first broken link; an unknown incident (no events, no ledger entry) has an intact, empty chain.</returns>
    public async ValueTask<HashChainReport> VerifyAsync(IncidentId id, CancellationToken cancellationToken = default)
    {
        IncidentHistory history;
        try
        {
            history = await _store.LoadHistoryAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsUnreadableRow(e))
        {
            var version = (e as UnreadableEventException)?.Version ?? 1;
            return HashChainReport.Broken(HashChainProblem.Unreadable, version, "a stored event's row holds a value no event can have (the value is not quoted)");
        }

        return EventHashChain.VerifyAnchored(history, _keys);
    }

    /// <summary>
    /// Checks the whole store: the ledger's chain (every entry in sequence, each hash as recomputed under its key, no
    /// downgrade to unkeyed), every incident's chain and head against the ledger, every summary against the events it
    /// summarises, incidents with a summary but no ledger entry (inserted) and ledger incidents without a summary (deleted),
    /// and — given a <paramref name="checkpoint"/> kept outside the database — that the ledger still holds the checkpoint's
    /// entry unchanged (so nothing before it changed). Reads every event once: run it off-peak.
    /// </summary>
    /// <param name="checkpoint">A checkpoint taken earlier (<see cref="ExportCheckpointAsync"/>), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The report: every finding, with the ledger's head.</returns>
    public ValueTask<StoreVerificationReport> VerifyStoreAsync(AuditCheckpoint? checkpoint = null, CancellationToken cancellationToken = default)
        => new StoreVerifier(_store, _serializer, _keys, s => Summarize(s)).VerifyAsync(checkpoint, cancellationToken);

    /// <summary>
    /// Verifies the store and, when intact, returns a checkpoint of its ledger head signed under the current audit key
    /// (unsigned without one), to keep outside the database; <see cref="VerifyStoreAsync"/> with it later proves that
    /// nothing up to it changed.
    /// </summary>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>The checkpoint; or <c>audit.store_not_intact</c> when the verification found errors (it names how many; verify the store to see them).</returns>
    public async ValueTask<OneOf<AuditCheckpoint, DomainError>> ExportCheckpointAsync(CancellationToken cancellationToken = default)
    {
        var report = await VerifyStoreAsync(null, cancellationToken).ConfigureAwait(false);
        if (!report.IsIntact || report.Head is null)
        {
            var errors = report.Findings.Count(f => f.Severity == AuditSeverity.Error);
            return new DomainError(StorageErrors.StoreNotIntact, $"The store is not intact ({errors} error(s) found): a checkpoint is taken only of a verified store. Run VerifyStoreAsync to see the findings.");
        }

        return AuditCheckpoint.Create(report.Head, _time.GetUtcNow(), _keys.Current);
    }

    /// <summary>Queries incident summaries.</summary>
    /// <param name="query">The filters and the page.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The page.</returns>
    public ValueTask<IncidentSummaryPage> QueryAsync(IncidentQuery query, CancellationToken cancellationToken = default)
        => _store.QueryAsync(Guard.Against.Null(query), cancellationToken);

    private static DomainError NotFound(IncidentId id) => new(StorageErrors.NotFound, $"Incident {id} does not exist.");

    private ValueTask<OneOf<Incident, DomainError>> LoadRequiredAsync(IncidentId id, CancellationToken cancellationToken)
        => GetAsync(id, cancellationToken);

    /// <summary>
    /// Loads an incident's events and rebuilds it. The history must end at the head the store's ledger recorded (a cheap
    /// comparison, no hashing), and every event must read back; otherwise the error says which and where.
    /// </summary>
    private async ValueTask<Loaded> LoadAsync(IncidentId id, CancellationToken cancellationToken)
    {
        IncidentHistory history;
        try
        {
            history = await _store.LoadHistoryAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsUnreadableRow(e))
        {
            // A stored row no event can have (an actor that is no identifier, a value out of range): the store's message
            // names the incident, version and column at most; the row's value is never quoted.
            LogUnreadable(_logger, id, (e as UnreadableEventException)?.Version ?? 0);
            return new Loaded(null, null, new DomainError(StorageErrors.Unreadable, e is UnreadableEventException ? e.Message : $"A stored event of incident {id} cannot be read: a column holds a value no event can have."));
        }

        var stored = history.Events;
        if (stored.Count == 0 && history.Anchor is null)
        {
            return new Loaded(null, null, NotFound(id));
        }

        if (EventHashChain.CheckAnchor(stored, history.Anchor) is { } broken)
        {
            LogTampered(_logger, id, broken.Kind, broken.FirstBrokenVersion ?? 0);
            return new Loaded(null, null, new DomainError(StorageErrors.Tampered, $"Incident {id}'s stored history is not as it was written: {broken.Problem}. Nothing was changed; verify the store."));
        }

        var events = new IncidentEvent[stored.Count];
        for (var i = 0; i < stored.Count; i++)
        {
            try
            {
                events[i] = _serializer.Deserialize(stored[i]);
            }
            catch (InvalidDataException e)
            {
                // The serializer's messages name the incident, version, type and field, never stored content.
                LogUnreadable(_logger, id, stored[i].Version);
                return new Loaded(null, null, new DomainError(StorageErrors.Unreadable, e.Message));
            }
        }

        try
        {
            return new Loaded(Incident.FromHistory(events), stored[^1], null);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or InvalidCastException or NullReferenceException)
        {
            // Events that each read back but do not make a history (e.g. a second report): corrupt, named by incident only.
            LogUnreadable(_logger, id, 0);
            return new Loaded(null, null, new DomainError(StorageErrors.Unreadable, $"The events of incident {id} read back but do not make a valid history; verify the store."));
        }
    }

    /// <summary>Whether a store's read failed on a damaged row (rather than on the connection or the caller's cancellation).</summary>
    internal static bool IsUnreadableRow(Exception e)
        => e is UnreadableEventException or InvalidDataException or InvalidCastException or OverflowException or ArgumentOutOfRangeException or FormatException;

    private IncidentSummary Summarize(Incident incident) => IncidentSummaries.Of(incident, _lifecycle.Deadlines, _petitionerKeySecret);

    private AppendRequest Request(IReadOnlyList<IncidentAppend> appends, IReadOnlyList<OutboxMessage> outbox)
        => new(appends, outbox) { AuditKey = _keys.Current };

    private OutboxMessage[] Notify(Incident incident)
    {
        if (_router is null || incident.PendingEvents.Count == 0)
        {
            return [];
        }

        var notifications = _router.Route(incident, incident.PendingEvents);
        var messages = new OutboxMessage[notifications.Count];
        for (var i = 0; i < messages.Length; i++)
        {
            messages[i] = NotificationSerializer.ToOutboxMessage(notifications[i], Guid.CreateVersion7(notifications[i].CreatedAt));
        }

        return messages;
    }

    private IncidentAppend Append(Incident incident, StoredEvent? last, string? idempotencyKey)
        => new(incident.Id, last?.Version ?? 0, _serializer.SerializeAll(incident.PendingEvents, last, _keys.Current), Summarize(incident), idempotencyKey);

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Incident {IncidentId} changed underneath {Attempts} time(s) while {Action} was being stored; nothing was stored (storage.conflict).")]
    private static partial void LogConflictGivenUp(ILogger logger, IncidentId incidentId, string action, int attempts);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Incident {IncidentId} changed underneath while {Action} was being stored: reloading and deciding again (retry {Retry} of {MaxRetries}).")]
    private static partial void LogConflictRetry(ILogger logger, IncidentId incidentId, string action, int retry, int maxRetries);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Incident {IncidentId}'s stored history is not as it was written ({Problem} at version {Version}); refused (storage.tampered). Verify the store.")]
    private static partial void LogTampered(ILogger logger, IncidentId incidentId, HashChainProblem problem, int version);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Event {Version} of incident {IncidentId} cannot be read back; refused (storage.unreadable).")]
    private static partial void LogUnreadable(ILogger logger, IncidentId incidentId, int version);

    private readonly record struct Loaded(Incident? Incident, StoredEvent? Last, DomainError? Error);
}


/// <summary>What <see cref="IncidentRepository.IssueDirectiveAsync"/> answers: the incident as stored, and the directive issued.</summary>
/// <param name="Incident">The incident after the action.</param>
/// <param name="Directive">The directive issued: its <see cref="Directive.Id"/> to acknowledge, complete or cancel it by, and its due time as resolved.</param>
public sealed record IssuedDirective(Incident Incident, Directive Directive);
