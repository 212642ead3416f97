using System.Collections.Concurrent;
using System.Net;
using System.IO.Pipelines;
using System.Net.Sockets;
using Edge.Config.Model;
using Edge.Http;
using Edge.Http1;
using Edge.Http2.Server;
using Edge.Http2.Settings;
using Edge.Observability;
using Edge.Observability.Metrics;
using Edge.Snapshot;
using Edge.Transport;
using Edge.Transport.Tls;

namespace Edge.Hosting;

/// <summary>
/// A running Edge: the listeners of the current config, the admin listener, the gateway core, and the
/// lifecycle — reload (SIGHUP, admin POST /reload) and graceful drain (SIGTERM). Split by aspect:
/// <c>.Reload.cs</c>, <c>.Listeners.cs</c> (which listeners a reload binds and retires).
/// </summary>
internal sealed partial class EdgeServer : IConnectionLifetime, IAsyncDisposable
{
    // Replaced as a whole under _listenersLock when a reload adds or removes listeners; readers take the array.
    private ListenerEntry[] _listeners = [];
    private readonly object _listenersLock = new();
    private readonly ConcurrentDictionary<IServerConnection, byte> _connections = new();
    private readonly GatewayHandler _gateway;
    private readonly AdminHandler _admin;
    private readonly TextWriter _log;
    private readonly TlsFailureLog _tlsLog;
    private readonly string _configPath;
    private volatile bool _draining;
    private volatile bool _ready;

    private EdgeServer(SnapshotHolder snapshots, AccessLog accessLog, string configPath, TextWriter log)
    {
        Snapshots = snapshots;
        AccessLog = accessLog;
        _configPath = configPath;
        _log = log;
        // The snapshot's log when the loader was given one (upstream failures go there too), else ours.
        _tlsLog = snapshots.Current.TlsLog ?? new TlsFailureLog(log);
        _gateway = new GatewayHandler(snapshots, accessLog, Metrics);
        _admin = new AdminHandler(this);
    }

    public SnapshotHolder Snapshots { get; }

    /// <summary>This server's own counters (unmatched requests, connections, reloads); /metrics reads them.</summary>
    public GatewayMetrics Metrics { get; } = new();
    public AccessLog AccessLog { get; }
    public bool IsDraining => _draining;
    public bool IsReady => _ready && !_draining;
    public int OpenConnections => _connections.Count;

    /// <summary>What the HTTP/2 connections did (streams, refusals, GOAWAYs, floods): read by tests, later by metrics.</summary>
    public Http2ServerStats Http2Stats { get; } = new();

    /// <summary>The bound endpoints by listener name (ports resolved when 0 was configured).</summary>
    public IReadOnlyList<(string Name, IPEndPoint EndPoint)> Bound => Volatile.Read(ref _listeners).Select(l => (l.Name, l.Listener.EndPoint)).ToList();

    /// <summary>The TLS handshake counters of the named listener; null when there is none or it is cleartext.</summary>
    public TlsHandshakeCounters? TlsCounters(string listenerName) =>
        Volatile.Read(ref _listeners).FirstOrDefault(l => l.Name == listenerName && !l.Retired)?.Tls?.Counters;

    /// <summary>The TLS handshake counters of every serving TLS listener, by name (for /metrics).</summary>
    public IEnumerable<(string Name, TlsHandshakeCounters Counters)> TlsHandshakeCounters() =>
        Volatile.Read(ref _listeners).Where(l => !l.Retired && l.Tls is not null).Select(l => (l.Name, l.Tls!.Counters));

    /// <summary>Binds every listener of the snapshot's config, then the admin listener. Throws when a bind fails.</summary>
    public static EdgeServer Start(RuntimeSnapshot snapshot, string configPath, TextWriter log)
    {
        var config = snapshot.Config;
        var accessLog = config.Server.AccessLog switch
        {
            AccessLogDestination.Off => AccessLog.Disabled(),
            AccessLogDestination.File => AccessLog.Open(config.Server.AccessLogPath!, MapFormat(config.Server.AccessLogFormat)),
            _ => AccessLog.Open("stdout", MapFormat(config.Server.AccessLogFormat)),
        };
        var server = new EdgeServer(new SnapshotHolder(snapshot), accessLog, configPath, log);
        try
        {
            var options = ListenerOptions(snapshot);
            for (var i = 0; i < config.Listeners.Count; i++) server.Add(server.BindListener(config.Listeners[i], options, snapshot.ListenerTls.ElementAtOrDefault(i), Http2LimitsFrom(config.Server.Limits, config.Listeners[i])));
            if (config.Server.Admin is { } admin)
                server.Add(server.Bind("admin", admin, 64, options with { IdleTimeout = TimeSpan.FromSeconds(10) }, server._admin, "http1", config: null, tls: null));
        }
        catch
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        server._ready = true;
        return server;
    }

