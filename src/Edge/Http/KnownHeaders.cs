using System.Text;

namespace Edge.Http;

/// <summary>
/// Recognises <see cref="KnownHeader"/> names by length first, then one case-insensitive compare
/// (DESIGN.md §1: "well-known headers are recognised by length + vectorized compare").
/// </summary>
internal static class KnownHeaders
{
    public static KnownHeader Classify(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 => Is(name, "te"u8) ? KnownHeader.TE : KnownHeader.None,
        3 => Is(name, "via"u8) ? KnownHeader.Via : KnownHeader.None,
        4 => Is(name, "host"u8) ? KnownHeader.Host : Is(name, "date"u8) ? KnownHeader.Date : KnownHeader.None,
        6 => Is(name, "expect"u8) ? KnownHeader.Expect : Is(name, "server"u8) ? KnownHeader.Server : KnownHeader.None,
        7 => Is(name, "upgrade"u8) ? KnownHeader.Upgrade : Is(name, "trailer"u8) ? KnownHeader.Trailer : KnownHeader.None,
        9 => Is(name, "forwarded"u8) ? KnownHeader.Forwarded : KnownHeader.None,
        10 => Is(name, "connection"u8) ? KnownHeader.Connection : Is(name, "keep-alive"u8) ? KnownHeader.KeepAlive : Is(name, "tracestate"u8) ? KnownHeader.TraceState : KnownHeader.None,
        11 => Is(name, "traceparent"u8) ? KnownHeader.TraceParent : KnownHeader.None,
        12 => Is(name, "x-request-id"u8) ? KnownHeader.XRequestId : KnownHeader.None,
        14 => Is(name, "content-length"u8) ? KnownHeader.ContentLength : Is(name, "http2-settings"u8) ? KnownHeader.Http2Settings : KnownHeader.None,
        15 => Is(name, "x-forwarded-for"u8) ? KnownHeader.XForwardedFor : KnownHeader.None,
        16 => Is(name, "proxy-connection"u8) ? KnownHeader.ProxyConnection : Is(name, "x-forwarded-host"u8) ? KnownHeader.XForwardedHost : KnownHeader.None,
        17 => Is(name, "transfer-encoding"u8) ? KnownHeader.TransferEncoding : Is(name, "x-forwarded-proto"u8) ? KnownHeader.XForwardedProto : KnownHeader.None,
        18 => Is(name, "proxy-authenticate"u8) ? KnownHeader.ProxyAuthenticate : KnownHeader.None,
        19 => Is(name, "proxy-authorization"u8) ? KnownHeader.ProxyAuthorization : KnownHeader.None,
        _ => KnownHeader.None,
    };

    /// <summary>
    /// Hop-by-hop fields (RFC 9110 §7.6.1) plus the ones Edge always re-creates itself (framing, Host,
    /// forwarding fields; the request id and trace context, which the core re-creates per exchange and
    /// echoes as it chose — docs/observability.md): never copied from one hop to the next.
    /// </summary>
    public static bool IsHopByHopOrRewritten(KnownHeader h) => h is KnownHeader.Host or KnownHeader.ContentLength
        or KnownHeader.TransferEncoding or KnownHeader.Connection or KnownHeader.KeepAlive or KnownHeader.ProxyConnection
        or KnownHeader.TE or KnownHeader.Trailer or KnownHeader.Upgrade or KnownHeader.ProxyAuthorization
        or KnownHeader.ProxyAuthenticate or KnownHeader.Http2Settings or KnownHeader.Expect
        or KnownHeader.XRequestId or KnownHeader.TraceParent or KnownHeader.TraceState;

    private static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> lowerLiteral) => Ascii.EqualsIgnoreCase(name, lowerLiteral);
}
