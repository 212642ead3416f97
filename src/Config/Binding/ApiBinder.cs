using Edge.Config.Model;
using Edge.Config.Toml;

namespace Edge.Config.Binding;

/// <summary>Binds one <c>[[apis]]</c> entry; resources are bound by <see cref="ResourceBinder"/>.</summary>
internal static class ApiBinder
{
    private static readonly ValueList<SecurityScheme> NoSecurity = ValueList.Of(SecurityScheme.None);

    public static ApiConfig Bind(TableReader t)
    {
        var name = t.RequiredString("name");
        var basePath = t.RequiredText("base_path", Kinds.BasePath);
        var rewrite = t.Has("rewrite") ? t.Get("rewrite", Kinds.BasePath, "") : t.String("rewrite");

        var readers = t.ArrayOfTables("resources");
        var resources = readers.Count == 0 ? [] : new ResourceConfig[readers.Count];
        for (var i = 0; i < resources.Length; i++) resources[i] = ResourceBinder.Bind(readers[i]);

        return new ApiConfig(
            name,
            basePath,
            t.List("hosts", Kinds.HostPattern) ?? default,
            t.String("upstream"),
            Security(t) ?? NoSecurity,
            t.StringList("scopes"),
            t.Get("scopes_mode", Kinds.ScopesMode, ScopesMode.Any),
            ThrottleBinder.BindPolicies(t, "throttle") ?? default,
            t.Get("errors", Kinds.Errors, ErrorFormat.Json),
            rewrite,
            BindCors(t.SubTable("cors")),
            t.List("ip_allow", Kinds.Cidr) ?? default,
            t.List("ip_deny", Kinds.Cidr) ?? default,
            ClaimsToHeaders(t.SubTable("claims_to_headers")),
            t.Bool("jwt_assertion", false),
            t.Bool("keep_authorization", false),
            t.Has("authorization_header") ? t.Get("authorization_header", Kinds.HeaderName, "") : t.String("authorization_header"),
            BindApiKey(t.SubTable("api_key")),
            BindMtls(t.SubTable("mtls")),
            t.Bool("websocket", false),
            t.Optional("body_limit", Kinds.ByteSize),
            ValueList<ResourceConfig>.Wrap(resources))
        {
            RateLimitHeaders = t.Bool("rate_limit_headers", false),
            SubscriptionThrottle = t.Bool("subscription_throttle", false),
        };
    }

    /// <summary>The security list; "none" means anonymous access and cannot be mixed with real schemes.</summary>
    internal static ValueList<SecurityScheme>? Security(TableReader t)
    {
        var list = t.List("security", Kinds.Security);
        if (list is { } l)
        {
            if (l.IsEmpty) t.Error("security", "empty security list: expected at least one of \"jwt\", \"basic\", \"api_key\", \"mtls\" or [\"none\"]");
            else if (l.Count > 1 && l.Contains(SecurityScheme.None)) t.Error("security", "\"none\" cannot be combined with other schemes: use [\"none\"] alone for anonymous access");
        }
        return list;
    }

    private static CorsConfig? BindCors(TableReader? t)
    {
        if (t is null) return null;
        return new CorsConfig(
            t.StringList("origins"),
            t.List("methods", Kinds.Method) ?? default,
            t.List("headers", Kinds.HeaderName) ?? default,
            t.List("expose", Kinds.HeaderName) ?? default,
            t.Bool("credentials", false),
            t.Duration("max_age", new Duration(600_000)));
    }

    /// <summary>A table of header name → claim name; keys are user data, checked as header names.</summary>
    private static ValueList<NameValue> ClaimsToHeaders(TableReader? t)
    {
        if (t is null) return default;
        t.AcceptAllKeys();
        var result = new List<NameValue>();
        foreach (var key in t.Table.Keys)
        {
            if (!Kinds.IsToken(key))
            {
                t.Context.Error(t.Table.KeyPosition(key), t.PathOf(key), $"bad header name \"{key}\": {Kinds.HeaderName.Expected}");
                continue;
            }
            if (t.String(key) is { } claim) result.Add(new NameValue(key, claim));
        }
        return ValueList.From(result);
    }

    private static ApiKeyLocation BindApiKey(TableReader? t)
    {
        var d = ApiKeyLocation.Default;
        return t is null ? d : new ApiKeyLocation(t.Get("header", Kinds.HeaderName, d.Header), t.String("query"));
    }

    private static MtlsConfig? BindMtls(TableReader? t) =>
        t is null ? null : new MtlsConfig(t.StringList("subjects"), t.StringList("fingerprints"));
}
