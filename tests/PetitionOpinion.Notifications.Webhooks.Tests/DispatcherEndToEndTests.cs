using PetitionOpinion.Incidents;
using PetitionOpinion.Storage.Conformance;

namespace PetitionOpinion.Notifications.Webhooks.Tests;

/// <summary>
/// Router → outbox → <see cref="NotificationDispatcher"/> → chat robot → a real HTTP listener: failures are retried
/// through the outbox with back-off, and the chat gets the message once, redacted.
/// </summary>
public sealed class DispatcherEndToEndTests : IAsyncDisposable
{
    private static readonly PetitionerDetails Petitioner = new("Wang Fang", "+86 138 0000 0000");
    private const string Description = "Wang Fang (138-0000-0000) says another customer's order history appeared in her account.";
    private readonly LocalWebhookServer _server = new();
    private readonly Story _story = new();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private WeComRobotChannel Robot(params PersonId[] recipients)
        => new(new WeComRobotOptions { Url = _server.Url("/cgi-bin/webhook/send?key=k"), Recipients = [.. recipients.Select(p => p.Value)] }, new HttpClient(), _story.Scenario.Time, null);

    [Fact]
    public async Task Dispatch_RobotFailsTwiceThenAccepts_IsRetriedThroughTheOutboxAndPostedOnce()
    {
        var id = await _story.ReportAsync(Petitioner, Description);
        await _story.DoAsync(id, Story.Assess(SeverityLevel.I));
        _server.Enqueue(new Reply(500, "{}"), new Reply(200, "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}"));
        var dispatcher = _story.Dispatcher(Robot(KitPeople.GeneralManager));

        var first = await dispatcher.DispatchPendingAsync(CancellationToken.None);
        _story.Scenario.Time.Advance(TimeSpan.FromSeconds(5));
        var second = await dispatcher.DispatchPendingAsync(CancellationToken.None);
        _story.Scenario.Time.Advance(TimeSpan.FromSeconds(10));
        var third = await dispatcher.DispatchPendingAsync(CancellationToken.None);
        _story.Scenario.Time.Advance(TimeSpan.FromMinutes(30));
        var later = await dispatcher.DispatchPendingAsync(CancellationToken.None);

        // One leading group member is the chat: the other five notifications are not for it, delivered at once.
        Assert.Equal((1, 5), (first.Failed, first.Delivered));
        Assert.IsType<WebhookDeliveryException>(Assert.Single(first.Failures).Exception);
        Assert.Equal((1, 0), (second.Failed, second.Delivered));
        Assert.Equal("45009", Assert.IsType<WebhookDeliveryException>(Assert.Single(second.Failures).Exception).ErrorCode);
        Assert.Equal((0, 1, 1), (third.Failed, third.Delivered, third.Acknowledged));
        Assert.Equal((0, 0), (later.Delivered, later.Failed));
        Assert.Empty(await _story.PendingAsync());
        Assert.Equal(3, _server.Requests.Count);
        Assert.Single(_server.Requests.Select(r => r.Text).Distinct());
        Assert.DoesNotContain("Wang Fang", _server.Requests[2].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("0000", _server.Requests[2].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_ChatOfTheWholeLeadingGroup_PostsTheEscalationOnceThoughSixAreTold()
    {
        var id = await _story.ReportAsync(Petitioner, Description);
        await _story.DoAsync(id, Story.Assess(SeverityLevel.II));
        var pending = await _story.PendingAsync();
        _server.Enqueue(new Reply(502, string.Empty));
        var dispatcher = _story.Dispatcher(Robot([.. pending.Select(n => n.Recipient)]));

        var first = await dispatcher.DispatchPendingAsync(CancellationToken.None);
        _story.Scenario.Time.Advance(TimeSpan.FromSeconds(5));
        var second = await dispatcher.DispatchPendingAsync(CancellationToken.None);

        // The first member's post fails; the second member's posts it; the others' and the retry find it posted.
        Assert.Equal(6, pending.Count);
        Assert.Equal((1, 5, 5), (first.Failed, first.Delivered, first.Acknowledged));
        Assert.Equal((0, 1, 1), (second.Failed, second.Delivered, second.Acknowledged));
        Assert.Equal(2, _server.Requests.Count);
        Assert.Contains("Petitioner: [redacted]", _server.Requests[1].Text, StringComparison.Ordinal);
        Assert.Empty(await _story.PendingAsync());
    }

    [Fact]
    public async Task Dispatch_ComplaintAboutAChatMember_PostsNothingThere()
    {
        var id = await _story.ReportAsync(Petitioner, Description, complained: KitPeople.HeadOfTechnicalSupport);
        await _story.DoAsync(id, Story.Assess(SeverityLevel.I));
        var dispatcher = _story.Dispatcher(Robot(KitPeople.GeneralManager, KitPeople.HeadOfTechnicalSupport));

        var report = await dispatcher.DispatchPendingAsync(CancellationToken.None);

        Assert.Equal(5, report.Acknowledged);
        Assert.Empty(_server.Requests);
    }
}
