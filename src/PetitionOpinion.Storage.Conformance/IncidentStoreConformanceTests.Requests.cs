namespace PetitionOpinion.Storage.Conformance;

/// <content>Malformed requests and cancelled tokens: an exception, and nothing written.</content>
public abstract partial class IncidentStoreConformanceTests
{
    /// <summary>Gets the names of the malformed requests <see cref="AppendAsync_MalformedRequest_ThrowsArgumentExceptionAndWritesNothing"/> tries.</summary>
    public static TheoryData<string> MalformedRequests { get; } =
    [
        "null request", "null incident list", "null outbox", "no incident", "null append", "same incident twice",
        "empty incident id", "negative expected version", "no events", "null events", "null event", "version gap",
        "version not after expected", "event of another incident", "null summary", "summary of another incident",
        "summary version wrong", "key on an existing incident", "empty key", "white-space key", "key over 200 characters",
        "same key twice in one request", "null outbox message", "outbox message without id", "outbox message without kind",
        "outbox message without de-duplication key",
    ];

    /// <summary>Gets the store operations <see cref="AnyOperation_CancelledToken_ThrowsOperationCanceledAndChangesNothing"/> tries.</summary>
    public static TheoryData<string> Operations { get; } = ["append", "load", "find", "query", "read outbox", "acknowledge", "purge outbox"];

    /// <summary>Checks <c>AppendAsync</c> — malformed request: throws argument exception and writes nothing.</summary>
    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task AppendAsync_MalformedRequest_ThrowsArgumentExceptionAndWritesNothing(string malformation)
    {
        var existing = await ReportAndSaveAsync("existing-key");
        Scenario.Assess(existing);
        var update = Scenario.Append(existing, (await Store.LoadAsync(existing.Id, None))[^1]);
        var fresh = Scenario.Report();
        Scenario.Assess(fresh);
        var created = Scenario.Append(fresh, null, "fresh-key");
        var other = Scenario.Report();
        var otherAppend = Scenario.Append(other, null);
        var message = Message(fresh.Id, "m");
        var before = await DescribeStoreAsync([existing.Id, fresh.Id, other.Id], ["existing-key", "fresh-key"]);
        AppendRequest Request(params IncidentAppend[] appends) => new(appends, [message]);

        var request = malformation switch
        {
            "null request" => null!,
            "null incident list" => new AppendRequest(null!, [message]),
            "null outbox" => new AppendRequest([update, created], null!),
            "no incident" => new AppendRequest([], [message]),
            "null append" => Request(update, null!),
            "same incident twice" => Request(update, created, update),
            "empty incident id" => Request(update, created with { IncidentId = default }),
            "negative expected version" => Request(update with { ExpectedVersion = -1 }, created),
            "no events" => Request(update, created with { Events = [] }),
            "null events" => Request(update, created with { Events = null! }),
            "null event" => Request(update, created with { Events = [created.Events[0], null!] }),
            "version gap" => Request(update, created with { Events = [created.Events[0], created.Events[1] with { Version = 3 }], Summary = created.Summary with { Version = 3 } }),
            "version not after expected" => Request(update with { ExpectedVersion = 0 }, created),
            "event of another incident" => Request(update, created with { Events = [created.Events[0], created.Events[1] with { IncidentId = existing.Id }] }),
            "null summary" => Request(update, created with { Summary = null! }),
            "summary of another incident" => Request(update, created with { Summary = created.Summary with { Id = other.Id } }),
            "summary version wrong" => Request(update, created with { Summary = created.Summary with { Version = 1 } }),
            "key on an existing incident" => Request(update with { IdempotencyKey = "late-key" }, created),
            "empty key" => Request(update, created with { IdempotencyKey = string.Empty }),
            "white-space key" => Request(update, created with { IdempotencyKey = " \t" }),
            "key over 200 characters" => Request(update, created with { IdempotencyKey = new string('k', 201) }),
            "same key twice in one request" => Request(update, created, otherAppend with { IdempotencyKey = "fresh-key" }),
            "null outbox message" => new AppendRequest([update, created], [message, null!]),
            "outbox message without id" => new AppendRequest([update, created], [message with { Id = Guid.Empty }]),
            "outbox message without kind" => new AppendRequest([update, created], [message with { Kind = " " }]),
            "outbox message without de-duplication key" => new AppendRequest([update, created], [message with { DeduplicationKey = string.Empty }]),
            _ => throw new ArgumentOutOfRangeException(nameof(malformation), malformation, "Not a malformation the kit knows."),
        };

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.AppendAsync(request, None));

        Assert.Equal(before, await DescribeStoreAsync([existing.Id, fresh.Id, other.Id], ["existing-key", "fresh-key"]));
        Assert.Equal(AppendResult.Appended, await Store.AppendAsync(new AppendRequest([update, created, otherAppend], [message]), None));
    }

    /// <summary>Checks <c>AnyOperation</c> — cancelled token: throws operation canceled and changes nothing.</summary>
    [Theory]
    [MemberData(nameof(Operations))]
    public async Task AnyOperation_CancelledToken_ThrowsOperationCanceledAndChangesNothing(string operation)
    {
        var existing = await ReportAndSaveAsync("existing-key");
        var pending = Message(existing.Id, "pending");
        Scenario.Assess(existing);
        Assert.Equal(AppendResult.Appended, await AppendAsync([Scenario.Append(existing, (await Store.LoadAsync(existing.Id, None))[^1])], pending));
        var fresh = Scenario.Report();
        var created = Scenario.Append(fresh, null, "fresh-key");
        var before = await DescribeStoreAsync([existing.Id, fresh.Id], ["existing-key", "fresh-key"]);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Func<Task> act = operation switch
        {
            "append" => async () => await Store.AppendAsync(new AppendRequest([created], [Message(fresh.Id, "new")]), cancelled.Token),
            "load" => async () => await Store.LoadAsync(existing.Id, cancelled.Token),
            "find" => async () => await Store.FindByIdempotencyKeyAsync("existing-key", cancelled.Token),
            "query" => async () => await Store.QueryAsync(new IncidentQuery(), cancelled.Token),
            "read outbox" => async () => await Store.ReadOutboxAsync(10, cancelled.Token),
            "acknowledge" => async () => await Store.AcknowledgeOutboxAsync([pending.Id], cancelled.Token),
            "purge outbox" => async () => await Store.PurgeOutboxAsync(DateTimeOffset.MaxValue, 10, cancelled.Token),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Not an operation the kit knows."),
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(act);

        Assert.Equal(before, await DescribeStoreAsync([existing.Id, fresh.Id], ["existing-key", "fresh-key"]));
        Assert.Equal([pending], await Store.ReadOutboxAsync(10, None));
    }

    /// <summary>Checks <c>FindByIdempotencyKeyAsync</c> — null key: throws argument null exception.</summary>
    [Fact]
    public async Task FindByIdempotencyKeyAsync_NullKey_ThrowsArgumentNullException()
        => await Assert.ThrowsAsync<ArgumentNullException>(async () => await Store.FindByIdempotencyKeyAsync(null!, None));
}
