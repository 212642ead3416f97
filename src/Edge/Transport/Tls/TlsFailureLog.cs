using System.Diagnostics;

namespace Edge.Transport.Tls;

/// <summary>
/// Operational log lines for failed TLS handshakes, both directions, rate-limited: a scanner or a
/// misconfigured client fleet can fail thousands of handshakes a second, and each would otherwise be a
/// line (and a write) of its own. At most <see cref="Burst"/> lines per <see cref="Window"/>; the rest
/// are counted and the count is reported with the next line that gets through. Off the request path
/// (failures only), so a lock is fine.
/// </summary>
internal sealed class TlsFailureLog
{
    public const int Burst = 10;
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private readonly TextWriter _writer;
    private readonly Lock _lock = new();
    private long _windowStart = long.MinValue;
    private int _inWindow;
    private long _suppressed;

    public TlsFailureLog(TextWriter writer) => _writer = writer;

    /// <summary>Lines dropped by the rate limit so far.</summary>
    public long Suppressed => Interlocked.Read(ref _suppressed);

    public void Write(string line)
    {
        long dropped;
        lock (_lock)
        {
            var now = Stopwatch.GetTimestamp();
            if (_windowStart == long.MinValue || Stopwatch.GetElapsedTime(_windowStart, now) >= Window)
            {
                _windowStart = now;
                _inWindow = 0;
            }
            if (++_inWindow > Burst)
            {
                _suppressed++;
                return;
            }
            dropped = _suppressed;
            _suppressed = 0;
        }
        _writer.WriteLine(dropped == 0 ? line : $"{line} ({dropped} more TLS failures not logged)");
    }
}
