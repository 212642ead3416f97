using System.Text;
using Edge.Http;

namespace Edge.Http1;

/// <summary>
/// Collects the framing fields of one head as they are parsed and decides the body length and the
/// connection's fate per RFC 9112 §6.3. Feed it every field from the head handler
/// (<see cref="OnHeader"/>), then call <see cref="Complete"/> after the head.
/// <para>
/// Transfer-Encoding rule (SECURITY.md case 3), over all TE field lines taken as one list:
/// <c>chunked</c> anywhere but last, or twice → 400 (RFC 9112 §6.1, §7); a request whose final coding
/// is not <c>chunked</c> → 400 (§6.3 (4) MUST); final <c>chunked</c> after any other coding → 501
/// (Edge implements no other transfer coding, §6.1 SHOULD 501). A response whose final coding is not
/// chunked is read until close (§6.3 (4)). TE next to Content-Length, or in an HTTP/1.0 message,
/// is always refused (§6.1: framing is faulty; SECURITY.md cases 1 and 4).
/// </para>
/// A mutable struct: keep it in a field and call it by reference. Allocates nothing.
/// </summary>
internal struct Http1MessageFraming
{
    private bool _isRequest;
    private HttpVersion _version;
    private KnownMethod _method;
    private int _status;
    private long _contentLength;
    private bool _hasTransferEncoding;
    private bool _chunkedSeen;
    private bool _lastCodingChunked;
    private bool _otherCodingSeen;
    private int _hostCount;
    private bool _connectionClose;
    private bool _connectionKeepAlive;
    private bool _connectionUpgrade;
    private bool _hasUpgrade;

    /// <summary>When true, an HTTP/1.1 request without Host is not refused. Only for tests that compare
    /// with parsers which leave RFC 9112 §3.2 to the application; Edge's connections leave it false.</summary>
    public bool AllowMissingHost { get; set; }

    /// <summary>Starts a request head. Call after the request line.</summary>
    public void StartRequest(KnownMethod method, HttpVersion version)
    {
        bool allowMissingHost = AllowMissingHost;
        this = default;
        AllowMissingHost = allowMissingHost;
        _isRequest = true;
        _method = method;
        _version = version;
        _contentLength = -1;
    }

    /// <summary>Starts a response head; <paramref name="requestMethod"/> is the method of the request it answers.</summary>
    public void StartResponse(HttpVersion version, int status, KnownMethod requestMethod)
    {
        bool allowMissingHost = AllowMissingHost;
        this = default;
        AllowMissingHost = allowMissingHost;
        _method = requestMethod;
        _version = version;
        _status = status;
        _contentLength = -1;
    }

