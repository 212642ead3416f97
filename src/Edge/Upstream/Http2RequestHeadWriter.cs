using System.Buffers.Text;
using System.Net;
using Edge.Http;
using Edge.Http2.Client;

namespace Edge.Upstream;

/// <summary>
/// The upstream request head as HTTP/2 fields (RFC 9113 §8.3.1), the same request Http1UpstreamConnection
/// writes as HTTP/1.1: <c>:method</c>; <c>:scheme</c> of the endpoint; <c>:authority</c> from the Host
/// rule (endpoint, preserve or literal); <c>:path</c> = endpoint prefix + rewrite + path after the base path
/// + query (or the policies' query). Connection-specific fields are never sent (§8.2.2): hop-by-hop ones,
/// fields named in Connection, Host (it became :authority); <c>te</c> only as <c>trailers</c>, which
/// gRPC needs. Then the forwarding fields, the policies' fields and content-length when known. Cookies
/// pass as they came (one field, §8.2.3 allows it).
/// </summary>
internal readonly struct Http2RequestHeadWriter(Exchange exchange, UpstreamEndpoint endpoint, ForwardPath path) : IHttp2RequestHead
{
    public void Write(Http2FieldWriter fields)
    {
        var request = exchange.Request;
        fields.Add(":method"u8, request.Method);
        fields.Add(":scheme"u8, endpoint.Tls is null && endpoint.H2Tls is null ? "http"u8 : "https"u8);
        fields.Add(":authority"u8, path.Host.Mode switch
        {
            ForwardHostMode.Preserve => request.Authority,
            ForwardHostMode.Literal => path.Host.Literal,
            _ => endpoint.HostHeader,
        });
        WritePath(fields, request);

        var edits = exchange.UpstreamFields;
        var removing = edits.Removed.Length > 0;
        var trailers = false;
        for (var i = 0; i < request.HeaderCount; i++)
        {
            var kind = request.HeaderKind(i);
            if (kind == KnownHeader.TE)
            {
                trailers |= request.HeaderValue(i).IndexOf("trailers"u8) >= 0;
                continue;
            }
            if (KnownHeaders.IsHopByHopOrRewritten(kind) || request.IsConnectionNominated(i)
                || kind is KnownHeader.XForwardedFor or KnownHeader.XForwardedProto or KnownHeader.XForwardedHost or KnownHeader.Forwarded)
                continue;
            if (removing && edits.IsRemoved(request.HeaderName(i))) continue;
            fields.Add(request.HeaderName(i), request.HeaderValue(i));
        }
        // §8.2.2: "te" may only carry "trailers" (gRPC servers require it).
        if (trailers) fields.Add("te"u8, "trailers"u8);

        // X-Forwarded-For is the peer's address: a client-supplied value is never trusted (SECURITY.md case 19).
        Span<byte> address = stackalloc byte[64];
        fields.Add("x-forwarded-for"u8, FormatAddress(exchange.RemoteEndPoint?.Address, address));
        fields.Add("x-forwarded-proto"u8, exchange.IsHttps ? "https"u8 : "http"u8);
        if (!request.Authority.IsEmpty) fields.Add("x-forwarded-host"u8, request.Authority);
        fields.Add("via"u8, exchange.Protocol switch
        {
            HttpProtocol.Http10 => "1.0 edge"u8,
            HttpProtocol.Http2 => "2 edge"u8,
            _ => "1.1 edge"u8,
        });
        for (var i = 0; i < edits.AddedCount; i++) fields.Add(edits.AddedName(i), edits.AddedValue(i));

        var body = exchange.RequestBody;
        if (!ReferenceEquals(body, EmptyBody.Instance) && body.ContentLength >= 0)
        {
            Span<byte> digits = stackalloc byte[20];
            Utf8Formatter.TryFormat(body.ContentLength, digits, out var n);
            fields.Add("content-length"u8, digits[..n]);
        }
    }

    private void WritePath(Http2FieldWriter fields, HttpRequestHead request)
    {
        var requestPath = request.Path;
        var remainder = path.BasePathLength < requestPath.Length ? requestPath[path.BasePathLength..] : default;
        var edits = exchange.UpstreamFields;
        var query = edits.HasQuery ? edits.Query : request.HasQuery ? request.Query : default;
        var hasQuery = edits.HasQuery ? !edits.Query.IsEmpty : request.HasQuery;
        var pathLength = endpoint.PathPrefix.Length + path.RewritePrefix.Length + remainder.Length;
        var length = Math.Max(pathLength, 1) + (hasQuery ? 1 + query.Length : 0);
        var scratch = fields.Scratch(length);
        if (scratch.Length < length) return; // too long: the field writer has recorded the problem
        var at = 0;
        endpoint.PathPrefix.CopyTo(scratch);
        at += endpoint.PathPrefix.Length;
        path.RewritePrefix.CopyTo(scratch[at..]);
        at += path.RewritePrefix.Length;
        remainder.CopyTo(scratch[at..]);
        at += remainder.Length;
        if (at == 0) scratch[at++] = (byte)'/';
        if (hasQuery)
        {
            scratch[at++] = (byte)'?';
            query.CopyTo(scratch[at..]);
            at += query.Length;
        }
        fields.Add(":path"u8, scratch[..at]);
    }

    private static ReadOnlySpan<byte> FormatAddress(IPAddress? address, Span<byte> destination)
    {
        if (address is null) return "unknown"u8;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return address.TryFormat(destination, out var written) ? destination[..written] : "unknown"u8;
    }
}
