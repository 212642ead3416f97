using System.Runtime.CompilerServices;
using System.Buffers;
using System.IO.Pipelines;
using Edge.Http;

namespace Edge.Http1;

/// <summary>
/// The request body of the current exchange on an HTTP/1 connection, read from the connection's input
/// pipe in place: Content-Length bodies are counted, chunked bodies decoded by <see cref="ChunkedDecoder"/>
/// (trailers dropped, never merged: RFC 9112 §7.1.2). <c>Expect: 100-continue</c> is answered on the
/// first read, so a request refused before its body is read never gets a 100 (SECURITY.md case 18).
/// Each read waits at most the body timeout for a byte (SECURITY.md case 38).
/// </summary>
internal sealed class Http1RequestBody : IHttpBodySource
{
    private static ReadOnlySpan<byte> Continue100 => "HTTP/1.1 100 Continue\r\n\r\n"u8;

    private readonly Http1ServerConnection _connection;
    private Http1BodyKind _kind;
    private long _remaining;
    private bool _expectContinue;
    private bool _ended;
    private bool _holding;
    private SequencePosition _consumeTo;
    private long _pendingLength;

    public Http1RequestBody(Http1ServerConnection connection) => _connection = connection;

    public long ContentLength { get; private set; }

    /// <summary>Total body bytes handed out so far.</summary>
    public long BytesRead { get; private set; }

    public bool IsComplete => _ended;

    /// <summary>True when the client was told to send the body (or did not ask to wait).</summary>
    public bool ContinueSent => !_expectContinue;

    public void Start(Http1Framing framing, bool expectContinue, int trailerBudget)
    {
        _kind = framing.Body;
        _remaining = framing.Body == Http1BodyKind.ContentLength ? framing.ContentLength : 0;
        ContentLength = framing.Body switch
        {
            Http1BodyKind.ContentLength => framing.ContentLength,
            Http1BodyKind.None => 0,
            _ => -1,
        };
        _ended = framing.Body == Http1BodyKind.None || (framing.Body == Http1BodyKind.ContentLength && framing.ContentLength == 0);
        _expectContinue = expectContinue && !_ended;
        _holding = false;
        BytesRead = 0;
        if (framing.Body == Http1BodyKind.Chunked)
            _connection.Chunked.Reset(_connection.Options.Limits.MaxRequestBodyBytes, trailerBudget);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<BodyChunk> ReadAsync(CancellationToken cancellationToken)
    {
        if (_holding) throw new InvalidOperationException("Consume() the previous chunk first");
        if (_ended) return new BodyChunk(default, IsEnd: true);
        if (_expectContinue)
        {
            _expectContinue = false;
            _connection.Output.Write(Continue100);
            await _connection.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        var input = _connection.Input;
        while (true)
        {
            var result = await ReadWithTimeoutAsync(input, cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (_kind == Http1BodyKind.ContentLength)
            {
                if (buffer.IsEmpty)
                {
                    input.AdvanceTo(buffer.Start);
                    if (result.IsCompleted) throw new IOException("client closed the connection before the whole body was sent");
                    continue;
                }
                var take = buffer.Slice(0, Math.Min(_remaining, buffer.Length));
                _holding = true;
                _consumeTo = take.End;
                _pendingLength = take.Length;
                return new BodyChunk(take, IsEnd: false);
            }

            var status = Decode(buffer, out var data, out var position);
            if (status == ChunkedDecodeStatus.Data)
            {
                _holding = true;
                _consumeTo = position;
                _pendingLength = data.Length;
                return new BodyChunk(data, IsEnd: false);
            }
            if (status == ChunkedDecodeStatus.Complete)
            {
                input.AdvanceTo(position);
                _ended = true;
                _connection.StartDisconnectWatch();
                return new BodyChunk(default, IsEnd: true);
            }
            input.AdvanceTo(position, buffer.End);
            if (result.IsCompleted) throw new IOException("client closed the connection inside a chunked body");
        }
    }

    private ChunkedDecodeStatus Decode(ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> data, out SequencePosition position)
    {
        var reader = new SequenceReader<byte>(buffer);
        var status = _connection.Chunked.Decode(ref reader, out data);
        position = reader.Position;
        return status;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> ReadWithTimeoutAsync(PipeReader input, CancellationToken cancellationToken)
    {
        _connection.Arm(_connection.Options.BodyTimeout);
        try
        {
            using var link = cancellationToken.CanBeCanceled
                ? cancellationToken.UnsafeRegister(static s => ((Http1ServerConnection)s!).AbortTransport(), _connection)
                : default;
            return await input.ReadAsync(_connection.TimerToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_connection.TimerFired)
        {
            throw new BodyTimeoutException();
        }
        finally
        {
            if (!_connection.TimerFired) _connection.Disarm();
        }
    }

    public void LimitTo(long maxBytes)
    {
        if (_kind == Http1BodyKind.Chunked) _connection.Chunked.SetMaxBodyBytes(maxBytes);
    }

    public void Consume()
    {
        if (!_holding) return;
        _holding = false;
        _connection.Input.AdvanceTo(_consumeTo);
        BytesRead += _pendingLength;
        if (_kind == Http1BodyKind.ContentLength)
        {
            _remaining -= _pendingLength;
            if (_remaining == 0)
            {
                _ended = true;
                _connection.StartDisconnectWatch();
            }
        }
    }

    /// <summary>
    /// After the response: reads and discards what is left of the body so the next pipelined request
    /// starts at the right byte. False when that would take more than <paramref name="maxBytes"/>, or
    /// the client was never told to send it (Expect: 100-continue without a 100): then the connection closes.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> DrainAsync(long maxBytes)
    {
        Consume();
        if (_ended) return true;
        if (_expectContinue) return false;
        if (_kind == Http1BodyKind.ContentLength && _remaining > maxBytes) return false;
        var drained = 0L;
        while (true)
        {
            var chunk = await ReadAsync(CancellationToken.None).ConfigureAwait(false);
            if (chunk.IsEnd) return true;
            drained += chunk.Data.Length;
            Consume();
            if (drained > maxBytes) return false;
        }
    }
}

/// <summary>No body byte arrived within the body timeout (SECURITY.md case 38).</summary>
internal sealed class BodyTimeoutException : OperationCanceledException
{
    public BodyTimeoutException() : base("request body stalled past the body timeout")
    {
    }
}
