using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Edge.Config;
using Edge.Http;
using Edge.Http1;
using Edge.Observability;
using Edge.Snapshot;
using Edge.Transport;

namespace Edge.Benchmarks.EndToEnd;

/// <summary>
/// The whole HTTP/1.1 proxy path in memory (no sockets): a client request is parsed by the server
/// connection, routed through a snapshot compiled from TOML, forwarded over a pooled upstream connection,
/// and the upstream's response is parsed and written back. One operation = one request and its full
/// response. This is the per-request cost of Edge's own code; the target is 0 B allocated.
/// <see cref="ForwardWithJwt"/> is the same forward on a route with <c>security = ["jwt"]</c>, a repeated
/// (cached) ~900-byte RS256 token, a scope check and a claim to a header: the policy chain's share of a
/// request (DESIGN.md §5: JWT cached under 10 % more CPU than a bare route).
/// </summary>
[MemoryDiagnoser]
public class ForwardBenchmarks
{
    /// <summary>
    /// The listener honours <c>Upgrade: h2c</c> (<c>h2c_upgrade = true</c>): every HTTP/1.1 request then passes
    /// <c>H2cUpgradeCheck</c>, which must cost a plain request nothing (it stops at the framing's upgrade flag).
    /// </summary>
    [Params(false, true)]
    public bool H2cUpgradeListener { get; set; }

    private const string Toml = """
        [server]
        admin = "off"
        access_log = "off"
        [[listeners]]
        bind = "127.0.0.1:18080"
        [[upstreams]]
        name = "backend"
        endpoints = ["http://127.0.0.1:19001/api"]
        [auth.jwt]
        issuers = [{ issuer = "https://km.example.com", jwks = "bench-jwks.json", audiences = ["edge"] }]
        [[apis]]
        name = "secure"
        base_path = "/secure/v1"
        upstream = "backend"
        security = ["jwt"]
        scopes = ["read:order"]
        claims_to_headers = { "X-User" = "sub" }
          [[apis.resources]]
          path = "/items/{id}"
          methods = ["GET"]
        [throttle.tiers]
        Huge = "1000000000/s"
        [[apis]]
        name = "limited"
        base_path = "/limited/v1"
        upstream = "backend"
        throttle = [{ tier = "Huge" }, { tier = "Huge", key = "ip+header:user-agent" }]
          [[apis.resources]]
          path = "/items/{id}"
          methods = ["GET"]
        [[apis]]
        name = "secure-limited"
        base_path = "/secure-limited/v1"
        upstream = "backend"
        security = ["jwt"]
        scopes = ["read:order"]
        claims_to_headers = { "X-User" = "sub" }
        subscription_throttle = true
        throttle = [{ tier = "Huge" }, { tier = "Huge", key = "claim:sub" }]
          [[apis.resources]]
          path = "/items/{id}"
          methods = ["GET"]
        [[apis]]
        name = "bench"
        base_path = "/bench/v1"
        upstream = "backend"
          [[apis.resources]]
          path = "/items/{id}"
          methods = ["GET"]
          [[apis.resources]]
          path = "/menu"
          methods = ["GET"]
          respond = { status = 200, json = '{"items":["espresso"]}' }
        """;

    private static readonly byte[] ForwardRequest = "GET /bench/v1/items/42?x=1 HTTP/1.1\r\nHost: api.example.com\r\nUser-Agent: bench\r\nAccept: */*\r\n\r\n"u8.ToArray();
    /// <summary>The forward with a client request id and a W3C trace context to continue (tracestate passed on).</summary>
    private static readonly byte[] TracedRequest = "GET /bench/v1/items/42?x=1 HTTP/1.1\r\nHost: api.example.com\r\nUser-Agent: bench\r\nAccept: */*\r\nX-Request-Id: 6f1c2d9e-41a7-4b6e-9d3c-0e6b2f0a9c11\r\ntraceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\ntracestate: congo=t61rcWkgMzE\r\n\r\n"u8.ToArray();
    private static readonly byte[] ThrottledRequest = "GET /limited/v1/items/42?x=1 HTTP/1.1\r\nHost: api.example.com\r\nUser-Agent: bench\r\nAccept: */*\r\n\r\n"u8.ToArray();
    private static readonly byte[] DirectRequest = "GET /bench/v1/menu HTTP/1.1\r\nHost: api.example.com\r\nUser-Agent: bench\r\nAccept: */*\r\n\r\n"u8.ToArray();

