using System.Collections.Frozen;
using PetitionOpinion.Assessment;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Monitoring;
using PetitionOpinion.Organization;
using PetitionOpinion.Readiness;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Samples.WebApi.Errors;

/// <summary>
/// THE one place that decides which HTTP status a <see cref="DomainError"/> code answers with (RFC 9457 problem details
/// carry the code as the <c>code</c> member). Every code the library defines is listed here on purpose — a test enumerates
/// the library's error-code constants and fails when one is missing — so that no error answers 500 by accident.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>400: the input is wrong — fix the request (validation, malformed JSON, an unknown group or person named in it).</item>
/// <item>401: no authenticated identity (the sample's own codes; see <see cref="SampleErrors"/>).</item>
/// <item>403: the caller may not do this, whatever the incident's state (authority, the complaint being about the caller,
/// and the guards that only the leading group approves statements of level I/II incidents and lowers such a level, which
/// depend on who acts rather than on the incident).</item>
/// <item>404: the incident, or the directive / statement / support request named in the route, does not exist.</item>
/// <item>409: the incident's state forbids it now (transitions and guards), or it kept changing underneath.</item>
/// <item>422: the request is well-formed but contradicts an earlier one: an idempotency key used before with a different report.</item>
/// <item>500: the server's configuration is not valid (codes from start-up validation, never from a request), or its stored
/// data is not as the library wrote it (<c>storage.tampered</c>, <c>storage.unreadable</c>, the <c>audit.*</c> findings,
/// <c>monitoring.checkpoint_unreadable</c>);
/// listed so that the choice is deliberate.</item>
/// </list>
/// </remarks>
internal static class ErrorStatuses
{
    // Codes of errors made of several problems: their status is the most fundamental of their details' (see Of).
    private static readonly FrozenSet<string> Composite = FrozenSet.ToFrozenSet(
    [
        IncidentErrors.ActionBlocked,
        ValidationCodes.Failed,
    ], StringComparer.Ordinal);

    // When one error holds several problems, the caller must first fix the one that matters whatever else happens: bad input,
    // then who they are, then what exists, then the state.
    private static readonly int[] Precedence = [400, 401, 403, 404, 405, 406, 415, 409, 422, 500];

    private static readonly FrozenDictionary<string, int> Exact = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        // Input (InputValidation's codes are internal to the library; their values are its contract).
        [ValidationCodes.Required] = 400,
        [ValidationCodes.TooLong] = 400,
        [ValidationCodes.Invalid] = 400,
        [ValidationCodes.TooMany] = 400,
        [ValidationCodes.OutOfRange] = 400,
        [ValidationCodes.Failed] = 400,

        // The sample's own codes (request shape, authentication, confidentiality).
        [SampleErrors.MalformedRequest] = 400,
        [SampleErrors.InvalidQuery] = 400,
        [SampleErrors.NoRoute] = 404,
        [SampleErrors.MethodNotAllowed] = 405,
        [SampleErrors.UnsupportedMediaType] = 415,
        [SampleErrors.NotAcceptable] = 406,
        [SampleErrors.AuthenticationRequired] = 401,
        [SampleErrors.UnknownUser] = 401,
        [SampleErrors.NoPersonClaim] = 403,
        [SampleErrors.ComplainedParty] = 403,
        [SampleErrors.Unexpected] = 500,

        // Authority.
        [AuthorityErrors.UnknownActor] = 403,
        [AuthorityErrors.Denied] = 403,
        [AuthorityErrors.ComplainedParty] = 403,

        // Storage.
        [StorageErrors.NotFound] = 404,
        [StorageErrors.Conflict] = 409,

        // The stored record is not as the library wrote it, or cannot be read: the server's data is at fault (the problem
        // names the incident and version, never stored content).
        [StorageErrors.Tampered] = 500,
        [StorageErrors.Unreadable] = 500,
        [StorageErrors.StoreNotIntact] = 500,

        // Store-wide verification findings (reported in a verification, not as an answer's status).
        [AuditFindingCodes.LedgerBroken] = 500,
        [AuditFindingCodes.ChainBroken] = 500,
        [AuditFindingCodes.NotInLedger] = 500,
        [AuditFindingCodes.SummaryMissing] = 500,
        [AuditFindingCodes.SummaryMismatch] = 500,
        [AuditFindingCodes.SummaryStale] = 500,
        [AuditFindingCodes.Unreadable] = 500,
        [AuditFindingCodes.CheckpointMismatch] = 500,
        [AuditFindingCodes.CheckpointForged] = 500,
        [AuditFindingCodes.NotKeyed] = 500,

