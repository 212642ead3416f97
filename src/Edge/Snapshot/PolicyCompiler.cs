using System.Text;
using Edge.Config.Model;
using Edge.Http;
using Edge.Policies;
using Edge.Security.Scopes;

namespace Edge.Snapshot;

/// <summary>
/// Compiles an API's and its resources' policy keys into each route's <see cref="RoutePolicies"/>:
/// <c>ip_allow</c>/<c>ip_deny</c>, <c>cors</c>, <c>security</c> (resource, else API) with <c>api_key</c>
/// and <c>mtls</c>, <c>scopes</c>/<c>scopes_mode</c> (resource, else API), and the request transforms
/// (<c>keep_authorization</c>, <c>claims_to_headers</c>, <c>jwt_assertion</c>, <c>authorization_header</c>),
/// and the throttle limits (<see cref="ThrottleCompiler"/>).
/// Parts that depend only on the API are built once and shared by its routes. Problems the config
/// language cannot see (a reserved field name, a malformed fingerprint, CORS "*" with credentials) are
/// reported at their key.
/// </summary>
internal sealed class PolicyCompiler
{
    private readonly ApiConfig _api;
    private readonly string _at;
    private readonly SecurityContext _security;
    private readonly IpRules? _ip;
    private readonly CorsPolicy? _cors;
    private readonly HashSet<string>? _mtlsSubjects;
    private readonly HashSet<string>? _mtlsFingerprints;
    private readonly Dictionary<string, (AuthPolicy? Auth, RequestTransforms? Transforms)> _bySecurity = new(StringComparer.Ordinal);
    private readonly List<SnapshotProblem> _problems;
    private readonly ThrottleCompiler? _throttle;
    private readonly int _apiIndex;

