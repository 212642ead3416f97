using Edge.Config.Model;

namespace Edge.Snapshot;

/// <summary>
/// Fail closed: settings the config language accepts but this build does not enforce yet are refused,
/// never silently ignored. A throttle that is not applied would leave a backend unprotected; an h2c
/// upgrade that is not honoured would silently fall back. Each refusal names the key. As features land,
/// their rules leave this list: TLS (listeners, mTLS, https:// upstreams), HTTP/2 listeners (h2c, h2) and
/// the security policies (security schemes, scopes, CORS, IP lists, claims to headers, the JWT
/// assertion, mTLS identities) and throttling have left it.
/// </summary>
internal static class UnsupportedFeatures
{
    private const string NotYet = "is not implemented in this build yet, and Edge refuses to ignore it";

    public static void Check(EdgeConfig config, List<SnapshotProblem> problems)
    {
        for (var i = 0; i < config.Listeners.Count; i++)
        {
            var l = config.Listeners[i];
            var at = $"listeners[{i}]";
            // Listener protocols http1, h2c (prior knowledge) and h2 (TLS + ALPN) are all served. The HTTP/1.1
            // Upgrade to h2c is not (SECURITY.md case 20: such requests are answered over HTTP/1.1).
            if (l.H2cUpgrade) problems.Add(new($"{at}.h2c_upgrade", $"h2c upgrade {NotYet}"));
        }

        for (var i = 0; i < config.Upstreams.Count; i++)
        {
            var u = config.Upstreams[i];
            var at = $"upstreams[{i}]";
            if (u.Protocol is not (UpstreamProtocol.Http1)) problems.Add(new($"{at}.protocol", $"upstream protocol '{u.Protocol.ToString().ToLowerInvariant()}' {NotYet}; use \"http1\""));
        }
    }
}
