using System.Text;

namespace Edge.Http;

/// <summary>
/// A parsed request head, protocol-neutral (HTTP/1.1 and HTTP/2 both fill it): method, scheme,
/// authority, path and query as bytes, plus the fields.
/// </summary>
internal sealed class HttpRequestHead : HttpHead
{
    private int _methodStart, _methodLength;
    private int _pathStart, _pathLength;
    private int _queryStart = -1, _queryLength;
    private int _authorityStart = -1, _authorityLength;

    public KnownMethod KnownMethod { get; private set; }
    public HttpVersion Version { get; set; }

    /// <summary>The request target was absolute-form (<c>http://host/path</c>): it carries the authority.</summary>
    public bool IsAbsoluteForm { get; private set; }

    /// <summary>The request target was <c>*</c> (OPTIONS only).</summary>
    public bool IsAsteriskForm { get; private set; }

    /// <summary>The request target was authority-form (CONNECT only).</summary>
    public bool IsAuthorityForm { get; private set; }

    public ReadOnlySpan<byte> Method => Slice(_methodStart, _methodLength);

    /// <summary>The method as memory (valid until the head is released), for consumers that outlive a stack frame.</summary>
    public ReadOnlyMemory<byte> MethodMemory => SliceMemory(_methodStart, _methodLength);

    /// <summary>The path as memory (valid until the head is released).</summary>
    public ReadOnlyMemory<byte> PathMemory => SliceMemory(_pathStart, _pathLength);

    /// <summary>The path, raw (percent-encoding untouched), without the query.</summary>
    public ReadOnlySpan<byte> Path => Slice(_pathStart, _pathLength);

    public bool HasQuery => _queryStart >= 0;

    /// <summary>The query without its '?', byte for byte as received.</summary>
    public ReadOnlySpan<byte> Query => _queryStart >= 0 ? Slice(_queryStart, _queryLength) : default;

    /// <summary>The authority the request is for: from an absolute-form target, else the Host field (RFC 9112 §3.2.2).</summary>
    public ReadOnlySpan<byte> Authority
    {
        get
        {
            if (_authorityStart >= 0) return Slice(_authorityStart, _authorityLength);
            return TryGetHeader(KnownHeader.Host, out var host) ? host : default;
        }
    }

    /// <summary>Sets the request line; the target is split into authority, path and query.</summary>
    public void SetRequestLine(ReadOnlySpan<byte> method, KnownMethod knownMethod, ReadOnlySpan<byte> target, HttpVersion version)
    {
        KnownMethod = knownMethod;
        Version = version;
        _methodStart = Append(method);
        _methodLength = method.Length;
        IsAbsoluteForm = IsAsteriskForm = IsAuthorityForm = false;
        _authorityStart = -1;
        _queryStart = -1;

        if (target.Length == 1 && target[0] == (byte)'*')
        {
            IsAsteriskForm = true;
            SetPathAndQuery("*"u8);
            return;
        }
        if (knownMethod == KnownMethod.Connect)
        {
            IsAuthorityForm = true;
            _authorityStart = Append(target);
            _authorityLength = target.Length;
            SetPathAndQuery(default);
            return;
        }
        if (target.Length > 0 && target[0] != (byte)'/')
        {
            // absolute-form: scheme "://" authority path-abempty [ "?" query ] (RFC 9112 §3.2.2)
            var schemeEnd = target.IndexOf("://"u8);
            if (schemeEnd > 0)
            {
                IsAbsoluteForm = true;
                var rest = target[(schemeEnd + 3)..];
                var authorityEnd = rest.IndexOfAny((byte)'/', (byte)'?');
                var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
                _authorityStart = Append(authority);
                _authorityLength = authority.Length;
                var pathAndQuery = authorityEnd < 0 ? default : rest[authorityEnd..];
                SetPathAndQuery(pathAndQuery.IsEmpty || pathAndQuery[0] == (byte)'?' ? Concat("/"u8, pathAndQuery) : pathAndQuery);
                return;
            }
        }
        SetPathAndQuery(target);
    }

    private ReadOnlySpan<byte> Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var start = Append(a);
        Append(b);
        return Slice(start, a.Length + b.Length);
    }

    private void SetPathAndQuery(ReadOnlySpan<byte> pathAndQuery)
    {
        var q = pathAndQuery.IndexOf((byte)'?');
        var path = q < 0 ? pathAndQuery : pathAndQuery[..q];
        _pathStart = Append(path);
        _pathLength = path.Length;
        if (q >= 0)
        {
            var query = pathAndQuery[(q + 1)..];
            _queryStart = Append(query);
            _queryLength = query.Length;
        }
    }

    /// <summary>Forgets the request line too, so a head refused before its request line logs as empty, never stale.</summary>
    public override void Release()
    {
        base.Release();
        _methodStart = _methodLength = _pathStart = _pathLength = _queryLength = _authorityLength = 0;
        _queryStart = _authorityStart = -1;
        KnownMethod = KnownMethod.Custom;
        IsAbsoluteForm = IsAsteriskForm = IsAuthorityForm = false;
    }

    /// <summary>Sets method, path and authority from HTTP/2 pseudo-header fields.</summary>
    public void SetPseudoHeaders(ReadOnlySpan<byte> method, KnownMethod knownMethod, ReadOnlySpan<byte> authority, ReadOnlySpan<byte> pathAndQuery)
    {
        KnownMethod = knownMethod;
        Version = HttpVersion.Http11;
        _methodStart = Append(method);
        _methodLength = method.Length;
        IsAbsoluteForm = IsAsteriskForm = IsAuthorityForm = false;
        _queryStart = -1;
        _authorityStart = Append(authority);
        _authorityLength = authority.Length;
        SetPathAndQuery(pathAndQuery);
    }

    public override string ToString() =>
        $"{Encoding.ASCII.GetString(Method)} {Encoding.ASCII.GetString(Path)}{(HasQuery ? "?" + Encoding.ASCII.GetString(Query) : "")}";
}
