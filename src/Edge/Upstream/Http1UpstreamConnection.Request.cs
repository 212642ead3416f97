using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Net;
using Edge.Http;

namespace Edge.Upstream;

internal sealed partial class Http1UpstreamConnection
{
    private bool _chunkedRequest;

    /// <summary>
    /// Writes the request head for the upstream (not flushed: a small body joins it in one send).
    /// The path is the endpoint's path prefix + <paramref name="pathPrefix"/> (a per-API rewrite) +
    /// the request path after the API's base path, then the query byte for byte. Hop-by-hop fields and
    /// fields named in Connection are dropped (RFC 9110 §7.6.1); Host, framing and the forwarding fields
    /// are Edge's own, and so are Connection and Upgrade when the core forwards an upgrade
    /// (<see cref="Exchange.ForwardedUpgrade"/>). No field can carry CR, LF or NUL to the upstream (SECURITY.md case 23): every
    /// value is checked here again, whatever protocol it came from. Policies' edits
    /// (<see cref="Exchange.UpstreamFields"/>) drop fields by name, add fields after the forwarding
    /// fields, and may replace the query.
    /// </summary>
    public void WriteRequestHead(Exchange exchange, ReadOnlySpan<byte> pathPrefix, ReadOnlySpan<byte> pathRemainder, ReadOnlySpan<byte> host)
    {
        var request = exchange.Request;
        var output = Output;
        _requestMethod = request.KnownMethod;

        output.Write(request.Method);
        output.Write(" "u8);
        var wrote = 0;
        wrote += WriteChecked(output, Endpoint.PathPrefix);
        wrote += WriteChecked(output, pathPrefix);
        wrote += WriteChecked(output, pathRemainder);
        if (wrote == 0) output.Write("/"u8);
        var edits = exchange.UpstreamFields;
        if (edits.HasQuery)
        {
            // A policy removed a parameter (an API key): the rest, or no '?' at all.
            if (!edits.Query.IsEmpty)
            {
                output.Write("?"u8);
                WriteChecked(output, edits.Query);
            }
        }
        else if (request.HasQuery)
        {
            output.Write("?"u8);
            WriteChecked(output, request.Query);
        }
        output.Write(" HTTP/1.1\r\nHost: "u8);
        WriteChecked(output, host);
        output.Write("\r\n"u8);

        var removing = edits.Removed.Length > 0;
        for (var i = 0; i < request.HeaderCount; i++)
        {
            var kind = request.HeaderKind(i);
            if (KnownHeaders.IsHopByHopOrRewritten(kind) || request.IsConnectionNominated(i)
                || kind is KnownHeader.XForwardedFor or KnownHeader.XForwardedProto or KnownHeader.XForwardedHost or KnownHeader.Forwarded)
                continue;
            // Policies: credentials Edge consumed, and client fields Edge sets itself (claims, assertion).
            if (removing && edits.IsRemoved(request.HeaderName(i))) continue;
            WriteChecked(output, request.HeaderName(i));
            output.Write(": "u8);
            WriteChecked(output, request.HeaderValue(i));
            output.Write("\r\n"u8);
        }

        // X-Forwarded-For is set to the peer's address: a client-supplied value is never trusted
        // (Envoy's use_remote_address; SECURITY.md case 19).
        output.Write("X-Forwarded-For: "u8);
        WriteAddress(output, exchange.RemoteEndPoint?.Address);
        output.Write(exchange.IsHttps ? "\r\nX-Forwarded-Proto: https\r\n"u8 : "\r\nX-Forwarded-Proto: http\r\n"u8);
        var clientHost = request.Authority;
        if (!clientHost.IsEmpty)
        {
            output.Write("X-Forwarded-Host: "u8);
            WriteChecked(output, clientHost);
            output.Write("\r\n"u8);
        }
        output.Write(exchange.Protocol switch
        {
            HttpProtocol.Http10 => "Via: 1.0 edge\r\n"u8,
            HttpProtocol.Http2 => "Via: 2 edge\r\n"u8,
            _ => "Via: 1.1 edge\r\n"u8,
        });
        for (var i = 0; i < edits.AddedCount; i++)
        {
            WriteChecked(output, edits.AddedName(i));
            output.Write(": "u8);
            WriteChecked(output, edits.AddedValue(i));
            output.Write("\r\n"u8);
        }
        if (exchange.ForwardedUpgrade == UpgradeProtocol.WebSocket)
        {
            // The core allowed this upgrade (the route's websocket = true): Edge's own fields, never the
            // client's list, so another token (h2c) can never ride along (SECURITY.md case 20).
            output.Write("Connection: Upgrade\r\nUpgrade: websocket\r\n"u8);
        }

        var body = exchange.RequestBody;
        _chunkedRequest = false;
        if (!ReferenceEquals(body, EmptyBody.Instance))
        {
            if (body.ContentLength >= 0)
            {
                output.Write("Content-Length: "u8);
                var span = output.GetSpan(24);
                Utf8Formatter.TryFormat(body.ContentLength, span, out var n);
                output.Advance(n);
                output.Write("\r\n"u8);
            }
            else
            {
                output.Write("Transfer-Encoding: chunked\r\n"u8);
                _chunkedRequest = true;
            }
        }
        output.Write("\r\n"u8);
    }

    private static int WriteChecked(PipeWriter output, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IndexOfAny((byte)'\r', (byte)'\n', (byte)0) >= 0)
            throw new InvalidOperationException("refusing to forward a field containing CR, LF or NUL");
        output.Write(bytes);
        return bytes.Length;
    }

    private static void WriteAddress(PipeWriter output, IPAddress? address)
    {
        if (address is null)
        {
            output.Write("unknown"u8);
            return;
        }
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var span = output.GetSpan(64);
        if (!address.TryFormat(span, out var written)) written = 0;
        output.Advance(written);
    }

    /// <summary>Writes a piece of the request body (chunk-framed when the client's length is unknown) and flushes.</summary>
    public ValueTask<FlushResult> WriteRequestBodyAsync(ReadOnlySequence<byte> data, CancellationToken cancellationToken)
    {
        var output = Output;
        if (_chunkedRequest)
        {
            var span = output.GetSpan(20);
            Utf8Formatter.TryFormat(data.Length, span, out var n, new StandardFormat('X'));
            span[n] = (byte)'\r';
            span[n + 1] = (byte)'\n';
            output.Advance(n + 2);
        }
        foreach (var segment in data) output.Write(segment.Span);
        if (_chunkedRequest) output.Write("\r\n"u8);
        return output.FlushAsync(cancellationToken);
    }

    /// <summary>Ends the request (the last chunk for chunked bodies) and flushes head and body out.</summary>
    public ValueTask<FlushResult> CompleteRequestAsync(CancellationToken cancellationToken)
    {
        if (_chunkedRequest) Output.Write("0\r\n\r\n"u8);
        return Output.FlushAsync(cancellationToken);
    }
}
