using Edge.Config.Model;

namespace Edge.Config.Binding;

/// <summary>Binds one <c>[[listeners]]</c> entry and its <c>tls</c> table.</summary>
internal static class ListenerBinder
{
    private static readonly ValueList<ListenerProtocol> DefaultProtocols = ValueList.Of(ListenerProtocol.Http1);

    public static ListenerConfig Bind(TableReader t, LimitsConfig limits)
    {
        var bindText = t.RawString("bind");
        var bind = t.Required("bind", Kinds.Bind) ?? new EndpointAddress("", 0); // placeholder; the error is reported
        var protocols = t.List("protocols", Kinds.ListenerProtocol) ?? DefaultProtocols;
        if (protocols.IsEmpty) t.Error("protocols", "empty protocol list: expected at least one of \"http1\", \"h2c\", \"h2\"");

        return new ListenerConfig(
            t.String("name") ?? bindText ?? "",
            bind,
            protocols,
            BindTls(t.SubTable("tls")),
            t.Int("max_connections", limits.MaxConnections, 1, 10_000_000),
            t.Bool("h2c_upgrade", false),
            t.List("ip_allow", Kinds.Cidr) ?? default,
            t.List("ip_deny", Kinds.Cidr) ?? default,
            t.List("trusted_proxies", Kinds.Cidr) ?? default);
    }

    private static ListenerTlsConfig? BindTls(TableReader? t)
    {
        if (t is null) return null;
        var cert = t.String("cert");
        var key = t.String("key");
        var certificates = new List<SniCertificateConfig>();
        foreach (var c in t.ArrayOfTables("certificates"))
        {
            var hosts = c.List("hosts", Kinds.HostPattern);
            if (hosts is null) c.MissingRequired("hosts");
            certificates.Add(new SniCertificateConfig(c.RequiredString("cert"), c.RequiredString("key"), hosts ?? default));
        }
        // A default certificate needs both halves; without one, SNI certificates must cover every client.
        if (cert is null && key is null && certificates.Count == 0) t.MissingRequired("cert");
        else if (cert is not null && key is null) t.MissingRequired("key");
        else if (cert is null && key is not null) t.MissingRequired("cert");

        return new ListenerTlsConfig(
            cert,
            key,
            t.Get("client_auth", Kinds.ClientAuth, ClientAuthMode.None),
            t.String("client_ca"),
            ValueList.From(certificates));
    }
}
