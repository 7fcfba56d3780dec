using System.Reflection;

namespace PetitionOpinion.Notifications.Webhooks.Tests;

/// <summary>The repository's conventions for public types (as the Domain tests check them for the core packages), for this package.</summary>
public sealed class PublicTypeConventionTests
{
    private static readonly Type[] Exported = typeof(WeComRobotChannel).Assembly.GetExportedTypes();

    public static TheoryData<Type> PublicTypes() => [.. Exported.OrderBy(t => t.FullName, StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(PublicTypes))]
    public void PublicClass_IsSealedAbstractOrStatic(Type type)
    {
        if (type.IsClass)
        {
            Assert.True(type.IsSealed || type.IsAbstract, $"{type.FullName} must be sealed, abstract or static.");
        }
    }

    [Theory]
    [MemberData(nameof(PublicTypes))]
    public void PublicProperties_OutsideOptions_HaveNoPublicSetters(Type type)
    {
        if (type.Name.EndsWith("Options", StringComparison.Ordinal))
        {
            return;
        }

        Assert.DoesNotContain(type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly), p => p.SetMethod is { IsPublic: true });
    }

    [Theory]
    [MemberData(nameof(PublicTypes))]
    public void AsyncMembers_TakeACancellationTokenLast(Type type)
    {
        foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            if (method.ReturnType.IsAssignableTo(typeof(Task)) || method.ReturnType == typeof(ValueTask))
            {
                Assert.Equal(typeof(CancellationToken), method.GetParameters()[^1].ParameterType);
            }
        }
    }

    [Fact]
    public void Channels_AreNotificationChannels()
        => Assert.Equal(
            ["DingTalkRobotChannel", "FeishuBotChannel", "SignedWebhookChannel", "WeComRobotChannel"],
            Exported.Where(t => t.IsAssignableTo(typeof(INotificationChannel))).Select(t => t.Name).Order(StringComparer.Ordinal));
}
