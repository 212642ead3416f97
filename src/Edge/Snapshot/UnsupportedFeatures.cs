using Edge.Config.Model;

namespace Edge.Snapshot;

/// <summary>
/// Fail closed: settings the config language accepts but this build does not enforce yet are refused,
/// never silently ignored. A throttle that is not applied would leave a backend unprotected; an h2c
/// upgrade that is not honoured would silently fall back. Each refusal names the key. As features land,
/// their rules leave this list: TLS (listeners, mTLS, https:// upstreams), HTTP/2 listeners (h2c, h2), HTTP/2
/// upstreams (h2c, h2, auto) and
/// the security policies (security schemes, scopes, CORS, IP lists, claims to headers, the JWT
/// assertion, mTLS identities) have left it.
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

        // Upstream protocols http1, h2c, h2 and auto are all spoken. WebSocket upgrades to an HTTP/2 upstream go
        // over HTTP/1.1 (RFC 8441's extended CONNECT is not spoken upstream): said once, as a warning.
        for (var a = 0; a < config.Apis.Count; a++)
        {
            var api = config.Apis[a];
            var webSocket = api.WebSocket || api.Resources.Any(r => r.WebSocket == true);
            if (!webSocket || api.Upstream is not { } name) continue;
            var index = -1;
            for (var i = 0; i < config.Upstreams.Count; i++)
                if (config.Upstreams[i].Name == name) index = i;
            if (index < 0 || config.Upstreams[index].Protocol is UpstreamProtocol.Http1 or UpstreamProtocol.Auto) continue;
            problems.Add(new($"upstreams[{index}].protocol",
                $"WebSocket upgrades (apis[{a}]) to this HTTP/2 upstream use HTTP/1.1: its endpoints must also accept HTTP/1.1 for them") { Warning = true });
        }

        for (var a = 0; a < config.Apis.Count; a++)
        {
            var api = config.Apis[a];
            var at = $"apis[{a}]";
            if (!api.Throttle.IsEmpty) problems.Add(new($"{at}.throttle", $"throttling {NotYet}"));
            for (var r = 0; r < api.Resources.Count; r++)
            {
                var res = api.Resources[r];
                if (res.Throttle is { IsEmpty: false }) problems.Add(new($"{at}.resources[{r}].throttle", $"throttling {NotYet}"));
            }
        }
    }
}
