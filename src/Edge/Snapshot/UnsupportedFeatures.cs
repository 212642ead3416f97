using Edge.Config.Model;

namespace Edge.Snapshot;

/// <summary>
/// Fail closed: settings the config language accepts but this build does not enforce yet are refused,
/// never silently ignored. A throttle that is not applied would leave a backend unprotected. Each refusal names the key. As features land,
/// their rules leave this list: TLS (listeners, mTLS, https:// upstreams), HTTP/2 listeners (h2c, h2) and
/// the security policies (security schemes, scopes, CORS, IP lists, claims to headers, the JWT
/// assertion, mTLS identities), the listeners' <c>h2c_upgrade</c> and throttling have left it.
/// </summary>
internal static class UnsupportedFeatures
{
    private const string NotYet = "is not implemented in this build yet, and Edge refuses to ignore it";

    public static void Check(EdgeConfig config, List<SnapshotProblem> problems)
    {
        for (var i = 0; i < config.Upstreams.Count; i++)
        {
            var u = config.Upstreams[i];
            var at = $"upstreams[{i}]";
            if (u.Protocol is not (UpstreamProtocol.Http1)) problems.Add(new($"{at}.protocol", $"upstream protocol '{u.Protocol.ToString().ToLowerInvariant()}' {NotYet}; use \"http1\""));
        }
    }
}
