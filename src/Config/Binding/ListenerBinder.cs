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
            t.List("trusted_proxies", Kinds.Cidr) ?? default,
            BindHttp2(t.SubTable("http2"), limits));
    }

    /// <summary>
    /// <c>[listeners.http2]</c>: each key bounded where it is read (the message names the bound and why);
    /// missing keys take <c>[server.limits]</c> or the defaults (<see cref="ListenerHttp2Config.From"/>).
    /// </summary>
    private static ListenerHttp2Config BindHttp2(TableReader? t, LimitsConfig limits)
    {
        var d = ListenerHttp2Config.From(limits);
        if (t is null) return d;
        var config = new ListenerHttp2Config(
            t.Int("max_concurrent_streams", d.MaxConcurrentStreams, 1, ListenerHttp2Config.MaxConcurrentStreamsLimit),
            t.Int("max_streams_per_connection", d.MaxStreamsPerConnection, 1, ListenerHttp2Config.MaxStreamsPerConnectionLimit),
            Size(t, "header_list_size", d.HeaderListSize, ListenerHttp2Config.MinHeaderListSize, ListenerHttp2Config.MaxHeaderListSize,
                "1KiB (anything smaller refuses ordinary browsers) to 1MiB (decoded lists are held in memory whole)"),
            Size(t, "initial_window_size", d.InitialWindowSize, ListenerHttp2Config.MinInitialWindowSize, ListenerHttp2Config.MaxInitialWindowSize,
                "65535 (RFC 9113's initial window: a client may send that much before it sees our SETTINGS) to 16MiB (request body buffered per stream)"),
            Size(t, "connection_window_size", d.ConnectionWindowSize, ListenerHttp2Config.MinInitialWindowSize, ListenerHttp2Config.MaxConnectionWindowSize,
                "65535 (RFC 9113's initial window) to 256MiB (request body buffered per connection)"),
            Size(t, "max_frame_size", d.MaxFrameSize, ListenerHttp2Config.MinFrameSize, ListenerHttp2Config.MaxFrameSizeLimit,
                "16384 to 16777215 (RFC 9113 §6.5.2)"));
        if (t.Has("connection_window_size") && config.ConnectionWindowSize.Bytes < config.InitialWindowSize.Bytes)
        {
            t.Error("connection_window_size", $"connection_window_size {config.ConnectionWindowSize} is smaller than initial_window_size {config.InitialWindowSize}: " +
                "expected at least one stream's window, or the connection window, not the stream's, would bound every body");
        }
        return config;
    }

    private static ByteSize Size(TableReader t, string key, ByteSize @default, long min, long max, string range)
    {
        var value = t.ByteSize(key, @default);
        if (!t.Has(key) || (value.Bytes >= min && value.Bytes <= max)) return value;
        t.Error(key, $"{key} {value} is out of range: expected {range}");
        return @default;
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
