using System.Buffers;
using Edge.Http2.Frames;

namespace Edge.Http2.Settings;

/// <summary>
/// The settings we announce, and whether the peer has acknowledged them. "A SETTINGS frame is
/// acknowledged ... the sender can rely on the values" only after the ACK (§6.5.3), so limits that would
/// break a peer still using the defaults (a smaller HPACK table) apply from <see cref="OnAck"/>; limits
/// that only refuse work (concurrent streams) apply from the start. Unacknowledged past the timeout →
/// connection error SETTINGS_TIMEOUT (§6.5.3; SECURITY.md case 21: 10 s).
/// </summary>
internal sealed class Http2LocalSettings
{
    private readonly long _ackTimeoutTicks;
    private int _pending;
    private long _oldestPendingSentAt;
    private long _lastSentAt;

    public Http2LocalSettings(Http2Settings announced, TimeSpan ackTimeout, long timestampFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ackTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timestampFrequency);
        Announced = announced;
        _ackTimeoutTicks = (long)(ackTimeout.TotalSeconds * timestampFrequency);
    }

    /// <summary>What we send; the peer must respect it once it has acknowledged.</summary>
    public Http2Settings Announced { get; }

    /// <summary>What the peer has acknowledged: the RFC defaults until the first ACK.</summary>
    public Http2Settings Acknowledged { get; private set; } = Http2Settings.Default;

    /// <summary>SETTINGS frames sent and not yet acknowledged.</summary>
    public int PendingAcks => _pending;

    /// <summary>Writes our SETTINGS frame (after the preface as a client, first frame as a server, §3.4) and starts the ACK timer.</summary>
    public void Write(IBufferWriter<byte> output, long now)
    {
        Span<Http2Setting> entries = stackalloc Http2Setting[Http2Settings.MaxAnnouncedEntries];
        int count = Announced.CopyAnnouncedTo(entries);
        Http2FrameWriter.WriteSettings(output, entries.Slice(0, count));
        if (_pending++ == 0)
        {
            _oldestPendingSentAt = now;
        }

        _lastSentAt = now;
    }

    /// <summary>
    /// The peer acknowledged our oldest outstanding SETTINGS (ACKs come in order, §6.5.3). Returns false
    /// for an ACK we never asked for, which is ignored: the RFC gives it no meaning and no error.
    /// </summary>
    public bool OnAck()
    {
        if (_pending == 0)
        {
            return false;
        }

        // We only send one SETTINGS per connection today; with more in flight the next one's send time
        // is not kept, and the timer conservatively restarts from the last send.
        if (--_pending > 0)
        {
            _oldestPendingSentAt = _lastSentAt;
        }

        Acknowledged = Announced;
        return true;
    }

    /// <summary>SETTINGS_TIMEOUT when our oldest SETTINGS has waited longer than the timeout (§6.5.3).</summary>
    public Http2Error CheckAckTimeout(long now) =>
        _pending > 0 && now - _oldestPendingSentAt >= _ackTimeoutTicks
            ? Http2Error.Connection(Http2ErrorCode.SettingsTimeout, Http2ErrorReason.SettingsAckTimeout)
            : Http2Error.None;
}
