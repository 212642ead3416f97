using System.Runtime.CompilerServices;
using System.Buffers;
using System.IO.Pipelines;
using Edge.Http;

namespace Edge.Http1;

internal sealed partial class Http1ServerConnection
{
    private enum HeadReadResult : byte
    {
        Complete,
        ClientClosed,
        IdleTimeout,
    }

    /// <summary>
    /// Reads and parses the next request head. Two timers: while no byte of the request has arrived the
    /// idle keep-alive timer runs (expiry: silent close, SECURITY.md case 40); from the first byte — an
    /// empty line counts — an absolute header deadline runs (expiry: 408 and close, case 37), never
    /// restarted by more bytes, so a slowloris trickle cannot keep it alive.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<HeadReadResult> ReadHeadAsync()
    {
        var input = Input;
        var started = false;
        Arm(_options.IdleTimeout);
        Volatile.Write(ref _waitingForRequest, true);
        // A drain that began before we started waiting must still close this idle connection.
        if (_lifetime?.IsDraining == true) return HeadReadResult.IdleTimeout;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(_timer.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_timer.IsCancellationRequested)
            {
                if (!started) return HeadReadResult.IdleTimeout;
                throw new HeaderTimeoutException();
            }
            var buffer = result.Buffer;
            if (!started && !buffer.IsEmpty)
            {
                started = true;
                _exchange.StartTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
                Volatile.Write(ref _waitingForRequest, false);
                Arm(_options.HeaderTimeout);
            }
            if (TryParseHead(buffer, out var consumed))
            {
                input.AdvanceTo(consumed);
                Disarm();
                return HeadReadResult.Complete;
            }
            input.AdvanceTo(consumed, buffer.End);
            if (result.IsCompleted)
            {
                // FIN between requests is the normal end of keep-alive; FIN inside a head leaves
                // nothing to answer (nginx and HAProxy close silently too).
                Disarm();
                return HeadReadResult.ClientClosed;
            }
        }
    }

    private bool TryParseHead(ReadOnlySequence<byte> buffer, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        var handler = new Http1ServerHeadHandler(this);
        var done = _parser.TryParseRequestHead(ref handler, ref reader);
        consumed = reader.Position;
        return done;
    }

    private bool _waitingForRequest;

    /// <summary>
    /// Graceful drain (SIGTERM): an idle keep-alive connection closes now; one inside a request finishes
    /// it, answers with Connection: close, and closes (SECURITY.md case 67).
    /// </summary>
    public void RequestDrain()
    {
        if (Volatile.Read(ref _waitingForRequest))
        {
            try
            {
                _timer.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The connection has just ended by itself.
            }
        }
    }

    internal void Arm(TimeSpan timeout) => _timer.CancelAfter(timeout);

    internal void Disarm() => _timer.CancelAfter(Timeout.InfiniteTimeSpan);

    /// <summary>The connection's one timer token (header, body and send timers take turns; they never overlap).</summary>
    internal CancellationToken TimerToken => _timer.Token;

    internal bool TimerFired => _timer.IsCancellationRequested;
}

/// <summary>The absolute header deadline passed (SECURITY.md case 37).</summary>
internal sealed class HeaderTimeoutException : Exception
{
    public HeaderTimeoutException() : base("request head not received within the header timeout")
    {
    }
}
