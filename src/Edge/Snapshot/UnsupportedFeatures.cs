using Edge.Config.Model;

namespace Edge.Snapshot;

/// <summary>
/// Fail closed: settings the config language accepts but this build does not enforce are refused, never
/// silently ignored (a throttle that is not applied would leave a backend unprotected). Every feature the
/// language has is now enforced — TLS, HTTP/2 on both sides, h2c upgrade, the security policies and
/// throttling have all left the list — so nothing is refused today; what remains are warnings for
/// settings that work differently than they may read (WebSocket to an HTTP/2 upstream).
/// </summary>
internal static class UnsupportedFeatures
{
    public static void Check(EdgeConfig config, List<SnapshotProblem> problems)
    {
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
    }
}