    private static Observability.AccessLogFormat MapFormat(Config.Model.AccessLogFormat f) =>
        f == Config.Model.AccessLogFormat.Text ? Observability.AccessLogFormat.Text : Observability.AccessLogFormat.Json;

    internal static HttpServerOptions ServerOptions(LimitsConfig limits) => new()
    {
        Limits = HttpParserLimits.Default with
        {
            MaxHeadBytes = (int)limits.RequestHead.Bytes,
            MaxRequestLineBytes = (int)limits.RequestLine.Bytes,
            MaxHeaderCount = limits.Headers,
            MaxRequestBodyBytes = limits.Body.Bytes,
        },
        HeaderTimeout = limits.HeaderTimeout.ToTimeSpan(),
        IdleTimeout = limits.IdleTimeout.ToTimeSpan(),
        BodyTimeout = limits.BodyTimeout.ToTimeSpan(),
        SendTimeout = limits.SendTimeout.ToTimeSpan(),
    };

    /// <summary>
    /// The HTTP/2 limits of a listener (docs/http2.md): its <c>[listeners.http2]</c> table (whose missing keys
    /// already took <c>[server.limits]</c> <c>h2_max_streams</c>, <c>h2_max_requests</c> and <c>h2_header_list</c>), and the header
    /// timeout for a header block; the rest keep their defaults.
    /// </summary>
    internal static Http2Limits Http2LimitsFrom(LimitsConfig limits, ListenerConfig? listener)
    {
        var h2 = listener?.Http2 ?? ListenerHttp2Config.From(limits);
        return Http2Limits.Default with
        {
            MaxConcurrentStreams = h2.MaxConcurrentStreams,
            MaxStreamsPerConnection = h2.MaxStreamsPerConnection,
            MaxHeaderListSize = (int)Math.Min(h2.HeaderListSize.Bytes, int.MaxValue),
            // The encoded block stays 4 × the decoded list (a slightly oversized list still gets a 431).
            MaxHeaderBlockBytes = (int)Math.Min(Math.Max(4 * h2.HeaderListSize.Bytes, 16 * 1024), 16 * 1024 * 1024),
            InitialStreamWindowSize = (int)h2.InitialWindowSize.Bytes,
            ConnectionWindowSize = (int)h2.ConnectionWindowSize.Bytes,
            MaxFrameSize = (int)h2.MaxFrameSize.Bytes,
            HeaderBlockTimeout = limits.HeaderTimeout.ToTimeSpan(),
        };
    }

    /// <summary>
    /// Protocol options for the snapshot's listeners. The protocol layer caps bodies before routing at
    /// the largest cap any route allows; each route's own cap then applies (DESIGN.md §6: "10 MiB unless
    /// the route says more").
    /// </summary>
    internal static HttpServerOptions ListenerOptions(RuntimeSnapshot snapshot)
    {
        var options = ServerOptions(snapshot.Config.Server.Limits);
        var largest = snapshot.Routes.Length == 0 ? options.Limits.MaxRequestBodyBytes : Math.Max(options.Limits.MaxRequestBodyBytes, snapshot.Routes.Max(r => r.BodyLimit));
        return options with { Limits = options.Limits with { MaxRequestBodyBytes = largest } };
    }

    /// <summary>Binds a configured listener; with <paramref name="reuse"/>, that entry's TLS state (and its certificates) is kept.</summary>
    private ListenerEntry BindListener(ListenerConfig listener, HttpServerOptions options, TlsServerSettings? tls, Http2Limits h2Limits, ListenerEntry? reuse = null)
    {
        var state = reuse is not null ? reuse.Tls
            : tls is null ? null
            // The handshake is bounded by the header timeout: it is the first part of reading a request (SECURITY.md case 41).
            : new TlsListenerState(listener.Name, tls, options.HeaderTimeout, _tlsLog);
        options = state is null ? options with { H2cUpgrade = listener.H2cUpgrade } : options with { IsHttps = true };
        return Bind(listener.Name, listener.Bind, listener.MaxConnections, options, _gateway.ForListener(listener),
            string.Join(",", listener.Protocols).ToLowerInvariant(), listener, state, reuse, h2Limits);
    }

