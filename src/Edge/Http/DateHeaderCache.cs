using System.Buffers;
using System.Buffers.Text;

namespace Edge.Http;

/// <summary>
/// The current time as an RFC 9110 §5.6.7 IMF-fixdate (<c>Sun, 06 Nov 1994 08:49:37 GMT</c>), for the
/// <c>Date</c> header every origin response needs (§6.6.1). Regenerated at most once per second.
/// </summary>
/// <remarks>
/// Kestrel refreshes its date from a 1-second heartbeat timer; Edge checks lazily instead: a read costs
/// one clock read and a compare (no timer waking an idle process), and a new value is formatted only on
/// the first read in a new second. The formatted line lives in an immutable array published with one
/// reference write, so readers take no lock and can never see a half-written value; two threads racing
/// on a second boundary both format the same bytes and either array is fine. Cost: one 37-byte array and
/// one small object per second of traffic, nothing per request.
/// </remarks>
internal sealed class DateHeaderCache
{
    /// <summary>Length of an IMF-fixdate: always 29 bytes.</summary>
    public const int ValueLength = 29;

    private const int PrefixLength = 6; // "Date: "

    private readonly TimeProvider _timeProvider;
    private Snapshot _current;

    public DateHeaderCache(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _current = Format(timeProvider.GetUtcNow());
    }

    /// <summary>A cache over the system clock, shared by every listener.</summary>
    public static DateHeaderCache Shared { get; } = new(TimeProvider.System);

    /// <summary>The date value alone, e.g. <c>Sun, 06 Nov 1994 08:49:37 GMT</c> (29 bytes).</summary>
    public ReadOnlySpan<byte> Value => Current().Line.AsSpan(PrefixLength, ValueLength);

    /// <summary>The whole header line, <c>Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n</c>, ready to copy into a response head.</summary>
    public ReadOnlySpan<byte> HeaderLine => Current().Line;

    private Snapshot Current()
    {
        var snapshot = Volatile.Read(ref _current);
        var now = _timeProvider.GetUtcNow();
        // Compare whole seconds, not "has a second elapsed": the header must match the wall clock, so a
        // clock stepped backwards regenerates too.
        if (now.UtcTicks / TimeSpan.TicksPerSecond == snapshot.Second)
            return snapshot;
        snapshot = Format(now);
        Volatile.Write(ref _current, snapshot);
        return snapshot;
    }

    private static Snapshot Format(DateTimeOffset now)
    {
        var line = new byte[PrefixLength + ValueLength + 2];
        "Date: "u8.CopyTo(line);
        // 'R' is the RFC 1123 / IMF-fixdate form; Utf8Formatter is culture-free and writes UTC.
        var seconds = now.UtcTicks / TimeSpan.TicksPerSecond;
        var truncated = new DateTimeOffset(seconds * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        Utf8Formatter.TryFormat(truncated, line.AsSpan(PrefixLength), out _, new StandardFormat('R'));
        line[^2] = (byte)'\r';
        line[^1] = (byte)'\n';
        return new Snapshot(seconds, line);
    }

    /// <summary>An immutable (second, bytes) pair: published as one reference so both always agree.</summary>
    private sealed record Snapshot(long Second, byte[] Line);
}
