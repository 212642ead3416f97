using System.Net;
using System.Text;
using Edge.Http;
using Edge.Policies;
using Edge.Security.Basic;
using Edge.Snapshot;
using Edge.Tests.Security;
using Edge.Tests.TestKit;

namespace Edge.Tests.Policies;

/// <summary>
/// Snapshots compiled from TOML in a temp directory (with the standard test JWKS beside it, and a manual
/// clock at <see cref="TestTokens.Now"/>), and requests built by hand, to run a route's chain directly.
/// </summary>
internal sealed class PolicyKit : IDisposable
{
    public const string ApiKey = "k-3f9a1c0e7b";
    public const string AlicePassword = "wonderland";

    /// <summary>Low iterations: same algorithm and format, fast tests.</summary>
    public static readonly string AliceHash = Pbkdf2Hash.Create(Encoding.UTF8.GetBytes(AlicePassword), 1000).Format();

    public static string ApiKeyDigest => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(ApiKey)));

    public PolicyKit()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"edge-policy-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, "jwks.json"), TestTokens.StandardJwks());
        Time = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(TestTokens.Now));
    }

    public string Directory { get; }

    public ManualTimeProvider Time { get; }

    /// <summary>[server], a listener, an upstream "u", [auth] with the test issuer, one API key and user alice; then <paramref name="apis"/>.</summary>
    public static string Config(string apis, string auth = "") => $$"""
        [server]
        admin = "off"
        access_log = "off"
        [[listeners]]
        bind = "127.0.0.1:18080"
        [[upstreams]]
        name = "u"
        endpoints = ["http://127.0.0.1:9001"]
        [auth]
        basic_cache_size = 100
        {{auth}}
        [auth.jwt]
        issuers = [{ issuer = "{{TestTokens.Issuer}}", jwks = "jwks.json", audiences = ["edge"] }]
        [[auth.api_keys]]
        name = "partner"
        sha256 = "{{ApiKeyDigest}}"
        [[auth.basic_users]]
        name = "alice"
        hash = "{{AliceHash}}"

        {{apis}}
        """;

    public RuntimeSnapshot Load(string toml, RuntimeSnapshot? previous = null)
    {
        var path = Path.Combine(Directory, "edge.toml");
        File.WriteAllText(path, toml);
        var result = SnapshotLoader.Load(Encoding.UTF8.GetBytes(toml), path, (previous?.Generation ?? 0) + 1, previous, time: Time);
        Assert.True(result.Snapshot is not null, string.Join("\n", result.Errors));
        return result.Snapshot!;
    }

    public IReadOnlyList<string> Errors(string toml)
    {
        var path = Path.Combine(Directory, "edge.toml");
        var result = SnapshotLoader.Load(Encoding.UTF8.GetBytes(toml), path, 1, null, time: Time);
        Assert.Null(result.Snapshot);
        return result.Errors;
    }

    /// <summary>A parsed request: "GET /a/x?q=1" plus "Name: value" fields.</summary>
    public static Exchange Request(string requestLine, params string[] fields) => Request(requestLine, IPAddress.Loopback, fields);

    public static Exchange Request(string requestLine, IPAddress? peer, params string[] fields)
    {
        var head = new HttpRequestHead();
        var parts = requestLine.Split(' ');
        var method = Encoding.ASCII.GetBytes(parts[0]);
        head.SetRequestLine(method, KnownMethods.Classify(method), Encoding.ASCII.GetBytes(parts[1]), Edge.Http.HttpVersion.Http11);
        head.AddHeader("Host"u8, "a"u8);
        foreach (var f in fields)
        {
            var colon = f.IndexOf(':', StringComparison.Ordinal);
            head.AddHeader(Encoding.ASCII.GetBytes(f[..colon]), Encoding.UTF8.GetBytes(f[(colon + 1)..].Trim()));
        }
        return new Exchange(head) { RemoteEndPoint = peer is null ? null : new IPEndPoint(peer, 50000) };
    }

    /// <summary>The route's chain, run as the gateway runs it (Basic's slow half included).</summary>
    public static PolicyVerdict Run(RuntimeSnapshot snapshot, Exchange exchange, int route = 0)
    {
        var policies = snapshot.Routes[route].Policies;
        Assert.NotNull(policies);
        var verdict = policies!.Evaluate(exchange, out var pending);
        if (verdict == PolicyVerdict.VerifyBasic) verdict = policies.CompleteBasicAsync(exchange, pending).AsTask().GetAwaiter().GetResult();
        return verdict;
    }

    public static string Added(HeaderEdits edits, string name)
    {
        for (var i = 0; i < edits.AddedCount; i++)
        {
            if (Encoding.ASCII.GetString(edits.AddedName(i)).Equals(name, StringComparison.OrdinalIgnoreCase))
                return Encoding.UTF8.GetString(edits.AddedValue(i));
        }
        return "(absent)";
    }

    public static bool Removed(HeaderEdits edits, string name) => edits.IsRemoved(Encoding.ASCII.GetBytes(name));

    public static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // temp
        }
    }
}
