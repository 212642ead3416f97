using System.Buffers;
using BenchmarkDotNet.Attributes;
using Edge.Http;
using Edge.Http1;

namespace Edge.Benchmarks.Http1;

/// <summary>
/// HTTP/1.1 head parsing: a typical API request head (9 fields, 420 bytes) and an upstream response
/// head, through the strict parser; plus the server's real work per head (parse, copy the fields into
/// the exchange's pooled head buffer, decide the framing). Target: 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class Http1ParseBenchmarks
{
    private static readonly byte[] Request = """
        GET /coffeebar/v1/order/7?expand=items&currency=EUR HTTP/1.1
        Host: api.example.com
        User-Agent: curl/8.4.0
        Accept: application/json
        Accept-Encoding: gzip, deflate, br
        Authorization: Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl
        X-Request-Id: 4bf92f3577b34da6a3ce929d0e0e4736
        Cookie: session=abc123; theme=dark
        Content-Length: 0
        Connection: keep-alive


        """u8.ToArray().Where(b => b != (byte)'\r').SelectMany(b => b == (byte)'\n' ? "\r\n"u8.ToArray() : [b]).ToArray()[..^2];

    private static readonly byte[] Response = "HTTP/1.1 200 OK\r\nDate: Sun, 22 Nov 2026 10:00:00 GMT\r\nContent-Type: application/json\r\nContent-Length: 13\r\nCache-Control: no-cache\r\nX-Backend: pod-7\r\n\r\n"u8.ToArray();

    private readonly Http1Parser _parser = new(HttpParserLimits.Default);
    private readonly HttpRequestHead _head = new();
    private ReadOnlySequence<byte> _request;
    private ReadOnlySequence<byte> _response;

    [GlobalSetup]
    public void Setup()
    {
        _request = new ReadOnlySequence<byte>(Request);
        _response = new ReadOnlySequence<byte>(Response);
    }

    [Benchmark(Baseline = true)]
    public int ParseRequestHead()
    {
        _parser.Reset();
        var reader = new SequenceReader<byte>(_request);
        var handler = new CountingHandler();
        _parser.TryParseRequestHead(ref handler, ref reader);
        return handler.Fields;
    }

    [Benchmark]
    public long ParseRequestHeadIntoExchange()
    {
        _parser.Reset();
        var reader = new SequenceReader<byte>(_request);
        var handler = new ExchangeHandler(_head);
        _parser.TryParseRequestHead(ref handler, ref reader);
        var framing = handler.Framing.Complete();
        _head.MarkConnectionNominatedFields();
        var n = _head.HeaderCount + framing.ContentLength;
        _head.Release();
        return n;
    }

    [Benchmark]
    public int ParseResponseHead()
    {
        _parser.Reset();
        var reader = new SequenceReader<byte>(_response);
        var handler = new CountingHandler();
        _parser.TryParseResponseHead(ref handler, ref reader);
        return handler.Fields;
    }

    private struct CountingHandler : IHttp1HeadHandler
    {
        public int Fields;

        public void OnRequestLine(ReadOnlySpan<byte> method, KnownMethod knownMethod, ReadOnlySpan<byte> target, HttpVersion version) => Fields++;
        public void OnStatusLine(HttpVersion version, int status, ReadOnlySpan<byte> reason) => Fields++;
        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) => Fields++;
        public void OnHeadersComplete() { }
    }

    private struct ExchangeHandler : IHttp1HeadHandler
    {
        private readonly HttpRequestHead _head;
        public Http1MessageFraming Framing;

        public ExchangeHandler(HttpRequestHead head)
        {
            _head = head;
            Framing = default;
        }

        public void OnRequestLine(ReadOnlySpan<byte> method, KnownMethod knownMethod, ReadOnlySpan<byte> target, HttpVersion version)
        {
            _head.SetRequestLine(method, knownMethod, target, version);
            Framing.StartRequest(knownMethod, version);
        }

        public void OnStatusLine(HttpVersion version, int status, ReadOnlySpan<byte> reason) { }

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        {
            Framing.OnHeader(name, value);
            _head.AddHeader(name, value);
        }

        public void OnHeadersComplete() { }
    }
}