        // Intake: the same idempotency key with a different report. Not 409 (nothing about an incident's state) and not 400
        // (the request alone is valid): it contradicts the caller's own earlier request.
        [IntakeErrors.IdempotencyMismatch] = 422,

        // The lifecycle: transitions and guards are 409 (the incident's state forbids it now)...
        [IncidentErrors.TransitionNotAllowed] = 409,
        [IncidentErrors.ActionBlocked] = 409,
        [IncidentErrors.NoIssuedDirective] = 409,
        [IncidentErrors.NoAcknowledgedDirective] = 409,
        [IncidentErrors.NoOpenDirective] = 409,
        [IncidentErrors.OpenDirectives] = 409,
        [IncidentErrors.NoDraftStatement] = 409,
        [IncidentErrors.NoReviewedStatement] = 409,
        [IncidentErrors.NoApprovedStatement] = 409,
        [IncidentErrors.NoOpenSupportRequest] = 409,
        [IncidentErrors.NoSubmittedReport] = 409,
        [IncidentErrors.NotAPetition] = 409,
        [IncidentErrors.DirectiveWrongStatus] = 409,
        [IncidentErrors.StatementWrongStatus] = 409,
        [IncidentErrors.SupportRequestFulfilled] = 409,
        [IncidentErrors.MergeTargetDismissed] = 409,
        [IncidentErrors.DeadlinesPaused] = 409,
        [IncidentErrors.DeadlinesNotPaused] = 409,
        [IncidentErrors.HandlingAlreadyExtended] = 409,
        [IncidentErrors.NoPendingReview] = 409,
        [IncidentErrors.ReviewWindowClosed] = 409,
        [IncidentErrors.AlreadyBothNatures] = 409,
        [IncidentErrors.NatureAlreadyPresent] = 409,

        // ...except the guard that depends on who acts: another person may do it, this one may not.
        [IncidentErrors.LeadingGroupApprovalRequired] = 403,
        [IncidentErrors.LeadingGroupLowersLevel] = 403,

        // ...and what names something that does not exist: in the route (404) or in the body (400).
        [IncidentErrors.DirectiveNotFound] = 404,
        [IncidentErrors.StatementNotFound] = 404,
        [IncidentErrors.SupportRequestNotFound] = 404,
        [IncidentErrors.UnknownGroup] = 400,
        [IncidentErrors.ClosureReportIncomplete] = 400,
        [IncidentErrors.MergeIntoSelf] = 400,

