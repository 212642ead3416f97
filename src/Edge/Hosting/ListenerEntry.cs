using System.Collections.Concurrent;
using Edge.Config.Model;
using Edge.Http;
using Edge.Transport;
using Edge.Transport.Tls;

namespace Edge.Hosting;

/// <summary>
/// One bound listener and the connections it accepted. The connections are tracked per listener so a
/// reload that removes the listener can drain exactly those and leave every other connection alone.
/// </summary>
internal sealed class ListenerEntry
{
    public ListenerEntry(SocketListener listener, string name, ListenerConfig? config, TlsListenerState? tls)
    {
        Listener = listener;
        Name = name;
        Config = config;
        Tls = tls;
    }

    /// <summary>Replaced only when a failed reload re-binds a listener it had already released.</summary>
    public SocketListener Listener { get; set; }
    public string Name { get; }

    /// <summary>The config it was bound from; null for the admin listener, which reload never touches.</summary>
    public ListenerConfig? Config { get; }

    /// <summary>The TLS side (current certificates, handshake counters); null for a cleartext listener.</summary>
    public TlsListenerState? Tls { get; }

    public ConcurrentDictionary<IServerConnection, byte> Connections { get; } = new();

    /// <summary>Set once a reload removed it: a connection accepted in the race is closed at once.</summary>
    public volatile bool Retired;
}
