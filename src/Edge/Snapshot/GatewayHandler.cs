using System.Runtime.CompilerServices;
using System.Buffers;
using System.Diagnostics;
using Edge.Http;
using Edge.Observability;
using Edge.Observability.Correlation;
using Edge.Observability.Metrics;
using Edge.Policies;
using Edge.Routing;
using Edge.Throttling;
using Edge.Upstream;

namespace Edge.Snapshot;

/// <summary>
/// The gateway core (DESIGN.md §1) as the protocol layers see it: take the current snapshot, route the
/// exchange, run its action — a direct response or a forward — turn failures into WSO2 faults, and
/// write the access log line. Knows nothing of the protocol that carried the request.
/// </summary>
internal sealed class GatewayHandler : IExchangeHandler
{
    private readonly SnapshotHolder _snapshots;
    private readonly AccessLog _accessLog;
    private readonly IpRules? _listenerIp;
    private readonly GatewayMetrics _metrics;
    private readonly TrustedProxies _trustedProxies;

    public GatewayHandler(SnapshotHolder snapshots, AccessLog accessLog, GatewayMetrics? metrics = null)
        : this(snapshots, accessLog, null, TrustedProxies.None, metrics ?? new GatewayMetrics())
    {
    }

    private GatewayHandler(SnapshotHolder snapshots, AccessLog accessLog, IpRules? listenerIp, TrustedProxies trustedProxies, GatewayMetrics metrics)
    {
        _snapshots = snapshots;
        _accessLog = accessLog;
        _listenerIp = listenerIp;
        _metrics = metrics;
        _trustedProxies = trustedProxies;
    }

    /// <summary>The server's own counters (unmatched requests, connections, reloads).</summary>
    public GatewayMetrics Metrics => _metrics;

