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
/// The HTTP/1.1 client → HTTP/2 upstream (h2c) proxy path in memory: the request is parsed, routed,
/// encoded as HEADERS on a stream of a pooled multiplexed upstream connection (HPACK under the
/// connection lock), the response HEADERS decoded, its DATA read through the stream's body pipe and
/// credited back to the upstream's windows, and the response written to the client. One operation =
/// one request and its full response. The target is 0 B allocated per request.
/// </summary>
[MemoryDiagnoser]
public class Http2ForwardBenchmarks
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
        protocol = "h2c"
        [[apis]]
        name = "bench"
        base_path = "/bench/v1"
        upstream = "backend"
          [[apis.resources]]
          path = "/items/{id}"
          methods = ["GET"]
        """;

    private static readonly byte[] ForwardRequest = "GET /bench/v1/items/42?x=1 HTTP/1.1\r\nHost: api.example.com\r\nUser-Agent: bench\r\nAccept: */*\r\n\r\n"u8.ToArray();

    private InMemoryTransport _client = null!;
    private int _responseLength;

    [GlobalSetup]
    public void Setup()
    {
        var bytes = Encoding.UTF8.GetBytes(Toml);
        var source = Path.Combine(Path.GetTempPath(), "bench-h2.toml");
        var loaded = ConfigLoader.LoadFromBytes(bytes, source);
        var snapshot = SnapshotCompiler.Compile(loaded.Config ?? throw new InvalidOperationException(string.Join("\n", loaded.Diagnostics)),
            bytes, source, 1, null, out var problems);
        if (problems.Count > 0) throw new InvalidOperationException(string.Join("\n", problems));
        foreach (var endpoint in snapshot.Clusters["backend"].Endpoints)
        {
            endpoint.Connector = ct =>
            {
                var (edgeSide, upstreamSide) = InMemoryTransport.CreatePair();
                _ = InMemoryH2Upstream.ServeAsync(upstreamSide);
                return ValueTask.FromResult<ITransport>(edgeSide);
            };
        }
        var handler = new GatewayHandler(new SnapshotHolder(snapshot), AccessLog.Disabled());
        var (client, server) = InMemoryTransport.CreatePair();
        _client = client;
        var connection = new Http1ServerConnection(server, handler, new HttpServerOptions());
        _ = connection.ProcessAsync();
        _responseLength = MeasureResponse(ForwardRequest);
    }

    private int MeasureResponse(byte[] request)
    {
        _client.Output.Write(request);
        _client.Output.FlushAsync().AsTask().GetAwaiter().GetResult();
        Thread.Sleep(300);
        if (!_client.Input.TryRead(out var result)) throw new InvalidOperationException("no response");
        var text = Encoding.ASCII.GetString(result.Buffer.ToArray());
        if (!text.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) || !text.EndsWith("Hello, World!", StringComparison.Ordinal)) throw new InvalidOperationException(text);
        var length = (int)result.Buffer.Length;
        _client.Input.AdvanceTo(result.Buffer.End);
        return length;
    }

    [Benchmark]
    public async ValueTask ForwardHttp1ToH2c()
    {
        var output = _client.Output;
        output.Write(ForwardRequest);
        await output.FlushAsync().ConfigureAwait(false);
        var input = _client.Input;
        var remaining = _responseLength;
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
