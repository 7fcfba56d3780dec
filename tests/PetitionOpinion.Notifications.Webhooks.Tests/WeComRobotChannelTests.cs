using System.Text;

namespace PetitionOpinion.Notifications.Webhooks.Tests;

/// <summary>The WeCom group robot against a real HTTP listener on 127.0.0.1: payloads, answers, time-outs and the group rule.</summary>
public sealed class WeComRobotChannelTests : IAsyncDisposable
{
    private const string Key = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
    private readonly LocalWebhookServer _server = new();
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = Samples.Clock();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private WeComRobotChannel Channel(WeComMessageKind kind = WeComMessageKind.Text, string? prefix = null, params string[] recipients)
        => new(
            new WeComRobotOptions { Url = _server.Url($"/cgi-bin/webhook/send?key={Key}"), Recipients = recipients.Length == 0 ? ["gm", "cs-manager"] : [.. recipients], MessageKind = kind, Prefix = prefix },
            new HttpClient(),
            _time,
            null);

    [Fact]
    public async Task DeliverAsync_Text_PostsTheSharedTextAsWeComTextJsonToTheRobotsUrl()
    {
        await Channel().DeliverAsync(Samples.For("gm"), CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal(("POST", $"/cgi-bin/webhook/send?key={Key}"), (request.Method, request.Target));
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        var content = Samples.SharedSubject + "\n" + Samples.Posted(Samples.SharedBody);
        Assert.Equal("{\"msgtype\":\"text\",\"text\":{\"content\":\"" + Samples.Json(content) + "\"}}", request.Text);
        Assert.Contains("客户 [redacted] says the ＜b>customer's＜/b> orders", request.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliverAsync_Markdown_PostsTheSubjectInBoldAndEachLineQuotedAfterThePrefix()
    {
        await Channel(WeComMessageKind.Markdown, "[信访舆情]").DeliverAsync(Samples.For("gm"), CancellationToken.None);

        var lines = Samples.Posted(Samples.SharedBody).Split('\n');
        var content = $"[信访舆情]\n**{Samples.SharedSubject}**\n> {lines[0]}\n> {lines[1]}\n> {lines[2]}";
        Assert.Equal("{\"msgtype\":\"markdown\",\"markdown\":{\"content\":\"" + Samples.Json(content) + "\"}}", Assert.Single(_server.Requests).Text);
    }

    [Fact]
    public async Task DeliverAsync_NotificationForAConfidentialRecipient_NeverPostsThePetitionersDetails()
    {
        await Channel().DeliverAsync(Samples.For("gm"), CancellationToken.None);

        var text = Assert.Single(_server.Requests).Text;
        Assert.DoesNotContain("Wang Fang", text, StringComparison.Ordinal);
        Assert.DoesNotContain("王芳", text, StringComparison.Ordinal);
        Assert.DoesNotContain("138 0000 0000", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Person gm", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliverAsync_SameOccasionForSeveralOfTheChatsPeople_PostsItOnce()
    {
        var channel = Channel();

        await channel.DeliverAsync(Samples.For("gm"), CancellationToken.None);
        await channel.DeliverAsync(Samples.For("cs-manager"), CancellationToken.None);
        await channel.DeliverAsync(Samples.For("gm"), CancellationToken.None);

        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task DeliverAsync_AnotherOccasion_IsPostedToo()
    {
        var channel = Channel();

        await channel.DeliverAsync(Samples.For("gm"), CancellationToken.None);
        await channel.DeliverAsync(Samples.For("cs-manager") with { CreatedAt = Samples.CreatedAt.AddHours(1) }, CancellationToken.None);

        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task DeliverAsync_NotificationForSomebodyOutsideTheChat_PostsNothing()
    {
        await Channel().DeliverAsync(Samples.For("pr-manager"), CancellationToken.None);

        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task DeliverAsync_IncidentComplainsAboutOneOfTheChatsPeople_PostsNothing()
    {
        await Channel().DeliverAsync(Samples.For("gm", complainedAbout: new PersonId("cs-manager")), CancellationToken.None);

        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task DeliverAsync_IncidentComplainsAboutSomebodyOutsideTheChat_IsPosted()
    {
        await Channel().DeliverAsync(Samples.For("gm", complainedAbout: new PersonId("pr-manager")), CancellationToken.None);

        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task DeliverAsync_NotificationWithoutSharedText_PostsOnlyTopicIncidentAndLevel()
    {
        await Channel().DeliverAsync(Samples.For("gm", shared: false), CancellationToken.None);

        var content = $"IncidentEscalated: incident {Samples.IncidentText}\nIncident {Samples.IncidentText} · level I\nThe details are in the case system.";
        Assert.Equal("{\"msgtype\":\"text\",\"text\":{\"content\":\"" + Samples.Json(content) + "\"}}", Assert.Single(_server.Requests).Text);
    }

    [Theory]
    [InlineData(WeComMessageKind.Text, 2048)]
    [InlineData(WeComMessageKind.Markdown, 4096)]
    public async Task DeliverAsync_LongText_IsCutToThePlatformsLimitWithinACharacter(WeComMessageKind kind, int limit)
    {
        var body = string.Concat(Enumerable.Repeat("信访舆情事件😀 ", 400));

        await Channel(kind).DeliverAsync(Samples.For("gm") with { SharedBody = body }, CancellationToken.None);

        var json = System.Text.Json.JsonDocument.Parse(Assert.Single(_server.Requests).Body);
        var content = json.RootElement.GetProperty(kind == WeComMessageKind.Text ? "text" : "markdown").GetProperty("content").GetString()!;
        Assert.InRange(Encoding.UTF8.GetByteCount(content), limit - 8, limit);
        Assert.EndsWith("…", content, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', content);
    }

    [Fact]
    public async Task DeliverAsync_ErrorCodeInA200Answer_ThrowsWithTheCodeAndWithoutTheKey()
    {
        _server.Enqueue(new Reply(200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url, hint: [1772442300_abc]\"}"));

        var e = await Assert.ThrowsAsync<WebhookDeliveryException>(() => Channel().DeliverAsync(Samples.For("gm"), CancellationToken.None).AsTask());

        Assert.Equal((200, "93000"), (e.StatusCode, e.ErrorCode));
        Assert.Contains("errcode 93000 (invalid webhook url", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliverAsync_FailedPost_IsNotRememberedSoTheRetryPosts()
    {
        _server.Enqueue(new Reply(200, "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}"));
        var channel = Channel();

        await Assert.ThrowsAsync<WebhookDeliveryException>(() => channel.DeliverAsync(Samples.For("gm"), CancellationToken.None).AsTask());
        await channel.DeliverAsync(Samples.For("gm"), CancellationToken.None);

        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal(_server.Requests[0].Text, _server.Requests[1].Text);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(404)]
    public async Task DeliverAsync_NonSuccessStatus_ThrowsWithTheStatus(int status)
    {
        _server.Enqueue(new Reply(status, "{\"errcode\":0,\"errmsg\":\"ok\"}"));

        var e = await Assert.ThrowsAsync<WebhookDeliveryException>(() => Channel().DeliverAsync(Samples.For("gm"), CancellationToken.None).AsTask());

        Assert.Equal(status, e.StatusCode);
        Assert.DoesNotContain(Key, e.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<html>proxy login</html>")]
    [InlineData("{\"ok\":true}")]
    [InlineData("{\"errcode\":\"0\"}")]
    [InlineData("")]
    public async Task DeliverAsync_200WithoutTheRobotsResultCode_Throws(string body)
    {
        _server.Enqueue(new Reply(200, body));

        var e = await Assert.ThrowsAsync<WebhookDeliveryException>(() => Channel().DeliverAsync(Samples.For("gm"), CancellationToken.None).AsTask());

        Assert.Contains("without the platform's result code", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliverAsync_RobotThatNeverAnswers_ThrowsTimeoutWhenTheTimeOutPassesOnTheClock()
    {
        _server.Enqueue(Reply.Never);
        var channel = Channel();

        var delivery = channel.DeliverAsync(Samples.For("gm"), CancellationToken.None).AsTask();
        await _server.NextAsync();
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(delivery.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        var e = await Assert.ThrowsAsync<TimeoutException>(() => delivery);
        Assert.Contains("did not answer within 00:00:10", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliverAsync_CallerCancels_ThrowsOperationCanceled()
    {
        _server.Enqueue(Reply.Never);
        using var cancel = new CancellationTokenSource();

        var delivery = Channel().DeliverAsync(Samples.For("gm"), cancel.Token).AsTask();
        await _server.NextAsync();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delivery);
    }

    [Fact]
    public async Task DeliverAsync_NobodyListens_ThrowsDeliveryExceptionWithoutTheKey()
    {
        var port = _server.Port;
        await _server.DisposeAsync();
        var channel = new WeComRobotChannel(new WeComRobotOptions { Url = $"http://127.0.0.1:{port}/cgi-bin/webhook/send?key={Key}", Recipients = ["gm"] }, new HttpClient(), _time, null);

        var e = await Assert.ThrowsAsync<WebhookDeliveryException>(() => channel.DeliverAsync(Samples.For("gm"), CancellationToken.None).AsTask());

        Assert.Null(e.StatusCode);
        Assert.DoesNotContain(Key, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsListingEveryProblemWithoutTheUrl()
    {
        var options = new WeComRobotOptions { Name = " ", Url = "ftp://example.com/?key=secret-key", Recipients = [], Timeout = TimeSpan.Zero };

        var e = Assert.Throws<ArgumentException>(() => new WeComRobotChannel(options, new HttpClient(), _time, null));

        Assert.Contains("Name:", e.Message, StringComparison.Ordinal);
        Assert.Contains("Url:", e.Message, StringComparison.Ordinal);
        Assert.Contains("Recipients:", e.Message, StringComparison.Ordinal);
        Assert.Contains("Timeout:", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliverAsync_OverAHandler_PostsToo()
    {
        using var handler = new SocketsHttpHandler();
        var channel = new WeComRobotChannel(new WeComRobotOptions { Url = _server.Url("/hook?key=k"), Recipients = ["gm"] }, handler, _time, null);

        await channel.DeliverAsync(Samples.For("gm"), CancellationToken.None);

        Assert.Equal("/hook?key=k", Assert.Single(_server.Requests).Target);
    }
}
