using System.Globalization;
using System.Text;
using Edge.Http;

namespace Edge.Policies;

/// <summary>
/// An API's CORS policy (the Fetch standard's CORS protocol), answered by Edge:
/// <list type="bullet">
/// <item><b>Preflight</b> (<c>OPTIONS</c> with <c>Origin</c> and <c>Access-Control-Request-Method</c>):
/// never forwarded. Allowed origin, method and every requested header → 204 with
/// <c>Access-Control-Allow-Origin</c>, <c>-Allow-Methods</c>, <c>-Allow-Headers</c>, <c>-Max-Age</c>
/// (and <c>-Allow-Credentials</c>); anything else → 403 (900908), without CORS fields, so the browser
/// refuses the actual request.</item>
/// <item><b>Actual requests</b> from an allowed origin get <c>Access-Control-Allow-Origin</c>
/// (+ credentials, exposed headers) on whatever answers them — the upstream, a direct response or a
/// fault (so a browser can read a 401). CORS fields the upstream sends are always replaced by Edge's.</item>
/// </list>
/// Origins are compared ASCII case-insensitively with the configured ones (lower-cased: browsers send
/// scheme and host in lower case); <c>"*"</c> allows any origin (and then no credentials). Methods: the
/// configured list, or when empty any method the resource routes. Headers: the configured list
/// (case-insensitive), <c>"*"</c> for any; CORS-safelisted headers need no listing (browsers do not ask).
/// </summary>
internal sealed class CorsPolicy
{
    internal static readonly byte[] AllowOrigin = "Access-Control-Allow-Origin"u8.ToArray();
    internal static readonly byte[] AllowCredentials = "Access-Control-Allow-Credentials"u8.ToArray();
    internal static readonly byte[] ExposeHeaders = "Access-Control-Expose-Headers"u8.ToArray();
    internal static readonly byte[] AllowMethods = "Access-Control-Allow-Methods"u8.ToArray();
    internal static readonly byte[] AllowHeaders = "Access-Control-Allow-Headers"u8.ToArray();
    internal static readonly byte[] MaxAge = "Access-Control-Max-Age"u8.ToArray();
    internal static readonly byte[] Vary = "Vary"u8.ToArray();
    private static readonly byte[] True = "true"u8.ToArray();
    private static readonly byte[] Star = "*"u8.ToArray();
    private static readonly byte[] VaryOrigin = "Origin"u8.ToArray();
    private static readonly byte[] VaryPreflight = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"u8.ToArray();
    private static readonly byte[] OriginName = "origin"u8.ToArray();
    private static readonly byte[] RequestMethodName = "access-control-request-method"u8.ToArray();
    private static readonly byte[] RequestHeadersName = "access-control-request-headers"u8.ToArray();

    /// <summary>CORS response fields an upstream may send: Edge's policy replaces them.</summary>
    internal static readonly byte[][] ResponseFieldNames =
        [AllowOrigin, AllowCredentials, ExposeHeaders, AllowMethods, AllowHeaders, MaxAge];

    private readonly byte[][] _origins;
    private readonly bool _anyOrigin;
    private readonly byte[][] _methods;
    private readonly byte[] _methodList;
    private readonly byte[][] _headers;
    private readonly bool _anyHeader;
    private readonly byte[] _headerList;
    private readonly byte[] _exposeList;
    private readonly bool _credentials;
    private readonly byte[] _maxAge;

