using System.Net;
using System.Net.Sockets;
using Edge.Config.Model;
using Edge.Upstream;
using Edge.Upstream.Health;

namespace Edge.Snapshot;

/// <summary>
/// Builds the runtime endpoints of one upstream: Host field, path prefix, weight, health, and the
/// address resolved once at load through the injected <see cref="HostResolver"/>. A host that does not
/// resolve is not a config error — DNS may be down for a moment — so it becomes a warning at the URL's
/// file:line:col and an endpoint held out of rotation (its requests never wait on a connect; when no
/// endpoint of the upstream is left, requests get 503 at once). The next reload resolves again.
/// </summary>
internal readonly struct EndpointBuilder(HostResolver resolver, List<SnapshotProblem> problems, string upstreamPath)
{
    public UpstreamEndpoint Build(UpstreamEndpointConfig config, UpstreamPoolOptions options, PassiveHealthOptions passive, string keyPath,
        UpstreamProtocol protocol = UpstreamProtocol.Http1)
    {
        var url = config.Url;
        var defaultPort = url.IsHttps ? 443 : 80;
        var hostText = url.Host.Contains(':') ? "[" + url.Host + "]" : url.Host;
        var hostHeader = url.Port == defaultPort ? hostText : hostText + ":" + url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var address = Resolve(resolver, url.Host, url.Port);
        if (address is null)
        {
            problems.Add(new SnapshotProblem($"{upstreamPath}.{keyPath}",
                $"host \"{url.Host}\" did not resolve; the endpoint takes no traffic until a reload resolves it") { Warning = true });
        }
        var health = new EndpointHealth(passive);
        if (address is null) health.MarkUnresolved();
        return new UpstreamEndpoint(url.ToString(), address, hostHeader, url.Path, options)
        {
            Weight = config.Weight,
            Health = health,
            Tls = url.IsHttps ? options.Tls?.ForHost(url.Host) : null,
            Protocol = protocol switch
            {
                UpstreamProtocol.H2c => UpstreamWireProtocol.H2c,
                UpstreamProtocol.H2 => UpstreamWireProtocol.H2,
                UpstreamProtocol.Auto => UpstreamWireProtocol.Auto,
                _ => UpstreamWireProtocol.Http1,
            },
            H2Tls = url.IsHttps && UpstreamTlsCompiler.H2Alpn(protocol) is { } alpn ? options.Tls?.ForHost(url.Host, alpn) : null,
        };
    }

    /// <summary>
    /// True when every endpoint of <paramref name="cluster"/> (built from <paramref name="upstream"/>) still
    /// resolves to the address it has, so its pools may be kept; a moved or newly resolvable name rebuilds it.
    /// </summary>
    public static bool SameAddresses(UpstreamCluster cluster, UpstreamConfig upstream, HostResolver resolver)
    {
        return Same(cluster.Endpoints, upstream.Endpoints) && Same(cluster.Failover, upstream.Failover);

        bool Same(IReadOnlyList<UpstreamEndpoint> built, IReadOnlyList<UpstreamEndpointConfig> configured)
        {
            for (var i = 0; i < built.Count; i++)
            {
                var address = built[i].Address;
                if (address is null || !address.Equals(Resolve(resolver, configured[i].Url.Host, configured[i].Url.Port))) return false;
            }
            return true;
        }
    }

    /// <summary>IP literals need no lookup; for names IPv4 is preferred when both families resolve.</summary>
    public static IPEndPoint? Resolve(HostResolver resolver, string host, int port)
    {
        if (IPAddress.TryParse(host, out var ip)) return new IPEndPoint(ip, port);
        var addresses = resolver(host);
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
        return chosen is null ? null : new IPEndPoint(chosen, port);
    }
}
