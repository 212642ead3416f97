using Edge.Http2.Frames;

namespace Edge.Http2.FlowControl;

/// <summary>
/// The window we give the peer on a stream or on the connection (RFC 9113 §6.9), and when to reopen it.
/// <para>
/// <b>Accounting.</b> <see cref="OnData"/> takes each DATA frame's whole payload (padding included,
/// §6.9.1) from <see cref="Available"/>; more than that is FLOW_CONTROL_ERROR. Bytes are returned to
/// the peer only as they are consumed (the request body reader handed them on), so <see cref="Size"/>
/// bounds what one stream, or the whole connection, can make us buffer (SECURITY.md case 34: 64 KiB per
/// stream, 1 MiB per connection).
/// </para>
/// <para>
/// <b>WINDOW_UPDATE policy.</b> Consumed bytes accumulate in <see cref="Unannounced"/> and go back in one
/// WINDOW_UPDATE once they reach half the window (Kestrel's InputFlowControl does the same): one update
/// per half window rather than per read keeps the frame count low, and a peer sending at full speed still
/// has half a window in hand when the update arrives. Padding is "consumed" at once by the loop.
/// </para>
/// A mutable struct: keep it in the stream's (or connection's) field.
/// </summary>
internal struct Http2ReceiveWindow
{
    private int _size;
    private int _available;
    private int _unannounced;

    /// <param name="size">The window the peer starts with: our announced SETTINGS_INITIAL_WINDOW_SIZE for a
    /// stream; 65,535 for the connection (raise it with <see cref="Resize"/>).</param>
    public Http2ReceiveWindow(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        _size = size;
        _available = size;
    }

    /// <summary>The window we keep open for the peer.</summary>
    public readonly int Size => _size;

    /// <summary>Bytes the peer may still send before it must wait for a WINDOW_UPDATE.</summary>
    public readonly int Available => _available;

    /// <summary>Bytes consumed and not yet returned to the peer.</summary>
    public readonly int Unannounced => _unannounced;

    /// <summary>
    /// A DATA frame of <paramref name="flowControlledLength"/> octets arrived. More than <see cref="Available"/>
    /// → FLOW_CONTROL_ERROR, a stream error on a stream and a connection error for stream 0 (§6.9.1: "a
    /// sender MUST NOT send a flow-controlled frame with a length that exceeds the space available").
    /// </summary>
    public Http2Error OnData(int flowControlledLength, int streamId)
    {
        if (flowControlledLength > _available)
        {
            return Http2Error.On(streamId, Http2ErrorCode.FlowControlError, Http2ErrorReason.FlowControlWindowExceeded);
        }

        _available -= flowControlledLength;
        return Http2Error.None;
    }

    /// <summary>
    /// <paramref name="bytes"/> left our buffers (read by the application, or padding, or DATA for a stream
    /// that is gone). Returns true with the <paramref name="increment"/> to send in a WINDOW_UPDATE once
    /// half the window is owed back; false while less is.
    /// </summary>
    public bool OnConsumed(int bytes, out int increment)
    {
        _unannounced += bytes;
        if (_unannounced > 0 && _unannounced >= _size / 2)
        {
            increment = _unannounced;
            _available += increment;
            _unannounced = 0;
            return true;
        }

        increment = 0;
        return false;
    }

    /// <summary>
    /// Changes the window we keep open. Growing returns the increment to announce now (the connection
    /// window goes from 65,535 to its configured size this way, right after our SETTINGS, since SETTINGS
    /// cannot change it, §6.9.2). Shrinking only lowers future updates (a window cannot be taken back) and returns 0.
    /// </summary>
    public int Resize(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        int increment = Math.Max(0, size - _size);
        _size = size;
        _available += increment;
        return increment;
    }
}
