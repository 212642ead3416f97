using System.Net;
using System.Net.Sockets;

namespace Edge.IntegrationTests.Kit;

/// <summary>Free loopback ports for test listeners (bind to 0, read the port, release it).</summary>
internal static class FreePort
{
    public static int Get()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
