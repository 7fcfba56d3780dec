using System.Collections.Frozen;
using Ardalis.GuardClauses;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;

namespace PetitionOpinion.Readiness;

/// <summary>
/// Which response group owns each risk category (风险类别: the plan's four, or your own): the group answerable for incidents of that category.
/// A category nobody owns is a readiness gap. Immutable.
/// </summary>
public sealed class CategoryOwnership
{
    private readonly FrozenDictionary<RiskCategory, GroupId> _owners;

    private CategoryOwnership(IEnumerable<KeyValuePair<RiskCategory, GroupId>> owners)
    {
        _owners = owners.ToFrozenDictionary();
        Categories = [.. _owners.Keys.OrderBy(c => c.Value, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Gets the default: the seed's four categories (product quality, service attitude, data privacy, social
    /// responsibility) owned by the petition handling group, which, in the plan's words, receives and handles petition
    /// events (负责接收、处理信访事件).
    /// A user-defined category has no owner until one is given.
    /// </summary>
    public static CategoryOwnership Default { get; } = new(
        new[] { RiskCategory.ProductQuality, RiskCategory.ServiceAttitude, RiskCategory.DataPrivacy, RiskCategory.SocialResponsibility }
            .Select(c => KeyValuePair.Create(c, WellKnownGroups.PetitionHandlingGroup)));

    /// <summary>Gets the ownership in which no category has an owner.</summary>
    public static CategoryOwnership None { get; } = new([]);

    /// <summary>Gets the owned categories, ordered by name.</summary>
    public IReadOnlyList<RiskCategory> Categories { get; }

    /// <summary>Gets the owner of every owned category.</summary>
    public IReadOnlyDictionary<RiskCategory, GroupId> Owners => _owners;

    /// <summary>Gets the group that owns <paramref name="category"/>.</summary>
    /// <param name="category">The category.</param>
    /// <returns>The group, or <see langword="null"/> when nobody owns it.</returns>
    public GroupId? OwnerOf(RiskCategory category) => _owners.TryGetValue(category, out var owner) ? owner : null;

    /// <summary>Returns an ownership in which <paramref name="owner"/> owns <paramref name="category"/> (replacing its former owner).</summary>
    /// <param name="category">The category.</param>
    /// <param name="owner">The owning group.</param>
    /// <returns>The new ownership.</returns>
    /// <exception cref="ArgumentException"><paramref name="category"/> or <paramref name="owner"/> is the default, empty value.</exception>
    public CategoryOwnership With(RiskCategory category, GroupId owner)
    {
        if (category.IsEmpty)
        {
            throw new ArgumentException("The category must name a category.", nameof(category));
        }

        if (owner.IsEmpty)
        {
            throw new ArgumentException("The owner must name a group.", nameof(owner));
        }

        return new(_owners.Where(p => p.Key != category).Append(KeyValuePair.Create(category, owner)));
    }

    /// <summary>Returns an ownership in which nobody owns <paramref name="category"/>.</summary>
    /// <param name="category">The category.</param>
    /// <returns>The new ownership.</returns>
    public CategoryOwnership Without(RiskCategory category) => new(_owners.Where(p => p.Key != category));

    /// <summary>Creates an ownership from pairs.</summary>
    /// <param name="owners">Category → owning group; a later pair for the same category wins.</param>
    /// <returns>The ownership.</returns>
    /// <exception cref="ArgumentException">A category or group is the default, empty value.</exception>
    public static CategoryOwnership From(IEnumerable<KeyValuePair<RiskCategory, GroupId>> owners)
    {
        Guard.Against.Null(owners);
        return owners.Aggregate(None, (ownership, pair) => ownership.With(pair.Key, pair.Value));
    }
}