    public PolicyCompiler(ApiConfig api, int apiIndex, SecurityContext security, List<SnapshotProblem> problems, ThrottleCompiler? throttle = null)
    {
        _api = api;
        _apiIndex = apiIndex;
        _throttle = throttle;
        _at = $"apis[{apiIndex}]";
        _security = security;
        _problems = problems;
        _ip = IpRulesFor(api.IpAllow, api.IpDeny);
        if (api.Cors is { } cors)
        {
            try
            {
                _cors = new CorsPolicy(cors.Origins, cors.Methods, cors.Headers, cors.Expose, cors.Credentials, cors.MaxAge.ToTimeSpan());
            }
            catch (ArgumentException)
            {
                problems.Add(new($"{_at}.cors.origins", "origins \"*\" together with credentials = true would let every web site send credentialed requests: expected the allowed origins listed"));
            }
        }
        if (api.Mtls is { } mtls)
        {
            _mtlsSubjects = new HashSet<string>(mtls.Subjects, StringComparer.OrdinalIgnoreCase);
            _mtlsFingerprints = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < mtls.Fingerprints.Count; i++)
            {
                if (NormalizeFingerprint(mtls.Fingerprints[i]) is { } f) _mtlsFingerprints.Add(f);
                else problems.Add(new($"{_at}.mtls.fingerprints[{i}]", $"bad fingerprint \"{mtls.Fingerprints[i]}\": expected the certificate's SHA-256 as 64 hex digits (colons allowed), as `openssl x509 -noout -fingerprint -sha256` prints it"));
            }
        }
        CheckHeaderNames();
    }

    /// <summary>The listener's or API's lists, or null when both are empty.</summary>
    public static IpRules? IpRulesFor(ValueList<CidrRange> allow, ValueList<CidrRange> deny) =>
        allow.IsEmpty && deny.IsEmpty ? null
            : new IpRules(allow.Select(c => (c.Network.BaseAddress, c.Network.PrefixLength)), deny.Select(c => (c.Network.BaseAddress, c.Network.PrefixLength)));

    /// <summary>The chain for one resource, or null when it has no step at all.</summary>
    public RoutePolicies? Compile(ResourceConfig resource, int resourceIndex)
    {
        var security = resource.Security ?? _api.Security;
        var scopes = resource.Scopes ?? _api.Scopes;
        var mode = resource.ScopesMode ?? _api.ScopesMode;
        var key = string.Join(',', security);
        if (!_bySecurity.TryGetValue(key, out var parts))
        {
            parts = (BuildAuth(security), BuildTransforms(security));
            _bySecurity[key] = parts;
        }
        ScopeRequirement? scopeRequirement = null;
        if (!scopes.IsEmpty)
        {
            // Rendered only when a problem is reported: a reload of many routes builds no key paths.
            string ScopesAt() => resource.Scopes is null ? $"{_at}.scopes" : $"{_at}.resources[{resourceIndex}].scopes";
            if (parts.Auth is null)
                _problems.Add(new(ScopesAt(),
                    "scopes need an authenticated caller, but security is [\"none\"]: expected a security scheme that carries scopes (\"jwt\")"));
            // Only a JWT carries scopes: api_key, basic and mtls callers would all get 403, so say so at load.
            else if (!parts.Auth.Uses(AuthScheme.Jwt))
                _problems.Add(new(ScopesAt(),
                    $"scopes are granted only by JWTs, but security is [{string.Join(", ", security.Select(s => $"\"{Name(s)}\""))}]: every caller would get 403; expected \"jwt\" in security, or no scopes"));
            scopeRequirement = new ScopeRequirement(scopes, mode == ScopesMode.All ? ScopeMatchMode.All : ScopeMatchMode.Any);
        }
        var policies = new RoutePolicies
        {
            Security = _security,
            Ip = _ip,
            Cors = _cors,
            Auth = parts.Auth,
            Scopes = scopeRequirement,
            // The key path is needed only for a resource's own throttle (rendered per such resource).
            Throttle = _throttle?.Compile(_api, _apiIndex, resource, resource.Throttle is null ? null : $"{_at}.resources[{resourceIndex}]"),
            Transforms = parts.Transforms,
        };
        return policies.IsEmpty ? null : policies;
    }

    private AuthPolicy? BuildAuth(ValueList<SecurityScheme> security)
    {
        var schemes = new List<AuthScheme>();
        foreach (var s in security)
        {
            switch (s)
            {
                case SecurityScheme.Jwt: schemes.Add(AuthScheme.Jwt); break;
                case SecurityScheme.ApiKey: schemes.Add(AuthScheme.ApiKey); break;
                case SecurityScheme.Basic: schemes.Add(AuthScheme.Basic); break;
                case SecurityScheme.Mtls: schemes.Add(AuthScheme.Mtls); break;
            }
        }
        if (schemes.Count == 0) return null;
        return new AuthPolicy(schemes, _api.ApiKey.Header, _api.ApiKey.Query, _mtlsSubjects, _mtlsFingerprints);
    }

    /// <summary>The config spelling of a scheme (<c>security = [...]</c>).</summary>
    private static string Name(SecurityScheme scheme) => scheme switch
    {
        SecurityScheme.Jwt => "jwt",
        SecurityScheme.ApiKey => "api_key",
        SecurityScheme.Basic => "basic",
        SecurityScheme.Mtls => "mtls",
        _ => "none",
    };

    private RequestTransforms? BuildTransforms(ValueList<SecurityScheme> security)
    {
        var removed = new List<string>();
        if (!_api.KeepAuthorization)
        {
            if (security.Contains(SecurityScheme.Jwt) || security.Contains(SecurityScheme.Basic)) removed.Add("Authorization");
            if (security.Contains(SecurityScheme.ApiKey)) removed.Add(_api.ApiKey.Header);
        }
        // Fields Edge sets: never taken from the client.
        removed.AddRange(_api.ClaimsToHeaders.Select(c => c.Name));
        if (_api.JwtAssertion) removed.Add("X-JWT-Assertion");
        if (_api.AuthorizationHeader is { } swap)
        {
            removed.Add(swap);
            removed.Add("Authorization");
        }
        var stripQuery = !_api.KeepAuthorization && security.Contains(SecurityScheme.ApiKey) ? _api.ApiKey.Query : null;
        var transforms = new RequestTransforms(_api.ClaimsToHeaders.Select(c => (c.Name, c.Value)), _api.JwtAssertion, _api.AuthorizationHeader, removed, stripQuery);
        return transforms.IsEmpty ? null : transforms;
    }

    /// <summary>Fields Edge writes or manages itself cannot be claims' targets or the swap's source.</summary>
    private void CheckHeaderNames()
    {
        foreach (var (name, _) in _api.ClaimsToHeaders.Select(c => (c.Name, c.Value)))
        {
            if (IsReserved(name) || name.Equals("X-JWT-Assertion", StringComparison.OrdinalIgnoreCase))
                _problems.Add(new($"{_at}.claims_to_headers", $"header \"{name}\" cannot be set from a claim: Edge manages it; expected another field name (e.g. \"X-User\")"));
        }
        if (_api.AuthorizationHeader is { } swap && (IsReserved(swap) || swap.Equals("X-JWT-Assertion", StringComparison.OrdinalIgnoreCase)))
            _problems.Add(new($"{_at}.authorization_header", $"\"{swap}\" cannot be the field the backend's Authorization comes from: expected another field name (e.g. \"X-Authorization\")"));
        if (_api.ApiKey.Header is { } h && IsReserved(h))
            _problems.Add(new($"{_at}.api_key.header", $"\"{h}\" cannot carry API keys: expected another field name (default \"apikey\")"));
    }

    private static bool IsReserved(string name)
    {
        var bytes = Encoding.ASCII.GetBytes(name);
        return KnownHeaders.Classify(bytes) != KnownHeader.None || name.Equals("Authorization", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>"AB:CD:…" or "abcd…" → 64 lower-case hex digits, or null.</summary>
    internal static string? NormalizeFingerprint(string text)
    {
        var hex = text.Replace(":", "", StringComparison.Ordinal).Trim();
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit)) return null;
        return hex.ToLowerInvariant();
    }
}