    /// <summary>
    /// The handler for one listener: this one, or one that first checks the listener's <c>ip_allow</c> /
    /// <c>ip_deny</c> (before routing, on the TCP peer: a refused address gets 403, 900805, for every path)
    /// and resolves the client behind the listener's <c>trusted_proxies</c> (<see cref="ClientAddresses"/>)
    /// for the API's IP rules and throttle keys. A listener whose lists change is rebound by a reload (its
    /// definition changed), so both are fixed for its lifetime.
    /// </summary>
    public GatewayHandler ForListener(Edge.Config.Model.ListenerConfig listener)
    {
        var rules = PolicyCompiler.IpRulesFor(listener.IpAllow, listener.IpDeny);
        if (rules is null && listener.TrustedProxies.IsEmpty) return this;
        return new GatewayHandler(_snapshots, _accessLog, rules, new TrustedProxies(listener.TrustedProxies.Select(c => c.Network)), _metrics);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask HandleAsync(Exchange exchange)
    {
        var snapshot = _snapshots.Current;
        // Request id and trace context first: every answer, fault or forward, carries and logs them.
        CorrelationIds.Begin(exchange);
        RouteMetrics? metrics = null;
        try
        {
            var run = RouteAndRunAsync(exchange, snapshot, out metrics);
            await run.ConfigureAwait(false);
        }
        finally
        {
            (metrics ?? _metrics.Unmatched).Record(exchange.Request.KnownMethod, exchange.ResponseStatus, Elapsed(exchange));
            Log(exchange);
        }
    }

    /// <summary>Routes and starts the exchange; <paramref name="metrics"/> is the matched route's series (null: none matched).</summary>
    private ValueTask RouteAndRunAsync(Exchange exchange, RuntimeSnapshot snapshot, out RouteMetrics? metrics)
    {
        metrics = null;
        var request = exchange.Request;
        // IP rules before anything else (DESIGN.md §1): the listener's here, the API's first in its chain.
        if (_listenerIp is { } ip && !ip.Allows(exchange.RemoteEndPoint?.Address))
        {
            RoutePolicies.RefuseListenerIp(exchange);
            return SendFaultAsync(exchange, FaultCatalog.IpForbidden, FaultFormat.Json);
        }
        // A CORS preflight asks about another method: route by that method, and answer it at the edge.
        if (snapshot.HasCors && CorsPolicy.IsPreflight(request, out var requestedMethod))
        {
            var preflight = new RouteMatch();
            snapshot.Trie.Match(request.Authority, request.Path, requestedMethod, ref preflight);
            if (preflight.Status == RouteMatchStatus.Matched && snapshot.Routes[preflight.RouteId] is { Policies.Cors: not null } corsRoute)
            {
                exchange.ApiName = corsRoute.ApiName;
                exchange.RouteName = corsRoute.RouteName;
                metrics = corsRoute.Metrics;
                return AnswerPreflightAsync(exchange, corsRoute, ClientAddresses.Resolve(exchange, _trustedProxies));
            }
        }
        // RFC 9110 §9.3.6: Edge is no forward proxy; CONNECT and asterisk-form are not routable (SECURITY.md case 13).
        if (request.IsAuthorityForm || request.KnownMethod == KnownMethod.Connect)
            return SendFaultAsync(exchange, FaultCatalog.MethodNotAllowed, FaultFormat.Json);
        if (request.IsAsteriskForm)
            return SendFaultAsync(exchange, FaultCatalog.BadRequest, FaultFormat.Json);

        var match = new RouteMatch();
        snapshot.Trie.Match(request.Authority, request.Path, request.Method, ref match);
        switch (match.Status)
        {
            case RouteMatchStatus.Matched:
                var route = snapshot.Routes[match.RouteId];
                exchange.ApiName = route.ApiName;
                exchange.RouteName = route.RouteName;
                metrics = route.Metrics;
                // Resolved once per exchange, only for routes whose policies read it (IP rules, throttle keys).
                var client = route.Policies is null ? null : ClientAddresses.Resolve(exchange, _trustedProxies);
                return RunAsync(exchange, route, match.BasePathLength, client);
            case RouteMatchStatus.MethodNotAllowed:
                return SendMethodNotAllowedAsync(exchange, snapshot.Trie, match.AllowedMethods);
            default:
                return SendFaultAsync(exchange, FaultCatalog.NoMatchingResource, FaultFormat.Json);
        }
    }

    /// <summary>
    /// A CORS preflight for a route with a CORS policy: the API's IP rules first, then 204 with the
    /// CORS fields, or 403 (900908) without them. Never forwarded, never authenticated (browsers send
    /// preflights without credentials).
    /// </summary>
    private static ValueTask AnswerPreflightAsync(Exchange exchange, RouteAction route, IpAddressBytes? client)
    {
        var policies = route.Policies!;
        if (policies.Ip is { } ip && !ip.AllowsClient(client))
        {
            RoutePolicies.RecordIpDenied(exchange);
            return SendFaultAsync(exchange, FaultCatalog.IpForbidden, route.Errors);
        }
        var allowed = policies.Cors!.TryAllowPreflight(exchange);
        RoutePolicies.RecordPreflight(exchange, allowed);
        if (!allowed) return SendFaultAsync(exchange, FaultCatalog.ResourceForbidden, route.Errors);
        var head = FaultHead.Value!;
        head.Release();
        head.Status = 204;
        exchange.Response.WriteHead(head, 0, new ResponseExtras { CloseConnection = exchange.CloseAfterResponse });
        return exchange.Response.CompleteAsync(CancellationToken.None);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask RunAsync(Exchange exchange, RouteAction route, int basePathLength, IpAddressBytes? client)
    {
        // The route's policy chain: IP, CORS, authentication, scopes, throttle, transforms (RoutePolicies).
        if (route.Policies is { } policies)
        {
            var verdict = policies.Evaluate(exchange, client, out var pending);
            if (verdict == PolicyVerdict.VerifyBasic) verdict = await policies.CompleteBasicAsync(exchange, pending, client).ConfigureAwait(false);
            if (verdict != PolicyVerdict.Allow)
            {
                await SendFaultAsync(exchange, RoutePolicies.FaultFor(verdict), route.Errors).ConfigureAwait(false);
                return;
            }
        }
        // SECURITY.md case 44: a declared body over the route's cap is refused before any of it is read.
        if (exchange.RequestBody.ContentLength > route.BodyLimit)
        {
            exchange.CloseAfterResponse = true;
            await SendFaultAsync(exchange, FaultCatalog.PayloadTooLarge, route.Errors).ConfigureAwait(false);
            return;
        }
        exchange.RequestBody.LimitTo(route.BodyLimit);
        if (route.Respond is { } direct)
        {
            await SendDirectAsync(exchange, direct).ConfigureAwait(false);
            return;
        }
        if (route.Cluster is not { } cluster)
        {
            await SendFaultAsync(exchange, FaultCatalog.UpstreamUnavailable, route.Errors).ConfigureAwait(false);
            return;
        }
        // Null: every primary and failover endpoint is unhealthy or ejected; answer at once, no connect attempt.
        if (cluster.Pick() is not { } endpoint)
        {
            cluster.RecordUnavailable();
            await SendFaultAsync(exchange, FaultCatalog.UpstreamUnavailable, route.Errors).ConfigureAwait(false);
            return;
        }
        var path = new ForwardPath(basePathLength, route.RewritePrefix, new ForwardHost((ForwardHostMode)route.Host.Mode, route.Host.Literal ?? []));
        exchange.ForwardedUpgrade = UpgradeProtocols.Forwardable(exchange, route.WebSocket);
        var result = await ClusterForwarder.ForwardAsync(exchange, cluster, endpoint, path, route.RetryNonIdempotent, exchange.Aborted).ConfigureAwait(false);
        if (result == ForwardResult.Success || exchange.Response.HasStarted) return;
        if (result == ForwardResult.ClientAborted || exchange.Aborted.IsCancellationRequested)
        {
            // Nobody is left to answer: log it as nginx does (499, client closed request) and close.
            exchange.Response.Abort();
            if (exchange.ClientAborted)
            {
                exchange.ResponseStatus = ClientClosedRequest;
                exchange.Truncated = false; // no response was begun, so none was cut short
            }
            return;
        }
        var fault = result switch
        {
            ForwardResult.ConnectFailed => FaultCatalog.UpstreamUnavailable,
            ForwardResult.ResponseTimeout => FaultCatalog.UpstreamTimeout,
            ForwardResult.RequestBodyFailed => RequestTimeout,
            _ => FaultCatalog.BadGateway,
        };
        if (result == ForwardResult.RequestBodyFailed) exchange.CloseAfterResponse = true;
        try
        {
            await SendFaultAsync(exchange, fault, route.Errors).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client is gone too; the protocol layer records how the connection ended.
            exchange.Response.Abort();
        }
    }

    /// <summary>nginx's non-standard status for a request whose client left before the response, used in the access log only.</summary>
    private const int ClientClosedRequest = 499;

    /// <summary>408 for a request body that stalled or broke (SECURITY.md case 38).</summary>
    private static readonly Fault RequestTimeout = new(408, 900408, "Request Timeout", "The request body was not received in time");

    private static ValueTask SendDirectAsync(Exchange exchange, DirectResponse direct)
    {
        var response = exchange.Response;
        var headOnly = exchange.Request.KnownMethod == KnownMethod.Head;
        response.WriteHead(direct.Head, direct.Body.Length, new ResponseExtras { ContentType = direct.ContentType, HeadOnly = headOnly });
        return headOnly || direct.Body.Length == 0
            ? response.CompleteAsync(CancellationToken.None)
            : WriteAndCompleteAsync(response, direct.Body);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask WriteAndCompleteAsync(IResponseSink response, ReadOnlyMemory<byte> body)
    {
        await response.WriteBodyAsync(body, CancellationToken.None).ConfigureAwait(false);
        await response.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private static ValueTask SendMethodNotAllowedAsync(Exchange exchange, RouteTrie trie, ulong allowed)
    {
        Span<byte> allow = stackalloc byte[Math.Max(trie.MaxAllowLength, 16)];
        var n = trie.FormatAllow(allowed, allow);
        return SendFaultAsync(exchange, FaultCatalog.MethodNotAllowed, FaultFormat.Json, n > 0 ? allow[..n] : default);
    }

    /// <summary>Writes a fault response in the API's format. The body is rendered into a pooled buffer (catalog faults are pre-rendered).</summary>
    internal static ValueTask SendFaultAsync(Exchange exchange, in Fault fault, FaultFormat format, ReadOnlySpan<byte> allow = default)
    {
        exchange.FaultCode = fault.Code;
        var buffer = new PooledBufferWriter();
        FaultWriter.Write(fault, format, buffer);
        var head = FaultHead.Value!;
        head.Release();
        head.Status = fault.Status;
        var response = exchange.Response;
        response.WriteHead(head, buffer.Length, new ResponseExtras
        {
            ContentType = FaultWriter.ContentType(format),
            Allow = allow,
            HeadOnly = exchange.Request.KnownMethod == KnownMethod.Head,
            CloseConnection = exchange.CloseAfterResponse,
        });
        return FinishFaultAsync(response, buffer);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask FinishFaultAsync(IResponseSink response, PooledBufferWriter buffer)
    {
        try
        {
            await response.WriteBodyAsync(buffer.WrittenMemory, CancellationToken.None).ConfigureAwait(false);
            await response.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            buffer.Dispose();
        }
    }

    private static readonly ThreadLocal<HttpResponseHead> FaultHead = new(static () => new HttpResponseHead());

    public void OnRejected(Exchange exchange)
    {
        exchange.FaultCode = 900000 + exchange.ResponseStatus;
        // The response is already written: the ids are for the log line only.
        CorrelationIds.Assign(exchange);
        _metrics.Unmatched.Record(exchange.Request.KnownMethod, exchange.ResponseStatus, Elapsed(exchange));
        Log(exchange);
    }

    /// <summary>Stopwatch ticks since the head was complete (0 when a rejection came before that).</summary>
    private static long Elapsed(Exchange exchange) => exchange.StartTimestamp == 0 ? 0 : Stopwatch.GetTimestamp() - exchange.StartTimestamp;

    private void Log(Exchange exchange)
    {
        if (!_accessLog.IsEnabled) return;
        var request = exchange.Request;
        var flags = AccessLogFlags.None;
        if (exchange.Truncated) flags |= AccessLogFlags.Truncated;
        if (exchange.UpstreamRetries > 0) flags |= AccessLogFlags.Retried;
        if (exchange.ClientAborted) flags |= AccessLogFlags.ClientAborted;
        _accessLog.TryWrite(new AccessLogEntry
        {
            Timestamp = DateTimeOffset.UtcNow - Stopwatch.GetElapsedTime(exchange.StartTimestamp),
            RemoteAddress = exchange.RemoteEndPoint?.Address,
            RemotePort = exchange.RemoteEndPoint?.Port ?? 0,
            Method = request.MethodMemory,
            Path = request.PathMemory,
            Protocol = exchange.Protocol switch { HttpProtocol.Http10 => "HTTP/1.0", HttpProtocol.Http2 => "HTTP/2", _ => "HTTP/1.1" },
            Status = exchange.ResponseStatus,
            BytesSent = exchange.Response.BodyBytesWritten + exchange.TunnelBytesToClient,
            DurationMicroseconds = (long)Stopwatch.GetElapsedTime(exchange.StartTimestamp).TotalMicroseconds,
            ApiName = exchange.ApiName,
            RouteId = exchange.RouteName,
            BytesReceived = exchange.RequestBody.BytesRead + exchange.TunnelBytesFromClient,
            Upstream = exchange.UpstreamEndpoint,
            FaultCode = exchange.FaultCode,
            Flags = flags,
            ClientCertificate = exchange.ClientCertificate,
            Policy = exchange.PolicyReason,
            Subject = exchange.Subject,
            RequestId = exchange.Correlation.RequestId,
            TraceParent = exchange.Correlation.TraceParent,
        });
    }
}
