using System.Reflection;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Organization;

namespace PetitionOpinion.Tests.Conventions;

/// <summary>
/// Checks every public type of both packages by reflection, so that the public API stays honest as it grows:
/// immutable model types, no mutable collections leaking out, async members that can be cancelled.
/// </summary>
public sealed class PublicTypeConventionTests
{
    private static readonly Assembly[] Packages = [typeof(DomainError).Assembly, typeof(Incident).Assembly, typeof(PetitionOpinionOptions).Assembly];

    // Options classes are bound from configuration, which needs setters and mutable collections.
    private static bool IsOptions(Type type) => type.Name.EndsWith("Options", StringComparison.Ordinal);

    public static TheoryData<Type> PublicTypes()
    {
        var data = new TheoryData<Type>();
        foreach (var type in Packages.SelectMany(a => a.GetExportedTypes()).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            data.Add(type);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PublicTypes))]
    public void PublicClass_AnyPackage_IsSealedAbstractOrStatic(Type type)
    {
        if (type.IsClass && !typeof(Delegate).IsAssignableFrom(type))
        {
            Assert.True(type.IsSealed || type.IsAbstract, $"{type.FullName} must be sealed, abstract or static: extension points are interfaces.");
        }
    }

    [Theory]
    [MemberData(nameof(PublicTypes))]
    public void PublicProperties_ModelTypes_HaveNoPublicSetters(Type type)
    {
        if (IsOptions(type))
        {
            return;
        }

        var settable = type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(p => p.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter))
            .Select(p => p.Name)
            .ToArray();

        Assert.True(settable.Length == 0, $"{type.FullName} has public setters: {string.Join(", ", settable)}.");
    }

    [Theory]
    [MemberData(nameof(PublicTypes))]
    public void PublicMembers_ModelTypes_ExposeNoMutableCollections(Type type)
    {
        if (IsOptions(type))
        {
            return;
        }

        var leaks = type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(p => IsMutableCollection(p.PropertyType))
            .Select(p => p.Name)
            .Concat(type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName && IsMutableCollection(m.ReturnType) && !m.Name.StartsWith("ToArray", StringComparison.Ordinal))
                .Select(m => m.Name + "()"))
            .ToArray();

        Assert.True(leaks.Length == 0, $"{type.FullName} exposes mutable collections: {string.Join(", ", leaks)}.");
    }

    [Theory]
    [MemberData(nameof(PublicTypes))]
    public void AsyncMembers_AnyPackage_TakeACancellationTokenLast(Type type)
    {
        foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            if (method.ReturnType.IsAssignableTo(typeof(Task)) || method.ReturnType == typeof(ValueTask) || method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
            {
                var parameters = method.GetParameters();
                Assert.True(parameters.Length > 0 && parameters[^1].ParameterType == typeof(CancellationToken), $"{type.FullName}.{method.Name} must take a CancellationToken last.");
            }
        }
    }

    [Fact]
    public void EventTypes_Domain_AreSealedRecordsOfTheIncidentEventBase()
    {
        var events = typeof(IncidentEvent).Assembly.GetExportedTypes().Where(t => t.IsSubclassOf(typeof(IncidentEvent))).ToArray();

        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.True(e.IsSealed, $"{e.Name} must be sealed."));
        Assert.All(events, e => Assert.Equal("PetitionOpinion.Incidents.Events", e.Namespace));
    }

    [Fact]
    public void IncidentActions_Default_EachHasAGrantAndATransition()
    {
        foreach (var action in Enum.GetValues<IncidentAction>())
        {
            Assert.False(AuthorityMatrix.Default.For(action).IsEmpty, $"{action} has no grant in the default matrix.");
            if (action != IncidentAction.Report)
            {
                Assert.Contains(LifecycleTable.Default.Transitions, t => t.Action == action);
            }
        }
    }

    [Fact]
    public void Commands_Domain_EachActionHasExactlyOneCommandType()
    {
        var commandActions = typeof(IncidentCommand).Assembly.GetExportedTypes()
            .Where(t => t.IsSubclassOf(typeof(IncidentCommand)) && !t.IsAbstract)
            .Select(t => ((IncidentCommand)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(t)).Action)
            .ToArray();

        // Report and MergeAsDuplicate take more than one incident's worth of context and have their own entry points.
        var expected = Enum.GetValues<IncidentAction>().Except([IncidentAction.Report, IncidentAction.MergeAsDuplicate]).Order().ToArray();
        Assert.Equal(expected, commandActions.Order().ToArray());
    }

    private static bool IsInitOnly(MethodInfo setter)
        => setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");

    private static bool IsMutableCollection(Type type)
        => type.IsArray
        || (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(List<>) || definition == typeof(Dictionary<,>) || definition == typeof(HashSet<>) || definition == typeof(IList<>) || definition == typeof(ICollection<>) || definition == typeof(IDictionary<,>) || definition == typeof(ISet<>)));
}