    public CorsPolicy(IEnumerable<string> origins, IEnumerable<string> methods, IEnumerable<string> headers, IEnumerable<string> expose, bool credentials, TimeSpan maxAge)
    {
        var originList = origins.ToList();
        _anyOrigin = originList.Contains("*");
        if (_anyOrigin && credentials)
            throw new ArgumentException("origins \"*\" with credentials would let every site send credentialed requests", nameof(origins));
        _origins = [.. originList.Where(o => o != "*").Select(o => Encoding.UTF8.GetBytes(o.ToLowerInvariant()))];
        var methodList = methods.Distinct(StringComparer.Ordinal).ToList();
        _methods = [.. methodList.Select(Encoding.ASCII.GetBytes)];
        _methodList = Encoding.ASCII.GetBytes(string.Join(", ", methodList));
        var headerList = headers.ToList();
        _anyHeader = headerList.Contains("*");
        _headers = [.. headerList.Where(h => h != "*").Select(h => Encoding.ASCII.GetBytes(h.ToLowerInvariant()))];
        _headerList = Encoding.ASCII.GetBytes(string.Join(", ", headerList.Where(h => h != "*")));
        _exposeList = Encoding.ASCII.GetBytes(string.Join(", ", expose));
        _credentials = credentials;
        _maxAge = Encoding.ASCII.GetBytes(((long)maxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// A CORS preflight: <c>OPTIONS</c> with <c>Origin</c> and <c>Access-Control-Request-Method</c>; the
    /// requested method is what the route is looked up with.
    /// </summary>
    public static bool IsPreflight(HttpRequestHead request, out ReadOnlySpan<byte> requestedMethod)
    {
        requestedMethod = default;
        if (request.KnownMethod != KnownMethod.Options || !request.TryGetHeader(OriginName, out _)) return false;
        if (!request.TryGetHeader(RequestMethodName, out requestedMethod)) return false;
        requestedMethod = requestedMethod.Trim((byte)' ');
        return !requestedMethod.IsEmpty;
    }

    /// <summary>
    /// Answers a preflight's checks: true when allowed, with the 204's fields set on
    /// <see cref="Exchange.ResponseFields"/>; false for a refusal (no CORS fields).
    /// </summary>
    public bool TryAllowPreflight(Exchange exchange)
    {
        var request = exchange.Request;
        var fields = exchange.ResponseFields;
        fields.RemoveFields(ResponseFieldNames);
        if (!request.TryGetHeader(OriginName, out var origin) || !TryMatchOrigin(origin, out var allowedOrigin)) return false;
        if (!request.TryGetHeader(RequestMethodName, out var method)) return false;
        method = method.Trim((byte)' ');
        if (_methods.Length > 0 && !ContainsExact(_methods, method)) return false;
        request.TryGetHeader(RequestHeadersName, out var requestedHeaders);
        if (!_anyHeader && !AllListed(requestedHeaders)) return false;

        fields.Add(AllowOrigin, allowedOrigin);
        if (_credentials) fields.Add(AllowCredentials, True);
        if (_methods.Length > 0) fields.Add(AllowMethods, _methodList);
        else fields.AddCopy(AllowMethods, method);
        if (_anyHeader)
        {
            if (!requestedHeaders.Trim((byte)' ').IsEmpty) fields.AddCopy(AllowHeaders, requestedHeaders.Trim((byte)' '));
        }
        else if (_headerList.Length > 0)
        {
            fields.Add(AllowHeaders, _headerList);
        }
        fields.Add(MaxAge, _maxAge);
        fields.Add(Vary, VaryPreflight);
        return true;
    }

    /// <summary>For an actual request: the CORS response fields when its <c>Origin</c> is allowed; the upstream's own are dropped either way.</summary>
    public void ApplyToActualRequest(Exchange exchange)
    {
        var fields = exchange.ResponseFields;
        fields.RemoveFields(ResponseFieldNames);
        if (!_anyOrigin || _credentials) fields.Add(Vary, VaryOrigin);
        if (!exchange.Request.TryGetHeader(OriginName, out var origin) || !TryMatchOrigin(origin, out var allowedOrigin)) return;
        fields.Add(AllowOrigin, allowedOrigin);
        if (_credentials) fields.Add(AllowCredentials, True);
        if (_exposeList.Length > 0) fields.Add(ExposeHeaders, _exposeList);
    }

    /// <summary>The configured spelling to echo (no copy of request bytes), or "*".</summary>
    private bool TryMatchOrigin(ReadOnlySpan<byte> origin, out byte[] allowed)
    {
        foreach (var o in _origins)
        {
            if (o.Length == origin.Length && Ascii.EqualsIgnoreCase(o, origin))
            {
                allowed = o;
                return true;
            }
        }
        allowed = Star;
        return _anyOrigin;
    }

    private static bool ContainsExact(byte[][] list, ReadOnlySpan<byte> value)
    {
        foreach (var item in list)
        {
            if (item.AsSpan().SequenceEqual(value)) return true;
        }
        return false;
    }

    /// <summary>Every comma-separated name in Access-Control-Request-Headers is configured (case-insensitive).</summary>
    private bool AllListed(ReadOnlySpan<byte> requested)
    {
        while (!requested.IsEmpty)
        {
            var comma = requested.IndexOf((byte)',');
            var name = (comma < 0 ? requested : requested[..comma]).Trim(" \t"u8);
            requested = comma < 0 ? default : requested[(comma + 1)..];
            if (name.IsEmpty) continue;
            var found = false;
            foreach (var h in _headers)
            {
                if (h.Length == name.Length && Ascii.EqualsIgnoreCase(h, name))
                {
                    found = true;
                    break;
                }
            }
            if (!found) return false;
        }
        return true;
    }
}
