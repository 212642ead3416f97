using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.Config.Model;
using Edge.Transport.Tls;

namespace Edge.Snapshot;

/// <summary>
/// Turns an upstream's <c>tls</c> table (and its https:// endpoints) into <see cref="TlsClientSettings"/>:
/// reads the CA bundle and the client certificate (relative paths from the config file's directory),
/// reports file problems at their key, and warns — loudly, every load — when verification is off.
/// An upstream with https:// endpoints and no <c>tls</c> table verifies against the system store.
/// </summary>
internal static class UpstreamTlsCompiler
{
    /// <summary>
    /// The ALPN ids offered by an upstream's HTTP/1.1 connections: http/1.1 whatever the protocol (an h2 or
    /// auto upstream still uses HTTP/1.1 for WebSocket upgrades, and auto after the peer chose http/1.1).
    /// </summary>
    internal static IReadOnlyList<SslApplicationProtocol> Alpn(UpstreamProtocol protocol) => [SslApplicationProtocol.Http11];

    /// <summary>
    /// The ALPN ids offered by an upstream's HTTP/2 connections: h2 only for "h2" (the peer must select it),
    /// h2 then http/1.1 for "auto" (the peer chooses); null for protocols that never open one over TLS.
    /// </summary>
    internal static List<SslApplicationProtocol>? H2Alpn(UpstreamProtocol protocol) => protocol switch
    {
        UpstreamProtocol.H2 => [SslApplicationProtocol.Http2],
        UpstreamProtocol.Auto => [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
        _ => null,
    };

    public static TlsClientSettings? Compile(UpstreamConfig upstream, int index, string baseDirectory, TlsFailureLog? log, List<SnapshotProblem> problems)
    {
        var anyHttps = upstream.Endpoints.Any(e => e.Url.IsHttps) || upstream.Failover.Any(e => e.Url.IsHttps);
        var at = $"upstreams[{index}].tls";
        var tls = upstream.Tls;
        if (!anyHttps)
        {
            if (tls is not null)
                problems.Add(new(at, "no endpoint of this upstream is https://, so 'tls' has no effect") { Warning = true });
            return null;
        }
        tls ??= new UpstreamTlsConfig(null, null, null, null, Verify: true);
        var before = problems.Count;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        X509Certificate2Collection? authorities = null;
        if (!tls.Verify)
        {
            problems.Add(new($"{at}.verify", "verify = false: the upstream's certificate is NOT checked, so anyone on the network path can impersonate it; use 'ca' with the upstream's CA instead") { Warning = true });
            if (tls.Ca is not null) problems.Add(new($"{at}.ca", "ca has no effect while verify = false") { Warning = true });
        }
        else if (tls.Ca is { } ca)
        {
            authorities = PemFiles.LoadAuthorities(ListenerTlsCompiler.Resolve(ca, baseDirectory), hash, out var error);
            if (authorities is null) problems.Add(new($"{at}.ca", error!));
        }

        CertificateWithChain? client = null;
        if (tls.Cert is { } cert && tls.Key is { } key)
            client = ListenerTlsCompiler.Load(cert, key, $"{at}.cert", $"{at}.key", baseDirectory, hash, problems);

        if (problems.Skip(before).Any(p => !p.Warning)) return null;
        return new TlsClientSettings(authorities, tls.Verify, client, tls.Sni, Alpn(upstream.Protocol),
            Convert.ToHexStringLower(hash.GetHashAndReset()), log);
    }
}
