using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Ardalis.GuardClauses;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Deadlines;

/// <summary>
/// Which deadline of an incident: what it is for and, for those an incident can have several of, which one. Its text form
/// (<see cref="ToString"/>, read back by <see cref="Parse"/> and <see cref="TryParse"/>) is what recorded alerts and
/// notification de-duplication keys store, so it never changes: <c>acknowledge</c>, <c>assessment</c>,
/// <c>first-statement</c>, <c>resolution</c> (the first open period) and <c>resolution-2</c>, <c>resolution-3</c>... (after
/// each reopening), <c>status-update-14</c> (the cadence since the action that made version 14), <c>acceptance-notice</c>,
/// <c>handling-opinion</c>, <c>review-decision-1</c>... (each review request), <c>directive-3</c> (directive D3). See
/// <c>docs/deadlines.md</c>.
/// </summary>
public readonly record struct DeadlineKey
{
    private const string AcknowledgeText = "acknowledge";
    private const string AssessmentText = "assessment";
    private const string FirstStatementText = "first-statement";
    private const string ResolutionText = "resolution";
    private const string StatusUpdateText = "status-update";
    private const string AcceptanceNoticeText = "acceptance-notice";
    private const string HandlingOpinionText = "handling-opinion";
    private const string ReviewDecisionText = "review-decision";
    private const string DirectiveText = "directive";

    private DeadlineKey(DeadlineKind kind, int number)
    {
        Kind = kind;
        Number = number;
    }

    /// <summary>Gets the first action on the incident after its report (<c>acknowledge</c>).</summary>
    public static DeadlineKey Acknowledge { get; } = new(DeadlineKind.Acknowledge, 0);

    /// <summary>Gets the first assessment (<c>assessment</c>).</summary>
    public static DeadlineKey AssessmentDone { get; } = new(DeadlineKind.AssessmentDone, 0);

    /// <summary>Gets the first published statement (<c>first-statement</c>).</summary>
    public static DeadlineKey FirstPublicStatement { get; } = new(DeadlineKind.FirstPublicStatement, 0);

    /// <summary>Gets the petition's acceptance notice (<c>acceptance-notice</c>).</summary>
    public static DeadlineKey AcceptanceNotice { get; } = new(DeadlineKind.AcceptanceNotice, 0);

    /// <summary>Gets the petition's handling opinion (<c>handling-opinion</c>).</summary>
    public static DeadlineKey HandlingOpinion { get; } = new(DeadlineKind.HandlingOpinion, 0);

    /// <summary>Gets what the deadline is for; 0 for the <see langword="default"/> key, which names no deadline.</summary>
    public DeadlineKind Kind { get; }

    /// <summary>
    /// Gets which one of its kind: the open period of a resolution (1 for the first, then 2, 3... after reopenings), the
    /// version a status-update cadence runs from, the review request's number (from 1), the directive's number; 0 for the
    /// kinds an incident has once.
    /// </summary>
    public int Number { get; }

    /// <summary>Gets the resolution of an open period: 1 for the one from the report (<c>resolution</c>), 2 and on for those after each reopening (<c>resolution-2</c>...).</summary>
    /// <param name="period">The open period, from 1.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is below 1.</exception>
    public static DeadlineKey Resolution(int period = 1) => new(DeadlineKind.Resolution, Guard.Against.OutOfRange(period, nameof(period), 1, int.MaxValue));

    /// <summary>Gets the status-update cadence that runs from the action that made a version of the incident (<c>status-update-14</c>).</summary>
    /// <param name="version">The version, from 1.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is below 1.</exception>
    public static DeadlineKey StatusUpdate(int version) => new(DeadlineKind.StatusUpdate, Guard.Against.OutOfRange(version, nameof(version), 1, int.MaxValue));

    /// <summary>Gets the decision on a review request (<c>review-decision-1</c>...).</summary>
    /// <param name="request">The review request's number, from 1.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="request"/> is below 1.</exception>
    public static DeadlineKey ReviewDecision(int request) => new(DeadlineKind.ReviewDecision, Guard.Against.OutOfRange(request, nameof(request), 1, int.MaxValue));

    /// <summary>Gets a directive's completion by its due time (<c>directive-3</c>).</summary>
    /// <param name="directive">The directive.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The directive's number is below 1.</exception>
    public static DeadlineKey Directive(DirectiveId directive) => new(DeadlineKind.Directive, Guard.Against.OutOfRange(directive.Number, nameof(directive), 1, int.MaxValue));

    /// <summary>Gets the directive a <see cref="DeadlineKind.Directive"/> key is for, or <see langword="null"/> for any other key.</summary>
    public DirectiveId? DirectiveId => Kind == DeadlineKind.Directive ? new DirectiveId(Number) : null;

    /// <summary>Reads a key's text form.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The text is not a deadline key.</exception>
    public static DeadlineKey Parse(string text)
        => TryParse(Guard.Against.Null(text), out var key) ? key : throw new FormatException($"'{text}' is not a deadline key (e.g. acknowledge, resolution-2, directive-3).");

    /// <summary>
    /// Reads a key's text form, exactly as <see cref="ToString"/> writes it: lower case, numbers in digits from 1 without
    /// leading zeros or signs, and <c>resolution</c> for the first period (never <c>resolution-1</c>).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="key">The key, when the text is one.</param>
    /// <returns><see langword="true"/> when the text is a deadline key.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out DeadlineKey key)
    {
        key = default;
        switch (text)
        {
            case null:
                return false;
            case AcknowledgeText:
                key = Acknowledge;
                return true;
            case AssessmentText:
                key = AssessmentDone;
                return true;
            case FirstStatementText:
                key = FirstPublicStatement;
                return true;
            case ResolutionText:
                key = Resolution();
                return true;
            case AcceptanceNoticeText:
                key = AcceptanceNotice;
                return true;
            case HandlingOpinionText:
                key = HandlingOpinion;
                return true;
        }

        var dash = text.LastIndexOf('-');
        if (dash <= 0 || !TryNumber(text.AsSpan(dash + 1), out var number))
        {
            return false;
        }

        DeadlineKind? kind = text.AsSpan(0, dash) switch
        {
            ResolutionText when number >= 2 => DeadlineKind.Resolution,
            StatusUpdateText => DeadlineKind.StatusUpdate,
            ReviewDecisionText => DeadlineKind.ReviewDecision,
            DirectiveText => DeadlineKind.Directive,
            _ => null,
        };
        if (kind is null)
        {
            return false;
        }

        key = new DeadlineKey(kind.Value, number);
        return true;
    }

    /// <summary>Returns the text form recorded alerts and notification keys store, e.g. <c>resolution-2</c>; empty for the <see langword="default"/> key.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Kind switch
    {
        DeadlineKind.Acknowledge => AcknowledgeText,
        DeadlineKind.AssessmentDone => AssessmentText,
        DeadlineKind.FirstPublicStatement => FirstStatementText,
        DeadlineKind.Resolution when Number == 1 => ResolutionText,
        DeadlineKind.Resolution => Numbered(ResolutionText),
        DeadlineKind.StatusUpdate => Numbered(StatusUpdateText),
        DeadlineKind.AcceptanceNotice => AcceptanceNoticeText,
        DeadlineKind.HandlingOpinion => HandlingOpinionText,
        DeadlineKind.ReviewDecision => Numbered(ReviewDecisionText),
        DeadlineKind.Directive => Numbered(DirectiveText),
        _ => string.Empty,
    };

    // Digits only, from 1, no leading zero: the one spelling ToString writes, so that a key read back writes the same text.
    private static bool TryNumber(ReadOnlySpan<char> digits, out int number)
    {
        number = 0;
        return digits.Length is > 0 and <= 10 && digits[0] is >= '1' and <= '9'
            && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    private string Numbered(string name) => string.Create(CultureInfo.InvariantCulture, $"{name}-{Number}");
}
