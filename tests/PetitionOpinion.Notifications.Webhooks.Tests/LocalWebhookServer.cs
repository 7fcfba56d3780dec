using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PetitionOpinion.Notifications.Webhooks.Tests;

/// <summary>What the server answers to one request: a status and a body, or nothing at all (it holds the connection open).</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body (JSON, usually).</param>
/// <param name="Hang">Whether to never answer.</param>
public sealed record Reply(int Status, string Body, bool Hang = false)
{
    public static Reply WeComOk { get; } = new(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");

    public static Reply FeishuOk { get; } = new(200, "{\"code\":0,\"msg\":\"success\",\"data\":{}}");

    public static Reply Never { get; } = new(0, string.Empty, Hang: true);
}

/// <summary>One request as the server read it off the wire.</summary>
/// <param name="Method">The method.</param>
/// <param name="Target">The request target: path and query, exactly as sent.</param>
/// <param name="Headers">The headers (names compared ignoring case).</param>
/// <param name="Body">The body's bytes.</param>
public sealed record ReceivedRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public string Path => Target.Split('?')[0];

    public string Query => Target.Contains('?', StringComparison.Ordinal) ? Target[(Target.IndexOf('?', StringComparison.Ordinal) + 1)..] : string.Empty;

    /// <summary>The query's parameters, values as sent (still URL-encoded).</summary>
    public IReadOnlyDictionary<string, string> RawQuery
        => Query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal);
}

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 and a free port, over <see cref="TcpListener"/>: it reads each request
/// (headers, and a body of <c>Content-Length</c> bytes), records it, and answers as scripted — the next queued
/// <see cref="Reply"/>, else <see cref="Default"/> — closing the connection after each answer. A <see cref="Reply.Never"/>
/// holds the connection open until the server is disposed.
/// </summary>
public sealed class LocalWebhookServer : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Reply> _script = new();
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly System.Threading.Channels.Channel<ReceivedRequest> _arrivals = System.Threading.Channels.Channel.CreateUnbounded<ReceivedRequest>();
    private readonly Task _accepting;
    private readonly ConcurrentBag<Task> _connections = [];

    public LocalWebhookServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Gets or sets what the server answers when nothing is queued. Default: WeCom's and DingTalk's success.</summary>
    public Reply Default { get; set; } = Reply.WeComOk;

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>The server's address for a path and query, e.g. <c>/cgi-bin/webhook/send?key=k</c>.</summary>
    public string Url(string pathAndQuery) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}{pathAndQuery}");

    public void Enqueue(params Reply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }
    }

    /// <summary>Waits for the next request to arrive (a safety limit of 30 s, never reached by a passing test).</summary>
    public async Task<ReceivedRequest> NextAsync() => await _arrivals.Reader.ReadAsync().AsTask().WaitAsync(Patience);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        foreach (var connection in _connections)
        {
            try
            {
                await connection;
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
            }
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _connections.Add(ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var request = await ReadAsync(stream);
            if (request is null)
            {
                return;
            }

            var reply = _script.TryDequeue(out var scripted) ? scripted : Default;
            _requests.Enqueue(request);
            await _arrivals.Writer.WriteAsync(request);
            if (reply.Hang)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, _stop.Token);
                return;
            }

            var body = Encoding.UTF8.GetBytes(reply.Body);
            var head = string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 {reply.Status} Scripted\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
            await stream.WriteAsync(body, _stop.Token);
            await stream.FlushAsync(_stop.Token);
        }
    }

    private async Task<ReceivedRequest?> ReadAsync(NetworkStream stream)
    {
        // The head, byte by byte up to the blank line (requests here are small).
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                return null;
            }

            head.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var start = lines[0].Split(' ');
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var length = headers.TryGetValue("Content-Length", out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : 0;
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, _stop.Token);
        return new ReceivedRequest(start[0], start[1], headers, body);
    }
}
