using System.Buffers;
using System.Threading.Channels;

namespace Edge.Observability;

/// <summary>
/// A non-blocking access log (DESIGN.md §2 Observability): the request path enqueues a struct into a
/// bounded queue and returns; one background task formats and writes lines in batches.
/// </summary>
/// <remarks>
/// <para><b>Bounded, drop-newest.</b> The queue holds at most <see cref="Capacity"/> entries. When the sink
/// cannot keep up (a slow disk, a stdout pipe nobody reads), new entries are dropped and counted in
/// <see cref="Dropped"/>; requests are never slowed down by logging. This is DropWrite semantics, built from
/// a <c>Wait</c>-mode channel that is only ever written with <c>TryWrite</c>: that never blocks, and unlike
/// <see cref="BoundedChannelFullMode.DropWrite"/> it tells the caller the entry was dropped.</para>
/// <para><b>Request-path cost.</b> One copy of method + path + request id + traceparent into a buffer rented from
/// <see cref="ArrayPool{T}.Shared"/> (returned by the writer), one uncontended channel lock, no strings.
/// Memory at most: capacity × ~150 B of queued structs (2.4 MB at the default) plus the rented buffers.</para>
/// <para><b>Batching.</b> Lines accumulate in one buffer; it is written when it passes
/// <see cref="BatchBytes"/> and written and flushed whenever the queue runs empty, so an idle log is
/// always on disk and a busy one costs one write per ~64 KiB.</para>
/// </remarks>
internal sealed class AccessLog : IAsyncDisposable
{
    /// <summary>Default queue capacity: about a second of peak traffic on one core (DESIGN.md §5).</summary>
    public const int DefaultCapacity = 16384;

    /// <summary>Longest path kept; matches the 8 KiB request-line limit (DESIGN.md §6).</summary>
    public const int MaxPathBytes = 8192;

    /// <summary>Longest method kept (methods are tokens; anything longer is garbage worth cutting).</summary>
    public const int MaxMethodBytes = 64;

    /// <summary>Longest request id kept (a UUID is 36; W3C trace ids 32).</summary>
    public const int MaxRequestIdBytes = 128;

    /// <summary>A traceparent as Edge writes it (version 00: 55 bytes); anything else is not logged.</summary>
    public const int MaxTraceParentBytes = 55;

    /// <summary>Batch size at which the writer stops accumulating and writes.</summary>
    public const int BatchBytes = 64 * 1024;

    private readonly Channel<PendingAccessLogEntry>? _channel;
    private readonly Stream? _output;
    private readonly bool _ownsOutput;
    private readonly AccessLogFormat _format;
    private readonly Task _writerTask;
    private long _dropped;
    private long _written;
    private long _failed;
    private int _disposed;

