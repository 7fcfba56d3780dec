using PetitionOpinion.Notifications;

namespace PetitionOpinion.Samples;

/// <summary>
/// The story's notification channel: it keeps what it is given so that the story can print it. A real host registers
/// e-mail, SMS or WeCom/DingTalk/Feishu channels instead (<c>AddNotificationChannel</c>); the dispatcher retries a
/// channel that throws, with back-off, until it succeeds.
/// </summary>
internal sealed class StoryChannel : INotificationChannel
{
    private readonly List<Notification> _delivered = [];

    public string Name => "story-console";

    public ValueTask DeliverAsync(Notification notification, CancellationToken cancellationToken)
    {
        lock (_delivered)
        {
            _delivered.Add(notification);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Takes what was delivered since the last call.</summary>
    public IReadOnlyList<Notification> Take()
    {
        lock (_delivered)
        {
            var taken = _delivered.ToList();
            _delivered.Clear();
            return taken;
        }
    }
}
