using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Edge.Config;
using Edge.Http;
using Edge.Policies;
using Edge.Snapshot;

namespace Edge.Benchmarks.Policies;

/// <summary>
/// One route's policy chain per operation, on a parsed request, without the protocol or the forward:
/// what <c>security = ["jwt"]</c> adds to a request once its token is cached (hash + compare, time and
/// revocation checks, a scope, one claim to a header, stripping Authorization), and the same with an API
/// key, with CORS + IP rules, and with throttle limits. The exchange's edits are reset each time, as the connection does.
/// </summary>
[MemoryDiagnoser]
public class PolicyChainBenchmarks
{
    private Exchange _jwt = null!;
    private Exchange _jwtBare = null!;
    private Exchange _apiKey = null!;
    private RoutePolicies _jwtPolicies = null!;
    private RoutePolicies _jwtBarePolicies = null!;
    private RoutePolicies _apiKeyPolicies = null!;
    private Exchange _jwtThrottled = null!;
    private RoutePolicies _jwtThrottledPolicies = null!;

    [GlobalSetup]
    public void Setup()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"edge-bench-policies-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(false);
        File.WriteAllText(Path.Combine(directory, "jwks.json"),
            $"{{\"keys\":[{{\"kty\":\"RSA\",\"kid\":\"r\",\"n\":\"{Base64Url.EncodeToString(p.Modulus)}\",\"e\":\"{Base64Url.EncodeToString(p.Exponent)}\"}}]}}");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = $"{{\"iss\":\"https://km.example.com\",\"sub\":\"alice@example.com\",\"aud\":[\"edge\",\"billing\"],\"exp\":{now + 86_400},\"iat\":{now - 60}," +
                     "\"jti\":\"6f1c2d9e-41a7-4b6e-9d3c-0e6b2f0a9c11\",\"scope\":\"openid read:order write:order\",\"tier\":\"Gold\",\"azp\":\"coffee-app\"}";
        var input = Base64Url.EncodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"r\"}"u8) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims));
        var token = input + "." + Base64Url.EncodeToString(rsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        const string Key = "pk_live_4f1c9e2a7b";
        var toml = $$"""
            [server]
            admin = "off"
            access_log = "off"
            [[listeners]]
            bind = "127.0.0.1:18080"
            [[upstreams]]
            name = "u"
            endpoints = ["http://127.0.0.1:19001"]
            [auth.jwt]
            issuers = [{ issuer = "https://km.example.com", jwks = "jwks.json", audiences = ["edge"] }]
            [[auth.api_keys]]
            name = "k"
            sha256 = "{{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key)))}}"
            [throttle.tiers]
            Huge = "1000000000/s"
            Gold = "1000000000/s"
            [[apis]]
            name = "jwt"
            base_path = "/jwt"
            upstream = "u"
            security = ["jwt"]
            scopes = ["read:order"]
            claims_to_headers = { "X-User" = "sub" }
            [[apis]]
            name = "bare"
            base_path = "/bare"
            upstream = "u"
            security = ["jwt"]
            [[apis]]
            name = "key"
            base_path = "/key"
            upstream = "u"
            security = ["api_key"]
            cors = { origins = ["https://app.example"] }
            ip_allow = ["127.0.0.0/8", "10.0.0.0/8"]
            [[apis]]
            name = "throttled"
            base_path = "/throttled"
            upstream = "u"
            security = ["jwt"]
            scopes = ["read:order"]
            claims_to_headers = { "X-User" = "sub" }
            subscription_throttle = true
            rate_limit_headers = true
            throttle = [{ tier = "Huge" }, { tier = "Huge", key = "claim:sub+ip" }]
            """;
        var bytes = Encoding.UTF8.GetBytes(toml);
        var source = Path.Combine(directory, "bench.toml");
        var loaded = ConfigLoader.LoadFromBytes(bytes, source);
        var snapshot = SnapshotCompiler.Compile(loaded.Config!, bytes, source, 1, null, out var problems);
        if (problems.Count > 0) throw new InvalidOperationException(string.Join("\n", problems));
        _jwtPolicies = snapshot.Routes[0].Policies!;
        _jwtBarePolicies = snapshot.Routes[1].Policies!;
        _apiKeyPolicies = snapshot.Routes[2].Policies!;
        _jwtThrottledPolicies = snapshot.Routes[3].Policies!;
        _jwt = Request("/jwt/items/42", ("Authorization", "Bearer " + token));
        _jwtBare = Request("/bare/items/42", ("Authorization", "Bearer " + token));
        _jwtThrottled = Request("/throttled/items/42", ("Authorization", "Bearer " + token));
        _apiKey = Request("/key/items/42", ("apikey", Key), ("Origin", "https://app.example"));
        if (Jwt() != 0 || JwtBare() != 0 || ApiKeyCorsIp() != 0 || JwtThrottle() != 0) throw new InvalidOperationException("setup: not allowed");
    }

    private static Exchange Request(string path, params (string Name, string Value)[] fields)
    {
        var head = new HttpRequestHead();
        head.SetRequestLine("GET"u8, KnownMethod.Get, Encoding.ASCII.GetBytes(path), Edge.Http.HttpVersion.Http11);
        head.AddHeader("Host"u8, "api.example.com"u8);
        head.AddHeader("User-Agent"u8, "bench"u8);
        head.AddHeader("Accept"u8, "*/*"u8);
        foreach (var (name, value) in fields) head.AddHeader(Encoding.ASCII.GetBytes(name), Encoding.ASCII.GetBytes(value));
        return new Exchange(head) { RemoteEndPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 50000) };
    }

    private static int Run(RoutePolicies policies, Exchange exchange)
    {
        exchange.ResetResults();
        return (int)policies.Evaluate(exchange, out _);
    }

    /// <summary>Cached RS256 token + scope + claim header + strip.</summary>
    [Benchmark(Baseline = true)]
    public int Jwt() => Run(_jwtPolicies, _jwt);

    /// <summary>Cached RS256 token + strip only.</summary>
    [Benchmark]
    public int JwtBare() => Run(_jwtBarePolicies, _jwtBare);

    /// <summary>
    /// <see cref="Jwt"/> plus three limits that never refuse — an API bucket, a table keyed by subject +
    /// client address, the subscription tier from the token's claim — and the RateLimit fields on the response.
    /// </summary>
    [Benchmark]
    public int JwtThrottle() => Run(_jwtThrottledPolicies, _jwtThrottled);

    /// <summary>IP allow list, CORS response fields, API key (SHA-256 + lookup) + strip.</summary>
    [Benchmark]
    public int ApiKeyCorsIp() => Run(_apiKeyPolicies, _apiKey);
}