    /// <summary>Starts a log that writes to <paramref name="output"/> (a file, stdout, or a test stream).</summary>
    public AccessLog(Stream output, AccessLogFormat format = AccessLogFormat.Json, int capacity = DefaultCapacity, bool ownsOutput = true)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _output = output;
        _ownsOutput = ownsOutput;
        _format = format;
        Capacity = capacity;
        _channel = Channel.CreateBounded<PendingAccessLogEntry>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // never waited on: see the class remarks
            SingleReader = true,
            SingleWriter = false,
            // Never run the writer's continuation on a request thread.
            AllowSynchronousContinuations = false,
        });
        _writerTask = Task.Run(WriteLoopAsync);
    }

    private AccessLog()
    {
        _writerTask = Task.CompletedTask;
    }

    /// <summary>
    /// Opens the log named by <c>server.access_log</c>: "off", "stdout", or a file path (appended to,
    /// created if missing, shared for reading so <c>tail -f</c> works).
    /// </summary>
    public static AccessLog Open(string target, AccessLogFormat format = AccessLogFormat.Json, int capacity = DefaultCapacity)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        if (string.Equals(target, "off", StringComparison.Ordinal))
            return new AccessLog();
        if (string.Equals(target, "stdout", StringComparison.Ordinal))
            return new AccessLog(Console.OpenStandardOutput(), format, capacity, ownsOutput: false);
        var file = new FileStream(target, new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 0, // we batch ourselves; a second buffer would only copy
        });
        return new AccessLog(file, format, capacity, ownsOutput: true);
    }

    /// <summary>A log that discards everything ("off").</summary>
    public static AccessLog Disabled() => new();

    public bool IsEnabled => _channel is not null;

    public int Capacity { get; }

    /// <summary>Entries dropped because the queue was full or the log was disposed.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Lines written to the output.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Lines lost to output errors (disk full, stdout closed) or formatting errors.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>
    /// Queues an entry without blocking. Returns false when it was dropped (queue full or log disposed);
    /// a disabled log accepts and discards everything.
    /// </summary>
    public bool TryWrite(in AccessLogEntry entry)
    {
        var channel = _channel;
        if (channel is null)
            return true;

        var method = Cap(entry.Method.Span, MaxMethodBytes);
        var path = Cap(entry.Path.Span, MaxPathBytes);
        var requestId = Cap(entry.RequestId.Span, MaxRequestIdBytes);
        var traceParent = Cap(entry.TraceParent.Span, MaxTraceParentBytes);
        var flags = entry.Flags | (path.Length < entry.Path.Length ? AccessLogFlags.PathTruncated : AccessLogFlags.None);
        var total = method.Length + path.Length + requestId.Length + traceParent.Length;

        byte[]? buffer = null;
        var queued = entry;
        if (total > 0)
        {
            buffer = ArrayPool<byte>.Shared.Rent(total);
            method.CopyTo(buffer);
            path.CopyTo(buffer.AsSpan(method.Length));
            requestId.CopyTo(buffer.AsSpan(method.Length + path.Length));
            traceParent.CopyTo(buffer.AsSpan(method.Length + path.Length + requestId.Length));
            queued = entry with
            {
                Method = new ReadOnlyMemory<byte>(buffer, 0, method.Length),
                Path = new ReadOnlyMemory<byte>(buffer, method.Length, path.Length),
                RequestId = new ReadOnlyMemory<byte>(buffer, method.Length + path.Length, requestId.Length),
                TraceParent = new ReadOnlyMemory<byte>(buffer, method.Length + path.Length + requestId.Length, traceParent.Length),
                Flags = flags,
            };
        }

        if (channel.Writer.TryWrite(new PendingAccessLogEntry(queued, buffer)))
            return true;

        if (buffer is not null)
            ArrayPool<byte>.Shared.Return(buffer);
        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>Stops accepting entries, writes and flushes everything queued, then closes an owned output.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || _channel is null)
            return;
        _channel.Writer.TryComplete();
        await _writerTask.ConfigureAwait(false);
        if (_ownsOutput)
            await _output!.DisposeAsync().ConfigureAwait(false);
    }

    private static ReadOnlySpan<byte> Cap(ReadOnlySpan<byte> value, int max) => value.Length <= max ? value : value[..max];

    private async Task WriteLoopAsync()
    {
        var reader = _channel!.Reader;
        var batch = new ArrayBufferWriter<byte>(BatchBytes + 16 * 1024);
        var json = _format == AccessLogFormat.Json ? new AccessLogJsonFormatter(batch) : null;
        var lines = 0;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var pending))
            {
                var before = batch.WrittenCount;
                try
                {
                    if (json is not null)
                        json.Format(pending.Entry, batch);
                    else
                        AccessLogTextFormatter.Format(pending.Entry, batch);
                    lines++;
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
                {
                    // A formatter bug must not kill the log for good. The line may be half-written, so the
                    // batch is rewound to where it began (ArrayBufferWriter cannot un-advance: copy back).
                    Rewind(batch, before);
                    Interlocked.Increment(ref _failed);
                }
                finally
                {
                    if (pending.Buffer is not null)
                        ArrayPool<byte>.Shared.Return(pending.Buffer);
                }

                if (batch.WrittenCount >= BatchBytes)
                {
                    await WriteBatchAsync(batch, lines, flush: false).ConfigureAwait(false);
                    lines = 0;
                }
            }
            // The queue is empty: push out what we have so an idle log is complete on disk.
            await WriteBatchAsync(batch, lines, flush: true).ConfigureAwait(false);
            lines = 0;
        }
    }

    private async ValueTask WriteBatchAsync(ArrayBufferWriter<byte> batch, int lines, bool flush)
    {
        try
        {
            if (batch.WrittenCount > 0)
                await _output!.WriteAsync(batch.WrittenMemory).ConfigureAwait(false);
            if (flush)
                await _output!.FlushAsync().ConfigureAwait(false);
            Interlocked.Add(ref _written, lines);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or NotSupportedException or UnauthorizedAccessException)
        {
            // The sink is broken (disk full, stdout closed). Requests must keep flowing, so the batch is
            // counted as failed and dropped; the next batch tries again (a full disk may recover).
            Interlocked.Add(ref _failed, lines);
        }
        batch.ResetWrittenCount();
    }

    private static void Rewind(ArrayBufferWriter<byte> batch, int length)
    {
        if (batch.WrittenCount == length)
            return;
        var keep = batch.WrittenSpan[..length].ToArray(); // error path only
        batch.ResetWrittenCount();
        batch.Write(keep);
    }
}