    /// <summary>
    /// Binds and starts accepting; the caller publishes a new entry with <see cref="Add"/>. With
    /// <paramref name="reuse"/>, the socket is installed into that existing entry instead. Throws SocketException.
    /// </summary>
    private ListenerEntry Bind(string name, EndpointAddress address, int maxConnections, HttpServerOptions options, IExchangeHandler handler, string protocols,
        ListenerConfig? config, TlsListenerState? tls, ListenerEntry? reuse = null, Http2Limits? h2Limits = null)
    {
        var endPoint = new IPEndPoint(ResolveBindAddress(address.Host), address.Port);
        ListenerEntry? entry = null;
        // The accept loop starts only after the entry is set, so the closure never sees null.
        var served = ServedProtocols.From(config, h2Limits ?? Http2Limits.Default);
        var listener = SocketListener.Bind(endPoint, maxConnections, connection => ServeAsync(connection, handler, options, served, entry!), tls);
        if (reuse is null) entry = new ListenerEntry(listener, name, config, tls);
        else
        {
            entry = reuse;
            entry.Listener = listener;
        }
        listener.Start();
        var scheme = tls is null ? "http" : "https";
        var alpn = tls is null ? "" : $", ALPN {string.Join(",", tls.Settings.ApplicationProtocols)}";
        _log.WriteLine($"edge: listening on {scheme}://{Format(listener.EndPoint)} ({name}, {protocols}{alpn}, max {maxConnections} connections)");
        return entry;
    }

    private void Add(ListenerEntry entry)
    {
        lock (_listenersLock) _listeners = [.. _listeners, entry];
    }

