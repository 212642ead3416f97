using System.Net.Sockets;

namespace Edge.Transport;

/// <summary>The transport broke under a reader: the peer reset or the socket failed.</summary>
internal sealed class ConnectionResetException : IOException
{
    public ConnectionResetException(SocketError error) : base($"connection reset ({error})") => Error = error;

    public SocketError Error { get; }
}
