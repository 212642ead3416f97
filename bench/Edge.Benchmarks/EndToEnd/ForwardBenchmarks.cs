using System.Buffers;
using System.IO.Pipelines;
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
/// </summary>
[MemoryDiagnoser]
public class ForwardBenchmarks
{
    private const string Toml = """
        [server]
        admin = "off"
        access_log = "off"
        [[listeners]]
        bind = "127.0.0.1:18080"
        [[upstreams]]
        name = "backend"
        endpoints = ["http://127.0.0.1:19001/api"]
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
    private static readonly byte[] DirectRequest = "GET /bench/v1/menu HTTP/1.1\r\nHost: api.example.com\r\nUser-Agent: bench\r\nAccept: */*\r\n\r\n"u8.ToArray();

    private InMemoryTransport _client = null!;
    private int _forwardResponseLength;
    private int _directResponseLength;

    [GlobalSetup]
    public void Setup()
    {
        var bytes = Encoding.UTF8.GetBytes(Toml);
        var loaded = ConfigLoader.LoadFromBytes(bytes, "bench.toml");
        var snapshot = SnapshotCompiler.Compile(loaded.Config ?? throw new InvalidOperationException(string.Join("\n", loaded.Diagnostics)),
            bytes, "bench.toml", 1, null, out _);
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
        var connection = new Http1ServerConnection(server, handler, new HttpServerOptions());
        _ = connection.ProcessAsync();
        _forwardResponseLength = MeasureResponse(ForwardRequest);
        _directResponseLength = MeasureResponse(DirectRequest);
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

    [Benchmark]
    public ValueTask DirectResponse() => RoundTripAsync(DirectRequest, _directResponseLength);

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
