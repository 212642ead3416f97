using System.Buffers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Edge.Http;
using Edge.Http2.Client;

namespace Edge.Upstream;

/// <summary>
/// Forwards one exchange to an HTTP/2 upstream endpoint, whatever protocol the client spoke:
/// <code>
///  client ──head──▶ Edge ──HEADERS──▶ upstream     1. a stream on a pooled connection (or a new one)
///  client ──body──▶ Edge ──DATA────▶ upstream      2. the request body, pumped concurrently with 3–4
///  client ◀──head── Edge ◀──HEADERS── upstream     3. the response head (response timeout)
///  client ◀──body── Edge ◀──DATA───── upstream     4. the body (idle timeout), then trailers
/// </code>
/// Both directions stream at once (gRPC bidi). Failures are results (<see cref="ForwardResult"/>).
/// A stream the upstream refused (REFUSED_STREAM, or above a GOAWAY's last stream id: never processed,
/// RFC 9113 §8.7) is replayed once on another connection when no body byte was taken from the client.
/// </summary>
internal static class Http2Forwarder
{
    /// <summary>Internal marker: the stream was never processed; replay it on another connection.</summary>
    private const ForwardResult RetryOnAnotherConnection = (ForwardResult)254;

    /// <summary>Internal marker: an <c>auto</c> endpoint does not speak HTTP/2; use HTTP/1.1.</summary>
    internal const ForwardResult UseHttp1 = (ForwardResult)253;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<ForwardResult> ForwardAsync(Exchange exchange, UpstreamEndpoint endpoint, ForwardPath path, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref endpoint.InFlight);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                Http2ClientConnection connection;
                try
                {
                    connection = await endpoint.Http2Pool.RentAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Http2NotSupportedException) when (endpoint.Protocol == UpstreamWireProtocol.Auto)
                {
                    endpoint.LearnOnlyHttp1();
                    return UseHttp1;
                }
                catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or TimeoutException or ObjectDisposedException
                    or Edge.Transport.Tls.TlsHandshakeException)
                {
                    // As for HTTP/1.1: a busy pool (TimeoutException) is load, not a dead endpoint. An h2/h2c
                    // endpoint that does not speak HTTP/2 (Http2NotSupportedException, an IOException) is a failed connect.
                    if (e is not TimeoutException && !cancellationToken.IsCancellationRequested) endpoint.Health.ReportFailure();
                    return ForwardResult.ConnectFailed;
                }
                var result = await ExchangeAsync(exchange, connection, endpoint, path, cancellationToken).ConfigureAwait(false);
                if (result == RetryOnAnotherConnection)
                {
                    if (attempt == 0) continue;
                    result = ForwardResult.UpstreamResetBeforeResponse;
                }
                if (result != ForwardResult.Success && cancellationToken.IsCancellationRequested && !exchange.Response.HasStarted)
                    return ForwardResult.ClientAborted;
                if (result is ForwardResult.UpstreamResetBeforeResponse or ForwardResult.ResponseTimeout or ForwardResult.BadUpstreamResponse)
                    endpoint.Health.ReportFailure();
                return result;
            }
        }
        finally
        {
            Interlocked.Decrement(ref endpoint.InFlight);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<ForwardResult> ExchangeAsync(Exchange exchange, Http2ClientConnection connection, UpstreamEndpoint endpoint,
        ForwardPath path, CancellationToken cancellationToken)
    {
        var requestBody = exchange.RequestBody;
        var hasBody = !ReferenceEquals(requestBody, EmptyBody.Instance);
        Http2ClientStream? stream;
        try
        {
            stream = connection.StartRequest(new Http2RequestHeadWriter(exchange, endpoint, path), endStream: !hasBody);
        }
        catch (InvalidOperationException)
        {
            // A field that would carry CR/LF/NUL upstream, or a head the upstream announced it cannot take: refuse, never emit.
            return ForwardResult.BadUpstreamResponse;
        }
        if (stream is null) return RetryOnAnotherConnection; // the connection stopped taking streams since the pool chose it

        using var link = cancellationToken.UnsafeRegister(static s => ((Http2ClientStream)s!).Connection.Cancel((Http2ClientStream)s!), stream);
        RequestPump? pump = null;
        try
        {
            // :: Step 2: the request body flows while the response is awaited and read (gRPC streams both ways).
            if (hasBody) pump = RequestPump.Start(requestBody, stream, cancellationToken);

            // :: Step 3: the response head.
            var failure = await connection.WaitForResponseHeadAsync(stream, cancellationToken).ConfigureAwait(false);
            if (failure != Http2ClientStreamFailure.None)
            {
                if (pump is not null)
                {
                    var pumped = await pump.StopAsync().ConfigureAwait(false);
                    if (pumped == PumpOutcome.BadRequestBody) pump.RethrowClientError();
                    if (pumped == PumpOutcome.ClientFailed)
                    {
                        exchange.CloseAfterResponse = true;
                        return ForwardResult.RequestBodyFailed;
                    }
                }
                return failure switch
                {
                    Http2ClientStreamFailure.Refused when pump is null || !pump.TookClientBytes => RetryOnAnotherConnection,
                    Http2ClientStreamFailure.TimedOut => ForwardResult.ResponseTimeout,
                    Http2ClientStreamFailure.Malformed => ForwardResult.BadUpstreamResponse,
                    Http2ClientStreamFailure.Cancelled => ForwardResult.ClientAborted,
                    _ => ForwardResult.UpstreamResetBeforeResponse,
                };
            }

            // :: Step 4: the response, streamed, then its trailers.
            var head = stream.Head;
            if (head.Status >= 500) endpoint.Health.ReportFailure();
            else endpoint.Health.ReportSuccess();
            var response = exchange.Response;
            var isHead = exchange.Request.KnownMethod == KnownMethod.Head;
            // HEADERS with END_STREAM and no content-length: an empty body (a gRPC trailers-only response ends on HEADERS too).
            var length = isHead || head.Status == 304 ? stream.DeclaredLength
                : stream.DeclaredLength >= 0 ? stream.DeclaredLength
                : stream.BodyCompleted && stream.DataReceived == 0 && !stream.HasTrailers ? 0 : -1;
            response.WriteHead(head, length, new ResponseExtras { HeadOnly = isHead });
            try
            {
                while (true)
                {
                    BodyChunk chunk;
                    try
                    {
                        chunk = await stream.ReadAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is IOException or TimeoutException or OperationCanceledException or ObjectDisposedException)
                    {
                        response.Abort();
                        return ForwardResult.ResponseBodyUpstreamFailed;
                    }
                    if (chunk.IsEnd) break;
                    await response.WriteBodyAsync(chunk.Data, cancellationToken).ConfigureAwait(false);
                    stream.Consume();
                }
                if (stream.HasTrailers) await response.CompleteAsync(stream.Trailers, cancellationToken).ConfigureAwait(false);
                else await response.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
            {
                connection.Cancel(stream);
                response.Abort();
                return ForwardResult.ResponseBodyClientFailed;
            }
            if (pump is not null)
            {
                // The response is complete: a request body still flowing is cut (the upstream reset or
                // ignored it); the client connection's framing is then unknown.
                if (!pump.IsCompleted) exchange.CloseAfterResponse = true;
                await pump.StopAsync().ConfigureAwait(false);
            }
            return ForwardResult.Success;
        }
        finally
        {
            if (pump is not null) await pump.StopAsync().ConfigureAwait(false);
            connection.Release(stream);
        }
    }

    private enum PumpOutcome : byte
    {
        Done,
        /// <summary>The client's body broke off (vanished, stalled): the upstream saw a reset.</summary>
        ClientFailed,
        /// <summary>Bad chunking or over the cap: rethrown so the protocol answers 4xx (SECURITY.md case 63).</summary>
        BadRequestBody,
        /// <summary>The stream failed upstream side; the response side reports why.</summary>
        UpstreamFailed,
        Stopped,
    }

    /// <summary>
    /// The request body, copied from the client to the stream while the response is read. Runs as its own
    /// task (only for requests with a body); stopping it cancels a pending client read.
    /// </summary>
    private sealed class RequestPump
    {
        private readonly CancellationTokenSource _stop;
        private readonly Task<PumpOutcome> _task;
        private Exception? _clientError;
        private volatile bool _tookClientBytes;

        private RequestPump(IHttpBodySource body, Http2ClientStream stream, CancellationToken cancellationToken)
        {
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _task = RunAsync(body, stream, _stop.Token);
        }

        public static RequestPump Start(IHttpBodySource body, Http2ClientStream stream, CancellationToken cancellationToken) =>
            new(body, stream, cancellationToken);

        public bool TookClientBytes => _tookClientBytes;

        public bool IsCompleted => _task.IsCompleted;

        /// <summary>Cancels a pending read or write and waits for the pump to end (idempotent).</summary>
        public async Task<PumpOutcome> StopAsync()
        {
            if (!_task.IsCompleted) _stop.Cancel();
            var outcome = await _task.ConfigureAwait(false);
            _stop.Dispose();
            return outcome;
        }

        public void RethrowClientError()
        {
            if (_clientError is not null) ExceptionDispatchInfo.Throw(_clientError);
        }

        private async Task<PumpOutcome> RunAsync(IHttpBodySource body, Http2ClientStream stream, CancellationToken token)
        {
            await Task.Yield();
            var connection = stream.Connection;
            var upstreamSide = false;
            try
            {
                while (true)
                {
                    upstreamSide = false;
                    var chunk = await body.ReadAsync(token).ConfigureAwait(false);
                    upstreamSide = true;
                    if (chunk.IsEnd)
                    {
                        await connection.WriteDataAsync(stream, ReadOnlySequence<byte>.Empty, endStream: true, token).ConfigureAwait(false);
                        return PumpOutcome.Done;
                    }
                    _tookClientBytes = true;
                    await connection.WriteDataAsync(stream, chunk.Data, endStream: false, token).ConfigureAwait(false);
                    body.Consume();
                }
            }
            catch (BadHttpMessageException e)
            {
                // The upstream must see an abort, never a complete request (SECURITY.md case 63).
                _clientError = e;
                connection.Cancel(stream);
                return PumpOutcome.BadRequestBody;
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or TimeoutException)
            {
                if (token.IsCancellationRequested && _stop.IsCancellationRequested) return upstreamSide ? PumpOutcome.UpstreamFailed : PumpOutcome.Stopped;
                if (upstreamSide) return PumpOutcome.UpstreamFailed;
                connection.Cancel(stream);
                return PumpOutcome.ClientFailed;
            }
        }
    }
}
