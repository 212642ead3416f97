using System.Runtime.CompilerServices;
using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Edge.Http;

namespace Edge.Upstream;

/// <summary>
/// Forwards one exchange to an HTTP/1.1 upstream endpoint and streams the response back:
/// <code>
///  client ──head──▶ Edge ──head'──▶ upstream      1. rent a pooled connection (or connect)
///  client ──body──▶ Edge ──body──▶ upstream       2. stream the request body (back-pressure both ways)
///  client ◀──head── Edge ◀──head── upstream       3. read the response head (response timeout)
///  client ◀──body── Edge ◀──body── upstream       4. stream the response body (body idle timeout)
/// </code>
/// Failures are results (<see cref="ForwardResult"/>), not exceptions. A pooled connection the
/// upstream closed just before reuse is retried once on a fresh connection when nothing of the body
/// had to be sent (SECURITY.md case 59). After the response began, a failure can only truncate it.
/// </summary>
internal static class Http1Forwarder
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<ForwardResult> ForwardAsync(Exchange exchange, UpstreamEndpoint endpoint, ForwardPath path, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref endpoint.InFlight);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                Http1UpstreamConnection connection;
                bool reused;
                try
                {
                    (connection, reused) = await endpoint.Pool.RentAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException or TimeoutException or Edge.Transport.Tls.TlsHandshakeException)
                {
                    // A refused or timed-out connect is the endpoint's fault. A client that went away is not,
                    // nor is our own pool being full (TimeoutException): that is load, not a dead endpoint.
                    if (e is not TimeoutException && !cancellationToken.IsCancellationRequested) endpoint.Health.ReportFailure();
                    return ForwardResult.ConnectFailed;
                }

                ForwardResult result;
                try
                {
                    // RFC 9110 §9.2.2: only idempotent requests may be replayed automatically.
                    var canRetry = reused && attempt == 0 && IsIdempotent(exchange.Request.KnownMethod);
                    result = await ExchangeAsync(exchange, connection, path, canRetry, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    await endpoint.Pool.ReturnAsync(connection).ConfigureAwait(false);
                }
                // Whatever broke after the client left (the aborted upstream connection) is not the endpoint's doing.
                if (result != ForwardResult.Success && cancellationToken.IsCancellationRequested && !exchange.Response.HasStarted)
                    return ForwardResult.ClientAborted;
                if (result != RetryOnFreshConnection)
                {
                    // Passive health: failures before any response head count against the endpoint
                    // (a response's status was reported when its head arrived).
                    if (result is ForwardResult.UpstreamResetBeforeResponse or ForwardResult.ResponseTimeout or ForwardResult.BadUpstreamResponse)
                        endpoint.Health.ReportFailure();
                    return result;
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref endpoint.InFlight);
        }
    }

    /// <summary>Internal marker: the reused connection was dead; try once more on a new one.</summary>
    private const ForwardResult RetryOnFreshConnection = (ForwardResult)255;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<ForwardResult> ExchangeAsync(Exchange exchange, Http1UpstreamConnection connection, ForwardPath path, bool canRetry, CancellationToken cancellationToken)
    {
        try
        {
            WriteHead(exchange, connection, path);
        }
        catch (InvalidOperationException)
        {
            // A field that would carry CR/LF/NUL upstream (only config could put one there): refuse, never emit.
            connection.Abort();
            return ForwardResult.BadUpstreamResponse;
        }
        var requestBody = exchange.RequestBody;
        var sentBody = false;

        // :: Step 2: the request body.
        if (!ReferenceEquals(requestBody, EmptyBody.Instance))
        {
            var upstreamSide = false;
            try
            {
                while (true)
                {
                    upstreamSide = false;
                    var chunk = await requestBody.ReadAsync(cancellationToken).ConfigureAwait(false);
                    if (chunk.IsEnd) break;
                    sentBody = true;
                    upstreamSide = true;
                    var flush = await connection.WriteRequestBodyAsync(chunk.Data, cancellationToken).ConfigureAwait(false);
                    requestBody.Consume();
                    if (flush.IsCompleted || flush.IsCanceled) throw new IOException("upstream stopped reading the request");
                }
            }
            catch (BadHttpMessageException)
            {
                // Bad chunking or an over-limit body: the upstream must see an abort, never a complete
                // request (SECURITY.md case 63); the client gets its 4xx from the protocol layer.
                connection.Abort();
                throw;
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
            {
                connection.Abort();
                if (upstreamSide) return ForwardResult.UpstreamResetBeforeResponse;
                exchange.CloseAfterResponse = true;
                return ForwardResult.RequestBodyFailed;
            }
        }
        try
        {
            await connection.CompleteRequestAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            connection.MarkBroken();
            return canRetry && !sentBody ? RetryOnFreshConnection : ForwardResult.UpstreamResetBeforeResponse;
        }

        // :: Step 3: the response head.
        try
        {
            await connection.ReadResponseHeadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpMessageException)
        {
            return ForwardResult.BadUpstreamResponse;
        }
        catch (UpstreamTimeoutException)
        {
            return ForwardResult.ResponseTimeout;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            if (connection.ResponseBytesReceived == 0 && canRetry && !sentBody) return RetryOnFreshConnection;
            return connection.ResponseBytesReceived == 0 ? ForwardResult.UpstreamResetBeforeResponse : ForwardResult.BadUpstreamResponse;
        }

        // A 101 ends HTTP on this connection: a tunnel when Edge forwarded an upgrade, else a 502.
        if (connection.ResponseFraming.Tunnel) return await UpgradeTunnel.RunAsync(exchange, connection).ConfigureAwait(false);

        // :: Step 4: the response, streamed.
        var head = connection.Head;
        if (head.Status >= 500) connection.Endpoint.Health.ReportFailure();
        else connection.Endpoint.Health.ReportSuccess();
        var body = connection.Body;
        var response = exchange.Response;
        var isHead = exchange.Request.KnownMethod == KnownMethod.Head;
        // A HEAD or 304 response's Content-Length describes the representation, not this message: pass it on.
        var length = isHead || head.Status == 304 ? DeclaredLength(head) : body.ContentLength;
        response.WriteHead(head, length, new ResponseExtras { HeadOnly = isHead });
        try
        {
            while (true)
            {
                BodyChunk chunk;
                try
                {
                    chunk = await body.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or BadHttpMessageException or TimeoutException or OperationCanceledException or ObjectDisposedException)
                {
                    connection.MarkBroken();
                    response.Abort();
                    return ForwardResult.ResponseBodyUpstreamFailed;
                }
                if (chunk.IsEnd) break;
                await response.WriteBodyAsync(chunk.Data, cancellationToken).ConfigureAwait(false);
                body.Consume();
            }
            await response.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            connection.Abort();
            response.Abort();
            return ForwardResult.ResponseBodyClientFailed;
        }
        return ForwardResult.Success;
    }

    /// <summary>Synchronous part: spans of the request head cannot cross an await.</summary>
    private static void WriteHead(Exchange exchange, Http1UpstreamConnection connection, ForwardPath path)
    {
        var request = exchange.Request;
        var requestPath = request.Path;
        var remainder = path.BasePathLength < requestPath.Length ? requestPath[path.BasePathLength..] : default;
        var host = path.Host.Mode switch
        {
            ForwardHostMode.Preserve => request.Authority,
            ForwardHostMode.Literal => path.Host.Literal,
            _ => connection.Endpoint.HostHeader,
        };
        connection.WriteRequestHead(exchange, path.RewritePrefix, remainder, host);
    }

    private static bool IsIdempotent(KnownMethod method) => method is KnownMethod.Get or KnownMethod.Head
        or KnownMethod.Options or KnownMethod.Trace or KnownMethod.Put or KnownMethod.Delete;

    /// <summary>A HEAD response's Content-Length describes the GET body; pass it on unchanged.</summary>
    private static long DeclaredLength(HttpResponseHead head)
    {
        if (head.TryGetHeader(KnownHeader.ContentLength, out var value)
            && System.Buffers.Text.Utf8Parser.TryParse(value, out long length, out var used) && used == value.Length)
            return length;
        return -1;
    }
}

/// <summary>How the request path maps to the upstream: strip the base path, add the rewrite prefix, set Host.</summary>
internal readonly record struct ForwardPath(int BasePathLength, byte[] RewritePrefix, ForwardHost Host);

internal readonly record struct ForwardHost(ForwardHostMode Mode, byte[] Literal);

internal enum ForwardHostMode : byte
{
    Endpoint,
    Preserve,
    Literal,
}
