using Edge.Http;

namespace Edge.Observability.Metrics;

/// <summary>
/// The counters of one running Edge that belong to no route or endpoint: requests no route matched (or
/// the protocol layer refused before routing), client connections by protocol, reloads by outcome. One
/// per server; route and endpoint series live with their routes and endpoints, and the scrape reads
/// everything else (HTTP/2 floods, TLS handshakes, policy outcomes, retry budgets) where it is kept.
/// </summary>
internal sealed class GatewayMetrics
{
    private const int Protocols = (int)ConnectionProtocol.H2 + 1;

    private readonly StripedCounter[] _opened = [new(), new(), new()];
    private readonly StripedCounter[] _closed = [new(), new(), new()];
    private long _reloadsSucceeded;
    private long _reloadsFailed;

    /// <summary>Requests without a route: 404 and 405 faults, refused listener addresses, protocol-level rejections (400, 431, …).</summary>
    public RouteMetrics Unmatched { get; } = new("", "", []);

    public static ReadOnlySpan<byte> ProtocolLabel(ConnectionProtocol p) => p switch
    {
        ConnectionProtocol.H2c => "protocol=\"h2c\""u8,
        ConnectionProtocol.H2 => "protocol=\"h2\""u8,
        _ => "protocol=\"http1\""u8,
    };

    public void ConnectionOpened(ConnectionProtocol protocol) => _opened[(int)protocol].Increment();

    public void ConnectionClosed(ConnectionProtocol protocol) => _closed[(int)protocol].Increment();

    /// <summary>Connections accepted and served with this protocol since start.</summary>
    public long ConnectionsTotal(ConnectionProtocol protocol) => _opened[(int)protocol].Value;

    /// <summary>Connections open now (closed is read first, so a racing pair never shows as negative).</summary>
    public long ConnectionsOpen(ConnectionProtocol protocol)
    {
        var closed = _closed[(int)protocol].Value;
        return Math.Max(0, _opened[(int)protocol].Value - closed);
    }

    public static int ProtocolCount => Protocols;

    public void ReloadFinished(bool succeeded)
    {
        if (succeeded) Interlocked.Increment(ref _reloadsSucceeded);
        else Interlocked.Increment(ref _reloadsFailed);
    }

    public long ReloadsSucceeded => Interlocked.Read(ref _reloadsSucceeded);

    public long ReloadsFailed => Interlocked.Read(ref _reloadsFailed);
}
