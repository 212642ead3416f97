using System.Buffers;
using System.Buffers.Text;
using Edge.Http;
using Edge.Http2.Hpack;

namespace Edge.Http2.Server;

/// <summary>
/// Turns one decoded request header block into an <see cref="HttpRequestHead"/>, checking RFC 9113
/// §8.2–§8.3 on the way: lower-case token names, valid values, no connection-specific fields, <c>te</c>
/// only "trailers", pseudo-headers first, once each, the required ones present, CONNECT's rules, one
/// valid content-length, :authority/host consistency. Cookie crumbs are joined with "; " into one field
/// (§8.2.3: required before passing the request to an HTTP/1.1 upstream). Only the first problem is
/// kept; after it the fields are still taken from the decoder (HPACK must finish the block) but ignored.
/// One per stream, reused; fields go straight into the head's pooled buffer, pseudo-headers and cookie
/// crumbs into small reusable scratch buffers.
/// </summary>
internal sealed class Http2RequestHeadBuilder
{
    [Flags]
    private enum Pseudo : byte
    {
        None = 0,
        Method = 1,
        Scheme = 2,
        Authority = 4,
        Path = 8,
    }

    private readonly int _maxHeaderCount;
    private HttpRequestHead _head = null!;
    private byte[] _scratch = new byte[256];
    private int _scratchLength;
    private int _methodStart, _methodLength, _schemeStart, _schemeLength, _authorityStart, _authorityLength = -1, _pathStart, _pathLength;
    private byte[]? _cookies;
    private int _cookieLength;
    private int _cookieCount;
    private Pseudo _seen;
    private bool _regularSeen;
    private int _fieldCount;
    private int _hostIndex;

    public Http2RequestHeadBuilder(int maxHeaderCount) => _maxHeaderCount = maxHeaderCount;

    public Http2RequestError Error { get; private set; }

    /// <summary>The declared content-length, or -1.</summary>
    public long ContentLength { get; private set; }

    /// <summary>Starts a block for <paramref name="head"/> (released by the caller beforehand).</summary>
    public void Start(HttpRequestHead head)
    {
        _head = head;
        _scratchLength = 0;
        _authorityLength = -1;
        _methodLength = _schemeLength = _pathLength = 0;
        _cookieLength = 0;
        _cookieCount = 0;
        _seen = Pseudo.None;
        _regularSeen = false;
        _fieldCount = 0;
        _hostIndex = -1;
        Error = Http2RequestError.None;
        ContentLength = -1;
    }

