using BenchmarkDotNet.Attributes;
using Edge.Http2.Hpack;

namespace Edge.Benchmarks.Http2;

/// <summary>
/// HPACK on a typical API request (10 fields, the same request as Http1ParseBenchmarks): decoding the
/// first block of a connection (literals, Huffman, inserts that evict in steady state) and a later one
/// (warm dynamic table: mostly one-byte indexes, never-indexed credentials still literal), and encoding
/// the request into a warm table. One operation is one whole header block. Target: 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class HpackBenchmarks
{
    private static readonly (byte[] Name, byte[] Value)[] Request =
    [
        (":method"u8.ToArray(), "GET"u8.ToArray()),
        (":scheme"u8.ToArray(), "https"u8.ToArray()),
        (":authority"u8.ToArray(), "api.example.com"u8.ToArray()),
        (":path"u8.ToArray(), "/coffeebar/v1/order/7?expand=items&currency=EUR"u8.ToArray()),
        ("user-agent"u8.ToArray(), "curl/8.4.0"u8.ToArray()),
        ("accept"u8.ToArray(), "application/json"u8.ToArray()),
        ("accept-encoding"u8.ToArray(), "gzip, deflate, br"u8.ToArray()),
        ("authorization"u8.ToArray(), "Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl"u8.ToArray()),
        ("x-request-id"u8.ToArray(), "4bf92f3577b34da6a3ce929d0e0e4736"u8.ToArray()),
        ("cookie"u8.ToArray(), "session=abc123; theme=dark"u8.ToArray()),
    ];

    private readonly byte[] _output = new byte[4096];
    private HpackEncoder _encoder = null!;
    private HpackDecoder _coldDecoder = null!;
    private HpackDecoder _warmDecoder = null!;
    private byte[] _firstBlock = [];
    private byte[] _warmBlock = [];

    [GlobalSetup]
    public void Setup()
    {
        var encoder = new HpackEncoder();
        _firstBlock = Encode(encoder);
        _warmBlock = Encode(encoder);
        _coldDecoder = new HpackDecoder();
        _warmDecoder = new HpackDecoder();
        var handler = new CountingHandler();
        _warmDecoder.Decode(_firstBlock, ref handler);
        _encoder = new HpackEncoder();
        Encode(_encoder);
    }

    /// <summary>First block of a connection: Huffman literals and inserts. Re-decoding it on one decoder
    /// is steady state: each pass evicts the previous pass's entries.</summary>
    [Benchmark]
    public int DecodeFirstRequest()
    {
        var handler = new CountingHandler();
        _coldDecoder.Decode(_firstBlock, ref handler);
        return handler.Count;
    }

    /// <summary>A later block on a warm connection: only indexes and the literals that are never indexed.</summary>
    [Benchmark(Baseline = true)]
    public int DecodeWarmRequest()
    {
        var handler = new CountingHandler();
        _warmDecoder.Decode(_warmBlock, ref handler);
        return handler.Count;
    }

    [Benchmark]
    public int EncodeWarmRequest()
    {
        Span<byte> output = _output;
        var written = _encoder.BeginHeaderBlock(output);
        foreach (var (name, value) in Request)
            written += _encoder.EncodeHeader(name, value, HpackFlags.None, output[written..]);
        return written;
    }

    private static byte[] Encode(HpackEncoder encoder)
    {
        var output = new byte[4096];
        var written = encoder.BeginHeaderBlock(output);
        foreach (var (name, value) in Request)
            written += encoder.EncodeHeader(name, value, HpackFlags.None, output.AsSpan(written));
        return output[..written];
    }

    private struct CountingHandler : IHpackHeaderHandler
    {
        public int Count;

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HpackFlags flags) => Count += name.Length + value.Length;
    }
}
