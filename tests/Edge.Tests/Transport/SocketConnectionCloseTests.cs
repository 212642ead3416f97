using System.Net;
using System.Net.Sockets;
using Edge.Transport;

namespace Edge.Tests.Transport;

/// <summary>Closing a connection waits for queued output only as long as <see cref="SocketConnection.CloseTimeout"/>.</summary>
public sealed class SocketConnectionCloseTests
{
    private static async Task<(Socket Server, Socket Client)> PairAsync(int serverSendBuffer, int clientReceiveBuffer)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = clientReceiveBuffer };
        await client.ConnectAsync(listener.LocalEndPoint!);
        var server = await listener.AcceptAsync();
        server.SendBufferSize = serverSendBuffer;
        return (server, client);
    }

    [Fact]
    public async Task PeerNotReading_DisposeResetsAfterTheCloseTimeout()
    {
        var (server, client) = await PairAsync(4096, 4096);
        using var _ = client;
        var connection = new SocketConnection(server) { CloseTimeout = TimeSpan.FromMilliseconds(300) };
        connection.Start();

        // Under the output pipe's 64 KiB threshold, so the flush returns at once, but far more than the
        // few KiB the two small socket buffers hold: the send loop is stuck on a peer that never reads.
        var bytes = new byte[60 * 1024];
        var flush = await connection.Output.WriteAsync(bytes);
        Assert.False(flush.IsCompleted);

        var dispose = connection.DisposeAsync().AsTask();
        var finished = await Task.WhenAny(dispose, Task.Delay(TimeSpan.FromSeconds(20)));

        Assert.Same(dispose, finished);
        Assert.Equal(TransportEndReason.Aborted, connection.EndReason);
    }

    [Fact]
    public async Task PeerReading_DisposeDeliversEverythingThenFin()
    {
        var (server, client) = await PairAsync(4096, 4096);
        using var _ = client;
        var connection = new SocketConnection(server) { CloseTimeout = TimeSpan.FromSeconds(30) };
        connection.Start();
        var bytes = new byte[60 * 1024];
        Random.Shared.NextBytes(bytes);
        await connection.Output.WriteAsync(bytes);

        var dispose = connection.DisposeAsync().AsTask();
        var received = new MemoryStream();
        var buffer = new byte[8192];
        int n;
        while ((n = await client.ReceiveAsync(buffer)) > 0) received.Write(buffer, 0, n);
        await dispose;

        Assert.Equal(bytes, received.ToArray());
    }
}