    private void Fail(Http2RequestError error)
    {
        if (Error == Http2RequestError.None) Error = error;
    }

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (Error != Http2RequestError.None) return;
        if (name.IsEmpty)
        {
            Fail(Http2RequestError.InvalidName);
            return;
        }
        if (name[0] == (byte)':')
        {
            OnPseudoHeader(name, value);
            return;
        }
        _regularSeen = true;
        if (!IsValidName(name, out var error) || !IsValidValue(value, out error))
        {
            Fail(error);
            return;
        }
        var kind = KnownHeaders.Classify(name);
        switch (kind)
        {
            // §8.2.2: "An endpoint MUST NOT generate an HTTP/2 message containing connection-specific
            // header fields ... MUST be treated as malformed." (SECURITY.md case 24: H2.TE and friends.)
            case KnownHeader.Connection or KnownHeader.KeepAlive or KnownHeader.ProxyConnection or KnownHeader.TransferEncoding or KnownHeader.Upgrade:
                Fail(Http2RequestError.ConnectionSpecificField);
                return;
            case KnownHeader.TE:
                if (!HttpCharacters.EqualsLower(value, "trailers"u8)) Fail(Http2RequestError.InvalidTe);
                return; // hop-by-hop: never forwarded
            case KnownHeader.ContentLength:
                if (ContentLength >= 0 || value.IsEmpty || value.ContainsAnyExcept(HttpCharacters.Digit) || value.Length > 18
                    || !Utf8Parser.TryParse(value, out long length, out _))
                {
                    Fail(Http2RequestError.InvalidContentLength);
                    return;
                }
                ContentLength = length;
                break;
            case KnownHeader.Host:
                if (_hostIndex >= 0)
                {
                    Fail(Http2RequestError.InvalidAuthority);
                    return;
                }
                _hostIndex = _head.HeaderCount;
                break;
        }
        if (name.SequenceEqual("cookie"u8))
        {
            AddCookie(value);
            return;
        }
        if (++_fieldCount > _maxHeaderCount)
        {
            Fail(Http2RequestError.TooManyHeaders);
            return;
        }
        _head.AddHeader(name, value);
    }

    private void OnPseudoHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        // §8.3: "All pseudo-header fields MUST appear in a field block before all regular field lines."
        if (_regularSeen)
        {
            Fail(Http2RequestError.PseudoHeaderAfterField);
            return;
        }
        var which = name switch
        {
            _ when name.SequenceEqual(":method"u8) => Pseudo.Method,
            _ when name.SequenceEqual(":scheme"u8) => Pseudo.Scheme,
            _ when name.SequenceEqual(":authority"u8) => Pseudo.Authority,
            _ when name.SequenceEqual(":path"u8) => Pseudo.Path,
            _ => Pseudo.None,
        };
        if (which == Pseudo.None)
        {
            Fail(Http2RequestError.UnknownPseudoHeader);
            return;
        }
        if ((_seen & which) != 0)
        {
            Fail(Http2RequestError.DuplicatePseudoHeader);
            return;
        }
        _seen |= which;
        var start = Store(value);
        switch (which)
        {
            case Pseudo.Method: (_methodStart, _methodLength) = (start, value.Length); break;
            case Pseudo.Scheme: (_schemeStart, _schemeLength) = (start, value.Length); break;
            case Pseudo.Authority: (_authorityStart, _authorityLength) = (start, value.Length); break;
            default: (_pathStart, _pathLength) = (start, value.Length); break;
        }
    }

    /// <summary>Ends the block: checks what only the whole block shows, then fills the head's request line.</summary>
    public Http2RequestError Complete()
    {
        if (Error != Http2RequestError.None) return Error;
        var method = _scratch.AsSpan(_methodStart, _methodLength);
        if ((_seen & Pseudo.Method) == 0) return Fail2(Http2RequestError.MissingPseudoHeader);
        if (method.IsEmpty || method.ContainsAnyExcept(HttpCharacters.Token)) return Fail2(Http2RequestError.InvalidMethod);
        var known = KnownMethods.Classify(method);
        ReadOnlySpan<byte> authority = _authorityLength >= 0 ? _scratch.AsSpan(_authorityStart, _authorityLength) : default;
        if (known == KnownMethod.Connect)
        {
            // §8.5: CONNECT carries only :method and :authority. (Extended CONNECT, RFC 8441, is not announced.)
            if ((_seen & (Pseudo.Scheme | Pseudo.Path)) != 0 || (_seen & Pseudo.Authority) == 0) return Fail2(Http2RequestError.InvalidConnect);
            if (!HostValidator.IsValidAuthority(authority, requirePort: true)) return Fail2(Http2RequestError.InvalidAuthority);
            FlushCookies();
            _head.SetPseudoHeaders(method, known, authority, default);
            return Http2RequestError.None;
        }
        if ((_seen & (Pseudo.Scheme | Pseudo.Path)) != (Pseudo.Scheme | Pseudo.Path)) return Fail2(Http2RequestError.MissingPseudoHeader);
        var scheme = _scratch.AsSpan(_schemeStart, _schemeLength);
        if (!scheme.SequenceEqual("http"u8) && !scheme.SequenceEqual("https"u8)) return Fail2(Http2RequestError.InvalidScheme);
        var path = _scratch.AsSpan(_pathStart, _pathLength);
        // §8.3.1: ":path MUST NOT be empty"; origin-form, or "*" for OPTIONS. The bytes must also be ones an
        // HTTP/1.1 request target may carry: the path is forwarded in a request line (no SP, CTL, '#').
        var asterisk = path.Length == 1 && path[0] == (byte)'*';
        if (path.IsEmpty || (path[0] != (byte)'/' && !(asterisk && known == KnownMethod.Options)) || path.ContainsAnyExcept(HttpCharacters.Target))
            return Fail2(Http2RequestError.InvalidPath);

        // §8.3.1: http and https have a mandatory authority: :authority or host. A host that names
        // another authority is malformed (SHOULD), answered 400 like HTTP/1's invalid Host (SECURITY.md case 25).
        var host = _hostIndex >= 0 ? _head.HeaderValue(_hostIndex) : default;
        if (_authorityLength < 0)
        {
            if (_hostIndex < 0) return Fail2(Http2RequestError.MissingAuthority);
            authority = host;
        }
        else if (_hostIndex >= 0 && !System.Text.Ascii.EqualsIgnoreCase(host, authority))
        {
            return Fail2(Http2RequestError.AuthorityMismatch);
        }
        if (!HostValidator.IsValidAuthority(authority, requirePort: false)) return Fail2(Http2RequestError.InvalidAuthority);
        FlushCookies();
        if (asterisk)
        {
            _head.SetRequestLine(method, known, "*"u8, HttpVersion.Http11);
            return Http2RequestError.None;
        }
        _head.SetPseudoHeaders(method, known, authority, path);
        return Http2RequestError.None;
    }

    private Http2RequestError Fail2(Http2RequestError error)
    {
        Error = error;
        return error;
    }

    private int Store(ReadOnlySpan<byte> value)
    {
        if (_scratch.Length - _scratchLength < value.Length) Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchLength + value.Length));
        var start = _scratchLength;
        value.CopyTo(_scratch.AsSpan(start));
        _scratchLength += value.Length;
        return start;
    }

    /// <summary>§8.2.3: crumbs are concatenated with "; " into one field before an HTTP/1.1 (or any non-HTTP/2) hop.</summary>
    private void AddCookie(ReadOnlySpan<byte> crumb)
    {
        var needed = _cookieLength + crumb.Length + 2;
        if (_cookies is null || _cookies.Length < needed)
        {
            var next = ArrayPool<byte>.Shared.Rent(Math.Max(needed, 256));
            if (_cookies is not null)
            {
                _cookies.AsSpan(0, _cookieLength).CopyTo(next);
                ArrayPool<byte>.Shared.Return(_cookies, clearArray: true);
            }
            _cookies = next;
        }
        if (_cookieCount++ > 0)
        {
            _cookies[_cookieLength++] = (byte)';';
            _cookies[_cookieLength++] = (byte)' ';
        }
        crumb.CopyTo(_cookies.AsSpan(_cookieLength));
        _cookieLength += crumb.Length;
    }

    private void FlushCookies()
    {
        if (_cookieCount == 0) return;
        _head.AddHeader("cookie"u8, _cookies.AsSpan(0, _cookieLength));
        _cookies.AsSpan(0, _cookieLength).Clear();
        _cookieLength = 0;
        _cookieCount = 0;
    }

    /// <summary>Returns the cookie buffer (a stream going back to its pool keeps none).</summary>
    public void Release()
    {
        if (_cookies is null) return;
        ArrayPool<byte>.Shared.Return(_cookies, clearArray: true);
        _cookies = null;
        _cookieLength = 0;
        _cookieCount = 0;
    }

    /// <summary>§8.2.1: a token, lower case ("field names MUST be converted to lowercase").</summary>
    internal static bool IsValidName(ReadOnlySpan<byte> name, out Http2RequestError error)
    {
        var bad = name.IndexOfAnyExcept(HttpCharacters.Token);
        if (bad >= 0)
        {
            error = Http2RequestError.InvalidName;
            return false;
        }
        if (name.IndexOfAnyInRange((byte)'A', (byte)'Z') >= 0)
        {
            error = Http2RequestError.UppercaseName;
            return false;
        }
        error = Http2RequestError.None;
        return true;
    }

    /// <summary>
    /// §8.2.1: no NUL, CR or LF, no leading or trailing SP/HTAB; like HTTP/1.1, no other CTL either
    /// (RFC 9110 §5.5), so nothing forwarded upstream can break a field line (SECURITY.md case 23).
    /// </summary>
    internal static bool IsValidValue(ReadOnlySpan<byte> value, out Http2RequestError error)
    {
        if (value.ContainsAnyExcept(HttpCharacters.FieldValue)
            || (!value.IsEmpty && (HttpCharacters.IsWhitespace(value[0]) || HttpCharacters.IsWhitespace(value[^1]))))
        {
            error = Http2RequestError.InvalidValue;
            return false;
        }
        error = Http2RequestError.None;
        return true;
    }
}

/// <summary>The HPACK callback for a request block: forwards to the stream's builder (a struct, so the decoder's calls devirtualize).</summary>
internal readonly struct Http2RequestHeadHandler(Http2RequestHeadBuilder builder) : IHpackHeaderHandler
{
    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HpackFlags flags) => builder.OnHeader(name, value);
}

/// <summary>
/// The HPACK callback for blocks whose fields nobody wants (a refused stream, a stream we reset): HPACK
/// must still decode them to keep its table in step (§4.3). For trailers it checks there is no pseudo-header.
/// </summary>
internal struct Http2DiscardingHeaderHandler : IHpackHeaderHandler
{
    public bool SawPseudoHeader;

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HpackFlags flags)
    {
        if (!name.IsEmpty && name[0] == (byte)':') SawPseudoHeader = true;
    }
}