        // Configuration, checked at start-up: never caused by a request.
        [OrganizationErrors.NoGroups] = 500,
        [OrganizationErrors.GroupWithoutLeader] = 500,
        [OrganizationErrors.VacantRequiredPosition] = 500,
        [OrganizationErrors.UnknownPerson] = 500,
        [OrganizationErrors.DuplicatePerson] = 500,
        [OrganizationErrors.DuplicateHolder] = 500,
        [OrganizationErrors.DuplicateGroup] = 500,
        [OrganizationErrors.DuplicatePosition] = 500,
        [OrganizationErrors.UnknownGroupOrPosition] = 500,
        [OrganizationErrors.InvalidId] = 500,
        [OrganizationErrors.InvalidText] = 500,
        [OrganizationErrors.Invalid] = 500,
        [AuthorityConfigurationCodes.UnknownAction] = 500,
        [AuthorityConfigurationCodes.InvalidGrant] = 500,
        [AuthorityConfigurationCodes.UnknownGroup] = 500,
        [AuthorityConfigurationCodes.Invalid] = 500,
        [RiskAssessmentErrors.UnknownCategory] = 500,
        [RiskAssessmentErrors.InvalidRuleSet] = 500,
        [RiskAssessmentErrors.InvalidRule] = 500,
        [RiskAssessmentErrors.DuplicateRuleId] = 500,
        [RiskAssessmentErrors.ContradictingBands] = 500,
        [RiskAssessmentErrors.UnknownFact] = 500,
        [RiskAssessmentErrors.InvalidThreshold] = 500,
        [RiskAssessmentErrors.OutOfRange] = 500,
        [DeadlineErrors.InvalidPolicy] = 500,
        [DeadlineMonitor.ScanFailed] = 500,
        [CalendarErrors.Invalid] = 500,
        [ReadinessErrors.InvalidCatalog] = 500,
        [ReadinessErrors.InvalidResource] = 500,
        [ReadinessErrors.DuplicateResource] = 500,
        [ReadinessErrors.UnknownGroup] = 500,
        [ReadinessErrors.InvalidTraining] = 500,
        [ReadinessErrors.UnknownCourse] = 500,
        [ReadinessErrors.UnknownPerson] = 500,
        [ReadinessErrors.InvalidCategoryOwner] = 500,
        [ReadinessErrors.InvalidDirectiveKind] = 500,
        [ReadinessErrors.InvalidOptions] = 500,
        [OptionsConfigurationCodes.Storage] = 500,
        [OptionsConfigurationCodes.Limits] = 500,
        [OptionsConfigurationCodes.Notifications] = 500,
        [OptionsConfigurationCodes.Coordination] = 500,
        [OptionsConfigurationCodes.Monitoring] = 500,
        [MonitoringErrors.CheckpointUnreadable] = 500,
        [OptionsConfigurationCodes.Hosting] = 500,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // A code the library adds later gets its family's status until it is listed above (the enumeration test says so).
    private static readonly FrozenDictionary<string, int> Families = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["validation"] = 400,
        ["request"] = 400,
        ["authentication"] = 401,
        ["authority"] = 403,
        ["incident"] = 409,
        ["storage"] = 409,
        ["intake"] = 422,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Gets every code listed one by one, with its status.</summary>
    public static IReadOnlyDictionary<string, int> Listed => Exact;

    /// <summary>Returns whether <paramref name="code"/> is listed one by one (not only through its family).</summary>
    public static bool IsListed(string code) => Exact.ContainsKey(code);

    /// <summary>Gets the status of an error: a composite error answers with the most fundamental status of its details.</summary>
    public static int Of(DomainError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (Composite.Contains(error.Code) && error.Details.Count > 0)
        {
            return error.Details.Select(Of).MinBy(status => Array.IndexOf(Precedence, status) is var i and >= 0 ? i : int.MaxValue);
        }

        return Of(error.Code);
    }

    /// <summary>Gets the status of a single code: listed, else its family's, else 500.</summary>
    public static int Of(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (Exact.TryGetValue(code, out var status))
        {
            return status;
        }

        var dot = code.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && Families.TryGetValue(code[..dot], out var family) ? family : 500;
    }

    /// <summary>Gets the problem's title for a status.</summary>
    public static string TitleOf(int status) => status switch
    {
        400 => "The request is not valid.",
        401 => "Authentication is required.",
        403 => "You may not do this.",
        404 => "Not found.",
        405 => "The method is not allowed on this resource.",
        406 => "No representation the request accepts is available.",
        409 => "The incident's current state does not allow this.",
        415 => "The request's content type is not supported.",
        422 => "The request contradicts an earlier one.",
        _ => "The server could not handle the request.",
    };

    /// <summary>The values of the library's input-validation codes (its <c>InputValidation</c> class is internal).</summary>
    internal static class ValidationCodes
    {
        public const string Required = "validation.required";
        public const string TooLong = "validation.too_long";
        public const string Invalid = "validation.invalid";
        public const string Failed = "validation.failed";
        public const string TooMany = "validation.too_many";
        public const string OutOfRange = "validation.out_of_range";
    }

    /// <summary>The codes the library's options validation gives a bad authority matrix (written inline there, not as constants).</summary>
    internal static class AuthorityConfigurationCodes
    {
        public const string UnknownAction = "authority.unknown_action";
        public const string InvalidGrant = "authority.invalid_grant";
        public const string UnknownGroup = "authority.unknown_group";
        public const string Invalid = "authority.invalid";
    }

    // The options sections that report their problems with one code each (written inline in the library).
    internal static class OptionsConfigurationCodes
    {
        public const string Storage = "storage.invalid";
        public const string Limits = "limits.invalid";
        public const string Notifications = "notifications.invalid";
        public const string Coordination = "coordination.invalid";
        public const string Monitoring = "monitoring.invalid";
        public const string Hosting = "hosting.invalid";
    }
}
