namespace PetitionOpinion.Incidents;

/// <summary>The codes of the errors the incident lifecycle returns (authority codes are in <see cref="Organization.AuthorityErrors"/>).</summary>
public static class IncidentErrors
{
    /// <summary>The action is not allowed in the incident's current state.</summary>
    public const string TransitionNotAllowed = "incident.transition_not_allowed";

    /// <summary>More than one reason blocks the action; <see cref="DomainError.Details"/> lists them all.</summary>
    public const string ActionBlocked = "incident.action_blocked";

    /// <summary>Guard: no directive is waiting for acknowledgement.</summary>
    public const string NoIssuedDirective = "incident.no_issued_directive";

    /// <summary>Guard: no directive is acknowledged and not yet completed.</summary>
    public const string NoAcknowledgedDirective = "incident.no_acknowledged_directive";

    /// <summary>Guard: no directive is open.</summary>
    public const string NoOpenDirective = "incident.no_open_directive";

    /// <summary>Guard: a directive is still open, so the incident cannot be resolved.</summary>
    public const string OpenDirectives = "incident.open_directives";

    /// <summary>Guard: no statement awaits legal review.</summary>
    public const string NoDraftStatement = "incident.no_draft_statement";

    /// <summary>Guard: no statement awaits approval.</summary>
    public const string NoReviewedStatement = "incident.no_reviewed_statement";

    /// <summary>Guard: no statement awaits publication.</summary>
    public const string NoApprovedStatement = "incident.no_approved_statement";

    /// <summary>Guard: no support request awaits fulfilment.</summary>
    public const string NoOpenSupportRequest = "incident.no_open_support_request";

    /// <summary>Guard: no closure report has been submitted.</summary>
    public const string NoSubmittedReport = "incident.no_submitted_report";

    /// <summary>Guard: only petitions can be reviewed.</summary>
    public const string NotAPetition = "incident.not_a_petition";

    /// <summary>Guard: a statement on a level I or II incident must be approved by the leading group.</summary>
    public const string LeadingGroupApprovalRequired = "incident.leading_group_approval_required";

    /// <summary>
    /// Guard: only the leading group lowers the level of a level I or II incident (re-assesses it to a less severe level), so
    /// that lowering the level is no way around the leading group's approval of statements.
    /// </summary>
    public const string LeadingGroupLowersLevel = "incident.leading_group_lowers_level";

    /// <summary>The named directive does not exist.</summary>
    public const string DirectiveNotFound = "incident.directive_not_found";

    /// <summary>The named directive is not in the status the action needs.</summary>
    public const string DirectiveWrongStatus = "incident.directive_wrong_status";

    /// <summary>The named statement does not exist.</summary>
    public const string StatementNotFound = "incident.statement_not_found";

    /// <summary>The named statement is not in the status the action needs.</summary>
    public const string StatementWrongStatus = "incident.statement_wrong_status";

    /// <summary>The named support request does not exist.</summary>
    public const string SupportRequestNotFound = "incident.support_request_not_found";

    /// <summary>The named support request was already fulfilled.</summary>
    public const string SupportRequestFulfilled = "incident.support_request_fulfilled";

    /// <summary>A directive is assigned to a group the organisation does not have.</summary>
    public const string UnknownGroup = "incident.unknown_group";

    /// <summary>A closure report lacks a cause or an improvement with owner and due date.</summary>
    public const string ClosureReportIncomplete = "incident.closure_report_incomplete";

    /// <summary>An incident cannot be merged into itself.</summary>
    public const string MergeIntoSelf = "incident.merge_into_self";

    /// <summary>An incident cannot be merged into a dismissed incident.</summary>
    public const string MergeTargetDismissed = "incident.merge_target_dismissed";

    /// <summary>The incident's deadlines are already paused.</summary>
    public const string DeadlinesPaused = "incident.deadlines_paused";

    /// <summary>The incident's deadlines are not paused, so there is nothing to resume.</summary>
    public const string DeadlinesNotPaused = "incident.deadlines_not_paused";

    /// <summary>A petition's handling time can be extended once, and it was.</summary>
    public const string HandlingAlreadyExtended = "incident.handling_already_extended";

    /// <summary>No review request is waiting for a decision.</summary>
    public const string NoPendingReview = "incident.no_pending_review";

    /// <summary>The petitioner asked for a review after the window for it (30 days after the outcome by default) closed.</summary>
    public const string ReviewWindowClosed = "incident.review_window_closed";

    /// <summary>The incident is already both a petition and a public-opinion event: no nature is left to add.</summary>
    public const string AlreadyBothNatures = "incident.already_both_natures";

    /// <summary>The nature to add is the one the incident already has.</summary>
    public const string NatureAlreadyPresent = "incident.nature_already_present";
}
