using System.Collections.Concurrent;
using PetitionOpinion.Notifications;

namespace PetitionOpinion.Hosting.Tests.Support;

/// <summary>A channel that remembers what it was given; it fails while <see cref="Failing"/> is set.</summary>
public sealed class RecordingChannel(string name = "recording") : INotificationChannel
{
    public string Name { get; } = name;

    public ConcurrentQueue<Notification> Delivered { get; } = new();

    public bool Failing { get; set; }

    public ValueTask DeliverAsync(Notification notification, CancellationToken cancellationToken)
    {
        if (Failing)
        {
            throw new InvalidOperationException("the chat service is down");
        }

        Delivered.Enqueue(notification);
        return ValueTask.CompletedTask;
    }
}