    /// <summary>Looks at one field; throws at once for a field that can never be valid.</summary>
    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        switch (Http1FramingHeaders.Classify(name))
        {
            case Http1FramingHeader.ContentLength:
                OnContentLength(value);
                break;
            case Http1FramingHeader.TransferEncoding:
                OnTransferEncoding(value);
                break;
            case Http1FramingHeader.Host when _isRequest:
                OnHost(value);
                break;
            case Http1FramingHeader.Connection:
                OnConnection(value);
                break;
            case Http1FramingHeader.Upgrade:
                _hasUpgrade |= !value.IsEmpty;
                break;
            case Http1FramingHeader.UnderscoreLookalike when _isRequest:
                BadHttpMessageException.Throw(RejectReason.InvalidHeaderName);
                break;
        }
    }

    /// <summary>Decides the framing after the whole head. <paramref name="maxBodyBytes"/> caps a request's
    /// declared Content-Length (413 before reading any of it, SECURITY.md case 44).</summary>
    public readonly Http1Framing Complete(long maxBodyBytes = long.MaxValue)
    {
        // RFC 9112 §6.1: TE with CL, or TE in HTTP/1.0, MUST be treated as faulty framing.
        if (_hasTransferEncoding)
        {
            if (_contentLength >= 0)
            {
                BadHttpMessageException.Throw(RejectReason.ContentLengthAndTransferEncoding);
            }

            if (_version == HttpVersion.Http10)
            {
                BadHttpMessageException.Throw(RejectReason.TransferEncodingWithHttp10);
            }

            if (!_chunkedSeen && !_otherCodingSeen)
            {
                BadHttpMessageException.Throw(RejectReason.InvalidTransferEncoding); // empty list
            }
        }

        // RFC 9112 §9.3: 1.1 persists unless "close"; 1.0 only with "keep-alive".
        bool keepAlive = !_connectionClose && (_version == HttpVersion.Http11 || _connectionKeepAlive);
        return _isRequest ? CompleteRequest(maxBodyBytes, keepAlive) : CompleteResponse(keepAlive);
    }

    private readonly Http1Framing CompleteRequest(long maxBodyBytes, bool keepAlive)
    {
        // RFC 9112 §3.2: a server MUST respond 400 to an HTTP/1.1 request without Host.
        if (!AllowMissingHost && _version == HttpVersion.Http11 && _hostCount == 0)
        {
            BadHttpMessageException.Throw(RejectReason.MissingHost);
        }

        bool upgrade = _connectionUpgrade && _hasUpgrade;
        if (_method == KnownMethod.Connect)
        {
            // RFC 9110 §9.3.6: a CONNECT request has no content; what follows is tunnel data.
            return new Http1Framing(Http1BodyKind.None, -1, keepAlive, upgrade, Tunnel: true, Interim: false);
        }

        if (_hasTransferEncoding)
        {
            if (!_lastCodingChunked)
            {
                BadHttpMessageException.Throw(RejectReason.TransferEncodingNotFinalChunked); // §6.3 (4) MUST 400
            }

            if (_otherCodingSeen)
            {
                BadHttpMessageException.Throw(RejectReason.UnsupportedTransferCoding);
            }

            return new Http1Framing(Http1BodyKind.Chunked, -1, keepAlive, upgrade, Tunnel: false, Interim: false);
        }

        if (_contentLength >= 0)
        {
            if (_contentLength > maxBodyBytes)
            {
                BadHttpMessageException.Throw(RejectReason.BodyTooLarge);
            }

            return new Http1Framing(Http1BodyKind.ContentLength, _contentLength, keepAlive, upgrade, Tunnel: false, Interim: false);
        }

        // §6.3 (7): a request without CL or TE has no content.
        return new Http1Framing(Http1BodyKind.None, -1, keepAlive, upgrade, Tunnel: false, Interim: false);
    }

    private readonly Http1Framing CompleteResponse(bool keepAlive)
    {
        // §6.3 (1): HEAD responses, 1xx, 204 and 304 end at the head.
        if (_status < 200)
        {
            bool switching = _status == 101;
            return new Http1Framing(Http1BodyKind.None, -1, keepAlive, UpgradeRequested: false, Tunnel: switching, Interim: !switching);
        }

        // §6.3 (2): a 2xx answer to CONNECT switches to a tunnel.
        if (_method == KnownMethod.Connect && _status < 300)
        {
            return new Http1Framing(Http1BodyKind.None, -1, keepAlive, UpgradeRequested: false, Tunnel: true, Interim: false);
        }

        if (_method == KnownMethod.Head || _status == 204 || _status == 304)
        {
            return new Http1Framing(Http1BodyKind.None, -1, keepAlive, UpgradeRequested: false, Tunnel: false, Interim: false);
        }

        if (_hasTransferEncoding)
        {
            if (!_lastCodingChunked)
            {
                // §6.3 (4): final coding not chunked → the body ends at close.
                return new Http1Framing(Http1BodyKind.UntilClose, -1, KeepAlive: false, UpgradeRequested: false, Tunnel: false, Interim: false);
            }

            if (_otherCodingSeen)
            {
                BadHttpMessageException.Throw(RejectReason.UnsupportedTransferCoding);
            }

            return new Http1Framing(Http1BodyKind.Chunked, -1, keepAlive, UpgradeRequested: false, Tunnel: false, Interim: false);
        }

        if (_contentLength >= 0)
        {
            return new Http1Framing(Http1BodyKind.ContentLength, _contentLength, keepAlive, UpgradeRequested: false, Tunnel: false, Interim: false);
        }

        // §6.3 (8): no framing → read until close.
        return new Http1Framing(Http1BodyKind.UntilClose, -1, KeepAlive: false, UpgradeRequested: false, Tunnel: false, Interim: false);
    }

    private void OnContentLength(ReadOnlySpan<byte> value)
    {
        // RFC 9110 §8.6: Content-Length = 1*DIGIT. A list ("5, 5") or a second field line, even an
        // identical one, is refused (RFC 9112 §6.3 (5) lets us; nginx and Kestrel do the same).
        if (_contentLength >= 0)
        {
            BadHttpMessageException.Throw(RejectReason.DuplicateContentLength);
        }

        if (value.IsEmpty || value.ContainsAnyExcept(HttpCharacters.Digit))
        {
            BadHttpMessageException.Throw(RejectReason.InvalidContentLength);
        }

        long length = 0;
        foreach (byte b in value)
        {
            // Exact overflow check: "anticipate potentially large decimal numerals" (RFC 9110 §8.6).
            int digit = b - '0';
            if (length > (long.MaxValue - digit) / 10)
            {
                BadHttpMessageException.Throw(RejectReason.InvalidContentLength);
            }

            length = (length * 10) + digit;
        }

        _contentLength = length;
    }

    private void OnTransferEncoding(ReadOnlySpan<byte> value)
    {
        _hasTransferEncoding = true;
        while (true)
        {
            int comma = value.IndexOf((byte)',');
            ReadOnlySpan<byte> coding = HttpCharacters.TrimWhitespace(comma < 0 ? value : value[..comma]);
            if (!coding.IsEmpty)
            {
                // RFC 9112 §7: chunked MUST NOT be applied more than once and MUST be the final coding.
                if (_chunkedSeen)
                {
                    BadHttpMessageException.Throw(RejectReason.TransferEncodingNotFinalChunked);
                }

                if (Ascii.EqualsIgnoreCase(coding, "chunked"u8))
                {
                    _chunkedSeen = true;
                    _lastCodingChunked = true;
                }
                else
                {
                    // transfer-coding = token *( OWS ";" OWS transfer-parameter ): anything not a
                    // plain token before a parameter is malformed.
                    int end = coding.IndexOfAnyExcept(HttpCharacters.Token);
                    if (end == 0 || (end > 0 && !IsParameterStart(coding[end..])))
                    {
                        BadHttpMessageException.Throw(RejectReason.InvalidTransferEncoding);
                    }

                    _otherCodingSeen = true;
                    _lastCodingChunked = false;
                }
            }

            if (comma < 0)
            {
                return;
            }

            value = value[(comma + 1)..];
        }
    }

    private static bool IsParameterStart(ReadOnlySpan<byte> rest)
    {
        ReadOnlySpan<byte> trimmed = HttpCharacters.TrimWhitespace(rest);
        return !trimmed.IsEmpty && trimmed[0] == (byte)';';
    }

    private void OnHost(ReadOnlySpan<byte> value)
    {
        // RFC 9112 §3.2: more than one Host field line, or an invalid value → 400. An empty value is
        // allowed (the target URI has no authority).
        if (++_hostCount > 1)
        {
            BadHttpMessageException.Throw(RejectReason.DuplicateHost);
        }

        if (!value.IsEmpty && !HostValidator.IsValidAuthority(value, requirePort: false))
        {
            BadHttpMessageException.Throw(RejectReason.InvalidHost);
        }
    }

    private void OnConnection(ReadOnlySpan<byte> value)
    {
        // Connection = #connection-option (RFC 9110 §7.6.1); options are case-insensitive tokens.
        while (true)
        {
            int comma = value.IndexOf((byte)',');
            ReadOnlySpan<byte> option = HttpCharacters.TrimWhitespace(comma < 0 ? value : value[..comma]);
            if (Ascii.EqualsIgnoreCase(option, "close"u8))
            {
                _connectionClose = true;
            }
            else if (Ascii.EqualsIgnoreCase(option, "keep-alive"u8))
            {
                _connectionKeepAlive = true;
            }
            else if (Ascii.EqualsIgnoreCase(option, "upgrade"u8))
            {
                _connectionUpgrade = true;
            }

            if (comma < 0)
            {
                return;
            }

            value = value[(comma + 1)..];
        }
    }
}
