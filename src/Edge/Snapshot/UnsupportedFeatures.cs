using Edge.Config.Model;

namespace Edge.Snapshot;

/// <summary>
/// Fail closed: settings the config language accepts but this build does not enforce yet are refused,
/// never silently ignored. A `security = ["jwt"]` that is not enforced would serve an API unprotected;
/// an h2c upgrade that is not honoured would silently fall back. Each refusal names the key. As features
/// land (security policies, throttling, HTTP/2 upstreams), their rules leave this list. TLS (listeners,
/// mTLS, https:// upstreams) and HTTP/2 listeners (h2c, h2) have left it.
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
            if (!l.IpAllow.IsEmpty) problems.Add(new($"{at}.ip_allow", $"IP allow lists {NotYet}"));
            if (!l.IpDeny.IsEmpty) problems.Add(new($"{at}.ip_deny", $"IP deny lists {NotYet}"));
        }

        for (var i = 0; i < config.Upstreams.Count; i++)
        {
            var u = config.Upstreams[i];
            var at = $"upstreams[{i}]";
            if (u.Protocol is not (UpstreamProtocol.Http1)) problems.Add(new($"{at}.protocol", $"upstream protocol '{u.Protocol.ToString().ToLowerInvariant()}' {NotYet}; use \"http1\""));
        }

        for (var a = 0; a < config.Apis.Count; a++)
        {
            var api = config.Apis[a];
            var at = $"apis[{a}]";
            CheckSecurity(api.Security, $"{at}.security", problems);
            if (!api.Scopes.IsEmpty) problems.Add(new($"{at}.scopes", $"scope checks {NotYet}"));
            if (!api.Throttle.IsEmpty) problems.Add(new($"{at}.throttle", $"throttling {NotYet}"));
            if (api.Cors is not null) problems.Add(new($"{at}.cors", $"CORS {NotYet}"));
            if (!api.IpAllow.IsEmpty) problems.Add(new($"{at}.ip_allow", $"IP allow lists {NotYet}"));
            if (!api.IpDeny.IsEmpty) problems.Add(new($"{at}.ip_deny", $"IP deny lists {NotYet}"));
            if (!api.ClaimsToHeaders.IsEmpty) problems.Add(new($"{at}.claims_to_headers", $"claims to headers {NotYet}"));
            if (api.JwtAssertion) problems.Add(new($"{at}.jwt_assertion", $"X-JWT-Assertion {NotYet}"));
            if (api.Mtls is not null) problems.Add(new($"{at}.mtls", $"mTLS identities {NotYet}"));
            for (var r = 0; r < api.Resources.Count; r++)
            {
                var res = api.Resources[r];
                var rat = $"{at}.resources[{r}]";
                if (res.Security is { } s) CheckSecurity(s, $"{rat}.security", problems);
                if (res.Scopes is { IsEmpty: false }) problems.Add(new($"{rat}.scopes", $"scope checks {NotYet}"));
                if (res.Throttle is { IsEmpty: false }) problems.Add(new($"{rat}.throttle", $"throttling {NotYet}"));
            }
        }
    }

    private static void CheckSecurity(Config.Model.ValueList<SecurityScheme> schemes, string at, List<SnapshotProblem> problems)
    {
        for (var i = 0; i < schemes.Count; i++)
        {
            if (schemes[i] != SecurityScheme.None)
                problems.Add(new($"{at}[{i}]", $"security scheme '{Name(schemes[i])}' {NotYet}: the API would be served unauthenticated; use \"none\" only if that is intended"));
        }
    }

    private static string Name(SecurityScheme s) => s switch
    {
        SecurityScheme.ApiKey => "api_key",
        _ => s.ToString().ToLowerInvariant(),
    };
}
