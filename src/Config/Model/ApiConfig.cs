namespace Edge.Config.Model;

/// <summary>One <c>[[apis]]</c> entry: a base path (and optional hosts) with its policies and resources.</summary>
/// <param name="Upstream">Default upstream name; null when every resource responds directly or names its own.</param>
/// <param name="Rewrite">Path prefix the upstream sees instead of <paramref name="BasePath"/>.</param>
/// <param name="BodyLimit">Overrides server.limits.body for this API.</param>
public sealed record ApiConfig(
    string Name,
    string BasePath,
    ValueList<string> Hosts,
    string? Upstream,
    ValueList<SecurityScheme> Security,
    ValueList<string> Scopes,
    ScopesMode ScopesMode,
    ValueList<ThrottlePolicyConfig> Throttle,
    ErrorFormat Errors,
    string? Rewrite,
    CorsConfig? Cors,
    ValueList<CidrRange> IpAllow,
    ValueList<CidrRange> IpDeny,
    ValueList<NameValue> ClaimsToHeaders,
    bool JwtAssertion,
    bool KeepAuthorization,
    string? AuthorizationHeader,
    ApiKeyLocation ApiKey,
    MtlsConfig? Mtls,
    bool WebSocket,
    ByteSize? BodyLimit,
    ValueList<ResourceConfig> Resources)
{
    /// <summary>Allowed responses carry RateLimit-Policy / RateLimit for the limits that applied (refusals always do).</summary>
    public bool RateLimitHeaders { get; init; }

    /// <summary>
    /// Subscription limits apply: the tier named by the token's <c>tier_claim</c> (else <c>default_tier</c>),
    /// per application (<c>application_claim</c>) and API.
    /// </summary>
    public bool SubscriptionThrottle { get; init; }
}
