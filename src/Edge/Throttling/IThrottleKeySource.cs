namespace Edge.Throttling;

/// <summary>
/// The request attributes a throttle key can be built from, as bytes. Implemented by the policy layer
/// over its exchange and verified token (usually as a ref struct, so nothing is copied or boxed:
/// <see cref="ThrottleKeyRecipe.Write{TSource}"/> is generic over it). Throttling never sees an Exchange
/// or a JWT, which keeps it pure.
/// </summary>
internal interface IThrottleKeySource
{
    /// <summary>The API's stable identity (its name).</summary>
    ReadOnlySpan<byte> Api { get; }

    /// <summary>The matched resource's identity (e.g. "GET /order/{orderId}").</summary>
    ReadOnlySpan<byte> Resource { get; }

    /// <summary>The client address, already resolved through trusted proxies (<see cref="ForwardedForWalker"/>).</summary>
    IpAddressBytes ClientAddress { get; }

    /// <summary>The first value of a header; <paramref name="name"/> is lower-case.</summary>
    bool TryGetHeader(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value);

    /// <summary>The first value of a query parameter, as sent (not percent-decoded).</summary>
    bool TryGetQuery(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value);

    /// <summary>A claim of the verified token, as its string value's UTF-8 bytes.</summary>
    bool TryGetClaim(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value);
}
