using Edge.Config.Model;
using Edge.Config.Toml;

namespace Edge.Config.Binding;

/// <summary>Binds one <c>[[upstreams]]</c> entry.</summary>
internal static class UpstreamBinder
{
    public static UpstreamConfig Bind(TableReader t)
    {
        var name = t.RequiredString("name");
        var endpoints = Endpoints(t, "endpoints");
        if (!t.Has("endpoints")) t.MissingRequired("endpoints");
        else if (t.Table.TryGet("endpoints", out var raw) && raw is TomlArray { Count: 0 })
        {
            // Only an array that is empty as written; one whose items were all bad has already been reported.
            t.Error("endpoints", "empty endpoint list: expected at least one URL");
        }

        var hostHeader = HostHeaderMode.Endpoint;
        string? hostHeaderValue = null;
        switch (t.String("host_header"))
        {
            case null or "endpoint": break;
            case "preserve": hostHeader = HostHeaderMode.Preserve; break;
            case var literal when HostName.IsValid(literal) || EndpointAddress.TryParse(literal, out _):
                hostHeader = HostHeaderMode.Literal;
                hostHeaderValue = literal;
                break;
            case var bad:
                t.Error("host_header", $"bad host_header \"{bad}\": expected \"endpoint\", \"preserve\", or a host name with an optional port (e.g. \"api.example.com\" or \"api.example.com:8443\")");
                break;
        }

        return new UpstreamConfig(
            name,
            endpoints ?? default,
            Endpoints(t, "failover") ?? default,
            t.Get("balance", Kinds.Balance, BalancePolicy.RoundRobin),
            t.Get("protocol", Kinds.UpstreamProtocol, UpstreamProtocol.Http1),
            hostHeader,
            hostHeaderValue,
            t.Duration("connect_timeout", Duration.FromSeconds(5)),
            t.Duration("response_timeout", Duration.FromSeconds(30)),
            t.Duration("idle_timeout", Duration.FromSeconds(60)),
            BindPool(t.SubTable("pool")),
            BindHealth(t.SubTable("health")),
            BindPassive(t.SubTable("passive")),
            BindRetries(t.SubTable("retries")),
            BindTls(t.SubTable("tls")));
    }

    /// <summary>Each item is a URL string or <c>{ url, weight }</c>; bad items are reported and skipped.</summary>
    private static ValueList<UpstreamEndpointConfig>? Endpoints(TableReader t, string key)
    {
        var items = t.Items(key);
        if (items is null) return null;
        var result = new List<UpstreamEndpointConfig>();
        foreach (var (node, path) in items)
        {
            if (node is TomlTable table)
            {
                var e = t.Context.Reader(table, path.ToString());
                var url = e.Required("url", Kinds.Url);
                var weight = e.Int("weight", 1, 1, 1000);
                if (url is { } u) result.Add(new UpstreamEndpointConfig(u, weight));
            }
            else if (node is TomlValue { Kind: TomlValueKind.String })
            {
                if (t.Context.TryRead(node, path, Kinds.Url, out var url)) result.Add(new UpstreamEndpointConfig(url, 1));
            }
            else
            {
                t.Context.TypeError(node, path, "a URL string or a table { url, weight }");
            }
        }
        return ValueList.From(result);
    }

    private static PoolConfig BindPool(TableReader? t)
    {
        var d = PoolConfig.Default;
        return t is null ? d : new PoolConfig(t.Int("max_connections", d.MaxConnections, 1, 100_000), t.Duration("idle_timeout", d.IdleTimeout));
    }

    private static HealthCheckConfig? BindHealth(TableReader? t)
    {
        if (t is null) return null;
        var path = t.RequiredString("path");
        if (path.Length > 0 && !path.StartsWith('/')) t.Error("path", $"bad health path \"{path}\": expected a path starting with \"/\"");
        return new HealthCheckConfig(
            path,
            t.Duration("interval", Duration.FromSeconds(5)),
            t.Duration("timeout", Duration.FromSeconds(2)),
            t.Int("healthy", 2, 1, 100),
            t.Int("unhealthy", 3, 1, 100));
    }

    private static PassiveHealthConfig BindPassive(TableReader? t)
    {
        var d = PassiveHealthConfig.Default;
        return t is null ? d : new PassiveHealthConfig(t.Int("consecutive_failures", d.ConsecutiveFailures, 1, 1000), t.Duration("eject", d.Eject));
    }

    private static RetryConfig BindRetries(TableReader? t)
    {
        var d = RetryConfig.Default;
        return t is null ? d : new RetryConfig(
            t.Int("count", d.Count, 0, 10),
            t.Float("budget", d.Budget, 0, 1),
            t.Bool("non_idempotent", d.NonIdempotent));
    }

    private static UpstreamTlsConfig? BindTls(TableReader? t)
    {
        if (t is null) return null;
        var cert = t.String("cert");
        var key = t.String("key");
        if (cert is not null && key is null) t.MissingRequired("key");
        if (key is not null && cert is null) t.MissingRequired("cert");
        var sni = t.Has("sni") ? t.Get("sni", Kinds.Host, "") : null;
        return new UpstreamTlsConfig(t.String("ca"), cert, key, string.IsNullOrEmpty(sni) ? null : sni, t.Bool("verify", true));
    }
}
