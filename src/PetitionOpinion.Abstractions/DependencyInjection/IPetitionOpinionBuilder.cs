namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What <c>AddPetitionOpinion</c> returns, for chaining further registrations: an adapter package (a store, a notification
/// channel) adds its <c>Add…</c> extension methods to it, referencing only this package, not the domain's.
/// </summary>
public interface IPetitionOpinionBuilder
{
    /// <summary>Gets the service collection.</summary>
    IServiceCollection Services { get; }
}
