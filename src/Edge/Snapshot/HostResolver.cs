using System.Net;
using System.Net.Sockets;

namespace Edge.Snapshot;

/// <summary>
/// Turns an endpoint's host name into addresses at load time. Injected so tests can make resolution
/// fail without touching real DNS (SECURITY.md case 65); a reload keeps the resolver of the snapshot
/// it replaces. Returns an empty array when the name does not resolve.
/// </summary>
internal delegate IPAddress[] HostResolver(string host);

internal static class HostResolvers
{
    public static HostResolver System { get; } = static host =>
    {
        try
        {
            return Dns.GetHostAddresses(host);
        }
        catch (SocketException)
        {
            return [];
        }
    };
}
