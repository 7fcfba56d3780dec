using PetitionOpinion.Notifications;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Notifications;

public sealed class NotificationOptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedOnesAndValid()
    {
        var options = new NotificationOptions();

        Assert.Equal(100, options.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(5), options.InitialRetryDelay);
        Assert.Equal(TimeSpan.FromMinutes(10), options.MaxRetryDelay);
        Assert.Equal(2.0, options.BackoffMultiplier);
        Assert.Equal(0.2, options.JitterRatio);
        Assert.Equal(TimeSpan.FromSeconds(30), options.DeliveryTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.PollInterval);
        Assert.Equal(10_000, options.DeliveredKeysRemembered);
        Assert.Equal(TimeSpan.FromDays(30), options.OutboxRetention);
        Assert.Empty(options.Validate("Notifications").Lines());
    }

    [Fact]
    public void Validate_EverythingWrong_ListsEveryProblemWithItsPath()
    {
        var options = new NotificationOptions
        {
            BatchSize = 0,
            InitialRetryDelay = TimeSpan.Zero,
            MaxRetryDelay = TimeSpan.FromDays(2),
            BackoffMultiplier = double.NaN,
            JitterRatio = 1.0,
            DeliveryTimeout = TimeSpan.FromSeconds(-1),
            PollInterval = TimeSpan.Zero,
            DeliveredKeysRemembered = 0,
            OutboxRetention = TimeSpan.Zero,
        };

        var problems = options.Validate("PetitionOpinion:Notifications").Lines();

        Assert.Equal(
            [
                "[notifications.invalid] PetitionOpinion:Notifications:BatchSize: must be from 1 to 10000 (was 0).",
                "[notifications.invalid] PetitionOpinion:Notifications:InitialRetryDelay: must be more than zero and at most 1.00:00:00 (was 00:00:00).",
                "[notifications.invalid] PetitionOpinion:Notifications:MaxRetryDelay: must be more than zero and at most 1.00:00:00 (was 2.00:00:00).",
                "[notifications.invalid] PetitionOpinion:Notifications:BackoffMultiplier: must be from 1 to 10 (was NaN).",
                "[notifications.invalid] PetitionOpinion:Notifications:JitterRatio: must be at least 0 and less than 1 (was 1).",
                "[notifications.invalid] PetitionOpinion:Notifications:DeliveryTimeout: must be more than zero and at most 1.00:00:00 (was -00:00:01).",
                "[notifications.invalid] PetitionOpinion:Notifications:PollInterval: must be more than zero and at most 1.00:00:00 (was 00:00:00).",
                "[notifications.invalid] PetitionOpinion:Notifications:DeliveredKeysRemembered: must be from 1 to 10000000 (was 0).",
                "[notifications.invalid] PetitionOpinion:Notifications:OutboxRetention: must be more than zero and at most 3650.00:00:00 (was 00:00:00).",
            ],
            problems);
    }

    [Fact]
    public void Validate_CrossPropertyProblems_AreListed()
    {
        var options = new NotificationOptions
        {
            BatchSize = 500,
            DeliveredKeysRemembered = 499,
            InitialRetryDelay = TimeSpan.FromMinutes(11),
            BackoffMultiplier = 0.5,
            JitterRatio = -0.1,
        };

        var problems = options.Validate(string.Empty).Lines();

        Assert.Equal(
            [
                "[notifications.invalid] InitialRetryDelay: must be at most MaxRetryDelay (00:10:00) (was 00:11:00).",
                "[notifications.invalid] BackoffMultiplier: must be from 1 to 10 (was 0.5).",
                "[notifications.invalid] JitterRatio: must be at least 0 and less than 1 (was -0.1).",
                "[notifications.invalid] DeliveredKeysRemembered: must be at least BatchSize (500) (was 499).",
            ],
            problems);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(3650.0001)]
    public void Validate_OutboxRetentionOutOfRange_IsListed(double days)
    {
        var problem = Assert.Single(new NotificationOptions { OutboxRetention = TimeSpan.FromDays(days) }.Validate("Notifications").Lines());

        Assert.StartsWith("[notifications.invalid] Notifications:OutboxRetention: must be more than zero and at most 3650.00:00:00", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NullPath_ThrowsArgumentNullException()
        => Assert.Throws<ArgumentNullException>(() => new NotificationOptions().Validate(null!));
}
