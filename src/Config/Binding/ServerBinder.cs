using Edge.Config.Model;

namespace Edge.Config.Binding;

/// <summary>Binds <c>[server]</c> and <c>[server.limits]</c>.</summary>
internal static class ServerBinder
{
    public static ServerConfig Bind(TableReader? t)
    {
        if (t is null) return ServerConfig.Default;
        var d = ServerConfig.Default;

        EndpointAddress? admin = d.Admin;
        if (t.String("admin") is { } adminText)
        {
            // "off" disables the admin endpoint; anything else must be a bind address.
            admin = adminText == "off" ? null : t.Optional("admin", Kinds.Bind);
        }

        var accessLog = d.AccessLog;
        string? accessLogPath = null;
        switch (t.String("access_log"))
        {
            case null: break;
            case "stdout": accessLog = AccessLogDestination.Stdout; break;
            case "off": accessLog = AccessLogDestination.Off; break;
            case "":
                t.Error("access_log", "bad access log \"\": expected \"stdout\", \"off\" or a file path");
                break;
            case var path:
                accessLog = AccessLogDestination.File;
                accessLogPath = path;
                break;
        }

        return new ServerConfig(
            admin,
            accessLog,
            accessLogPath,
            t.Get("access_log_format", Kinds.AccessLogFormat, d.AccessLogFormat),
            t.Duration("drain_timeout", d.DrainTimeout),
            BindLimits(t.SubTable("limits")));
    }

    private static LimitsConfig BindLimits(TableReader? t)
    {
        var d = LimitsConfig.Default;
        if (t is null) return d;
        return new LimitsConfig(
            t.ByteSize("request_head", d.RequestHead),
            t.ByteSize("request_line", d.RequestLine),
            t.Int("headers", d.Headers, 1, 10_000),
            t.ByteSize("body", d.Body),
            t.Duration("header_timeout", d.HeaderTimeout),
            t.Duration("idle_timeout", d.IdleTimeout),
            t.Int("h2_max_streams", d.H2MaxStreams, 1, 10_000),
            t.ByteSize("h2_header_list", d.H2HeaderList),
            t.Int("max_connections", d.MaxConnections, 1, 10_000_000),
            t.Duration("body_timeout", d.BodyTimeout),
            t.Duration("send_timeout", d.SendTimeout),
            t.Int("h2_max_requests", d.H2MaxRequests, 1, 100_000_000));
    }
}
