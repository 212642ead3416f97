using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.Config.Model;
using Edge.Transport.Tls;

namespace Edge.Snapshot;

/// <summary>
/// Turns a listener's <c>tls</c> table into <see cref="TlsServerSettings"/>: reads the certificate, key
/// and client CA files (relative paths are relative to the config file's directory), checks them, and
/// reports every problem at the key that named the file — so a missing or mismatched file refuses
/// <c>edge check</c>, start-up and a reload with file:line:col like any other config error. Runs on
/// every load and reload, so changed files are picked up even when the config text did not change.
/// </summary>
internal static class ListenerTlsCompiler
{
    /// <summary>
    /// The ALPN id for each listener protocol this build can serve over TLS, in the listener's order
    /// ("h2" and "http/1.1"; h2c is cleartext only, which config validation enforces).
    /// </summary>
    internal static SslApplicationProtocol? Alpn(ListenerProtocol protocol) => protocol switch
    {
        ListenerProtocol.Http1 => SslApplicationProtocol.Http11,
        ListenerProtocol.H2 => SslApplicationProtocol.Http2,
        _ => null,
    };

    public static TlsServerSettings? Compile(ListenerConfig listener, int index, string baseDirectory, List<SnapshotProblem> problems)
    {
        if (listener.Tls is not { } tls) return null;
        var at = $"listeners[{index}].tls";
        var before = problems.Count;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        CertificateWithChain? fallback = null;
        if (tls.Cert is { } cert && tls.Key is { } key)
            fallback = Load(cert, key, $"{at}.cert", $"{at}.key", baseDirectory, hash, problems);

        var named = new List<(string, CertificateWithChain)>();
        var owner = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var c = 0; c < tls.Certificates.Count; c++)
        {
            var entry = tls.Certificates[c];
            var cat = $"{at}.certificates[{c}]";
            var loaded = Load(entry.Cert, entry.Key, $"{cat}.cert", $"{cat}.key", baseDirectory, hash, problems);
            for (var h = 0; h < entry.Hosts.Count; h++)
            {
                var host = entry.Hosts[h];
                if (!owner.TryAdd(host, cat))
                {
                    problems.Add(new($"{cat}.hosts[{h}]", $"host \"{host}\" already has a certificate in {owner[host]}: expected each SNI host in one 'certificates' entry"));
                    continue;
                }
                if (loaded is null) continue;
                WarnIfNotCovered(loaded.Leaf, host, $"{cat}.hosts[{h}]", problems);
                named.Add((host, loaded));
            }
        }

        ClientCertificatePolicy clientAuth = ClientCertificatePolicy.None;
        if (tls.ClientAuth != ClientAuthMode.None && tls.ClientCa is { } ca)
        {
            var authorities = PemFiles.LoadAuthorities(Resolve(ca, baseDirectory), hash, out var error);
            if (authorities is null) problems.Add(new($"{at}.client_ca", error!));
            else clientAuth = ClientCertificatePolicy.Create(tls.ClientAuth == ClientAuthMode.Require ? TlsClientAuth.Require : TlsClientAuth.Optional, authorities);
        }
        else if (tls.ClientAuth == ClientAuthMode.None && tls.ClientCa is not null)
        {
            problems.Add(new($"{at}.client_ca", "client_ca has no effect while client_auth = \"none\": no client certificate is requested") { Warning = true });
        }

        if (problems.Skip(before).Any(p => !p.Warning)) return null;
        var alpn = new List<SslApplicationProtocol>();
        foreach (var protocol in listener.Protocols)
        {
            if (Alpn(protocol) is { } id && !alpn.Contains(id)) alpn.Add(id);
        }
        return TlsServerSettings.Create(fallback, named, clientAuth, alpn, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>Reads one certificate and key pair; a problem is reported at the key of the file at fault.</summary>
    internal static CertificateWithChain? Load(string cert, string key, string certPath, string keyPath, string baseDirectory, IncrementalHash hash, List<SnapshotProblem> problems)
    {
        var loaded = PemFiles.LoadCertificate(Resolve(cert, baseDirectory), Resolve(key, baseDirectory), hash, out var error, out var keyAtFault);
        if (loaded is null)
        {
            problems.Add(new(keyAtFault ? keyPath : certPath, error!));
            return null;
        }
        var now = DateTime.UtcNow;
        if (loaded.Leaf.NotAfter.ToUniversalTime() < now)
            problems.Add(new(certPath, $"the certificate in \"{cert}\" expired on {loaded.Leaf.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC: clients will refuse it") { Warning = true });
        else if (loaded.Leaf.NotBefore.ToUniversalTime() > now)
            problems.Add(new(certPath, $"the certificate in \"{cert}\" is not valid before {loaded.Leaf.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} UTC: clients will refuse it until then") { Warning = true });
        return loaded;
    }

    /// <summary>A certificate served for a host it does not name is refused by every verifying client: say so at load.</summary>
    private static void WarnIfNotCovered(X509Certificate2 leaf, string host, string keyPath, List<SnapshotProblem> problems)
    {
        // A wildcard pattern is checked with one concrete label in its place.
        var probe = host.StartsWith("*.", StringComparison.Ordinal) ? "sni-probe" + host[1..] : host;
        if (!leaf.MatchesHostname(probe, allowWildcards: true, allowCommonName: false))
            problems.Add(new(keyPath, $"the certificate does not name \"{host}\" (subject {leaf.Subject}): clients asking for it will refuse the handshake") { Warning = true });
    }

    internal static string Resolve(string path, string baseDirectory) => Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path);
}
