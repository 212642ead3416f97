using Edge.Config.Model;

namespace Edge.Config.Validation;

/// <summary>
/// An upstream's protocol and its endpoints' schemes that only make sense together: "h2" is HTTP/2
/// negotiated by ALPN inside TLS, so every endpoint must be https:// (RFC 9113 §3.2); "h2c" is cleartext
/// HTTP/2 with prior knowledge, so none may be (§3.3). "http1" and "auto" take either.
/// </summary>
internal static class UpstreamProtocolRule
{
    public static void Check(ValidationContext ctx)
    {
        for (var i = 0; i < ctx.Config.Upstreams.Count; i++)
        {
            var u = ctx.Config.Upstreams[i];
            var path = ValidationContext.Upstream(i);
            var all = u.Endpoints.Concat(u.Failover).ToList();
            if (u.Protocol == UpstreamProtocol.H2 && all.Any(e => !e.Url.IsHttps))
            {
                ctx.Report(path + ".protocol", "protocol \"h2\" is HTTP/2 over TLS but an endpoint is http://: expected https:// endpoints, or \"h2c\" for cleartext HTTP/2");
            }
            if (u.Protocol == UpstreamProtocol.H2c && all.Any(e => e.Url.IsHttps))
            {
                ctx.Report(path + ".protocol", "protocol \"h2c\" is cleartext HTTP/2 but an endpoint is https://: expected \"h2\" (or \"auto\") for HTTP/2 over TLS");
            }
        }
    }
}
