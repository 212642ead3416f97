using Edge.Http2.Flood;
using Edge.Http2.Frames;

namespace Edge.Http2.Server;

/// <summary>
/// What the HTTP/2 server connections of one Edge did, as counters (STYLE.md §5 #17: protocol layers report
/// through counters that Observability reads; metrics come later, tests read them now). Thread-safe.
/// </summary>
internal sealed class Http2ServerStats
{
    private long _connections;
    private long _streams;
    private long _refusedStreams;
    private long _malformedRequests;
    private readonly long[] _floods = new long[(int)FloodKind.ZeroWindowStall + 1];
    private readonly long[] _goAways = new long[(int)Http2ErrorCode.Http11Required + 1];

    /// <summary>HTTP/2 connections served (after the preface).</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Streams handed to the gateway core (or answered 400/431 by the protocol layer).</summary>
    public long Streams => Interlocked.Read(ref _streams);

    /// <summary>Streams refused with REFUSED_STREAM (over SETTINGS_MAX_CONCURRENT_STREAMS, or after GOAWAY).</summary>
    public long RefusedStreams => Interlocked.Read(ref _refusedStreams);

    /// <summary>Malformed requests reset with PROTOCOL_ERROR (RFC 9113 §8.1.1).</summary>
    public long MalformedRequests => Interlocked.Read(ref _malformedRequests);

    /// <summary>Connections closed because of this flood (GOAWAY(ENHANCE_YOUR_CALM), or a stalled-window reset).</summary>
    public long Floods(FloodKind kind) => Interlocked.Read(ref _floods[(int)kind]);

    /// <summary>GOAWAY frames sent with this error code (graceful ones count under NO_ERROR).</summary>
    public long GoAways(Http2ErrorCode code) => (int)code < _goAways.Length ? Interlocked.Read(ref _goAways[(int)code]) : 0;

    internal void OnConnection() => Interlocked.Increment(ref _connections);
    internal void OnStream() => Interlocked.Increment(ref _streams);
    internal void OnRefused() => Interlocked.Increment(ref _refusedStreams);
    internal void OnMalformed() => Interlocked.Increment(ref _malformedRequests);
    internal void OnFlood(FloodKind kind) => Interlocked.Increment(ref _floods[(int)kind]);

    internal void OnGoAway(Http2ErrorCode code)
    {
        if ((int)code < _goAways.Length) Interlocked.Increment(ref _goAways[(int)code]);
    }
}
