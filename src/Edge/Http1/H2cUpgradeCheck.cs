using System.Buffers.Text;
using System.Text;
using Edge.Http;

namespace Edge.Http1;

/// <summary>
/// Decides whether an HTTP/1.1 request upgrades the connection to HTTP/2 (RFC 7540 §3.2; RFC 9113 §3.1
/// deprecates it, so a listener opts in with <c>h2c_upgrade</c>), and builds the hand-off for stream 1.
/// <list type="bullet">
/// <item>Upgrade happens only for an HTTP/1.1 request whose <c>Upgrade</c> lists <c>h2c</c>, whose
/// <c>Connection</c> lists both <c>Upgrade</c> and <c>HTTP2-Settings</c> (§3.2.1: the settings apply to this
/// hop only) and that carries exactly one <c>HTTP2-Settings</c> field ("MUST NOT upgrade" otherwise).</item>
/// <item>A request with a body, or a CONNECT, is served over HTTP/1.1 without the upgrade, as §3.2 lets a
/// server do ("respond to the request as though the Upgrade header field were absent"): the body would
/// have to be read in full before the switch, and HTTP/1.1 serves it just as well.</item>
/// <item>An <c>HTTP2-Settings</c> that is not base64url, decodes to a length that is not a whole number of
/// 6-byte entries, or holds more than <see cref="MaxEntries"/> entries → 400 and close (the request cannot
/// be understood as the client meant it). The values themselves are checked by the HTTP/2 side like any
/// SETTINGS frame (a bad value → GOAWAY).</item>
/// </list>
/// </summary>
internal static class H2cUpgradeCheck
{
    /// <summary>nghttp2's cap on entries per SETTINGS frame (the HTTP/2 side uses the same 32).</summary>
    public const int MaxEntries = 32;

    private const int EntryLength = 6;

    /// <summary>
    /// The hand-off for an upgrading request, or null when the request is served over HTTP/1.1.
    /// Throws <see cref="BadHttpMessageException"/> (<see cref="RejectReason.InvalidHttp2Settings"/>) for a
    /// malformed HTTP2-Settings. Call after <see cref="HttpHead.MarkConnectionNominatedFields"/>.
    /// </summary>
    public static H2cUpgradeRequest? TryCreate(HttpRequestHead head, Http1Framing framing, long startTimestamp)
    {
        if (!framing.UpgradeRequested || head.Version != HttpVersion.Http11) return null;
        if (!UpgradeProtocols.Lists(head, "h2c"u8)) return null;

        var settingsIndex = -1;
        for (var i = 0; i < head.HeaderCount; i++)
        {
            if (head.HeaderKind(i) != KnownHeader.Http2Settings) continue;
            if (settingsIndex >= 0) return null; // two of them: MUST NOT upgrade (§3.2.1)
            settingsIndex = i;
        }
        if (settingsIndex < 0 || !head.IsConnectionNominated(settingsIndex)) return null;

        // Malformed settings are refused whatever else the request says: the client asked for HTTP/2 with them.
        var payload = DecodeSettings(head.HeaderValue(settingsIndex));

        var hasBody = framing.Body != Http1BodyKind.None && !(framing.Body == Http1BodyKind.ContentLength && framing.ContentLength == 0);
        if (hasBody || head.IsAuthorityForm || head.KnownMethod == KnownMethod.Connect) return null;
        return new H2cUpgradeRequest(payload, Fields(head), startTimestamp);
    }

    /// <summary>
    /// The token68 of §3.2.1: base64url (RFC 4648 §5) with the trailing '=' omitted (accepted when present).
    /// Bounded before decoding: at most <see cref="MaxEntries"/> entries.
    /// </summary>
    internal static byte[] DecodeSettings(ReadOnlySpan<byte> value)
    {
        var text = value.TrimEnd("="u8);
        var padding = value.Length - text.Length;
        // Padding, when sent, only completes the last quartet ("AAMAAA==" is not; "AAMAAABk=" is not).
        if (padding > 0 && (padding > 2 || (text.Length + padding) % 4 != 0)) BadSettings();
        if (text.IndexOfAnyExcept(Base64UrlAlphabet) >= 0) BadSettings();
        if (text.Length % 4 == 1) BadSettings(); // no base64 encoding ends with a single character
        var length = text.Length / 4 * 3 + (text.Length % 4 == 0 ? 0 : text.Length % 4 - 1);
        if (length % EntryLength != 0 || length / EntryLength > MaxEntries) BadSettings();
        var payload = new byte[length];
        if (Base64Url.DecodeFromUtf8(text, payload, out var consumed, out var written) != System.Buffers.OperationStatus.Done
            || consumed != text.Length || written != length)
            BadSettings();
        return payload;
    }

    private static readonly System.Buffers.SearchValues<byte> Base64UrlAlphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"u8);

    private static void BadSettings() => BadHttpMessageException.Throw(RejectReason.InvalidHttp2Settings);

    /// <summary>The request as HTTP/2 fields: pseudo-headers, then end-to-end fields with lower-case names.</summary>
    private static List<KeyValuePair<byte[], byte[]>> Fields(HttpRequestHead head)
    {
        var fields = new List<KeyValuePair<byte[], byte[]>>(head.HeaderCount + 4)
        {
            new(":method"u8.ToArray(), head.Method.ToArray()),
            new(":scheme"u8.ToArray(), "http"u8.ToArray()),
            new(":authority"u8.ToArray(), head.Authority.ToArray()),
            new(":path"u8.ToArray(), PathAndQuery(head)),
        };
        for (var i = 0; i < head.HeaderCount; i++)
        {
            // Host became :authority; hop-by-hop fields (Connection, Upgrade, HTTP2-Settings, TE, Keep-Alive, ...)
            // and the ones Connection names belong to the HTTP/1.1 hop that just ended (RFC 9113 §8.2.2).
            // (Content-Length can only be 0 here, and the stream has no body.)
            if (KnownHeaders.IsHopByHopOrRewritten(head.HeaderKind(i)) || head.IsConnectionNominated(i)) continue;
            var name = head.HeaderName(i).ToArray();
            Ascii.ToLowerInPlace(name, out _);
            fields.Add(new(name, head.HeaderValue(i).ToArray()));
        }
        return fields;
    }

    private static byte[] PathAndQuery(HttpRequestHead head)
    {
        if (head.IsAsteriskForm) return "*"u8.ToArray();
        var path = head.Path;
        if (path.IsEmpty) path = "/"u8; // absolute-form without a path (RFC 9112 §3.2.2: the origin is "/")
        if (!head.HasQuery) return path.ToArray();
        var query = head.Query;
        var target = new byte[path.Length + 1 + query.Length];
        path.CopyTo(target);
        target[path.Length] = (byte)'?';
        query.CopyTo(target.AsSpan(path.Length + 1));
        return target;
    }
}
