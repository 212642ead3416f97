using Edge.Http2.Frames;

namespace Edge.Http2.Flood;

/// <summary>
/// Times how long a send window has kept data from going out (SECURITY.md case 34: a peer that opens
/// streams, sets INITIAL_WINDOW_SIZE = 0 and never sends WINDOW_UPDATE pins our buffers forever;
/// CVE-2019-9511/-9517). One per stream plus one for the connection window. A mutable struct: keep it in
/// the stream's field.
/// <para>
/// The loop calls <see cref="OnBlocked"/> when it has data but the window is ≤ 0, <see cref="OnUnblocked"/>
/// when the window opens (or the data is gone), and <see cref="Check"/> from its timer tick.
/// </para>
/// </summary>
internal struct Http2StallTimer
{
    private long _since;
    private bool _stalled;

    public readonly bool IsStalled => _stalled;

    /// <summary>When the stall began (valid while <see cref="IsStalled"/>).</summary>
    public readonly long Since => _since;

    /// <summary>Data is waiting on a closed window; starts the clock unless it runs already.</summary>
    public void OnBlocked(long now)
    {
        if (!_stalled)
        {
            _stalled = true;
            _since = now;
        }
    }

    /// <summary>The window opened, or nothing waits any more.</summary>
    public void OnUnblocked() => _stalled = false;

    /// <summary>
    /// ENHANCE_YOUR_CALM once stalled for <paramref name="timeoutTicks"/>: a stream error on
    /// <paramref name="streamId"/> (reset it, free its buffers), or a connection error for the
    /// connection window (stream 0).
    /// </summary>
    public readonly Http2Error Check(long now, long timeoutTicks, int streamId) =>
        _stalled && now - _since >= timeoutTicks
            ? Http2Error.On(streamId, Http2ErrorCode.EnhanceYourCalm, Http2ErrorReason.ZeroWindowStall)
            : Http2Error.None;
}