    private InMemoryTransport _client = null!;
    private int _forwardResponseLength;
    private int _directResponseLength;
    private int _tracedResponseLength;
    private int _jwtResponseLength;
    private byte[] _jwtRequest = null!;
    private byte[] _bearerRequest = null!;
    private int _bearerResponseLength;
    private int _throttledResponseLength;
    private byte[] _jwtThrottledRequest = null!;
    private int _jwtThrottledResponseLength;

    [GlobalSetup]
    public void Setup()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"edge-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(false);
        File.WriteAllText(Path.Combine(directory, "bench-jwks.json"),
            $"{{\"keys\":[{{\"kty\":\"RSA\",\"kid\":\"r\",\"n\":\"{Base64Url.EncodeToString(p.Modulus)}\",\"e\":\"{Base64Url.EncodeToString(p.Exponent)}\"}}]}}");
        // A typical access token, ~900 bytes as RS256, valid for a day.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = $"{{\"iss\":\"https://km.example.com\",\"sub\":\"alice@example.com\",\"aud\":[\"edge\",\"billing\"],\"exp\":{now + 86_400},\"iat\":{now - 60}," +
                     "\"jti\":\"6f1c2d9e-41a7-4b6e-9d3c-0e6b2f0a9c11\",\"scope\":\"openid read:order write:order\",\"tier\":\"Gold\",\"azp\":\"coffee-app\"}";
        var input = Base64Url.EncodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"r\"}"u8) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims));
        var token = input + "." + Base64Url.EncodeToString(rsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        _jwtRequest = Encoding.ASCII.GetBytes($"GET /secure/v1/items/42?x=1 HTTP/1.1\r\nHost: api.example.com\r\nUser-Agent: bench\r\nAccept: */*\r\nAuthorization: Bearer {token}\r\n\r\n");
        _jwtThrottledRequest = Encoding.ASCII.GetBytes($"GET /secure-limited/v1/items/42?x=1 HTTP/1.1\r\nHost: api.example.com\r\nUser-Agent: bench\r\nAccept: */*\r\nAuthorization: Bearer {token}\r\n\r\n");
        _bearerRequest = Encoding.ASCII.GetBytes($"GET /bench/v1/items/42?x=1 HTTP/1.1\r\nHost: api.example.com\r\nUser-Agent: bench\r\nAccept: */*\r\nAuthorization: Bearer {token}\r\n\r\n");

        var bytes = Encoding.UTF8.GetBytes(Toml);
        var source = Path.Combine(directory, "bench.toml");
        var loaded = ConfigLoader.LoadFromBytes(bytes, source);
        var snapshot = SnapshotCompiler.Compile(loaded.Config ?? throw new InvalidOperationException(string.Join("\n", loaded.Diagnostics)),
            bytes, source, 1, null, out var problems);
        if (problems.Count > 0) throw new InvalidOperationException(string.Join("\n", problems));
        foreach (var endpoint in snapshot.Clusters["backend"].Endpoints)
        {
            endpoint.Connector = ct =>
            {
                var (edgeSide, upstreamSide) = InMemoryTransport.CreatePair();
                _ = InMemoryUpstream.ServeAsync(upstreamSide);
                return ValueTask.FromResult<ITransport>(edgeSide);
            };
        }
        var handler = new GatewayHandler(new SnapshotHolder(snapshot), AccessLog.Disabled());
        var (client, server) = InMemoryTransport.CreatePair();
        _client = client;
        var connection = new Http1ServerConnection(server, handler, new HttpServerOptions { H2cUpgrade = H2cUpgradeListener });
        _ = connection.ProcessAsync();
        _forwardResponseLength = MeasureResponse(ForwardRequest);
        _directResponseLength = MeasureResponse(DirectRequest);
        _tracedResponseLength = MeasureResponse(TracedRequest);
        _jwtResponseLength = MeasureResponse(_jwtRequest); // verifies the token once: later requests hit the cache
        _bearerResponseLength = MeasureResponse(_bearerRequest);
        _throttledResponseLength = MeasureResponse(ThrottledRequest);
        _jwtThrottledResponseLength = MeasureResponse(_jwtThrottledRequest);
    }

    /// <summary>One round trip, measuring how many bytes a full response is (its Date field has a fixed length).</summary>
    private int MeasureResponse(byte[] request)
    {
        _client.Output.Write(request);
        _client.Output.FlushAsync().AsTask().GetAwaiter().GetResult();
        Thread.Sleep(200);
        if (!_client.Input.TryRead(out var result)) throw new InvalidOperationException("no response");
        var text = Encoding.ASCII.GetString(result.Buffer.ToArray());
        if (!text.StartsWith("HTTP/1.1 200", StringComparison.Ordinal)) throw new InvalidOperationException(text);
        var length = (int)result.Buffer.Length;
        _client.Input.AdvanceTo(result.Buffer.End);
        return length;
    }

    [Benchmark(Baseline = true)]
    public ValueTask ForwardToUpstream() => RoundTripAsync(ForwardRequest, _forwardResponseLength);

    /// <summary>The forward continuing a client's trace: request id kept, traceparent re-parented, tracestate passed on (every request carries generated ones otherwise).</summary>
    [Benchmark]
    public ValueTask ForwardWithTraceContext() => RoundTripAsync(TracedRequest, _tracedResponseLength);

    [Benchmark]
    public ValueTask DirectResponse() => RoundTripAsync(DirectRequest, _directResponseLength);

    /// <summary>The forward behind <c>security = ["jwt"]</c>: cached token, scope check, one claim header.</summary>
    [Benchmark]
    public ValueTask ForwardWithJwt() => RoundTripAsync(_jwtRequest, _jwtResponseLength);

    /// <summary>The same request, token included, on a route without policies: the token's bytes cost to parse and forward; the difference to <see cref="ForwardWithJwt"/> is the chain.</summary>
    [Benchmark]
    public ValueTask ForwardBearerNoPolicy() => RoundTripAsync(_bearerRequest, _bearerResponseLength);

    /// <summary>The plain forward with two limits that never refuse: an API-wide bucket and a table keyed by client address + User-Agent.</summary>
    [Benchmark]
    public ValueTask ForwardWithThrottle() => RoundTripAsync(ThrottledRequest, _throttledResponseLength);

    /// <summary><see cref="ForwardWithJwt"/> plus an API bucket, a per-subject table and the subscription tier from the token's claim (DESIGN.md §5: JWT + throttle).</summary>
    [Benchmark]
    public ValueTask ForwardWithJwtAndThrottle() => RoundTripAsync(_jwtThrottledRequest, _jwtThrottledResponseLength);

    private async ValueTask RoundTripAsync(byte[] request, int responseLength)
    {
        var output = _client.Output;
        output.Write(request);
        await output.FlushAsync().ConfigureAwait(false);
        var input = _client.Input;
        var remaining = responseLength;
        while (remaining > 0)
        {
            var result = await input.ReadAsync().ConfigureAwait(false);
            var take = (int)Math.Min(remaining, result.Buffer.Length);
            remaining -= take;
            input.AdvanceTo(result.Buffer.GetPosition(take));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _client.Output.Complete();
}