    private static string Format(IPEndPoint ep) => ep.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ep.Address}]:{ep.Port}" : ep.ToString();

    private static IPAddress ResolveBindAddress(string host)
    {
        if (IPAddress.TryParse(host, out var ip)) return ip;
        var addresses = Dns.GetHostAddresses(host);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0];
    }

    /// <summary>
    /// Serves one accepted connection (for TLS, after the handshake) with the protocol it speaks: over
    /// TLS the one ALPN negotiated (<c>transport.Tls?.ApplicationProtocol</c>: h2 or http/1.1); in
    /// cleartext, HTTP/2 with prior knowledge when the listener allows h2c and the first bytes are the
    /// HTTP/2 preface (RFC 9113 §3.3), else HTTP/1.1 — which hands over to HTTP/2 after an <c>Upgrade: h2c</c>
    /// request only when the listener sets <c>h2c_upgrade</c> (RFC 7540 §3.2; otherwise SECURITY.md case 20).
    /// </summary>
    private async Task ServeAsync(ITransport transport, IExchangeHandler handler, HttpServerOptions options, ServedProtocols protocols, ListenerEntry entry)
    {
        // Output still queued when the connection ends gets as long as any other stalled send.
        transport.CloseTimeout = options.SendTimeout;
        var http2 = false;
        if (transport.Tls is { } tls)
        {
            http2 = protocols.H2 && tls.ApplicationProtocol == System.Net.Security.SslApplicationProtocol.Http2;
        }
        else if (protocols.H2c)
        {
            var detected = await PeekForPrefaceAsync(transport, options, entry).ConfigureAwait(false);
            if (detected is null) return;
            http2 = detected.Value;
        }
        IServerConnection connection;
        Func<Task> process;
        if (http2)
        {
            var h2 = new Http2ServerConnection(transport, handler, options, protocols.Limits, Http2Stats, this);
            (connection, process) = (h2, h2.ProcessAsync);
        }
        else
        {
            var h1 = new Http1ServerConnection(transport, handler, options, this);
            (connection, process) = (h1, h1.ProcessAsync);
        }
        _connections.TryAdd(connection, 0);
        entry.Connections.TryAdd(connection, 0);
        // The admin listener's own connections (scrapes among them) are not counted.
        var counted = !ReferenceEquals(handler, _admin);
        var protocol = !http2 ? ConnectionProtocol.Http1 : transport.Tls is null ? ConnectionProtocol.H2c : ConnectionProtocol.H2;
        if (counted) Metrics.ConnectionOpened(protocol);
        try
        {
            if (_draining || entry.Retired) return;
            await process().ConfigureAwait(false);
            if (connection is Http1ServerConnection { UpgradeToHttp2: { } upgrade })
            {
                // Upgrade: h2c (RFC 7540 §3.2, listener key h2c_upgrade): the same transport goes on as HTTP/2,
                // which answers 101 and serves the request as stream 1. Registered before the HTTP/1.1 side
                // leaves the set, so a drain never misses the connection.
                var h2 = new Http2ServerConnection(transport, handler, options, protocols.Limits, Http2Stats, this, upgrade);
                _connections.TryAdd(h2, 0);
                entry.Connections.TryAdd(h2, 0);
                _connections.TryRemove(connection, out _);
                entry.Connections.TryRemove(connection, out _);
                connection = h2;
                await h2.ProcessAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            if (counted) Metrics.ConnectionClosed(protocol);
            _connections.TryRemove(connection, out _);
            entry.Connections.TryRemove(connection, out _);
        }
    }

    /// <summary>
    /// Waits for enough of the first bytes to tell the HTTP/2 preface from an HTTP/1.1 request, consuming
    /// nothing. The first byte gets the idle timeout, the rest of the preface the header timeout. Null when
    /// the client left, a timer fired or the server drains before that.
    /// </summary>
    private async Task<bool?> PeekForPrefaceAsync(ITransport transport, HttpServerOptions options, ListenerEntry entry)
    {
        var input = transport.Input;
        using var timer = new CancellationTokenSource(options.IdleTimeout);
        var waiter = new PrefaceWaiter(timer);
        _connections.TryAdd(waiter, 0);
        entry.Connections.TryAdd(waiter, 0);
        var started = false;
        try
        {
            while (true)
            {
                if (_draining || entry.Retired) return null;
                ReadResult result;
                try
                {
                    result = await input.ReadAsync(timer.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
                var buffer = result.Buffer;
                var status = Edge.Http2.Frames.Http2Preface.Check(buffer);
                input.AdvanceTo(buffer.Start, status == Edge.Http2.Frames.Http2PrefaceStatus.NeedMoreData ? buffer.End : buffer.Start);
                if (status != Edge.Http2.Frames.Http2PrefaceStatus.NeedMoreData) return status == Edge.Http2.Frames.Http2PrefaceStatus.Preface;
                if (result.IsCompleted) return null;
                if (!started && !buffer.IsEmpty)
                {
                    started = true;
                    timer.CancelAfter(options.HeaderTimeout);
                }
            }
        }
        finally
        {
            _connections.TryRemove(waiter, out _);
            entry.Connections.TryRemove(waiter, out _);
        }
    }

    /// <summary>A connection whose protocol is not known yet: a drain or a removed listener just stops the wait.</summary>
    private sealed class PrefaceWaiter(CancellationTokenSource timer) : IServerConnection
    {
        public void RequestDrain() => Cancel();

        public void AbortTransport() => Cancel();

        private void Cancel()
        {
            try
            {
                timer.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The wait has just ended by itself.
            }
        }
    }

    /// <summary>Which protocols a listener serves beyond HTTP/1.1, and its HTTP/2 limits.</summary>
    private sealed record ServedProtocols(bool H2c, bool H2, Http2Limits Limits)
    {
        public static ServedProtocols From(ListenerConfig? config, Http2Limits limits) => new(
            config?.Protocols.Contains(ListenerProtocol.H2c) == true,
            config?.Protocols.Contains(ListenerProtocol.H2) == true,
            limits);
    }

    /// <summary>
    /// Graceful drain (SECURITY.md case 67): stop accepting at once, close idle keep-alive connections,
    /// let requests in flight finish (their responses carry Connection: close), and cut whatever is
    /// left at the deadline. Returns true when everything finished in time.
    /// </summary>
    public async Task<bool> DrainAsync(TimeSpan deadline)
    {
        _draining = true;
        foreach (var entry in Volatile.Read(ref _listeners)) await entry.Listener.StopAcceptingAsync().ConfigureAwait(false);
        var stopAt = DateTime.UtcNow + deadline;
        while (true)
        {
            foreach (var c in _connections.Keys) c.RequestDrain();
            if (_connections.IsEmpty) return true;
            if (DateTime.UtcNow >= stopAt) break;
            await Task.Delay(50).ConfigureAwait(false);
        }
        foreach (var c in _connections.Keys) c.AbortTransport();
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var entry in Volatile.Read(ref _listeners)) await entry.Listener.DisposeAsync().ConfigureAwait(false);
        foreach (var cluster in Snapshots.Current.Clusters.Values) await cluster.DisposeAsync().ConfigureAwait(false);
        await AccessLog.DisposeAsync().ConfigureAwait(false);
    }
}
