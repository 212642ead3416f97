using System.Buffers;
using System.Text;
using Edge.Http;
using Edge.Http1;

namespace Edge.Tests.Http1;

/// <summary>
/// A miniature connection loop over parser + framing + chunked decoder, as the server and upstream
/// connections will run them: pipelined messages, bodies, tunnels, close. Input can be fed whole,
/// split into segments, or byte by byte (each call sees the unconsumed bytes plus the new ones).
/// </summary>
internal sealed class Http1TestDriver
{
    private readonly bool _isRequest;
    private readonly Http1Parser _parser;
    private readonly ChunkedDecoder _chunked;
    private readonly FramingBox _framing = new();
    private readonly HttpParserLimits _limits;
    private Phase _phase;
    private ParsedMessage _current = new();
    private long _contentRemaining;

    public Http1TestDriver(bool isRequest, HttpParserLimits? limits = null, bool allowMissingHost = false, KnownMethod requestMethod = KnownMethod.Get)
    {
        _isRequest = isRequest;
        _limits = limits ?? HttpParserLimits.Default;
        _parser = new Http1Parser(_limits);
        _chunked = new ChunkedDecoder(_limits);
        _framing.Value.AllowMissingHost = allowMissingHost;
        _framing.RequestMethod = requestMethod;
    }

    private enum Phase
    {
        Head,
        Body,
        Stopped,
    }

    public List<ParsedMessage> Messages { get; } = [];

    public RejectReason? Rejected { get; private set; }

    /// <summary>The connection switched protocols (CONNECT, Upgrade, 101); the rest is tunnel data.</summary>
    public bool Tunnel { get; private set; }

    /// <summary>A message without keep-alive completed; the connection stops reading.</summary>
    public bool Closed { get; private set; }

    /// <summary>Bytes arrived after a message that closes the connection (llhttp: "Data after Connection: close").</summary>
    public bool DataAfterClose { get; private set; }

    /// <summary>The message in progress (head may be partial).</summary>
    public ParsedMessage Current => _current;

    public static Http1TestDriver Run(byte[] input, bool isRequest, int[]? splits = null, bool allowMissingHost = false, KnownMethod requestMethod = KnownMethod.Get, HttpParserLimits? limits = null)
    {
        var driver = new Http1TestDriver(isRequest, limits, allowMissingHost, requestMethod);
        driver.Process(SegmentedSequence.Create(input, splits ?? []));
        return driver;
    }

    /// <summary>Feeds the input growing one byte at a time, like a trickling socket.</summary>
    public static Http1TestDriver RunByteByByte(byte[] input, bool isRequest, bool allowMissingHost = false, KnownMethod requestMethod = KnownMethod.Get)
    {
        var driver = new Http1TestDriver(isRequest, null, allowMissingHost, requestMethod);
        int consumed = 0;
        for (int available = 1; available <= input.Length && driver.Rejected is null && !driver.Tunnel; available++)
        {
            var chunk = input.AsSpan(consumed, available - consumed);
            int split = chunk.Length > 1 ? chunk.Length - 1 : 0;
            consumed += (int)driver.Process(split > 0 ? SegmentedSequence.Create(chunk, split) : SegmentedSequence.Create(chunk));
        }

        return driver;
    }

    /// <summary>Was the input refused (malformed, or more data on a closing connection)?</summary>
    public bool Refused => Rejected is not null || DataAfterClose;

    /// <summary>Processes what can be processed; returns the bytes consumed.</summary>
    public long Process(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        try
        {
            Loop(ref reader);
        }
        catch (BadHttpMessageException e)
        {
            Rejected = e.Reason;
            _phase = Phase.Stopped;
        }

        if (Closed && !reader.End)
        {
            DataAfterClose = true;
        }

        return reader.Consumed;
    }

    public string Describe()
    {
        var sb = new StringBuilder();
        foreach (var m in Messages)
        {
            sb.AppendLine(m.ToString());
        }

        sb.Append("current: ").AppendLine(_current.ToString());
        sb.Append("rejected=").Append(Rejected).Append(" tunnel=").Append(Tunnel).Append(" closed=").Append(Closed)
            .Append(" dataAfterClose=").Append(DataAfterClose);
        return sb.ToString();
    }

    private void Loop(ref SequenceReader<byte> reader)
    {
        while (_phase != Phase.Stopped)
        {
            if (_phase == Phase.Head)
            {
                if (reader.End || !TakeHead(ref reader))
                {
                    return;
                }
            }
            else if (!TakeBody(ref reader))
            {
                return;
            }
        }
    }

    private bool TakeHead(ref SequenceReader<byte> reader)
    {
        var handler = new CollectingHandler(_current, _framing);
        bool done = _isRequest
            ? _parser.TryParseRequestHead(ref handler, ref reader)
            : _parser.TryParseResponseHead(ref handler, ref reader);
        if (!done)
        {
            return false;
        }

        Http1Framing framing = _framing.Value.Complete(_isRequest ? _limits.MaxRequestBodyBytes : long.MaxValue);
        _current.Framing = framing;
        switch (framing.Body)
        {
            case Http1BodyKind.None:
                FinishMessage();
                break;
            case Http1BodyKind.ContentLength:
                _contentRemaining = framing.ContentLength;
                _phase = Phase.Body;
                if (_contentRemaining == 0)
                {
                    FinishMessage();
                }

                break;
            case Http1BodyKind.Chunked:
                _chunked.Reset(_isRequest ? _limits.MaxRequestBodyBytes : long.MaxValue, _parser.HeadBytesRemaining);
                _phase = Phase.Body;
                break;
            default:
                _phase = Phase.Body;
                break;
        }

        return true;
    }

    private bool TakeBody(ref SequenceReader<byte> reader)
    {
        switch (_current.Framing.Body)
        {
            case Http1BodyKind.ContentLength:
            {
                long take = Math.Min(_contentRemaining, reader.Remaining);
                _current.Body.AddRange(reader.UnreadSequence.Slice(0, take).ToArray());
                reader.Advance(take);
                _contentRemaining -= take;
                if (_contentRemaining > 0)
                {
                    return false;
                }

                FinishMessage();
                return true;
            }

            case Http1BodyKind.Chunked:
                while (true)
                {
                    ChunkedDecodeStatus status = _chunked.Decode(ref reader, out ReadOnlySequence<byte> data);
                    if (status == ChunkedDecodeStatus.Data)
                    {
                        _current.Body.AddRange(data.ToArray());
                        continue;
                    }

                    if (status == ChunkedDecodeStatus.NeedMoreData)
                    {
                        return false;
                    }

                    FinishMessage();
                    return true;
                }

            default:
                // Until close: never completes here (the driver does not model EOF).
                _current.Body.AddRange(reader.UnreadSequence.ToArray());
                reader.Advance(reader.Remaining);
                return false;
        }
    }

    private void FinishMessage()
    {
        Http1Framing framing = _current.Framing;
        _current.Complete = true;
        Messages.Add(_current);
        _current = new ParsedMessage();
        _parser.Reset();
        _phase = Phase.Head;
        if (framing.Tunnel || framing.UpgradeRequested)
        {
            Tunnel = true;
            _phase = Phase.Stopped;
        }
        else if (!framing.KeepAlive)
        {
            Closed = true;
            _phase = Phase.Stopped;
        }
    }
}
