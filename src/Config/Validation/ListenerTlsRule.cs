using Edge.Config.Model;

namespace Edge.Config.Validation;

/// <summary>Listener protocol and TLS settings that only make sense together.</summary>
internal static class ListenerTlsRule
{
    public static void Check(ValidationContext ctx)
    {
        for (var i = 0; i < ctx.Config.Listeners.Count; i++)
        {
            var l = ctx.Config.Listeners[i];
            var path = ValidationContext.Listener(i);
            // "h2" is HTTP/2 negotiated by ALPN inside TLS (RFC 9113 §3.2); cleartext HTTP/2 is "h2c".
            if (l.Protocols.Contains(ListenerProtocol.H2) && l.Tls is null)
            {
                ctx.Report(path + ".protocols", "protocol \"h2\" requires tls: expected a 'tls' table on this listener, or \"h2c\" for cleartext HTTP/2");
            }
            if (l.Tls is not null && l.Protocols.Contains(ListenerProtocol.H2c))
            {
                ctx.Report(path + ".protocols", "protocol \"h2c\" is cleartext HTTP/2 but this listener has tls: expected \"h2\" instead");
            }
            if (l.H2cUpgrade && !l.Protocols.Contains(ListenerProtocol.H2c))
            {
                ctx.Report(path + ".h2c_upgrade", "h2c_upgrade needs \"h2c\" in protocols: expected protocols to include \"h2c\"");
            }
            if (l.Http2 is not null && !l.Protocols.Contains(ListenerProtocol.H2c) && !l.Protocols.Contains(ListenerProtocol.H2)
                && ctx.Map.Contains(path + ".http2"))
            {
                ctx.Report(path + ".http2", "http2 settings on a listener that serves no HTTP/2: expected protocols to include \"h2c\" or \"h2\", or no 'http2' table");
            }
            if (l.Tls is { ClientAuth: not ClientAuthMode.None, ClientCa: null })
            {
                ctx.Report(path + ".tls.client_auth", "client_auth requires client_ca: expected 'client_ca' with the CA bundle that signs client certificates");
            }
        }
    }
}
