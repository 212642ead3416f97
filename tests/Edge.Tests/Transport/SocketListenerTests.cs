using System.Net;
using System.Net.Sockets;
using Edge.Transport;

namespace Edge.Tests.Transport;

public sealed class SocketListenerTests
{
    [Fact]
    public async Task Bind_PortAlreadyServedByAnotherListener_FailsLoudly()
    {
        // A second Edge started by mistake must not silently share the port (no SO_REUSEPORT).
        await using var first = SocketListener.Bind(new IPEndPoint(IPAddress.Loopback, 0), 10, static _ => Task.CompletedTask);
        var error = Assert.Throws<SocketException>(() => SocketListener.Bind(first.EndPoint, 10, static _ => Task.CompletedTask));
        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
    }
}
