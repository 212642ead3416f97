using Edge.Http;
using Edge.Security.Jwt;
using Edge.Throttling;

namespace Edge.Policies;

/// <summary>
/// A request's throttle-key attributes over the exchange and the verified token, as
/// <see cref="ThrottleKeyRecipe.Write{TSource}"/> reads them: the API and resource identities (route
/// constants), the resolved client address, header and query values as received, and claims as their raw
/// JSON (a string keeps its quotes: no copy, and two different values never read the same; JSON
/// <c>null</c> counts as absent) — except <c>sub</c>, read as the text the validator already extracted. A ref struct: nothing is boxed or copied.
/// </summary>
internal readonly ref struct ThrottleKeySource(Exchange exchange, VerifiedJwt? jwt, IpAddressBytes? client, byte[] api, byte[] resource) : IThrottleKeySource
{
    private readonly Exchange _exchange = exchange;
    private readonly VerifiedJwt? _jwt = jwt;
    private readonly IpAddressBytes? _client = client;
    private readonly byte[] _api = api;
    private readonly byte[] _resource = resource;

    public ReadOnlySpan<byte> Api => _api;

    public ReadOnlySpan<byte> Resource => _resource;

    /// <summary>An exchange without a peer address keys as <c>::</c> (all such requests share a bucket).</summary>
    public IpAddressBytes ClientAddress => _client ?? default;

    public bool TryGetHeader(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value) => _exchange.Request.TryGetHeader(name, out value);

    public bool TryGetQuery(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        var request = _exchange.Request;
        value = default;
        return request.HasQuery && QueryParameters.TryFind(request.Query, name, out value);
    }

    public bool TryGetClaim(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (_jwt is null) return false;
        // "sub" (the usual key) was extracted when the token was verified: no scan of the payload. It is
        // always a string (RFC 7519 §4.1.2), so its text keys the same way every time.
        if (name.SequenceEqual("sub"u8))
        {
            value = _jwt.Subject;
            return _jwt.HasSubject;
        }
        if (!_jwt.TryGetClaim(name, out value)) return false;
        return !value.SequenceEqual("null"u8);
    }
}
