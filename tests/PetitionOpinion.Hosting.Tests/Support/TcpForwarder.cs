using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace PetitionOpinion.Hosting.Tests.Support;

/// <summary>
/// Forwards TCP connections from a port on 127.0.0.1 to a server, so that a test can take the server away from its
/// clients without stopping it (other tests use it): <see cref="Cut"/> closes every open connection and closes each new
/// one as soon as it is accepted — to the clients, as a stopped server looks — and <see cref="Restore"/> forwards again.
/// </summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly DnsEndPoint _server;
    private readonly ConcurrentDictionary<int, (TcpClient Client, TcpClient Upstream)> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private volatile bool _cut;
    private int _next;

    /// <summary>Initializes a new instance of the <see cref="TcpForwarder"/> class, listening at once.</summary>
    /// <param name="server">Where to forward to.</param>
    public TcpForwarder(DnsEndPoint server)
    {
        _server = server;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Gets the port clients connect to.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Gets how many connections were refused (accepted and closed at once) while cut.</summary>
    public int Refused { get; private set; }

    /// <summary>Closes every open connection; until <see cref="Restore"/>, new ones are closed as soon as they are accepted.</summary>
    public void Cut()
    {
        _cut = true;
        foreach (var id in _open.Keys)
        {
            Close(id);
        }
    }

    /// <summary>Forwards new connections again.</summary>
    public void Restore() => _cut = false;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_cut)
            {
                Refused++;
                client.Dispose();
                continue;
            }

            _ = ForwardAsync(Interlocked.Increment(ref _next), client);
        }
    }

    private async Task ForwardAsync(int id, TcpClient client)
    {
        var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(_server.Host, _server.Port, _stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            client.Dispose();
            upstream.Dispose();
            return;
        }

        _open[id] = (client, upstream);
        if (_cut)
        {
            Close(id); // cut while connecting
            return;
        }

        // Either direction ending (or failing) ends the connection: both sockets are closed.
        await Task.WhenAny(PumpAsync(client, upstream), PumpAsync(upstream, client));
        Close(id);
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            var source = from.GetStream();
            var target = to.GetStream();
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                await target.WriteAsync(buffer.AsMemory(0, read));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or SocketException)
        {
            // The other side, or Cut, closed the connection.
        }
    }

    private void Close(int id)
    {
        if (_open.TryRemove(id, out var pair))
        {
            pair.Client.Dispose();
            pair.Upstream.Dispose();
        }
    }
}
