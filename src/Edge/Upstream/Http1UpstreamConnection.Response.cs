using System.Runtime.CompilerServices;
using System.Buffers;
using System.IO.Pipelines;
using Edge.Http;
using Edge.Http1;

namespace Edge.Upstream;

internal sealed partial class Http1UpstreamConnection
{
    private readonly ResponseBody _body;
    private long _received;
    private long _bufferedAfterHead;

    /// <summary>The response body of the current exchange (valid after <see cref="ReadResponseHeadAsync"/>).</summary>
    public IHttpBodySource Body => _body;

    /// <summary>Bytes of the response received so far (0 means the upstream said nothing at all).</summary>
    public long ResponseBytesReceived => _received;

    internal void OnStatusLine(HttpVersion version, int status)
    {
        _head.Status = status;
        _head.Version = version;
        _framing.StartResponse(version, status, _requestMethod);
    }

    internal void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        _framing.OnHeader(name, value);
        _head.AddHeader(name, value);
    }

    /// <summary>
    /// Reads the final response head, skipping up to <see cref="MaxInterimResponses"/> 1xx heads.
    /// Throws <see cref="BadHttpMessageException"/> for a malformed head, <see cref="UpstreamTimeoutException"/>
    /// when it does not arrive within the response timeout, and IOException when the upstream closes first.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask ReadResponseHeadAsync(CancellationToken cancellationToken)
    {
        _received = 0;
        Arm(_options.ResponseTimeout);
        using var link = cancellationToken.UnsafeRegister(static s => ((Http1UpstreamConnection)s!).Abort(), this);
        try
        {
            for (var interim = 0; ; interim++)
            {
                if (interim > MaxInterimResponses) BadHttpMessageException.Throw(RejectReason.InvalidStatusLine);
                _head.Release();
                _parser.Reset();
                await ReadOneHeadAsync().ConfigureAwait(false);
                _responseFraming = _framing.Complete();
                if (!_responseFraming.Interim) break;
            }
            if (HasBytesBeyondBody(_responseFraming, _bufferedAfterHead)) BadHttpMessageException.Throw(RejectReason.InvalidContentLength);
        }
        catch (OperationCanceledException) when (_timer.IsCancellationRequested)
        {
            _broken = true;
            throw new UpstreamTimeoutException();
        }
        catch
        {
            _broken = true;
            throw;
        }
        Disarm();
        _head.MarkConnectionNominatedFields();
        _body.Start(_responseFraming, _parser.HeadBytesRemaining);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReadOneHeadAsync()
    {
        var input = Input;
        while (true)
        {
            var result = await input.ReadAsync(_timer.Token).ConfigureAwait(false);
            var buffer = result.Buffer;
            var done = TryParse(buffer, out var consumed);
            var headPart = buffer.Slice(0, consumed).Length;
            _received += headPart;
            if (done)
            {
                _bufferedAfterHead = buffer.Length - headPart;
                input.AdvanceTo(consumed);
                return;
            }
            input.AdvanceTo(consumed, buffer.End);
            if (result.IsCompleted)
            {
                if (buffer.IsEmpty && _received == 0) throw new IOException("upstream closed the connection before responding");
                BadHttpMessageException.Throw(RejectReason.InvalidStatusLine); // truncated head
            }
        }
    }

    /// <summary>
    /// True when more bytes arrived right behind the final head than its framing allows: a body longer
    /// than its Content-Length, or any byte after a head that has no body. An upstream never speaks
    /// unasked (Edge does not pipeline upstream), so such bytes are a second, smuggled response; the whole
    /// response is refused with 502 (SECURITY.md case 61: "bytes beyond CL"). Bytes that arrive later are
    /// caught when the connection is returned (<see cref="IsReusable"/>). A tunnel (101) carries the
    /// other protocol's bytes; chunked and read-until-close bodies are checked as they are read.
    /// </summary>
    private static bool HasBytesBeyondBody(in Http1Framing framing, long buffered) => framing.Body switch
    {
        _ when framing.Tunnel => false,
        Http1BodyKind.ContentLength => buffered > framing.ContentLength,
        Http1BodyKind.None => buffered > 0,
        _ => false,
    };

    private bool TryParse(ReadOnlySequence<byte> buffer, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        var handler = new Http1UpstreamHeadHandler(this);
        var done = _parser.TryParseResponseHead(ref handler, ref reader);
        consumed = reader.Position;
        return done;
    }

    /// <summary>
    /// The upstream's response body read from the connection in place: counted, de-chunked, or until
    /// close. Each read waits at most the body idle timeout (SECURITY.md case 62); bytes beyond the
    /// framing make the connection unusable (case 61: "bytes beyond CL").
    /// </summary>
    private sealed class ResponseBody : IHttpBodySource
    {
        private readonly Http1UpstreamConnection _c;
        private Http1BodyKind _kind;
        private long _remaining;
        private bool _holding;
        private SequencePosition _consumeTo;
        private long _pending;

        public ResponseBody(Http1UpstreamConnection connection) => _c = connection;

        public long ContentLength { get; private set; }
        public bool IsComplete { get; private set; }

        public long BytesRead { get; private set; }

        public void Start(Http1Framing framing, int trailerBudget)
        {
            _kind = framing.Body;
            _remaining = framing.ContentLength;
            ContentLength = framing.Body switch
            {
                Http1BodyKind.ContentLength => framing.ContentLength,
                Http1BodyKind.None => 0,
                _ => -1,
            };
            BytesRead = 0;
            IsComplete = framing.Body == Http1BodyKind.None || (framing.Body == Http1BodyKind.ContentLength && framing.ContentLength == 0);
            _holding = false;
            if (framing.Body == Http1BodyKind.Chunked) _c._chunked.Reset(long.MaxValue, trailerBudget);
        }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        public async ValueTask<BodyChunk> ReadAsync(CancellationToken cancellationToken)
        {
            if (IsComplete) return new BodyChunk(default, IsEnd: true);
            var input = _c.Input;
            while (true)
            {
                ReadResult result;
                _c.Arm(_c._options.BodyIdleTimeout);
                try
                {
                    result = await input.ReadAsync(_c._timer.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_c._timer.IsCancellationRequested)
                {
                    _c._broken = true;
                    throw new UpstreamTimeoutException();
                }
                _c.Disarm();
                var buffer = result.Buffer;
                switch (_kind)
                {
                    case Http1BodyKind.ContentLength:
                        if (buffer.IsEmpty)
                        {
                            input.AdvanceTo(buffer.Start);
                            if (result.IsCompleted) throw new IOException("upstream closed the connection before the whole body was sent");
                            continue;
                        }
                        return Hold(buffer.Slice(0, Math.Min(_remaining, buffer.Length)));
                    case Http1BodyKind.UntilClose:
                        if (buffer.IsEmpty && result.IsCompleted)
                        {
                            input.AdvanceTo(buffer.End);
                            IsComplete = true;
                            return new BodyChunk(default, IsEnd: true);
                        }
                        if (buffer.IsEmpty)
                        {
                            input.AdvanceTo(buffer.Start);
                            continue;
                        }
                        return Hold(buffer);
                    default:
                        var status = Decode(buffer, out var data, out var position);
                        if (status == ChunkedDecodeStatus.Data)
                        {
                            _holding = true;
                            _consumeTo = position;
                            _pending = data.Length;
                            return new BodyChunk(data, IsEnd: false);
                        }
                        if (status == ChunkedDecodeStatus.Complete)
                        {
                            input.AdvanceTo(position);
                            IsComplete = true;
                            return new BodyChunk(default, IsEnd: true);
                        }
                        input.AdvanceTo(position, buffer.End);
                        if (result.IsCompleted) throw new IOException("upstream closed the connection inside a chunked body");
                        continue;
                }
            }
        }

        private BodyChunk Hold(ReadOnlySequence<byte> data)
        {
            _holding = true;
            _consumeTo = data.End;
            _pending = data.Length;
            return new BodyChunk(data, IsEnd: false);
        }

        private ChunkedDecodeStatus Decode(ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> data, out SequencePosition position)
        {
            var reader = new SequenceReader<byte>(buffer);
            var status = _c._chunked.Decode(ref reader, out data);
            position = reader.Position;
            return status;
        }

        public void LimitTo(long maxBytes)
        {
            // Response bodies are streamed through, never capped.
        }

        public void Consume()
        {
            if (!_holding) return;
            _holding = false;
            _c.Input.AdvanceTo(_consumeTo);
            BytesRead += _pending;
            if (_kind == Http1BodyKind.ContentLength)
            {
                _remaining -= _pending;
                if (_remaining == 0) IsComplete = true;
            }
        }
    }
}

/// <summary>The upstream did not answer (or send body bytes) in time.</summary>
internal sealed class UpstreamTimeoutException : TimeoutException
{
    public UpstreamTimeoutException() : base("upstream did not respond in time")
    {
    }
}
