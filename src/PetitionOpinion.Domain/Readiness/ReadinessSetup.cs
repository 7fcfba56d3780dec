using System.Collections.Immutable;
using Ardalis.GuardClauses;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Readiness;

/// <summary>
/// What a company has set up for the plan besides its organisation: the resource catalogue, the training records, who
/// owns each risk category, and the custom directive kinds it issues. A <see cref="ReadinessChecker"/> checks it. Immutable.
/// </summary>
public sealed class ReadinessSetup
{
    /// <summary>Initializes a new instance of the <see cref="ReadinessSetup"/> class.</summary>
    /// <param name="resources">The resource catalogue.</param>
    /// <param name="training">The training records; <see langword="null"/> for <see cref="TrainingLog.Empty"/> (nobody trained, 12-month interval).</param>
    /// <param name="categoryOwners">Who owns each risk category; <see langword="null"/> for <see cref="CategoryOwnership.Default"/>.</param>
    /// <param name="directiveKinds">Custom directive kinds the company issues, checked besides the six of the plan and those the resources serve; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="resources"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A directive kind is the default, empty kind.</exception>
    public ReadinessSetup(ResourceCatalog resources, TrainingLog? training = null, CategoryOwnership? categoryOwners = null, IEnumerable<DirectiveKind>? directiveKinds = null)
    {
        Resources = Guard.Against.Null(resources);
        Training = training ?? TrainingLog.Empty;
        CategoryOwners = categoryOwners ?? CategoryOwnership.Default;
        DirectiveKinds = [.. (directiveKinds ?? []).Distinct()];
        if (DirectiveKinds.Any(k => k.IsEmpty))
        {
            throw new ArgumentException("A directive kind must name a kind.", nameof(directiveKinds));
        }
    }

    /// <summary>Gets the setup of a company that has set up nothing yet: no resources, nobody trained, the default category owners.</summary>
    public static ReadinessSetup Empty { get; } = new(ResourceCatalog.Empty);

    /// <summary>Gets the resource catalogue.</summary>
    public ResourceCatalog Resources { get; }

    /// <summary>Gets the training records and their refresh interval.</summary>
    public TrainingLog Training { get; }

    /// <summary>Gets who owns each risk category.</summary>
    public CategoryOwnership CategoryOwners { get; }

    /// <summary>Gets the custom directive kinds the company issues (the six of the plan are always checked).</summary>
    public ImmutableArray<DirectiveKind> DirectiveKinds { get; }

    /// <summary>Returns a copy with another catalogue, e.g. after a channel's status changed.</summary>
    /// <param name="resources">The catalogue.</param>
    /// <returns>The copy.</returns>
    public ReadinessSetup WithResources(ResourceCatalog resources) => new(resources, Training, CategoryOwners, DirectiveKinds);

    /// <summary>Returns a copy with other training records.</summary>
    /// <param name="training">The training records.</param>
    /// <returns>The copy.</returns>
    public ReadinessSetup WithTraining(TrainingLog training) => new(Resources, Guard.Against.Null(training), CategoryOwners, DirectiveKinds);

    /// <summary>Returns a copy with other category owners.</summary>
    /// <param name="categoryOwners">Who owns each risk category.</param>
    /// <returns>The copy.</returns>
    public ReadinessSetup WithCategoryOwners(CategoryOwnership categoryOwners) => new(Resources, Training, Guard.Against.Null(categoryOwners), DirectiveKinds);
}
